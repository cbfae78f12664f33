//! Correcting the manager's decision on a referral, and the referral's own page, where
//! managers in the child's line and auditors see every version of the decision.
//!
//! Correcting is for the holders of `Action::Allocate`, who may record the decision: a
//! correction is the same management decision, made again with a reason.

use std::sync::Arc;

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::access::Action;
use journey_domain::front_door::{DecisionCorrection, DecisionCorrectionInput, ReferralId};
use journey_store::{FrontDoor, StoreError};
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::decision::decision_choices;
use super::form_page;
use crate::access::{Checked, ToAllocate, ToView};
use crate::auth::csrf;
use crate::error::{WebError, WebResult};
use crate::input::FormInput;
use crate::input::PathIds;
use crate::render;
use crate::state::AppState;

const FIELDS: &[&str] = &["option", "reasons", "correction_reason"];

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct CorrectionForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    option: String,
    #[serde(default)]
    reasons: String,
    #[serde(default)]
    correction_reason: String,
}

/// The correction form, filled with the decision's current version. Only a decided referral
/// of this child, on an open episode, has one.
pub async fn correction_form(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAllocate>,
    PathIds((_, referral)): PathIds<(i64, i64)>,
) -> WebResult<Response> {
    let record = front_door.front_door_record(checked.access()).await?;
    let episode = record
        .episodes
        .iter()
        .find(|e| e.referral == ReferralId(referral))
        .ok_or(WebError::NotFound)?;
    let decision = episode.decision.as_ref().ok_or(WebError::NotFound)?;
    if !episode.is_open() {
        return Err(WebError::NotFound);
    }
    // The corrected decision is a decision made now: its reasons are written afresh (the
    // decision being corrected is shown above the form), not edited from the old ones.
    let form = CorrectionForm {
        option: decision.option.code().to_owned(),
        ..CorrectionForm::default()
    };
    form_page(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "front_door/correction.html",
        render::value(&form),
        None,
        decision_choices(referral),
    )
    .await
}

pub async fn correct_decision(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToAllocate>,
    PathIds((_, referral)): PathIds<(i64, i64)>,
    FormInput(form): FormInput<CorrectionForm>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let input = DecisionCorrectionInput {
        option: form.option.clone(),
        reasons: form.reasons.clone(),
        correction_reason: form.correction_reason.clone(),
    };
    let result = match DecisionCorrection::parse(&input, ReferralId(referral)) {
        Ok(correction) => front_door
            .correct_decision(checked.access(), &correction)
            .await
            .map(|_| ()),
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/children/{child}/referrals/{referral}")).into_response())
        }
        Err(StoreError::Invalid(errors)) => {
            let errors = crate::forms::in_form_order(errors, FIELDS);
            form_page(
                &state,
                &checked.ctx,
                &checked.viewer,
                &checked.permitted,
                "front_door/correction.html",
                render::value(&form),
                Some(&errors),
                decision_choices(referral),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// One referral: its episode and decision. Managers in the child's line and auditors see every
/// version of a corrected decision; others see the current one, marked as corrected.
pub async fn referral_page(
    State(state): State<AppState>,
    State(front_door): State<Arc<dyn FrontDoor>>,
    checked: Checked<ToView>,
    PathIds((_, referral)): PathIds<(i64, i64)>,
) -> WebResult<Response> {
    let known = front_door.front_door_record(checked.access()).await?;
    let episode = known
        .episodes
        .iter()
        .find(|e| e.referral == ReferralId(referral))
        .ok_or(WebError::NotFound)?;
    let may_correct = checked.permitted.also_allows(Action::Allocate)
        && episode.is_open()
        && episode.decision.is_some();
    form_page(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        "front_door/referral_page.html",
        minijinja::Value::UNDEFINED,
        None,
        context! { referral_id => referral, may_correct },
    )
    .await
}
