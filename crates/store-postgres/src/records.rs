//! Children's records (written once for both databases in `crates/store/sql/records.rs`), and
//! PostgreSQL's own hot reads: the record page, the full chronology and search.

use crate::dialect::*;

include!("../../store/sql/records.rs");

use crate::record_page::{self, ChronologyRow, chronology_entry, select_chronology};

impl SqlStore {
    /// The record page of `child` as it stands on `today`, in one statement (`record_page.rs`).
    pub(crate) async fn read_record_page(
        &self,
        child: PersonId,
        today: NaiveDate,
    ) -> StoreResult<ChildRecord> {
        record_page::load(&mut *self.read().await?, child, today).await
    }

    /// Every chronology line of `child`, oldest first.
    pub(crate) async fn read_full_chronology(
        &self,
        child: PersonId,
    ) -> StoreResult<Vec<ChronologyEntry>> {
        let rows: Vec<ChronologyRow> = sqlx::query_as(select_chronology!(
            "WHERE child_id = $1 ORDER BY occurred_at, event_id, ordinal"
        ))
        .bind(child.0)
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        Ok(rows.into_iter().map(chronology_entry).collect())
    }

    /// The people a search finds (`families_search.rs`).
    pub(crate) async fn find_people(&self, query: &PersonQuery) -> StoreResult<Vec<SearchHit>> {
        crate::families_search::search(&self.pool, query).await
    }
}
