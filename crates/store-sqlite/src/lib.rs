//! Journey's store on SQLite: a file under the data folder, no server to run.
//!
//! Layout, chosen for the record page (see docs/architecture.md):
//! - one writer connection to the main file (WAL, `synchronous=FULL`, foreign keys on), so
//!   writes never contend; every write is one transaction with its chronology and audit rows;
//! - a pool of read-only, memory-mapped reader connections to the main file;
//! - access records in a second file beside the main one, written by a single task that
//!   commits the records of every waiting request together (group commit). A request waits for
//!   its batch's commit, so its access record is durable before the page leaves the server, and
//!   the main file's readers keep their page cache because reads never write to it.
//!
//! A LIMIT taken from a parameter is written `LIMIT +?N`. With a bare `LIMIT ?N`, SQLite marks
//! the statement to be prepared again whenever that parameter is bound (it may plan by the
//! value), which is every time it runs; the unary plus makes the limit an expression it
//! evaluates instead. Measured on the record page and search (docs/benchmarks.md).

mod access_writer;
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
mod oversight;
mod person_details;
mod person_details_read;
mod readers;
mod records;
mod relationship_proposals;
mod sessions;
mod wider_access;
mod writes;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use journey_store::{Backend, Store, StoreError, StoreResult};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use access_writer::AccessWriter;
use codec::db_err;
use readers::Readers;

/// How many read-only connections serve pages. A page holds one for all its reads, so with
/// fewer connections than concurrent requests, requests queue for them: 32 measured fastest for
/// 32 clients on two cores (2: 668 pages/s, 4: 979, 8: 1,084, 16: 1,237, 32: 1,383).
const READERS: usize = 32;
/// Memory-mapped I/O for readers: the working set of a large authority fits.
const MMAP_BYTES: &str = "1073741824";
/// The access file's page size, for a new file. Each record opened inserts a by-child index
/// entry at a scattered place, and every page touched is written whole to the log at commit:
/// smaller pages write less.
const ACCESS_PAGE_BYTES: u32 = 1024;
/// What the access file's log keeps of its disk space once a checkpoint empties it.
const ACCESS_LOG_KEEP_BYTES: &str = "67108864";
/// The access writer's page cache, in KiB (a negative cache_size): 64 MiB.
const ACCESS_CACHE_KIB: &str = "-65536";

pub struct SqliteStore {
    writer: SqlitePool,
    readers: Readers,
    access: AccessWriter,
    access_readers: SqlitePool,
}

/// Where the two files live.
#[derive(Debug, Clone)]
pub struct SqlitePaths {
    pub main: PathBuf,
    pub access: PathBuf,
}

impl SqlitePaths {
    /// The access file sits beside the main one: `journey.db` → `journey-access.db`.
    pub fn beside(main: &Path) -> Self {
        let stem = main
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "journey".to_owned());
        Self {
            main: main.to_path_buf(),
            access: main.with_file_name(format!("{stem}-access.db")),
        }
    }

    /// Parses `sqlite://path/to/journey.db` (or `sqlite:path`).
    pub fn from_url(url: &str) -> StoreResult<Self> {
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| StoreError::Database(format!("not a sqlite URL: {url}")))?;
        let path = path.split('?').next().unwrap_or(path);
        if path.is_empty() {
            return Err(StoreError::Database("the sqlite URL names no file".into()));
        }
        Ok(Self::beside(Path::new(path)))
    }
}

fn options(path: &Path) -> SqliteConnectOptions {
    SqliteConnectOptions::new()
        .filename(path)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(10))
        // Every capability adds its queries to the record page: keep them all prepared.
        .statement_cache_capacity(1000)
}

impl SqliteStore {
    /// Opens (creating if needed) the database files and brings the schema up to date.
    pub async fn open(paths: &SqlitePaths) -> StoreResult<Self> {
        if let Some(dir) = paths.main.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| {
                StoreError::Database(format!("cannot create {}: {e}", dir.display()))
            })?;
        }
        let writer = SqlitePoolOptions::new()
            // No ping before each use: a local file has no network to have dropped it.
            .test_before_acquire(false)
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options(&paths.main).create_if_missing(true))
            .await
            .map_err(db_err)?;
        migrations::apply(&writer, migrations::MAIN).await?;

        let readers = Readers::new(
            options(&paths.main)
                .read_only(true)
                .pragma("mmap_size", MMAP_BYTES),
            READERS,
        );

        // The access file only grows, and each record opened adds an entry to the by-child
        // index at a scattered place: a large page cache and a memory map keep those inserts
        // from reading the file page by page through system calls.
        let access_options = options(&paths.access)
            .create_if_missing(true)
            .page_size(ACCESS_PAGE_BYTES)
            .pragma("cache_size", ACCESS_CACHE_KIB)
            .pragma("mmap_size", MMAP_BYTES)
            // A batch's one multi-row INSERT keeps a statement journal; in memory, not a file.
            .pragma("temp_store", "MEMORY")
            // The writer never checkpoints: a checkpoint in its commit would hold up every
            // request waiting on that batch. A second connection does it in the background.
            .pragma("wal_autocheckpoint", "0")
            // When a checkpoint lets the log start afresh, the file is cut back to this, so a
            // burst of writing does not keep its disk space.
            .pragma("journal_size_limit", ACCESS_LOG_KEEP_BYTES);
        let access_checkpointer = SqlitePoolOptions::new()
            .test_before_acquire(false)
            .max_connections(1)
            .connect_with(access_options.clone())
            .await
            .map_err(db_err)?;
        let access_connection = SqlitePoolOptions::new()
            // No ping before each use: a local file has no network to have dropped it.
            .test_before_acquire(false)
            .max_connections(1)
            .min_connections(1)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(access_options)
            .await
            .map_err(db_err)?;
        migrations::apply(&access_connection, migrations::ACCESS).await?;
        let access_readers = SqlitePoolOptions::new()
            .test_before_acquire(false)
            .max_connections(2)
            .connect_with(options(&paths.access).read_only(true))
            .await
            .map_err(db_err)?;
        Ok(Self {
            writer,
            readers,
            access: AccessWriter::start(access_connection, access_checkpointer),
            access_readers,
        })
    }

    /// Opens the database named by a `sqlite:` URL.
    pub async fn open_url(url: &str) -> StoreResult<Self> {
        Self::open(&SqlitePaths::from_url(url)?).await
    }
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> Backend {
        Backend::Sqlite
    }

    async fn schema_outline(&self) -> StoreResult<Vec<String>> {
        let mut outline = Vec::new();
        let mut main = self.readers.get().await?;
        let mut access = self.access_readers.acquire().await.map_err(db_err)?;
        for conn in [&mut *main, &mut *access] {
            let rows: Vec<(String, String)> = sqlx::query_as(
                "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
                 WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' \
                 AND m.name <> 'schema_migration' ORDER BY 1, 2",
            )
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
            outline.extend(rows.into_iter().map(|(t, c)| format!("column {t}.{c}")));
            let indexes: Vec<(String,)> = sqlx::query_as(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY 1",
            )
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
            outline.extend(indexes.into_iter().map(|(i,)| format!("index {i}")));
        }
        outline.sort();
        Ok(outline)
    }

    async fn durability_settings(&self) -> StoreResult<Vec<(String, String)>> {
        let mut settings = Vec::new();
        let mut writer = self.writer.acquire().await.map_err(db_err)?;
        let mut reader = self.readers.get().await?;
        let mut access = self.access.pool().acquire().await.map_err(db_err)?;
        for (label, conn) in [
            ("main writer", &mut *writer),
            ("main reader", &mut *reader),
            ("access writer", &mut *access),
        ] {
            for (pragma, sql) in [
                (
                    "journal_mode",
                    "SELECT CAST(journal_mode AS TEXT) FROM pragma_journal_mode",
                ),
                (
                    "synchronous",
                    "SELECT CAST(synchronous AS TEXT) FROM pragma_synchronous",
                ),
                (
                    "foreign_keys",
                    "SELECT CAST(foreign_keys AS TEXT) FROM pragma_foreign_keys",
                ),
                (
                    "journal_size_limit",
                    "SELECT CAST(journal_size_limit AS TEXT) FROM pragma_journal_size_limit",
                ),
            ] {
                let (value,): (String,) = sqlx::query_as(sql)
                    .fetch_one(&mut *conn)
                    .await
                    .map_err(db_err)?;
                settings.push((format!("{label} {pragma}"), value));
            }
        }
        Ok(settings)
    }
}

/// Checks a URL names SQLite, for choosing the backend.
pub fn is_sqlite_url(url: &str) -> bool {
    url.starts_with("sqlite:")
}

impl FromStr for SqlitePaths {
    type Err = StoreError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::from_url(s)
    }
}
