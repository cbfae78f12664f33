//! The `person details` capability on PostgreSQL (issue 3).

use async_trait::async_trait;
use journey_store::PersonDetails;

use crate::PostgresStore;

#[async_trait]
impl PersonDetails for PostgresStore {}
