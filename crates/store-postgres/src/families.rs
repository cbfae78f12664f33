//! The `families` capability on PostgreSQL (issue 3).

use async_trait::async_trait;
use journey_store::Families;

use crate::PostgresStore;

#[async_trait]
impl Families for PostgresStore {}
