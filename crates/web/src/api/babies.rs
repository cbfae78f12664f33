//! Babies' discharge through the API: the baby's plans, discharges and targets, and each step.
//! The same gates as the pages: a step the record is not ready for is answered 409 with the
//! sentence saying what to do instead; bad input 422 at the field.

use std::sync::Arc;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::{Extension, Json};
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::Clock;
use journey_domain::babies::{
    NewDischarge, NewDischargePlan, Target, post_birth_review, pre_birth_targets,
};
use journey_domain::timescales::{Check, Timeliness, Timescales};
use journey_store::Babies;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::body::{ApiBody, checked as with_problems};
use super::check_header;
use super::child_protection::{Recorded, answered};
use super::schema::{ChildRead, CsrfHeader, Read, StepWrite};
use crate::access::{Checked, ToAdd, ToView};
use crate::auth::Viewer;
use crate::capabilities::babies::{DischargeBody, DischargePlanBody, SignOffBody};
use crate::capabilities::codes::DestinationCode;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(record))
        .routes(routes!(write_plan))
        .routes(routes!(sign_off))
        .routes(routes!(record_discharge))
        .routes(routes!(queue))
}

/// A date from the timescale engine: what, when, why, and where it stands today.
#[derive(Debug, Serialize, ToSchema)]
pub struct TargetView {
    /// The timescale rule: `pre-birth-assessment-start`, `pre-birth-conference-booking`,
    /// `pre-birth-conference`, `post-birth-review` or `discharge-plan-sign-off`.
    rule: String,
    due: NaiveDate,
    explanation: String,
    /// `on_time`, `due_soon` or `overdue`.
    status: String,
}

fn view(check: &Check) -> TargetView {
    TargetView {
        rule: check.due.rule.slug().to_owned(),
        due: check.due.date,
        explanation: check.due.explanation.clone(),
        status: match check.timeliness {
            Timeliness::Overdue { .. } => "overdue",
            Timeliness::DueSoon { .. } => "due_soon",
            Timeliness::OnTime { .. } => "on_time",
        }
        .to_owned(),
    }
}

fn target_views(targets: &[Target]) -> Vec<TargetView> {
    targets.iter().map(|t| view(&t.check)).collect()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlanView {
    planned_discharge: NaiveDate,
    destination: DestinationCode,
    going_with: String,
    arrangements: String,
    support: String,
    contingency: String,
    written_by: String,
    written_at: DateTime<Utc>,
    signed_off_by: Option<String>,
    signed_off_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DischargeView {
    discharged_on: NaiveDate,
    destination: DestinationCode,
    going_with: String,
    plan_signed: bool,
    /// Why the baby left without a signed plan (empty when one was signed).
    reason: String,
    recorded_by: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BabyView {
    child: i64,
    expected_date_of_birth: Option<NaiveDate>,
    date_of_birth: Option<NaiveDate>,
    /// The unsigned plan's sign-off, while there is one.
    sign_off: Option<TargetView>,
    /// Working days to the planned discharge of an unsigned plan.
    working_days_to_discharge: Option<i64>,
    /// For an unborn baby, the pre-birth targets still to meet; once born, the post-birth
    /// review after a pre-birth conference.
    targets: Vec<TargetView>,
    /// Newest first.
    plans: Vec<PlanView>,
    /// Newest first.
    discharges: Vec<DischargeView>,
}

fn targets(
    timescales: &Timescales,
    record: &journey_domain::babies::BabyRecord,
    conference: journey_domain::babies::ConferenceBooking,
    on: NaiveDate,
) -> Vec<TargetView> {
    match (record.date_of_birth, record.expected_date_of_birth) {
        (None, Some(expected)) => {
            target_views(&pre_birth_targets(timescales, expected, conference, on))
        }
        (Some(born), Some(_))
            if conference != journey_domain::babies::ConferenceBooking::NotBooked =>
        {
            target_views(
                &post_birth_review(timescales, born, on)
                    .into_iter()
                    .collect::<Vec<_>>(),
            )
        }
        _ => Vec::new(),
    }
}

/// The baby's discharge plans, discharges and pre-birth targets. Recorded as a view.
#[utoipa::path(
    get, path = "/children/{child_id}/discharge", tag = "babies",
    params(("child_id" = i64, Path, description = "The child's Journey ID")),
    responses((status = 200, description = "The baby's discharge record", body = BabyView), ChildRead)
)]
pub async fn record(
    State(state): State<AppState>,
    State(babies): State<Arc<dyn Babies>>,
    checked: Checked<ToView>,
) -> WebResult<Json<BabyView>> {
    let file = babies.baby_file(checked.access()).await?;
    let today = state.clock.today();
    let timescales = &state.config.timescales;
    let due = file.record.sign_off_due(timescales, today);
    Ok(Json(BabyView {
        child: file.child.0,
        expected_date_of_birth: file.record.expected_date_of_birth,
        date_of_birth: file.record.date_of_birth,
        sign_off: due.as_ref().map(|d| view(&d.check)),
        working_days_to_discharge: due.map(|d| d.working_days_to_discharge),
        targets: targets(timescales, &file.record, file.conference, today),
        plans: file
            .plans
            .into_iter()
            .map(|p| PlanView {
                planned_discharge: p.planned_discharge,
                destination: DestinationCode(p.destination),
                going_with: p.going_with,
                arrangements: p.arrangements,
                support: p.support,
                contingency: p.contingency,
                written_by: p.written_by,
                written_at: p.written_at,
                signed_off_by: p.signed_off_by,
                signed_off_at: p.signed_off_at,
            })
            .collect(),
        discharges: file
            .discharges
            .into_iter()
            .map(|d| DischargeView {
                discharged_on: d.discharged_on,
                destination: DestinationCode(d.destination),
                going_with: d.going_with,
                plan_signed: d.plan_signed,
                reason: d.reason,
                recorded_by: d.recorded_by,
            })
            .collect(),
    }))
}

/// Write the baby's discharge plan, for a team manager's sign-off.
#[utoipa::path(
    post, path = "/children/{child_id}/discharge-plans", tag = "babies",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = DischargePlanBody,
    responses((status = 201, description = "Written", body = Recorded), StepWrite)
)]
pub async fn write_plan(
    State(babies): State<Arc<dyn Babies>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<DischargePlanBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let today = checked.access().actor().today();
    match with_problems(found, NewDischargePlan::parse(&body.input(), today)) {
        Ok(plan) => answered(babies.write_discharge_plan(checked.access(), &plan).await),
        Err(errors) => Ok(super::field_errors(errors)),
    }
}

/// Sign off the baby's discharge plan: a team or service manager over the worker's team who
/// did not write it.
#[utoipa::path(
    post, path = "/children/{child_id}/discharge-plans/sign-off", tag = "babies",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = SignOffBody,
    responses((status = 201, description = "Signed off", body = Recorded), StepWrite)
)]
pub async fn sign_off(
    State(babies): State<Arc<dyn Babies>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<SignOffBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    match with_problems(found, body.check()) {
        Ok(()) => answered(babies.sign_off_discharge_plan(checked.access()).await),
        Err(errors) => Ok(super::field_errors(errors)),
    }
}

/// Record the baby's discharge from hospital as it happened. Without a signed plan a reason
/// is needed, and the child's team and service managers are told at once.
#[utoipa::path(
    post, path = "/children/{child_id}/hospital-discharges", tag = "babies",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = DischargeBody,
    responses((status = 201, description = "Recorded", body = Recorded), StepWrite)
)]
pub async fn record_discharge(
    State(babies): State<Arc<dyn Babies>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody {
        body,
        problems: found,
    }: ApiBody<DischargeBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let today = checked.access().actor().today();
    match with_problems(found, NewDischarge::parse(&body.input(), today)) {
        Ok(discharge) => answered(babies.record_discharge(checked.access(), &discharge).await),
        Err(errors) => Ok(super::field_errors(errors)),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueChildView {
    child: i64,
    given_name: String,
    family_name: String,
    worker_name: Option<String>,
    team_name: Option<String>,
    sign_off: Option<TargetView>,
    working_days_to_discharge: Option<i64>,
    targets: Vec<TargetView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QueueBody {
    children: Vec<QueueChildView>,
}

/// The babies the signed-in member of staff holds (for managers, in their line) with an
/// unsigned discharge plan, or unborn with no pre-birth conference booked as its booking
/// target nears or has passed. Recorded as one list seen.
#[utoipa::path(
    get, path = "/babies-queue", tag = "babies",
    responses((status = 200, description = "The queue", body = QueueBody), Read)
)]
pub async fn queue(
    State(state): State<AppState>,
    State(clock): State<Arc<dyn Clock>>,
    State(babies): State<Arc<dyn Babies>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Json<QueueBody>> {
    let actor = viewer.actor(&ctx, &state);
    let today = clock.today();
    let timescales = &state.config.timescales;
    let children = babies
        .babies_tray(&actor, timescales, today)
        .await?
        .into_iter()
        .map(|c| {
            let due = c.record.sign_off_due(timescales, today);
            QueueChildView {
                child: c.child.0,
                sign_off: due.as_ref().map(|d| view(&d.check)),
                working_days_to_discharge: due.map(|d| d.working_days_to_discharge),
                targets: targets(timescales, &c.record, c.conference, today),
                given_name: c.given_name,
                family_name: c.family_name,
                worker_name: c.worker_name,
                team_name: c.team_name,
            }
        })
        .collect();
    Ok(Json(QueueBody { children }))
}
