//! The manager's decision on a referral, and closing the child in need episode. Both are for
//! managers in the child's line (the holders of `Action::Allocate`): the decision on the type
//! of response is a management decision (Working Together 2023), and so is ending the episode.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::front_door::{
    ClosureInput, ClosureReason, DecisionInput, DecisionOption, EpisodeClosure, NewDecision,
    ReferralId,
};
use journey_domain::validation::FieldErrors;
use journey_store::{FrontDoor, StoreError};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::view::code_items;
use super::{form_page, in_form_order};
use crate::access::{Checked, Permitted, ToAllocate};
use crate::auth::csrf;
use crate::error::{WebError, WebResult};
use crate::forms::date_from_parts;
use crate::input::FormInput;
use crate::input::PathIds;
use crate::render;
use crate::state::AppState;

/// Refuses a referral that is not this child's (the record panel only links to real ones).
async fn known_referral(
    front_door: &dyn FrontDoor,
    permitted: &Permitted,
    referral: i64,
) -> WebResult<()> {
    let known = front_door.front_door_record(&permitted.access).await?;
    if known
        .episodes
        .iter()
        .any(|e| e.referral == ReferralId(referral))
    {
        Ok(())
    } else {
        Err(WebError::NotFound)
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct DecisionForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    option: String,
    #[serde(default)]
    reasons: String,
}

/// The decision options, for the decision form and its correction.
pub(super) fn decision_choices(referral: i64) -> minijinja::Value {
    let options = code_items(
        DecisionOption::ALL,
        DecisionOption::code,
        DecisionOption::label,
        false,
    );
    context! { options => render::value(options), referral_id => referral }
}

pub async fn decision_form(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAllocate>,
    PathIds((_, referral)): PathIds<(i64, i64)>,
) -> WebResult<Response> {
    known_referral(front_door.as_ref(), &checked.permitted, referral).await?;
    form_page(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "front_door/decision.html",
        render::value(DecisionForm::default()),
        None,
        decision_choices(referral),
    )
    .await
}

pub async fn record_decision(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAllocate>,
    PathIds((_, referral)): PathIds<(i64, i64)>,
    FormInput(form): FormInput<DecisionForm>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let input = DecisionInput {
        option: form.option.clone(),
        reasons: form.reasons.clone(),
    };
    let result = match NewDecision::parse(&input, ReferralId(referral)) {
        Ok(decision) => front_door
            .record_decision(checked.access(), &decision)
            .await
            .map(|_| ()),
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/children/{child}#front-door")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            form_page(
                &state,
                &checked.ctx,
                &checked.viewer,
                &checked.permitted,
                "front_door/decision.html",
                render::value(&form),
                Some(&errors),
                decision_choices(referral),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ClosureForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    closure_date_day: String,
    #[serde(default)]
    closure_date_month: String,
    #[serde(default)]
    closure_date_year: String,
    #[serde(default)]
    reason: String,
}

fn closure_choices(referral: i64) -> minijinja::Value {
    let reasons = code_items(
        ClosureReason::ALL,
        ClosureReason::code,
        ClosureReason::label,
        true,
    );
    context! { reasons => render::value(reasons), referral_id => referral }
}

pub async fn closure_form(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAllocate>,
    PathIds((_, referral)): PathIds<(i64, i64)>,
) -> WebResult<Response> {
    known_referral(front_door.as_ref(), &checked.permitted, referral).await?;
    let today = state.clock.today();
    let form = ClosureForm {
        closure_date_day: today.format("%-d").to_string(),
        closure_date_month: today.format("%-m").to_string(),
        closure_date_year: today.format("%Y").to_string(),
        ..ClosureForm::default()
    };
    form_page(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "front_door/closure.html",
        render::value(&form),
        None,
        closure_choices(referral),
    )
    .await
}

fn parse_closure(
    form: &ClosureForm,
    referral: ReferralId,
    today: chrono::NaiveDate,
) -> Result<EpisodeClosure, FieldErrors> {
    let mut errors = FieldErrors::new();
    let closure_date = date_from_parts(
        &mut errors,
        "closure_date",
        "Closure date",
        &form.closure_date_day,
        &form.closure_date_month,
        &form.closure_date_year,
    );
    let input = ClosureInput {
        closure_date,
        reason: form.reason.clone(),
    };
    match EpisodeClosure::parse(&input, referral, today) {
        Ok(closure) if errors.is_empty() => Ok(closure),
        Ok(_) => Err(errors),
        Err(more) => Err(in_form_order(errors, more, &["closure_date", "reason"])),
    }
}

pub async fn close_episode(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAllocate>,
    PathIds((_, referral)): PathIds<(i64, i64)>,
    FormInput(form): FormInput<ClosureForm>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let result = match parse_closure(&form, ReferralId(referral), state.clock.today()) {
        Ok(closure) => front_door
            .close_episode(checked.access(), &closure)
            .await
            .map(|_| ()),
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!("/children/{child}#front-door")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            form_page(
                &state,
                &checked.ctx,
                &checked.viewer,
                &checked.permitted,
                "front_door/closure.html",
                render::value(&form),
                Some(&errors),
                closure_choices(referral),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
