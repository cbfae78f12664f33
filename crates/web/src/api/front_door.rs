//! JSON API of the `front door` capability (issue 3): the same steps as the pages, under the
//! same access rules. Dates are ISO (`2026-03-02`), instants RFC 3339 (answered in UTC), codes
//! the DfE's.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use journey_domain::Clock;
use journey_domain::front_door::{
    ContactId, DecisionCorrection, EpisodeClosure, NewContact, NewDecision, NewReferral, ReferralId,
};
use journey_domain::staff::Role;
use journey_domain::validation::FieldErrors;
use journey_store::{FrontDoor, StoreError};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::body::{self, ApiBody};
use super::schema::{ChildRead, ChildWrite, CsrfHeader, Read};
use super::{answer, check_header, field_errors};
use crate::access::{Checked, ToAdd, ToAllocate, ToRecordContact, ToView};
use crate::auth::Viewer;
use crate::capabilities::front_door::{
    ClosureBody, ContactBody, ContactView, DecisionBody, DecisionCorrectionBody, EpisodeView,
    ReferralBody, WaitingReferral, episode_views_for, rename_fields, sees_every_version,
    waiting_referrals,
};
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::state::AppState;

/// This capability's operations.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(front_door))
        .routes(routes!(record_contact))
        .routes(routes!(make_referral))
        .routes(routes!(record_decision))
        .routes(routes!(correct_decision))
        .routes(routes!(close_episode))
        .routes(routes!(awaiting_decision))
}

/// Field problems become 422 with every message at its field; anything else is an error.
fn outcome<T: Serialize>(result: Result<T, StoreError>) -> WebResult<Response> {
    match result {
        Ok(body) => Ok(answer(StatusCode::CREATED, body)),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(WebError::from(other)),
    }
}

/// The id the body names, or a message at its field.
fn required(id: Option<i64>, field: &str, message: &str) -> Result<i64, FieldErrors> {
    id.ok_or_else(|| FieldErrors::single(field, message))
}

/// Both results, or every problem of either.
fn both<A, B>(a: Result<A, FieldErrors>, b: Result<B, FieldErrors>) -> Result<(A, B), FieldErrors> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => {
            let mut errors = a.err().unwrap_or_default();
            errors.merge(b.err().unwrap_or_default());
            Err(errors)
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FrontDoorBody {
    contacts: Vec<ContactView>,
    episodes: Vec<EpisodeView>,
}

/// The child's contacts, referrals, episodes and decisions (audited); managers in the child's
/// line and auditors also get every version of a corrected decision.
#[utoipa::path(
    get, path = "/children/{child_id}/front-door", tag = "front door",
    params(("child_id" = i64, Path, description = "The child's Journey ID")),
    responses((status = 200, description = "The front door record", body = FrontDoorBody), ChildRead)
)]
pub async fn front_door(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToView>,
) -> WebResult<Json<FrontDoorBody>> {
    // "Not found" for a child who does not exist, never an empty record.
    state.store.child_details(checked.access()).await?;
    let record = front_door.open_front_door(checked.access()).await?;
    let every_version = sees_every_version(checked.access().relationship());
    let episodes = episode_views_for(
        &state.config.timescales,
        &record.episodes,
        state.clock.today(),
        every_version,
    );
    Ok(Json(FrontDoorBody {
        contacts: record.contacts.iter().map(ContactView::from).collect(),
        episodes,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactRecorded {
    contact_id: i64,
}

/// Record a contact. `received_at` is read to the minute; the record returns it in UTC.
#[utoipa::path(
    post, path = "/children/{child_id}/contacts", tag = "front door",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = ContactBody,
    responses((status = 201, description = "Recorded", body = ContactRecorded), ChildWrite)
)]
pub async fn record_contact(
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToRecordContact>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<ContactBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let parsed = NewContact::parse(&body.input(), checked.access().actor().at)
        .map_err(|e| rename_fields(e, &["received_date", "received_time"], "received_at"));
    let contact = match body::checked(problems, parsed) {
        Ok(contact) => contact,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let result = front_door
        .record_contact(checked.access(), &contact)
        .await
        .map(|id| ContactRecorded { contact_id: id.0 });
    outcome(result)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralMade {
    referral_id: i64,
}

/// Make a contact a referral, opening a child in need episode.
#[utoipa::path(
    post, path = "/children/{child_id}/referrals", tag = "front door",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = ReferralBody,
    responses((status = 201, description = "The referral made", body = ReferralMade), ChildWrite)
)]
pub async fn make_referral(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<ReferralBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let contact = required(
        body.contact_id,
        "contact_id",
        "Give the contact that became the referral",
    );
    let referral = NewReferral::parse(
        &body.input(),
        ContactId(body.contact_id.unwrap_or_default()),
        state.clock.today(),
        &state.config.timescales,
    );
    let referral = match body::checked(problems, both(contact, referral)) {
        Ok((_, referral)) => referral,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let result = front_door
        .make_referral(checked.access(), &referral)
        .await
        .map(|id| ReferralMade { referral_id: id.0 });
    outcome(result)
}

/// The event that recorded the step.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventRecorded {
    event_id: i64,
}

/// Record the manager's decision on a referral, once.
#[utoipa::path(
    post, path = "/children/{child_id}/decisions", tag = "front door",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = DecisionBody,
    responses((status = 201, description = "Recorded", body = EventRecorded), ChildWrite)
)]
pub async fn record_decision(
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAllocate>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<DecisionBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let referral = required(
        body.referral_id,
        "referral_id",
        "Give the referral the decision is about",
    );
    let decision = NewDecision::parse(
        &body.input(),
        ReferralId(body.referral_id.unwrap_or_default()),
    );
    let decision = match body::checked(problems, both(referral, decision)) {
        Ok((_, decision)) => decision,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let result = front_door
        .record_decision(checked.access(), &decision)
        .await
        .map(|event| EventRecorded { event_id: event.0 });
    outcome(result)
}

/// Correct the manager's decision on a referral while its episode is open, keeping the
/// original.
#[utoipa::path(
    post, path = "/children/{child_id}/decision-corrections", tag = "front door",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = DecisionCorrectionBody,
    responses((status = 201, description = "Corrected", body = EventRecorded), ChildWrite)
)]
pub async fn correct_decision(
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAllocate>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<DecisionCorrectionBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let referral = required(
        body.referral_id,
        "referral_id",
        "Give the referral whose decision is corrected",
    );
    let correction = DecisionCorrection::parse(
        &body.input(),
        ReferralId(body.referral_id.unwrap_or_default()),
    );
    let correction = match body::checked(problems, both(referral, correction)) {
        Ok((_, correction)) => correction,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let result = front_door
        .correct_decision(checked.access(), &correction)
        .await
        .map(|event| EventRecorded { event_id: event.0 });
    outcome(result)
}

/// Close a child in need episode.
#[utoipa::path(
    post, path = "/children/{child_id}/closures", tag = "front door",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = ClosureBody,
    responses((status = 201, description = "Closed", body = EventRecorded), ChildWrite)
)]
pub async fn close_episode(
    State(clock): State<Arc<dyn Clock>>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAllocate>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<ClosureBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let referral = required(
        body.referral_id,
        "referral_id",
        "Give the referral whose episode is closing",
    );
    let closure = EpisodeClosure::parse(
        &body.input(),
        ReferralId(body.referral_id.unwrap_or_default()),
        clock.today(),
    );
    let closure = match body::checked(problems, both(referral, closure)) {
        Ok((_, closure)) => closure,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let result = front_door
        .close_episode(checked.access(), &closure)
        .await
        .map(|event| EventRecorded { event_id: event.0 });
    outcome(result)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AwaitingDecisionBody {
    awaiting_decision: Vec<WaitingReferral>,
}

/// Referrals in the signed-in manager's line still waiting for a decision, with how long each
/// has waited (an empty list for anyone but a manager).
#[utoipa::path(
    get, path = "/referrals/awaiting-decision", tag = "front door",
    responses((status = 200, description = "The referrals waiting", body = AwaitingDecisionBody), Read)
)]
pub async fn awaiting_decision(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Json<AwaitingDecisionBody>> {
    if !matches!(viewer.role, Role::TeamManager | Role::ServiceManager) {
        return Ok(Json(AwaitingDecisionBody {
            awaiting_decision: Vec::new(),
        }));
    }
    let today = state.clock.today();
    let waiting = front_door
        .awaiting_decision_shown(&viewer.actor(&ctx, &state))
        .await?;
    Ok(Json(AwaitingDecisionBody {
        awaiting_decision: waiting_referrals(&state.config.timescales, &waiting, today),
    }))
}
