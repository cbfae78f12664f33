//! JSON API of the `front door` capability (issue 3): the same steps as the pages, under the
//! same access rules. Dates are ISO (`2026-03-02`), times `HH:MM`, codes the DfE's.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use journey_domain::access::Action;
use journey_domain::front_door::{
    ClosureInput, ContactId, ContactInput, DecisionCorrection, DecisionCorrectionInput,
    DecisionInput, EpisodeClosure, NewContact, NewDecision, NewReferral, ReferralId, ReferralInput,
};
use journey_domain::ids::PersonId;
use journey_domain::staff::Role;
use journey_domain::validation::FieldErrors;
use journey_store::StoreError;
use serde::Deserialize;
use serde_json::json;

use super::{check_header, field_errors};
use crate::access;
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::forms::iso_date;
use crate::input::JsonInput;
use crate::pages::case_notes::notes_api::sees_every_version;
use crate::pages::front_door::{episode_views_for, waiting_referrals};
use crate::state::AppState;

/// This capability's API routes, nested under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{child}/front-door", get(front_door))
        .route("/children/{child}/contacts", post(record_contact))
        .route("/children/{child}/referrals", post(make_referral))
        .route("/children/{child}/decisions", post(record_decision))
        .route(
            "/children/{child}/decision-corrections",
            post(correct_decision),
        )
        .route("/children/{child}/closures", post(close_episode))
        .route("/referrals/awaiting-decision", get(awaiting_decision))
}

/// Its operations for the OpenAPI document: (method, path, summary, needs CSRF header).
pub const OPERATIONS: &[(&str, &str, &str, bool)] = &[
    (
        "get",
        "/api/children/{child_id}/front-door",
        "The child's contacts, referrals, episodes and decisions (audited); managers in the child's line and auditors also get every version of a corrected decision",
        false,
    ),
    (
        "post",
        "/api/children/{child_id}/contacts",
        "Record a contact: received_date, received_time (the date and 24-hour time on UK clocks, GMT or BST; the record returns received_at in UTC), source (CIN referral source code), referrer_name, referrer_role, concerns",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/referrals",
        "Make a contact a referral, opening a child in need episode: contact_id, referral_date, primary_need (N0-N9)",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/decisions",
        "Record the manager's decision on a referral, once: referral_id, option, reasons",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/decision-corrections",
        "Correct the manager's decision on a referral while its episode is open, keeping the original: referral_id, option, reasons, correction_reason",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/closures",
        "Close a child in need episode: referral_id, closure_date, reason (RC1-RC9)",
        true,
    ),
    (
        "get",
        "/api/referrals/awaiting-decision",
        "Referrals in the signed-in manager's line still waiting for a decision, with how long each has waited",
        false,
    ),
];

/// Field problems become 422 with every message at its field; anything else is an error.
fn outcome(result: Result<serde_json::Value, StoreError>) -> WebResult<Response> {
    match result {
        Ok(body) => Ok((StatusCode::CREATED, Json(body)).into_response()),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(WebError::from(other)),
    }
}

async fn front_door(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(child): Path<i64>,
) -> WebResult<Response> {
    let permitted =
        access::check(&state, &ctx, &viewer, PersonId(child), Action::ViewRecord).await?;
    let record = state.store.open_front_door(&permitted.access).await?;
    let every_version = sees_every_version(permitted.access.relationship);
    let timescales = &state.config.timescales;
    let episodes = episode_views_for(
        timescales,
        &record.episodes,
        state.clock.today(),
        every_version,
    );
    Ok(Json(json!({ "contacts": record.contacts, "episodes": episodes })).into_response())
}

#[derive(Debug, Deserialize)]
struct ContactBody {
    received_date: Option<String>,
    #[serde(default)]
    received_time: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    referrer_name: String,
    #[serde(default)]
    referrer_role: String,
    #[serde(default)]
    concerns: String,
}

async fn record_contact(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<ContactBody>,
) -> WebResult<Response> {
    let permitted =
        access::check(&state, &ctx, &viewer, PersonId(child), Action::AddToRecord).await?;
    check_header(&viewer, &headers)?;
    let mut errors = FieldErrors::new();
    let received_date = iso_date(
        &mut errors,
        "received_date",
        "Date received",
        body.received_date.as_deref(),
    );
    let input = ContactInput {
        received_date,
        received_time: body.received_time,
        source: body.source,
        referrer_name: body.referrer_name,
        referrer_role: body.referrer_role,
        concerns: body.concerns,
    };
    let result = match NewContact::parse(&input, permitted.access.actor.at) {
        Ok(contact) if errors.is_empty() => state
            .store
            .record_contact(&permitted.access, &contact)
            .await
            .map(|id| json!({ "contact_id": id })),
        Ok(_) => Err(StoreError::Invalid(errors)),
        Err(more) => {
            errors.merge(more);
            Err(StoreError::Invalid(errors))
        }
    };
    outcome(result)
}

#[derive(Debug, Deserialize)]
struct ReferralBody {
    contact_id: Option<i64>,
    referral_date: Option<String>,
    #[serde(default)]
    primary_need: String,
}

async fn make_referral(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<ReferralBody>,
) -> WebResult<Response> {
    let permitted =
        access::check(&state, &ctx, &viewer, PersonId(child), Action::AddToRecord).await?;
    check_header(&viewer, &headers)?;
    let mut errors = FieldErrors::new();
    if body.contact_id.is_none() {
        errors.add("contact_id", "Give the contact that became the referral");
    }
    let referral_date = iso_date(
        &mut errors,
        "referral_date",
        "Referral date",
        body.referral_date.as_deref(),
    );
    let input = ReferralInput {
        referral_date,
        primary_need: body.primary_need,
    };
    let contact = ContactId(body.contact_id.unwrap_or_default());
    let today = state.clock.today();
    let result = match NewReferral::parse(&input, contact, today, &state.config.timescales) {
        Ok(referral) if errors.is_empty() => state
            .store
            .make_referral(&permitted.access, &referral)
            .await
            .map(|id| json!({ "referral_id": id })),
        Ok(_) => Err(StoreError::Invalid(errors)),
        Err(more) => {
            errors.merge(more);
            Err(StoreError::Invalid(errors))
        }
    };
    outcome(result)
}

#[derive(Debug, Deserialize)]
struct DecisionBody {
    referral_id: Option<i64>,
    #[serde(default)]
    option: String,
    #[serde(default)]
    reasons: String,
}

async fn record_decision(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<DecisionBody>,
) -> WebResult<Response> {
    let permitted = access::check(&state, &ctx, &viewer, PersonId(child), Action::Allocate).await?;
    check_header(&viewer, &headers)?;
    let mut errors = FieldErrors::new();
    if body.referral_id.is_none() {
        errors.add("referral_id", "Give the referral the decision is about");
    }
    let input = DecisionInput {
        option: body.option,
        reasons: body.reasons,
    };
    let referral = ReferralId(body.referral_id.unwrap_or_default());
    let result = match NewDecision::parse(&input, referral) {
        Ok(decision) if errors.is_empty() => state
            .store
            .record_decision(&permitted.access, &decision)
            .await
            .map(|event| json!({ "event_id": event })),
        Ok(_) => Err(StoreError::Invalid(errors)),
        Err(more) => {
            errors.merge(more);
            Err(StoreError::Invalid(errors))
        }
    };
    outcome(result)
}

#[derive(Debug, Deserialize)]
struct CorrectionBody {
    referral_id: Option<i64>,
    #[serde(default)]
    option: String,
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    correction_reason: String,
}

async fn correct_decision(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<CorrectionBody>,
) -> WebResult<Response> {
    let permitted = access::check(&state, &ctx, &viewer, PersonId(child), Action::Allocate).await?;
    check_header(&viewer, &headers)?;
    let mut errors = FieldErrors::new();
    if body.referral_id.is_none() {
        errors.add(
            "referral_id",
            "Give the referral whose decision is corrected",
        );
    }
    let input = DecisionCorrectionInput {
        option: body.option,
        reasons: body.reasons,
        correction_reason: body.correction_reason,
    };
    let referral = ReferralId(body.referral_id.unwrap_or_default());
    let result = match DecisionCorrection::parse(&input, referral) {
        Ok(correction) if errors.is_empty() => state
            .store
            .correct_decision(&permitted.access, &correction)
            .await
            .map(|event| json!({ "event_id": event })),
        Ok(_) => Err(StoreError::Invalid(errors)),
        Err(more) => {
            errors.merge(more);
            Err(StoreError::Invalid(errors))
        }
    };
    outcome(result)
}

#[derive(Debug, Deserialize)]
struct ClosureBody {
    referral_id: Option<i64>,
    closure_date: Option<String>,
    #[serde(default)]
    reason: String,
}

async fn close_episode(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<ClosureBody>,
) -> WebResult<Response> {
    let permitted = access::check(&state, &ctx, &viewer, PersonId(child), Action::Allocate).await?;
    check_header(&viewer, &headers)?;
    let mut errors = FieldErrors::new();
    if body.referral_id.is_none() {
        errors.add("referral_id", "Give the referral whose episode is closing");
    }
    let closure_date = iso_date(
        &mut errors,
        "closure_date",
        "Closure date",
        body.closure_date.as_deref(),
    );
    let input = ClosureInput {
        closure_date,
        reason: body.reason,
    };
    let referral = ReferralId(body.referral_id.unwrap_or_default());
    let result = match EpisodeClosure::parse(&input, referral, state.clock.today()) {
        Ok(closure) if errors.is_empty() => state
            .store
            .close_episode(&permitted.access, &closure)
            .await
            .map(|event| json!({ "event_id": event })),
        Ok(_) => Err(StoreError::Invalid(errors)),
        Err(more) => {
            errors.merge(more);
            Err(StoreError::Invalid(errors))
        }
    };
    outcome(result)
}

async fn awaiting_decision(State(state): State<AppState>, viewer: Viewer) -> WebResult<Response> {
    if !matches!(viewer.role, Role::TeamManager | Role::ServiceManager) {
        return Ok(Json(json!({ "awaiting_decision": [] })).into_response());
    }
    let today = state.clock.today();
    let waiting = state.store.awaiting_decision(viewer.staff, today).await?;
    let waiting = waiting_referrals(&state.config.timescales, &waiting, today);
    Ok(Json(json!({ "awaiting_decision": waiting })).into_response())
}
