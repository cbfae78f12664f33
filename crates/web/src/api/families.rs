//! JSON API of the `families` capability (issue 3): the same rules as the pages.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use journey_domain::access::{Action, Capability, decide};
use journey_domain::families::relationship::{NewRelationship, RelationshipInput};
use journey_domain::ids::PersonId;
use journey_domain::person::{ChildInput, NewChild};
use journey_domain::validation::FieldErrors;
use journey_store::{MergeRequest, StoreError};
use serde::Deserialize;
use serde_json::json;

use super::{check_header, field_errors};
use crate::access;
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::iso_date;
use crate::input::JsonInput;
use crate::state::AppState;

/// This capability's API routes, nested under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{child}/family", get(family))
        .route("/children/{child}/family-history", get(family_history))
        .route("/children/{child}/relationships", post(add_relationship))
        .route("/children/{child}/merge", post(merge))
        .route("/likely-matches", post(likely_matches))
}

/// Its operations for the OpenAPI document: (method, full path, summary, needs CSRF header).
pub const OPERATIONS: &[(&str, &str, &str, bool)] = &[
    (
        "get",
        "/api/children/{child_id}/family",
        "The child's relationships, seen from the child's side, and household",
        false,
    ),
    (
        "get",
        "/api/children/{child_id}/family-history",
        "The family history shown at the top of the record: serious events and open cases of the same parents' children",
        false,
    ),
    (
        "post",
        "/api/children/{child_id}/relationships",
        "Record a relationship (an existing person or a new adult), optionally living with the child",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/merge",
        "Merge a duplicate record into this one (managers of the child's line)",
        true,
    ),
    (
        "post",
        "/api/likely-matches",
        "People on record who may be the child about to be recorded",
        true,
    ),
];

/// A store result as JSON: field problems as 422, the rest through the one error mapping.
fn answer<T: serde::Serialize>(
    result: Result<T, StoreError>,
    status: StatusCode,
) -> WebResult<Response> {
    match result {
        Ok(value) => Ok((status, Json(value)).into_response()),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}

pub async fn family(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(child): Path<i64>,
) -> WebResult<Response> {
    let permitted =
        access::check(&state, &ctx, &viewer, PersonId(child), Action::ViewRecord).await?;
    let family = state.store.family(&permitted.access).await?;
    Ok(Json(json!({ "family": family })).into_response())
}

pub async fn family_history(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(child): Path<i64>,
) -> WebResult<Response> {
    let permitted =
        access::check(&state, &ctx, &viewer, PersonId(child), Action::ViewRecord).await?;
    // Read on its own, not under the record page's access record: reading the family (which
    // records the view of this child) goes with it.
    let panel = state.store.family_panel(&permitted.access).await?;
    let family = state.store.family(&permitted.access).await?;
    Ok(Json(json!({ "family_history": panel, "family": family })).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct RelationshipBody {
    #[serde(default)]
    who: String,
    existing_id: Option<i64>,
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    date_of_birth: Option<String>,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    kind: String,
    start: Option<String>,
    #[serde(default)]
    lives_with: bool,
}

pub async fn add_relationship(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<RelationshipBody>,
) -> WebResult<Response> {
    check_header(&viewer, &headers)?;
    let permitted =
        access::check(&state, &ctx, &viewer, PersonId(child), Action::AddToRecord).await?;
    let mut errors = FieldErrors::new();
    let input = RelationshipInput {
        who: body.who,
        existing_id: body
            .existing_id
            .map(|id| id.to_string())
            .unwrap_or_default(),
        given_name: body.given_name,
        family_name: body.family_name,
        date_of_birth: iso_date(
            &mut errors,
            "date_of_birth",
            "Date of birth",
            body.date_of_birth.as_deref(),
        ),
        sex: body.sex,
        kind: body.kind,
        start: iso_date(
            &mut errors,
            "start",
            "The date the relationship started",
            body.start.as_deref(),
        ),
        lives_with: body.lives_with,
    };
    let relationship = match NewRelationship::parse(&input, PersonId(child), state.clock.today()) {
        Ok(r) if errors.is_empty() => r,
        Ok(_) => return Ok(field_errors(errors)),
        Err(more) => {
            errors.merge(more);
            return Ok(field_errors(errors));
        }
    };
    let result = state
        .store
        .add_relationship(&permitted.access, &relationship)
        .await
        .map(|event| json!({ "event": event }));
    answer(result, StatusCode::CREATED)
}

#[derive(Debug, Default, Deserialize)]
pub struct MergeBody {
    merged: Option<i64>,
    #[serde(default)]
    reason: String,
}

pub async fn merge(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<MergeBody>,
) -> WebResult<Response> {
    check_header(&viewer, &headers)?;
    let permitted =
        access::check(&state, &ctx, &viewer, PersonId(child), Action::MergeRecords).await?;
    let mut errors = FieldErrors::new();
    let merged = body.merged.filter(|id| *id > 0);
    if merged.is_none() {
        errors.add("merged", "Enter the Journey ID of the duplicate record");
    }
    if body.reason.trim().is_empty() {
        errors.add("reason", "Enter why these are records of the same child");
    }
    let Some(merged) = merged.filter(|_| errors.is_empty()) else {
        return Ok(field_errors(errors));
    };
    let actor = &permitted.access.actor;
    let held = state
        .store
        .relationships(viewer.staff, PersonId(merged), actor.today())
        .await?;
    let request = MergeRequest {
        survivor: PersonId(child),
        merged: PersonId(merged),
        reason: body.reason.trim().to_owned(),
    };
    let result = state
        .store
        .merge_records(
            actor,
            permitted.access.relationship,
            decide(viewer.role, &held, Action::MergeRecords).ok(),
            &request,
        )
        .await
        .map(|merge| json!({ "merge": merge }));
    answer(result, StatusCode::CREATED)
}

#[derive(Debug, Deserialize)]
pub struct ChildBody {
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    date_of_birth: Option<String>,
    expected_date_of_birth: Option<String>,
    #[serde(default)]
    sex: String,
}

pub async fn likely_matches(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    JsonInput(body): JsonInput<ChildBody>,
) -> WebResult<Response> {
    crate::access::require(&viewer, Capability::RegisterPeople)?;
    check_header(&viewer, &headers)?;
    let mut errors = FieldErrors::new();
    let input = ChildInput {
        date_of_birth: iso_date(
            &mut errors,
            "date_of_birth",
            "Date of birth",
            body.date_of_birth.as_deref(),
        ),
        expected_date_of_birth: iso_date(
            &mut errors,
            "expected_date_of_birth",
            "Expected date of birth",
            body.expected_date_of_birth.as_deref(),
        ),
        given_name: body.given_name,
        family_name: body.family_name,
        sex: body.sex,
    };
    let child = match NewChild::parse(&input, state.clock.today()) {
        Ok(child) if errors.is_empty() => child,
        Ok(_) => return Ok(field_errors(errors)),
        Err(more) => {
            errors.merge(more);
            return Ok(field_errors(errors));
        }
    };
    let matches = state
        .store
        .likely_matches(&viewer.actor(&ctx, &state), &child, 10)
        .await?;
    Ok(Json(json!({ "likely_matches": matches })).into_response())
}
