//! The store contract, run against SQLite: a fresh pair of database files per case.

use std::sync::Arc;

use journey_store::contract::cases;
use journey_store::{Backend, Store};
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
