//! Child protection through the API: the child's steps and what is due, each step, and the
//! work tray. The same gates as the pages: a step out of order is answered 409 with the
//! sentence saying which step is missing and how to put it right.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::Clock;
use journey_domain::child_protection::{
    NewConference, NewConferenceRequest, NewCoreGroup, NewEnquiry, NewOutcome,
    NewStrategyDiscussion, Pathway, PlanEnd, not_required_reason,
};
use journey_domain::ids::EventId;
use journey_domain::timescales::{Timeliness, Timescales};
use journey_domain::validation::FieldErrors;
use journey_store::child_protection::MeetingRecord;
use journey_store::{ChildProtection, StoreError, StoreResult};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::body::{ApiBody, checked as with_problems};
use super::schema::{ChildRead, CsrfHeader, Read, StepWrite};
use super::{answer, check_header, field_errors};
use crate::access::{Checked, ToAdd, ToView};
use crate::auth::Viewer;
use crate::capabilities::child_protection::{
    ConferenceBody, ConferenceRequestBody, CoreGroupBody, EnquiryBody, NotRequiredBody,
    OutcomeBody, PlanEndBody, StrategyDiscussionBody, api_fields,
};
use crate::capabilities::codes::AgencyCode;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record))
        .routes(routes!(strategy_discussion))
        .routes(routes!(start_enquiry))
        .routes(routes!(enquiry_outcome))
        .routes(routes!(request_conference))
        .routes(routes!(not_required))
        .routes(routes!(conference))
        .routes(routes!(core_group))
        .routes(routes!(end_plan))
        .routes(routes!(tray))
}

/// Something due, from the timescale engine: the step, when, why, and where it stands today.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueView {
    /// The step: `enquiry_outcome` (the conference's clock runs from the strategy
    /// discussion), `conference`, `core_group` or `review_conference`.
    step: String,
    due: NaiveDate,
    explanation: String,
    /// `on_time`, `due_soon` or `overdue`.
    status: String,
    /// Working days overdue (0 unless overdue).
    working_days_overdue: i64,
}

fn due_views(pathway: &Pathway, timescales: &Timescales, today: NaiveDate) -> Vec<DueView> {
    pathway
        .next_steps(timescales, today)
        .into_iter()
        .map(|n| {
            let (status, overdue) = match n.timeliness {
                Timeliness::Overdue { working_days, .. } => ("overdue", working_days),
                Timeliness::DueSoon { .. } => ("due_soon", 0),
                Timeliness::OnTime { .. } => ("on_time", 0),
            };
            DueView {
                step: serde_json::to_value(n.step)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_default(),
                due: n.due,
                explanation: n.explanation,
                status: status.to_owned(),
                working_days_overdue: overdue,
            }
        })
        .collect()
}

/// One person invited to a meeting.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttendeeView {
    name: String,
    agency: AgencyCode,
    role: String,
    attended: bool,
}

/// A meeting with what it decided for this child.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingView {
    id: i64,
    /// `strategy_discussion`, `initial_conference` or `core_group`.
    kind: String,
    held_at: DateTime<Utc>,
    place: String,
    chair: String,
    information: String,
    inquorate_reason: Option<String>,
    attendees: Vec<AttendeeView>,
    /// The decision's code for this child (`held` for a core group).
    decision: String,
    reasons: String,
    /// The category of abuse for a plan (NEG, PHY, SAB, EMO, MUL).
    category: Option<String>,
    recorded_by: String,
}

fn meeting_view(m: MeetingRecord) -> MeetingView {
    MeetingView {
        id: m.id,
        kind: m.kind.code().to_owned(),
        held_at: m.held_at,
        place: m.place,
        chair: m.chair,
        information: m.information,
        inquorate_reason: m.inquorate_reason,
        attendees: m
            .attendees
            .into_iter()
            .map(|a| AttendeeView {
                name: a.name,
                agency: AgencyCode(a.agency),
                role: a.role,
                attended: a.attended,
            })
            .collect(),
        decision: m.decision,
        reasons: m.reasons,
        category: m.category.map(|c| c.code().to_owned()),
        recorded_by: m.recorded_by,
    }
}

/// The child's protection: where they stand, what is due and every meeting, newest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChildProtectionView {
    child: i64,
    /// In words: "On a child protection plan since 27 February 2026 (physical abuse)".
    stage: String,
    due: Vec<DueView>,
    previous_plans: usize,
    meetings: Vec<MeetingView>,
}

/// The child's protection record (recorded as a view of the record).
#[utoipa::path(
    get, path = "/children/{child_id}/child-protection", tag = "child protection",
    params(("child_id" = i64, Path, description = "The child's Journey ID")),
    responses((status = 200, description = "The child's protection record", body = ChildProtectionView), ChildRead)
)]
pub async fn record(
    State(state): State<AppState>,
    State(cp): State<Arc<dyn ChildProtection>>,
    checked: Checked<ToView>,
) -> WebResult<Json<ChildProtectionView>> {
    let record = cp.child_protection(&checked.permitted.access).await?;
    let today = state.clock.today();
    Ok(Json(ChildProtectionView {
        child: record.child.0,
        stage: record.pathway.stage().label(),
        due: due_views(&record.pathway, &state.config.timescales, today),
        previous_plans: record.pathway.previous_plans(),
        meetings: record.meetings.into_iter().map(meeting_view).collect(),
    }))
}

/// The event that recorded the step.
#[derive(Debug, Serialize, ToSchema)]
pub struct Recorded {
    pub(crate) event: i64,
}

/// Answers a step: 201 with its event, 422 with the problems at their fields, 409 (through
/// the error path) when a step before it is missing.
pub(crate) fn answered(result: StoreResult<EventId>) -> WebResult<Response> {
    match result {
        Ok(event) => Ok(answer(StatusCode::CREATED, Recorded { event: event.0 })),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}

/// As [`answered`], for a step that is a meeting: the domain's meeting fields named as the
/// body names them (`meeting.held_at`, `meeting.attendees[0].name`).
fn answered_meeting(result: StoreResult<EventId>) -> WebResult<Response> {
    match result {
        Err(StoreError::Invalid(errors)) => Ok(field_errors(api_fields(errors))),
        other => answered(other),
    }
}

fn problems(errors: FieldErrors) -> WebResult<Response> {
    Ok(field_errors(errors))
}

fn meeting_problems(errors: FieldErrors) -> WebResult<Response> {
    Ok(field_errors(api_fields(errors)))
}

/// Record a strategy discussion and its decision for the child. The police and health must
/// have taken part.
#[utoipa::path(
    post, path = "/children/{child_id}/strategy-discussions", tag = "child protection",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = StrategyDiscussionBody,
    responses((status = 201, description = "Recorded", body = Recorded), StepWrite)
)]
pub async fn strategy_discussion(
    State(cp): State<Arc<dyn ChildProtection>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<StrategyDiscussionBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let now = checked.access().actor().at;
    match with_problems(found, NewStrategyDiscussion::parse(&body.input(), now)) {
        Ok(step) => answered_meeting(cp.record_strategy_discussion(checked.access(), &step).await),
        Err(errors) => meeting_problems(errors),
    }
}

/// Start a section 47 enquiry from a strategy discussion that decided on one.
#[utoipa::path(
    post, path = "/children/{child_id}/section-47-enquiries", tag = "child protection",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = EnquiryBody,
    responses((status = 201, description = "Started", body = Recorded), StepWrite)
)]
pub async fn start_enquiry(
    State(cp): State<Arc<dyn ChildProtection>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<EnquiryBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let today = checked.access().actor().today();
    match with_problems(found, NewEnquiry::parse(&body.input(), today)) {
        Ok(step) => answered(cp.start_enquiry(checked.access(), &step).await),
        Err(errors) => problems(errors),
    }
}

/// Record the outcome of the open section 47 enquiry.
#[utoipa::path(
    post, path = "/children/{child_id}/section-47-enquiries/outcome", tag = "child protection",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = OutcomeBody,
    responses((status = 201, description = "Recorded", body = Recorded), StepWrite)
)]
pub async fn enquiry_outcome(
    State(cp): State<Arc<dyn ChildProtection>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<OutcomeBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let today = checked.access().actor().today();
    match with_problems(found, NewOutcome::parse(&body.input(), today)) {
        Ok(step) => answered(cp.record_enquiry_outcome(checked.access(), &step).await),
        Err(errors) => problems(errors),
    }
}

/// Request an initial child protection conference: after a section 47 enquiry that found the
/// child likely to suffer significant harm, or (with `transfer_from`) for a child moving in
/// on another authority's plan.
#[utoipa::path(
    post, path = "/children/{child_id}/conference-requests", tag = "child protection",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = ConferenceRequestBody,
    responses((status = 201, description = "Requested", body = Recorded), StepWrite)
)]
pub async fn request_conference(
    State(cp): State<Arc<dyn ChildProtection>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<ConferenceRequestBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let today = checked.access().actor().today();
    match with_problems(found, NewConferenceRequest::parse(&body.input(), today)) {
        Ok(step) => answered(cp.request_conference(checked.access(), &step).await),
        Err(errors) => problems(errors),
    }
}

/// Record that the conference requested is not required, and why.
#[utoipa::path(
    post, path = "/children/{child_id}/conference-requests/not-required", tag = "child protection",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = NotRequiredBody,
    responses((status = 201, description = "Recorded", body = Recorded), StepWrite)
)]
pub async fn not_required(
    State(cp): State<Arc<dyn ChildProtection>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<NotRequiredBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    match with_problems(found, not_required_reason(&body.reason)) {
        Ok(reason) => answered(cp.conference_not_required(checked.access(), &reason).await),
        Err(errors) => problems(errors),
    }
}

/// Record the initial child protection conference. A decision to make a plan starts it.
#[utoipa::path(
    post, path = "/children/{child_id}/initial-conferences", tag = "child protection",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = ConferenceBody,
    responses((status = 201, description = "Recorded", body = Recorded), StepWrite)
)]
pub async fn conference(
    State(cp): State<Arc<dyn ChildProtection>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<ConferenceBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let now = checked.access().actor().at;
    match with_problems(found, NewConference::parse(&body.input(), now)) {
        Ok(step) => answered_meeting(cp.record_conference(checked.access(), &step).await),
        Err(errors) => meeting_problems(errors),
    }
}

/// Record a core group meeting of the open plan.
#[utoipa::path(
    post, path = "/children/{child_id}/core-groups", tag = "child protection",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = CoreGroupBody,
    responses((status = 201, description = "Recorded", body = Recorded), StepWrite)
)]
pub async fn core_group(
    State(cp): State<Arc<dyn ChildProtection>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<CoreGroupBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let now = checked.access().actor().at;
    match with_problems(found, NewCoreGroup::parse(&body.input(), now)) {
        Ok(step) => answered_meeting(cp.record_core_group(checked.access(), &step).await),
        Err(errors) => meeting_problems(errors),
    }
}

/// End the open child protection plan.
#[utoipa::path(
    post, path = "/children/{child_id}/child-protection-plan/end", tag = "child protection",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = PlanEndBody,
    responses((status = 201, description = "Ended", body = Recorded), StepWrite)
)]
pub async fn end_plan(
    State(cp): State<Arc<dyn ChildProtection>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<PlanEndBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let today = checked.access().actor().today();
    match with_problems(found, PlanEnd::parse(&body.input(), today)) {
        Ok(step) => answered(cp.end_plan(checked.access(), &step).await),
        Err(errors) => problems(errors),
    }
}

/// A child in the work tray.
#[derive(Debug, Serialize, ToSchema)]
pub struct TrayChildView {
    child: i64,
    given_name: String,
    family_name: String,
    worker_name: Option<String>,
    team_name: Option<String>,
    stage: String,
    due: Vec<DueView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TrayBody {
    children: Vec<TrayChildView>,
}

/// The children with child protection work open that the signed-in member of staff holds
/// (allocated to them; for managers, allocated in their line), with what is due for each.
/// Recorded as one list seen.
#[utoipa::path(
    get, path = "/child-protection-tray", tag = "child protection",
    responses((status = 200, description = "The work tray", body = TrayBody), Read)
)]
pub async fn tray(
    State(state): State<AppState>,
    State(clock): State<Arc<dyn Clock>>,
    State(cp): State<Arc<dyn ChildProtection>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Json<TrayBody>> {
    let actor = viewer.actor(&ctx, &state);
    let today = clock.today();
    let children = cp
        .child_protection_tray(&actor, today)
        .await?
        .into_iter()
        .map(|c| TrayChildView {
            child: c.child.0,
            stage: c.pathway.stage().label(),
            due: due_views(&c.pathway, &state.config.timescales, today),
            given_name: c.given_name,
            family_name: c.family_name,
            worker_name: c.worker_name,
            team_name: c.team_name,
        })
        .collect();
    Ok(Json(TrayBody { children }))
}
