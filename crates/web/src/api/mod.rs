//! The JSON API: the same operations as the pages, under the same access rules.
//!
//! Authentication is the same server-side session. `POST /api/session` signs in and returns
//! the CSRF token, which every other state-changing request sends as `X-CSRF-Token`.

pub mod case_notes;
pub mod families;
pub mod front_door;
pub mod likely_matches;
pub mod openapi;
pub mod person_details;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use journey_domain::access::{Action, Capability};
use journey_domain::ids::PersonId;
use journey_domain::person::{ChildInput, NewChild};
use journey_domain::validation::FieldErrors;
use journey_store::PersonQuery;
use serde::Deserialize;
use serde_json::json;

use crate::access;
use crate::auth::session::{append_cookie, set_cookie, start};
use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::forms::iso_date;
use crate::input::JsonInput;
use crate::pages::children::register_and_hold;
use crate::pages::search::{RESULT_LIMIT, parse_name};
use crate::pages::sign_in::authenticate;
use crate::state::AppState;

/// Field problems as JSON: 422 with every message at its field.
pub(crate) fn field_errors(errors: FieldErrors) -> Response {
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(json!({ "error": "There is a problem", "fields": errors.errors })),
    )
        .into_response()
}

/// The session's CSRF token, sent by API clients in `X-CSRF-Token`.
pub(crate) fn check_header(viewer: &Viewer, headers: &HeaderMap) -> WebResult<()> {
    let presented = headers
        .get(csrf::HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    csrf::check(&viewer.csrf_token, presented)
}

#[derive(Debug, Deserialize)]
pub struct Credentials {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
}

pub async fn sign_in(
    State(state): State<AppState>,
    JsonInput(body): JsonInput<Credentials>,
) -> WebResult<Response> {
    let mut errors = FieldErrors::new();
    if body.username.trim().is_empty() {
        errors.add("username", "Enter your username");
    }
    if body.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    if !errors.is_empty() {
        return Ok(field_errors(errors));
    }
    let Some(staff) = authenticate(&state, body.username.trim(), &body.password).await? else {
        return Ok((
            StatusCode::UNAUTHORIZED,
            Json(json!({ "error": "Enter a correct username and password" })),
        )
            .into_response());
    };
    let (cookie, csrf_token) = start(&state, staff).await?;
    let mut response = Json(json!({ "csrf_token": csrf_token })).into_response();
    append_cookie(&mut response, cookie);
    Ok(response)
}

pub async fn sign_out(
    State(state): State<AppState>,
    viewer: Viewer,
    headers: HeaderMap,
) -> WebResult<Response> {
    check_header(&viewer, &headers)?;
    state.store.end_session(viewer.token_hash()).await?;
    let mut response = StatusCode::NO_CONTENT.into_response();
    append_cookie(
        &mut response,
        set_cookie(&state, state.config.session_cookie_name(), "", Some(0)),
    );
    Ok(response)
}

pub async fn me(viewer: Viewer) -> Json<serde_json::Value> {
    Json(json!({
        "staff_id": viewer.staff,
        "username": viewer.username,
        "display_name": viewer.display_name,
        "role": viewer.role,
        "csrf_token": viewer.csrf_token,
    }))
}

pub async fn caseload(State(state): State<AppState>, viewer: Viewer) -> WebResult<Response> {
    let caseload = state
        .store
        .caseload(viewer.staff, state.clock.today())
        .await?;
    Ok(Json(json!({ "caseload": caseload })).into_response())
}

#[derive(Debug, Deserialize)]
pub struct SearchBody {
    #[serde(default)]
    name: String,
    date_of_birth: Option<String>,
}

pub async fn search(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    JsonInput(body): JsonInput<SearchBody>,
) -> WebResult<Response> {
    crate::access::require(&viewer, Capability::SearchPeople)?;
    check_header(&viewer, &headers)?;
    let mut errors = FieldErrors::new();
    let name = parse_name(&mut errors, &body.name);
    let date_of_birth = iso_date(
        &mut errors,
        "date_of_birth",
        "Date of birth",
        body.date_of_birth.as_deref(),
    );
    if !errors.is_empty() {
        return Ok(field_errors(errors));
    }
    let results = state
        .store
        .search_people(
            &viewer.actor(&ctx, &state),
            &PersonQuery {
                name,
                date_of_birth,
                limit: RESULT_LIMIT,
            },
        )
        .await?;
    Ok(Json(json!({ "results": results })).into_response())
}

#[derive(Debug, Deserialize)]
pub struct NewChildBody {
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    date_of_birth: Option<String>,
    expected_date_of_birth: Option<String>,
    #[serde(default)]
    sex: String,
    /// True once the client has looked at the likely matches and none is the child.
    #[serde(default)]
    none_match: bool,
}

pub async fn create_child(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    JsonInput(body): JsonInput<NewChildBody>,
) -> WebResult<Response> {
    crate::access::require(&viewer, Capability::RegisterPeople)?;
    check_header(&viewer, &headers)?;
    let mut errors = FieldErrors::new();
    let date_of_birth = iso_date(
        &mut errors,
        "date_of_birth",
        "Date of birth",
        body.date_of_birth.as_deref(),
    );
    let expected_date_of_birth = iso_date(
        &mut errors,
        "expected_date_of_birth",
        "Expected date of birth",
        body.expected_date_of_birth.as_deref(),
    );
    let input = ChildInput {
        given_name: body.given_name,
        family_name: body.family_name,
        date_of_birth,
        expected_date_of_birth,
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
    if !body.none_match
        && let Some(conflict) = likely_matches::conflict(&state, &ctx, &viewer, &child).await?
    {
        return Ok(conflict);
    }
    let id = register_and_hold(&state, &ctx, &viewer, &child).await?;
    Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response())
}

pub async fn child_record(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(child): Path<i64>,
) -> WebResult<Response> {
    let permitted =
        access::check(&state, &ctx, &viewer, PersonId(child), Action::ViewRecord).await?;
    let record = state.store.open_child_record(&permitted.access).await?;
    Ok(
        Json(json!({ "record": record, "relationship": permitted.access.relationship }))
            .into_response(),
    )
}

pub async fn child_chronology(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(child): Path<i64>,
) -> WebResult<Response> {
    let permitted =
        access::check(&state, &ctx, &viewer, PersonId(child), Action::ViewRecord).await?;
    let entries = state.store.full_chronology(&permitted.access).await?;
    Ok(Json(json!({ "chronology": entries })).into_response())
}

pub async fn child_access_log(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(child): Path<i64>,
) -> WebResult<Response> {
    let permitted = access::check(
        &state,
        &ctx,
        &viewer,
        PersonId(child),
        Action::ViewAccessLog,
    )
    .await?;
    let entries = state.store.access_log(&permitted.access, 200).await?;
    Ok(Json(json!({ "access_log": entries })).into_response())
}

/// Unknown API paths answer in JSON too.
pub async fn not_found() -> WebError {
    WebError::NotFound
}
