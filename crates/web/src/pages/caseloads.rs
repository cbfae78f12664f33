//! Caseloads for managers: everyone in the teams they manage with the children they hold,
//! weighted by what each child's case is, against the authority's thresholds; each member of
//! staff's children behind the number; and, on the home page, who is at or above the warning
//! level. Issue 12, part 3 (docs/caseloads.md).

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use axum::routing::get;
use axum::{Extension, Router};
use chrono::NaiveDate;
use journey_domain::access::Capability;
use journey_domain::caseloads::{CaseKind, CaseloadPolicy, trend_days};
use journey_domain::ids::StaffId;
use journey_domain::timescales::CaseloadLevel;
use journey_store::Caseloads;
use journey_store::caseloads::StaffCaseload;
use minijinja::{Value, context};
use serde::Serialize;

use crate::auth::Viewer;
use crate::capabilities::caseloads::{
    TREND_MONTHS, Weighed, level_code, level_label, recorded_kinds, weigh,
};
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::input::PathIds;
use crate::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/caseloads", get(line))
        .route("/caseloads/{staff}", get(held))
}

/// This capability's templates, registered with the environment: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "home/caseloads.html",
        include_str!("../../templates/home/caseloads.html"),
    ),
    (
        "caseloads/line.html",
        include_str!("../../templates/caseloads/line.html"),
    ),
    (
        "caseloads/held.html",
        include_str!("../../templates/caseloads/held.html"),
    ),
    (
        "caseloads/_level.html",
        include_str!("../../templates/caseloads/_level.html"),
    ),
];

/// One member of staff's row.
#[derive(Serialize)]
struct Row {
    staff: i64,
    name: String,
    role: &'static str,
    team_name: String,
    children: u32,
    load: String,
    measured_in: &'static str,
    warn_at: u32,
    limit: u32,
    level: &'static str,
    level_label: &'static str,
    kinds: Vec<u32>,
}

fn row(weighed: Weighed<'_>) -> Row {
    let held = weighed.held;
    Row {
        staff: held.staff.0,
        name: held.name.clone(),
        role: held.role.label(),
        team_name: held.team_name.clone(),
        children: held.counts.children(),
        load: weighed.load.to_string(),
        measured_in: weighed.measured_in(),
        warn_at: weighed.thresholds.warn_at,
        limit: weighed.thresholds.limit,
        level: level_code(weighed.level),
        level_label: level_label(weighed.level),
        kinds: recorded_kinds().map(|k| held.counts.of(k)).collect(),
    }
}

/// The policy in words, for the page's explanation: each recorded kind with its weight.
fn weights(policy: &CaseloadPolicy) -> Vec<Value> {
    recorded_kinds()
        .map(|kind| {
            context! { label => kind.label(), weight => policy.weights.of(kind).to_string() }
        })
        .collect()
}

/// GET /caseloads: the manager's line, workers then reviewing officers, by team and name.
pub async fn line(
    State(state): State<AppState>,
    State(caseloads): State<Arc<dyn Caseloads>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::ViewCaseloads).await?;
    let policy = state.config.timescales.caseload();
    let held = caseloads
        .line_caseloads(&viewer.actor(&ctx, &state))
        .await?;
    let (officers, workers): (Vec<&StaffCaseload>, Vec<&StaffCaseload>) = held
        .iter()
        .partition(|h| weigh(&policy, h).is_reviewing_officer());
    let rows = |list: Vec<&StaffCaseload>| -> Vec<Row> {
        list.into_iter().map(|h| row(weigh(&policy, h))).collect()
    };
    render::page(
        &state,
        &ctx,
        Some(&viewer),
        "/caseloads",
        "caseloads/line.html",
        context! {
            workers => render::value(rows(workers)),
            officers => render::value(rows(officers)),
            kinds => recorded_kinds().map(CaseKind::label).collect::<Vec<_>>(),
            weights => weights(&policy),
            worker => context! { warn_at => policy.worker.warn_at, limit => policy.worker.limit },
            officer => context! {
                warn_at => policy.reviewing_officer.warn_at,
                limit => policy.reviewing_officer.limit,
            },
        },
    )
}

/// A child on the held page.
#[derive(Serialize)]
struct HeldRow {
    child: i64,
    name: String,
    date_of_birth: Option<NaiveDate>,
    expected_date_of_birth: Option<NaiveDate>,
    kind: &'static str,
    weight: String,
    since: NaiveDate,
}

/// GET /caseloads/{staff}: the children one member of the manager's line holds (recorded as a
/// list shown); 404 for anyone outside the line.
pub async fn held(
    State(state): State<AppState>,
    State(caseloads): State<Arc<dyn Caseloads>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    PathIds(staff): PathIds<i64>,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::ViewCaseloads).await?;
    let policy = state.config.timescales.caseload();
    let (caseload, children) = caseloads
        .held_children(&viewer.actor(&ctx, &state), StaffId(staff))
        .await?;
    let weighed = weigh(&policy, &caseload);
    let today = state.clock.today();
    let trend = caseloads
        .caseload_trend(
            &viewer.actor(&ctx, &state),
            StaffId(staff),
            &trend_days(today, TREND_MONTHS),
        )
        .await?;
    let trend: Vec<Value> = trend
        .into_iter()
        .map(|(on, counts)| {
            let then = StaffCaseload {
                counts,
                ..caseload.clone()
            };
            let weighed = weigh(&policy, &then);
            context! {
                on => on.to_string(),
                today => on == today,
                children => counts.children(),
                load => weighed.load.to_string(),
                level_label => level_label(weighed.level),
            }
        })
        .collect();
    let children: Vec<HeldRow> = children
        .iter()
        .map(|c| HeldRow {
            child: c.child.0,
            name: format!("{} {}", c.given_name, c.family_name),
            date_of_birth: c.date_of_birth,
            expected_date_of_birth: c.expected_date_of_birth,
            kind: c.kind.label(),
            weight: policy.weights.of(c.kind).to_string(),
            since: c.since,
        })
        .collect();
    render::page(
        &state,
        &ctx,
        Some(&viewer),
        "/caseloads",
        "caseloads/held.html",
        context! {
            member => render::value(row(weighed)),
            reviewing => weighed.is_reviewing_officer(),
            children => render::value(children),
            trend,
        },
    )
}

/// The home page's part for managers: who in their line is at or above the warning level.
pub async fn home_panel(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
) -> WebResult<Value> {
    if !viewer.role.is_manager() {
        return Ok(Value::UNDEFINED);
    }
    let policy = state.config.timescales.caseload();
    let held = state
        .store
        .line_caseloads(&viewer.actor(ctx, state))
        .await?;
    let mut rows: Vec<(Weighed<'_>, Row)> = held
        .iter()
        .map(|h| weigh(&policy, h))
        .filter(|w| w.level != CaseloadLevel::Manageable)
        .map(|w| (w, row(w)))
        .collect();
    // Furthest over their limit first.
    rows.sort_by_key(|(w, _)| {
        std::cmp::Reverse(i64::from(w.load.0) - i64::from(w.thresholds.limit) * 10)
    });
    let rows: Vec<Row> = rows.into_iter().map(|(_, r)| r).collect();
    Ok(context! { above_warning => render::value(rows), staff => held.len() })
}
