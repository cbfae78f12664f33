//! The store contract, run against SQLite: a fresh pair of database files per case.

use std::sync::Arc;

use journey_store::contract::cases;
use journey_store::{Backend, Records, Store};
use journey_store_sqlite::{SqlitePaths, SqliteStore};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_passes_the_store_contract() {
    let mut ran = 0;
    for (name, case) in cases() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(&SqlitePaths::beside(&dir.path().join("journey.db")))
            .await
            .unwrap();
        let store: Arc<dyn Store> = Arc::new(store);
        eprintln!("contract case {name}");
        case(store, Backend::Sqlite).await;
        ran += 1;
    }
    assert_eq!(ran, cases().len());
    assert!(ran >= 14);
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
