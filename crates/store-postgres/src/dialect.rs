//! What the store code written once for both databases (`crates/store/sql/`) needs from
//! PostgreSQL: the store type, its connections, how a timestamp is bound, and the few SQL
//! fragments the two databases spell differently. Each shared file is `include!`d into a
//! module of this crate that first brings these names into scope (docs/architecture.md).

use chrono::{DateTime, Utc};
use journey_store::{AccessLogEntry, StoreResult};
use sqlx::pool::PoolConnection;

pub(crate) use crate::codec::{db_err, is_foreign_key_violation, is_unique_violation};

/// The store the shared code implements the contract for.
pub(crate) type SqlStore = crate::PostgresStore;
/// The database driver, for `sqlx::QueryBuilder` and `sqlx::Transaction`.
pub(crate) type Database = sqlx::Postgres;
/// A connection, as a statement's executor (`&mut *conn`).
pub(crate) type Conn = sqlx::PgConnection;

/// A timestamp as bound to a statement: PostgreSQL's `timestamptz` takes it as it is.
pub(crate) fn ts(at: DateTime<Utc>) -> DateTime<Utc> {
    at
}

/// `ORDER BY name` in byte order, whatever the database's locale.
macro_rules! by_bytes {
    () => {
        " COLLATE \"C\""
    };
}
/// Locks the rows a write reads before changing them, so two writers are told in turn.
macro_rules! for_update {
    () => {
        " FOR UPDATE"
    };
}
pub(crate) use {by_bytes, for_update};

impl SqlStore {
    /// A connection from the pool, for reads.
    pub(crate) async fn read(&self) -> StoreResult<PoolConnection<Database>> {
        self.pool.acquire().await.map_err(db_err)
    }

    /// A connection from the pool, for a write that is one statement (autocommit).
    pub(crate) async fn write(&self) -> StoreResult<PoolConnection<Database>> {
        self.pool.acquire().await.map_err(db_err)
    }

    /// A transaction: the journal's (`journal.rs`).
    pub(crate) async fn begin(&self) -> StoreResult<sqlx::Transaction<'static, Database>> {
        self.pool.begin().await.map_err(db_err)
    }

    /// Writes access records durably (committed before returning).
    pub(crate) async fn record_access(&self, records: Vec<AccessLogEntry>) -> StoreResult<()> {
        crate::access::write(&self.pool, &records).await
    }
}
