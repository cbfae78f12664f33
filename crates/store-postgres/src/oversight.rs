//! Reading back the audit trail and the access records (written once for both databases in `crates/store/sql/oversight.rs`).

use crate::dialect::*;

include!("../../store/sql/oversight.rs");

/// The people a result list showed, as the `bigint[]` column holds them.
type PeopleShown = Vec<i64>;

fn people_shown(shown: Option<PeopleShown>) -> StoreResult<Vec<PersonId>> {
    Ok(shown
        .unwrap_or_default()
        .into_iter()
        .map(PersonId)
        .collect())
}

impl SqlStore {
    /// Where access records are read: the one database.
    fn access_reads(&self) -> &sqlx::PgPool {
        &self.pool
    }

    /// What writes the audit trail and what writes the access records: the one database.
    fn audit_writers(&self) -> [&sqlx::PgPool; 2] {
        [&self.pool, &self.pool]
    }
}

impl SqlStore {
    /// The role the pool's connections sign in as, whose grants decide what it may change.
    async fn signed_in_as(&self) -> StoreResult<Option<String>> {
        sqlx::query_scalar("SELECT current_user::text")
            .fetch_one(&self.pool)
            .await
            .map(Some)
            .map_err(db_err)
    }
}
