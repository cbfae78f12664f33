//! Recording the details of an adult in a child's family (a parent, a carer, a partner):
//! their NHS number, addresses and warnings about risk to staff, at
//! `/children/{child}/people/{person}/…`.
//!
//! Reached through the child: the viewer must be allowed to add to the child's record
//! (`Action::AddToRecord`, refused and recorded as the child's own forms are), and the person
//! must be related to the child or live or have lived with them (the rule of their details
//! page, checked again by the store inside each change). A child with a record of their own has
//! their details changed through that record. Each change is written on the adult's own
//! chronology and audit trail (docs/person_details.md).

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::ids::PersonId;
use journey_domain::person_details::{NewAddress, NhsNumber, Resident, WarningCategory};
use journey_domain::validation::FieldErrors;
use journey_store::person_details::{WarningId, Whose};
use journey_store::{PersonDetails, StoreError};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::forms::{AddressForm, CsrfOnly, WarningForm, input_problem, with_parts};
use crate::access::{Checked, Permitted, ToAdd};
use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::forms::error_values;
use crate::input::FormInput;
use crate::input::PathIds;
use crate::render;
use crate::state::AppState;

fn person_page(child: PersonId, person: i64) -> Response {
    Redirect::to(&format!("/children/{child}/people/{person}")).into_response()
}

/// Renders a form about the person: their details (a read recorded on the child and on the
/// person), the form as typed and any problems. Someone not tied to the child is "not found";
/// a child with a record of their own is sent to that record's details.
#[allow(clippy::too_many_arguments)]
async fn show(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    permitted: &Permitted,
    person: i64,
    template: &str,
    form: Value,
    errors: Option<&FieldErrors>,
) -> WebResult<Response> {
    let details = match state
        .store
        .related_person(&permitted.access, PersonId(person))
        .await
    {
        Ok(details) => details,
        Err(StoreError::NotFound) => return Err(WebError::NotFound),
        Err(other) => return Err(other.into()),
    };
    if details.is_child {
        return Ok(Redirect::to(&format!("/children/{person}/details")).into_response());
    }
    let child = state.store.child_details(&permitted.access).await?;
    let values = context! {
        child => render::value(&child),
        person => render::value(&details),
        person_name => format!("{} {}", details.given_name, details.family_name),
        form,
        category_options => WarningCategory::ALL.iter().map(|c| context! { value => c.code(), text => c.label() }).collect::<Vec<_>>(),
    };
    match errors {
        None => render::page(state, ctx, Some(viewer), "", template, values),
        Some(errors) => render::page_with_status(
            state,
            ctx,
            Some(viewer),
            "",
            template,
            context! { ..error_values(errors), ..values },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
}

/// Runs a parsed change through the store: back to the person's page, or the form again with
/// the problems at their fields. A person the store does not find tied to the child is 404.
#[allow(clippy::too_many_arguments)]
async fn finish<T>(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    permitted: &Permitted,
    (child, person): (PersonId, i64),
    template: &str,
    typed: Value,
    outcome: Result<Result<T, StoreError>, FieldErrors>,
) -> WebResult<Response> {
    let problems = match outcome {
        Ok(result) => match input_problem(result)? {
            Ok(_) => return Ok(person_page(child, person)),
            Err(errors) => errors,
        },
        Err(errors) => errors,
    };
    show(
        state,
        ctx,
        viewer,
        permitted,
        person,
        template,
        typed,
        Some(&problems),
    )
    .await
}

// NHS number.

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct NhsForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    nhs_number: String,
}

pub async fn nhs_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
    PathIds((_, person)): PathIds<(i64, i64)>,
) -> WebResult<Response> {
    // The number held now is shown by the template from the person's details.
    show(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        person,
        "person_details/related_nhs_number.html",
        Value::UNDEFINED,
        None,
    )
    .await
}

pub async fn nhs_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    PathIds((_, person)): PathIds<(i64, i64)>,
    FormInput(form): FormInput<NhsForm>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let typed = form.nhs_number.trim();
    let parsed = if typed.is_empty() {
        Ok(None)
    } else {
        NhsNumber::parse(typed)
            .map(Some)
            .map_err(|message| FieldErrors::single("nhs_number", message))
    };
    let outcome = match parsed {
        Ok(number) => Ok(person_details
            .record_nhs_number(
                checked.access(),
                Whose::Related(PersonId(person)),
                number.as_ref(),
            )
            .await),
        Err(errors) => Err(errors),
    };
    finish(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        (child, person),
        "person_details/related_nhs_number.html",
        render::value(&form),
        outcome,
    )
    .await
}

// Address.

pub async fn address_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
    PathIds((_, person)): PathIds<(i64, i64)>,
) -> WebResult<Response> {
    show(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        person,
        "person_details/related_address.html",
        render::value(AddressForm::default()),
        None,
    )
    .await
}

pub async fn address_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    PathIds((_, person)): PathIds<(i64, i64)>,
    FormInput(form): FormInput<AddressForm>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, form.csrf_token())?;
    let (input, errors) = form.input(Resident::Adult);
    let today = state.clock.today();
    let outcome = match with_parts(
        errors,
        NewAddress::parse_for(&input, today, Resident::Adult),
    ) {
        Ok(address) => Ok(person_details
            .move_address_of(checked.access(), Whose::Related(PersonId(person)), &address)
            .await),
        Err(errors) => Err(errors),
    };
    finish(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        (child, person),
        "person_details/related_address.html",
        render::value(&form),
        outcome,
    )
    .await
}

// Warnings.

pub async fn warning_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
    PathIds((_, person)): PathIds<(i64, i64)>,
) -> WebResult<Response> {
    show(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        person,
        "person_details/related_warning.html",
        render::value(WarningForm::default()),
        None,
    )
    .await
}

pub async fn warning_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    PathIds((_, person)): PathIds<(i64, i64)>,
    FormInput(form): FormInput<WarningForm>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, form.csrf_token())?;
    let outcome = match form.parse(state.clock.today()) {
        Ok(warning) => Ok(person_details
            .add_warning_of(checked.access(), Whose::Related(PersonId(person)), &warning)
            .await),
        Err(errors) => Err(errors),
    };
    finish(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        (child, person),
        "person_details/related_warning.html",
        render::value(&form),
        outcome,
    )
    .await
}

/// Ends a warning about the person today. A problem (already ended) is shown on the warning
/// form's page, whose summary lists every warning.
pub async fn end_warning(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    PathIds((_, person, warning)): PathIds<(i64, i64, i64)>,
    FormInput(form): FormInput<CsrfOnly>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let result = person_details
        .end_warning_of(
            checked.access(),
            Whose::Related(PersonId(person)),
            WarningId(warning),
            state.clock.today(),
        )
        .await;
    finish(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        (child, person),
        "person_details/related_warning.html",
        render::value(WarningForm::default()),
        Ok(result),
    )
    .await
}
