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
    /// statement (json_read.rs), whose cost is bounded by the panel, not by the child's
    /// history. The latest notes are the first `PANEL_NOTES` entries of `case_note_current`'s
    /// index (each note's current version: the highest in `case_note_version`) in the panel's
    /// order, those versions read whole by their primary key; the count is one row of
    /// `case_note_count`, and each last visit the last entry of a partial index. Both tables are
    /// kept by triggers on the append-only notes (migration 0009).
    pub(crate) async fn read_notes_panel(&self, child: PersonId) -> StoreResult<NotesPanel> {
        let (rows, total, last_seen, last_seen_alone): (String, i64, Option<String>, Option<String>) =
            sqlx::query_as(
                "SELECT \
                 (SELECT json_group_array(json_array(v.note_id, v.version, v.kind, v.occurred_at, \
                         v.body, v.child_seen, v.seen_alone, v.bedroom_seen, v.reason, v.recorded_by, \
                         v.recorded_by_name, v.recorded_at) \
                         ORDER BY c.occurred_at DESC, c.note_id DESC) \
                  FROM (SELECT note_id, version, occurred_at FROM case_note_current \
                        WHERE child_id = ?1 ORDER BY occurred_at DESC, note_id DESC LIMIT +?2) c \
                  JOIN case_note_version v ON v.note_id = c.note_id AND v.version = c.version), \
                 COALESCE((SELECT total FROM case_note_count WHERE child_id = ?1), 0), \
                 (SELECT occurred_at FROM case_note_current WHERE child_id = ?1 AND child_seen = 'yes' \
                  ORDER BY occurred_at DESC LIMIT 1), \
                 (SELECT occurred_at FROM case_note_current WHERE child_id = ?1 AND seen_alone = 'yes' \
                  ORDER BY occurred_at DESC LIMIT 1)",
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
