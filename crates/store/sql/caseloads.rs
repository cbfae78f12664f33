// The caseloads capability: what each member of staff in a manager's line holds, by the kind of
// case each child is. Written once for both databases: `include!`d by each backend's
// `allocations/caseloads.rs`, a module of allocations whose `managed_line!` and `in_force!` it
// uses (names from its `dialect.rs`). The allocation write counts a worker's cases
// through `held_counts` and `child_kind` here, inside its own transaction.

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::caseloads::{CaseCounts, CaseKind};
use journey_domain::ids::{PersonId, StaffId, TeamId};
use journey_domain::staff::Role;
use journey_store::caseloads::{HeldChild, StaffCaseload};
use journey_store::{AccessLogEntry, Actor, Caseloads, StoreError, StoreResult};

/// The kind of case the person `p` counted as on the day `$2`: the heaviest that applied (a
/// child protection plan in force, then unborn, then every other child), so a month past is
/// counted as it was. Looked-after children and care proceedings join here when Journey
/// records them.
macro_rules! case_kind {
    () => {
        "CASE WHEN EXISTS (SELECT 1 FROM child_protection_plan cp WHERE cp.child_id = p.id \
           AND cp.start_date <= $2 AND (cp.end_date IS NULL OR cp.end_date > $2)) \
           THEN 'child-protection-plan' \
         WHEN (p.date_of_birth IS NULL AND p.expected_date_of_birth IS NOT NULL) \
           OR p.date_of_birth > $2 THEN 'unborn' \
         ELSE 'child-in-need' END"
    };
}

/// Who holds which child on the day `$2`: allocated workers and reviewing officers.
macro_rules! holdings {
    () => {
        concat!(
            "SELECT a.worker_id AS holder, a.child_id AS child, a.start_date AS since \
             FROM allocation a WHERE ",
            in_force!("a"),
            " UNION ALL SELECT ro.officer_id, ro.child_id, ro.start_date \
             FROM reviewing_officer_assignment ro WHERE ",
            in_force!("ro")
        )
    };
}

fn kind(code: &str) -> CaseKind {
    CaseKind::from_code(code).unwrap_or(CaseKind::ChildInNeed)
}

/// The children `worker` holds on the day, by kind. For the allocation write's limit check.
pub(crate) async fn held_counts(
    conn: &mut Conn,
    worker: StaffId,
    on: NaiveDate,
) -> StoreResult<CaseCounts> {
    let rows: Vec<(String, i64)> = sqlx::query_as(concat!(
        "SELECT k, COUNT(*) FROM (SELECT ",
        case_kind!(),
        " AS k FROM (",
        holdings!(),
        ") h JOIN person p ON p.id = h.child \
         WHERE h.holder = $1 AND p.merged_into_id IS NULL) kinds GROUP BY k"
    ))
    .bind(worker.0)
    .bind(on)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let mut counts = CaseCounts::default();
    for (code, n) in rows {
        counts.add(kind(&code), u32::try_from(n).unwrap_or(u32::MAX));
    }
    Ok(counts)
}

/// The kind of case `child` counts as on the day.
pub(crate) async fn child_kind(
    conn: &mut Conn,
    child: PersonId,
    on: NaiveDate,
) -> StoreResult<CaseKind> {
    let code: String = sqlx::query_scalar(concat!(
        "SELECT ",
        case_kind!(),
        " FROM person p WHERE p.id = $1"
    ))
    .bind(child.0)
    .bind(on)
    .fetch_one(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(kind(&code))
}

/// staff, name, role, team, team name, kind (none for someone holding nobody), children
type CaseloadRow = (i64, String, String, i64, String, Option<String>, i64);

/// Folds one row per (member of staff, kind) into one caseload each, keeping the order.
fn caseloads(rows: Vec<CaseloadRow>) -> Vec<StaffCaseload> {
    let mut out: Vec<StaffCaseload> = Vec::new();
    for (staff, name, role, team, team_name, code, n) in rows {
        let Some(role) = Role::from_code(&role) else {
            continue;
        };
        if out.last().is_none_or(|last| last.staff.0 != staff) {
            out.push(StaffCaseload {
                staff: StaffId(staff),
                name,
                role,
                team: TeamId(team),
                team_name,
                counts: CaseCounts::default(),
            });
        }
        if let (Some(last), Some(code)) = (out.last_mut(), code) {
            last.counts
                .add(kind(&code), u32::try_from(n).unwrap_or(u32::MAX));
        }
    }
    out
}

/// The caseloads of the line of manager `$1` on the day `$2`; `$3` narrows it to one member
/// of staff (0 for everyone).
pub(crate) async fn line(
    conn: &mut Conn,
    manager: StaffId,
    on: NaiveDate,
    only: Option<StaffId>,
) -> StoreResult<Vec<StaffCaseload>> {
    let rows: Vec<CaseloadRow> = sqlx::query_as(concat!(
        managed_line!(),
        ", held(holder, k) AS (SELECT h.holder, ",
        case_kind!(),
        " FROM (",
        holdings!(),
        ") h JOIN person p ON p.id = h.child WHERE p.merged_into_id IS NULL \
           AND h.holder IN (SELECT id FROM staff WHERE team_id IN (SELECT id FROM line))) \
         SELECT s.id, s.display_name, s.role, s.team_id, t.name, held.k, COUNT(held.holder) \
         FROM staff s JOIN team t ON t.id = s.team_id LEFT JOIN held ON held.holder = s.id \
         WHERE s.team_id IN (SELECT id FROM line) AND NOT s.disabled \
         AND s.role IN ('social_worker', 'senior_social_worker', 'team_manager', 'reviewing_officer') \
         AND ($3 = 0 OR s.id = $3) \
         GROUP BY s.id, s.display_name, s.role, s.team_id, t.name, held.k \
         ORDER BY t.name",
        by_bytes!(),
        ", s.display_name",
        by_bytes!(),
        ", s.id"
    ))
    .bind(manager.0)
    .bind(on)
    .bind(only.map_or(0, |s| s.0))
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(caseloads(rows))
}

/// child, given name, family name, date of birth, expected date, kind, since
type HeldRow = (
    i64,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    String,
    NaiveDate,
);

#[async_trait]
impl Caseloads for SqlStore {
    async fn line_caseloads(&self, actor: &Actor) -> StoreResult<Vec<StaffCaseload>> {
        let Some(manager) = actor.staff_id() else {
            return Ok(Vec::new());
        };
        let mut conn = self.read().await?;
        line(&mut conn, manager, actor.today(), None).await
    }

    async fn held_children(
        &self,
        actor: &Actor,
        staff: StaffId,
    ) -> StoreResult<(StaffCaseload, Vec<HeldChild>)> {
        let manager = actor.staff_id().ok_or(StoreError::NotFound)?;
        let mut conn = self.read().await?;
        let today = actor.today();
        let found = line(&mut conn, manager, today, Some(staff))
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound)?;
        let rows: Vec<HeldRow> = sqlx::query_as(concat!(
            "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth, ",
            case_kind!(),
            ", h.since FROM (",
            holdings!(),
            ") h JOIN person p ON p.id = h.child \
             WHERE h.holder = $1 AND p.merged_into_id IS NULL \
             ORDER BY p.family_key, p.given_key, p.id"
        ))
        .bind(staff.0)
        .bind(today)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
        drop(conn);
        let mut children: Vec<HeldChild> = rows
            .into_iter()
            .map(
                |(id, given_name, family_name, date_of_birth, expected, code, since)| HeldChild {
                    child: PersonId(id),
                    given_name,
                    family_name,
                    date_of_birth,
                    expected_date_of_birth: expected,
                    kind: kind(&code),
                    since,
                },
            )
            .collect();
        // Heaviest kind first, by name within it (the sort is stable).
        children.sort_by_key(|c| c.kind);
        self.record_access(vec![AccessLogEntry::list_shown(
            actor,
            &format!("caseload of {}", found.name),
            children.iter().map(|c| c.child),
        )])
        .await?;
        Ok((found, children))
    }

    async fn caseload_trend(
        &self,
        actor: &Actor,
        staff: StaffId,
        days: &[NaiveDate],
    ) -> StoreResult<Vec<(NaiveDate, CaseCounts)>> {
        let manager = actor.staff_id().ok_or(StoreError::NotFound)?;
        let mut conn = self.read().await?;
        if line(&mut conn, manager, actor.today(), Some(staff))
            .await?
            .is_empty()
        {
            return Err(StoreError::NotFound);
        }
        let mut trend = Vec::with_capacity(days.len());
        for day in days {
            trend.push((*day, held_counts(&mut conn, staff, *day).await?));
        }
        Ok(trend)
    }
}
