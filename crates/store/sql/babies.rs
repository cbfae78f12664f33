// A baby's discharge from hospital: the plan, its sign-off and the discharge. Written once for
// both databases: `include!`d by each backend's `babies.rs` (names from its `dialect.rs`).
//
// Every write locks the child's row, reads the baby's plans and discharges and asks the
// domain's gate again inside the transaction, so the order of steps holds whoever else writes.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::access::Action;
use journey_domain::babies::{
    BabyRecord, ConferenceBooking, Destination, DischargeRefused, DischargeStep, NewDischarge,
    NewDischargePlan, PlanStep, pre_birth_targets,
};
use journey_domain::front_door::dating::on_day;
use journey_domain::ids::{EventId, PersonId, StaffId};
use journey_domain::timescales::{RuleId, Timeliness, Timescales};
use journey_domain::uk_time::{local_date, long_date};
use journey_store::babies::{BabyFile, BabyTrayChild, DischargePlanShown, DischargeShown};
use journey_store::{
    AccessKind, AccessLogEntry, Actor, AttentionKind, Babies, ChildAccess, NewAttention,
    StoreError, StoreResult,
};

use crate::journal::{Event, Journal, Line};
use crate::writes;

/// Only those who may add to the child's record record the baby's discharge steps.
fn may_add(access: &ChildAccess) -> StoreResult<()> {
    writes::proof_allows(access, Action::AddToRecord)
}

/// id, planned, destination, going with, arrangements, support, contingency, author id,
/// author, written, signer, signed
type PlanRow = (
    i64,
    NaiveDate,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    DateTime<Utc>,
    Option<String>,
    Option<DateTime<Utc>>,
);

/// id, plan, discharged on, destination, going with, plan signed, reason, recorded by
type DischargeRow = (
    i64,
    Option<i64>,
    NaiveDate,
    String,
    String,
    bool,
    String,
    String,
);

fn destination(code: &str) -> Destination {
    Destination::from_code(code).unwrap_or(Destination::Other)
}

/// How far the child protection record's pre-birth conference has got: asked for, or held
/// (or found not to be needed).
async fn conference_booking(conn: &mut Conn, child: PersonId) -> StoreResult<ConferenceBooking> {
    let (held, asked): (bool, bool) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM meeting_child c JOIN meeting m ON m.id = c.meeting_id \
                        WHERE c.child_id = $1 AND m.kind = 'initial_conference') \
             OR EXISTS (SELECT 1 FROM conference_request WHERE child_id = $1 \
                        AND not_required_reason IS NOT NULL), \
         EXISTS (SELECT 1 FROM conference_request WHERE child_id = $1)",
    )
    .bind(child.0)
    .fetch_one(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(match (held, asked) {
        (true, _) => ConferenceBooking::Held,
        (false, true) => ConferenceBooking::Booked,
        (false, false) => ConferenceBooking::NotBooked,
    })
}

/// Reads the baby's plans and discharges. A record merged into another reads as having none.
async fn baby_file(conn: &mut Conn, child: PersonId) -> StoreResult<BabyFile> {
    let found: Option<(String, String, Option<NaiveDate>, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT given_name, family_name, date_of_birth, expected_date_of_birth FROM person WHERE id = $1",
    )
    .bind(child.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let (given, family, date_of_birth, expected_date_of_birth) =
        found.ok_or(StoreError::NotFound)?;
    let plans: Vec<PlanRow> = sqlx::query_as(
        "SELECT p.id, p.planned_discharge, p.destination, p.going_with, p.arrangements, p.support, \
         p.contingency, p.written_by, w.display_name, p.written_at, s.display_name, p.signed_off_at \
         FROM discharge_plan p JOIN staff w ON w.id = p.written_by \
         LEFT JOIN staff s ON s.id = p.signed_off_by \
         WHERE p.child_id = $1 ORDER BY p.written_at, p.id",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let discharges: Vec<DischargeRow> = sqlx::query_as(
        "SELECT d.id, d.plan_id, d.discharged_on, d.destination, d.going_with, d.plan_signed, \
         d.reason, s.display_name FROM hospital_discharge d JOIN staff s ON s.id = d.recorded_by \
         WHERE d.child_id = $1 ORDER BY d.discharged_on, d.id",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let conference = conference_booking(conn, child).await?;
    let record = BabyRecord {
        name: format!("{given} {family}"),
        date_of_birth,
        expected_date_of_birth,
        plans: plans
            .iter()
            .map(|p| PlanStep {
                id: p.0,
                planned_discharge: p.1,
                written_by: StaffId(p.7),
                written_on: local_date(p.9),
                signed_off_on: p.11.map(local_date),
                discharge: discharges.iter().find(|d| d.1 == Some(p.0)).map(|d| d.0),
            })
            .collect(),
        discharges: discharges
            .iter()
            .map(|d| DischargeStep {
                id: d.0,
                plan: d.1,
                discharged_on: d.2,
                unsigned: !d.5,
            })
            .collect(),
    };
    Ok(BabyFile {
        child,
        record,
        conference,
        plans: plans
            .into_iter()
            .rev()
            .map(|p| DischargePlanShown {
                id: p.0,
                planned_discharge: p.1,
                destination: destination(&p.2),
                going_with: p.3,
                arrangements: p.4,
                support: p.5,
                contingency: p.6,
                written_by: p.8,
                written_at: p.9,
                signed_off_by: p.10,
                signed_off_at: p.11,
            })
            .collect(),
        discharges: discharges
            .into_iter()
            .rev()
            .map(|d| DischargeShown {
                id: d.0,
                discharged_on: d.2,
                destination: destination(&d.3),
                going_with: d.4,
                plan_signed: d.5,
                reason: d.6,
                recorded_by: d.7,
            })
            .collect(),
    })
}

/// Locks the child's row for the step and reads the baby's record.
async fn locked(tx: &mut Journal, child: PersonId) -> StoreResult<BabyRecord> {
    writes::lock_child(tx, child).await?;
    Ok(baby_file(tx, child).await?.record)
}

/// The event's audit record and its one chronology line.
async fn record(
    tx: &mut Journal,
    access: &ChildAccess,
    action: &str,
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
            kind: action,
            summary,
            significant: true,
        }],
    })
    .await
}

/// The team managers of the child's team (the recorder's team when the child is not
/// allocated) and the service managers over it, less the recorder.
async fn managers_to_tell(
    tx: &mut Journal,
    child: PersonId,
    recorder: StaffId,
    on: NaiveDate,
) -> StoreResult<Vec<StaffId>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "WITH RECURSIVE allocated AS ( \
           SELECT team_id FROM allocation WHERE child_id = $1 AND start_date <= $3 \
           AND (end_date IS NULL OR end_date > $3)), \
         home(team_id) AS ( \
           SELECT team_id FROM allocated \
           UNION SELECT team_id FROM staff WHERE id = $2 AND team_id IS NOT NULL \
           AND NOT EXISTS (SELECT 1 FROM allocated)), \
         above(id) AS ( \
           SELECT t.parent_id FROM team t WHERE t.id IN (SELECT team_id FROM home) AND t.parent_id IS NOT NULL \
           UNION SELECT t.parent_id FROM team t JOIN above ON t.id = above.id WHERE t.parent_id IS NOT NULL) \
         SELECT id FROM staff WHERE NOT disabled AND id <> $2 AND ( \
           (role = 'team_manager' AND team_id IN (SELECT team_id FROM home)) \
           OR (role = 'service_manager' AND (team_id IN (SELECT id FROM above) \
                                             OR team_id IN (SELECT team_id FROM home)))) \
         ORDER BY id",
    )
    .bind(child.0)
    .bind(recorder.0)
    .bind(on)
    .fetch_all(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(ids.into_iter().map(StaffId).collect())
}

#[async_trait]
impl Babies for SqlStore {
    async fn baby_file(&self, access: &ChildAccess) -> StoreResult<BabyFile> {
        let file = baby_file(&mut *self.read().await?, access.child()).await?;
        self.record_access(vec![AccessLogEntry::by(
            access.actor(),
            Some(access.relationship()),
            Some(access.child()),
            AccessKind::ViewedRecord,
            "discharge from hospital",
        )])
        .await?;
        Ok(file)
    }

    async fn baby_record(&self, access: &ChildAccess) -> StoreResult<BabyFile> {
        baby_file(&mut *self.read().await?, access.child()).await
    }

    async fn write_discharge_plan(
        &self,
        access: &ChildAccess,
        plan: &NewDischargePlan,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let author = access.actor().staff_id().ok_or(StoreError::NotFound)?;
        let mut tx = self.journal().await?;
        let baby = locked(&mut tx, access.child()).await?;
        baby.may_write_plan(plan.planned_discharge)?
            .map_err(StoreError::Invalid)?;
        sqlx::query(
            "INSERT INTO discharge_plan (child_id, planned_discharge, destination, going_with, \
             arrangements, support, contingency, written_by, written_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(access.child().0)
        .bind(plan.planned_discharge)
        .bind(plan.destination.code())
        .bind(&plan.going_with)
        .bind(&plan.arrangements)
        .bind(&plan.support)
        .bind(&plan.contingency)
        .bind(author.0)
        .bind(ts(access.actor().at))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = format!(
            "Discharge plan written for the baby's planned discharge from hospital on {}: {} ({}); awaiting a team manager's sign-off",
            long_date(plan.planned_discharge),
            plan.destination.label().to_lowercase(),
            plan.going_with
        );
        let event = record(
            &mut tx,
            access,
            "discharge_plan",
            access.actor().at,
            &summary,
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn sign_off_discharge_plan(&self, access: &ChildAccess) -> StoreResult<EventId> {
        may_add(access)?;
        let signer = access.actor().staff_id().ok_or(StoreError::NotFound)?;
        let mut tx = self.journal().await?;
        let baby = locked(&mut tx, access.child()).await?;
        let plan = baby.may_sign_off(signer)?;
        // A team or service manager whose line (their team and every team below it) holds
        // the author's team.
        let in_line: bool = sqlx::query_scalar(
            "WITH RECURSIVE line(id) AS ( \
               SELECT team_id FROM staff WHERE id = $1 AND role IN ('team_manager', 'service_manager') \
               AND team_id IS NOT NULL \
               UNION SELECT t.id FROM team t JOIN line ON t.parent_id = line.id) \
             SELECT EXISTS (SELECT 1 FROM discharge_plan p JOIN staff w ON w.id = p.written_by \
                            WHERE p.id = $2 AND w.team_id IN (SELECT id FROM line))",
        )
        .bind(signer.0)
        .bind(plan)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        if !in_line {
            return Err(DischargeRefused {
                message:
                    "Only a team manager over the worker's team signs off their discharge plan."
                        .to_owned(),
                put_right: "",
            }
            .into());
        }
        sqlx::query(
            "UPDATE discharge_plan SET signed_off_by = $1, signed_off_at = $2 WHERE id = $3",
        )
        .bind(signer.0)
        .bind(ts(access.actor().at))
        .bind(plan)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let planned = baby
            .open_plan()
            .map(|p| long_date(p.planned_discharge))
            .unwrap_or_default();
        let summary = format!(
            "Discharge plan signed off by a team manager, for the baby's planned discharge on {planned}"
        );
        let event = record(
            &mut tx,
            access,
            "discharge_plan_signed_off",
            access.actor().at,
            &summary,
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn record_discharge(
        &self,
        access: &ChildAccess,
        discharge: &NewDischarge,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let recorder = access.actor().staff_id().ok_or(StoreError::NotFound)?;
        let mut tx = self.journal().await?;
        let baby = locked(&mut tx, access.child()).await?;
        let (plan, signed) = baby
            .may_record_discharge(discharge.date, &discharge.reason)?
            .map_err(StoreError::Invalid)?;
        let reason = if signed {
            ""
        } else {
            discharge.reason.as_str()
        };
        sqlx::query(
            "INSERT INTO hospital_discharge (child_id, plan_id, discharged_on, destination, \
             going_with, plan_signed, reason, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(access.child().0)
        .bind(plan)
        .bind(discharge.date)
        .bind(discharge.destination.code())
        .bind(&discharge.going_with)
        .bind(signed)
        .bind(reason)
        .bind(recorder.0)
        .bind(ts(access.actor().at))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let went = format!(
            "{} ({})",
            discharge.destination.label().to_lowercase(),
            discharge.going_with
        );
        let summary = match (plan, signed) {
            (_, true) => format!("Left hospital as the signed discharge plan set out: {went}"),
            (Some(_), false) => format!(
                "Left hospital before the discharge plan was signed off: {went}. Why: {reason}"
            ),
            (None, false) => {
                format!("Left hospital without a discharge plan: {went}. Why: {reason}")
            }
        };
        let event = record(
            &mut tx,
            access,
            "hospital_discharge",
            on_day(discharge.date, access.actor().at),
            &summary,
        )
        .await?;
        if !signed {
            let told =
                managers_to_tell(&mut tx, access.child(), recorder, access.actor().today()).await?;
            let child = access.child();
            let items: Vec<NewAttention> = told
                .into_iter()
                .map(|staff| NewAttention {
                    staff,
                    kind: AttentionKind::DischargeWithoutSignedPlan,
                    child: Some(child),
                    summary: format!(
                        "The baby with Journey ID {child} left hospital on {} without a signed discharge plan",
                        long_date(discharge.date)
                    ),
                    link: format!("/children/{child}/discharge"),
                })
                .collect();
            crate::attention::post(&mut tx, access.actor().at, &items).await?;
        }
        tx.commit().await?;
        Ok(event)
    }

    async fn babies_tray(
        &self,
        actor: &Actor,
        timescales: &Timescales,
        on: NaiveDate,
    ) -> StoreResult<Vec<BabyTrayChild>> {
        let Some(staff) = actor.staff_id() else {
            return Ok(Vec::new());
        };
        let mut conn = self.read().await?;
        // Allocated to the actor, or in a team the actor manages (their own and every team
        // below it); with an unsigned plan not carried out, or unborn with no conference asked
        // for (whose booking target is then checked below).
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
             AND (EXISTS (SELECT 1 FROM discharge_plan d WHERE d.child_id = p.id \
                          AND d.signed_off_at IS NULL \
                          AND NOT EXISTS (SELECT 1 FROM hospital_discharge h WHERE h.plan_id = d.id)) \
               OR (p.expected_date_of_birth IS NOT NULL AND p.date_of_birth IS NULL \
                   AND NOT EXISTS (SELECT 1 FROM conference_request r WHERE r.child_id = p.id))) \
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
            let file = baby_file(&mut conn, child).await?;
            let unsigned = file.record.sign_off_due(timescales, on).is_some();
            let booking_near = match (
                file.record.date_of_birth,
                file.record.expected_date_of_birth,
            ) {
                (None, Some(expected)) => {
                    pre_birth_targets(timescales, expected, file.conference, on)
                        .iter()
                        .any(|t| {
                            t.rule == RuleId::PreBirthConferenceBooking
                                && !matches!(t.check.timeliness, Timeliness::OnTime { .. })
                        })
                }
                _ => false,
            };
            if unsigned || booking_near {
                tray.push(BabyTrayChild {
                    child,
                    given_name,
                    family_name,
                    worker_name,
                    team_name,
                    record: file.record,
                    conference: file.conference,
                });
            }
        }
        drop(conn);
        // Recorded even when empty, as every list of children is.
        self.record_access(vec![AccessLogEntry::list_shown(
            actor,
            "babies: discharge plans and pre-birth conferences",
            tray.iter().map(|c| c.child),
        )])
        .await?;
        Ok(tray)
    }
}
