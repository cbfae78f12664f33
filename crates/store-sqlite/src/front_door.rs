//! The `front door` capability on SQLite (issue 3): contacts, referrals and the child in need
//! episodes they open, decisions and closures, each one transaction with its chronology line
//! and audit record.

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::front_door::{
    ClosureReason, ContactId, CorrectionFacts, DecisionCorrection, DecisionOption, EpisodeClosure,
    NewContact, NewDecision, NewReferral, PrimaryNeed, ReferralFacts, ReferralId, ReferralSource,
    check_closure, check_correction, check_decision, check_referral, is_re_referral, wording,
};
use journey_domain::ids::{EventId, PersonId, StaffId};
use journey_domain::uk_time;
use journey_store::{
    AccessKind, AccessLogEntry, AwaitingDecision, ChildAccess, Contact, DecisionVersion, Episode,
    FrontDoor, FrontDoorRecord, StoreError, StoreResult, decision_from_versions,
};
use sqlx::SqliteConnection;

use crate::SqliteStore;
use crate::codec::{date, db_err, parse_date, parse_opt_date, parse_ts, ts};
use crate::journal::{Line, audit, chronology};
use crate::json_read;

/// A stored code that is not in the DfE's list: the database was changed behind Journey.
fn bad_code(what: &str, code: &str) -> StoreError {
    StoreError::Database(format!("unknown {what} code {code:?} in the database"))
}

/// The child's dates of birth, inside the transaction; `NotFound` unless they are a child.
async fn child_dates(
    tx: &mut SqliteConnection,
    child: PersonId,
) -> StoreResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    let row: Option<(Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT date_of_birth, expected_date_of_birth FROM person WHERE id = ?1 AND is_child = 1",
    )
    .bind(child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let (born, expected) = row.ok_or(StoreError::NotFound)?;
    Ok((parse_opt_date(born)?, parse_opt_date(expected)?))
}

/// Writes the event's audit record and its one chronology line.
async fn journal(
    tx: &mut SqliteConnection,
    access: &ChildAccess,
    action: &str,
    summary: &str,
    significant: bool,
) -> StoreResult<EventId> {
    let actor = &access.actor;
    let event = audit(
        tx,
        actor,
        Some(access.relationship),
        Some(access.child),
        action,
    )
    .await?;
    chronology(
        tx,
        event,
        actor.display_name(),
        &[Line {
            child: access.child,
            occurred_at: actor.at,
            kind: action,
            summary,
            significant,
        }],
    )
    .await?;
    Ok(event)
}

/// The referral's child, start date, closure and whether it has a decision, for one child.
async fn referral_state(
    tx: &mut SqliteConnection,
    access: &ChildAccess,
    referral: ReferralId,
) -> StoreResult<(NaiveDate, bool, bool)> {
    let row: Option<(String, Option<String>, bool)> = sqlx::query_as(
        "SELECT r.referral_date, r.closure_date, \
         EXISTS (SELECT 1 FROM referral_decision d WHERE d.referral_id = r.id) \
         FROM referral r WHERE r.id = ?1 AND r.child_id = ?2",
    )
    .bind(referral.0)
    .bind(access.child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let (started, closed, decided) = row.ok_or(StoreError::NotFound)?;
    Ok((parse_date(&started)?, closed.is_some(), decided))
}

type ContactRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<i64>,
);
type EpisodeRow = (
    i64,
    i64,
    String,
    String,
    String,
    bool,
    String,
    Option<String>,
    Option<String>,
);
/// One version of a decision: referral, version, option, reasons, by, at, correction reason.
type VersionRow = (i64, i32, String, String, String, String, Option<String>);

fn contact_from(row: ContactRow) -> StoreResult<Contact> {
    let (id, received_at, source, referrer_name, referrer_role, concerns, recorded_by, referral) =
        row;
    Ok(Contact {
        id: ContactId(id),
        received_at: parse_ts(&received_at)?,
        source: ReferralSource::from_code(&source).ok_or_else(|| bad_code("source", &source))?,
        referrer_name,
        referrer_role,
        concerns,
        recorded_by,
        referral: referral.map(ReferralId),
    })
}

fn version_from(row: VersionRow) -> StoreResult<(ReferralId, DecisionVersion)> {
    let (referral, version, option, reasons, by, at, correction_reason) = row;
    Ok((
        ReferralId(referral),
        DecisionVersion {
            version,
            option: DecisionOption::from_code(&option)
                .ok_or_else(|| bad_code("decision", &option))?,
            reasons,
            recorded_by: by,
            recorded_at: parse_ts(&at)?,
            correction_reason,
        },
    ))
}

/// `versions` holds every decision version of the child's referrals, by referral and version.
fn episode_from(
    row: EpisodeRow,
    versions: &mut Vec<(ReferralId, DecisionVersion)>,
) -> StoreResult<Episode> {
    let (id, contact, referral_date, source, need, re_referral, due, closed, reason) = row;
    let (mine, others) = std::mem::take(versions)
        .into_iter()
        .partition(|(referral, _)| *referral == ReferralId(id));
    *versions = others;
    let mine: Vec<(ReferralId, DecisionVersion)> = mine;
    Ok(Episode {
        referral: ReferralId(id),
        contact: ContactId(contact),
        referral_date: parse_date(&referral_date)?,
        source: ReferralSource::from_code(&source).ok_or_else(|| bad_code("source", &source))?,
        primary_need: PrimaryNeed::from_code(&need)
            .ok_or_else(|| bad_code("primary need", &need))?,
        re_referral,
        decision_due: parse_date(&due)?,
        decision: decision_from_versions(mine.into_iter().map(|(_, v)| v).collect()),
        closure_date: parse_opt_date(closed)?,
        closure_reason: reason
            .map(|r| ClosureReason::from_code(&r).ok_or_else(|| bad_code("closure", &r)))
            .transpose()?,
    })
}

impl SqliteStore {
    async fn read_front_door(&self, child: PersonId) -> StoreResult<FrontDoorRecord> {
        // Contacts, episodes and decision versions in one statement, each a JSON column
        // (json_read.rs); `json(iif(..))` keeps a flag a JSON boolean.
        let (contacts, episodes, versions): (String, String, String) = sqlx::query_as(
            "SELECT \
             (SELECT json_group_array(json_array(c.id, c.received_at, c.source_code, c.referrer_name, \
                     c.referrer_role, c.concerns, c.recorded_by, r.id) ORDER BY c.received_at DESC, c.id DESC) \
              FROM contact c LEFT JOIN referral r ON r.contact_id = c.id WHERE c.child_id = ?1), \
             (SELECT json_group_array(json_array(r.id, r.contact_id, r.referral_date, c.source_code, \
                     r.primary_need_code, json(iif(r.re_referral, 'true', 'false')), r.decision_due, \
                     r.closure_date, r.closure_reason_code) ORDER BY r.referral_date DESC, r.id DESC) \
              FROM referral r JOIN contact c ON c.id = r.contact_id WHERE r.child_id = ?1), \
             (SELECT json_group_array(json_array(referral_id, version, option_code, reasons, by, at, \
                     correction_reason) ORDER BY referral_id, version) FROM ( \
                SELECT d.referral_id, 1 AS version, d.option_code, d.reasons, d.decided_by AS by, \
                d.decided_at AS at, NULL AS correction_reason \
                FROM referral_decision d JOIN referral r ON r.id = d.referral_id WHERE r.child_id = ?1 \
                UNION ALL \
                SELECT x.referral_id, x.version, x.option_code, x.reasons, x.corrected_by, \
                x.corrected_at, x.correction_reason \
                FROM referral_decision_correction x JOIN referral r ON r.id = x.referral_id \
                WHERE r.child_id = ?1))",
        )
        .bind(child.0)
        .fetch_one(&mut *self.readers.get().await?)
        .await
        .map_err(db_err)?;
        let contacts: Vec<ContactRow> = json_read::decode("the contacts", &contacts)?;
        let episodes: Vec<EpisodeRow> = json_read::decode("the episodes", &episodes)?;
        // The decision as recorded is version 1; its corrections follow.
        let versions: Vec<VersionRow> = json_read::decode("the decisions", &versions)?;
        let mut versions = versions
            .into_iter()
            .map(version_from)
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(FrontDoorRecord {
            contacts: contacts
                .into_iter()
                .map(contact_from)
                .collect::<StoreResult<_>>()?,
            episodes: episodes
                .into_iter()
                .map(|row| episode_from(row, &mut versions))
                .collect::<StoreResult<_>>()?,
        })
    }
}

#[async_trait]
impl FrontDoor for SqliteStore {
    async fn record_contact(
        &self,
        access: &ChildAccess,
        contact: &NewContact,
    ) -> StoreResult<ContactId> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        child_dates(&mut tx, access.child).await?;
        let summary = wording::contact_received(
            contact.source,
            &contact.referrer_name,
            &contact.referrer_role,
            &contact.concerns,
        );
        let event = journal(&mut tx, access, "contact_received", &summary, false).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO contact (child_id, received_at, source_code, referrer_name, referrer_role, \
             concerns, recorded_by, event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
        )
        .bind(access.child.0)
        .bind(ts(contact.received_at))
        .bind(contact.source.code())
        .bind(&contact.referrer_name)
        .bind(&contact.referrer_role)
        .bind(&contact.concerns)
        .bind(access.actor.display_name())
        .bind(event.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(ContactId(id))
    }

    async fn make_referral(
        &self,
        access: &ChildAccess,
        referral: &NewReferral,
    ) -> StoreResult<ReferralId> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let (date_of_birth, expected_date_of_birth) = child_dates(&mut tx, access.child).await?;
        let contact: Option<(String, bool)> = sqlx::query_as(
            "SELECT c.received_at, EXISTS (SELECT 1 FROM referral r WHERE r.contact_id = c.id) \
             FROM contact c WHERE c.id = ?1 AND c.child_id = ?2",
        )
        .bind(referral.contact.0)
        .bind(access.child.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        let (received_at, contact_already_referred) = contact.ok_or(StoreError::NotFound)?;
        let earlier: Vec<(String, Option<String>)> =
            sqlx::query_as("SELECT referral_date, closure_date FROM referral WHERE child_id = ?1")
                .bind(access.child.0)
                .fetch_all(&mut *tx)
                .await
                .map_err(db_err)?;
        let earlier = earlier
            .into_iter()
            .map(|(referred, closed)| Ok((parse_date(&referred)?, parse_opt_date(closed)?)))
            .collect::<StoreResult<Vec<_>>>()?;
        let facts = ReferralFacts {
            date_of_birth,
            expected_date_of_birth,
            contact_received: uk_time::local_date(parse_ts(&received_at)?),
            contact_already_referred,
            open_episode: earlier.iter().any(|(_, closed)| closed.is_none()),
        };
        check_referral(&facts, referral.referral_date)?;
        let re_referral = is_re_referral(referral.referral_date, &earlier);
        // Worked out from the authority's timescales by whoever parsed the referral.
        let due = referral.decision_due;
        let summary = wording::referral_accepted(referral.primary_need, re_referral, due);
        let event = journal(&mut tx, access, "referral_accepted", &summary, true).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO referral (contact_id, child_id, referral_date, primary_need_code, \
             re_referral, decision_due, event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
        )
        .bind(referral.contact.0)
        .bind(access.child.0)
        .bind(date(referral.referral_date))
        .bind(referral.primary_need.code())
        .bind(re_referral)
        .bind(date(due))
        .bind(event.0)
        .fetch_one(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(ReferralId(id))
    }

    async fn record_decision(
        &self,
        access: &ChildAccess,
        decision: &NewDecision,
    ) -> StoreResult<EventId> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let (_, _, decided) = referral_state(&mut tx, access, decision.referral).await?;
        check_decision(decided)?;
        let manager = access.actor.display_name();
        let summary = wording::decision_recorded(manager, decision.option, &decision.reasons);
        let event = journal(&mut tx, access, "referral_decision", &summary, true).await?;
        sqlx::query(
            "INSERT INTO referral_decision (referral_id, option_code, reasons, decided_by, \
             decided_by_id, decided_at, event_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )
        .bind(decision.referral.0)
        .bind(decision.option.code())
        .bind(&decision.reasons)
        .bind(manager)
        .bind(access.actor.staff_id().map(|s| s.0))
        .bind(ts(access.actor.at))
        .bind(event.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn correct_decision(
        &self,
        access: &ChildAccess,
        correction: &DecisionCorrection,
    ) -> StoreResult<EventId> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let (_, closed, _) = referral_state(&mut tx, access, correction.referral).await?;
        // The current version: the latest correction, else the decision as recorded.
        let current: Option<(i32, String, String)> = sqlx::query_as(
            "SELECT version, option_code, reasons FROM ( \
               SELECT 1 AS version, option_code, reasons FROM referral_decision \
               WHERE referral_id = ?1 \
               UNION ALL SELECT version, option_code, reasons FROM referral_decision_correction \
               WHERE referral_id = ?1) ORDER BY version DESC LIMIT 1",
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
        let manager = access.actor.display_name();
        let summary = wording::decision_corrected(
            manager,
            was,
            correction.option,
            &correction.correction_reason,
        );
        let event = journal(
            &mut tx,
            access,
            "referral_decision_corrected",
            &summary,
            true,
        )
        .await?;
        sqlx::query(
            "INSERT INTO referral_decision_correction (referral_id, version, option_code, reasons, \
             correction_reason, corrected_by, corrected_by_id, corrected_at, event_id) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )
        .bind(correction.referral.0)
        .bind(version + 1)
        .bind(correction.option.code())
        .bind(&correction.reasons)
        .bind(&correction.correction_reason)
        .bind(manager)
        .bind(access.actor.staff_id().map(|s| s.0))
        .bind(ts(access.actor.at))
        .bind(event.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn close_episode(
        &self,
        access: &ChildAccess,
        closure: &EpisodeClosure,
    ) -> StoreResult<EventId> {
        let mut tx = self.writer.begin().await.map_err(db_err)?;
        let (started, closed, _) = referral_state(&mut tx, access, closure.referral).await?;
        check_closure(started, closed, closure.closure_date)?;
        let summary = wording::episode_closed(closure.reason);
        let event = journal(&mut tx, access, "episode_closed", &summary, false).await?;
        sqlx::query(
            "UPDATE referral SET closure_date = ?1, closure_reason_code = ?2 WHERE id = ?3",
        )
        .bind(date(closure.closure_date))
        .bind(closure.reason.code())
        .bind(closure.referral.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        tx.commit().await.map_err(db_err)?;
        Ok(event)
    }

    async fn front_door_record(&self, child: PersonId) -> StoreResult<FrontDoorRecord> {
        self.read_front_door(child).await
    }

    async fn open_front_door(&self, access: &ChildAccess) -> StoreResult<FrontDoorRecord> {
        let record = self.read_front_door(access.child).await?;
        self.access
            .write(vec![AccessLogEntry::by(
                &access.actor,
                Some(access.relationship),
                Some(access.child),
                AccessKind::ViewedRecord,
                "front_door",
            )])
            .await?;
        Ok(record)
    }

    async fn awaiting_decision(
        &self,
        manager: StaffId,
        on: NaiveDate,
    ) -> StoreResult<Vec<AwaitingDecision>> {
        #[allow(clippy::type_complexity)]
        let rows: Vec<(i64, i64, String, String, String, String, String, bool, String)> =
            sqlx::query_as(
                "WITH RECURSIVE line(id) AS ( \
                   SELECT team_id FROM staff WHERE id = ?1 AND role IN ('team_manager', 'service_manager') \
                   AND team_id IS NOT NULL \
                   UNION SELECT t.id FROM team t JOIN line ON t.parent_id = line.id) \
                 SELECT r.id, p.id, p.given_name, p.family_name, r.referral_date, c.received_at, \
                 r.decision_due, r.re_referral, t.name \
                 FROM referral r \
                 JOIN contact c ON c.id = r.contact_id \
                 JOIN person p ON p.id = r.child_id \
                 JOIN allocation a ON a.child_id = r.child_id AND a.start_date <= ?2 \
                   AND (a.end_date IS NULL OR a.end_date > ?2) \
                 JOIN team t ON t.id = a.team_id \
                 WHERE a.team_id IN (SELECT id FROM line) AND r.closure_date IS NULL \
                 AND NOT EXISTS (SELECT 1 FROM referral_decision d WHERE d.referral_id = r.id) \
                 ORDER BY r.referral_date, c.received_at, r.id",
            )
            .bind(manager.0)
            .bind(date(on))
            .fetch_all(&mut *self.readers.get().await?)
            .await
            .map_err(db_err)?;
        rows.into_iter()
            .map(
                |(
                    id,
                    child,
                    given_name,
                    family_name,
                    referred,
                    received,
                    due,
                    re_referral,
                    team_name,
                )| {
                    Ok(AwaitingDecision {
                        referral: ReferralId(id),
                        child: PersonId(child),
                        given_name,
                        family_name,
                        referral_date: parse_date(&referred)?,
                        received_at: parse_ts(&received)?,
                        decision_due: parse_date(&due)?,
                        re_referral,
                        team_name,
                    })
                },
            )
            .collect()
    }
}
