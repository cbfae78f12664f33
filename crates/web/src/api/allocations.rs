//! Allocations through the API: the child's allocation and its history, allocating or
//! transferring (to a worker, or to a team's unallocated list), ending an allocation, the
//! choices a manager has, the unallocated lists and the children a reviewing officer reviews.
//! The same rules as the pages: changes are for managers in the child's line.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use chrono::NaiveDate;
use journey_domain::Clock;
use journey_domain::allocations::{AllocationChange, AllocationEnd, ChangeReason};
use journey_store::allocations::{
    AllocationPeriod, AllocationState, ReviewedChild, TeamChoice, UnallocatedChild,
    UnallocatedPeriod, WorkerChoice,
};
use journey_store::{Allocations, StoreError};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::body::{ApiBody, checked as with_problems};
use super::schema::{ChildRead, ChildWrite, CsrfHeader, Read};
use super::views::{Api, view};
use super::{answer, check_header, field_errors};
use crate::access::{Checked, ToAllocate};
use crate::auth::Viewer;
use crate::capabilities::allocations::{AllocationBody, EndBody};
use crate::capabilities::codes::ChangeReasonCode;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(allocation, change))
        .routes(routes!(end))
        .routes(routes!(choices))
        .routes(routes!(unallocated))
        .routes(routes!(reviewed))
}

impl Api<ChangeReasonCode> for ChangeReason {
    fn api(self) -> ChangeReasonCode {
        ChangeReasonCode(self)
    }
}

view! {
    /// One allocation, current or ended, with the SSDA903 reasons it started and ended for
    /// (none for allocations made before reasons were recorded).
    AllocationPeriodView from AllocationPeriod {
        worker: i64, worker_name: String, team: i64, team_name: String, from: NaiveDate,
        reason: Option<ChangeReasonCode>, until: Option<NaiveDate>,
        end_reason: Option<ChangeReasonCode>,
    }
}

view! {
    /// A time in a team's unallocated list; `reason` is the change that put the child there
    /// (none for a child just recorded).
    UnallocatedPeriodView from UnallocatedPeriod {
        team: i64, team_name: String, from: NaiveDate, reason: Option<ChangeReasonCode>,
        until: Option<NaiveDate>,
    }
}

view! {
    /// Where the child stands today (`current`, or `waiting` in a list) and every allocation
    /// and time unallocated, newest first.
    AllocationStateView from AllocationState {
        child: i64, current: Option<AllocationPeriodView>,
        waiting: Option<UnallocatedPeriodView>, allocations: Vec<AllocationPeriodView>,
        unallocated: Vec<UnallocatedPeriodView>,
    }
}

view! {
    /// A worker the manager may allocate to, with the children allocated to them today.
    WorkerChoiceView from WorkerChoice {
        worker: i64, name: String, team: i64, team_name: String, caseload: i64,
    }
}

view! {
    /// A team whose unallocated list a child may be moved to.
    TeamChoiceView from TeamChoice { team: i64, name: String }
}

view! {
    /// A child waiting in an unallocated list of the manager's line: since when, why, who
    /// recorded them and what is waiting at the front door.
    UnallocatedChildView from UnallocatedChild {
        child: i64, given_name: String, family_name: String, date_of_birth: Option<NaiveDate>,
        expected_date_of_birth: Option<NaiveDate>, team: i64, team_name: String,
        since: NaiveDate, reason: Option<ChangeReasonCode>, recorded_by: Option<String>,
        awaiting_decision_since: Option<NaiveDate>, open_episodes: i64, contacts: i64,
    }
}

view! {
    /// A child the reviewing officer reviews. Reviews and conferences are not recorded yet,
    /// so no next date is given.
    ReviewedChildView from ReviewedChild {
        child: i64, given_name: String, family_name: String, date_of_birth: Option<NaiveDate>,
        expected_date_of_birth: Option<NaiveDate>, from: NaiveDate,
        worker_name: Option<String>, team_name: Option<String>,
    }
}

/// The child's allocation and its history (recorded as a view of the record).
#[utoipa::path(
    get, path = "/children/{child_id}/allocation", tag = "allocations",
    params(("child_id" = i64, Path, description = "The child's Journey ID")),
    responses((status = 200, description = "The allocation", body = AllocationStateView), ChildRead)
)]
pub async fn allocation(
    State(allocations): State<Arc<dyn Allocations>>,
    checked: Checked<ToAllocate>,
) -> WebResult<Json<AllocationStateView>> {
    Ok(Json(
        allocations.allocation_state(checked.access()).await?.api(),
    ))
}

/// The event that recorded the change.
#[derive(Debug, Serialize, ToSchema)]
pub struct Changed {
    event: i64,
}

/// Allocate the child to a worker (`worker_id`), or move them to a team's unallocated list
/// (`team_id`), from today. An allocation in force ends today with the same reason: a
/// transfer. An allocation that takes the worker over the authority's caseload limit needs
/// `over_limit_reason`.
#[utoipa::path(
    post, path = "/children/{child_id}/allocation", tag = "allocations",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = AllocationBody,
    responses((status = 200, description = "Allocated, transferred or moved", body = Changed), ChildWrite)
)]
pub async fn change(
    State(state): State<AppState>,
    State(allocations): State<Arc<dyn Allocations>>,
    checked: Checked<ToAllocate>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<AllocationBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let change = match with_problems(problems, AllocationChange::parse(&body.input())) {
        Ok(change) => change,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let caseload = state.config.timescales.caseload();
    match allocations
        .change_allocation(checked.access(), &change, &caseload)
        .await
    {
        Ok(event) => Ok(answer(StatusCode::OK, Changed { event: event.0 })),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}

/// End the allocation in force today: the child goes back to the team's unallocated list.
#[utoipa::path(
    post, path = "/children/{child_id}/allocation/end", tag = "allocations",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = EndBody,
    responses((status = 200, description = "Ended", body = Changed), ChildWrite)
)]
pub async fn end(
    State(allocations): State<Arc<dyn Allocations>>,
    checked: Checked<ToAllocate>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<EndBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let end = match with_problems(problems, AllocationEnd::parse(&body.input())) {
        Ok(end) => end,
        Err(errors) => return Ok(field_errors(errors)),
    };
    match allocations.end_allocation(checked.access(), &end).await {
        Ok(event) => Ok(answer(StatusCode::OK, Changed { event: event.0 })),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}

/// Whom the signed-in manager may allocate to, and the teams a child may be moved to.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChoicesBody {
    workers: Vec<WorkerChoiceView>,
    teams: Vec<TeamChoiceView>,
}

/// The workers in the teams the signed-in manager manages, and every team (empty lists for
/// anyone who is not a manager).
#[utoipa::path(
    get, path = "/allocation-choices", tag = "allocations",
    responses((status = 200, description = "The choices", body = ChoicesBody), Read)
)]
pub async fn choices(
    State(clock): State<Arc<dyn Clock>>,
    State(allocations): State<Arc<dyn Allocations>>,
    viewer: Viewer,
) -> WebResult<Json<ChoicesBody>> {
    let (workers, teams) = allocations
        .allocation_choices(viewer.staff, clock.today())
        .await?;
    Ok(Json(ChoicesBody {
        workers: workers.api(),
        teams: teams.api(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnallocatedBody {
    unallocated: Vec<UnallocatedChildView>,
}

/// The children waiting in the unallocated lists of the signed-in manager's line, longest
/// waiting first (an empty list for anyone else). The list is recorded as seen.
#[utoipa::path(
    get, path = "/unallocated", tag = "allocations",
    responses((status = 200, description = "The children waiting", body = UnallocatedBody), Read)
)]
pub async fn unallocated(
    State(state): State<AppState>,
    State(allocations): State<Arc<dyn Allocations>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Json<UnallocatedBody>> {
    let actor = viewer.actor(&ctx, &state);
    let waiting = allocations.unallocated_children(&actor).await?;
    Ok(Json(UnallocatedBody {
        unallocated: waiting.api(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewedBody {
    reviewed: Vec<ReviewedChildView>,
}

/// The children the signed-in reviewing officer reviews today (an empty list for anyone else).
#[utoipa::path(
    get, path = "/reviewed-children", tag = "allocations",
    responses((status = 200, description = "The children reviewed", body = ReviewedBody), Read)
)]
pub async fn reviewed(
    State(clock): State<Arc<dyn Clock>>,
    State(allocations): State<Arc<dyn Allocations>>,
    viewer: Viewer,
) -> WebResult<Json<ReviewedBody>> {
    let reviewed = allocations
        .reviewed_children(viewer.staff, clock.today())
        .await?;
    Ok(Json(ReviewedBody {
        reviewed: reviewed.api(),
    }))
}
