//! Journey's store on PostgreSQL, for large deployments: the same contract as SQLite's store,
//! on a server that several Journey processes (and machines) can share.
//!
//! Layout, kept thin (see docs/postgres.md):
//! - one connection pool; every write is one transaction with its chronology and audit rows,
//!   exactly as on SQLite, through the one write path in `journal`;
//! - access records in the same database, written by a plain INSERT that commits before the
//!   read returns (`synchronous_commit=on` is set on every connection);
//! - audit and access records made append-only by triggers, and in production also by grants.

mod access;
mod allocations;
mod assessments;
mod attention;
mod babies;
mod case_notes;
mod case_notes_chronology;
mod child_protection;
mod codec;
mod dialect;
mod directory;
mod families;
mod families_read;
mod families_search;
mod families_write;
mod front_door;
mod journal;
mod json_read;
mod merges;
mod merges_compare;
mod migrations;

/// The versions of the migrations this build carries, in order (tests check each is applied
/// once). Numbers may skip: branches take their numbers before they are merged.
pub fn migration_versions() -> Vec<i64> {
    migrations::MIGRATIONS.iter().map(|m| m.version).collect()
}
mod outline;
mod oversight;
mod person_details;
mod person_details_read;
mod record_page;
mod records;
mod relationship_proposals;
mod sessions;
mod wider_access;
mod writes;

use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use journey_store::{Backend, Store, StoreResult};
use sqlx::Connection;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};

use codec::db_err;

/// Connections per Journey process. Queries are short; PostgreSQL's default allows 100.
pub const CONNECTIONS: u32 = 16;

pub struct PostgresStore {
    pool: PgPool,
}

/// Checks a URL names PostgreSQL, for choosing the backend.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

impl PostgresStore {
    /// Connects to the database named by a `postgres://` URL and brings the schema up to date.
    pub async fn open_url(url: &str) -> StoreResult<Self> {
        if !is_postgres_url(url) {
            return Err(journey_store::StoreError::Database(
                "not a postgres:// URL".into(),
            ));
        }
        let options = PgConnectOptions::from_str(url)
            .map_err(db_err)?
            .application_name("journey")
            // Whatever the server's default, a commit returns only once it is on disk.
            .options([("synchronous_commit", "on")]);
        let pool = PgPoolOptions::new()
            .max_connections(CONNECTIONS)
            .acquire_timeout(Duration::from_secs(10))
            // No ping before lending a connection: it is a round trip on every acquisition (a
            // record page makes several), and it finds only a connection that died while idle,
            // which the first statement finds as well (that request fails and sqlx closes the
            // connection). Idle connections are closed after ten minutes anyway (docs/postgres.md).
            .test_before_acquire(false)
            // Never lend a connection that is still inside a transaction: later single-statement
            // writes on it would answer success without being committed. sqlx rolls back a
            // transaction abandoned part way; one it still counts as open is closed instead.
            .after_release(|conn, _| Box::pin(async move { Ok(!conn.is_in_transaction()) }))
            .connect_with(options)
            .await
            .map_err(db_err)?;
        migrations::apply(&pool, migrations::MIGRATIONS).await?;
        Ok(Self { pool })
    }

    /// Closes every connection (waiting for those in use), for a clean shutdown or a test
    /// that drops its database afterwards.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> Backend {
        Backend::Postgres
    }

    async fn schema_outline(&self) -> StoreResult<Vec<String>> {
        outline::read(&self.pool).await
    }

    async fn durability_settings(&self) -> StoreResult<Vec<(String, String)>> {
        let mut conn = self.pool.acquire().await.map_err(db_err)?;
        let mut settings = Vec::new();
        for (name, sql) in [
            ("fsync", "SHOW fsync"),
            ("synchronous_commit", "SHOW synchronous_commit"),
            ("full_page_writes", "SHOW full_page_writes"),
        ] {
            let value: String = sqlx::query_scalar(sql)
                .fetch_one(&mut *conn)
                .await
                .map_err(db_err)?;
            settings.push((name.to_owned(), value));
        }
        Ok(settings)
    }
}
