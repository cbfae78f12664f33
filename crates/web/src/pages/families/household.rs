//! Adding someone already on Journey to the child's household: find them with the search
//! page's name and Journey ID search (each person found is recorded as seen), choose one and
//! say when they moved in. The store's `join_household` writes the membership, its chronology
//! line and its audit record in one transaction.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use journey_domain::access::Capability;
use journey_domain::families::household::Joining;
use journey_domain::person_details::wording::long_date;
use journey_domain::validation::FieldErrors;
use journey_store::{Families, PersonQuery, Records, SearchHit, StoreError};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::access::{Checked, Permitted, ToAdd};
use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::{date_from_parts, error_values, in_form_order};
use crate::input::FormInput;
use crate::pages::search::{RESULT_LIMIT, parse_journey_id, parse_name};
use crate::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{child}/household/add", get(add_form).post(find))
        .route("/children/{child}/household", post(join))
}

/// The search typed (kept through the choosing step in hidden fields) and the choice.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct HouseholdForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    journey_id: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    moved_in_day: String,
    #[serde(default)]
    moved_in_month: String,
    #[serde(default)]
    moved_in_year: String,
}

const FIELDS: &[&str] = &["name", "journey_id", "person", "moved_in"];

/// Runs the search the form holds: a Journey ID alone, or a name. `None` with a message at the
/// field when what was typed cannot be searched for.
async fn search(
    (records, families): (&dyn Records, &dyn Families),
    permitted: &Permitted,
    form: &HouseholdForm,
    errors: &mut FieldErrors,
) -> WebResult<Option<Vec<SearchHit>>> {
    let actor = permitted.access.actor();
    let journey_id = form.journey_id.trim();
    let hits = if journey_id.is_empty() {
        let name = parse_name(errors, &form.name);
        if !errors.is_empty() {
            return Ok(None);
        }
        let query = PersonQuery {
            name,
            date_of_birth: None,
            limit: RESULT_LIMIT,
        };
        records.search_people(actor, &query).await?
    } else {
        let Some(id) = parse_journey_id(errors, journey_id) else {
            return Ok(None);
        };
        families
            .person_by_id(actor, id)
            .await?
            .into_iter()
            .collect()
    };
    let child = permitted.access.child();
    Ok(Some(hits.into_iter().filter(|h| h.id != child).collect()))
}

/// A found person as a choice: name and Journey ID, with their date of birth as the hint.
fn choice(hit: &SearchHit, chosen: &str) -> Value {
    let born = match (hit.date_of_birth, hit.expected_date_of_birth) {
        (Some(date), _) => format!("Born {}", long_date(date)),
        (None, Some(expected)) => format!("Unborn, expected {}", long_date(expected)),
        (None, None) => "Date of birth not known".to_owned(),
    };
    let who = if hit.is_child {
        "child with a record"
    } else {
        "adult"
    };
    let value = hit.id.0.to_string();
    context! {
        checked => value == chosen,
        value,
        text => format!("{} {} (Journey ID {})", hit.given_name, hit.family_name, hit.id),
        hint => context! { text => format!("{born}; {who}") },
    }
}

async fn render(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    permitted: &Permitted,
    form: &HouseholdForm,
    results: Option<Vec<SearchHit>>,
    errors: &FieldErrors,
) -> WebResult<Response> {
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let child = state
        .store
        .child_details_shown(&permitted.access, "household form")
        .await?;
    let choices: Option<Vec<Value>> = results
        .as_ref()
        .map(|hits| hits.iter().map(|h| choice(h, &form.person)).collect());
    let values = context! {
        child => render::value(&child),
        form => render::value(form),
        choices,
        ..error_values(errors)
    };
    render::page_with_status(
        state,
        ctx,
        Some(viewer),
        "",
        "families/household_add.html",
        values,
        status,
    )
}

pub async fn add_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    crate::access::require(
        &state,
        &checked.ctx,
        &checked.viewer,
        Capability::SearchPeople,
    )
    .await?;
    let form = HouseholdForm::default();
    let none = FieldErrors::new();
    render(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        &form,
        None,
        &none,
    )
    .await
}

/// The search step: the people found, to choose from.
pub async fn find(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    State(families): State<Arc<dyn Families>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<HouseholdForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    crate::access::require(
        &state,
        &checked.ctx,
        &checked.viewer,
        Capability::SearchPeople,
    )
    .await?;
    let mut errors = FieldErrors::new();
    let people = (records.as_ref(), families.as_ref());
    let results = search(people, &checked.permitted, &form, &mut errors).await?;
    let errors = in_form_order(errors, FIELDS);
    render(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        &form,
        results,
        &errors,
    )
    .await
}

/// The choosing step: the chosen person joins the household from the date given.
pub async fn join(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    State(families): State<Arc<dyn Families>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<HouseholdForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    crate::access::require(
        &state,
        &checked.ctx,
        &checked.viewer,
        Capability::SearchPeople,
    )
    .await?;
    let child = checked.child();
    let mut errors = FieldErrors::new();
    let moved_in = date_from_parts(
        &mut errors,
        "moved_in",
        "The date they moved in",
        &form.moved_in_day,
        &form.moved_in_month,
        &form.moved_in_year,
    );
    let parsed = Joining::parse(&form.person, moved_in, child, state.clock.today());
    let result = match parsed {
        Ok(joining) if errors.is_empty() => families
            .join_household(checked.access(), joining.person, joining.from)
            .await
            .map(|_| ()),
        Ok(_) => Err(StoreError::Invalid(errors)),
        Err(more) => {
            // A date that could not be read keeps its own message, not "Enter the date".
            for e in more.errors {
                if errors.message_for(&e.field).is_none() {
                    errors.add(&e.field, e.message);
                }
            }
            Err(StoreError::Invalid(errors))
        }
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/children/{child}/family")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            // Show the same choices again; the search's own problems were shown at its step.
            let mut search_errors = FieldErrors::new();
            let people = (records.as_ref(), families.as_ref());
            let results = search(people, &checked.permitted, &form, &mut search_errors)
                .await?
                .unwrap_or_default();
            let errors = in_form_order(errors, FIELDS);
            render(
                &state,
                &checked.ctx,
                &checked.viewer,
                &checked.permitted,
                &form,
                Some(results),
                &errors,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
