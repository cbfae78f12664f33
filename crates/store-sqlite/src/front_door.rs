//! The `front door` capability on SQLite (issue 3).

use async_trait::async_trait;
use journey_store::FrontDoor;

use crate::SqliteStore;

#[async_trait]
impl FrontDoor for SqliteStore {}
