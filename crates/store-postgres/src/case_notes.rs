//! The `case notes` capability on PostgreSQL (written once for both databases in
//! `crates/store/sql/case_notes.rs`), and its notes panel read, which is PostgreSQL's own.

use crate::dialect::*;

include!("../../store/sql/case_notes.rs");

use journey_store::NoteSummary;
use journey_store::case_notes::PANEL_NOTES;
use sqlx::{FromRow, Row};

impl SqlStore {
    /// The record page's notes panel in one statement whose cost is bounded by the panel, not
    /// by the child's history: the count from `case_note_count` (one row by its key), the latest
    /// notes from `case_note_current` (each note's current version: the highest in
    /// `case_note_version`) by the first `PANEL_NOTES` entries of its index in the panel's
    /// order, those versions read whole by their primary key, and the last visits as the last
    /// entry of one partial index each. Both tables are kept by triggers on the append-only
    /// notes (migration 0010). Every row carries the count and the last visits; a child with no
    /// notes gets no rows.
    pub(crate) async fn read_notes_panel(&self, child: PersonId) -> StoreResult<NotesPanel> {
        let rows = sqlx::query(
            "SELECT v.note_id, v.version, v.kind, v.occurred_at, v.body, v.child_seen, \
             v.seen_alone, v.bedroom_seen, v.reason, v.recorded_by, v.recorded_by_name, \
             v.recorded_at, t.total, \
             (SELECT s.occurred_at FROM case_note_current s \
              WHERE s.child_id = $1 AND s.child_seen = 'yes' \
              ORDER BY s.occurred_at DESC LIMIT 1) AS last_seen, \
             (SELECT s.occurred_at FROM case_note_current s \
              WHERE s.child_id = $1 AND s.seen_alone = 'yes' \
              ORDER BY s.occurred_at DESC LIMIT 1) AS last_seen_alone \
             FROM case_note_count t CROSS JOIN LATERAL ( \
                 SELECT c.note_id, c.version, c.occurred_at FROM case_note_current c \
                 WHERE c.child_id = t.child_id \
                 ORDER BY c.occurred_at DESC, c.note_id DESC LIMIT $2) latest \
             JOIN case_note_version v ON v.note_id = latest.note_id AND v.version = latest.version \
             WHERE t.child_id = $1 \
             ORDER BY latest.occurred_at DESC, latest.note_id DESC",
        )
        .bind(child.0)
        .bind(PANEL_NOTES)
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        let mut panel = NotesPanel {
            latest: Vec::with_capacity(rows.len()),
            total: 0,
            last_seen: None,
            last_seen_alone: None,
        };
        for row in rows {
            let (id, current) = version(VersionRow::from_row(&row).map_err(db_err)?)?;
            panel.latest.push(NoteSummary {
                id,
                corrected: current.version > 1,
                current,
            });
            panel.total = row.try_get("total").map_err(db_err)?;
            panel.last_seen = row.try_get("last_seen").map_err(db_err)?;
            panel.last_seen_alone = row.try_get("last_seen_alone").map_err(db_err)?;
        }
        Ok(panel)
    }
}
