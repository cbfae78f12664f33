//! The `case notes` capability on PostgreSQL (issue 3).

use async_trait::async_trait;
use journey_store::CaseNotes;

use crate::PostgresStore;

#[async_trait]
impl CaseNotes for PostgresStore {}
