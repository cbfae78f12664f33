//! The `case notes` capability on SQLite (issue 3): drafts, finalised notes and corrections.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use journey_domain::case_notes::ChronologyFilter;
use journey_domain::case_notes::{NewNote, NoteId, NoteKind, Seen, wording};
use journey_domain::ids::{PersonId, StaffId};
use journey_domain::validation::FieldErrors;
use journey_store::case_notes::PANEL_NOTES;
use journey_store::{
    AccessKind, AccessLogEntry, Actor, CaseNotes, ChildAccess, ChronologyView, FamilyAccess,
    FamilyMember, NoteDraft, NoteHistory, NoteSummary, NoteVersion, NotesPanel, SavedDraft,
    StoreError, StoreResult,
};
use sqlx::SqliteConnection;

use crate::SqliteStore;
use crate::codec::{db_err, is_foreign_key_violation, is_unique_violation, parse_ts, ts};
use crate::journal::{Line, audit, chronology};
use crate::json_read;

/// note id, version, kind, occurred at, body, child seen, seen alone, bedroom seen, reason,
/// recorded by, recorded by name, recorded at
type VersionRow = (
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

macro_rules! select_version {
    ($rest:literal) => {
        concat!(
            "SELECT v.note_id, v.version, v.kind, v.occurred_at, v.body, v.child_seen, \
             v.seen_alone, v.bedroom_seen, v.reason, v.recorded_by, v.recorded_by_name, \
             v.recorded_at FROM case_note_version v ",
            $rest
        )
    };
}

fn code<T>(parsed: Option<T>, what: &str, value: &str) -> StoreResult<T> {
    parsed.ok_or_else(|| StoreError::Database(format!("unknown {what} code {value:?}")))
}

fn version(row: VersionRow) -> StoreResult<(NoteId, NoteVersion)> {
    let (
        note,
        version,
        kind,
        occurred_at,
        text,
        child_seen,
        seen_alone,
        bedroom_seen,
        reason,
        by,
        by_name,
        at,
    ) = row;
    Ok((
        NoteId(note),
        NoteVersion {
            version,
            kind: code(NoteKind::from_code(&kind), "note kind", &kind)?,
            occurred_at: parse_ts(&occurred_at)?,
            text,
            child_seen: code(Seen::from_code(&child_seen), "seen", &child_seen)?,
            seen_alone: code(Seen::from_code(&seen_alone), "seen", &seen_alone)?,
            bedroom_seen: code(Seen::from_code(&bedroom_seen), "seen", &bedroom_seen)?,
            reason,
            recorded_by: StaffId(by),
            recorded_by_name: by_name,
            recorded_at: parse_ts(&at)?,
        },
    ))
}

/// Writes one version of a note with its chronology line, inside the caller's transaction.
async fn write_version(
    tx: &mut SqliteConnection,
    access: &ChildAccess,
    note: NoteId,
    number: i32,
    content: &NewNote,
    reason: Option<&str>,
) -> StoreResult<()> {
    let (action, kind, summary) = match reason {
        None => (
            "note_finalised",
            content.kind.code(),
            wording::note_finalised(content.kind, &content.observations),
        ),
        Some(reason) => (
            "note_corrected",
            "note_corrected",
            wording::note_corrected(content.kind, content.occurred_at, reason),
        ),
    };
    let actor = &access.actor;
    let event = audit(
        tx,
        actor,
        Some(access.relationship),
        Some(access.child),
        action,
    )
    .await?;
    let staff = actor.staff_id().ok_or_else(|| {
        StoreError::Invalid(FieldErrors::single("note", "Only staff can write notes"))
    })?;
    sqlx::query(
        "INSERT INTO case_note_version (note_id, version, kind, occurred_at, body, child_seen, \
         seen_alone, bedroom_seen, reason, event_id, recorded_by, recorded_by_name, recorded_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )
    .bind(note.0)
    .bind(number)
    .bind(content.kind.code())
    .bind(ts(content.occurred_at))
    .bind(&content.text)
    .bind(content.observations.child_seen.code())
    .bind(content.observations.seen_alone.code())
    .bind(content.observations.bedroom_seen.code())
    .bind(reason)
    .bind(event.0)
    .bind(staff.0)
    .bind(actor.display_name())
    .bind(ts(actor.at))
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    chronology(
        tx,
        event,
        actor.display_name(),
        &[Line {
            child: access.child,
            // A correction is dated when it was made; the note's line keeps the contact's date.
            occurred_at: if reason.is_some() {
                actor.at
            } else {
                content.occurred_at
            },
            kind,
            summary: &summary,
            significant: false,
        }],
    )
    .await
}

#[async_trait]
impl CaseNotes for SqliteStore {
    async fn save_draft(
        &self,
        actor: &Actor,
        child: PersonId,
        draft: &NoteDraft,
    ) -> StoreResult<DateTime<Utc>> {
        let author = actor.staff_id().ok_or(StoreError::NotFound)?;
        sqlx::query(
            "INSERT INTO case_note_draft (author_id, child_id, note_key, kind, occurred_day, \
             occurred_month, occurred_year, occurred_time, body, child_seen, seen_alone, \
             bedroom_seen, saved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) \
             ON CONFLICT (author_id, child_id) DO UPDATE SET note_key = excluded.note_key, \
             kind = excluded.kind, occurred_day = excluded.occurred_day, \
             occurred_month = excluded.occurred_month, occurred_year = excluded.occurred_year, \
             occurred_time = excluded.occurred_time, body = excluded.body, \
             child_seen = excluded.child_seen, seen_alone = excluded.seen_alone, \
             bedroom_seen = excluded.bedroom_seen, saved_at = excluded.saved_at",
        )
        .bind(author.0)
        .bind(child.0)
        .bind(&draft.note_key)
        .bind(&draft.kind)
        .bind(&draft.occurred_day)
        .bind(&draft.occurred_month)
        .bind(&draft.occurred_year)
        .bind(&draft.occurred_time)
        .bind(&draft.text)
        .bind(&draft.child_seen)
        .bind(&draft.seen_alone)
        .bind(&draft.bedroom_seen)
        .bind(ts(actor.at))
        .execute(&self.writer)
        .await
        .map_err(|e| {
            if is_foreign_key_violation(&e) {
                StoreError::NotFound
            } else {
                db_err(e)
            }
        })?;
        Ok(actor.at)
    }

    async fn draft(&self, author: StaffId, child: PersonId) -> StoreResult<Option<SavedDraft>> {
        // From the writer: a draft saved a moment ago must be the one the form reloads.
        type DraftRow = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            String,
        );
        let row: Option<DraftRow> = sqlx::query_as(
            "SELECT note_key, kind, occurred_day, occurred_month, occurred_year, occurred_time, \
             body, child_seen, seen_alone, bedroom_seen, saved_at FROM case_note_draft \
             WHERE author_id = ?1 AND child_id = ?2",
        )
        .bind(author.0)
        .bind(child.0)
        .fetch_optional(&self.writer)
        .await
        .map_err(db_err)?;
        row.map(
            |(
                note_key,
                kind,
                day,
                month,
                year,
                time,
                text,
                child_seen,
                seen_alone,
                bedroom_seen,
                saved_at,
            )| {
                Ok(SavedDraft {
                    draft: NoteDraft {
                        note_key,
                        kind,
                        occurred_day: day,
                        occurred_month: month,
                        occurred_year: year,
                        occurred_time: time,
                        text,
                        child_seen,
                        seen_alone,
                        bedroom_seen,
                    },
                    saved_at: parse_ts(&saved_at)?,
                })
            },
        )
        .transpose()
    }

    async fn discard_draft(&self, author: StaffId, child: PersonId) -> StoreResult<()> {
        sqlx::query("DELETE FROM case_note_draft WHERE author_id = ?1 AND child_id = ?2")
            .bind(author.0)
            .bind(child.0)
            .execute(&self.writer)
            .await
            .map_err(db_err)?;
        Ok(())
    }

    async fn finalise_note(
        &self,
        access: &ChildAccess,
        note_key: &str,
        note: &NewNote,
    ) -> StoreResult<NoteId> {
        let author = access.actor.staff_id().ok_or(StoreError::NotFound)?;
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO case_note (child_id, author_id, note_key, created_at) \
             VALUES (?1, ?2, ?3, ?4) RETURNING id",
        )
        .bind(access.child.0)
        .bind(author.0)
        .bind(note_key)
        .bind(ts(access.actor.at))
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            if is_unique_violation(&e) {
                StoreError::Invalid(already_finalised())
            } else if is_foreign_key_violation(&e) {
                StoreError::NotFound
            } else {
                db_err(e)
            }
        })?;
        write_version(&mut tx, access, NoteId(id), 1, note, None).await?;
        sqlx::query("DELETE FROM case_note_draft WHERE author_id = ?1 AND child_id = ?2")
            .bind(author.0)
            .bind(access.child.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(NoteId(id))
    }

    async fn correct_note(
        &self,
        access: &ChildAccess,
        note: NoteId,
        corrected: &NewNote,
        reason: &str,
    ) -> StoreResult<i32> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let latest: Option<i32> = sqlx::query_scalar(
            "SELECT MAX(v.version) FROM case_note n JOIN case_note_version v ON v.note_id = n.id \
             WHERE n.id = ?1 AND n.child_id = ?2",
        )
        .bind(note.0)
        .bind(access.child.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        let next = latest.ok_or(StoreError::NotFound)? + 1;
        write_version(&mut tx, access, note, next, corrected, Some(reason)).await?;
        tx.commit().await.map_err(db_err)?;
        Ok(next)
    }

    async fn note_history(&self, access: &ChildAccess, note: NoteId) -> StoreResult<NoteHistory> {
        let owner: Option<(i64,)> =
            sqlx::query_as("SELECT author_id FROM case_note WHERE id = ?1 AND child_id = ?2")
                .bind(note.0)
                .bind(access.child.0)
                .fetch_optional(&mut *self.readers.get().await?)
                .await
                .map_err(db_err)?;
        let (author,) = owner.ok_or(StoreError::NotFound)?;
        let rows: Vec<VersionRow> =
            sqlx::query_as(select_version!("WHERE v.note_id = ?1 ORDER BY v.version"))
                .bind(note.0)
                .fetch_all(&mut *self.readers.get().await?)
                .await
                .map_err(db_err)?;
        let versions = rows
            .into_iter()
            .map(|row| version(row).map(|(_, v)| v))
            .collect::<StoreResult<Vec<_>>>()?;
        self.access
            .write(vec![AccessLogEntry::by(
                &access.actor,
                Some(access.relationship),
                Some(access.child),
                AccessKind::ViewedRecord,
                &format!("case note {note}"),
            )])
            .await?;
        Ok(NoteHistory {
            id: note,
            child: access.child,
            author: StaffId(author),
            versions,
        })
    }

    async fn notes_panel(&self, child: PersonId) -> StoreResult<NotesPanel> {
        // The latest notes, the count and the last visits in one statement (json_read.rs).
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
            .fetch_one(&mut *self.readers.get().await?)
            .await
            .map_err(db_err)?;
        let rows: Vec<VersionRow> = json_read::decode("the latest notes", &rows)?;
        Ok(NotesPanel {
            latest: rows
                .into_iter()
                .map(|row| {
                    version(row).map(|(id, current)| NoteSummary {
                        id,
                        corrected: current.version > 1,
                        current,
                    })
                })
                .collect::<StoreResult<_>>()?,
            total,
            last_seen: last_seen.as_deref().map(parse_ts).transpose()?,
            last_seen_alone: last_seen_alone.as_deref().map(parse_ts).transpose()?,
        })
    }

    async fn family_members(&self, child: PersonId) -> StoreResult<Vec<FamilyMember>> {
        crate::case_notes_chronology::family_members(&mut *self.readers.get().await?, child).await
    }

    async fn chronology_view(
        &self,
        access: &ChildAccess,
        filter: &ChronologyFilter,
        family: &[FamilyAccess],
    ) -> StoreResult<ChronologyView> {
        let view = crate::case_notes_chronology::view(
            &mut *self.readers.get().await?,
            access,
            filter,
            family,
        )
        .await?;
        self.access
            .write(crate::case_notes_chronology::viewed(access, filter, family))
            .await?;
        Ok(view)
    }

    async fn try_change_finalised_note(&self, note: NoteId) -> Vec<StoreResult<u64>> {
        let mut results = Vec::new();
        for sql in [
            "UPDATE case_note_version SET body = 'rewritten' WHERE note_id = ?1",
            "DELETE FROM case_note_version WHERE note_id = ?1",
            "UPDATE case_note SET child_id = child_id WHERE id = ?1",
            "DELETE FROM case_note WHERE id = ?1",
        ] {
            results.push(
                sqlx::query(sql)
                    .bind(note.0)
                    .execute(&self.writer)
                    .await
                    .map(|r| r.rows_affected())
                    .map_err(db_err),
            );
        }
        results
    }
}

fn already_finalised() -> FieldErrors {
    FieldErrors::single(
        "note",
        "This note has already been finalised. To change it, record a correction.",
    )
}
