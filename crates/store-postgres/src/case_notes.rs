//! The `case notes` capability on PostgreSQL (written once for both databases in
//! `crates/store/sql/case_notes.rs`), and its notes panel read, which is PostgreSQL's own.

use crate::dialect::*;

include!("../../store/sql/case_notes.rs");

use journey_store::NoteSummary;
use journey_store::case_notes::PANEL_NOTES;
use sqlx::{FromRow, Row};

impl SqlStore {
    /// The record page's notes panel in one statement that reads each of the child's notes
    /// once: its current version through the primary key (the highest version, one row), ranked
    /// and counted in that pass, then only the panel's few versions read whole. The old plan
    /// read the child's notes twice, each time hashing every version in the table. Every row
    /// carries the count and the last visits; a child with no notes gets no rows.
    ///
    /// It still visits every note of the child (one index probe each): no index orders a
    /// child's notes by their current version's date of contact, so nothing shorter finds the
    /// latest ones exactly.
    pub(crate) async fn read_notes_panel(&self, child: PersonId) -> StoreResult<NotesPanel> {
        let rows = sqlx::query(
            "SELECT v.note_id, v.version, v.kind, v.occurred_at, v.body, v.child_seen, \
             v.seen_alone, v.bedroom_seen, v.reason, v.recorded_by, v.recorded_by_name, \
             v.recorded_at, latest.total, latest.last_seen, latest.last_seen_alone \
             FROM (SELECT c.note_id, c.version, COUNT(*) OVER () AS total, \
                   MAX(CASE WHEN c.child_seen = 'yes' THEN c.occurred_at END) OVER () AS last_seen, \
                   MAX(CASE WHEN c.seen_alone = 'yes' THEN c.occurred_at END) OVER () AS last_seen_alone \
                   FROM case_note n CROSS JOIN LATERAL ( \
                       SELECT w.note_id, w.version, w.occurred_at, w.child_seen, w.seen_alone \
                       FROM case_note_version w WHERE w.note_id = n.id \
                       ORDER BY w.version DESC LIMIT 1) c \
                   WHERE n.child_id = $1 \
                   ORDER BY c.occurred_at DESC, c.note_id DESC LIMIT $2) latest \
             JOIN case_note_version v ON v.note_id = latest.note_id AND v.version = latest.version \
             ORDER BY v.occurred_at DESC, v.note_id DESC",
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
