//! Reading back the audit trail and the access records (written once for both databases in `crates/store/sql/oversight.rs`).

use crate::dialect::*;

include!("../../store/sql/oversight.rs");

/// The people a result list showed, as the access file holds them: a JSON array of ids.
type PeopleShown = String;

fn people_shown(shown: Option<PeopleShown>) -> StoreResult<Vec<PersonId>> {
    let ids: Vec<i64> = match shown {
        Some(json) => serde_json::from_str(&json)
            .map_err(|e| StoreError::Database(format!("unreadable people_shown: {e}")))?,
        None => Vec::new(),
    };
    Ok(ids.into_iter().map(PersonId).collect())
}

impl SqlStore {
    /// Where access records are read: the access file's own read-only pool.
    fn access_reads(&self) -> &sqlx::SqlitePool {
        &self.access_readers
    }

    /// What writes the audit trail (the main file's writer) and what writes the access records
    /// (the access file's).
    fn audit_writers(&self) -> [&sqlx::SqlitePool; 2] {
        [&self.writer, self.access.pool()]
    }
}

impl SqlStore {
    /// SQLite has no roles: whoever can open the files can write them, and only the triggers
    /// keep the append-only tables as they are.
    async fn signed_in_as(&self) -> StoreResult<Option<String>> {
        Ok(None)
    }
}
