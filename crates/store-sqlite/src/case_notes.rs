//! The `case notes` capability on SQLite (issue 3).

use async_trait::async_trait;
use journey_store::CaseNotes;

use crate::SqliteStore;

#[async_trait]
impl CaseNotes for SqliteStore {}
