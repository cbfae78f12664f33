//! The store contract, run against PostgreSQL, and the schema parity test against SQLite.
//!
//! Every case runs on a database of its own, created on the cluster named by
//! `JOURNEY_TEST_POSTGRES_URL` (an admin URL to a throwaway cluster, such as the one
//! `scripts/postgres-throwaway` starts) and dropped afterwards. Without the variable these
//! tests fail: a PostgreSQL suite that passes without PostgreSQL would prove nothing.
// Test helpers, not only #[test] functions, may fail loudly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use journey_store::contract::{CASE_COUNT, cases};
use journey_store::{Backend, Store};
use journey_store_postgres::{PostgresStore, is_postgres_url};
use journey_store_sqlite::{SqlitePaths, SqliteStore};
use sqlx::{AssertSqlSafe, Connection, PgConnection};

const URL_VARIABLE: &str = "JOURNEY_TEST_POSTGRES_URL";

fn admin_url() -> String {
    match std::env::var(URL_VARIABLE) {
        Ok(url) if is_postgres_url(url.trim()) => url.trim().to_owned(),
        Ok(other) => panic!("{URL_VARIABLE}={other:?} is not a postgres:// URL"),
        Err(_) => panic!(
            "{URL_VARIABLE} is not set, so the PostgreSQL tests cannot run. Run the tests with \
             `scripts/test`, which starts a throwaway PostgreSQL cluster, or start one yourself with \
             `eval \"$(scripts/postgres-throwaway)\"` and export {URL_VARIABLE}."
        ),
    }
}

/// The admin URL with its database replaced by `database`.
fn url_for(admin: &str, database: &str) -> String {
    let (base, query) = match admin.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (admin, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let path_start = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut url = format!("{}/{database}", &base[..path_start]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// A database of its own for one test, dropped by [`Scratch::drop_database`].
struct Scratch {
    admin: String,
    name: String,
}

static NEXT: AtomicUsize = AtomicUsize::new(0);

impl Scratch {
    async fn create(label: &str) -> Scratch {
        let admin = admin_url();
        let name = format!(
            "journey_test_{}_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed),
            label.chars().take(30).collect::<String>()
        );
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        );
        let mut conn = PgConnection::connect(&admin)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to {URL_VARIABLE} ({admin}): {e}"));
        // The name is made here of [a-z0-9_] only, so it is safe to put in the statement.
        // One statement each: a multi-statement string would run as one transaction, which
        // CREATE and DROP DATABASE refuse.
        for sql in [
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            format!("CREATE DATABASE {name}"),
        ] {
            sqlx::raw_sql(AssertSqlSafe(sql))
                .execute(&mut conn)
                .await
                .unwrap();
        }
        conn.close().await.unwrap();
        Scratch { admin, name }
    }

    fn url(&self) -> String {
        url_for(&self.admin, &self.name)
    }

    async fn drop_database(self) {
        let mut conn = PgConnection::connect(&self.admin).await.unwrap();
        sqlx::raw_sql(AssertSqlSafe(format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.name
        )))
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
    }
}

/// Sessions ever established to `database` (`pg_stat_database.sessions`, PostgreSQL 14+), read
/// once none is open: a session's statistics are flushed as its backend exits, so the count
/// is read only after every backend of the database has gone, and read until it holds still.
async fn sessions_opened(admin: &str, database: &str) -> i64 {
    let mut conn = PgConnection::connect(admin).await.unwrap();
    let mut last = None;
    for _ in 0..100 {
        let open: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = $1")
                .bind(database)
                .fetch_one(&mut conn)
                .await
                .unwrap();
        // Each statement runs in a transaction of its own, so it reads fresh statistics.
        let sessions: i64 = sqlx::query_scalar(
            "SELECT COALESCE(sessions, 0) FROM pg_stat_database WHERE datname = $1",
        )
        .bind(database)
        .fetch_optional(&mut conn)
        .await
        .unwrap()
        .unwrap_or(0);
        if open == 0 && last == Some(sessions) {
            conn.close().await.unwrap();
            return sessions;
        }
        last = (open == 0).then_some(sessions);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("{database} still has sessions open, or their count is still changing");
}

/// At most this many connections may be opened to a case's database while the case runs:
/// twice the pool's size. A pool that replaces connections lost to abandoned calls (a request
/// whose client hung up) would open far more.
const CONNECTIONS_PER_CASE: i64 = 2 * journey_store_postgres::CONNECTIONS as i64;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_passes_the_store_contract() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for (name, case) in cases() {
        let scratch = Scratch::create(name).await;
        let store = Arc::new(PostgresStore::open_url(&scratch.url()).await.unwrap());
        eprintln!("contract case {name}");
        // Each case runs in a task of its own, so a failing case still drops its database and
        // the others still run.
        let outcome = tokio::spawn(case(store.clone() as Arc<dyn Store>, Backend::Postgres)).await;
        store.close().await;
        // Opening the store included: its pool and the migrations' connections.
        let opened = sessions_opened(&scratch.admin, &scratch.name).await;
        eprintln!("contract case {name}: {opened} connections opened");
        scratch.drop_database().await;
        if let Err(e) = outcome {
            failures.push(format!("{name}: {e}"));
        }
        if opened > CONNECTIONS_PER_CASE {
            failures.push(format!(
                "{name}: {opened} connections opened, more than {CONNECTIONS_PER_CASE}"
            ));
        }
        ran += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} contract cases failed on PostgreSQL:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // Against the suite's own count, not the list just run: a case dropped from cases() fails.
    assert_eq!(ran, CASE_COUNT, "contract cases run on PostgreSQL");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_schema_is_the_same_on_both_backends() {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = SqliteStore::open(&SqlitePaths::beside(&dir.path().join("journey.db")))
        .await
        .unwrap();
    let sqlite_outline = sqlite.schema_outline().await.unwrap();

    let scratch = Scratch::create("parity").await;
    let postgres = PostgresStore::open_url(&scratch.url()).await.unwrap();
    let postgres_outline = postgres.schema_outline().await;
    postgres.close().await;
    scratch.drop_database().await;
    let postgres_outline = postgres_outline.unwrap();

    assert!(
        sqlite_outline
            .iter()
            .any(|l| l == "column access_record.request_id")
            && sqlite_outline
                .iter()
                .any(|l| l == "index person_family_key"),
        "the outline lists both files' tables and indexes: {sqlite_outline:#?}"
    );
    if sqlite_outline != postgres_outline {
        let only_sqlite: Vec<_> = sqlite_outline
            .iter()
            .filter(|l| !postgres_outline.contains(l))
            .collect();
        let only_postgres: Vec<_> = postgres_outline
            .iter()
            .filter(|l| !sqlite_outline.contains(l))
            .collect();
        panic!(
            "the schemas differ.\nonly on SQLite:\n  {}\nonly on PostgreSQL:\n  {}",
            only_sqlite
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join("\n  "),
            only_postgres
                .iter()
                .map(|l| l.as_str())
                .collect::<Vec<_>>()
                .join("\n  ")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_apply_once_and_records_refuse_truncation() {
    let scratch = Scratch::create("migrations").await;
    let url = scratch.url();
    // Two servers starting together: one applies the migrations, the other finds them done.
    let (a, b) = tokio::join!(PostgresStore::open_url(&url), PostgresStore::open_url(&url));
    let (a, b) = (a.unwrap(), b.unwrap());
    a.close().await;
    b.close().await;
    let again = PostgresStore::open_url(&url).await.unwrap();
    again.close().await;

    let mut conn = PgConnection::connect(&url).await.unwrap();
    let versions: Vec<i64> =
        sqlx::query_scalar("SELECT version FROM schema_migration ORDER BY version")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let expected = journey_store_postgres::migration_versions();
    assert_eq!(versions, expected, "each migration applied exactly once");
    for sql in [
        "TRUNCATE audit_event, chronology_entry",
        "TRUNCATE access_record",
    ] {
        let refused = sqlx::query(sql).execute(&mut conn).await;
        assert!(
            refused
                .as_ref()
                .is_err_and(|e| e.to_string().contains("append-only")),
            "{sql}: {refused:?}"
        );
    }
    conn.close().await.unwrap();
    scratch.drop_database().await;
}

#[test]
fn urls_choose_the_backend_and_name_the_database() {
    assert!(is_postgres_url("postgres://u@h/db"));
    assert!(is_postgres_url("postgresql://u@h:5432/db"));
    assert!(!is_postgres_url("sqlite://data/journey.db"));
    assert_eq!(
        url_for("postgres://postgres@127.0.0.1:54329/postgres", "x"),
        "postgres://postgres@127.0.0.1:54329/x"
    );
    assert_eq!(
        url_for("postgresql://u:p@h/postgres?sslmode=disable", "x"),
        "postgresql://u:p@h/x?sslmode=disable"
    );
    assert_eq!(url_for("postgres://h", "x"), "postgres://h/x");
}

/// The grants production gives the service's role (docs/postgres.md), applied as written.
const GRANTS: &str = include_str!("../grants.sql");
const OWNER: &str = "journey_owner";
const APP: &str = "journey_app";
/// The throwaway cluster trusts loopback; a password keeps the URLs valid on one that does not.
const ROLE_PASSWORD: &str = "journey-test-only";

/// `url_for(admin, database)` signed in as `user` instead of the admin.
fn url_as(admin: &str, user: &str, database: &str) -> String {
    let url = url_for(admin, database);
    let authority_start = url.find("://").map_or(0, |i| i + 3);
    let path_start = url[authority_start..]
        .find('/')
        .map_or(url.len(), |i| authority_start + i);
    let host_start = url[authority_start..path_start]
        .rfind('@')
        .map_or(authority_start, |i| authority_start + i + 1);
    format!(
        "{}{user}:{ROLE_PASSWORD}@{}",
        &url[..authority_start],
        &url[host_start..]
    )
}

/// The two roles of docs/postgres.md, created once per cluster (roles are cluster-wide, so a
/// test running beside this one may be creating them too).
async fn ensure_roles(admin: &str) {
    let mut conn = PgConnection::connect(admin).await.unwrap();
    for role in [OWNER, APP] {
        // Names and password are constants of this file.
        sqlx::raw_sql(AssertSqlSafe(format!(
            "DO $$ BEGIN \
               IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{role}') THEN \
                 CREATE ROLE {role} LOGIN PASSWORD '{ROLE_PASSWORD}'; \
               END IF; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; \
             END $$"
        )))
        .execute(&mut conn)
        .await
        .unwrap();
    }
    conn.close().await.unwrap();
}

/// A scratch database set up as docs/postgres.md says: owned by journey_owner, the public
/// schema closed to everyone but journey_app's USAGE, migrated by the owner, then the grants.
async fn as_in_production(label: &str) -> Scratch {
    let scratch = Scratch::create(label).await;
    ensure_roles(&scratch.admin).await;
    let mut admin = PgConnection::connect(&scratch.admin).await.unwrap();
    sqlx::raw_sql(AssertSqlSafe(format!(
        "ALTER DATABASE {} OWNER TO {OWNER}",
        scratch.name
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    admin.close().await.unwrap();
    let mut admin = PgConnection::connect(&scratch.url()).await.unwrap();
    sqlx::raw_sql(AssertSqlSafe(format!(
        "REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO {APP};"
    )))
    .execute(&mut admin)
    .await
    .unwrap();
    admin.close().await.unwrap();
    let owner_url = url_as(&scratch.admin, OWNER, &scratch.name);
    let migrated = PostgresStore::open_url(&owner_url).await.unwrap();
    migrated.close().await;
    let mut owner = PgConnection::connect(&owner_url).await.unwrap();
    sqlx::raw_sql(GRANTS).execute(&mut owner).await.unwrap();
    owner.close().await.unwrap();
    scratch
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_passes_the_store_contract_as_the_application_role() {
    let mut failures = Vec::new();
    let mut ran = 0;
    for (name, case) in cases() {
        let scratch = as_in_production(name).await;
        // The setup's own connections (the owner migrating, the grants) are not the case's.
        let before = sessions_opened(&scratch.admin, &scratch.name).await;
        let url = url_as(&scratch.admin, APP, &scratch.name);
        let store = Arc::new(PostgresStore::open_url(&url).await.unwrap_or_else(|e| {
            panic!("{APP} cannot open an up-to-date database with the grants: {e}")
        }));
        let outcome = tokio::spawn(case(store.clone() as Arc<dyn Store>, Backend::Postgres)).await;
        store.close().await;
        let opened = sessions_opened(&scratch.admin, &scratch.name).await - before;
        scratch.drop_database().await;
        if let Err(e) = outcome {
            failures.push(format!("{name}: {e}"));
        }
        if opened > CONNECTIONS_PER_CASE {
            failures.push(format!(
                "{name}: {opened} connections opened, more than {CONNECTIONS_PER_CASE}"
            ));
        }
        ran += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} contract cases failed as {APP} with the grants of grants.sql:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(ran, CASE_COUNT, "contract cases run as {APP}");
}

/// A statement `journey_app` runs, and whether it was refused for want of a right.
async fn refused_for_want_of_a_right(conn: &mut PgConnection, sql: &'static str) -> bool {
    match sqlx::raw_sql(sql).execute(&mut *conn).await {
        Ok(_) => false,
        Err(e) => {
            let text = e.to_string();
            text.contains("permission denied") || text.contains("must be owner")
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_grants_cover_every_table_and_keep_append_only_tables_append_only() {
    let scratch = as_in_production("grants").await;
    let owner_url = url_as(&scratch.admin, OWNER, &scratch.name);
    let mut owner = PgConnection::connect(&owner_url).await.unwrap();
    // Safe to run again after a migration.
    sqlx::raw_sql(GRANTS).execute(&mut owner).await.unwrap();

    let tables: Vec<(String, bool, bool, bool, bool, bool)> = sqlx::query_as(
        "SELECT c.relname::text, \
                has_table_privilege('journey_app', c.oid, 'SELECT'), \
                has_table_privilege('journey_app', c.oid, 'INSERT'), \
                has_table_privilege('journey_app', c.oid, 'UPDATE'), \
                has_table_privilege('journey_app', c.oid, 'DELETE'), \
                has_table_privilege('journey_app', c.oid, 'TRUNCATE, REFERENCES, TRIGGER') \
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1",
    )
    .fetch_all(&mut owner)
    .await
    .unwrap();
    assert!(tables.len() >= 27, "{tables:?}");
    let append_only: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT c.relname::text FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid \
         WHERE t.tgname LIKE '%append_only' ORDER BY 1",
    )
    .fetch_all(&mut owner)
    .await
    .unwrap();
    // The tables the contract's tampering case tries, each kept by a trigger.
    assert_eq!(append_only, journey_store::APPEND_ONLY);
    // A function that runs as its owner names the schemas it uses, so no object the caller
    // could put earlier on the search path is used in its place.
    let definers_without_a_path: Vec<String> = sqlx::query_scalar(
        "SELECT p.proname::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace \
         WHERE n.nspname = 'public' AND p.prosecdef \
           AND NOT EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE c LIKE 'search_path=%') \
         ORDER BY 1",
    )
    .fetch_all(&mut owner)
    .await
    .unwrap();
    assert!(
        definers_without_a_path.is_empty(),
        "SECURITY DEFINER without a fixed search_path: {definers_without_a_path:?}"
    );
    let updated_columns: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.relname::text, a.attname::text FROM pg_class c \
         JOIN pg_namespace n ON n.oid = c.relnamespace \
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped \
         WHERE n.nspname = 'public' AND c.relkind = 'r' \
           AND NOT has_table_privilege('journey_app', c.oid, 'UPDATE') \
           AND has_column_privilege('journey_app', c.oid, a.attnum, 'UPDATE') ORDER BY 1, 2",
    )
    .fetch_all(&mut owner)
    .await
    .unwrap();
    owner.close().await.unwrap();

    // Read only: the migration runner's bookkeeping, and the tables triggers keep.
    let read_only = ["case_note_count", "case_note_current", "schema_migration"];
    for (table, select, insert, update, delete, other) in &tables {
        assert!(select, "{table}: every table is read");
        assert_eq!(
            *insert,
            !read_only.contains(&table.as_str()),
            "{table}: every table but {read_only:?} is written"
        );
        if read_only.contains(&table.as_str()) {
            assert!(!update && !delete, "{table} is read only");
        }
        assert!(!other, "{table}: no TRUNCATE, REFERENCES or TRIGGER");
        if append_only.contains(table) {
            assert!(!update && !delete, "{table} is append-only");
        }
    }
    // Where a merge moves rows of an otherwise unchanging table, only child_id may change.
    assert_eq!(
        updated_columns,
        [
            ("case_note".to_owned(), "child_id".to_owned()),
            ("chronology_entry".to_owned(), "child_id".to_owned()),
            ("contact".to_owned(), "child_id".to_owned()),
            ("meeting_child".to_owned(), "child_id".to_owned()),
        ]
    );

    // As the service: refused by the grants themselves, before any trigger.
    let mut app = PgConnection::connect(&url_as(&scratch.admin, APP, &scratch.name))
        .await
        .unwrap();
    for sql in [
        "UPDATE audit_event SET action = 'nothing happened'",
        "DELETE FROM access_record",
        "UPDATE contact SET concerns = 'rewritten'",
        "UPDATE case_note_version SET body = 'rewritten'",
        "UPDATE chronology_entry SET summary = 'rewritten'",
        "DELETE FROM referral_decision",
        "TRUNCATE person_merge_move",
        "INSERT INTO case_note_count (child_id, total) VALUES (1, 1)",
        "UPDATE case_note_current SET version = version + 1",
        "DELETE FROM case_note_count",
        "CREATE TABLE journey_app_was_here (id int)",
        "DROP TRIGGER audit_event_append_only ON audit_event",
    ] {
        assert!(
            refused_for_want_of_a_right(&mut app, sql).await,
            "{APP} must not be able to run {sql}"
        );
    }
    app.close().await.unwrap();
    scratch.drop_database().await;
}

#[test]
fn the_documented_grants_are_the_tested_ones() {
    let docs = include_str!("../../../docs/postgres.md");
    assert!(
        docs.contains(GRANTS.trim()),
        "docs/postgres.md must show crates/store-postgres/grants.sql as it is"
    );
    assert!(
        url_as("postgres://postgres@127.0.0.1:54329/postgres", APP, "x")
            .starts_with("postgres://journey_app:journey-test-only@127.0.0.1:54329/x")
    );
    assert_eq!(
        url_as("postgresql://u:p@h/postgres?sslmode=disable", OWNER, "x"),
        "postgresql://journey_owner:journey-test-only@h/x?sslmode=disable"
    );
}
