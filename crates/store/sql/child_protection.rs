// The child protection capability: strategy discussions, section 47 enquiries, initial
// conferences, plans and core groups. Written once for both databases: `include!`d by each
// backend's `child_protection.rs` (names from its `dialect.rs`).
//
// Every write locks the child's row, reads the child's steps and asks the domain's gate again
// inside the transaction, so the order of steps holds whoever else is writing.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::access::Action;
use journey_domain::child_protection::pathway::{
    ConferenceStep, CoreGroupStep, EnquiryStep, PlanStep, RequestStep, StrategyStep,
};
use journey_domain::child_protection::{
    AbuseCategory, Agency, Attendee, ConferenceDecision, EnquiryOutcome, MeetingDetails,
    MeetingKind, NewConference, NewConferenceRequest, NewCoreGroup, NewEnquiry, NewOutcome,
    NewStrategyDiscussion, Pathway, PlanEnd, StrategyDecision,
};
use journey_domain::front_door::dating::on_day;
use journey_domain::ids::{EventId, PersonId};
use journey_domain::uk_time::{local_date, long_date};
use journey_domain::validation::FieldErrors;
use journey_store::child_protection::{ChildProtectionRecord, MeetingRecord, TrayChild};
use journey_store::{
    AccessKind, AccessLogEntry, Actor, ChildAccess, ChildProtection, StoreError, StoreResult,
};

use crate::journal::{Event, Journal, Line};
use crate::writes;

/// Only those who may add to the child's record record its child protection steps, whatever
/// the caller checked.
fn may_add(access: &ChildAccess) -> StoreResult<()> {
    writes::proof_allows(access, Action::AddToRecord)
}

fn field(errors: FieldErrors) -> StoreError {
    StoreError::Invalid(errors)
}

/// id, strategy discussion, when it was held, start, outcome, outcome date
type EnquiryRow = (
    i64,
    i64,
    DateTime<Utc>,
    NaiveDate,
    Option<String>,
    Option<NaiveDate>,
);

/// id, enquiry, transferring from, requested on, why not required, conference
type RequestRow = (
    i64,
    Option<i64>,
    Option<String>,
    NaiveDate,
    Option<String>,
    Option<i64>,
);

/// Reads every step recorded for the child, oldest first. A record merged into another reads
/// as having none (its steps moved with the merge) and its page still opens. Most children
/// have no step: one statement finds that out (every step but a transfer-in request names
/// the child at a meeting), so the record page pays one read, not seven.
async fn pathway(conn: &mut Conn, child: PersonId) -> StoreResult<Pathway> {
    let found: Option<(String, bool)> = sqlx::query_as(
        "SELECT given_name, (EXISTS (SELECT 1 FROM meeting_child WHERE child_id = $1) \
         OR EXISTS (SELECT 1 FROM conference_request WHERE child_id = $1)) FROM person WHERE id = $1",
    )
    .bind(child.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let (name, any) = found.ok_or(StoreError::NotFound)?;
    if !any {
        return Ok(Pathway {
            name,
            ..Pathway::default()
        });
    }
    let strategy: Vec<(i64, DateTime<Utc>, String)> = sqlx::query_as(
        "SELECT m.id, m.held_at, c.decision FROM meeting m JOIN meeting_child c ON c.meeting_id = m.id \
         WHERE c.child_id = $1 AND m.kind = 'strategy_discussion' ORDER BY m.held_at, m.id",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let enquiries: Vec<EnquiryRow> = sqlx::query_as(
        "SELECT e.id, e.strategy_meeting_id, m.held_at, e.start_date, e.outcome, e.outcome_date \
             FROM section47_enquiry e JOIN meeting m ON m.id = e.strategy_meeting_id \
             WHERE e.child_id = $1 ORDER BY e.start_date, e.id",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let requests: Vec<RequestRow> =
        sqlx::query_as(
            "SELECT id, enquiry_id, transfer_from, requested_on, not_required_reason, conference_meeting_id \
             FROM conference_request WHERE child_id = $1 ORDER BY requested_on, id",
        )
        .bind(child.0)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
    let conferences: Vec<(i64, i64, DateTime<Utc>, String)> = sqlx::query_as(
        "SELECT m.id, r.id, m.held_at, c.decision FROM meeting m \
         JOIN meeting_child c ON c.meeting_id = m.id \
         JOIN conference_request r ON r.conference_meeting_id = m.id AND r.child_id = c.child_id \
         WHERE c.child_id = $1 AND m.kind = 'initial_conference' ORDER BY m.held_at, m.id",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let plans: Vec<(i64, i64, NaiveDate, String, String, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT id, conference_meeting_id, start_date, initial_category, latest_category, end_date \
         FROM child_protection_plan WHERE child_id = $1 ORDER BY start_date, id",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let core_groups: Vec<(i64, Option<i64>, DateTime<Utc>)> = sqlx::query_as(
        "SELECT m.id, c.plan_id, m.held_at FROM meeting m JOIN meeting_child c ON c.meeting_id = m.id \
         WHERE c.child_id = $1 AND m.kind = 'core_group' ORDER BY m.held_at, m.id",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let category = |code: &str| AbuseCategory::from_code(code).unwrap_or(AbuseCategory::Multiple);
    Ok(Pathway {
        name,
        strategy_discussions: strategy
            .into_iter()
            .filter_map(|(meeting, held_at, decision)| {
                Some(StrategyStep {
                    meeting,
                    held_on: local_date(held_at),
                    decision: StrategyDecision::from_code(&decision)?,
                })
            })
            .collect(),
        enquiries: enquiries
            .into_iter()
            .map(
                |(id, strategy_meeting, held_at, started_on, outcome, outcome_on)| EnquiryStep {
                    id,
                    strategy_meeting,
                    strategy_held_on: local_date(held_at),
                    started_on,
                    outcome: outcome.as_deref().and_then(EnquiryOutcome::from_code),
                    outcome_on,
                },
            )
            .collect(),
        requests: requests
            .into_iter()
            .map(
                |(id, enquiry, transfer_from, requested_on, not_required, conference)| {
                    RequestStep {
                        id,
                        enquiry,
                        transfer_from,
                        requested_on,
                        not_required,
                        conference,
                    }
                },
            )
            .collect(),
        conferences: conferences
            .into_iter()
            .filter_map(|(meeting, request, held_at, decision)| {
                Some(ConferenceStep {
                    meeting,
                    request,
                    held_on: local_date(held_at),
                    decision: ConferenceDecision::from_code(&decision)?,
                })
            })
            .collect(),
        plans: plans
            .into_iter()
            .map(
                |(id, conference, started_on, initial, latest, ended_on)| PlanStep {
                    id,
                    conference,
                    started_on,
                    initial_category: category(&initial),
                    latest_category: category(&latest),
                    ended_on,
                },
            )
            .collect(),
        core_groups: core_groups
            .into_iter()
            .filter_map(|(meeting, plan, held_at)| {
                Some(CoreGroupStep {
                    meeting,
                    plan: plan?,
                    held_on: local_date(held_at),
                })
            })
            .collect(),
    })
}

/// Locks the child's row for the step (two people recording at once are taken in turn) and
/// reads the child's steps.
async fn locked_pathway(tx: &mut Journal, child: PersonId) -> StoreResult<Pathway> {
    writes::lock_child(tx, child).await?;
    pathway(tx, child).await
}

/// Writes a meeting, its attendees and what it decided for the child.
async fn insert_meeting(
    tx: &mut Journal,
    access: &ChildAccess,
    kind: MeetingKind,
    meeting: &MeetingDetails,
    information: &str,
    inquorate_reason: Option<&str>,
    decision: (&str, &str, Option<AbuseCategory>, Option<i64>),
) -> StoreResult<i64> {
    let actor = access.actor();
    let recorder = actor.staff_id().ok_or(StoreError::NotFound)?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO meeting (kind, held_at, place, chair, information, inquorate_reason, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(kind.code())
    .bind(ts(meeting.held_at))
    .bind(&meeting.place)
    .bind(&meeting.chair)
    .bind(information)
    .bind(inquorate_reason)
    .bind(recorder.0)
    .bind(ts(actor.at))
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    for (ordinal, person) in meeting.attendees.iter().enumerate() {
        sqlx::query(
            "INSERT INTO meeting_attendee (meeting_id, ordinal, name, agency, role, attended) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(i32::try_from(ordinal).unwrap_or(i32::MAX))
        .bind(&person.name)
        .bind(person.agency.code())
        .bind(&person.role)
        .bind(person.attended)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    }
    let (code, reasons, category, plan) = decision;
    sqlx::query(
        "INSERT INTO meeting_child (meeting_id, child_id, decision, reasons, category, plan_id) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(access.child().0)
    .bind(code)
    .bind(reasons)
    .bind(category.map(AbuseCategory::code))
    .bind(plan)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(id)
}

/// The event's audit record and its one chronology line.
async fn record(
    tx: &mut Journal,
    access: &ChildAccess,
    action: &str,
    kind: &str,
    occurred_at: DateTime<Utc>,
    summary: &str,
) -> StoreResult<EventId> {
    tx.record(Event {
        actor: access.actor(),
        relationship: Some(access.relationship()),
        child: Some(access.child()),
        action,
        subject: None,
        lines: &[Line {
            child: access.child(),
            occurred_at,
            kind,
            summary,
            significant: true,
        }],
    })
    .await
}

/// "police and health took part; education sent apologies"
fn who_took_part(attendees: &[Attendee]) -> String {
    let mut came: Vec<&str> = Vec::new();
    let mut apologies: Vec<&str> = Vec::new();
    for person in attendees {
        let list = if person.attended {
            &mut came
        } else {
            &mut apologies
        };
        let agency = short_agency(person.agency);
        if !list.contains(&agency) {
            list.push(agency);
        }
    }
    let mut words = format!("{} took part", came.join(", "));
    if !apologies.is_empty() {
        words.push_str(&format!("; apologies from {}", apologies.join(", ")));
    }
    words
}

fn short_agency(agency: Agency) -> &'static str {
    match agency {
        Agency::LocalAuthority => "children's social care",
        Agency::Police => "police",
        Agency::Health => "health",
        Agency::Education => "education",
        Agency::Probation => "probation",
        Agency::Housing => "housing",
        Agency::Family => "family",
        Agency::Other => "other agencies",
    }
}

type MeetingRow = (
    i64,
    String,
    DateTime<Utc>,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    String,
);

async fn meetings(conn: &mut Conn, child: PersonId) -> StoreResult<Vec<MeetingRecord>> {
    let rows: Vec<MeetingRow> = sqlx::query_as(
        "SELECT m.id, m.kind, m.held_at, m.place, m.chair, m.information, m.inquorate_reason, \
         c.decision, c.reasons, c.category, s.display_name \
         FROM meeting m JOIN meeting_child c ON c.meeting_id = m.id JOIN staff s ON s.id = m.recorded_by \
         WHERE c.child_id = $1 ORDER BY m.held_at DESC, m.id DESC",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let attendees: Vec<(i64, String, String, String, bool)> = sqlx::query_as(
        "SELECT a.meeting_id, a.name, a.agency, a.role, a.attended FROM meeting_attendee a \
         JOIN meeting_child c ON c.meeting_id = a.meeting_id WHERE c.child_id = $1 \
         ORDER BY a.meeting_id, a.ordinal",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            let (
                id,
                kind,
                held_at,
                place,
                chair,
                information,
                inquorate_reason,
                decision,
                reasons,
                category,
                recorded_by,
            ) = row;
            Some(MeetingRecord {
                id,
                kind: MeetingKind::from_code(&kind)?,
                held_at,
                place,
                chair,
                information,
                inquorate_reason,
                attendees: attendees
                    .iter()
                    .filter(|a| a.0 == id)
                    .filter_map(|(_, name, agency, role, attended)| {
                        Some(Attendee {
                            name: name.clone(),
                            agency: Agency::from_code(agency)?,
                            role: role.clone(),
                            attended: *attended,
                        })
                    })
                    .collect(),
                decision,
                reasons,
                category: category.as_deref().and_then(AbuseCategory::from_code),
                recorded_by,
            })
        })
        .collect())
}

#[async_trait]
impl ChildProtection for SqlStore {
    async fn child_protection(&self, access: &ChildAccess) -> StoreResult<ChildProtectionRecord> {
        let mut conn = self.read().await?;
        let steps = pathway(&mut conn, access.child()).await?;
        let meetings = meetings(&mut conn, access.child()).await?;
        drop(conn);
        self.record_access(vec![AccessLogEntry::by(
            access.actor(),
            Some(access.relationship()),
            Some(access.child()),
            AccessKind::ViewedRecord,
            "child protection",
        )])
        .await?;
        Ok(ChildProtectionRecord {
            child: access.child(),
            pathway: steps,
            meetings,
        })
    }

    async fn pathway(&self, access: &ChildAccess) -> StoreResult<Pathway> {
        pathway(&mut *self.read().await?, access.child()).await
    }

    async fn record_strategy_discussion(
        &self,
        access: &ChildAccess,
        discussion: &NewStrategyDiscussion,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let mut tx = self.journal().await?;
        locked_pathway(&mut tx, access.child()).await?;
        let meeting = &discussion.meeting;
        insert_meeting(
            &mut tx,
            access,
            MeetingKind::StrategyDiscussion,
            meeting,
            &discussion.information,
            None,
            (discussion.decision.code(), &discussion.reasons, None, None),
        )
        .await?;
        let summary = format!(
            "Strategy discussion chaired by {} ({}): {}. Reasons: {}",
            meeting.chair,
            who_took_part(&meeting.attendees),
            discussion.decision.label(),
            discussion.reasons
        );
        let event = record(
            &mut tx,
            access,
            "strategy_discussion",
            "strategy_discussion",
            meeting.held_at,
            &summary,
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn start_enquiry(
        &self,
        access: &ChildAccess,
        enquiry: &NewEnquiry,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let mut tx = self.journal().await?;
        let steps = locked_pathway(&mut tx, access.child()).await?;
        steps
            .may_start_enquiry(enquiry.strategy_discussion, enquiry.start_date)?
            .map_err(field)?;
        sqlx::query(
            "INSERT INTO section47_enquiry (child_id, strategy_meeting_id, start_date) VALUES ($1, $2, $3)",
        )
        .bind(access.child().0)
        .bind(enquiry.strategy_discussion)
        .bind(enquiry.start_date)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let held_on = steps
            .strategy_discussions
            .iter()
            .find(|s| s.meeting == enquiry.strategy_discussion)
            .map(|s| long_date(s.held_on))
            .unwrap_or_default();
        let summary =
            format!("Section 47 enquiry started, as the strategy discussion on {held_on} decided");
        let event = record(
            &mut tx,
            access,
            "section_47_started",
            "section_47_enquiry",
            on_day(enquiry.start_date, access.actor().at),
            &summary,
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn record_enquiry_outcome(
        &self,
        access: &ChildAccess,
        outcome: &NewOutcome,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let mut tx = self.journal().await?;
        let steps = locked_pathway(&mut tx, access.child()).await?;
        let enquiry = steps.may_record_outcome(outcome.date)?.map_err(field)?;
        sqlx::query(
            "UPDATE section47_enquiry SET outcome = $1, outcome_date = $2, outcome_reasons = $3 WHERE id = $4",
        )
        .bind(outcome.outcome.code())
        .bind(outcome.date)
        .bind(&outcome.reasons)
        .bind(enquiry)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = format!(
            "Section 47 enquiry outcome: {}. Reasons: {}",
            outcome.outcome.label(),
            outcome.reasons
        );
        let event = record(
            &mut tx,
            access,
            "section_47_outcome",
            "section_47_enquiry",
            on_day(outcome.date, access.actor().at),
            &summary,
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn request_conference(
        &self,
        access: &ChildAccess,
        request: &NewConferenceRequest,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let mut tx = self.journal().await?;
        let steps = locked_pathway(&mut tx, access.child()).await?;
        let enquiry = steps
            .may_request_conference(request.date, request.transfer_from.is_some())?
            .map_err(field)?;
        sqlx::query(
            "INSERT INTO conference_request (child_id, enquiry_id, transfer_from, requested_on) VALUES ($1, $2, $3, $4)",
        )
        .bind(access.child().0)
        .bind(enquiry)
        .bind(request.transfer_from.as_deref())
        .bind(request.date)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = match &request.transfer_from {
            Some(from) => format!(
                "Initial child protection conference requested: transferring in on a plan from {from}"
            ),
            None => "Initial child protection conference requested after the section 47 enquiry"
                .to_owned(),
        };
        let event = record(
            &mut tx,
            access,
            "conference_requested",
            "conference_requested",
            on_day(request.date, access.actor().at),
            &summary,
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn conference_not_required(
        &self,
        access: &ChildAccess,
        reason: &str,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let mut tx = self.journal().await?;
        let steps = locked_pathway(&mut tx, access.child()).await?;
        let request = steps.may_hold_conference(None)?.map_err(field)?;
        sqlx::query("UPDATE conference_request SET not_required_reason = $1 WHERE id = $2")
            .bind(reason)
            .bind(request)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let summary = format!("Initial child protection conference not required: {reason}");
        let event = record(
            &mut tx,
            access,
            "conference_not_required",
            "conference_requested",
            access.actor().at,
            &summary,
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn record_conference(
        &self,
        access: &ChildAccess,
        conference: &NewConference,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let mut tx = self.journal().await?;
        let steps = locked_pathway(&mut tx, access.child()).await?;
        let held_on = conference.meeting.held_on();
        let request = steps.may_hold_conference(Some(held_on))?.map_err(field)?;
        let meeting = insert_meeting(
            &mut tx,
            access,
            MeetingKind::InitialConference,
            &conference.meeting,
            "",
            conference.inquorate_reason.as_deref(),
            (
                conference.decision.code(),
                &conference.reasons,
                conference.category,
                None,
            ),
        )
        .await?;
        sqlx::query("UPDATE conference_request SET conference_meeting_id = $1 WHERE id = $2")
            .bind(meeting)
            .bind(request)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let mut summary = format!(
            "Initial child protection conference chaired by {} ({}): {}",
            conference.meeting.chair,
            who_took_part(&conference.meeting.attendees),
            conference.decision.label()
        );
        if let Some(why) = &conference.inquorate_reason {
            summary.push_str(&format!(". Not quorate; went ahead because: {why}"));
        }
        let event = record(
            &mut tx,
            access,
            "initial_conference",
            "initial_conference",
            conference.meeting.held_at,
            &summary,
        )
        .await?;
        if let (ConferenceDecision::Plan, Some(category)) =
            (conference.decision, conference.category)
        {
            sqlx::query(
                "INSERT INTO child_protection_plan (child_id, conference_meeting_id, start_date, initial_category, latest_category) \
                 VALUES ($1, $2, $3, $4, $4)",
            )
            .bind(access.child().0)
            .bind(meeting)
            .bind(held_on)
            .bind(category.code())
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
            let before = steps.plans.len();
            let summary = format!(
                "Child protection plan started: {}{}",
                category.label().to_lowercase(),
                match before {
                    0 => String::new(),
                    1 => " (1 previous plan)".to_owned(),
                    n => format!(" ({n} previous plans)"),
                }
            );
            // The kind the family-history guard reads, so a sibling's record shows it.
            record(
                &mut tx,
                access,
                "child_protection_plan_started",
                "child_protection_plan",
                conference.meeting.held_at,
                &summary,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(event)
    }

    async fn record_core_group(
        &self,
        access: &ChildAccess,
        group: &NewCoreGroup,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let mut tx = self.journal().await?;
        let steps = locked_pathway(&mut tx, access.child()).await?;
        let plan = steps
            .may_hold_core_group(group.meeting.held_on())?
            .map_err(field)?;
        insert_meeting(
            &mut tx,
            access,
            MeetingKind::CoreGroup,
            &group.meeting,
            &group.summary,
            None,
            ("held", "", None, Some(plan)),
        )
        .await?;
        let summary = format!(
            "Core group meeting ({}): {}",
            who_took_part(&group.meeting.attendees),
            group.summary
        );
        let event = record(
            &mut tx,
            access,
            "core_group",
            "core_group",
            group.meeting.held_at,
            &summary,
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn end_plan(&self, access: &ChildAccess, end: &PlanEnd) -> StoreResult<EventId> {
        may_add(access)?;
        let mut tx = self.journal().await?;
        let steps = locked_pathway(&mut tx, access.child()).await?;
        let plan = steps.may_end_plan(end.date)?.map_err(field)?;
        sqlx::query(
            "UPDATE child_protection_plan SET end_date = $1, end_reason = $2 WHERE id = $3",
        )
        .bind(end.date)
        .bind(end.reason.code())
        .bind(plan)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = format!("Child protection plan ended: {}", end.reason.label());
        let event = record(
            &mut tx,
            access,
            "child_protection_plan_ended",
            "child_protection_plan",
            on_day(end.date, access.actor().at),
            &summary,
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn child_protection_tray(
        &self,
        actor: &Actor,
        on: NaiveDate,
    ) -> StoreResult<Vec<TrayChild>> {
        let Some(staff) = actor.staff_id() else {
            return Ok(Vec::new());
        };
        let mut conn = self.read().await?;
        // Allocated to the actor, or allocated in a team the actor manages (their own and
        // every team below it).
        let children: Vec<(i64, String, String, Option<String>, Option<String>)> = sqlx::query_as(
            "WITH RECURSIVE line(id) AS ( \
               SELECT team_id FROM staff WHERE id = $1 AND role IN ('team_manager', 'service_manager') \
               AND team_id IS NOT NULL \
               UNION SELECT t.id FROM team t JOIN line ON t.parent_id = line.id) \
             SELECT p.id, p.given_name, p.family_name, s.display_name, t.name \
             FROM allocation a JOIN person p ON p.id = a.child_id \
             JOIN staff s ON s.id = a.worker_id JOIN team t ON t.id = a.team_id \
             WHERE a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date > $2) \
             AND p.merged_into_id IS NULL \
             AND (a.worker_id = $1 OR a.team_id IN (SELECT id FROM line)) \
             AND (EXISTS (SELECT 1 FROM meeting_child c JOIN meeting m ON m.id = c.meeting_id \
                          WHERE c.child_id = p.id AND m.kind = 'strategy_discussion' AND c.decision = 'section_47' \
                          AND NOT EXISTS (SELECT 1 FROM section47_enquiry e \
                                          WHERE e.child_id = p.id AND e.strategy_meeting_id = m.id)) \
               OR EXISTS (SELECT 1 FROM section47_enquiry e WHERE e.child_id = p.id AND e.outcome IS NULL) \
               OR EXISTS (SELECT 1 FROM conference_request r WHERE r.child_id = p.id \
                          AND r.not_required_reason IS NULL AND r.conference_meeting_id IS NULL) \
               OR EXISTS (SELECT 1 FROM child_protection_plan c WHERE c.child_id = p.id AND c.end_date IS NULL)) \
             ORDER BY p.family_name, p.given_name, p.id",
        )
        .bind(staff.0)
        .bind(on)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
        let mut tray = Vec::with_capacity(children.len());
        for (id, given_name, family_name, worker_name, team_name) in children {
            let child = PersonId(id);
            tray.push(TrayChild {
                child,
                pathway: pathway(&mut conn, child).await?,
                given_name,
                family_name,
                worker_name,
                team_name,
            });
        }
        drop(conn);
        // Recorded even when empty, as every list of children is.
        self.record_access(vec![AccessLogEntry::list_shown(
            actor,
            "child protection work tray",
            tray.iter().map(|c| c.child),
        )])
        .await?;
        Ok(tray)
    }
}
