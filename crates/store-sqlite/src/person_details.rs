//! The `person details` capability on SQLite (issue 3).

use async_trait::async_trait;
use journey_store::PersonDetails;

use crate::SqliteStore;

#[async_trait]
impl PersonDetails for SqliteStore {}
