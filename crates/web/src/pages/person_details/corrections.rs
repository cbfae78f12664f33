//! Correcting what was recorded wrongly about a child: an address, the date of birth, the date
//! of death. Each correction needs a reason; the old value stays on the chronology (the line
//! says what was recorded, what it is now and why) and is listed on the details overview.
//! The same access as the other details forms (`Action::AddToRecord`).

use std::sync::Arc;

use axum::extract::State;
use axum::response::Response;
use chrono::Datelike;
use journey_domain::person_details::{
    AddressCorrection, DateCorrection, DateKind, Resident, wording::long_date,
};
use journey_domain::validation::FieldErrors;
use journey_store::person_details::{AddressId, RecordedAddress};
use journey_store::{ChildAccess, PersonDetails};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::forms::{AddressForm, back_to_details, input_problem, show_with, with_parts};
use crate::access::{Checked, ToAdd};
use crate::auth::csrf;
use crate::error::{WebError, WebResult};
use crate::forms::date_from_parts;
use crate::input::FormInput;
use crate::input::PathIds;
use crate::render;
use crate::state::AppState;

/// What the overview shows besides the details: each address with its correction link, and
/// the corrections made so far.
pub async fn overview_values(
    person_details: &dyn PersonDetails,
    access: &ChildAccess,
) -> WebResult<Value> {
    let addresses = person_details.recorded_addresses(access).await?;
    let corrections = person_details.corrections(access).await?;
    Ok(context! {
        recorded_addresses => addresses.iter().map(|r| context! {
            id => r.id.0,
            text => r.address.one_line(),
            from => r.address.from.to_string(),
            to => r.address.to.map(|to| to.to_string()),
        }).collect::<Vec<_>>(),
        corrections => render::value(&corrections),
    })
}

// An address.

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct AddressCorrectionForm {
    #[serde(flatten)]
    address: AddressForm,
    #[serde(default)]
    reason: String,
}

/// The recorded address being corrected, or "not found" when it is not the child's.
async fn recorded(
    person_details: &dyn PersonDetails,
    access: &ChildAccess,
    address: i64,
) -> WebResult<RecordedAddress> {
    person_details
        .recorded_addresses(access)
        .await?
        .into_iter()
        .find(|r| r.id == AddressId(address))
        .ok_or(WebError::NotFound)
}

fn address_values(recorded: &RecordedAddress) -> Value {
    let a = &recorded.address;
    context! {
        address_id => recorded.id.0,
        recorded_text => a.one_line(),
        recorded_dates => match a.to {
            Some(to) => format!("from {} to {}", long_date(a.from), long_date(to)),
            None => format!("from {} (current)", long_date(a.from)),
        },
    }
}

pub async fn address_form(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    PathIds((_, address)): PathIds<(i64, i64)>,
) -> WebResult<Response> {
    let recorded = recorded(person_details.as_ref(), checked.access(), address).await?;
    let form = AddressCorrectionForm {
        address: AddressForm::of(&recorded.address),
        reason: String::new(),
    };
    show_with(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/address_correction.html",
        |_| render::value(&form),
        None,
        address_values(&recorded),
    )
    .await
}

pub async fn address_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    PathIds((_, address)): PathIds<(i64, i64)>,
    FormInput(form): FormInput<AddressCorrectionForm>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, form.address.csrf_token())?;
    let recorded = recorded(person_details.as_ref(), checked.access(), address).await?;
    let (input, errors) = form.address.input(Resident::Child);
    let parsed = with_parts(
        errors,
        AddressCorrection::parse(&input, &form.reason, state.clock.today()),
    );
    let problems = match parsed {
        Ok(correction) => {
            let result = person_details
                .correct_address(checked.access(), recorded.id, &correction)
                .await;
            match input_problem(result)? {
                Ok(_) => return Ok(back_to_details(child)),
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let typed = render::value(&form);
    show_with(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/address_correction.html",
        |_| typed,
        Some(&problems),
        address_values(&recorded),
    )
    .await
}

// The date of birth or death.

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct DateForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    date_day: String,
    #[serde(default)]
    date_month: String,
    #[serde(default)]
    date_year: String,
    #[serde(default)]
    reason: String,
}

fn date_values(kind: DateKind) -> Value {
    context! {
        field => kind.field(),
        title => kind.title(),
        label => kind.label(),
        path => match kind {
            DateKind::Birth => "birth",
            DateKind::Death => "death",
        },
    }
}

async fn date_form(
    state: AppState,
    checked: Checked<ToAdd>,
    kind: DateKind,
) -> WebResult<Response> {
    show_with(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/date_correction.html",
        |details| {
            let held = match kind {
                DateKind::Birth => details.child.date_of_birth,
                DateKind::Death => details.date_of_death,
            };
            render::value(DateForm {
                date_day: held.map(|d| d.day().to_string()).unwrap_or_default(),
                date_month: held.map(|d| d.month().to_string()).unwrap_or_default(),
                date_year: held.map(|d| d.year().to_string()).unwrap_or_default(),
                ..DateForm::default()
            })
        },
        None,
        date_values(kind),
    )
    .await
}

async fn date_submit(
    state: AppState,
    person_details: Arc<dyn PersonDetails>,
    checked: Checked<ToAdd>,
    kind: DateKind,
    form: DateForm,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let mut errors = FieldErrors::new();
    let date = date_from_parts(
        &mut errors,
        kind.field(),
        kind.title(),
        &form.date_day,
        &form.date_month,
        &form.date_year,
    );
    let today = state.clock.today();
    let parsed = with_parts(
        errors,
        DateCorrection::parse(kind, date, &form.reason, today),
    );
    let problems = match parsed {
        Ok(correction) => {
            let result = person_details
                .correct_date(checked.access(), &correction)
                .await;
            match input_problem(result)? {
                Ok(_) => return Ok(back_to_details(checked.child())),
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let typed = render::value(&form);
    show_with(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/date_correction.html",
        |_| typed,
        Some(&problems),
        date_values(kind),
    )
    .await
}

pub async fn birth_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    date_form(state, checked, DateKind::Birth).await
}

pub async fn birth_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<DateForm>,
) -> WebResult<Response> {
    date_submit(state, person_details, checked, DateKind::Birth, form).await
}

pub async fn death_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    date_form(state, checked, DateKind::Death).await
}

pub async fn death_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<DateForm>,
) -> WebResult<Response> {
    date_submit(state, person_details, checked, DateKind::Death, form).await
}
