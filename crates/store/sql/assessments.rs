// The assessments capability: child and family and pre-birth assessments, from start to a
// manager's authorisation. Written once for both databases: `include!`d by each backend's
// `assessments.rs` (names from its `dialect.rs`).
//
// Every write locks the child's row, reads the child's assessments and asks the domain's gate
// again inside the transaction, so the order of steps holds whoever else is writing.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::access::Action;
use journey_domain::assessments::{
    AssessmentFactor, AssessmentKind, AssessmentOutcome, AssessmentRecord, AssessmentState,
    AssessmentText, Assessments, Authoriser, Episode, NewAssessment,
};
use journey_domain::front_door::dating::on_day;
use journey_domain::ids::{EventId, PersonId, StaffId};
use journey_domain::timescales::Timescales;
use journey_domain::uk_time::{local_date, long_date};
use journey_store::assessments::{LIST_ASSESSMENT_TRAY, LIST_SIGN_OFF, OpenAssessment};
use journey_store::{
    AccessKind, AccessLogEntry, Actor, Assessing, ChildAccess, StoreError, StoreResult,
};

use crate::journal::{Event, Journal, Line};
use crate::writes;

/// Only those who may add to the child's record write its assessments, whatever the caller
/// checked.
fn may_add(access: &ChildAccess) -> StoreResult<()> {
    writes::proof_allows(access, Action::AddToRecord)
}

/// Who is asking to authorise: a team or service manager whose line holds the child.
fn authoriser(access: &ChildAccess) -> StoreResult<Authoriser> {
    let staff = access.actor().staff.as_ref().ok_or(StoreError::NotFound)?;
    Ok(Authoriser::new(staff.id, staff.role, access.relationship()))
}

/// id, referral, referral date, kind, start, state, author, author's name, seen, seen alone,
/// factors, analysis, wishes and feelings, outcome, outcome detail, late reason, saved,
/// submitted, authorised, authorised by, returned reason
type Row = (
    (i64, i64, NaiveDate, String, NaiveDate, String, i64, String),
    (
        Option<NaiveDate>,
        Option<bool>,
        String,
        String,
        String,
        Option<String>,
        String,
        String,
    ),
    (
        DateTime<Utc>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<String>,
        Option<String>,
    ),
);

const SELECT_ASSESSMENTS: &str = "SELECT a.id, a.referral_id, r.referral_date, a.kind, a.start_date, a.state, \
     a.author_id, s.display_name, a.seen_date, a.seen_alone, a.factors, a.analysis, \
     a.wishes_and_feelings, a.outcome, a.outcome_detail, a.late_reason, a.saved_at, \
     a.submitted_on, a.authorised_on, m.display_name, a.returned_reason \
     FROM assessment a JOIN referral r ON r.id = a.referral_id JOIN staff s ON s.id = a.author_id \
     LEFT JOIN staff m ON m.id = a.authorised_by WHERE a.child_id = $1 ORDER BY a.start_date, a.id";

fn factors(text: &str) -> Vec<AssessmentFactor> {
    text.split_whitespace()
        .filter_map(AssessmentFactor::from_code)
        .collect()
}

fn factor_codes(list: &[AssessmentFactor]) -> String {
    list.iter().map(|f| f.code()).collect::<Vec<_>>().join(" ")
}

/// Reads the child's assessments, oldest first, and their open episode. A record merged into
/// another reads as having none (they moved with the merge).
async fn read(conn: &mut Conn, child: PersonId) -> StoreResult<Assessments> {
    let name: Option<String> = sqlx::query_scalar("SELECT given_name FROM person WHERE id = $1")
        .bind(child.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
    let name = name.ok_or(StoreError::NotFound)?;
    let episode: Option<(i64, NaiveDate)> = sqlx::query_as(
        "SELECT id, referral_date FROM referral WHERE child_id = $1 AND closure_date IS NULL \
         ORDER BY referral_date DESC, id DESC LIMIT 1",
    )
    .bind(child.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let rows: Vec<Row> = sqlx::query(SELECT_ASSESSMENTS)
        .bind(child.0)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?
        .iter()
        .map(row)
        .collect::<Result<_, _>>()
        .map_err(db_err)?;
    Ok(Assessments {
        name,
        open_episode: episode.map(|(referral, referral_date)| Episode {
            referral,
            referral_date,
        }),
        assessments: rows.into_iter().filter_map(record).collect(),
    })
}

// sqlx reads tuples of at most 16 columns: the row's 21 are read by position and grouped.
fn row(r: &<Database as sqlx::Database>::Row) -> Result<Row, sqlx::Error> {
    use sqlx::Row as _;
    Ok((
        (
            r.try_get(0)?,
            r.try_get(1)?,
            r.try_get(2)?,
            r.try_get(3)?,
            r.try_get(4)?,
            r.try_get(5)?,
            r.try_get(6)?,
            r.try_get(7)?,
        ),
        (
            r.try_get(8)?,
            r.try_get(9)?,
            r.try_get(10)?,
            r.try_get(11)?,
            r.try_get(12)?,
            r.try_get(13)?,
            r.try_get(14)?,
            r.try_get(15)?,
        ),
        (
            r.try_get(16)?,
            r.try_get(17)?,
            r.try_get(18)?,
            r.try_get(19)?,
            r.try_get(20)?,
        ),
    ))
}

fn record(row: Row) -> Option<AssessmentRecord> {
    let (
        (id, referral, referral_date, kind, start_date, state, author, author_name),
        (
            seen_date,
            seen_alone,
            factor_text,
            analysis,
            wishes_and_feelings,
            outcome,
            outcome_detail,
            late_reason,
        ),
        (saved_at, submitted_on, authorised_on, authorised_by_name, returned_reason),
    ) = row;
    Some(AssessmentRecord {
        id,
        kind: AssessmentKind::from_code(&kind)?,
        referral,
        referral_date,
        start_date,
        state: AssessmentState::from_code(&state)?,
        author: StaffId(author),
        author_name,
        text: AssessmentText {
            seen_date,
            seen_alone,
            factors: factors(&factor_text),
            analysis,
            wishes_and_feelings,
            outcome: outcome.as_deref().and_then(AssessmentOutcome::from_code),
            outcome_detail,
            late_reason,
        },
        saved_at,
        submitted_on,
        authorised_on,
        authorised_by_name,
        returned_reason,
    })
}

/// Locks the child's row for the step (two people at once are taken in turn) and reads the
/// child's assessments.
async fn locked(tx: &mut Journal, child: PersonId) -> StoreResult<Assessments> {
    writes::lock_child(tx, child).await?;
    read(tx, child).await
}

/// The event's audit record and its chronology line, if it has one.
async fn record_event(
    tx: &mut Journal,
    access: &ChildAccess,
    action: &str,
    line: Option<(DateTime<Utc>, &str, bool)>,
) -> StoreResult<EventId> {
    let lines: Vec<Line> = line
        .map(|(occurred_at, summary, significant)| Line {
            child: access.child(),
            occurred_at,
            kind: "assessment",
            summary,
            significant,
        })
        .into_iter()
        .collect();
    tx.record(Event {
        actor: access.actor(),
        relationship: Some(access.relationship()),
        child: Some(access.child()),
        action,
        subject: None,
        lines: &lines,
    })
    .await
}

/// Writes the draft's text in place.
async fn write_text(
    tx: &mut Journal,
    id: i64,
    text: &AssessmentText,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE assessment SET seen_date = $1, seen_alone = $2, factors = $3, analysis = $4, \
         wishes_and_feelings = $5, outcome = $6, outcome_detail = $7, late_reason = $8, saved_at = $9 \
         WHERE id = $10",
    )
    .bind(text.seen_date)
    .bind(text.seen_alone)
    .bind(factor_codes(&text.factors))
    .bind(&text.analysis)
    .bind(&text.wishes_and_feelings)
    .bind(text.outcome.map(AssessmentOutcome::code))
    .bind(&text.outcome_detail)
    .bind(&text.late_reason)
    .bind(ts(at))
    .bind(id)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// The open assessments of the children the actor holds (their own; their line's for a
/// manager), in the state asked for.
async fn open_assessments(
    conn: &mut Conn,
    staff: StaffId,
    on: NaiveDate,
    sign_off: bool,
) -> StoreResult<Vec<OpenAssessment>> {
    let sql = if sign_off {
        "WITH RECURSIVE line(id) AS ( \
           SELECT team_id FROM staff WHERE id = $1 AND role IN ('team_manager', 'service_manager') \
           AND team_id IS NOT NULL \
           UNION SELECT t.id FROM team t JOIN line ON t.parent_id = line.id) \
         SELECT p.id, p.given_name, p.family_name, x.kind, s.display_name, t.name, r.referral_date, \
         x.start_date, x.submitted_on \
         FROM assessment x JOIN person p ON p.id = x.child_id JOIN referral r ON r.id = x.referral_id \
         JOIN staff s ON s.id = x.author_id \
         JOIN allocation a ON a.child_id = p.id AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date > $2) \
         JOIN team t ON t.id = a.team_id \
         WHERE x.state = 'submitted' AND x.author_id <> $1 AND p.merged_into_id IS NULL \
         AND a.team_id IN (SELECT id FROM line) \
         ORDER BY x.submitted_on, x.id"
    } else {
        "WITH RECURSIVE line(id) AS ( \
           SELECT team_id FROM staff WHERE id = $1 AND role IN ('team_manager', 'service_manager') \
           AND team_id IS NOT NULL \
           UNION SELECT t.id FROM team t JOIN line ON t.parent_id = line.id) \
         SELECT p.id, p.given_name, p.family_name, x.kind, s.display_name, t.name, r.referral_date, \
         x.start_date, x.submitted_on \
         FROM assessment x JOIN person p ON p.id = x.child_id JOIN referral r ON r.id = x.referral_id \
         JOIN staff s ON s.id = x.author_id \
         JOIN allocation a ON a.child_id = p.id AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date > $2) \
         JOIN team t ON t.id = a.team_id \
         WHERE x.state <> 'authorised' AND p.merged_into_id IS NULL \
         AND (a.worker_id = $1 OR a.team_id IN (SELECT id FROM line)) \
         ORDER BY r.referral_date, x.id"
    };
    type OpenRow = (
        i64,
        String,
        String,
        String,
        String,
        String,
        NaiveDate,
        NaiveDate,
        Option<NaiveDate>,
    );
    let rows: Vec<OpenRow> = sqlx::query_as(sql)
        .bind(staff.0)
        .bind(on)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .filter_map(
            |(
                child,
                given_name,
                family_name,
                kind,
                author_name,
                team,
                referral_date,
                start_date,
                submitted_on,
            )| {
                Some(OpenAssessment {
                    child: PersonId(child),
                    given_name,
                    family_name,
                    kind: AssessmentKind::from_code(&kind)?,
                    author_name,
                    team_name: Some(team),
                    referral_date,
                    start_date,
                    submitted_on,
                })
            },
        )
        .collect())
}

fn lower(kind: AssessmentKind) -> String {
    kind.label().to_owned()
}

#[async_trait]
impl Assessing for SqlStore {
    async fn assessments(&self, access: &ChildAccess) -> StoreResult<Assessments> {
        let found = read(&mut *self.read().await?, access.child()).await?;
        self.record_access(vec![AccessLogEntry::by(
            access.actor(),
            Some(access.relationship()),
            Some(access.child()),
            AccessKind::ViewedRecord,
            "assessments",
        )])
        .await?;
        Ok(found)
    }

    async fn assessments_unrecorded(&self, access: &ChildAccess) -> StoreResult<Assessments> {
        read(&mut *self.read().await?, access.child()).await
    }

    async fn start_assessment(
        &self,
        access: &ChildAccess,
        assessment: &NewAssessment,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let author = access.actor().staff_id().ok_or(StoreError::NotFound)?;
        let mut tx = self.journal().await?;
        let found = locked(&mut tx, access.child()).await?;
        let episode = found
            .may_start(assessment.start_date)?
            .map_err(StoreError::Invalid)?;
        let at = access.actor().at;
        sqlx::query(
            "INSERT INTO assessment (child_id, referral_id, kind, start_date, state, author_id, factors, \
             analysis, wishes_and_feelings, outcome_detail, late_reason, saved_at) \
             VALUES ($1, $2, $3, $4, 'draft', $5, '', '', '', '', '', $6)",
        )
        .bind(access.child().0)
        .bind(episode.referral)
        .bind(assessment.kind.code())
        .bind(assessment.start_date)
        .bind(author.0)
        .bind(ts(at))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = format!("{} started", lower(assessment.kind));
        let event = record_event(
            &mut tx,
            access,
            "assessment_started",
            Some((on_day(assessment.start_date, at), &summary, true)),
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn save_assessment(
        &self,
        access: &ChildAccess,
        text: &AssessmentText,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let mut tx = self.journal().await?;
        let found = locked(&mut tx, access.child()).await?;
        let id = found.may_save()?.id;
        write_text(&mut tx, id, text, access.actor().at).await?;
        let event = record_event(&mut tx, access, "assessment_draft_saved", None).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn submit_assessment(
        &self,
        access: &ChildAccess,
        text: &AssessmentText,
        timescales: &Timescales,
    ) -> StoreResult<EventId> {
        may_add(access)?;
        let at = access.actor().at;
        let today = local_date(at);
        let mut tx = self.journal().await?;
        let found = locked(&mut tx, access.child()).await?;
        let id = found
            .may_submit(text, timescales, today)?
            .map_err(StoreError::Invalid)?;
        write_text(&mut tx, id, text, at).await?;
        sqlx::query("UPDATE assessment SET state = 'submitted', submitted_on = $1 WHERE id = $2")
            .bind(today)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
        let kind = found
            .open()
            .map(|a| a.kind)
            .unwrap_or(AssessmentKind::ChildAndFamily);
        let late = if text.late_reason.is_empty() {
            String::new()
        } else {
            format!(" Late because: {}", text.late_reason)
        };
        let summary = format!(
            "{} submitted for a manager's authorisation.{late}",
            lower(kind)
        );
        let event = record_event(
            &mut tx,
            access,
            "assessment_submitted",
            Some((at, &summary, true)),
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn authorise_assessment(
        &self,
        access: &ChildAccess,
        on: NaiveDate,
    ) -> StoreResult<EventId> {
        let who = authoriser(access)?;
        let mut tx = self.journal().await?;
        let found = locked(&mut tx, access.child()).await?;
        let id = found.may_authorise(who, on)?.map_err(StoreError::Invalid)?;
        sqlx::query(
            "UPDATE assessment SET state = 'authorised', authorised_on = $1, authorised_by = $2 WHERE id = $3",
        )
        .bind(on)
        .bind(who.staff.0)
        .bind(id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = match found.open() {
            Some(a) => format!(
                "{} authorised: completed on {}. Outcome: {}. Factors: {}",
                lower(a.kind),
                long_date(on),
                a.text.outcome.map(|o| o.label()).unwrap_or_default(),
                factor_codes(&a.text.factors)
            ),
            None => format!("Assessment authorised: completed on {}", long_date(on)),
        };
        let event = record_event(
            &mut tx,
            access,
            "assessment_authorised",
            Some((on_day(on, access.actor().at), &summary, true)),
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn return_assessment(&self, access: &ChildAccess, reason: &str) -> StoreResult<EventId> {
        let who = authoriser(access)?;
        let mut tx = self.journal().await?;
        let found = locked(&mut tx, access.child()).await?;
        let open = found.may_decide(who)?;
        sqlx::query(
            "UPDATE assessment SET state = 'draft', submitted_on = NULL, returned_reason = $1 WHERE id = $2",
        )
        .bind(reason)
        .bind(open.id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
        let summary = format!(
            "{} returned to {} by the manager: {reason}",
            lower(open.kind),
            open.author_name
        );
        let event = record_event(
            &mut tx,
            access,
            "assessment_returned",
            Some((access.actor().at, &summary, false)),
        )
        .await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn sign_off_queue(&self, actor: &Actor) -> StoreResult<Vec<OpenAssessment>> {
        let Some(staff) = actor.staff_id() else {
            return Ok(Vec::new());
        };
        let queue =
            open_assessments(&mut *self.read().await?, staff, local_date(actor.at), true).await?;
        self.record_access(vec![AccessLogEntry::list_shown(
            actor,
            LIST_SIGN_OFF,
            queue.iter().map(|a| a.child),
        )])
        .await?;
        Ok(queue)
    }

    async fn assessment_tray(
        &self,
        actor: &Actor,
        on: NaiveDate,
    ) -> StoreResult<Vec<OpenAssessment>> {
        let Some(staff) = actor.staff_id() else {
            return Ok(Vec::new());
        };
        let tray = open_assessments(&mut *self.read().await?, staff, on, false).await?;
        self.record_access(vec![AccessLogEntry::list_shown(
            actor,
            LIST_ASSESSMENT_TRAY,
            tray.iter().map(|a| a.child),
        )])
        .await?;
        Ok(tray)
    }
}
