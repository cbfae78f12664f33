//! The chronology page's read on SQLite: the child's entries narrowed by a filter, beside the
//! entries of family members. SQLite's own (the shared `chronology_view` in
//! `crates/store/sql/case_notes.rs` calls it): one statement building JSON.

use journey_domain::case_notes::ChronologyFilter;
use journey_domain::ids::{EventId, PersonId};
use journey_store::case_notes::whose_entry;
use journey_store::{
    ChildAccess, ChronologyEntry, ChronologyLine, ChronologyView, FamilyAccess, StoreResult,
};
use sqlx::{QueryBuilder, Sqlite};

use crate::codec::parse_ts;
use crate::dialect::{SqlStore, db_err, ts};
use crate::json_read;

/// event, occurred at, kind, summary, significant, recorded by, recorded at, whose record
type LineRow = (i64, String, String, String, bool, String, String, i64);

impl SqlStore {
    pub(crate) async fn read_chronology(
        &self,
        access: &ChildAccess,
        filter: &ChronologyFilter,
        family: &[FamilyAccess],
    ) -> StoreResult<ChronologyView> {
        // One statement and one JSON row for the lines, the kinds and the total: every row sqlx
        // returns is a hand-off between threads, and a whole chronology is hundreds (json_read.rs).
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
            "SELECT (SELECT json_group_array(json_array(event_id, occurred_at, kind, summary, \
             json(iif(significant, 'true', 'false')), recorded_by, recorded_at, child_id)) FROM (SELECT * FROM chronology_entry WHERE child_id IN (",
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
            sql.push(" AND occurred_at >= ").push_bind(ts(from));
        }
        if let Some(to) = to {
            sql.push(" AND occurred_at < ").push_bind(ts(to));
        }
        if filter.significant_only {
            sql.push(" AND significant = ").push_bind(true);
        }
        // Aggregated in the subquery's order, which SQLite keeps (it never flattens an ordered
        // subquery into an aggregate): an ORDER BY inside the aggregate would sort 500 rows again.
        sql.push(" ORDER BY occurred_at, event_id, ordinal))");
        sql.push(", (SELECT json_group_array(kind ORDER BY kind) FROM (SELECT DISTINCT kind FROM chronology_entry WHERE child_id = ")
            .push_bind(access.child().0)
            .push(")), (SELECT COUNT(*) FROM chronology_entry WHERE child_id = ")
            .push_bind(access.child().0)
            .push(")");
        let (rows, kinds, total): (String, String, i64) = sql
            .build_query_as()
            .fetch_one(&mut *self.read().await?)
            .await
            .map_err(db_err)?;
        let rows: Vec<LineRow> = json_read::decode("the chronology", &rows)?;
        let kinds: Vec<String> = json_read::decode("the chronology's kinds", &kinds)?;
        let lines = rows
            .into_iter()
            .map(
                |(event, at, kind, summary, significant, recorded_by, recorded_at, person)| {
                    Ok(ChronologyLine {
                        entry: ChronologyEntry {
                            event: EventId(event),
                            occurred_at: parse_ts(&at)?,
                            kind,
                            summary,
                            significant,
                            recorded_by,
                            recorded_at: parse_ts(&recorded_at)?,
                        },
                        whose: whose_entry(access, family, PersonId(person)),
                    })
                },
            )
            .collect::<StoreResult<_>>()?;
        Ok(ChronologyView {
            lines,
            kinds,
            total,
        })
    }
}
