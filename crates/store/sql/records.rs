// Children's records: the writes that change them and the audited reads that open them.
// Written once for both databases: `include!`d by each backend's `records.rs` (names from its
// `dialect.rs`, and `writes`, the pieces of a change, from `writes.rs`). The record page, the
// full chronology and search are measured hot reads, each database's own fastest SQL: the
// backend's `read_record_page`, `read_full_chronology` and `find_people`.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::access::{Action, Capability, Relationship};
use journey_domain::ids::{EventId, PersonId, StaffId, TeamId};
use journey_domain::person::{NewChild, Sex};
use journey_store::{
    AccessKind, AccessLogEntry, Actor, CaseloadEntry, ChildAccess, ChildDetails, ChildRecord,
    ChronologyEntry, ImportedChild, LIST_CASELOAD, NewAllocation, NewChronologyEntry, PersonQuery,
    Records, SearchHit, SearchPage, StoreError, StoreResult, wording,
};

use crate::journal::{Event, Journal, Line};
use crate::writes::{self, NewPerson};

fn child_person(child: &NewChild) -> NewPerson<'_> {
    NewPerson {
        given: &child.given_name,
        family: &child.family_name,
        born: child.date_of_birth,
        expected: child.expected_date_of_birth,
        sex: child.sex,
        is_child: true,
    }
}

/// The access record of an actor reading a child's record through a relationship.
fn viewed(access: &ChildAccess, kind: AccessKind) -> AccessLogEntry {
    AccessLogEntry::through(access, kind, "")
}

/// given name, family name, date of birth, expected date of birth, sex
type ChildRow = (String, String, Option<NaiveDate>, Option<NaiveDate>, String);

type CaseloadRow = (
    i64,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    NaiveDate,
    String,
);

/// The child's identifying details; `NotFound` unless the person is a child.
pub(crate) async fn child_details(conn: &mut Conn, child: PersonId) -> StoreResult<ChildDetails> {
    let row: Option<ChildRow> = sqlx::query_as(
        "SELECT given_name, family_name, date_of_birth, expected_date_of_birth, sex \
         FROM person WHERE id = $1 AND is_child",
    )
    .bind(child.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let (given_name, family_name, date_of_birth, expected_date_of_birth, sex) =
        row.ok_or(StoreError::NotFound)?;
    Ok(ChildDetails {
        id: child,
        given_name,
        family_name,
        date_of_birth,
        expected_date_of_birth,
        sex: Sex::from_code(&sex).unwrap_or(Sex::NotKnown),
    })
}

#[async_trait]
impl Records for SqlStore {
    async fn register_child(&self, actor: &Actor, child: &NewChild) -> StoreResult<PersonId> {
        let mut tx = self.journal().await?;
        let id = register(&mut tx, actor, child).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn register_unallocated(
        &self,
        actor: &Actor,
        child: &NewChild,
        team: TeamId,
    ) -> StoreResult<PersonId> {
        let mut tx = self.journal().await?;
        let id = register(&mut tx, actor, child).await?;
        writes::into_unallocated_list(&mut tx, id, team, actor.today(), None).await?;
        tx.commit().await?;
        Ok(id)
    }

    async fn allocate(
        &self,
        actor: &Actor,
        relationship: Option<Relationship>,
        allocation: &NewAllocation,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let event = allocate(&mut tx, actor, relationship, allocation).await?;
        tx.commit().await?;
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
        let mut tx = self.journal().await?;
        let name = writes::reviewing_officer(&mut tx, child, officer, from).await?;
        let summary = wording::reviewing_officer_assigned(&name);
        let event = tx
            .record(Event {
                actor,
                relationship,
                child: Some(child),
                action: "reviewing_officer_assigned",
                subject: None,
                lines: &[Line {
                    child,
                    occurred_at: actor.at,
                    kind: "reviewing_officer_assigned",
                    summary: &summary,
                    significant: false,
                }],
            })
            .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn add_chronology_entry(
        &self,
        access: &ChildAccess,
        entry: &NewChronologyEntry,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        writes::person_exists(&mut tx, access.child()).await?;
        let event = tx
            .record(Event {
                actor: access.actor(),
                relationship: Some(access.relationship()),
                child: Some(access.child()),
                action: "chronology_entry_added",
                subject: None,
                lines: &[Line {
                    child: access.child(),
                    occurred_at: entry.occurred_at,
                    kind: "significant_event",
                    summary: &entry.summary,
                    significant: entry.significant,
                }],
            })
            .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn import_children(&self, actor: &Actor, batch: &[ImportedChild]) -> StoreResult<()> {
        // Nothing to import is no change, so no event (a journal without one refuses to commit).
        if batch.is_empty() {
            return Ok(());
        }
        let mut tx = self.journal().await?;
        let mut relatives: HashMap<&str, PersonId> = HashMap::new();
        for imported in batch {
            let child = &imported.child;
            let id = writes::insert_person(&mut tx, &child_person(child), actor.at).await?;
            for relative in &imported.relatives {
                let relative_id = match relatives.get(relative.key.as_str()) {
                    Some(existing) => *existing,
                    None => {
                        let person = NewPerson {
                            given: &relative.given_name,
                            family: &relative.family_name,
                            born: relative.date_of_birth,
                            expected: None,
                            sex: relative.sex,
                            is_child: false,
                        };
                        let new = writes::insert_person(&mut tx, &person, actor.at).await?;
                        relatives.insert(relative.key.as_str(), new);
                        new
                    }
                };
                writes::relate(&mut tx, relative_id, id, &relative.relationship).await?;
            }
            let opened = wording::child_registered(child);
            let mut lines = Vec::with_capacity(imported.history.len() + 2);
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
                    writes::allocation(&mut tx, id, worker, team, from).await?;
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
                writes::reviewing_officer(&mut tx, id, officer, from).await?;
            }
            lines.extend(imported.history.iter().map(|h| Line {
                child: id,
                occurred_at: h.occurred_at,
                kind: &h.kind,
                summary: &h.summary,
                significant: h.significant,
            }));
            // A legacy history has hundreds of lines: the journal writes them many to a
            // statement.
            tx.record(Event {
                actor,
                relationship: None,
                child: Some(id),
                action: "child_imported",
                subject: None,
                lines: &lines,
            })
            .await?;
        }
        tx.commit().await
    }

    async fn relationships(
        &self,
        staff: StaffId,
        child: PersonId,
        on: NaiveDate,
    ) -> StoreResult<Vec<Relationship>> {
        // One round trip: the current allocation, the line of teams above its team (a manager
        // of any of them manages the child), any current reviewing officer assignment, whether
        // the member of staff recorded a child nobody has ever been allocated, whether their
        // team screens contacts (the front door, duty: any child's record not restricted), and
        // whether they gave a reason to open this record today (break-glass). A child allocated
        // to nobody is managed from the team whose unallocated list holds it.
        // A record merged into another is reached through the survivor's relationships.
        let (allocated, line_manager, reviewing, recorder, screening, break_glass): (
            bool,
            bool,
            bool,
            bool,
            bool,
            bool,
        ) = sqlx::query_as(
            "WITH RECURSIVE target AS ( \
                 SELECT COALESCE((SELECT merged_into_id FROM person WHERE id = $1), $1) AS id), \
             current AS ( \
                 SELECT worker_id, team_id FROM allocation WHERE child_id = (SELECT id FROM target) AND start_date <= $3 \
                 AND (end_date IS NULL OR end_date > $3) ORDER BY start_date DESC LIMIT 1), \
             waiting AS ( \
                 SELECT team_id FROM unallocated WHERE child_id = (SELECT id FROM target) AND start_date <= $3 \
                 AND (end_date IS NULL OR end_date > $3) AND NOT EXISTS (SELECT 1 FROM current) \
                 ORDER BY start_date DESC, id DESC LIMIT 1), \
             line(id) AS ( \
                 SELECT team_id FROM (SELECT team_id FROM current UNION ALL SELECT team_id FROM waiting) AS here \
                 UNION SELECT t.parent_id FROM team t JOIN line ON t.id = line.id \
                 WHERE t.parent_id IS NOT NULL) \
             SELECT \
                 EXISTS (SELECT 1 FROM current WHERE worker_id = $2), \
                 EXISTS (SELECT 1 FROM staff s WHERE s.id = $2 \
                         AND s.role IN ('team_manager', 'service_manager') \
                         AND s.team_id IN (SELECT id FROM line)), \
                 EXISTS (SELECT 1 FROM reviewing_officer_assignment WHERE child_id = (SELECT id FROM target) \
                         AND officer_id = $2 AND start_date <= $3 \
                         AND (end_date IS NULL OR end_date > $3)), \
                 EXISTS (SELECT 1 FROM audit_event WHERE child_id = (SELECT id FROM target) \
                         AND action = 'child_registered' AND actor_id = $2) \
                 AND NOT EXISTS (SELECT 1 FROM allocation WHERE child_id = (SELECT id FROM target)), \
                 EXISTS (SELECT 1 FROM staff s JOIN team t ON t.id = s.team_id WHERE s.id = $2 \
                         AND t.function IN ('front_door', 'duty')) \
                 AND EXISTS (SELECT 1 FROM person WHERE id = (SELECT id FROM target) AND is_child) \
                 AND NOT EXISTS (SELECT 1 FROM restricted_record \
                         WHERE child_id IN ($1, (SELECT id FROM target))), \
                 EXISTS (SELECT 1 FROM break_glass WHERE staff_id = $2 \
                         AND child_id IN ($1, (SELECT id FROM target)) AND opened_on = $3)",
        )
        .bind(child.0)
        .bind(staff.0)
        .bind(on)
        .fetch_one(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        Ok([
            (allocated, Relationship::AllocatedWorker),
            (line_manager, Relationship::LineManager),
            (reviewing, Relationship::ReviewingOfficer),
            (recorder, Relationship::Recorder),
            (screening, Relationship::Screening),
            (break_glass, Relationship::BreakGlass),
        ]
        .into_iter()
        .filter_map(|(holds, relationship)| holds.then_some(relationship))
        .collect())
    }

    async fn open_child_record(&self, access: &ChildAccess) -> StoreResult<ChildRecord> {
        let record = self
            .read_record_page(access.child(), access.actor().today())
            .await?;
        self.record_access(vec![viewed(access, AccessKind::ViewedRecord)])
            .await?;
        Ok(record)
    }

    async fn child_details(&self, access: &ChildAccess) -> StoreResult<ChildDetails> {
        child_details(&mut *self.read().await?, access.child()).await
    }

    async fn child_details_shown(
        &self,
        access: &ChildAccess,
        page: &str,
    ) -> StoreResult<ChildDetails> {
        let child = child_details(&mut *self.read().await?, access.child()).await?;
        self.record_access(vec![AccessLogEntry::by(
            access.actor(),
            Some(access.relationship()),
            Some(access.child()),
            AccessKind::ViewedRecord,
            page,
        )])
        .await?;
        Ok(child)
    }

    async fn full_chronology(&self, access: &ChildAccess) -> StoreResult<Vec<ChronologyEntry>> {
        let entries = self.read_full_chronology(access.child()).await?;
        self.record_access(vec![viewed(access, AccessKind::ViewedChronology)])
            .await?;
        Ok(entries)
    }

    async fn record_refusal(
        &self,
        actor: &Actor,
        child: PersonId,
        action: Action,
    ) -> StoreResult<()> {
        self.record_access(vec![AccessLogEntry::by(
            actor,
            None,
            Some(child),
            AccessKind::Refused,
            action.code(),
        )])
        .await
    }

    async fn record_capability_refusal(
        &self,
        actor: &Actor,
        capability: Capability,
    ) -> StoreResult<()> {
        self.record_access(vec![AccessLogEntry::refused_ability(actor, capability)])
            .await
    }

    async fn search_people(
        &self,
        actor: &Actor,
        query: &PersonQuery,
    ) -> StoreResult<Vec<SearchHit>> {
        Ok(self.search_page(actor, query, 1).await?.hits)
    }

    async fn search_page(
        &self,
        actor: &Actor,
        query: &PersonQuery,
        page: u32,
    ) -> StoreResult<SearchPage> {
        let page = page.max(1);
        let size = query.limit;
        let start = (page - 1).saturating_mul(size);
        // Everyone up to the end of this page, and one more to know whether another follows.
        let wanted = start.saturating_add(size).saturating_add(1);
        // Only roles that hold allocations have children of their own to put first; the
        // others (service managers, auditors, reviewing officers...) skip the read.
        let own = match actor.staff.as_ref() {
            Some(staff) if staff.role.can_be_allocated() => {
                crate::families_search::own_people(
                    &mut *self.read().await?,
                    query,
                    staff.id,
                    actor.today(),
                )
                .await?
            }
            _ => Vec::new(),
        };
        // The name search walks its indexes in rank order and stops at a limit; a longer walk
        // begins with what a shorter one found, so page boundaries hold from page to page.
        // Restricted records the actor may not open are left out before the list is cut, and
        // if that leaves it short the walk goes further.
        let mut asked = wanted;
        let shown = loop {
            let found = self
                .find_people(&PersonQuery {
                    limit: asked,
                    ..query.clone()
                })
                .await?;
            let everyone_found = found.len() < usize::try_from(asked).unwrap_or(usize::MAX);
            let mut list = own.clone();
            list.extend(
                found
                    .into_iter()
                    .filter(|hit| !own.iter().any(|mine| mine.id == hit.id)),
            );
            let shown = self.keep_shown(actor, list, |hit| hit.id).await?;
            if everyone_found || shown.len() >= usize::try_from(wanted).unwrap_or(usize::MAX) {
                break shown;
            }
            asked = asked.saturating_mul(2);
        };
        let start = usize::try_from(start).unwrap_or(usize::MAX);
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        let has_more = shown.len() > start.saturating_add(size);
        let hits: Vec<SearchHit> = shown.into_iter().skip(start).take(size).collect();
        self.record_access(vec![AccessLogEntry::result_list(
            actor,
            hits.iter().map(|hit| hit.id),
        )])
        .await?;
        Ok(SearchPage {
            hits,
            page,
            has_more,
        })
    }

    async fn caseload_shown(&self, actor: &Actor) -> StoreResult<Vec<CaseloadEntry>> {
        let caseload = match actor.staff_id() {
            Some(staff) => self.caseload(staff, actor.today()).await?,
            None => Vec::new(),
        };
        self.record_access(vec![AccessLogEntry::list_shown(
            actor,
            LIST_CASELOAD,
            caseload.iter().map(|c| c.child),
        )])
        .await?;
        Ok(caseload)
    }

    async fn caseload(&self, staff: StaffId, on: NaiveDate) -> StoreResult<Vec<CaseloadEntry>> {
        let rows: Vec<CaseloadRow> = sqlx::query_as(
            "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth, a.start_date, t.name \
             FROM allocation a JOIN person p ON p.id = a.child_id JOIN team t ON t.id = a.team_id \
             WHERE a.worker_id = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date > $2) \
             ORDER BY p.family_key, p.given_key",
        )
        .bind(staff.0)
        .bind(on)
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(
                |(id, given_name, family_name, date_of_birth, expected, from, team_name)| {
                    CaseloadEntry {
                        child: PersonId(id),
                        given_name,
                        family_name,
                        date_of_birth,
                        expected_date_of_birth: expected,
                        allocated_from: from,
                        team_name,
                    }
                },
            )
            .collect())
    }
}

/// Records a new child in the journal's transaction: the person and the event.
async fn register(tx: &mut Journal, actor: &Actor, child: &NewChild) -> StoreResult<PersonId> {
    let id = writes::insert_person(tx, &child_person(child), actor.at).await?;
    let summary = wording::child_registered(child);
    tx.record(Event {
        actor,
        relationship: None,
        child: Some(id),
        action: "child_registered",
        subject: None,
        lines: &[Line {
            child: id,
            occurred_at: actor.at,
            kind: "child_registered",
            summary: &summary,
            significant: false,
        }],
    })
    .await?;
    Ok(id)
}

/// Allocates a child in the journal's transaction: ends any open allocation, starts the new
/// one, and records the event.
async fn allocate(
    tx: &mut Journal,
    actor: &Actor,
    relationship: Option<Relationship>,
    allocation: &NewAllocation,
) -> StoreResult<EventId> {
    let (worker_name, team_name) = writes::allocation(
        tx,
        allocation.child,
        allocation.worker,
        allocation.team,
        allocation.from,
    )
    .await?;
    let summary = wording::allocated(&worker_name, &team_name);
    tx.record(Event {
        actor,
        relationship,
        child: Some(allocation.child),
        action: "allocated",
        subject: None,
        lines: &[Line {
            child: allocation.child,
            occurred_at: actor.at,
            kind: "allocated",
            summary: &summary,
            significant: false,
        }],
    })
    .await
}
