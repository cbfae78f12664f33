// The front door (issue 3): contacts, referrals and the child in need episodes they open,
// decisions, their corrections and closures, each one journal write with its chronology line
// and audit record. Written once for both databases: `include!`d by each backend's
// `front_door.rs` (names from its `dialect.rs`). The record page's panel read
// (`read_front_door`) is each backend's own, as SQLite's is one JSON-building statement on a
// measured hot path; both make their rows into the record in `front_door/panel.rs`.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::assessments::check_closure_reason;
use journey_domain::front_door::{
    ContactId, CorrectionFacts, DecisionCorrection, DecisionOption, EpisodeClosure, NewContact,
    NewDecision, NewReferral, ReferralFacts, ReferralId, check_closure, check_correction,
    check_decision, check_referral, dating, is_re_referral, wording,
};
use journey_domain::ids::{EventId, PersonId, StaffId};
use journey_domain::uk_time;
use journey_domain::validation::FieldErrors;
use journey_store::{
    AccessKind, AccessLogEntry, Actor, AwaitingDecision, ChildAccess, FrontDoor, FrontDoorRecord,
    LIST_AWAITING_DECISION, StoreError, StoreResult,
};

use crate::journal::{Event, Journal, Line};

mod panel {
    include!("front_door/panel.rs");
}
use panel::bad_code;

/// The child's dates of birth, inside the write; `NotFound` unless they are a child. `lock`
/// locks the child's row until the write ends.
async fn child_dates(
    tx: &mut Conn,
    child: PersonId,
    lock: bool,
) -> StoreResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    macro_rules! dates {
        () => {
            "SELECT date_of_birth, expected_date_of_birth FROM person WHERE id = $1 AND is_child"
        };
    }
    let sql = if lock {
        concat!(dates!(), for_update!())
    } else {
        dates!()
    };
    let row: Option<(Option<NaiveDate>, Option<NaiveDate>)> = sqlx::query_as(sql)
        .bind(child.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    row.ok_or(StoreError::NotFound)
}

/// Records the event with its one chronology line, on the child's record, dated when it
/// happened (`dating`: a contact when received, a referral on its date, a decision now).
async fn record(
    tx: &mut Journal,
    access: &ChildAccess,
    happened: DateTime<Utc>,
    action: &str,
    summary: &str,
    significant: bool,
) -> StoreResult<EventId> {
    tx.record(Event {
        actor: access.actor(),
        relationship: Some(access.relationship()),
        child: Some(access.child()),
        action,
        subject: None,
        lines: &[Line {
            child: access.child(),
            occurred_at: happened,
            kind: action,
            summary,
            significant,
        }],
    })
    .await
}

/// RC8 and RC9 ("closed after assessment") need an authorised assessment in the episode.
async fn after_assessment(
    tx: &mut Conn,
    access: &ChildAccess,
    closure: &EpisodeClosure,
) -> StoreResult<()> {
    let (name, authorised): (String, bool) = sqlx::query_as(
        "SELECT given_name, EXISTS (SELECT 1 FROM assessment WHERE referral_id = $2 \
         AND state = 'authorised') FROM person WHERE id = $1",
    )
    .bind(access.child().0)
    .bind(closure.referral.0)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    check_closure_reason(closure.reason, authorised, &name)?;
    Ok(())
}

/// The referral's start date, whether it is closed and whether it has a decision. The row is
/// locked, so two managers deciding at once are told in turn, not both accepted.
async fn referral_state(
    tx: &mut Conn,
    access: &ChildAccess,
    referral: ReferralId,
) -> StoreResult<(NaiveDate, bool, bool)> {
    let row: Option<(NaiveDate, Option<NaiveDate>, bool)> = sqlx::query_as(concat!(
        "SELECT r.referral_date, r.closure_date, \
         EXISTS (SELECT 1 FROM referral_decision d WHERE d.referral_id = r.id) \
         FROM referral r WHERE r.id = $1 AND r.child_id = $2",
        for_update!()
    ))
    .bind(referral.0)
    .bind(access.child().0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let (started, closed, decided) = row.ok_or(StoreError::NotFound)?;
    Ok((started, closed.is_some(), decided))
}

/// A referral awaiting a decision: referral, child, given and family names, referral date,
/// contact received, decision due, re-referral, team.
type AwaitingRow = (
    i64,
    i64,
    String,
    String,
    NaiveDate,
    DateTime<Utc>,
    NaiveDate,
    bool,
    String,
);

#[async_trait]
impl FrontDoor for SqlStore {
    async fn record_contact(
        &self,
        access: &ChildAccess,
        contact: &NewContact,
    ) -> StoreResult<ContactId> {
        let mut tx = self.journal().await?;
        child_dates(&mut tx, access.child(), false).await?;
        let summary = wording::contact_received(
            contact.source,
            &contact.referrer_name,
            &contact.referrer_role,
            &contact.concerns,
        );
        let event = record(
            &mut tx,
            access,
            contact.received_at,
            "contact_received",
            &summary,
            false,
        )
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO contact (child_id, received_at, source_code, referrer_name, referrer_role, \
             concerns, recorded_by, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(access.child().0)
        .bind(ts(contact.received_at))
        .bind(contact.source.code())
        .bind(&contact.referrer_name)
        .bind(&contact.referrer_role)
        .bind(&contact.concerns)
        .bind(access.actor().display_name())
        .bind(event.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await?;
        Ok(ContactId(id))
    }

    async fn make_referral(
        &self,
        access: &ChildAccess,
        referral: &NewReferral,
    ) -> StoreResult<ReferralId> {
        let mut tx = self.journal().await?;
        // Lock the child's row: two referrals for one child at once are decided in turn, so
        // the "one open episode" rule holds without a partial unique index.
        let (date_of_birth, expected_date_of_birth) =
            child_dates(&mut tx, access.child(), true).await?;
        let contact: Option<(DateTime<Utc>, bool)> = sqlx::query_as(
            "SELECT c.received_at, EXISTS (SELECT 1 FROM referral r WHERE r.contact_id = c.id) \
             FROM contact c WHERE c.id = $1 AND c.child_id = $2",
        )
        .bind(referral.contact.0)
        .bind(access.child().0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let (received_at, contact_already_referred) = contact.ok_or(StoreError::NotFound)?;
        let earlier: Vec<(NaiveDate, Option<NaiveDate>)> =
            sqlx::query_as("SELECT referral_date, closure_date FROM referral WHERE child_id = $1")
                .bind(access.child().0)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_err)?;
        let facts = ReferralFacts {
            date_of_birth,
            expected_date_of_birth,
            contact_received: uk_time::local_date(received_at),
            contact_already_referred,
            open_episode: earlier.iter().any(|(_, closed)| closed.is_none()),
        };
        check_referral(&facts, referral.referral_date)?;
        let re_referral = is_re_referral(referral.referral_date, &earlier);
        // Worked out from the authority's timescales by whoever parsed the referral.
        let due = referral.decision_due;
        let summary = wording::referral_accepted(referral.primary_need, re_referral, due);
        let happened = dating::referral(referral.referral_date, received_at, access.actor().at);
        let event = record(
            &mut tx,
            access,
            happened,
            "referral_accepted",
            &summary,
            true,
        )
        .await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO referral (contact_id, child_id, referral_date, primary_need_code, \
             re_referral, decision_due, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(referral.contact.0)
        .bind(access.child().0)
        .bind(referral.referral_date)
        .bind(referral.primary_need.code())
        .bind(re_referral)
        .bind(due)
        .bind(event.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| {
            // Another request made this contact a referral a moment ago.
            if is_unique_violation(&e) {
                StoreError::Invalid(FieldErrors::single(
                    "contact",
                    "This contact has already become a referral",
                ))
            } else {
                db_err(e)
            }
        })?;
        tx.commit().await?;
        Ok(ReferralId(id))
    }

    async fn record_decision(
        &self,
        access: &ChildAccess,
        decision: &NewDecision,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let (_, _, decided) = referral_state(&mut tx, access, decision.referral).await?;
        check_decision(decided)?;
        let manager = access.actor().display_name();
        let summary = wording::decision_recorded(manager, decision.option, &decision.reasons);
        // A decision is made when the manager records it.
        let event = record(
            &mut tx,
            access,
            access.actor().at,
            "referral_decision",
            &summary,
            true,
        )
        .await?;
        sqlx::query(
            "INSERT INTO referral_decision (referral_id, option_code, reasons, decided_by, \
             decided_by_id, decided_at, event_id) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(decision.referral.0)
        .bind(decision.option.code())
        .bind(&decision.reasons)
        .bind(manager)
        .bind(access.actor().staff_id().map(|s| s.0))
        .bind(ts(access.actor().at))
        .bind(event.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await?;
        Ok(event)
    }

    async fn correct_decision(
        &self,
        access: &ChildAccess,
        correction: &DecisionCorrection,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        // Locks the referral's row: two corrections at once are made in turn, each on the
        // version before it.
        let (_, closed, _) = referral_state(&mut tx, access, correction.referral).await?;
        // The current version: the latest correction, else the decision as recorded.
        let current: Option<(i32, String, String)> = sqlx::query_as(
            "SELECT version, option_code, reasons FROM ( \
               SELECT 1 AS version, option_code, reasons FROM referral_decision \
               WHERE referral_id = $1 \
               UNION ALL SELECT version, option_code, reasons FROM referral_decision_correction \
               WHERE referral_id = $1) v ORDER BY version DESC LIMIT 1",
        )
        .bind(correction.referral.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let current = current
            .map(|(version, option, reasons)| {
                DecisionOption::from_code(&option)
                    .map(|option| (version, option, reasons))
                    .ok_or_else(|| bad_code("decision", &option))
            })
            .transpose()?;
        let facts = CorrectionFacts {
            current: current
                .as_ref()
                .map(|(_, option, reasons)| (*option, reasons.clone())),
            episode_closed: closed,
        };
        check_correction(&facts, correction)?;
        let (version, was, _) = current.ok_or(StoreError::NotFound)?;
        let manager = access.actor().display_name();
        let summary = wording::decision_corrected(
            manager,
            was,
            correction.option,
            &correction.correction_reason,
        );
        let event = record(
            &mut tx,
            access,
            access.actor().at,
            "referral_decision_corrected",
            &summary,
            true,
        )
        .await?;
        sqlx::query(
            "INSERT INTO referral_decision_correction (referral_id, version, option_code, reasons, \
             correction_reason, corrected_by, corrected_by_id, corrected_at, event_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(correction.referral.0)
        .bind(version + 1)
        .bind(correction.option.code())
        .bind(&correction.reasons)
        .bind(&correction.correction_reason)
        .bind(manager)
        .bind(access.actor().staff_id().map(|s| s.0))
        .bind(ts(access.actor().at))
        .bind(event.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await?;
        Ok(event)
    }

    async fn close_episode(
        &self,
        access: &ChildAccess,
        closure: &EpisodeClosure,
    ) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let (started, closed, _) = referral_state(&mut tx, access, closure.referral).await?;
        check_closure(started, closed, closure.closure_date)?;
        after_assessment(&mut tx, access, closure).await?;
        let summary = wording::episode_closed(closure.reason);
        let happened = dating::on_day(closure.closure_date, access.actor().at);
        let event = record(&mut tx, access, happened, "episode_closed", &summary, false).await?;
        sqlx::query(
            "UPDATE referral SET closure_date = $1, closure_reason_code = $2 WHERE id = $3",
        )
        .bind(closure.closure_date)
        .bind(closure.reason.code())
        .bind(closure.referral.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await?;
        Ok(event)
    }

    async fn front_door_record(&self, access: &ChildAccess) -> StoreResult<FrontDoorRecord> {
        self.read_front_door(access.child()).await
    }

    async fn open_front_door(&self, access: &ChildAccess) -> StoreResult<FrontDoorRecord> {
        let record = self.read_front_door(access.child()).await?;
        self.record_access(vec![AccessLogEntry::through(
            access,
            AccessKind::ViewedRecord,
            "front_door",
        )])
        .await?;
        Ok(record)
    }

    async fn awaiting_decision_shown(&self, actor: &Actor) -> StoreResult<Vec<AwaitingDecision>> {
        let waiting = match actor.staff_id() {
            Some(manager) => self.awaiting_decision(manager, actor.today()).await?,
            None => Vec::new(),
        };
        self.record_access(vec![AccessLogEntry::list_shown(
            actor,
            LIST_AWAITING_DECISION,
            waiting.iter().map(|w| w.child),
        )])
        .await?;
        Ok(waiting)
    }

    async fn awaiting_decision(
        &self,
        manager: StaffId,
        on: NaiveDate,
    ) -> StoreResult<Vec<AwaitingDecision>> {
        // The manager's team and every team under it, then the open, undecided referrals of
        // the children allocated to one of them on the day, or waiting in its unallocated list.
        let rows: Vec<AwaitingRow> = sqlx::query_as(
            "WITH RECURSIVE line(id) AS ( \
               SELECT team_id FROM staff WHERE id = $1 AND role IN ('team_manager', 'service_manager') \
               AND team_id IS NOT NULL \
               UNION SELECT t.id FROM team t JOIN line ON t.parent_id = line.id) \
             SELECT r.id, p.id, p.given_name, p.family_name, r.referral_date, c.received_at, \
             r.decision_due, r.re_referral, t.name \
             FROM referral r \
             JOIN contact c ON c.id = r.contact_id \
             JOIN person p ON p.id = r.child_id \
             JOIN (SELECT child_id, team_id, start_date, end_date FROM allocation \
                   UNION ALL SELECT child_id, team_id, start_date, end_date FROM unallocated) a \
               ON a.child_id = r.child_id AND a.start_date <= $2 \
               AND (a.end_date IS NULL OR a.end_date > $2) \
             JOIN team t ON t.id = a.team_id \
             WHERE a.team_id IN (SELECT id FROM line) AND r.closure_date IS NULL \
             AND NOT EXISTS (SELECT 1 FROM referral_decision d WHERE d.referral_id = r.id) \
             ORDER BY r.referral_date, c.received_at, r.id",
        )
        .bind(manager.0)
        .bind(on)
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    id,
                    child,
                    given_name,
                    family_name,
                    referral_date,
                    received_at,
                    decision_due,
                    re_referral,
                    team_name,
                )| AwaitingDecision {
                    referral: ReferralId(id),
                    child: PersonId(child),
                    given_name,
                    family_name,
                    referral_date,
                    received_at,
                    decision_due,
                    re_referral,
                    team_name,
                },
            )
            .collect())
    }
}
