//! Assessments through the API: the child's assessments with their due dates, each step, and
//! the manager's sign-off queue. The same gates as the pages: a step out of order (or an
//! authorisation by someone who may not give it) is answered 409 with the sentence saying
//! what is missing and how to put it right; a problem with the input, 422 at its field.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use chrono::NaiveDate;
use journey_domain::assessments::{
    AssessmentRecord, AssessmentText, Assessments, DecisionInput, NewAssessment,
    authorisation_date, due_from_referral, return_reason, waiting_days,
};
use journey_domain::ids::EventId;
use journey_domain::timescales::{Timeliness, Timescales};
use journey_store::assessments::OpenAssessment;
use journey_store::{StoreError, StoreResult};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::body::{ApiBody, checked as with_problems};
use super::child_protection::Recorded;
use super::schema::{ChildRead, CsrfHeader, Read, StepWrite};
use super::{answer, check_header, field_errors};
use crate::access::{Checked, ToAdd, ToView};
use crate::auth::Viewer;
use crate::capabilities::assessments::{AuthoriseBody, ReturnBody, StartBody, TextBody};
use crate::capabilities::codes::date;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record))
        .routes(routes!(start))
        .routes(routes!(save_draft))
        .routes(routes!(submit))
        .routes(routes!(authorise))
        .routes(routes!(return_to_worker))
        .routes(routes!(sign_off_queue))
}

/// When an assessment is due, from the timescale engine, and where it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentDue {
    due: NaiveDate,
    explanation: String,
    /// `on_time`, `due_soon`, `overdue` (open), or `completed` (authorised).
    status: String,
    /// Working days overdue today (0 unless overdue).
    working_days_overdue: i64,
}

fn due_view(
    referral_date: NaiveDate,
    authorised: bool,
    t: &Timescales,
    today: NaiveDate,
) -> Option<AssessmentDue> {
    let due = due_from_referral(referral_date, t)?;
    let (status, overdue) = match (authorised, t.classify(due.date, today)) {
        (true, _) => ("completed", 0),
        (false, Timeliness::Overdue { working_days, .. }) => ("overdue", working_days),
        (false, Timeliness::DueSoon { .. }) => ("due_soon", 0),
        (false, Timeliness::OnTime { .. }) => ("on_time", 0),
    };
    Some(AssessmentDue {
        due: due.date,
        explanation: due.explanation,
        status: status.to_owned(),
        working_days_overdue: overdue,
    })
}

/// One assessment.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentView {
    id: i64,
    /// `child_and_family` or `pre_birth`.
    kind: String,
    /// `draft`, `submitted` or `authorised`.
    state: String,
    referral_id: i64,
    referral_date: NaiveDate,
    start_date: NaiveDate,
    author: String,
    seen_date: Option<NaiveDate>,
    seen_alone: Option<bool>,
    /// CIN census assessment factor codes.
    factors: Vec<String>,
    analysis: String,
    wishes_and_feelings: String,
    outcome: Option<String>,
    outcome_detail: String,
    late_reason: String,
    submitted_on: Option<NaiveDate>,
    /// The completion date (the CIN census AssessmentAuthorisationDate).
    authorised_on: Option<NaiveDate>,
    authorised_by: Option<String>,
    returned_reason: Option<String>,
    due: Option<AssessmentDue>,
}

fn view(a: AssessmentRecord, t: &Timescales, today: NaiveDate) -> AssessmentView {
    AssessmentView {
        due: due_view(a.referral_date, a.authorised_on.is_some(), t, today),
        id: a.id,
        kind: a.kind.code().to_owned(),
        state: a.state.code().to_owned(),
        referral_id: a.referral,
        referral_date: a.referral_date,
        start_date: a.start_date,
        author: a.author_name,
        seen_date: a.text.seen_date,
        seen_alone: a.text.seen_alone,
        factors: a.text.factors.iter().map(|f| f.code().to_owned()).collect(),
        analysis: a.text.analysis,
        wishes_and_feelings: a.text.wishes_and_feelings,
        outcome: a.text.outcome.map(|o| o.code().to_owned()),
        outcome_detail: a.text.outcome_detail,
        late_reason: a.text.late_reason,
        submitted_on: a.submitted_on,
        authorised_on: a.authorised_on,
        authorised_by: a.authorised_by_name,
        returned_reason: a.returned_reason,
    }
}

/// The child's assessments, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct AssessmentsView {
    child: i64,
    /// The referral of the open child in need episode, if any.
    open_referral_id: Option<i64>,
    assessments: Vec<AssessmentView>,
}

/// The child's assessments (recorded as a view of the record).
#[utoipa::path(
    get, path = "/children/{child_id}/assessments", tag = "assessments",
    params(("child_id" = i64, Path, description = "The child's Journey ID")),
    responses((status = 200, description = "The child's assessments", body = AssessmentsView), ChildRead)
)]
pub async fn record(
    State(state): State<AppState>,
    checked: Checked<ToView>,
) -> WebResult<Json<AssessmentsView>> {
    let access = &checked.permitted.access;
    let found: Assessments = state.store.assessments(access).await?;
    let today = state.clock.today();
    Ok(Json(AssessmentsView {
        child: access.child().0,
        open_referral_id: found.open_episode.map(|e| e.referral),
        assessments: found
            .assessments
            .into_iter()
            .map(|a| view(a, &state.config.timescales, today))
            .collect(),
    }))
}

fn answered(result: StoreResult<EventId>, status: StatusCode) -> WebResult<Response> {
    match result {
        Ok(event) => Ok(answer(status, Recorded { event: event.0 })),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}

/// Start an assessment in the child's open episode, on or after its referral; one open at a
/// time.
#[utoipa::path(
    post, path = "/children/{child_id}/assessments", tag = "assessments",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = StartBody,
    responses((status = 201, description = "Started", body = Recorded), StepWrite)
)]
pub async fn start(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<StartBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let today = checked.access().actor().today();
    match with_problems(found, NewAssessment::parse(&body.input(), today)) {
        Ok(step) => answered(
            state.store.start_assessment(checked.access(), &step).await,
            StatusCode::CREATED,
        ),
        Err(errors) => Ok(field_errors(errors)),
    }
}

/// Save the open assessment's text as a draft, however incomplete.
#[utoipa::path(
    post, path = "/children/{child_id}/assessment/draft", tag = "assessments",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = TextBody,
    responses((status = 200, description = "Saved", body = Recorded), StepWrite)
)]
pub async fn save_draft(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<TextBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let today = checked.access().actor().today();
    match with_problems(found, AssessmentText::parse(&body.input(), today)) {
        Ok(text) => answered(
            state.store.save_assessment(checked.access(), &text).await,
            StatusCode::OK,
        ),
        Err(errors) => Ok(field_errors(errors)),
    }
}

/// Submit the open assessment for a manager's authorisation: it needs the date seen (and for
/// a child and family assessment whether alone), the factors, the analysis and the outcome;
/// past its due date, `late_reason`.
#[utoipa::path(
    post, path = "/children/{child_id}/assessment/submission", tag = "assessments",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = TextBody,
    responses((status = 201, description = "Submitted", body = Recorded), StepWrite)
)]
pub async fn submit(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<TextBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let today = checked.access().actor().today();
    match with_problems(found, AssessmentText::parse(&body.input(), today)) {
        Ok(text) => answered(
            state
                .store
                .submit_assessment(checked.access(), &text, &state.config.timescales)
                .await,
            StatusCode::CREATED,
        ),
        Err(errors) => Ok(field_errors(errors)),
    }
}

/// Authorise the submitted assessment: a team or service manager in the worker's line who did
/// not write it. The date (today if left out) is its completion date.
#[utoipa::path(
    post, path = "/children/{child_id}/assessment/authorisation", tag = "assessments",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = AuthoriseBody,
    responses((status = 201, description = "Authorised", body = Recorded), StepWrite)
)]
pub async fn authorise(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<AuthoriseBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let today = checked.access().actor().today();
    let input = DecisionInput {
        date: Some(date(body.date).unwrap_or(today)),
        reason: String::new(),
    };
    match with_problems(found, authorisation_date(&input, today)) {
        Ok(on) => answered(
            state.store.authorise_assessment(checked.access(), on).await,
            StatusCode::CREATED,
        ),
        Err(errors) => Ok(field_errors(errors)),
    }
}

/// Return the submitted assessment to the worker as a draft, saying what needs doing.
#[utoipa::path(
    post, path = "/children/{child_id}/assessment/return", tag = "assessments",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = ReturnBody,
    responses((status = 201, description = "Returned", body = Recorded), StepWrite)
)]
pub async fn return_to_worker(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<ReturnBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let input = DecisionInput {
        date: None,
        reason: body.reason.clone(),
    };
    match with_problems(found, return_reason(&input)) {
        Ok(reason) => answered(
            state
                .store
                .return_assessment(checked.access(), &reason)
                .await,
            StatusCode::CREATED,
        ),
        Err(errors) => Ok(field_errors(errors)),
    }
}

/// An assessment waiting for the signed-in manager's authorisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct AwaitingSignOff {
    child: i64,
    given_name: String,
    family_name: String,
    kind: String,
    author: String,
    team_name: Option<String>,
    submitted_on: Option<NaiveDate>,
    /// Working days since it was submitted.
    working_days_waiting: i64,
    due: Option<AssessmentDue>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SignOffQueue {
    assessments: Vec<AwaitingSignOff>,
}

/// The assessments waiting for the signed-in manager's authorisation (submitted on children
/// in their line, not written by them), oldest first. Recorded as one list seen.
#[utoipa::path(
    get, path = "/assessment-sign-off", tag = "assessments",
    responses((status = 200, description = "The sign-off queue", body = SignOffQueue), Read)
)]
pub async fn sign_off_queue(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Json<SignOffQueue>> {
    let actor = viewer.actor(&ctx, &state);
    let today = state.clock.today();
    let t = &state.config.timescales;
    let assessments = state
        .store
        .sign_off_queue(&actor)
        .await?
        .into_iter()
        .map(|a: OpenAssessment| AwaitingSignOff {
            child: a.child.0,
            working_days_waiting: a.submitted_on.map_or(0, |s| waiting_days(s, today, t)),
            due: due_view(a.referral_date, false, t, today),
            given_name: a.given_name,
            family_name: a.family_name,
            kind: a.kind.code().to_owned(),
            author: a.author_name,
            team_name: a.team_name,
            submitted_on: a.submitted_on,
        })
        .collect();
    Ok(Json(SignOffQueue { assessments }))
}
