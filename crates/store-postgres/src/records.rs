//! Children's records: the writes that change them and the audited reads that open them.

use std::collections::HashMap;

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::access::{Action, Relationship};
use journey_domain::ids::{EventId, PersonId, StaffId};
use journey_domain::person::NewChild;
use journey_store::{
    AccessKind, AccessLogEntry, Actor, CaseloadEntry, ChildAccess, ChildDetails, ChildRecord,
    ChronologyEntry, ImportedChild, NewAllocation, NewChronologyEntry, PersonQuery, Records,
    SearchHit, StoreResult, wording,
};

use crate::PostgresStore;
use crate::access;
use crate::codec::db_err;
use crate::journal::{Line, audit, chronology};
use crate::record_page::{self, ChronologyRow, chronology_entry, select_chronology};
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
    AccessLogEntry::by(
        &access.actor,
        Some(access.relationship),
        Some(access.child),
        kind,
        "",
    )
}

type CaseloadRow = (
    i64,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    NaiveDate,
    String,
);

#[async_trait]
impl Records for PostgresStore {
    async fn register_child(&self, actor: &Actor, child: &NewChild) -> StoreResult<PersonId> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        let id = writes::insert_person(&mut tx, &child_person(child), actor.at).await?;
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
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        let (worker_name, team_name) = writes::allocation(
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
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        let name = writes::reviewing_officer(&mut tx, child, officer, from).await?;
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
        let mut tx = self.pool.begin().await.map_err(db_err)?;
        writes::person_exists(&mut tx, access.child).await?;
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
        .await?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn import_children(&self, actor: &Actor, batch: &[ImportedChild]) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(db_err)?;
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
            let event = audit(&mut tx, actor, None, Some(id), "child_imported").await?;
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
            chronology(&mut tx, event, actor.display_name(), &lines).await?;
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
                 SELECT COALESCE((SELECT merged_into_id FROM person WHERE id = $1), $1) AS id), \
             current AS ( \
                 SELECT worker_id, team_id FROM allocation WHERE child_id = (SELECT id FROM target) AND start_date <= $3 \
                 AND (end_date IS NULL OR end_date > $3) ORDER BY start_date DESC LIMIT 1), \
             line(id) AS ( \
                 SELECT team_id FROM current \
                 UNION SELECT t.parent_id FROM team t JOIN line ON t.id = line.id \
                 WHERE t.parent_id IS NOT NULL) \
             SELECT \
                 EXISTS (SELECT 1 FROM current WHERE worker_id = $2), \
                 EXISTS (SELECT 1 FROM staff s WHERE s.id = $2 \
                         AND s.role IN ('team_manager', 'service_manager') \
                         AND s.team_id IN (SELECT id FROM line)), \
                 EXISTS (SELECT 1 FROM reviewing_officer_assignment WHERE child_id = (SELECT id FROM target) \
                         AND officer_id = $2 AND start_date <= $3 \
                         AND (end_date IS NULL OR end_date > $3))",
        )
        .bind(child.0)
        .bind(staff.0)
        .bind(on)
        .fetch_one(&self.pool)
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

    async fn open_child_record(&self, access: &ChildAccess) -> StoreResult<ChildRecord> {
        let record = record_page::load(&self.pool, access.child, access.actor.today()).await?;
        access::write(&self.pool, &[viewed(access, AccessKind::ViewedRecord)]).await?;
        Ok(record)
    }

    async fn child_details(&self, child: PersonId) -> StoreResult<ChildDetails> {
        let mut conn = self.pool.acquire().await.map_err(db_err)?;
        record_page::details(&mut conn, child).await
    }

    async fn full_chronology(&self, access: &ChildAccess) -> StoreResult<Vec<ChronologyEntry>> {
        let rows: Vec<ChronologyRow> = sqlx::query_as(select_chronology!(
            "WHERE child_id = $1 ORDER BY occurred_at, event_id, ordinal"
        ))
        .bind(access.child.0)
        .fetch_all(&self.pool)
        .await
        .map_err(db_err)?;
        access::write(&self.pool, &[viewed(access, AccessKind::ViewedChronology)]).await?;
        Ok(rows.into_iter().map(chronology_entry).collect())
    }

    async fn record_refusal(
        &self,
        actor: &Actor,
        child: PersonId,
        action: Action,
    ) -> StoreResult<()> {
        access::write(
            &self.pool,
            &[AccessLogEntry::by(
                actor,
                None,
                Some(child),
                AccessKind::Refused,
                action.code(),
            )],
        )
        .await
    }

    async fn search_people(
        &self,
        actor: &Actor,
        query: &PersonQuery,
    ) -> StoreResult<Vec<SearchHit>> {
        let hits = crate::families_search::search(&self.pool, query).await?;
        access::write(
            &self.pool,
            &[AccessLogEntry::result_list(
                actor,
                hits.iter().map(|hit| hit.id),
            )],
        )
        .await?;
        Ok(hits)
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
        .fetch_all(&self.pool)
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
