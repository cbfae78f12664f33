//! The child's record: recording a new child, opening the record and the whole chronology.
//! Who has viewed it is `pages::access_log`.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::access::{Action, Capability};
use journey_domain::person::{ChildInput, NewChild};
use journey_domain::validation::FieldErrors;
use journey_store::{Families, Records};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::access::{Checked, ToView};
use crate::auth::{Viewer, csrf};
use crate::capabilities::children::register;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::{date_from_parts, error_values};
use crate::input::FormInput;
use crate::pages;
use crate::pages::chronology_line::LineWords;
use crate::render;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct NewChildForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    #[serde(default)]
    date_of_birth_day: String,
    #[serde(default)]
    date_of_birth_month: String,
    #[serde(default)]
    date_of_birth_year: String,
    #[serde(default)]
    expected_date_of_birth_day: String,
    #[serde(default)]
    expected_date_of_birth_month: String,
    #[serde(default)]
    expected_date_of_birth_year: String,
    #[serde(default)]
    sex: String,
    /// "yes" once the worker has looked at the likely matches and chosen to record anyway.
    #[serde(default)]
    none_match: String,
    /// "yes" when the form being sent back is the one that listed likely matches.
    #[serde(default)]
    matches_shown: String,
}

/// How many likely matches the new-child form lists.
const LIKELY_MATCHES: u32 = 10;

pub async fn new_form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::RegisterPeople).await?;
    let values = context! { form => render::value(NewChildForm::default()) };
    render::page(
        &state,
        &ctx,
        Some(&viewer),
        "/children/new",
        "pages/new_child.html",
        values,
    )
}

/// Parses the form into a child, or every problem found, each at its field.
fn parse_new_child(form: &NewChildForm, today: chrono::NaiveDate) -> Result<NewChild, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date_of_birth = date_from_parts(
        &mut errors,
        "date_of_birth",
        "Date of birth",
        &form.date_of_birth_day,
        &form.date_of_birth_month,
        &form.date_of_birth_year,
    );
    let expected_date_of_birth = date_from_parts(
        &mut errors,
        "expected_date_of_birth",
        "Expected date of birth",
        &form.expected_date_of_birth_day,
        &form.expected_date_of_birth_month,
        &form.expected_date_of_birth_year,
    );
    let input = ChildInput {
        given_name: form.given_name.clone(),
        family_name: form.family_name.clone(),
        date_of_birth,
        expected_date_of_birth,
        sex: form.sex.clone(),
    };
    match NewChild::parse(&input, today) {
        Ok(child) if errors.is_empty() => Ok(child),
        Ok(_) => Err(errors),
        Err(domain_errors) => {
            errors.merge(domain_errors);
            Err(crate::forms::in_form_order(
                errors,
                &[
                    "given_name",
                    "family_name",
                    "date_of_birth",
                    "expected_date_of_birth",
                    "sex",
                ],
            ))
        }
    }
}

/// Records a new child. The worker who records the child holds them (allocated in their own
/// team) until a manager allocates; otherwise nobody could open the new record.
pub async fn create(
    State(state): State<AppState>,
    State(families): State<Arc<dyn Families>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    FormInput(form): FormInput<NewChildForm>,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::RegisterPeople).await?;
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    let child = match parse_new_child(&form, state.clock.today()) {
        Ok(child) => child,
        Err(errors) => {
            let values = context! { form => render::value(&form), ..error_values(&errors) };
            return render::page_with_status(
                &state,
                &ctx,
                Some(&viewer),
                "/children/new",
                "pages/new_child.html",
                values,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    // Search before create: a likely match must be looked at, and recording anyway is a
    // deliberate choice ("None of these is the child").
    if form.none_match != "yes" {
        let actor = viewer.actor(&ctx, &state);
        let matches = families
            .likely_matches(&actor, &child, LIKELY_MATCHES)
            .await?;
        if !matches.is_empty() {
            let matches: Vec<_> = matches
                .iter()
                .map(|m| {
                    context! {
                        hit => render::value(&m.hit),
                        reasons => m.reasons.iter().map(|r| r.label()).collect::<Vec<_>>(),
                    }
                })
                .collect();
            let (errors, status) = if form.matches_shown == "yes" {
                (
                    FieldErrors::single(
                        "none_match",
                        "Open the matching record, or select 'None of these is the child' to record a new child",
                    ),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
            } else {
                (FieldErrors::new(), StatusCode::OK)
            };
            let values =
                context! { form => render::value(&form), matches, ..error_values(&errors) };
            return render::page_with_status(
                &state,
                &ctx,
                Some(&viewer),
                "/children/new",
                "pages/new_child.html",
                values,
                status,
            );
        }
    }
    let id = register(&state, &ctx, &viewer, &child).await?;
    Ok(Redirect::to(&format!("/children/{id}")).into_response())
}

pub async fn record(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    checked: Checked<ToView>,
) -> WebResult<Response> {
    let (ctx, permitted) = (&checked.ctx, &checked.permitted);
    let mut record = records.open_child_record(checked.access()).await?;
    let (panels, places) = crate::registry::record_panels(&state, ctx, permitted).await?;
    // The lines in words once here; the record's own copy is not serialised twice.
    let recent_chronology: Vec<_> = std::mem::take(&mut record.recent_chronology)
        .into_iter()
        .map(|entry| {
            let words = LineWords::of(&entry);
            context! {
                when => words.when,
                recorded => words.recorded,
                significant => entry.significant,
                summary => entry.summary,
            }
        })
        .collect();
    let values = context! {
        panels,
        places,
        recent_chronology,
        sex_label => record.child.sex.label(),
        may_view_access_log => permitted.also_allows(Action::ViewAccessLog),
        record => render::value(&record),
    };
    render::page(
        &state,
        ctx,
        Some(&checked.viewer),
        "",
        "pages/record.html",
        values,
    )
}

/// The chronology page: filters, family members' events and the print layout are the
/// `case_notes` capability's (see `pages::case_notes::chronology`).
pub async fn chronology(
    State(state): State<AppState>,
    checked: Checked<ToView>,
    Query(query): Query<pages::case_notes::chronology::ChronologyQuery>,
) -> WebResult<Response> {
    pages::case_notes::chronology::page(&state, &checked, query).await
}
