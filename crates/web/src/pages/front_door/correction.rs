//! Correcting the manager's decision on a referral, and the referral's own page, where
//! managers in the child's line and auditors see every version of the decision.
//!
//! Correcting is for the holders of `Action::Allocate`, who may record the decision: a
//! correction is the same management decision, made again with a reason.

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::access::Action;
use journey_domain::front_door::{DecisionCorrection, DecisionCorrectionInput, ReferralId};
use journey_domain::ids::PersonId;
use journey_store::StoreError;
use minijinja::context;
use serde::{Deserialize, Serialize};

use super::decision::decision_choices;
use super::form_page;
use crate::access;
use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::input::FormInput;
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
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path((child, referral)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let permitted = access::check(&state, &ctx, &viewer, PersonId(child), Action::Allocate).await?;
    let record = state
        .store
        .front_door_record(permitted.access.child)
        .await?;
    let episode = record
        .episodes
        .iter()
        .find(|e| e.referral == ReferralId(referral))
        .ok_or(WebError::NotFound)?;
    let decision = episode.decision.as_ref().ok_or(WebError::NotFound)?;
    if !episode.is_open() {
        return Err(WebError::NotFound);
    }
    let form = CorrectionForm {
        option: decision.option.code().to_owned(),
        reasons: decision.reasons.clone(),
        ..CorrectionForm::default()
    };
    form_page(
        &state,
        &ctx,
        &viewer,
        &permitted,
        "front_door/correction.html",
        render::value(&form),
        None,
        decision_choices(referral),
    )
    .await
}

pub async fn correct_decision(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path((child, referral)): Path<(i64, i64)>,
    FormInput(form): FormInput<CorrectionForm>,
) -> WebResult<Response> {
    let permitted = access::check(&state, &ctx, &viewer, PersonId(child), Action::Allocate).await?;
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    let input = DecisionCorrectionInput {
        option: form.option.clone(),
        reasons: form.reasons.clone(),
        correction_reason: form.correction_reason.clone(),
    };
    let result = match DecisionCorrection::parse(&input, ReferralId(referral)) {
        Ok(correction) => state
            .store
            .correct_decision(&permitted.access, &correction)
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
                &ctx,
                &viewer,
                &permitted,
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
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path((child, referral)): Path<(i64, i64)>,
) -> WebResult<Response> {
    let permitted =
        access::check(&state, &ctx, &viewer, PersonId(child), Action::ViewRecord).await?;
    let known = state
        .store
        .front_door_record(permitted.access.child)
        .await?;
    let episode = known
        .episodes
        .iter()
        .find(|e| e.referral == ReferralId(referral))
        .ok_or(WebError::NotFound)?;
    let may_correct =
        permitted.also_allows(Action::Allocate) && episode.is_open() && episode.decision.is_some();
    form_page(
        &state,
        &ctx,
        &viewer,
        &permitted,
        "front_door/referral_page.html",
        minijinja::Value::UNDEFINED,
        None,
        context! { referral_id => referral, may_correct },
    )
    .await
}
