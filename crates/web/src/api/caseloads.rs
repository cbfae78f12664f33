//! Caseloads through the API: the manager's line with each member of staff's caseload weighed
//! against the authority's thresholds, and the children behind one member's number. The same
//! rules as the pages: for team and service managers, about their own line.

use std::sync::Arc;

use axum::extract::State;
use axum::{Extension, Json};
use chrono::NaiveDate;
use journey_domain::access::Capability;
use journey_domain::caseloads::{CaseCounts, trend_days};
use journey_domain::ids::StaffId;
use journey_store::Caseloads;
use journey_store::caseloads::StaffCaseload;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::schema::{NamedRead, Read};
use crate::auth::Viewer;
use crate::capabilities::caseloads::{TREND_MONTHS, Weighed, level_code, weigh};
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::input::PathIds;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(line))
        .routes(routes!(held))
}

/// Children held, by the kind of case each counts as (the heaviest that applies).
#[derive(Debug, Serialize, ToSchema)]
pub struct KindCounts {
    care_proceedings: u32,
    child_protection_plan: u32,
    looked_after: u32,
    unborn: u32,
    child_in_need: u32,
}

impl From<CaseCounts> for KindCounts {
    fn from(c: CaseCounts) -> Self {
        KindCounts {
            care_proceedings: c.care_proceedings,
            child_protection_plan: c.child_protection_plan,
            looked_after: c.looked_after,
            unborn: c.unborn,
            child_in_need: c.child_in_need,
        }
    }
}

/// One member of staff's caseload: workers in weighted cases, reviewing officers in children.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseloadView {
    staff: i64,
    name: String,
    /// The role's code (`social_worker`, `reviewing_officer`, ...).
    role: String,
    team: i64,
    team_name: String,
    children: u32,
    /// `weighted cases` for workers, `children` for reviewing officers.
    measured_in: String,
    load: f64,
    warn_at: u32,
    limit: u32,
    /// `manageable`, `high` (from the warning level) or `at-limit`.
    level: String,
    counts: KindCounts,
}

fn view(weighed: Weighed<'_>) -> CaseloadView {
    let held = weighed.held;
    CaseloadView {
        staff: held.staff.0,
        name: held.name.clone(),
        role: held.role.code().to_owned(),
        team: held.team.0,
        team_name: held.team_name.clone(),
        children: held.counts.children(),
        measured_in: weighed.measured_in().to_owned(),
        load: f64::from(weighed.load.0) / 10.0,
        warn_at: weighed.thresholds.warn_at,
        limit: weighed.thresholds.limit,
        level: level_code(weighed.level).to_owned(),
        counts: held.counts.into(),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LineBody {
    caseloads: Vec<CaseloadView>,
}

/// Everyone in the teams the signed-in manager manages, with their caseload today (403 for
/// anyone who is not a team or service manager).
#[utoipa::path(
    get, path = "/caseloads", tag = "caseloads",
    responses((status = 200, description = "The caseloads", body = LineBody), Read)
)]
pub async fn line(
    State(state): State<AppState>,
    State(caseloads): State<Arc<dyn Caseloads>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Json<LineBody>> {
    crate::access::require(&state, &ctx, &viewer, Capability::ViewCaseloads).await?;
    let policy = state.config.timescales.caseload();
    let held = caseloads
        .line_caseloads(&viewer.actor(&ctx, &state))
        .await?;
    Ok(Json(LineBody {
        caseloads: held.iter().map(|h| view(weigh(&policy, h))).collect(),
    }))
}

/// A child someone holds, with the kind of case they count as and its weight.
#[derive(Debug, Serialize, ToSchema)]
pub struct HeldChildView {
    child: i64,
    given_name: String,
    family_name: String,
    date_of_birth: Option<NaiveDate>,
    expected_date_of_birth: Option<NaiveDate>,
    /// `child-protection-plan`, `unborn`, `child-in-need`, ...
    kind: String,
    weight: f64,
    since: NaiveDate,
}

/// What the member of staff held on one day: each month end of the last year, then today.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrendPoint {
    on: NaiveDate,
    children: u32,
    load: f64,
    level: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HeldBody {
    caseload: CaseloadView,
    children: Vec<HeldChildView>,
    trend: Vec<TrendPoint>,
}

/// The children one member of the signed-in manager's line holds (recorded as a list of
/// children shown); 404 for anyone outside the line.
#[utoipa::path(
    get, path = "/caseloads/{staff_id}", tag = "caseloads",
    params(("staff_id" = i64, Path, description = "The member of staff's id")),
    responses((status = 200, description = "The children held", body = HeldBody), NamedRead)
)]
pub async fn held(
    State(state): State<AppState>,
    State(caseloads): State<Arc<dyn Caseloads>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    PathIds(staff_id): PathIds<i64>,
) -> WebResult<Json<HeldBody>> {
    crate::access::require(&state, &ctx, &viewer, Capability::ViewCaseloads).await?;
    let policy = state.config.timescales.caseload();
    let actor = viewer.actor(&ctx, &state);
    let (caseload, children) = caseloads.held_children(&actor, StaffId(staff_id)).await?;
    let days = trend_days(actor.today(), TREND_MONTHS);
    let trend = caseloads
        .caseload_trend(&actor, StaffId(staff_id), &days)
        .await?
        .into_iter()
        .map(|(on, counts)| {
            let then = StaffCaseload {
                counts,
                ..caseload.clone()
            };
            let weighed = weigh(&policy, &then);
            TrendPoint {
                on,
                children: counts.children(),
                load: f64::from(weighed.load.0) / 10.0,
                level: level_code(weighed.level).to_owned(),
            }
        })
        .collect();
    Ok(Json(HeldBody {
        trend,
        caseload: view(weigh(&policy, &caseload)),
        children: children
            .into_iter()
            .map(|c| HeldChildView {
                child: c.child.0,
                given_name: c.given_name,
                family_name: c.family_name,
                date_of_birth: c.date_of_birth,
                expected_date_of_birth: c.expected_date_of_birth,
                kind: c.kind.code().to_owned(),
                weight: f64::from(policy.weights.of(c.kind).0) / 10.0,
                since: c.since,
            })
            .collect(),
    }))
}
