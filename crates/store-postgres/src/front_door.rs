//! The `front door` capability on PostgreSQL (issue 3).

use async_trait::async_trait;
use journey_store::FrontDoor;

use crate::PostgresStore;

#[async_trait]
impl FrontDoor for PostgresStore {}
