//! Links waiting for a manager: the list on the manager's home page ("for your attention") and
//! the page where one is confirmed or refused, `/relationship-proposals/{id}`. Only a manager
//! who may open both records (`links::decider`) sees a proposal or may decide it; anyone else
//! is told it was not found, and the attempt is recorded as a refusal on the proposer's child.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Extension, Router};
use journey_domain::validation::FieldErrors;
use journey_store::{Actor, ChildAccess, ProposedLink, Records, RelationshipProposals, StoreError};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::auth::{Viewer, csrf};
use crate::capabilities::merges as merging;
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::forms::error_values;
use crate::input::FormInput;
use crate::links;
use crate::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/relationship-proposals/{proposal}",
        get(decision_form).post(decide),
    )
}

/// The links, and the merges, waiting for this manager, each list shown recorded as seen; `UNDEFINED` for
/// anyone who decides none.
pub async fn home_panel(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
) -> WebResult<Value> {
    if !viewer.role.is_manager() {
        return Ok(Value::UNDEFINED);
    }
    let actor = viewer.actor(ctx, state);
    let waiting = links::waiting_for(state.store.as_ref(), state.store.as_ref(), &actor).await?;
    let merges = merging::waiting_for(state.store.as_ref(), state.store.as_ref(), &actor).await?;
    Ok(context! { waiting => render::value(&waiting), merges_waiting => render::value(&merges) })
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct DecisionForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// The proposal, when this viewer may decide it (`links::to_decide`); an id that cannot be read
/// names no proposal, so it is "not found" like one that does not exist.
async fn for_decider(
    records: &dyn Records,
    proposals: &dyn RelationshipProposals,
    actor: &Actor,
    id: &str,
) -> WebResult<(ProposedLink, ChildAccess, Option<ChildAccess>)> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    Ok(links::to_decide(records, proposals, actor, id).await?)
}

fn render_form(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    link: &ProposedLink,
    form: &DecisionForm,
    errors: Option<&FieldErrors>,
) -> WebResult<Response> {
    let shown = errors.map(error_values).unwrap_or_else(|| context! {});
    let values = context! { link => render::value(link), form => render::value(form), ..shown };
    let status = if errors.is_some() {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    } else {
        axum::http::StatusCode::OK
    };
    render::page_with_status(
        state,
        ctx,
        Some(viewer),
        "/",
        "families/proposal.html",
        values,
        status,
    )
}

pub async fn decision_form(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    State(proposals): State<Arc<dyn RelationshipProposals>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> WebResult<Response> {
    let actor = viewer.actor(&ctx, &state);
    let (link, _, _) = for_decider(records.as_ref(), proposals.as_ref(), &actor, &id).await?;
    proposals
        .record_proposals_seen(&actor, &[link.child, link.person])
        .await?;
    render_form(&state, &ctx, &viewer, &link, &DecisionForm::default(), None)
}

pub async fn decide(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    State(proposals): State<Arc<dyn RelationshipProposals>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(id): Path<String>,
    FormInput(form): FormInput<DecisionForm>,
) -> WebResult<Response> {
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    let actor = viewer.actor(&ctx, &state);
    let (link, child, far_end) =
        for_decider(records.as_ref(), proposals.as_ref(), &actor, &id).await?;
    let result = match links::parse_decision(&form.decision, &form.reason) {
        Ok(decision) => {
            proposals
                .decide_proposal(&child, far_end.as_ref(), link.id, &decision)
                .await
        }
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/children/{}/family", link.child)).into_response()),
        Err(StoreError::Invalid(errors)) => {
            render_form(&state, &ctx, &viewer, &link, &form, Some(&errors))
        }
        Err(other) => Err(other.into()),
    }
}
