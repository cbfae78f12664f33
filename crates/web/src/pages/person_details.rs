//! The child's details: identifiers, demographics, name, addresses, warnings, birth and death
//! (the "Change details" pages), and the case summary on the record page.

mod corrections;
mod forms;
mod related;

use axum::Router;
use axum::routing::{get, post};
use chrono::NaiveDate;
use journey_domain::access::Action;
use journey_domain::person_details::codes::{self, DISABILITY, ETHNICITY};
use journey_domain::person_details::{NhsNumber, authority_child_id};
use journey_store::person_details::PersonDetailsRecord;
use minijinja::{Value, context};
use serde::Serialize;

use crate::access::Permitted;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::render;
use crate::state::AppState;

/// This capability's page routes, merged into the app's router.
pub fn routes() -> Router<AppState> {
    use forms::*;
    Router::new()
        .route("/children/{child}/details", get(overview))
        .route(
            "/children/{child}/details/identifiers",
            get(identifiers_form).post(identifiers_submit),
        )
        .route(
            "/children/{child}/details/name",
            get(name_form).post(name_submit),
        )
        .route(
            "/children/{child}/details/expected-date",
            get(expected_form).post(expected_submit),
        )
        .route(
            "/children/{child}/details/address",
            get(address_form).post(address_submit),
        )
        .route(
            "/children/{child}/details/warnings",
            get(warning_form).post(warning_submit),
        )
        .route(
            "/children/{child}/details/warnings/{warning}/end",
            post(end_warning),
        )
        .route(
            "/children/{child}/details/birth",
            get(birth_form).post(birth_submit),
        )
        .route(
            "/children/{child}/details/death",
            get(death_form).post(death_submit),
        )
        .route(
            "/children/{child}/details/addresses/{address}/correction",
            get(corrections::address_form).post(corrections::address_submit),
        )
        .route(
            "/children/{child}/details/birth/correction",
            get(corrections::birth_form).post(corrections::birth_submit),
        )
        .route(
            "/children/{child}/details/death/correction",
            get(corrections::death_form).post(corrections::death_submit),
        )
        .route(
            "/children/{child}/people/{person}/nhs-number",
            get(related::nhs_form).post(related::nhs_submit),
        )
        .route(
            "/children/{child}/people/{person}/address",
            get(related::address_form).post(related::address_submit),
        )
        .route(
            "/children/{child}/people/{person}/warnings",
            get(related::warning_form).post(related::warning_submit),
        )
        .route(
            "/children/{child}/people/{person}/warnings/{warning}/end",
            post(related::end_warning),
        )
}

macro_rules! templates {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../templates/", $name)))),*]
    };
}

/// This capability's templates, registered with the environment: (name, source).
pub const TEMPLATES: &[(&str, &str)] = templates!(
    "record/person_details.html",
    "person_details/overview.html",
    "person_details/identifiers.html",
    "person_details/name.html",
    "person_details/expected_date.html",
    "person_details/address.html",
    "person_details/warning.html",
    "person_details/birth.html",
    "person_details/death.html",
    "person_details/related_nhs_number.html",
    "person_details/related_address.html",
    "person_details/related_warning.html",
    "person_details/address_correction.html",
    "person_details/date_correction.html",
);

/// A row of a GOV.UK summary list, as text (the template escapes it).
#[derive(Serialize)]
struct Row {
    key: Text,
    value: Text,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

fn row(key: &str, value: impl Into<String>) -> Row {
    Row {
        key: Text {
            text: key.to_owned(),
        },
        value: Text { text: value.into() },
    }
}

pub use crate::capabilities::person_details::summary_of;

/// The case summary and everything the details pages show, derived from the record.
pub fn view(details: &PersonDetailsRecord, today: NaiveDate) -> Value {
    let child = &details.child;
    let current_warnings: Vec<_> = details
        .warnings
        .iter()
        .filter(|w| w.is_current(today))
        .collect();
    let summary = summary_of(details, today);
    let nhs = details
        .nhs_number
        .as_deref()
        .map(|n| NhsNumber::parse(n).map_or_else(|_| n.to_owned(), |n| n.spaced()));
    let mut rows = vec![
        row("Authority child ID", authority_child_id(child.id)),
        row("Age", summary.age.clone()),
        row("Status", summary.status),
        row(
            "Lives at",
            summary
                .lives_at
                .clone()
                .unwrap_or_else(|| "No address recorded".into()),
        ),
        row(
            "Allocated to",
            summary
                .allocated
                .clone()
                .unwrap_or_else(|| "Not allocated".into()),
        ),
    ];
    if let Some(upn) = &details.upn {
        rows.push(row("UPN", upn.clone()));
    }
    if let Some(nhs) = &nhs {
        rows.push(row("NHS number", nhs.clone()));
    }
    rows.extend(
        summary
            .key_dates
            .iter()
            .map(|k| row(k.label, k.date.format("%-d %B %Y").to_string())),
    );
    let warnings: Vec<Value> = details
        .warnings
        .iter()
        .map(|w| {
            context! {
                id => w.id.0,
                label => w.category.label(),
                text => w.text.as_str(),
                from => w.from.to_string(),
                until => w.until.map(|u| u.to_string()),
                current => w.is_current(today),
                recorded_by => w.recorded_by.as_str(),
            }
        })
        .collect();
    context! {
        child_id => child.id.0,
        child_name => format!("{} {}", child.given_name, child.family_name),
        authority_id => authority_child_id(child.id),
        unborn => child.date_of_birth.is_none(),
        deceased => details.date_of_death.is_some(),
        summary => render::value(&summary),
        summary_rows => render::value(&rows),
        current_warnings => current_warnings.iter().map(|w| context! { label => w.category.label(), text => w.text.as_str() }).collect::<Vec<_>>(),
        family_warnings => details.family_warnings.iter().map(|f| context! { person => f.person.0, name => f.name.as_str(), label => f.warning.category.label(), text => f.warning.text.as_str() }).collect::<Vec<_>>(),
        warnings,
        nhs_number => nhs,
        ethnicity_label => details.ethnicity.as_deref().map(|e| codes::label(ETHNICITY, e).to_owned()),
        disability_labels => details.disabilities.iter().map(|d| codes::label(DISABILITY, d).to_owned()).collect::<Vec<_>>(),
        details => render::value(details),
    }
}

/// The case summary on the record page. The record's own access record covers it.
pub async fn record_panel(
    state: &AppState,
    _ctx: &RequestContext,
    permitted: &Permitted,
) -> WebResult<Value> {
    let today = state.clock.today();
    let details = state.store.person_details(&permitted.access).await?;
    Ok(context! {
        may_change => permitted.also_allows(Action::AddToRecord),
        ..view(&details, today)
    })
}
