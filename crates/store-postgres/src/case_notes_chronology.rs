//! The chronology page's read on PostgreSQL: the child's entries narrowed by a filter, beside
//! the entries of family members. Each backend keeps its own (SQLite's builds JSON); the shared
//! `chronology_view` in `crates/store/sql/case_notes.rs` calls it.

use chrono::{DateTime, Utc};
use journey_domain::case_notes::ChronologyFilter;
use journey_domain::ids::{EventId, PersonId};
use journey_store::case_notes::whose_entry;
use journey_store::{
    ChildAccess, ChronologyEntry, ChronologyLine, ChronologyView, FamilyAccess, StoreResult,
};
use sqlx::{Postgres, QueryBuilder};

use crate::dialect::{SqlStore, db_err};

/// event, occurred at, kind, summary, significant, recorded by, recorded at, whose record
type LineRow = (
    i64,
    DateTime<Utc>,
    String,
    String,
    bool,
    String,
    DateTime<Utc>,
    i64,
);

impl SqlStore {
    pub(crate) async fn read_chronology(
        &self,
        access: &ChildAccess,
        filter: &ChronologyFilter,
        family: &[FamilyAccess],
    ) -> StoreResult<ChronologyView> {
        let mut conn = self.read().await?;
        let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
            "SELECT event_id, occurred_at, kind, summary, significant, recorded_by, recorded_at, child_id \
             FROM chronology_entry WHERE child_id IN (",
        );
        let mut people = sql.separated(", ");
        people.push_bind(access.child().0);
        if filter.include_family {
            for member in family {
                people.push_bind(member.access.child().0);
            }
        }
        sql.push(")");
        if let Some(kind) = &filter.kind {
            sql.push(" AND kind = ").push_bind(kind.clone());
        }
        let (from, to) = filter.instants();
        if let Some(from) = from {
            sql.push(" AND occurred_at >= ").push_bind(from);
        }
        if let Some(to) = to {
            sql.push(" AND occurred_at < ").push_bind(to);
        }
        if filter.significant_only {
            sql.push(" AND significant = ").push_bind(true);
        }
        sql.push(" ORDER BY occurred_at, event_id, ordinal");
        let rows: Vec<LineRow> = sql
            .build_query_as()
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
        let kinds: Vec<String> = sqlx::query_scalar(
            "SELECT kind FROM chronology_entry WHERE child_id = $1 GROUP BY kind ORDER BY kind COLLATE \"C\"",
        )
        .bind(access.child().0)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
        let total: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM chronology_entry WHERE child_id = $1")
                .bind(access.child().0)
                .fetch_one(&mut *conn)
                .await
                .map_err(db_err)?;
        let lines = rows
            .into_iter()
            .map(
                |(event, at, kind, summary, significant, recorded_by, recorded_at, person)| {
                    ChronologyLine {
                        entry: ChronologyEntry {
                            event: EventId(event),
                            occurred_at: at,
                            kind,
                            summary,
                            significant,
                            recorded_by,
                            recorded_at,
                        },
                        whose: whose_entry(access, family, PersonId(person)),
                    }
                },
            )
            .collect();
        Ok(ChronologyView {
            lines,
            kinds,
            total,
        })
    }
}
