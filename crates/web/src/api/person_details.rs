//! JSON API of the child's details: the same operations as the "Change details" pages, under
//! the same access rules, with problems as 422 and a message at each field.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use journey_domain::access::{Action, Capability};
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person_details::{
    AddressInput, Birth, BirthInput, Demographics, DemographicsInput, Identifier, IdentifierKind,
    NameChange, NameInput, NewAddress, NewWarning, WarningInput, check_death, check_expected_date,
};
use journey_domain::validation::FieldErrors;
use journey_store::StoreError;
use journey_store::person_details::WarningId;
use serde::Deserialize;
use serde_json::json;

use super::{check_header, field_errors};
use crate::access::{self, Permitted};
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::iso_date;
use crate::input::JsonInput;
use crate::state::AppState;

/// This capability's API routes, nested under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{child}/details", get(details))
        .route("/children/{child}/details/identifiers", post(identifiers))
        .route("/children/{child}/details/name", post(name))
        .route(
            "/children/{child}/details/expected-date",
            post(expected_date),
        )
        .route("/children/{child}/details/addresses", post(address))
        .route("/children/{child}/details/warnings", post(warning))
        .route("/children/{child}/details/warnings/end", post(end_warning))
        .route("/children/{child}/details/birth", post(birth))
        .route("/children/{child}/details/death", post(death))
        .route("/people/by-identifier", post(by_identifier))
        .route("/people/by-address", post(by_address))
}

/// Its operations for the OpenAPI document: (method, path, summary, needs CSRF header).
pub const OPERATIONS: &[(&str, &str, &str, bool)] = &[
    (
        "get",
        "/api/children/{child_id}/details",
        "The child's identifiers, demographics, addresses, warnings and case summary (audited)",
        false,
    ),
    (
        "post",
        "/api/children/{child_id}/details/identifiers",
        "Record UPN, NHS number, gender, ethnicity and disability",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/details/name",
        "Change the child's name, keeping the former name",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/details/expected-date",
        "Change an unborn child's expected date of birth",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/details/addresses",
        "Record a move to a new address",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/details/warnings",
        "Add a warning about risk to staff",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/details/warnings/end",
        "End a warning today (it stays in the history)",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/details/birth",
        "Record the birth of a child recorded while unborn",
        true,
    ),
    (
        "post",
        "/api/children/{child_id}/details/death",
        "Record a child's death",
        true,
    ),
    (
        "post",
        "/api/people/by-identifier",
        "Find people by UPN or NHS number (audited)",
        true,
    ),
    (
        "post",
        "/api/people/by-address",
        "Find people by postcode or first line of an address (audited)",
        true,
    ),
];

/// Access (adding to the record) first, so a refusal is recorded whatever the body; then CSRF.
async fn change(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    headers: &HeaderMap,
    child: i64,
) -> WebResult<Permitted> {
    let permitted = access::check(state, ctx, viewer, PersonId(child), Action::AddToRecord).await?;
    check_header(viewer, headers)?;
    Ok(permitted)
}

/// The store's answer: the event written, or the problems at their fields.
fn written(result: Result<EventId, StoreError>) -> WebResult<Response> {
    match result {
        Ok(event) => Ok(Json(json!({ "event": event })).into_response()),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}

/// Problems with dates come first; the domain's messages fill in the other fields.
fn parsed<T>(mut errors: FieldErrors, result: Result<T, FieldErrors>) -> Result<T, FieldErrors> {
    match result {
        Ok(value) if errors.is_empty() => Ok(value),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.merge(more);
            Err(errors)
        }
    }
}

pub async fn details(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(child): Path<i64>,
) -> WebResult<Response> {
    let permitted =
        access::check(&state, &ctx, &viewer, PersonId(child), Action::ViewRecord).await?;
    let details = state.store.open_person_details(&permitted.access).await?;
    let today = state.clock.today();
    let summary = crate::pages::person_details::summary_of(&details, today);
    Ok(Json(json!({
        "details": details,
        "authority_child_id": journey_domain::person_details::authority_child_id(details.child.id),
        "summary": summary,
    }))
    .into_response())
}

pub async fn identifiers(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<DemographicsInput>,
) -> WebResult<Response> {
    let permitted = change(&state, &ctx, &viewer, &headers, child).await?;
    let details = match Demographics::parse(&body) {
        Ok(details) => details,
        Err(errors) => return Ok(field_errors(errors)),
    };
    match state
        .store
        .update_demographics(&permitted.access, &details)
        .await
    {
        Ok(event) => {
            Ok(Json(json!({ "event": event, "changed": event.is_some() })).into_response())
        }
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct NameBody {
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    changed_on: Option<String>,
}

pub async fn name(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<NameBody>,
) -> WebResult<Response> {
    let permitted = change(&state, &ctx, &viewer, &headers, child).await?;
    let mut errors = FieldErrors::new();
    let changed_on = iso_date(
        &mut errors,
        "changed_on",
        "The date the name changed",
        body.changed_on.as_deref(),
    );
    let input = NameInput {
        given_name: body.given_name,
        family_name: body.family_name,
        changed_on,
    };
    match parsed(errors, NameChange::parse(&input, state.clock.today())) {
        Ok(change) => written(state.store.change_name(&permitted.access, &change).await),
        Err(errors) => Ok(field_errors(errors)),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct ExpectedBody {
    expected_date_of_birth: Option<String>,
}

pub async fn expected_date(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<ExpectedBody>,
) -> WebResult<Response> {
    let permitted = change(&state, &ctx, &viewer, &headers, child).await?;
    let mut errors = FieldErrors::new();
    let date = iso_date(
        &mut errors,
        "expected_date_of_birth",
        "Expected date of birth",
        body.expected_date_of_birth.as_deref(),
    );
    let checked = if errors.is_empty() {
        check_expected_date(date, state.clock.today())
    } else {
        Err(errors)
    };
    match checked {
        Ok(date) => written(
            state
                .store
                .change_expected_date(&permitted.access, date)
                .await,
        ),
        Err(errors) => Ok(field_errors(errors)),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct AddressBody {
    #[serde(default)]
    line_1: String,
    #[serde(default)]
    line_2: String,
    #[serde(default)]
    line_3: String,
    #[serde(default)]
    town: String,
    #[serde(default)]
    postcode: String,
    from: Option<String>,
}

pub async fn address(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<AddressBody>,
) -> WebResult<Response> {
    let permitted = change(&state, &ctx, &viewer, &headers, child).await?;
    let mut errors = FieldErrors::new();
    let from = iso_date(
        &mut errors,
        "from",
        "The date the child started living here",
        body.from.as_deref(),
    );
    let input = AddressInput {
        line_1: body.line_1,
        line_2: body.line_2,
        line_3: body.line_3,
        town: body.town,
        postcode: body.postcode,
        from,
    };
    match parsed(errors, NewAddress::parse(&input, state.clock.today())) {
        Ok(address) => written(state.store.move_address(&permitted.access, &address).await),
        Err(errors) => Ok(field_errors(errors)),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct WarningBody {
    #[serde(default)]
    category: String,
    #[serde(default)]
    text: String,
    from: Option<String>,
    until: Option<String>,
}

pub async fn warning(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<WarningBody>,
) -> WebResult<Response> {
    let permitted = change(&state, &ctx, &viewer, &headers, child).await?;
    let mut errors = FieldErrors::new();
    let from = iso_date(
        &mut errors,
        "from",
        "The date the warning starts",
        body.from.as_deref(),
    );
    let until = iso_date(
        &mut errors,
        "until",
        "The date the warning ends",
        body.until.as_deref(),
    );
    let input = WarningInput {
        category: body.category,
        text: body.text,
        from,
        until,
    };
    match parsed(errors, NewWarning::parse(&input, state.clock.today())) {
        Ok(warning) => written(state.store.add_warning(&permitted.access, &warning).await),
        Err(errors) => Ok(field_errors(errors)),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct EndWarningBody {
    warning_id: Option<i64>,
}

pub async fn end_warning(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<EndWarningBody>,
) -> WebResult<Response> {
    let permitted = change(&state, &ctx, &viewer, &headers, child).await?;
    let Some(id) = body.warning_id else {
        return Ok(field_errors(FieldErrors::single(
            "warning_id",
            "Say which warning to end",
        )));
    };
    written(
        state
            .store
            .end_warning(&permitted.access, WarningId(id), state.clock.today())
            .await,
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct BirthBody {
    date_of_birth: Option<String>,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    given_name: String,
}

pub async fn birth(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<BirthBody>,
) -> WebResult<Response> {
    let permitted = change(&state, &ctx, &viewer, &headers, child).await?;
    let mut errors = FieldErrors::new();
    let date_of_birth = iso_date(
        &mut errors,
        "date_of_birth",
        "Date of birth",
        body.date_of_birth.as_deref(),
    );
    let input = BirthInput {
        date_of_birth,
        sex: body.sex,
        given_name: body.given_name,
    };
    match parsed(errors, Birth::parse(&input, state.clock.today())) {
        Ok(birth) => written(state.store.record_birth(&permitted.access, &birth).await),
        Err(errors) => Ok(field_errors(errors)),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct DeathBody {
    date_of_death: Option<String>,
}

pub async fn death(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(body): JsonInput<DeathBody>,
) -> WebResult<Response> {
    let permitted = change(&state, &ctx, &viewer, &headers, child).await?;
    let mut errors = FieldErrors::new();
    let died_on = iso_date(
        &mut errors,
        "date_of_death",
        "Date of death",
        body.date_of_death.as_deref(),
    );
    let checked = match (died_on, errors.is_empty()) {
        (Some(date), true) => Ok(date),
        (None, true) => check_death(None, None, state.clock.today()),
        _ => Err(errors),
    };
    match checked {
        Ok(date) => written(state.store.record_death(&permitted.access, date).await),
        Err(errors) => Ok(field_errors(errors)),
    }
}

fn searcher(viewer: &Viewer, headers: &HeaderMap) -> WebResult<()> {
    crate::access::require(viewer, Capability::SearchPeople)?;
    check_header(viewer, headers)
}

#[derive(Debug, Default, Deserialize)]
pub struct IdentifierBody {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    value: String,
}

pub async fn by_identifier(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    JsonInput(body): JsonInput<IdentifierBody>,
) -> WebResult<Response> {
    searcher(&viewer, &headers)?;
    let Some(kind) = IdentifierKind::from_code(&body.kind) else {
        return Ok(field_errors(FieldErrors::single(
            "kind",
            "Say whether this is a UPN (upn) or an NHS number (nhs_number)",
        )));
    };
    let identifier = match Identifier::parse(kind, &body.value) {
        Ok(identifier) => identifier,
        Err(message) => return Ok(field_errors(FieldErrors::single("value", message))),
    };
    let results = state
        .store
        .find_by_identifier(&viewer.actor(&ctx, &state), &identifier)
        .await?;
    Ok(Json(json!({ "results": results })).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct AddressQueryBody {
    #[serde(default)]
    address: String,
}

pub async fn by_address(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    JsonInput(body): JsonInput<AddressQueryBody>,
) -> WebResult<Response> {
    searcher(&viewer, &headers)?;
    if journey_store::person_details::AddressQuery::from_text(&body.address).is_none() {
        return Ok(field_errors(FieldErrors::single(
            "address",
            "Enter a full postcode, or at least 3 letters or numbers of the first line of the address",
        )));
    }
    let results = state
        .store
        .find_by_address(&viewer.actor(&ctx, &state), &body.address)
        .await?;
    Ok(Json(json!({ "results": results })).into_response())
}
