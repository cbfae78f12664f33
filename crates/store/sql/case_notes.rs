// The `case notes` capability (issue 3): drafts, finalised notes and corrections. Written once
// for both databases: `include!`d by each backend's `case_notes.rs` (names from its
// `dialect.rs`). The record page's notes panel and the chronology page are measured hot reads,
// so each backend keeps its own (`read_notes_panel` in its `case_notes.rs`, `read_chronology`
// in its `case_notes_chronology.rs`).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::case_notes::{ChronologyFilter, NewNote, NoteId, NoteKind, Seen, wording};
use journey_domain::ids::{PersonId, StaffId};
use journey_domain::validation::FieldErrors;
use journey_store::case_notes::{chronology_viewed, distinct_family};
use journey_store::{
    AccessKind, AccessLogEntry, Actor, CaseNotes, ChildAccess, ChronologyView, DraftOnTeam,
    FamilyAccess, FamilyMember, NoteDraft, NoteHistory, NoteVersion, NotesPanel, SavedDraft,
    StoreError, StoreResult,
};

use crate::journal::{Event, Journal, Line};

/// note id, version, kind, occurred at, body, child seen, seen alone, bedroom seen, reason,
/// recorded by, recorded by name, recorded at
type VersionRow = (
    i64,
    i32,
    String,
    DateTime<Utc>,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    String,
    DateTime<Utc>,
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
            occurred_at,
            text,
            child_seen: code(Seen::from_code(&child_seen), "seen", &child_seen)?,
            seen_alone: code(Seen::from_code(&seen_alone), "seen", &seen_alone)?,
            bedroom_seen: code(Seen::from_code(&bedroom_seen), "seen", &bedroom_seen)?,
            reason,
            recorded_by: StaffId(by),
            recorded_by_name: by_name,
            recorded_at: at,
        },
    ))
}

/// Writes one version of a note with its event (audit record and chronology line), inside the
/// caller's write.
async fn write_version(
    tx: &mut Journal,
    access: &ChildAccess,
    note: NoteId,
    number: i32,
    content: &NewNote,
    reason: Option<&str>,
) -> StoreResult<()> {
    let actor = access.actor();
    let staff = actor.staff_id().ok_or_else(|| {
        StoreError::Invalid(FieldErrors::single("note", "Only staff can write notes"))
    })?;
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
    let event = tx
        .record(Event {
            actor,
            relationship: Some(access.relationship()),
            child: Some(access.child()),
            action,
            subject: None,
            lines: &[Line {
                child: access.child(),
                // A correction is dated when it was made; the note's line keeps the contact's
                // date.
                occurred_at: if reason.is_some() {
                    actor.at
                } else {
                    content.occurred_at
                },
                kind,
                summary: &summary,
                significant: false,
            }],
        })
        .await?;
    sqlx::query(
        "INSERT INTO case_note_version (note_id, version, kind, occurred_at, body, child_seen, \
         seen_alone, bedroom_seen, reason, event_id, recorded_by, recorded_by_name, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
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
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// note key, kind, day, month, year, time, body, child seen, seen alone, bedroom seen (all as
/// typed), saved at
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
    DateTime<Utc>,
);

#[async_trait]
impl CaseNotes for SqlStore {
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
             bedroom_seen, saved_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) \
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
        .execute(&mut *self.write().await?)
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
        // Through the write connection: a draft saved a moment ago must be the one the form
        // reloads (on SQLite, a reader may not yet see the writer's last commit).
        let row: Option<DraftRow> = sqlx::query_as(
            "SELECT note_key, kind, occurred_day, occurred_month, occurred_year, occurred_time, \
             body, child_seen, seen_alone, bedroom_seen, saved_at FROM case_note_draft \
             WHERE author_id = $1 AND child_id = $2",
        )
        .bind(author.0)
        .bind(child.0)
        .fetch_optional(&mut *self.write().await?)
        .await
        .map_err(db_err)?;
        Ok(row.map(
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
                SavedDraft {
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
                    saved_at,
                }
            },
        ))
    }

    async fn drafts_on_teams(&self, actor: &Actor, on: NaiveDate) -> StoreResult<Vec<DraftOnTeam>> {
        let Some(manager) = actor.staff_id() else {
            return Ok(Vec::new());
        };
        // The manager's team and every team under it, then the drafts on the children
        // allocated to one of them on the day: who wrote them and when, never what.
        let rows: Vec<(i64, String, String, String, String, DateTime<Utc>)> = sqlx::query_as(
            "WITH RECURSIVE line(id) AS ( \
               SELECT team_id FROM staff WHERE id = $1 AND role IN ('team_manager', 'service_manager') \
               AND team_id IS NOT NULL \
               UNION SELECT t.id FROM team t JOIN line ON t.parent_id = line.id) \
             SELECT p.id, p.given_name, p.family_name, s.display_name, t.name, d.saved_at \
             FROM case_note_draft d \
             JOIN person p ON p.id = d.child_id \
             JOIN staff s ON s.id = d.author_id \
             JOIN allocation a ON a.child_id = d.child_id AND a.start_date <= $2 \
               AND (a.end_date IS NULL OR a.end_date > $2) \
             JOIN team t ON t.id = a.team_id \
             WHERE a.team_id IN (SELECT id FROM line) \
             ORDER BY d.saved_at, p.id, s.id",
        )
        .bind(manager.0)
        .bind(on)
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        let drafts: Vec<DraftOnTeam> = rows
            .into_iter()
            .map(
                |(child, given_name, family_name, author_name, team_name, saved_at)| DraftOnTeam {
                    child: PersonId(child),
                    given_name,
                    family_name,
                    author_name,
                    team_name,
                    saved_at,
                },
            )
            .collect();
        if !drafts.is_empty() {
            let mut shown: Vec<PersonId> = Vec::new();
            for draft in &drafts {
                if !shown.contains(&draft.child) {
                    shown.push(draft.child);
                }
            }
            self.record_access(vec![AccessLogEntry::result_list(actor, shown)])
                .await?;
        }
        Ok(drafts)
    }

    async fn discard_draft(&self, author: StaffId, child: PersonId) -> StoreResult<()> {
        sqlx::query("DELETE FROM case_note_draft WHERE author_id = $1 AND child_id = $2")
            .bind(author.0)
            .bind(child.0)
            .execute(&mut *self.write().await?)
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
        let author = access.actor().staff_id().ok_or(StoreError::NotFound)?;
        let mut tx = self.journal().await?;
        // The form's key is unique for its author and child: a second "finalise" of the same
        // form (a double click, a resent request) is refused here, and nothing of it is
        // written. It is stored scoped as `author:child:key` (a key itself holds no `:`), so
        // one author's key never collides with another's, nor says whether anyone else used it.
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO case_note (child_id, author_id, note_key, created_at) \
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(access.child().0)
        .bind(author.0)
        .bind(format!("{}:{}:{note_key}", author.0, access.child().0))
        .bind(ts(access.actor().at))
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
        sqlx::query("DELETE FROM case_note_draft WHERE author_id = $1 AND child_id = $2")
            .bind(author.0)
            .bind(access.child().0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        tx.commit().await?;
        Ok(NoteId(id))
    }

    async fn correct_note(
        &self,
        access: &ChildAccess,
        note: NoteId,
        corrected: &NewNote,
        reason: &str,
    ) -> StoreResult<i32> {
        let mut tx = self.journal().await?;
        // Locks the note, so two corrections at once become successive versions, not the same
        // one. A note of another child is not found.
        let found: Option<i64> = sqlx::query_scalar(concat!(
            "SELECT id FROM case_note WHERE id = $1 AND child_id = $2",
            for_update!()
        ))
        .bind(note.0)
        .bind(access.child().0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        found.ok_or(StoreError::NotFound)?;
        let latest: Option<i32> =
            sqlx::query_scalar("SELECT MAX(version) FROM case_note_version WHERE note_id = $1")
                .bind(note.0)
                .fetch_one(&mut *tx)
                .await
                .map_err(db_err)?;
        let next = latest.ok_or(StoreError::NotFound)? + 1;
        write_version(&mut tx, access, note, next, corrected, Some(reason)).await?;
        tx.commit().await?;
        Ok(next)
    }

    async fn note_history(&self, access: &ChildAccess, note: NoteId) -> StoreResult<NoteHistory> {
        let (author, rows) = {
            let mut conn = self.read().await?;
            let author: Option<i64> = sqlx::query_scalar(
                "SELECT author_id FROM case_note WHERE id = $1 AND child_id = $2",
            )
            .bind(note.0)
            .bind(access.child().0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
            let author = author.ok_or(StoreError::NotFound)?;
            let rows: Vec<VersionRow> =
                sqlx::query_as(select_version!("WHERE v.note_id = $1 ORDER BY v.version"))
                    .bind(note.0)
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(db_err)?;
            (author, rows)
        };
        let versions = rows
            .into_iter()
            .map(|row| version(row).map(|(_, v)| v))
            .collect::<StoreResult<Vec<_>>>()?;
        self.record_access(vec![AccessLogEntry::through(
            access,
            AccessKind::ViewedRecord,
            &format!("case note {note}"),
        )])
        .await?;
        Ok(NoteHistory {
            id: note,
            child: access.child(),
            author: StaffId(author),
            versions,
        })
    }

    async fn notes_panel(&self, access: &ChildAccess) -> StoreResult<NotesPanel> {
        self.read_notes_panel(access.child()).await
    }

    /// Parents, carers and other relatives recorded with the child (either side of the
    /// relationship), then children who share one of those people with the child.
    async fn family_members(&self, access: &ChildAccess) -> StoreResult<Vec<FamilyMember>> {
        let child = access.child();
        let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT p.id, p.given_name, p.family_name, r.kind FROM person_relationship r \
             JOIN person p ON p.id = r.person_id WHERE r.related_person_id = $1 \
             UNION ALL \
             SELECT p.id, p.given_name, p.family_name, 'recorded with this child as their ' || r.kind \
             FROM person_relationship r JOIN person p ON p.id = r.related_person_id WHERE r.person_id = $1 \
             UNION ALL \
             SELECT p.id, p.given_name, p.family_name, 'child of the same ' || mine.kind \
             FROM person_relationship mine \
             JOIN person_relationship theirs ON theirs.person_id = mine.person_id \
             JOIN person p ON p.id = theirs.related_person_id \
             WHERE mine.related_person_id = $1 AND theirs.related_person_id <> $1",
        )
        .bind(child.0)
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        let members = rows
            .into_iter()
            .map(|(id, given, family, relationship)| FamilyMember {
                person: PersonId(id),
                name: format!("{given} {family}"),
                relationship,
            })
            .collect();
        Ok(distinct_family(child, members))
    }

    async fn chronology_view(
        &self,
        access: &ChildAccess,
        filter: &ChronologyFilter,
        family: &[FamilyAccess],
    ) -> StoreResult<ChronologyView> {
        let view = self.read_chronology(access, filter, family).await?;
        self.record_access(chronology_viewed(access, filter, family))
            .await?;
        Ok(view)
    }

    async fn try_change_finalised_note(&self, note: NoteId) -> Vec<StoreResult<u64>> {
        let mut results = Vec::new();
        for sql in [
            "UPDATE case_note_version SET body = 'rewritten' WHERE note_id = $1",
            "DELETE FROM case_note_version WHERE note_id = $1",
            "UPDATE case_note SET child_id = child_id WHERE id = $1",
            "DELETE FROM case_note WHERE id = $1",
        ] {
            let attempt = async {
                sqlx::query(sql)
                    .bind(note.0)
                    .execute(&mut *self.write().await?)
                    .await
                    .map(|r| r.rows_affected())
                    .map_err(db_err)
            };
            results.push(attempt.await);
        }
        results
    }

    async fn notes_panel_drift(&self) -> StoreResult<Vec<String>> {
        macro_rules! current {
            () => {
                "SELECT note_id, child_id, version, occurred_at, child_seen, seen_alone \
                 FROM case_note_current"
            };
        }
        macro_rules! recomputed {
            () => {
                "SELECT v.note_id, n.child_id, v.version, v.occurred_at, v.child_seen, \
                 v.seen_alone FROM case_note n JOIN case_note_version v ON v.note_id = n.id \
                 WHERE v.version = \
                 (SELECT MAX(w.version) FROM case_note_version w WHERE w.note_id = n.id)"
            };
        }
        macro_rules! counted {
            () => {
                "SELECT child_id, total FROM case_note_count"
            };
        }
        macro_rules! recounted {
            () => {
                "SELECT child_id, COUNT(*) FROM case_note GROUP BY child_id"
            };
        }
        sqlx::query_scalar(concat!(
            "SELECT 'note ' || CAST(d.note_id AS TEXT) FROM (",
            current!(),
            " EXCEPT ",
            recomputed!(),
            ") d UNION SELECT 'note ' || CAST(d.note_id AS TEXT) FROM (",
            recomputed!(),
            " EXCEPT ",
            current!(),
            ") d UNION SELECT 'child ' || CAST(d.child_id AS TEXT) FROM (",
            counted!(),
            " EXCEPT ",
            recounted!(),
            ") d UNION SELECT 'child ' || CAST(d.child_id AS TEXT) FROM (",
            recounted!(),
            " EXCEPT ",
            counted!(),
            ") d ORDER BY 1"
        ))
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)
    }
}

fn already_finalised() -> FieldErrors {
    FieldErrors::single(
        "note",
        "This note has already been finalised. To change it, record a correction.",
    )
}
