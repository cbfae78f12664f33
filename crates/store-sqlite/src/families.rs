//! The `families` capability on SQLite (issue 3).

use async_trait::async_trait;
use journey_store::Families;

use crate::SqliteStore;

#[async_trait]
impl Families for SqliteStore {}
