//! JSON API of the child's details: the same operations as the "Change details" pages, under
//! the same access rules, with problems as 422 and a message at each field.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use journey_domain::Clock;
use journey_domain::access::Capability;
use journey_domain::ids::EventId;
use journey_domain::person_details::{
    Birth, Demographics, Identifier, NameChange, NewAddress, NewWarning, check_death,
    check_expected_date,
};
use journey_domain::validation::FieldErrors;
use journey_store::person_details::WarningId;
use journey_store::{PersonDetails, StoreError};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::body::{self, ApiBody};
use super::schema::{ChildRead, ChildWrite, CsrfHeader, Write};
use super::views::{Api, CaseSummaryView, PersonDetailsView, SearchHitView};
use super::{answer, check_header, field_errors};
use crate::access::{Checked, ToAdd, ToView};
use crate::auth::Viewer;
use crate::capabilities::codes::date;
use crate::capabilities::person_details::{
    AddressBody, AddressQueryBody, BirthBody, DeathBody, DemographicsBody, EndWarningBody,
    ExpectedDateBody, IdentifierBody, NameBody, WarningBody, summary_of,
};
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::state::AppState;

/// This capability's operations.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(details))
        .routes(routes!(identifiers))
        .routes(routes!(name))
        .routes(routes!(expected_date))
        .routes(routes!(address))
        .routes(routes!(warning))
        .routes(routes!(end_warning))
        .routes(routes!(birth))
        .routes(routes!(death))
        .routes(routes!(by_identifier))
        .routes(routes!(by_address))
}

/// The event a change wrote.
#[derive(Debug, Serialize, ToSchema)]
pub struct Written {
    event: i64,
}

/// The store's answer: the event written, or the problems at their fields.
fn written(result: Result<EventId, StoreError>) -> WebResult<Response> {
    match result {
        Ok(event) => Ok(answer(StatusCode::OK, Written { event: event.0 })),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}

/// The details, the Journey-made authority child ID and the case summary.
#[derive(Debug, Serialize, ToSchema)]
pub struct DetailsBody {
    details: PersonDetailsView,
    /// The child's ID for the DfE returns, such as NC-001042.
    authority_child_id: String,
    summary: CaseSummaryView,
}

/// The child's identifiers, demographics, addresses, warnings and case summary (audited).
#[utoipa::path(
    get, path = "/children/{child_id}/details", tag = "details",
    params(("child_id" = i64, Path, description = "The child's Journey ID")),
    responses((status = 200, description = "The child's details", body = DetailsBody), ChildRead)
)]
pub async fn details(
    State(clock): State<Arc<dyn Clock>>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToView>,
) -> WebResult<Json<DetailsBody>> {
    let details = person_details.open_person_details(checked.access()).await?;
    let summary = summary_of(&details, clock.today());
    Ok(Json(DetailsBody {
        authority_child_id: journey_domain::person_details::authority_child_id(details.child.id),
        summary: summary.api(),
        details: details.api(),
    }))
}

/// Whether anything changed, and the event if so.
#[derive(Debug, Serialize, ToSchema)]
pub struct DemographicsChanged {
    event: Option<i64>,
    changed: bool,
}

/// Record UPN, NHS number, gender, ethnicity and disability.
#[utoipa::path(
    post, path = "/children/{child_id}/details/identifiers", tag = "details",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = DemographicsBody,
    responses((status = 200, description = "Recorded (or nothing changed)", body = DemographicsChanged), ChildWrite)
)]
pub async fn identifiers(
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<DemographicsBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let details = match body::checked(problems, Demographics::parse(&body.input())) {
        Ok(details) => details,
        Err(errors) => return Ok(field_errors(errors)),
    };
    match person_details
        .update_demographics(checked.access(), &details)
        .await
    {
        Ok(event) => Ok(answer(
            StatusCode::OK,
            DemographicsChanged {
                event: event.map(|e| e.0),
                changed: event.is_some(),
            },
        )),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}

/// Change the child's name, keeping the former name.
#[utoipa::path(
    post, path = "/children/{child_id}/details/name", tag = "details",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = NameBody,
    responses((status = 200, description = "Recorded", body = Written), ChildWrite)
)]
pub async fn name(
    State(clock): State<Arc<dyn Clock>>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<NameBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    match body::checked(problems, NameChange::parse(&body.input(), clock.today())) {
        Ok(change) => written(person_details.change_name(checked.access(), &change).await),
        Err(errors) => Ok(field_errors(errors)),
    }
}

/// Change an unborn child's expected date of birth.
#[utoipa::path(
    post, path = "/children/{child_id}/details/expected-date", tag = "details",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = ExpectedDateBody,
    responses((status = 200, description = "Recorded", body = Written), ChildWrite)
)]
pub async fn expected_date(
    State(clock): State<Arc<dyn Clock>>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<ExpectedDateBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let parsed = body::checked(
        problems,
        check_expected_date(date(body.expected_date_of_birth), clock.today()),
    );
    match parsed {
        Ok(date) => written(
            person_details
                .change_expected_date(checked.access(), date)
                .await,
        ),
        Err(errors) => Ok(field_errors(errors)),
    }
}

/// Record a move to a new address.
#[utoipa::path(
    post, path = "/children/{child_id}/details/addresses", tag = "details",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = AddressBody,
    responses((status = 200, description = "Recorded", body = Written), ChildWrite)
)]
pub async fn address(
    State(clock): State<Arc<dyn Clock>>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<AddressBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    match body::checked(problems, NewAddress::parse(&body.input(), clock.today())) {
        Ok(address) => written(
            person_details
                .move_address(checked.access(), &address)
                .await,
        ),
        Err(errors) => Ok(field_errors(errors)),
    }
}

/// Add a warning about risk to staff.
#[utoipa::path(
    post, path = "/children/{child_id}/details/warnings", tag = "details",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = WarningBody,
    responses((status = 200, description = "Recorded", body = Written), ChildWrite)
)]
pub async fn warning(
    State(clock): State<Arc<dyn Clock>>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<WarningBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    match body::checked(problems, NewWarning::parse(&body.input(), clock.today())) {
        Ok(warning) => written(person_details.add_warning(checked.access(), &warning).await),
        Err(errors) => Ok(field_errors(errors)),
    }
}

/// End a warning today (it stays in the history).
#[utoipa::path(
    post, path = "/children/{child_id}/details/warnings/end", tag = "details",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = EndWarningBody,
    responses((status = 200, description = "Ended", body = Written), ChildWrite)
)]
pub async fn end_warning(
    State(clock): State<Arc<dyn Clock>>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<EndWarningBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let missing = FieldErrors::single("warning_id", "Say which warning to end");
    let id = match body::checked(problems, body.warning_id.ok_or(missing)) {
        Ok(id) => id,
        Err(errors) => return Ok(field_errors(errors)),
    };
    written(
        person_details
            .end_warning(checked.access(), WarningId(id), clock.today())
            .await,
    )
}

/// Record the birth of a child recorded while unborn.
#[utoipa::path(
    post, path = "/children/{child_id}/details/birth", tag = "details",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = BirthBody,
    responses((status = 200, description = "Recorded", body = Written), ChildWrite)
)]
pub async fn birth(
    State(clock): State<Arc<dyn Clock>>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<BirthBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    match body::checked(problems, Birth::parse(&body.input(), clock.today())) {
        Ok(birth) => written(person_details.record_birth(checked.access(), &birth).await),
        Err(errors) => Ok(field_errors(errors)),
    }
}

/// Record a child's death.
#[utoipa::path(
    post, path = "/children/{child_id}/details/death", tag = "details",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = DeathBody,
    responses((status = 200, description = "Recorded", body = Written), ChildWrite)
)]
pub async fn death(
    State(clock): State<Arc<dyn Clock>>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<DeathBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let parsed = match date(body.date_of_death) {
        Some(date) if problems.is_empty() => Ok(date),
        None if problems.is_empty() => check_death(None, None, clock.today()),
        _ => Err(problems),
    };
    match parsed {
        Ok(date) => written(person_details.record_death(checked.access(), date).await),
        Err(errors) => Ok(field_errors(errors)),
    }
}

async fn searcher(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    headers: &HeaderMap,
) -> WebResult<()> {
    crate::access::require(state, ctx, viewer, Capability::SearchPeople).await?;
    check_header(viewer, headers)
}

/// People found; the list is recorded as seen.
#[derive(Debug, Serialize, ToSchema)]
pub struct Found {
    results: Vec<SearchHitView>,
}

/// Find people by UPN or NHS number (audited).
#[utoipa::path(
    post, path = "/people/by-identifier", tag = "details", params(CsrfHeader),
    request_body = IdentifierBody,
    responses((status = 200, description = "The people with this identifier", body = Found), Write)
)]
pub async fn by_identifier(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<IdentifierBody>,
) -> WebResult<Response> {
    searcher(&state, &ctx, &viewer, &headers).await?;
    let mut errors = FieldErrors::new();
    let identifier = match body.kind {
        Some(kind) => Identifier::parse(kind.0, &body.value)
            .map_err(|message| errors.add("value", message))
            .ok(),
        None => {
            errors.add(
                "kind",
                "Say whether this is a UPN (upn) or an NHS number (nhs_number)",
            );
            None
        }
    };
    let identifier = match body::checked(problems, identifier.ok_or(errors)) {
        Ok(identifier) => identifier,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let results = person_details
        .find_by_identifier(&viewer.actor(&ctx, &state), &identifier)
        .await?;
    Ok(answer(
        StatusCode::OK,
        Found {
            results: results.api(),
        },
    ))
}

/// Find people by postcode or first line of an address (audited).
#[utoipa::path(
    post, path = "/people/by-address", tag = "details", params(CsrfHeader),
    request_body = AddressQueryBody,
    responses((status = 200, description = "The people who live or lived there", body = Found), Write)
)]
pub async fn by_address(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<AddressQueryBody>,
) -> WebResult<Response> {
    searcher(&state, &ctx, &viewer, &headers).await?;
    let query = journey_store::person_details::AddressQuery::from_text(&body.address).ok_or(
        FieldErrors::single(
            "address",
            "Enter a full postcode, or at least 3 letters or numbers of the first line of the address",
        ),
    );
    if let Err(errors) = body::checked(problems, query) {
        return Ok(field_errors(errors));
    }
    let results = person_details
        .find_by_address(&viewer.actor(&ctx, &state), &body.address)
        .await?;
    Ok(answer(
        StatusCode::OK,
        Found {
            results: results.api(),
        },
    ))
}
