//! The `case notes` capability on SQLite (written once for both databases in
//! `crates/store/sql/case_notes.rs`), and its notes panel read, which is SQLite's own.

use crate::dialect::*;

include!("../../store/sql/case_notes.rs");

use journey_store::NoteSummary;
use journey_store::case_notes::PANEL_NOTES;

use crate::codec::parse_ts;
use crate::json_read;

/// A `VersionRow` as the panel's JSON carries it: timestamps as their stored text.
type JsonVersionRow = (
    i64,
    i32,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    String,
    String,
);

impl SqlStore {
    /// The record page's notes panel: the latest notes, the count and the last visits in one
    /// statement (json_read.rs).
    pub(crate) async fn read_notes_panel(&self, child: PersonId) -> StoreResult<NotesPanel> {
        let (rows, total, last_seen, last_seen_alone): (String, i64, Option<String>, Option<String>) =
            sqlx::query_as(
                "SELECT \
                 (SELECT json_group_array(json_array(note_id, version, kind, occurred_at, body, child_seen, \
                         seen_alone, bedroom_seen, reason, recorded_by, recorded_by_name, recorded_at) \
                         ORDER BY occurred_at DESC, note_id DESC) \
                  FROM (SELECT v.* FROM case_note_version v JOIN case_note n ON n.id = v.note_id \
                        WHERE n.child_id = ?1 \
                        AND v.version = (SELECT MAX(w.version) FROM case_note_version w WHERE w.note_id = n.id) \
                        ORDER BY v.occurred_at DESC, n.id DESC LIMIT +?2)), \
                 (SELECT COUNT(*) FROM case_note WHERE child_id = ?1), \
                 (SELECT MAX(CASE WHEN v.child_seen = 'yes' THEN v.occurred_at END) \
                  FROM case_note n JOIN case_note_version v ON v.note_id = n.id WHERE n.child_id = ?1 \
                  AND v.version = (SELECT MAX(w.version) FROM case_note_version w WHERE w.note_id = n.id)), \
                 (SELECT MAX(CASE WHEN v.seen_alone = 'yes' THEN v.occurred_at END) \
                  FROM case_note n JOIN case_note_version v ON v.note_id = n.id WHERE n.child_id = ?1 \
                  AND v.version = (SELECT MAX(w.version) FROM case_note_version w WHERE w.note_id = n.id))",
            )
            .bind(child.0)
            .bind(PANEL_NOTES)
            .fetch_one(&mut *self.read().await?)
            .await
            .map_err(db_err)?;
        let rows: Vec<JsonVersionRow> = json_read::decode("the latest notes", &rows)?;
        Ok(NotesPanel {
            latest: rows
                .into_iter()
                .map(
                    |(
                        note,
                        number,
                        kind,
                        occurred_at,
                        text,
                        seen,
                        alone,
                        bedroom,
                        reason,
                        by,
                        by_name,
                        at,
                    )| {
                        let row = (
                            note,
                            number,
                            kind,
                            parse_ts(&occurred_at)?,
                            text,
                            seen,
                            alone,
                            bedroom,
                            reason,
                            by,
                            by_name,
                            parse_ts(&at)?,
                        );
                        version(row).map(|(id, current)| NoteSummary {
                            id,
                            corrected: current.version > 1,
                            current,
                        })
                    },
                )
                .collect::<StoreResult<_>>()?,
            total,
            last_seen: last_seen.as_deref().map(parse_ts).transpose()?,
            last_seen_alone: last_seen_alone.as_deref().map(parse_ts).transpose()?,
        })
    }
}
