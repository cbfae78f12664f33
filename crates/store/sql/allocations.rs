// The allocations capability: allocating a worker, transferring, ending an allocation, the
// unallocated lists and the children a reviewing officer reviews. Written once for both
// databases: `include!`d by each backend's `allocations.rs` (names from its `dialect.rs`).

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::access::Action;
use journey_domain::allocations::{
    AllocationChange, AllocationEnd, ChangeReason, Destination, FIRST_CONTACT_ONLY,
};
use journey_domain::caseloads::CaseloadPolicy;
use journey_domain::ids::{EventId, PersonId, StaffId, TeamId};
use journey_domain::staff::Role;
use journey_domain::validation::FieldErrors;
use journey_store::allocations::{
    AllocationPeriod, AllocationState, ReviewedChild, TeamChoice, UnallocatedChild,
    UnallocatedPeriod, WorkerChoice,
};
use journey_store::{
    AccessKind, AccessLogEntry, Actor, Allocations, ChildAccess, StoreError, StoreResult,
};

use crate::journal::{Event, Journal, Line};
use crate::writes;

/// The teams a manager manages: their own, and every team below it. `$1` is the manager.
macro_rules! managed_line {
    () => {
        "WITH RECURSIVE line(id) AS ( \
           SELECT team_id FROM staff WHERE id = $1 AND role IN ('team_manager', 'service_manager') \
           AND team_id IS NOT NULL \
           UNION SELECT t.id FROM team t JOIN line ON t.parent_id = line.id) "
    };
}

/// In force on the day `$2`.
macro_rules! in_force {
    ($table:literal) => {
        concat!(
            $table,
            ".start_date <= $2 AND (",
            $table,
            ".end_date IS NULL OR ",
            $table,
            ".end_date > $2)"
        )
    };
}

fn invalid(field: &str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(FieldErrors::single(field, message))
}

fn reason(code: Option<String>) -> Option<ChangeReason> {
    code.as_deref().and_then(ChangeReason::from_code)
}

/// worker, name, team, team name, from, reason, until, end reason
type AllocationRow = (
    i64,
    String,
    i64,
    String,
    NaiveDate,
    Option<String>,
    Option<NaiveDate>,
    Option<String>,
);

fn allocation_period(row: AllocationRow) -> AllocationPeriod {
    let (worker, worker_name, team, team_name, from, started, until, ended) = row;
    AllocationPeriod {
        worker: StaffId(worker),
        worker_name,
        team: TeamId(team),
        team_name,
        from,
        reason: reason(started),
        until,
        end_reason: reason(ended),
    }
}

/// team, name, from, reason, until
type UnallocatedRow = (i64, String, NaiveDate, Option<String>, Option<NaiveDate>);

fn unallocated_period(row: UnallocatedRow) -> UnallocatedPeriod {
    let (team, team_name, from, came, until) = row;
    UnallocatedPeriod {
        team: TeamId(team),
        team_name,
        from,
        reason: reason(came),
        until,
    }
}

fn in_force_on(from: NaiveDate, until: Option<NaiveDate>, on: NaiveDate) -> bool {
    from <= on && until.is_none_or(|until| until > on)
}

/// The child's allocations and lists, newest first, and which are in force on the day.
async fn state(conn: &mut Conn, child: PersonId, on: NaiveDate) -> StoreResult<AllocationState> {
    let allocations: Vec<AllocationRow> = sqlx::query_as(
        "SELECT a.worker_id, s.display_name, a.team_id, t.name, a.start_date, a.reason, \
         a.end_date, a.end_reason \
         FROM allocation a JOIN staff s ON s.id = a.worker_id JOIN team t ON t.id = a.team_id \
         WHERE a.child_id = $1 ORDER BY a.start_date DESC, a.id DESC",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let lists: Vec<UnallocatedRow> = sqlx::query_as(
        "SELECT u.team_id, t.name, u.start_date, u.reason, u.end_date \
         FROM unallocated u JOIN team t ON t.id = u.team_id \
         WHERE u.child_id = $1 ORDER BY u.start_date DESC, u.id DESC",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let allocations: Vec<_> = allocations.into_iter().map(allocation_period).collect();
    let unallocated: Vec<_> = lists.into_iter().map(unallocated_period).collect();
    let current = allocations
        .iter()
        .find(|a| in_force_on(a.from, a.until, on))
        .cloned();
    // Allocated, the child is in no list (whatever a merge brought across).
    let waiting = unallocated
        .iter()
        .find(|u| current.is_none() && in_force_on(u.from, u.until, on))
        .cloned();
    Ok(AllocationState {
        child,
        current,
        waiting,
        allocations,
        unallocated,
    })
}

/// Refuses a proof that does not allow allocating: only a manager in the child's line may
/// change an allocation, whatever the caller checked.
fn may_allocate(access: &ChildAccess) -> StoreResult<()> {
    writes::proof_allows(access, Action::Allocate)
}

/// Locks the child's row for the change (two managers at once are told in turn) and reads
/// where the child stands. `NotFound` for anyone but a child whose record is in use.
async fn locked_state(
    tx: &mut Journal,
    child: PersonId,
    on: NaiveDate,
) -> StoreResult<AllocationState> {
    writes::lock_child(tx, child).await?;
    state(tx, child, on).await
}

/// The worker's name, team and team name, when the manager may allocate to them.
async fn worker_in_line(
    tx: &mut Conn,
    manager: StaffId,
    worker: StaffId,
) -> StoreResult<Option<(String, i64, String)>> {
    sqlx::query_as(concat!(
        managed_line!(),
        "SELECT s.display_name, s.team_id, t.name FROM staff s JOIN team t ON t.id = s.team_id \
         WHERE s.id = $2 AND s.role IN ('social_worker', 'senior_social_worker', 'team_manager') \
         AND NOT s.disabled AND s.team_id IN (SELECT id FROM line)"
    ))
    .bind(manager.0)
    .bind(worker.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)
}

/// Ends the allocation in force, on the day, for the reason.
async fn end_current(
    tx: &mut Conn,
    child: PersonId,
    on: NaiveDate,
    why: ChangeReason,
) -> StoreResult<()> {
    sqlx::query(
        "UPDATE allocation SET end_date = $1, end_reason = $2 WHERE child_id = $3 AND end_date IS NULL",
    )
    .bind(on)
    .bind(why.code())
    .bind(child.0)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

async fn record(
    tx: &mut Journal,
    access: &ChildAccess,
    action: &str,
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
            occurred_at: access.actor().at,
            kind: action,
            summary,
            significant: false,
        }],
    })
    .await
}

/// Allocates the child to a worker in the manager's line; returns the action and its line.
/// An allocation that takes the worker over the caseload limit needs the manager's reason,
/// which is kept with it and written on its line.
async fn to_worker(
    tx: &mut Journal,
    access: &ChildAccess,
    now: &AllocationState,
    worker: StaffId,
    change: &AllocationChange,
    caseload: &CaseloadPolicy,
) -> StoreResult<(&'static str, String)> {
    let why = change.reason;
    let manager = access.actor().staff_id().ok_or(StoreError::NotFound)?;
    let Some((name, team, team_name)) = worker_in_line(tx, manager, worker).await? else {
        return Err(invalid(
            "worker_id",
            "Choose a social worker or team manager in a team you manage",
        ));
    };
    if let Some(current) = &now.current {
        if current.worker == worker {
            return Err(invalid(
                "worker_id",
                format!("{name} is already the child's allocated worker"),
            ));
        }
        if why == ChangeReason::FirstContact {
            return Err(invalid("reason", FIRST_CONTACT_ONLY));
        }
    }
    let today = access.actor().today();
    let child = access.child();
    // Counted inside the write, so two managers allocating at once are both held to it.
    let held = caseloads::held_counts(tx, worker, today).await?;
    let kind = caseloads::child_kind(tx, child, today).await?;
    let over_limit = match (caseload.over_limit(&held, kind), &change.over_limit_reason) {
        (Some(over), None) => return Err(invalid("over_limit_reason", over.message(&name))),
        (Some(over), Some(reason)) => Some((reason.as_str(), over.recorded(reason))),
        (None, _) => None,
    };
    end_current(tx, child, today, why).await?;
    writes::leave_unallocated_list(tx, child, today).await?;
    sqlx::query(
        "INSERT INTO allocation (child_id, worker_id, team_id, start_date, reason, over_limit_reason) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(child.0)
    .bind(worker.0)
    .bind(team)
    .bind(today)
    .bind(why.code())
    .bind(over_limit.as_ref().map(|(reason, _)| *reason))
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    let confirmed = over_limit.map_or(String::new(), |(_, line)| format!(". {line}"));
    Ok(match &now.current {
        Some(old) => (
            "transferred",
            format!(
                "Transferred from {} ({}) to {name} ({team_name}): {}{confirmed}",
                old.worker_name,
                old.team_name,
                why.label()
            ),
        ),
        None => (
            "allocated",
            format!(
                "Allocated to {name} ({team_name}): {}{confirmed}",
                why.label()
            ),
        ),
    })
}

/// Moves the child to another team's unallocated list; returns the action and its line.
async fn to_team(
    tx: &mut Journal,
    access: &ChildAccess,
    now: &AllocationState,
    team: TeamId,
    why: ChangeReason,
) -> StoreResult<(&'static str, String)> {
    let name: Option<String> =
        sqlx::query_scalar("SELECT name FROM team WHERE id = $1 AND kind = 'team'")
            .bind(team.0)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
    let Some(name) = name else {
        return Err(invalid("team_id", "Choose a team"));
    };
    let here = now
        .current
        .as_ref()
        .map(|a| a.team)
        .or(now.waiting.as_ref().map(|u| u.team));
    if here == Some(team) {
        return Err(invalid(
            "team_id",
            format!("The child is already with {name}: choose another team"),
        ));
    }
    let today = access.actor().today();
    let child = access.child();
    end_current(tx, child, today, why).await?;
    writes::into_unallocated_list(tx, child, team, today, Some(why.code())).await?;
    let summary = match &now.current {
        Some(old) => format!(
            "Transferred from {} ({}) to {name}'s unallocated list: {}",
            old.worker_name,
            old.team_name,
            why.label()
        ),
        None => format!("Moved to {name}'s unallocated list: {}", why.label()),
    };
    Ok(("transferred", summary))
}

/// id, names, date of birth, expected, team, team name, since, reason, recorded by, awaiting
/// decision since, open episodes, contacts
type UnallocatedChildRow = (
    i64,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    i64,
    String,
    NaiveDate,
    Option<String>,
    Option<String>,
    Option<NaiveDate>,
    i64,
    i64,
);

/// id, names, date of birth, expected, from, worker, team
type ReviewedRow = (
    i64,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    NaiveDate,
    Option<String>,
    Option<String>,
);

#[async_trait]
impl Allocations for SqlStore {
    async fn allocation_state(&self, access: &ChildAccess) -> StoreResult<AllocationState> {
        let found = state(
            &mut *self.read().await?,
            access.child(),
            access.actor().today(),
        )
        .await?;
        self.record_access(vec![AccessLogEntry::by(
            access.actor(),
            Some(access.relationship()),
            Some(access.child()),
            AccessKind::ViewedRecord,
            "allocation",
        )])
        .await?;
        Ok(found)
    }

    async fn change_allocation(
        &self,
        access: &ChildAccess,
        change: &AllocationChange,
        caseload: &CaseloadPolicy,
    ) -> StoreResult<EventId> {
        may_allocate(access)?;
        let mut tx = self.journal().await?;
        let now = locked_state(&mut tx, access.child(), access.actor().today()).await?;
        let (action, summary) = match change.to {
            Destination::Worker(worker) => {
                to_worker(&mut tx, access, &now, worker, change, caseload).await?
            }
            Destination::Team(team) => to_team(&mut tx, access, &now, team, change.reason).await?,
        };
        let event = record(&mut tx, access, action, &summary).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn end_allocation(
        &self,
        access: &ChildAccess,
        end: &AllocationEnd,
    ) -> StoreResult<EventId> {
        may_allocate(access)?;
        let mut tx = self.journal().await?;
        let today = access.actor().today();
        let now = locked_state(&mut tx, access.child(), today).await?;
        let Some(current) = now.current else {
            return Err(invalid("reason", "The child is not allocated to anyone"));
        };
        if end.reason == ChangeReason::FirstContact {
            return Err(invalid("reason", FIRST_CONTACT_ONLY));
        }
        end_current(&mut tx, access.child(), today, end.reason).await?;
        writes::into_unallocated_list(
            &mut tx,
            access.child(),
            current.team,
            today,
            Some(end.reason.code()),
        )
        .await?;
        let summary = format!(
            "Allocation to {} ended: {}. Back in {}'s unallocated list",
            current.worker_name,
            end.reason.label(),
            current.team_name
        );
        let event = record(&mut tx, access, "allocation_ended", &summary).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn allocation_choices(
        &self,
        manager: StaffId,
        on: NaiveDate,
    ) -> StoreResult<(Vec<WorkerChoice>, Vec<TeamChoice>)> {
        let mut conn = self.read().await?;
        // The caseloads of the line, without its reviewing officers (who hold no allocations).
        let workers: Vec<_> = caseloads::line(&mut conn, manager, on, None)
            .await?
            .into_iter()
            .filter(|held| held.role != Role::ReviewingOfficer)
            .collect();
        let is_manager: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM staff WHERE id = $1 \
             AND role IN ('team_manager', 'service_manager'))",
        )
        .bind(manager.0)
        .fetch_one(&mut *conn)
        .await
        .map_err(db_err)?;
        if !is_manager {
            return Ok((Vec::new(), Vec::new()));
        }
        let teams: Vec<(i64, String)> = sqlx::query_as(concat!(
            "SELECT id, name FROM team WHERE kind = 'team' ORDER BY name",
            by_bytes!(),
            ", id"
        ))
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
        Ok((
            workers
                .into_iter()
                .map(|held| WorkerChoice {
                    worker: held.staff,
                    name: held.name,
                    team: held.team,
                    team_name: held.team_name,
                    caseload: i64::from(held.counts.children()),
                    counts: held.counts,
                })
                .collect(),
            teams
                .into_iter()
                .map(|(id, name)| TeamChoice {
                    team: TeamId(id),
                    name,
                })
                .collect(),
        ))
    }

    async fn unallocated_children(&self, actor: &Actor) -> StoreResult<Vec<UnallocatedChild>> {
        let Some(manager) = actor.staff_id() else {
            return Ok(Vec::new());
        };
        // Who recorded the child is the actor of its `child_registered` event; what is waiting
        // is the front door's: referrals without a decision, open episodes, contacts not yet
        // made referrals.
        let rows: Vec<UnallocatedChildRow> = sqlx::query_as(concat!(
            managed_line!(),
            "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth, \
             u.team_id, t.name, u.start_date, u.reason, \
             (SELECT s.display_name FROM audit_event e JOIN staff s ON s.id = e.actor_id \
              WHERE e.child_id = p.id AND e.action = 'child_registered' ORDER BY e.id LIMIT 1), \
             (SELECT r.referral_date FROM referral r WHERE r.child_id = p.id \
              AND r.closure_date IS NULL \
              AND NOT EXISTS (SELECT 1 FROM referral_decision d WHERE d.referral_id = r.id) \
              ORDER BY r.referral_date LIMIT 1), \
             (SELECT COUNT(*) FROM referral r WHERE r.child_id = p.id AND r.closure_date IS NULL), \
             (SELECT COUNT(*) FROM contact c WHERE c.child_id = p.id \
              AND NOT EXISTS (SELECT 1 FROM referral r WHERE r.contact_id = c.id)) \
             FROM unallocated u JOIN person p ON p.id = u.child_id JOIN team t ON t.id = u.team_id \
             WHERE u.team_id IN (SELECT id FROM line) AND ",
            in_force!("u"),
            " AND p.merged_into_id IS NULL \
             AND NOT EXISTS (SELECT 1 FROM allocation a WHERE a.child_id = u.child_id AND ",
            in_force!("a"),
            ") ORDER BY u.start_date, p.id"
        ))
        .bind(manager.0)
        .bind(actor.today())
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        let children: Vec<UnallocatedChild> = rows
            .into_iter()
            .map(
                |(
                    id,
                    given_name,
                    family_name,
                    date_of_birth,
                    expected_date_of_birth,
                    team,
                    team_name,
                    since,
                    came,
                    recorded_by,
                    awaiting_decision_since,
                    open_episodes,
                    contacts,
                )| UnallocatedChild {
                    child: PersonId(id),
                    given_name,
                    family_name,
                    date_of_birth,
                    expected_date_of_birth,
                    team: TeamId(team),
                    team_name,
                    since,
                    reason: reason(came),
                    recorded_by,
                    awaiting_decision_since,
                    open_episodes,
                    contacts,
                },
            )
            .collect();
        // The list names children: recorded whole, like a search's results.
        self.record_access(vec![AccessLogEntry::result_list(
            actor,
            children.iter().map(|c| c.child),
        )])
        .await?;
        Ok(children)
    }

    async fn reviewed_children(
        &self,
        officer: StaffId,
        on: NaiveDate,
    ) -> StoreResult<Vec<ReviewedChild>> {
        let rows: Vec<ReviewedRow> = sqlx::query_as(concat!(
            "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth, \
             ro.start_date, \
             (SELECT s.display_name FROM allocation a JOIN staff s ON s.id = a.worker_id \
              WHERE a.child_id = p.id AND ",
            in_force!("a"),
            " ORDER BY a.start_date DESC LIMIT 1), \
             (SELECT t.name FROM allocation a JOIN team t ON t.id = a.team_id \
              WHERE a.child_id = p.id AND ",
            in_force!("a"),
            " ORDER BY a.start_date DESC LIMIT 1) \
             FROM reviewing_officer_assignment ro JOIN person p ON p.id = ro.child_id \
             WHERE ro.officer_id = $1 AND ",
            in_force!("ro"),
            " AND p.merged_into_id IS NULL ORDER BY p.family_key, p.given_key, p.id"
        ))
        .bind(officer.0)
        .bind(on)
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(
                |(id, given_name, family_name, date_of_birth, expected, from, worker, team)| {
                    ReviewedChild {
                        child: PersonId(id),
                        given_name,
                        family_name,
                        date_of_birth,
                        expected_date_of_birth: expected,
                        from,
                        worker_name: worker,
                        team_name: team,
                    }
                },
            )
            .collect())
    }
}
