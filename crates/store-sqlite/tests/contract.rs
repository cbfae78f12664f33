//! The store contract, run against SQLite: a fresh pair of database files per case.

use std::sync::Arc;

use journey_store::contract::{CASE_COUNT, cases};
use journey_store::{Backend, Oversight, Records, Store};
use journey_store_sqlite::{SqlitePaths, SqliteStore};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_passes_the_store_contract() {
    let mut failed = Vec::new();
    let mut passed = 0;
    for (name, case) in cases() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&SqlitePaths::beside(&dir.path().join("journey.db")))
            .await
            .unwrap();
        let store: Arc<dyn Store> = Arc::new(store);
        eprintln!("contract case {name}");
        // Each case on a task of its own, so one failing case does not hide the others.
        match tokio::spawn(case(store, Backend::Sqlite)).await {
            Ok(()) => passed += 1,
            Err(_) => failed.push(name),
        }
    }
    assert!(failed.is_empty(), "contract cases failed: {failed:?}");
    // Against the suite's own count, not the list just run: a case dropped from cases() fails.
    assert_eq!(passed, CASE_COUNT, "contract cases run on SQLite");
}

#[tokio::test]
async fn sqlite_urls_name_both_files() {
    let paths = SqlitePaths::from_url("sqlite://data/journey.db?mode=rwc").unwrap();
    assert_eq!(paths.main.to_str(), Some("data/journey.db"));
    assert_eq!(paths.access.to_str(), Some("data/journey-access.db"));
    assert!(SqlitePaths::from_url("postgres://x").is_err());
}

/// The access writer never checkpoints in its own commits (that would hold up the requests
/// waiting on the batch); a background task copies the log back into the access file. Without
/// it the file would stay the size of its empty schema, however many records were written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_records_reach_the_access_file_through_background_checkpoints() {
    let dir = tempfile::tempdir().unwrap();
    let paths = SqlitePaths::beside(&dir.path().join("journey.db"));
    let store = SqliteStore::open(&paths).await.unwrap();
    let empty = std::fs::metadata(&paths.access).unwrap().len();
    let at = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 3, 2, 10, 0, 0).unwrap();
    let actor = journey_store::Actor::system("checkpoint test", at);
    for _ in 0..300 {
        store
            .record_refusal(
                &actor,
                journey_domain::ids::PersonId(1),
                journey_domain::access::Action::ViewRecord,
            )
            .await
            .unwrap();
    }
    let mut grown = false;
    for _ in 0..50 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        if std::fs::metadata(&paths.access).unwrap().len() > empty {
            grown = true;
            break;
        }
    }
    assert!(grown, "no checkpoint copied the log into the access file");
}

/// An access file from before result lists were recorded whole (access migration 1 only)
/// upgrades on opening, and its one-record-per-person rows are still read.
#[tokio::test]
async fn an_access_file_from_before_result_lists_upgrades_and_keeps_its_records() {
    use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

    let dir = tempfile::tempdir().unwrap();
    let paths = SqlitePaths::beside(&dir.path().join("journey.db"));
    let old = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(&paths.access)
                .create_if_missing(true),
        )
        .await
        .unwrap();
    sqlx::raw_sql(include_str!("../migrations/access_0001.sql"))
        .execute(&old)
        .await
        .unwrap();
    sqlx::raw_sql(
        "CREATE TABLE schema_migration (version INTEGER PRIMARY KEY, name TEXT NOT NULL); \
         INSERT INTO schema_migration VALUES (1, 'access records'); \
         INSERT INTO access_record (occurred_at, staff_id, staff_name, role, relationship, \
         child_id, kind, detail, request_id) VALUES ('2026-03-02T10:00:00Z', 7, 'A Worker', \
         'social_worker', NULL, 42, 'appeared_in_search', '', 'req-1')",
    )
    .execute(&old)
    .await
    .unwrap();
    old.close().await;

    let store = SqliteStore::open(&paths).await.unwrap();
    let records = store
        .access_by_staff(journey_domain::ids::StaffId(7), 10)
        .await
        .unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].kind, journey_store::AccessKind::AppearedInSearch);
    assert_eq!(records[0].child, Some(journey_domain::ids::PersonId(42)));
    assert!(records[0].people_shown.is_empty());
}
