//! Picks the backend from the database URL's scheme and opens it (migrating at start-up).

use std::sync::Arc;

use journey_store::{Store, StoreError};
use journey_store_postgres::{PostgresStore, is_postgres_url};
use journey_store_sqlite::{SqliteStore, is_sqlite_url};

use crate::settings::redact_url;

pub async fn open_store(url: &str) -> Result<Arc<dyn Store>, StoreError> {
    if is_sqlite_url(url) {
        Ok(Arc::new(SqliteStore::open_url(url).await?))
    } else if is_postgres_url(url) {
        Ok(Arc::new(PostgresStore::open_url(url).await?))
    } else {
        Err(StoreError::Database(format!(
            "the database URL {} is neither sqlite:// nor postgres://",
            redact_url(url)
        )))
    }
}
