//! Restricting a record, and lifting the restriction: managers of the child's line only.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::validation::FieldErrors;
use journey_domain::wider_access::RestrictionReason;
use journey_store::{Restrictions, StoreError};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::access::{Checked, ToRestrict};
use crate::auth::csrf;
use crate::error::WebResult;
use crate::forms::error_values;
use crate::input::FormInput;
use crate::render;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RestrictionForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    reason: String,
}

async fn render_form(
    state: &AppState,
    restrictions: &dyn Restrictions,
    checked: &Checked<ToRestrict>,
    form: &RestrictionForm,
    errors: Option<&FieldErrors>,
) -> WebResult<Response> {
    let shown = errors.map(error_values).unwrap_or_else(|| context! {});
    let current = restrictions.restriction(checked.access()).await?;
    let reasons: Vec<_> = RestrictionReason::ALL
        .into_iter()
        .map(|r| context! { value => r.code(), text => r.label() })
        .collect();
    let values = context! {
        child_id => checked.child().0,
        form => render::value(form),
        reasons,
        restricted => current.map(|r| r.reason.label()),
        ..shown
    };
    let status = if errors.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render::page_with_status(
        state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        "access/restriction.html",
        values,
        status,
    )
}

pub async fn form(
    State(state): State<AppState>,
    State(restrictions): State<Arc<dyn Restrictions>>,
    checked: Checked<ToRestrict>,
) -> WebResult<Response> {
    render_form(
        &state,
        restrictions.as_ref(),
        &checked,
        &RestrictionForm::default(),
        None,
    )
    .await
}

pub async fn restrict(
    State(state): State<AppState>,
    State(restrictions): State<Arc<dyn Restrictions>>,
    checked: Checked<ToRestrict>,
    FormInput(form): FormInput<RestrictionForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let result = match RestrictionReason::parse(&form.reason) {
        Ok(reason) => restrictions.restrict(checked.access(), reason).await,
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/children/{}", checked.child())).into_response()),
        Err(StoreError::Invalid(errors)) => {
            render_form(
                &state,
                restrictions.as_ref(),
                &checked,
                &form,
                Some(&errors),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn lift(
    State(restrictions): State<Arc<dyn Restrictions>>,
    checked: Checked<ToRestrict>,
    FormInput(form): FormInput<RestrictionForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    restrictions.lift_restriction(checked.access()).await?;
    Ok(Redirect::to(&format!("/children/{}", checked.child())).into_response())
}
