//! What the store code written once for both databases (`crates/store/sql/`) needs from
//! SQLite: the store type, its connections, how a timestamp is bound, and the few SQL
//! fragments the two databases spell differently. Each shared file is `include!`d into a
//! module of this crate that first brings these names into scope (docs/architecture.md).

use chrono::{DateTime, Utc};
use journey_store::{AccessLogEntry, StoreResult};
use sqlx::pool::PoolConnection;

pub(crate) use crate::codec::{db_err, is_foreign_key_violation, is_unique_violation};
use crate::readers::Reader;

/// The store the shared code implements the contract for.
pub(crate) type SqlStore = crate::SqliteStore;
/// The database driver, for `sqlx::QueryBuilder` and `sqlx::Transaction`.
pub(crate) type Database = sqlx::Sqlite;
/// A connection, as a statement's executor (`&mut *conn`).
pub(crate) type Conn = sqlx::SqliteConnection;

/// A timestamp as bound to a statement. Stored as fixed-width UTC text so it sorts as it
/// compares; read back as `DateTime<Utc>` by sqlx's own decoder (RFC 3339).
pub(crate) fn ts(at: DateTime<Utc>) -> String {
    crate::codec::ts(at)
}

/// `ORDER BY name` in byte order: SQLite's default collation already is.
macro_rules! by_bytes {
    () => {
        ""
    };
}
/// Locks the rows a write reads before changing them. SQLite has one writer connection, so
/// a write transaction already excludes every other.
macro_rules! for_update {
    () => {
        ""
    };
}
pub(crate) use {by_bytes, for_update};

impl SqlStore {
    /// A read connection to the main file (read-only, memory-mapped).
    pub(crate) async fn read(&self) -> StoreResult<Reader<'_>> {
        self.readers.get().await
    }

    /// The writer connection, for a write that is one statement (sessions, password hashes).
    pub(crate) async fn write(&self) -> StoreResult<PoolConnection<Database>> {
        self.writer.acquire().await.map_err(db_err)
    }

    /// A transaction on the writer connection: the journal's (`journal.rs`).
    pub(crate) async fn begin(&self) -> StoreResult<sqlx::Transaction<'static, Database>> {
        self.writer.begin().await.map_err(db_err)
    }

    /// Writes access records durably (group-committed to the access file) before returning.
    pub(crate) async fn record_access(&self, records: Vec<AccessLogEntry>) -> StoreResult<()> {
        self.access.write(records).await
    }
}
