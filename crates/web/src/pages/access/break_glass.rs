//! Opening a record without a working relationship by giving a reason, and the page where
//! the managers told of it review it. The form is the same for every Journey ID, whether or not
//! a child has it: nothing here says whether a record exists until a reason is on the record.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::access::{Action, may_break_glass};
use journey_domain::ids::{PersonId, StaffId};
use journey_domain::validation::FieldErrors;
use journey_domain::wider_access::BreakGlassRequest;
use journey_store::{Attention, BreakGlass, Directory, Records, StoreError};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::forms::error_values;
use crate::input::{FormInput, PathIds};
use crate::render;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct BreakGlassForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    approver: String,
}

/// Only roles that may break glass reach the form; an id that cannot be read is refused like
/// any record the viewer may not open.
fn child_for(viewer: &Viewer, child: &str) -> WebResult<PersonId> {
    if !may_break_glass(viewer.role) {
        return Err(WebError::Refused);
    }
    child.parse().map(PersonId).map_err(|_| WebError::Refused)
}

/// Team and service managers other than the viewer, who may approve opening a restricted
/// record.
async fn approvers(directory: &dyn Directory, viewer: &Viewer) -> WebResult<Vec<minijinja::Value>> {
    let mut items = vec![context! { value => "", text => "No approver" }];
    items.extend(
        directory
            .staff_list()
            .await?
            .into_iter()
            .filter(|s| s.role.is_manager() && !s.disabled && s.id != viewer.staff)
            .map(|s| {
                let text = match &s.team_name {
                    Some(team) => format!("{} ({}, {team})", s.display_name, s.role.label()),
                    None => format!("{} ({})", s.display_name, s.role.label()),
                };
                context! { value => s.id.0.to_string(), text }
            }),
    );
    Ok(items)
}

async fn render_form(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    child: PersonId,
    form: &BreakGlassForm,
    errors: Option<&FieldErrors>,
) -> WebResult<Response> {
    let shown = errors.map(error_values).unwrap_or_else(|| context! {});
    let approvers = approvers(state.store.as_ref(), viewer).await?;
    let values = context! {
        child_id => child.0,
        form => render::value(form),
        approvers,
        ..shown
    };
    let status = if errors.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render::page_with_status(
        state,
        ctx,
        Some(viewer),
        "",
        "access/break_glass.html",
        values,
        status,
    )
}

pub async fn form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    PathIds(child): PathIds<String>,
) -> WebResult<Response> {
    let child = child_for(&viewer, &child)?;
    render_form(
        &state,
        &ctx,
        &viewer,
        child,
        &BreakGlassForm::default(),
        None,
    )
    .await
}

pub async fn open(
    State(state): State<AppState>,
    State(break_glass): State<Arc<dyn BreakGlass>>,
    State(records): State<Arc<dyn Records>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    PathIds(child): PathIds<String>,
    FormInput(form): FormInput<BreakGlassForm>,
) -> WebResult<Response> {
    let child = child_for(&viewer, &child)?;
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    let actor = viewer.actor(&ctx, &state);
    let result = match BreakGlassRequest::parse(&form.reason, &form.approver) {
        Ok(request) => {
            break_glass
                .break_glass(
                    &actor,
                    child,
                    &request.reason,
                    request.approver.map(StaffId),
                )
                .await
        }
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/children/{child}")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            render_form(&state, &ctx, &viewer, child, &form, Some(&errors)).await
        }
        // No such child: the attempt is recorded like any refusal, and only now, with a reason
        // on the record, is the viewer told there is nothing to open.
        Err(StoreError::NotFound) => {
            records
                .record_refusal(&actor, child, Action::ViewRecord)
                .await?;
            Err(WebError::NotFound)
        }
        Err(other) => Err(other.into()),
    }
}

/// The opening, for a manager it was posted to, with its "Mark as reviewed" button while it
/// waits for them.
pub async fn review(
    State(state): State<AppState>,
    State(break_glass): State<Arc<dyn BreakGlass>>,
    State(attention): State<Arc<dyn Attention>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    PathIds(opening): PathIds<i64>,
) -> WebResult<Response> {
    let opened = break_glass
        .break_glass_opening(viewer.staff, opening)
        .await?;
    let link = format!("/break-glass/{opening}");
    let waiting = attention
        .waiting_for(viewer.staff)
        .await?
        .into_iter()
        .find(|item| item.link == link)
        .map(|item| item.id);
    let values = context! { opened => render::value(&opened), waiting };
    render::page(
        &state,
        &ctx,
        Some(&viewer),
        "/",
        "access/review.html",
        values,
    )
}
