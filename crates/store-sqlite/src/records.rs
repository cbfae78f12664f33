//! Children's records: the writes that change them and the audited reads that open them.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::access::{Action, Relationship};
use journey_domain::families::sound::sound_key;
use journey_domain::ids::{EventId, PersonId, StaffId, TeamId};
use journey_domain::person::{NewChild, Sex, name_key};
use journey_domain::staff::Role;
use journey_domain::validation::FieldErrors;
use journey_store::{
    AccessKind, AccessLogEntry, Actor, CaseloadEntry, ChildAccess, ChildDetails, ChildRecord,
    ChronologyEntry, CurrentAllocation, ImportedChild, NewAllocation, NewChronologyEntry,
    PersonQuery, RECENT_CHRONOLOGY, Records, RelatedPerson, SearchHit, StoreError, StoreResult,
    wording,
};
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::SqliteStore;
use crate::codec::{
    date, db_err, is_foreign_key_violation, parse_date, parse_opt_date, parse_ts, ts,
};
use crate::journal::{Line, audit, chronology};
use crate::json_read;

/// A person row about to be written.
pub(crate) struct PersonRow<'a> {
    pub given: &'a str,
    pub family: &'a str,
    pub born: Option<NaiveDate>,
    pub expected: Option<NaiveDate>,
    pub sex: Sex,
    pub is_child: bool,
}

impl<'a> PersonRow<'a> {
    fn child(child: &'a NewChild) -> Self {
        PersonRow {
            given: &child.given_name,
            family: &child.family_name,
            born: child.date_of_birth,
            expected: child.expected_date_of_birth,
            sex: child.sex,
            is_child: true,
        }
    }
}

pub(crate) async fn insert_person(
    tx: &mut SqliteConnection,
    person: &PersonRow<'_>,
    at: &str,
) -> StoreResult<PersonId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO person (given_name, family_name, given_key, family_key, date_of_birth, \
         expected_date_of_birth, sex, is_child, created_at, given_sound, family_sound) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
    )
    .bind(person.given)
    .bind(person.family)
    .bind(name_key(person.given))
    .bind(name_key(person.family))
    .bind(person.born.map(date))
    .bind(person.expected.map(date))
    .bind(person.sex.code())
    .bind(person.is_child)
    .bind(at)
    .bind(sound_key(person.given))
    .bind(sound_key(person.family))
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    Ok(PersonId(id))
}

/// Ends any open allocation of the child and starts a new one, inside the caller's transaction.
async fn write_allocation(
    tx: &mut SqliteConnection,
    child: PersonId,
    worker: StaffId,
    team: TeamId,
    from: NaiveDate,
) -> StoreResult<(String, String)> {
    let names: Option<(String, String, String)> = sqlx::query_as(
        "SELECT s.display_name, s.role, t.name FROM staff s, team t WHERE s.id = ?1 AND t.id = ?2",
    )
    .bind(worker.0)
    .bind(team.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some((worker_name, role, team_name)) = names else {
        return Err(StoreError::Invalid(FieldErrors::single(
            "worker",
            "Choose a worker and a team that exist",
        )));
    };
    if !Role::from_code(&role).is_some_and(Role::can_be_allocated) {
        return Err(StoreError::Invalid(FieldErrors::single(
            "worker",
            "Choose a social worker or team manager to allocate the child to",
        )));
    }
    sqlx::query("UPDATE allocation SET end_date = ?1 WHERE child_id = ?2 AND end_date IS NULL")
        .bind(date(from))
        .bind(child.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    sqlx::query(
        "INSERT INTO allocation (child_id, worker_id, team_id, start_date) VALUES (?1, ?2, ?3, ?4)",
    )
    .bind(child.0)
    .bind(worker.0)
    .bind(team.0)
    .bind(date(from))
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        if is_foreign_key_violation(&e) {
            StoreError::NotFound
        } else {
            db_err(e)
        }
    })?;
    Ok((worker_name, team_name))
}

async fn write_reviewing_officer(
    tx: &mut SqliteConnection,
    child: PersonId,
    officer: StaffId,
    from: NaiveDate,
) -> StoreResult<String> {
    let officer_row: Option<(String, String)> =
        sqlx::query_as("SELECT display_name, role FROM staff WHERE id = ?1")
            .bind(officer.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
    let Some((name, role)) = officer_row.filter(|(_, role)| role == Role::ReviewingOfficer.code())
    else {
        return Err(StoreError::Invalid(FieldErrors::single(
            "officer",
            "Choose an independent reviewing officer",
        )));
    };
    let _ = role;
    sqlx::query(
        "UPDATE reviewing_officer_assignment SET end_date = ?1 WHERE child_id = ?2 AND end_date IS NULL",
    )
    .bind(date(from))
    .bind(child.0)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    sqlx::query(
        "INSERT INTO reviewing_officer_assignment (child_id, officer_id, start_date) VALUES (?1, ?2, ?3)",
    )
    .bind(child.0)
    .bind(officer.0)
    .bind(date(from))
    .execute(&mut *tx)
    .await
    .map_err(|e| {
        if is_foreign_key_violation(&e) {
            StoreError::NotFound
        } else {
            db_err(e)
        }
    })?;
    Ok(name)
}

/// given name, family name, date of birth, expected date of birth, sex
type ChildRow = (String, String, Option<String>, Option<String>, String);

async fn child_details(conn: &mut SqliteConnection, id: PersonId) -> StoreResult<ChildDetails> {
    let child: Option<ChildRow> = sqlx::query_as(
        "SELECT given_name, family_name, date_of_birth, expected_date_of_birth, sex \
         FROM person WHERE id = ?1 AND is_child = 1",
    )
    .bind(id.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let (given_name, family_name, born, expected, sex) = child.ok_or(StoreError::NotFound)?;
    Ok(ChildDetails {
        id,
        given_name,
        family_name,
        date_of_birth: parse_opt_date(born)?,
        expected_date_of_birth: parse_opt_date(expected)?,
        sex: Sex::from_code(&sex).unwrap_or(Sex::NotKnown),
    })
}

/// The current allocation (worker, name, team, name, from) and reviewing officer, if any.
type AllocationRow = (
    Option<i64>,
    Option<String>,
    Option<i64>,
    Option<String>,
    Option<String>,
    Option<String>,
);

type ChronologyRow = (i64, String, String, String, bool, String);
/// The record page's read: child, allocation, people and recent chronology as JSON, and the count.
type RecordRow = (Option<String>, String, String, String, i64);

fn chronology_entry(row: ChronologyRow) -> StoreResult<ChronologyEntry> {
    let (event, occurred_at, kind, summary, significant, recorded_by) = row;
    Ok(ChronologyEntry {
        event: EventId(event),
        occurred_at: parse_ts(&occurred_at)?,
        kind,
        summary,
        significant,
        recorded_by,
    })
}

#[async_trait]
impl Records for SqliteStore {
    async fn register_child(&self, actor: &Actor, child: &NewChild) -> StoreResult<PersonId> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let at = ts(actor.at);
        let id = insert_person(&mut tx, &PersonRow::child(child), &at).await?;
        let event = audit(&mut tx, actor, None, Some(id), "child_registered").await?;
        let summary = wording::child_registered(child);
        chronology(
            &mut tx,
            event,
            actor.display_name(),
            &[Line {
                child: id,
                occurred_at: actor.at,
                kind: "child_registered",
                summary: &summary,
                significant: false,
            }],
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(id)
    }

    async fn allocate(
        &self,
        actor: &Actor,
        relationship: Option<Relationship>,
        allocation: &NewAllocation,
    ) -> StoreResult<EventId> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let (worker_name, team_name) = write_allocation(
            &mut tx,
            allocation.child,
            allocation.worker,
            allocation.team,
            allocation.from,
        )
        .await?;
        let event = audit(
            &mut tx,
            actor,
            relationship,
            Some(allocation.child),
            "allocated",
        )
        .await?;
        let summary = wording::allocated(&worker_name, &team_name);
        chronology(
            &mut tx,
            event,
            actor.display_name(),
            &[Line {
                child: allocation.child,
                occurred_at: actor.at,
                kind: "allocated",
                summary: &summary,
                significant: false,
            }],
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn assign_reviewing_officer(
        &self,
        actor: &Actor,
        relationship: Option<Relationship>,
        child: PersonId,
        officer: StaffId,
        from: NaiveDate,
    ) -> StoreResult<EventId> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let name = write_reviewing_officer(&mut tx, child, officer, from).await?;
        let event = audit(
            &mut tx,
            actor,
            relationship,
            Some(child),
            "reviewing_officer_assigned",
        )
        .await?;
        let summary = wording::reviewing_officer_assigned(&name);
        chronology(
            &mut tx,
            event,
            actor.display_name(),
            &[Line {
                child,
                occurred_at: actor.at,
                kind: "reviewing_officer_assigned",
                summary: &summary,
                significant: false,
            }],
        )
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn add_chronology_entry(
        &self,
        access: &ChildAccess,
        entry: &NewChronologyEntry,
    ) -> StoreResult<EventId> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let event = audit(
            &mut tx,
            &access.actor,
            Some(access.relationship),
            Some(access.child),
            "chronology_entry_added",
        )
        .await?;
        chronology(
            &mut tx,
            event,
            access.actor.display_name(),
            &[Line {
                child: access.child,
                occurred_at: entry.occurred_at,
                kind: "significant_event",
                summary: &entry.summary,
                significant: entry.significant,
            }],
        )
        .await
        .map_err(|e| match e {
            StoreError::Database(m) if m.contains("FOREIGN KEY") => StoreError::NotFound,
            other => other,
        })?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn import_children(&self, actor: &Actor, batch: &[ImportedChild]) -> StoreResult<()> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let at = ts(actor.at);
        let mut relatives: HashMap<&str, PersonId> = HashMap::new();
        for imported in batch {
            let child = &imported.child;
            let id = insert_person(&mut tx, &PersonRow::child(child), &at).await?;
            for relative in &imported.relatives {
                let relative_id = match relatives.get(relative.key.as_str()) {
                    Some(existing) => *existing,
                    None => {
                        let new = insert_person(
                            &mut tx,
                            &PersonRow {
                                given: &relative.given_name,
                                family: &relative.family_name,
                                born: relative.date_of_birth,
                                expected: None,
                                sex: relative.sex,
                                is_child: false,
                            },
                            &at,
                        )
                        .await?;
                        relatives.insert(relative.key.as_str(), new);
                        new
                    }
                };
                sqlx::query(
                    "INSERT INTO person_relationship (person_id, related_person_id, kind) VALUES (?1, ?2, ?3)",
                )
                .bind(relative_id.0)
                .bind(id.0)
                .bind(&relative.relationship)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            }
            let event = audit(&mut tx, actor, None, Some(id), "child_imported").await?;
            let mut lines = Vec::with_capacity(imported.history.len() + 2);
            let opened = wording::child_registered(child);
            lines.push(Line {
                child: id,
                occurred_at: actor.at,
                kind: "child_registered",
                summary: &opened,
                significant: false,
            });
            let allocated;
            if let Some((worker, team, from)) = imported.allocation {
                let (worker_name, team_name) =
                    write_allocation(&mut tx, id, worker, team, from).await?;
                allocated = wording::allocated(&worker_name, &team_name);
                lines.push(Line {
                    child: id,
                    occurred_at: actor.at,
                    kind: "allocated",
                    summary: &allocated,
                    significant: false,
                });
            }
            if let Some((officer, from)) = imported.reviewing_officer {
                write_reviewing_officer(&mut tx, id, officer, from).await?;
            }
            lines.extend(imported.history.iter().map(|h| Line {
                child: id,
                occurred_at: h.occurred_at,
                kind: &h.kind,
                summary: &h.summary,
                significant: h.significant,
            }));
            insert_chronology_in_bulk(&mut tx, event, actor.display_name(), &lines).await?;
        }
        tx.commit().await.map_err(db_err)
    }

    async fn relationships(
        &self,
        staff: StaffId,
        child: PersonId,
        on: NaiveDate,
    ) -> StoreResult<Vec<Relationship>> {
        // One round trip: the current allocation, the line of teams above its team (a manager
        // of any of them manages the child), and any current reviewing officer assignment.
        // A record merged into another is reached through the survivor's relationships.
        let (allocated, line_manager, reviewing): (bool, bool, bool) = sqlx::query_as(
            "WITH RECURSIVE target AS ( \
                 SELECT COALESCE((SELECT merged_into_id FROM person WHERE id = ?1), ?1) AS id), \
             current AS ( \
                 SELECT worker_id, team_id FROM allocation WHERE child_id = (SELECT id FROM target) \
                 AND start_date <= ?3 \
                 AND (end_date IS NULL OR end_date > ?3) ORDER BY start_date DESC LIMIT 1), \
             line(id) AS ( \
                 SELECT team_id FROM current \
                 UNION SELECT t.parent_id FROM team t JOIN line ON t.id = line.id \
                 WHERE t.parent_id IS NOT NULL) \
             SELECT \
                 EXISTS (SELECT 1 FROM current WHERE worker_id = ?2), \
                 EXISTS (SELECT 1 FROM staff s WHERE s.id = ?2 \
                         AND s.role IN ('team_manager', 'service_manager') \
                         AND s.team_id IN (SELECT id FROM line)), \
                 EXISTS (SELECT 1 FROM reviewing_officer_assignment WHERE child_id = (SELECT id FROM target) \
                         AND officer_id = ?2 AND start_date <= ?3 \
                         AND (end_date IS NULL OR end_date > ?3))",
        )
        .bind(child.0)
        .bind(staff.0)
        .bind(date(on))
        .fetch_one(&mut *self.readers.get().await?)
        .await
        .map_err(db_err)?;
        Ok([
            (allocated, Relationship::AllocatedWorker),
            (line_manager, Relationship::LineManager),
            (reviewing, Relationship::ReviewingOfficer),
        ]
        .into_iter()
        .filter_map(|(holds, relationship)| holds.then_some(relationship))
        .collect())
    }

    async fn child_details(&self, child: PersonId) -> StoreResult<ChildDetails> {
        let mut conn = self.readers.get().await?;
        child_details(&mut conn, child).await
    }

    async fn open_child_record(&self, access: &ChildAccess) -> StoreResult<ChildRecord> {
        let today = date(access.actor.today());
        // The whole record in one statement, each part one JSON column (json_read.rs). The
        // chronology is aggregated in its subquery's order, which SQLite keeps: it never
        // flattens an ordered subquery into an aggregate.
        let (child, allocation, people, recent, chronology_count): RecordRow = sqlx::query_as(
            "SELECT \
             (SELECT json_array(given_name, family_name, date_of_birth, expected_date_of_birth, sex) \
              FROM person WHERE id = ?1 AND is_child = 1), \
             (SELECT json_array(a.worker_id, s.display_name, a.team_id, t.name, a.start_date, ro.display_name) \
              FROM (SELECT 1) AS one \
              LEFT JOIN (SELECT worker_id, team_id, start_date FROM allocation \
                         WHERE child_id = ?1 AND start_date <= ?2 AND (end_date IS NULL OR end_date > ?2) \
                         ORDER BY start_date DESC LIMIT 1) AS a ON 1 \
              LEFT JOIN staff s ON s.id = a.worker_id \
              LEFT JOIN team t ON t.id = a.team_id \
              LEFT JOIN (SELECT s.display_name FROM reviewing_officer_assignment r \
                         JOIN staff s ON s.id = r.officer_id \
                         WHERE r.child_id = ?1 AND r.start_date <= ?2 AND (r.end_date IS NULL OR r.end_date > ?2) \
                         LIMIT 1) AS ro ON 1), \
             (SELECT json_group_array(json_array(p.id, p.given_name, p.family_name, p.date_of_birth, r.kind) ORDER BY r.id) \
              FROM person_relationship r JOIN person p ON p.id = r.person_id \
              WHERE r.related_person_id = ?1 AND (r.end_date IS NULL OR r.end_date > ?2)), \
             (SELECT json_group_array(json_array(event_id, occurred_at, kind, summary, json(iif(significant, 'true', 'false')), recorded_by)) \
              FROM (SELECT event_id, occurred_at, kind, summary, significant, recorded_by, ordinal \
                    FROM chronology_entry WHERE child_id = ?1 \
                    ORDER BY occurred_at DESC, event_id DESC, ordinal DESC LIMIT +?3)), \
             (SELECT COUNT(*) FROM chronology_entry WHERE child_id = ?1)",
        )
        .bind(access.child.0)
        .bind(&today)
        .bind(RECENT_CHRONOLOGY)
        .fetch_one(&mut *self.readers.get().await?)
        .await
        .map_err(db_err)?;
        let (given_name, family_name, born, expected, sex): ChildRow =
            json_read::decode("the child", &child.ok_or(StoreError::NotFound)?)?;
        let (worker, worker_name, team, team_name, from, reviewing_officer): AllocationRow =
            json_read::decode("the allocation", &allocation)?;
        let allocation = match (worker, worker_name, team, team_name, from) {
            (Some(worker), Some(worker_name), Some(team), Some(team_name), Some(from)) => {
                Some(CurrentAllocation {
                    worker: StaffId(worker),
                    worker_name,
                    team: TeamId(team),
                    team_name,
                    from: parse_date(&from)?,
                })
            }
            _ => None,
        };
        let people: Vec<(i64, String, String, Option<String>, String)> =
            json_read::decode("the people", &people)?;
        let recent: Vec<ChronologyRow> = json_read::decode("the chronology", &recent)?;

        let record = ChildRecord {
            child: ChildDetails {
                id: access.child,
                given_name,
                family_name,
                date_of_birth: parse_opt_date(born)?,
                expected_date_of_birth: parse_opt_date(expected)?,
                sex: Sex::from_code(&sex).unwrap_or(Sex::NotKnown),
            },
            allocation,
            reviewing_officer,
            people: people
                .into_iter()
                .map(|(id, given_name, family_name, born, relationship)| {
                    Ok(RelatedPerson {
                        id: PersonId(id),
                        given_name,
                        family_name,
                        date_of_birth: parse_opt_date(born)?,
                        relationship,
                    })
                })
                .collect::<StoreResult<_>>()?,
            recent_chronology: recent
                .into_iter()
                .map(chronology_entry)
                .collect::<StoreResult<_>>()?,
            chronology_count,
        };
        self.access
            .write(vec![AccessLogEntry::by(
                &access.actor,
                Some(access.relationship),
                Some(access.child),
                AccessKind::ViewedRecord,
                "",
            )])
            .await?;
        Ok(record)
    }

    async fn full_chronology(&self, access: &ChildAccess) -> StoreResult<Vec<ChronologyEntry>> {
        // One JSON row rather than hundreds of rows handed across threads (json_read.rs).
        let text: String = sqlx::query_scalar(
            "SELECT json_group_array(json_array(event_id, occurred_at, kind, summary, json(iif(significant, 'true', 'false')), recorded_by)) \
             FROM (SELECT * FROM chronology_entry WHERE child_id = ?1 ORDER BY occurred_at, event_id, ordinal)",
        )
        .bind(access.child.0)
        .fetch_one(&mut *self.readers.get().await?)
        .await
        .map_err(db_err)?;
        let rows: Vec<ChronologyRow> = json_read::decode("the chronology", &text)?;
        let entries = rows
            .into_iter()
            .map(chronology_entry)
            .collect::<StoreResult<Vec<_>>>()?;
        self.access
            .write(vec![AccessLogEntry::by(
                &access.actor,
                Some(access.relationship),
                Some(access.child),
                AccessKind::ViewedChronology,
                "",
            )])
            .await?;
        Ok(entries)
    }

    async fn record_refusal(
        &self,
        actor: &Actor,
        child: PersonId,
        action: Action,
    ) -> StoreResult<()> {
        self.access
            .write(vec![AccessLogEntry::by(
                actor,
                None,
                Some(child),
                AccessKind::Refused,
                action.code(),
            )])
            .await
    }

    async fn search_people(
        &self,
        actor: &Actor,
        query: &PersonQuery,
    ) -> StoreResult<Vec<SearchHit>> {
        let hits = crate::families_search::search(&mut *self.readers.get().await?, query).await?;
        self.access
            .write(vec![AccessLogEntry::result_list(
                actor,
                hits.iter().map(|hit| hit.id),
            )])
            .await?;
        Ok(hits)
    }

    async fn caseload(&self, staff: StaffId, on: NaiveDate) -> StoreResult<Vec<CaseloadEntry>> {
        let rows: Vec<(i64, String, String, Option<String>, Option<String>, String, String)> = sqlx::query_as(
            "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth, a.start_date, t.name \
             FROM allocation a JOIN person p ON p.id = a.child_id JOIN team t ON t.id = a.team_id \
             WHERE a.worker_id = ?1 AND a.start_date <= ?2 AND (a.end_date IS NULL OR a.end_date > ?2) \
             ORDER BY p.family_key, p.given_key",
        )
        .bind(staff.0)
        .bind(date(on))
        .fetch_all(&mut *self.readers.get().await?)
        .await
        .map_err(db_err)?;
        rows.into_iter()
            .map(
                |(id, given_name, family_name, born, expected, from, team_name)| {
                    Ok(CaseloadEntry {
                        child: PersonId(id),
                        given_name,
                        family_name,
                        date_of_birth: parse_opt_date(born)?,
                        expected_date_of_birth: parse_opt_date(expected)?,
                        allocated_from: parse_date(&from)?,
                        team_name,
                    })
                },
            )
            .collect()
    }
}

/// Chronology lines for an import, many to a statement: a legacy history has hundreds.
async fn insert_chronology_in_bulk(
    tx: &mut SqliteConnection,
    event: EventId,
    recorded_by: &str,
    lines: &[Line<'_>],
) -> StoreResult<()> {
    for (chunk_index, chunk) in lines.chunks(100).enumerate() {
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO chronology_entry (child_id, occurred_at, event_id, ordinal, kind, summary, significant, recorded_by) ",
        );
        sql.push_values(chunk.iter().enumerate(), |mut row, (i, line)| {
            row.push_bind(line.child.0)
                .push_bind(ts(line.occurred_at))
                .push_bind(event.0)
                .push_bind((chunk_index * 100 + i) as i64)
                .push_bind(line.kind.to_owned())
                .push_bind(line.summary.to_owned())
                .push_bind(line.significant)
                .push_bind(recorded_by.to_owned());
        });
        sql.build().execute(&mut *tx).await.map_err(db_err)?;
    }
    Ok(())
}
