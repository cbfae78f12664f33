//! The "Change details" forms. Each: check the relationship (adding to the record), check the
//! CSRF token, parse field by field, make one store call, and on any problem show the form
//! again with the GOV.UK error summary, a message at each field and what was typed.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use journey_domain::ids::PersonId;
use journey_domain::person_details::codes::{DISABILITY, ETHNICITY};
use journey_domain::person_details::{
    AddressInput, Birth, BirthInput, Demographics, DemographicsInput, NameChange, NameInput,
    NewAddress, NewWarning, Resident, WarningCategory, WarningInput, check_death,
    check_expected_date,
};
use journey_domain::validation::FieldErrors;
use journey_store::person_details::{Address, PersonDetailsRecord, WarningId};
use journey_store::{PersonDetails, StoreError};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::view;
use crate::access::{Checked, Permitted, ToAdd};
use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::{date_from_parts, error_values};
use crate::input::FormInput;
use crate::input::PathIds;
use crate::render;
use crate::state::AppState;

/// Renders a details page: the child's details (a recorded read), the form and any problems.
async fn show(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    permitted: &Permitted,
    template: &str,
    form: impl FnOnce(&PersonDetailsRecord) -> Value,
    errors: Option<&FieldErrors>,
) -> WebResult<Response> {
    show_with(
        state,
        ctx,
        viewer,
        permitted,
        template,
        form,
        errors,
        context! {},
    )
    .await
}

/// [`show`], with more values for the template.
#[allow(clippy::too_many_arguments)]
pub(super) async fn show_with(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    permitted: &Permitted,
    template: &str,
    form: impl FnOnce(&PersonDetailsRecord) -> Value,
    errors: Option<&FieldErrors>,
    extra: Value,
) -> WebResult<Response> {
    let details = state.store.open_person_details(&permitted.access).await?;
    let options = context! {
        form => form(&details),
        ethnicity_options => ETHNICITY.iter().map(|(value, text)| context! { value => *value, text => *text }).collect::<Vec<_>>(),
        disability_options => DISABILITY.iter().map(|(value, text)| context! { value => *value, text => *text }).collect::<Vec<_>>(),
        category_options => WarningCategory::ALL.iter().map(|c| context! { value => c.code(), text => c.label() }).collect::<Vec<_>>(),
        ..extra
    };
    let values = context! { ..options, ..view(&details, state.clock.today()) };
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

pub(super) fn back_to_details(child: PersonId) -> Response {
    Redirect::to(&format!("/children/{child}/details")).into_response()
}

/// Separates the store's refusals of the input (shown at the field) from real failures.
pub(super) fn input_problem<T>(result: Result<T, StoreError>) -> WebResult<Result<T, FieldErrors>> {
    match result {
        Ok(value) => Ok(Ok(value)),
        Err(StoreError::Invalid(errors)) => Ok(Err(errors)),
        Err(other) => Err(other.into()),
    }
}

/// Runs a parsed change through the store; any problem shows the form again.
macro_rules! submit {
    ($state:expr, $checked:expr, $template:expr, $form:expr, $parsed:expr, |$value:ident| $call:expr) => {{
        let outcome = match $parsed {
            Ok($value) => input_problem($call.await)?.map(|_| ()),
            Err(errors) => Err(errors),
        };
        match outcome {
            Ok(()) => Ok(back_to_details($checked.child())),
            Err(errors) => {
                let typed = render::value(&$form);
                show(
                    &$state,
                    &$checked.ctx,
                    &$checked.viewer,
                    &$checked.permitted,
                    $template,
                    |_| typed,
                    Some(&errors),
                )
                .await
            }
        }
    }};
}

/// The "Change details" overview: everything recorded, with a link to change each part.
pub async fn overview(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    let extra =
        super::corrections::overview_values(person_details.as_ref(), checked.access()).await?;
    show_with(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/overview.html",
        |_| Value::UNDEFINED,
        None,
        extra,
    )
    .await
}

// Identifiers and demographics.

#[derive(Debug, Default, Serialize)]
struct IdentifiersForm {
    upn: String,
    nhs_number: String,
    gender: String,
    ethnicity: String,
    disabilities: Vec<String>,
}

impl IdentifiersForm {
    /// Repeated `disabilities` fields (checkboxes) need the pairs, not a struct.
    fn from_pairs(pairs: Vec<(String, String)>) -> (IdentifiersForm, String) {
        let mut form = IdentifiersForm::default();
        let mut csrf_token = String::new();
        for (name, value) in pairs {
            match name.as_str() {
                "csrf_token" => csrf_token = value,
                "upn" => form.upn = value,
                "nhs_number" => form.nhs_number = value,
                "gender" => form.gender = value,
                "ethnicity" => form.ethnicity = value,
                "disabilities" => form.disabilities.push(value),
                _ => {}
            }
        }
        (form, csrf_token)
    }

    fn input(&self) -> DemographicsInput {
        DemographicsInput {
            upn: self.upn.clone(),
            nhs_number: self.nhs_number.clone(),
            gender: self.gender.clone(),
            ethnicity: self.ethnicity.clone(),
            disabilities: self.disabilities.clone(),
        }
    }
}

pub async fn identifiers_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    let current = |d: &PersonDetailsRecord| {
        render::value(IdentifiersForm {
            upn: d.upn.clone().unwrap_or_default(),
            nhs_number: d.nhs_number.clone().unwrap_or_default(),
            gender: d.gender.clone().unwrap_or_default(),
            ethnicity: d.ethnicity.clone().unwrap_or_default(),
            disabilities: d.disabilities.clone(),
        })
    };
    show(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/identifiers.html",
        current,
        None,
    )
    .await
}

pub async fn identifiers_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    FormInput(pairs): FormInput<Vec<(String, String)>>,
) -> WebResult<Response> {
    let (form, token) = IdentifiersForm::from_pairs(pairs);
    csrf::check(&checked.viewer.csrf_token, &token)?;
    let parsed = Demographics::parse(&form.input());
    submit!(
        state,
        checked,
        "person_details/identifiers.html",
        form,
        parsed,
        |details| person_details.update_demographics(checked.access(), &details)
    )
}

// Name.

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct NameForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    #[serde(default)]
    changed_on_day: String,
    #[serde(default)]
    changed_on_month: String,
    #[serde(default)]
    changed_on_year: String,
}

pub async fn name_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    let current = |d: &PersonDetailsRecord| {
        render::value(NameForm {
            given_name: d.child.given_name.clone(),
            family_name: d.child.family_name.clone(),
            ..NameForm::default()
        })
    };
    show(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/name.html",
        current,
        None,
    )
    .await
}

pub async fn name_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<NameForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let mut errors = FieldErrors::new();
    let changed_on = date_from_parts(
        &mut errors,
        "changed_on",
        "The date the name changed",
        &form.changed_on_day,
        &form.changed_on_month,
        &form.changed_on_year,
    );
    let input = NameInput {
        given_name: form.given_name.clone(),
        family_name: form.family_name.clone(),
        changed_on,
    };
    let parsed = with_parts(errors, NameChange::parse(&input, state.clock.today()));
    submit!(
        state,
        checked,
        "person_details/name.html",
        form,
        parsed,
        |change| person_details.change_name(checked.access(), &change)
    )
}

/// Problems with date boxes come first; the domain's messages fill in the other fields.
pub(super) fn with_parts<T>(
    mut errors: FieldErrors,
    parsed: Result<T, FieldErrors>,
) -> Result<T, FieldErrors> {
    match parsed {
        Ok(value) if errors.is_empty() => Ok(value),
        Ok(_) => Err(errors),
        Err(more) => {
            errors.merge(more);
            Err(errors)
        }
    }
}

// Expected date of birth.

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ExpectedForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    expected_date_of_birth_day: String,
    #[serde(default)]
    expected_date_of_birth_month: String,
    #[serde(default)]
    expected_date_of_birth_year: String,
}

pub async fn expected_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    show(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/expected_date.html",
        |_| render::value(ExpectedForm::default()),
        None,
    )
    .await
}

pub async fn expected_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<ExpectedForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let mut errors = FieldErrors::new();
    let expected = date_from_parts(
        &mut errors,
        "expected_date_of_birth",
        "Expected date of birth",
        &form.expected_date_of_birth_day,
        &form.expected_date_of_birth_month,
        &form.expected_date_of_birth_year,
    );
    let parsed = if errors.is_empty() {
        check_expected_date(expected, state.clock.today())
    } else {
        Err(errors)
    };
    submit!(
        state,
        checked,
        "person_details/expected_date.html",
        form,
        parsed,
        |date| person_details.change_expected_date(checked.access(), date)
    )
}

// Addresses.

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct AddressForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
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
    #[serde(default)]
    from_day: String,
    #[serde(default)]
    from_month: String,
    #[serde(default)]
    from_year: String,
}

pub async fn address_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    show(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/address.html",
        |_| render::value(AddressForm::default()),
        None,
    )
    .await
}

impl AddressForm {
    /// The address as typed, with any problems with the date boxes.
    pub(super) fn input(&self, resident: Resident) -> (AddressInput, FieldErrors) {
        let mut errors = FieldErrors::new();
        let label = match resident {
            Resident::Child => "The date the child started living here",
            Resident::Adult => "The date they started living here",
        };
        let from = date_from_parts(
            &mut errors,
            "from",
            label,
            &self.from_day,
            &self.from_month,
            &self.from_year,
        );
        let input = AddressInput {
            line_1: self.line_1.clone(),
            line_2: self.line_2.clone(),
            line_3: self.line_3.clone(),
            town: self.town.clone(),
            postcode: self.postcode.clone(),
            from,
        };
        (input, errors)
    }

    /// The form for a recorded address, to correct it.
    pub(super) fn of(address: &Address) -> AddressForm {
        AddressForm {
            line_1: address.line_1.clone(),
            line_2: address.line_2.clone().unwrap_or_default(),
            line_3: address.line_3.clone().unwrap_or_default(),
            town: address.town.clone(),
            postcode: address.postcode.clone(),
            from_day: address.from.day().to_string(),
            from_month: address.from.month().to_string(),
            from_year: address.from.year().to_string(),
            ..AddressForm::default()
        }
    }

    pub(super) fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

pub async fn address_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<AddressForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let (input, errors) = form.input(Resident::Child);
    let parsed = with_parts(errors, NewAddress::parse(&input, state.clock.today()));
    submit!(
        state,
        checked,
        "person_details/address.html",
        form,
        parsed,
        |address| person_details.move_address(checked.access(), &address)
    )
}

// Warnings.

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct WarningForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    from_day: String,
    #[serde(default)]
    from_month: String,
    #[serde(default)]
    from_year: String,
    #[serde(default)]
    until_day: String,
    #[serde(default)]
    until_month: String,
    #[serde(default)]
    until_year: String,
}

pub async fn warning_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    show(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/warning.html",
        |_| render::value(WarningForm::default()),
        None,
    )
    .await
}

impl WarningForm {
    /// The warning, checked field by field (date boxes first).
    pub(super) fn parse(&self, today: NaiveDate) -> Result<NewWarning, FieldErrors> {
        let mut errors = FieldErrors::new();
        let from = date_from_parts(
            &mut errors,
            "from",
            "The date the warning starts",
            &self.from_day,
            &self.from_month,
            &self.from_year,
        );
        let until = date_from_parts(
            &mut errors,
            "until",
            "The date the warning ends",
            &self.until_day,
            &self.until_month,
            &self.until_year,
        );
        let input = WarningInput {
            category: self.category.clone(),
            text: self.text.clone(),
            from,
            until,
        };
        with_parts(errors, NewWarning::parse(&input, today))
    }

    pub(super) fn csrf_token(&self) -> &str {
        &self.csrf_token
    }
}

pub async fn warning_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<WarningForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let parsed = form.parse(state.clock.today());
    submit!(
        state,
        checked,
        "person_details/warning.html",
        form,
        parsed,
        |warning| person_details.add_warning(checked.access(), &warning)
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    pub(super) csrf_token: String,
}

/// Ends a warning today. A problem (already ended) is shown on the overview.
pub async fn end_warning(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    PathIds((_, warning)): PathIds<(i64, i64)>,
    FormInput(form): FormInput<CsrfOnly>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let result = person_details
        .end_warning(checked.access(), WarningId(warning), state.clock.today())
        .await;
    match input_problem(result)? {
        Ok(_) => Ok(back_to_details(child)),
        Err(errors) => {
            let extra =
                super::corrections::overview_values(person_details.as_ref(), checked.access())
                    .await?;
            show_with(
                &state,
                &checked.ctx,
                &checked.viewer,
                &checked.permitted,
                "person_details/overview.html",
                |_| Value::UNDEFINED,
                Some(&errors),
                extra,
            )
            .await
        }
    }
}

// Birth of an unborn child.

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct BirthForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    date_of_birth_day: String,
    #[serde(default)]
    date_of_birth_month: String,
    #[serde(default)]
    date_of_birth_year: String,
}

pub async fn birth_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    show(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/birth.html",
        |_| render::value(BirthForm::default()),
        None,
    )
    .await
}

pub async fn birth_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<BirthForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let mut errors = FieldErrors::new();
    let date_of_birth = date_from_parts(
        &mut errors,
        "date_of_birth",
        "Date of birth",
        &form.date_of_birth_day,
        &form.date_of_birth_month,
        &form.date_of_birth_year,
    );
    let input = BirthInput {
        date_of_birth,
        sex: form.sex.clone(),
        given_name: form.given_name.clone(),
    };
    let parsed = with_parts(errors, Birth::parse(&input, state.clock.today()));
    submit!(
        state,
        checked,
        "person_details/birth.html",
        form,
        parsed,
        |birth| person_details.record_birth(checked.access(), &birth)
    )
}

// Death.

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct DeathForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    date_of_death_day: String,
    #[serde(default)]
    date_of_death_month: String,
    #[serde(default)]
    date_of_death_year: String,
}

pub async fn death_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    show(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "person_details/death.html",
        |_| render::value(DeathForm::default()),
        None,
    )
    .await
}

pub async fn death_submit(
    State(state): State<AppState>,
    State(person_details): State<Arc<dyn PersonDetails>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<DeathForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let mut errors = FieldErrors::new();
    let died_on = date_from_parts(
        &mut errors,
        "date_of_death",
        "Date of death",
        &form.date_of_death_day,
        &form.date_of_death_month,
        &form.date_of_death_year,
    );
    // The date is checked against the birth inside the store's transaction.
    let parsed = match (died_on, errors.is_empty()) {
        (Some(date), true) => Ok(date),
        (None, true) => check_death(None, None, state.clock.today()),
        _ => Err(errors),
    };
    submit!(
        state,
        checked,
        "person_details/death.html",
        form,
        parsed,
        |date| person_details.record_death(checked.access(), date)
    )
}
