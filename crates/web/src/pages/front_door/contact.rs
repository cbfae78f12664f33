//! Recording a contact about a child, and making a contact a referral.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use journey_domain::front_door::{
    ContactId, ContactInput, NewContact, NewReferral, PrimaryNeed, ReferralInput, ReferralSource,
};
use journey_domain::timescales::Timescales;
use journey_domain::uk_time;
use journey_domain::validation::FieldErrors;
use journey_store::{FrontDoor, StoreError};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::view::code_items;
use super::{form_page, in_form_order};
use crate::access::{Checked, ToAdd, ToRecordContact};
use crate::auth::csrf;
use crate::error::{WebError, WebResult};
use crate::forms::date_from_parts;
use crate::input::FormInput;
use crate::input::PathIds;
use crate::render;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ContactForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    received_date_day: String,
    #[serde(default)]
    received_date_month: String,
    #[serde(default)]
    received_date_year: String,
    #[serde(default)]
    received_time: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    referrer_name: String,
    #[serde(default)]
    referrer_role: String,
    #[serde(default)]
    concerns: String,
}

const CONTACT_FIELDS: &[&str] = &[
    "received_date",
    "received_time",
    "source",
    "referrer_name",
    "referrer_role",
    "concerns",
];

fn contact_choices() -> minijinja::Value {
    let mut sources = vec![serde_json::json!({ "value": "", "text": "Choose the source" })];
    sources.extend(code_items(
        ReferralSource::ALL,
        ReferralSource::code,
        ReferralSource::label,
        true,
    ));
    context! { sources => render::value(sources) }
}

pub async fn contact_form(
    State(state): State<AppState>,
    checked: Checked<ToRecordContact>,
) -> WebResult<Response> {
    // Filled with the date and time on the clocks in England, which is how they are read back.
    let now = state.clock.now();
    let today = uk_time::local_date(now);
    let form = ContactForm {
        received_date_day: today.day().to_string(),
        received_date_month: today.month().to_string(),
        received_date_year: today.year().to_string(),
        received_time: uk_time::clock_time(now),
        ..ContactForm::default()
    };
    form_page(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "front_door/contact.html",
        render::value(&form),
        None,
        contact_choices(),
    )
    .await
}

fn parse_contact(
    form: &ContactForm,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<NewContact, FieldErrors> {
    let mut errors = FieldErrors::new();
    let received_date = date_from_parts(
        &mut errors,
        "received_date",
        "Date received",
        &form.received_date_day,
        &form.received_date_month,
        &form.received_date_year,
    );
    let input = ContactInput {
        received_date,
        received_time: form.received_time.clone(),
        source: form.source.clone(),
        referrer_name: form.referrer_name.clone(),
        referrer_role: form.referrer_role.clone(),
        concerns: form.concerns.clone(),
    };
    match NewContact::parse(&input, now) {
        Ok(contact) if errors.is_empty() => Ok(contact),
        Ok(_) => Err(errors),
        Err(more) => Err(in_form_order(errors, more, CONTACT_FIELDS)),
    }
}

pub async fn record_contact(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToRecordContact>,
    FormInput(form): FormInput<ContactForm>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let result = match parse_contact(&form, checked.access().actor().at) {
        Ok(contact) => front_door.record_contact(checked.access(), &contact).await,
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/children/{child}#front-door")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            form_page(
                &state,
                &checked.ctx,
                &checked.viewer,
                &checked.permitted,
                "front_door/contact.html",
                render::value(&form),
                Some(&errors),
                contact_choices(),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ReferralForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    referral_date_day: String,
    #[serde(default)]
    referral_date_month: String,
    #[serde(default)]
    referral_date_year: String,
    #[serde(default)]
    primary_need: String,
}

const REFERRAL_FIELDS: &[&str] = &["contact", "referral_date", "primary_need"];

fn referral_choices(contact: i64) -> minijinja::Value {
    let needs = code_items(
        PrimaryNeed::ALL,
        PrimaryNeed::code,
        PrimaryNeed::label,
        true,
    );
    context! { needs => render::value(needs), contact_id => contact }
}

pub async fn referral_form(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAdd>,
    PathIds((_, contact)): PathIds<(i64, i64)>,
) -> WebResult<Response> {
    // Only to know the contact is this child's; the page's own read below is recorded.
    let known = front_door.front_door_record(checked.access()).await?;
    if !known.contacts.iter().any(|c| c.id == ContactId(contact)) {
        return Err(WebError::NotFound);
    }
    let today = state.clock.today();
    let form = ReferralForm {
        referral_date_day: today.format("%-d").to_string(),
        referral_date_month: today.format("%-m").to_string(),
        referral_date_year: today.format("%Y").to_string(),
        ..ReferralForm::default()
    };
    form_page(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "front_door/referral.html",
        render::value(&form),
        None,
        referral_choices(contact),
    )
    .await
}

fn parse_referral(
    form: &ReferralForm,
    contact: ContactId,
    today: chrono::NaiveDate,
    timescales: &Timescales,
) -> Result<NewReferral, FieldErrors> {
    let mut errors = FieldErrors::new();
    let referral_date = date_from_parts(
        &mut errors,
        "referral_date",
        "Referral date",
        &form.referral_date_day,
        &form.referral_date_month,
        &form.referral_date_year,
    );
    let input = ReferralInput {
        referral_date,
        primary_need: form.primary_need.clone(),
    };
    match NewReferral::parse(&input, contact, today, timescales) {
        Ok(referral) if errors.is_empty() => Ok(referral),
        Ok(_) => Err(errors),
        Err(more) => Err(in_form_order(errors, more, REFERRAL_FIELDS)),
    }
}

pub async fn make_referral(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAdd>,
    PathIds((_, contact)): PathIds<(i64, i64)>,
    FormInput(form): FormInput<ReferralForm>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let today = state.clock.today();
    let timescales = &state.config.timescales;
    let result = match parse_referral(&form, ContactId(contact), today, timescales) {
        Ok(referral) => front_door.make_referral(checked.access(), &referral).await,
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/children/{child}#front-door")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            form_page(
                &state,
                &checked.ctx,
                &checked.viewer,
                &checked.permitted,
                "front_door/referral.html",
                render::value(&form),
                Some(&errors),
                referral_choices(contact),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
