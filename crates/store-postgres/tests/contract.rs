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

use journey_store::contract::cases;
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
        scratch.drop_database().await;
        if let Err(e) = outcome {
            failures.push(format!("{name}: {e}"));
        }
        ran += 1;
    }
    assert!(
        failures.is_empty(),
        "{} of {ran} contract cases failed on PostgreSQL:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(ran, cases().len());
    assert!(ran >= 14);
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
    let expected: Vec<i64> = (1..=journey_store_postgres::MIGRATION_COUNT as i64).collect();
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
