//! Links waiting for a manager, through the API: the list waiting for the signed-in manager
//! and the decision on one. The same rule as the pages (`links::decider`): only a manager who
//! may open both records sees or decides a proposal; anyone else gets 404, recorded as a
//! refusal on the proposer's child.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use journey_store::{Records, RelationshipProposals, StoreError};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::body::ApiBody;
use super::schema::{ChildWrite, CsrfHeader, Read};
use super::views::{Api, ProposedLinkView};
use super::{answer, check_header, field_errors};
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::links;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(waiting))
        .routes(routes!(decide))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingBody {
    relationship_proposals: Vec<ProposedLinkView>,
}

/// The links waiting for the signed-in manager to confirm or refuse, oldest first (an empty
/// list for anyone else). The list is recorded as seen.
#[utoipa::path(
    get, path = "/relationship-proposals", tag = "families",
    responses((status = 200, description = "The links waiting", body = WaitingBody), Read)
)]
pub async fn waiting(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    State(proposals): State<Arc<dyn RelationshipProposals>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Json<WaitingBody>> {
    let actor = viewer.actor(&ctx, &state);
    let waiting = links::waiting_for(records.as_ref(), proposals.as_ref(), &actor).await?;
    Ok(Json(WaitingBody {
        relationship_proposals: waiting.api(),
    }))
}

/// Confirm, or refuse with a reason.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DecisionCode {
    Confirm,
    Refuse,
}

/// A manager's decision on a link.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct LinkDecisionBody {
    pub decision: Option<DecisionCode>,
    /// Why the link is refused (required when refusing).
    pub reason: String,
}

/// The event that recorded the decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct Decided {
    event: i64,
}

/// Confirm or refuse a link waiting for the signed-in manager.
#[utoipa::path(
    post, path = "/relationship-proposals/{proposal_id}", tag = "families",
    params(("proposal_id" = i64, Path, description = "The proposal's id"), CsrfHeader),
    request_body = LinkDecisionBody,
    responses((status = 200, description = "Decided", body = Decided), ChildWrite)
)]
#[allow(clippy::too_many_arguments)] // one extractor each: the handler's inputs, as axum reads them
pub async fn decide(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    State(proposals): State<Arc<dyn RelationshipProposals>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(id): Path<String>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<LinkDecisionBody>,
) -> WebResult<Response> {
    check_header(&viewer, &headers)?;
    let actor = viewer.actor(&ctx, &state);
    // An id that cannot be read names no proposal: 404, like one that does not exist.
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    let (_, child, far_end) =
        links::to_decide(records.as_ref(), proposals.as_ref(), &actor, id).await?;
    let decision = match body.decision {
        Some(DecisionCode::Confirm) => "confirm",
        Some(DecisionCode::Refuse) => "refuse",
        None => "",
    };
    let parsed = links::parse_decision(decision, &body.reason);
    let decision = match super::body::checked(problems, parsed) {
        Ok(decision) => decision,
        Err(errors) => return Ok(field_errors(errors)),
    };
    match proposals
        .decide_proposal(&child, far_end.as_ref(), id, &decision)
        .await
    {
        Ok(event) => Ok(answer(StatusCode::OK, Decided { event: event.0 })),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}
