//! Search before create for `POST /api/children`: as on the new-child form, a child who may
//! already be on record is not recorded again until the client says none of the likely matches
//! is the child (`"none_match": true`). Until then the answer is 409 Conflict with the matches:
//! the request is well formed (so not 422, which Journey keeps for problems at a field) but
//! conflicts with records that already exist.

use axum::http::StatusCode;
use axum::response::Response;
use journey_domain::person::NewChild;
use serde::Serialize;
use utoipa::ToSchema;

use super::answer;
use super::views::{Api, LikelyMatchView};
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::state::AppState;

/// How many likely matches the API lists, as the form does.
pub const LIMIT: u32 = 10;

/// The 409 answer: nothing was recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct LikelyMatches {
    /// "Likely matches".
    error: String,
    message: String,
    likely_matches: Vec<LikelyMatchView>,
}

/// The 409 answer when people on record may be this child; `None` when there are none. Each
/// match listed is recorded as seen by the viewer (the store's `likely_matches` does it).
pub async fn conflict(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    child: &NewChild,
) -> WebResult<Option<Response>> {
    let matches = state
        .store
        .likely_matches(&viewer.actor(ctx, state), child, LIMIT)
        .await?;
    if matches.is_empty() {
        return Ok(None);
    }
    Ok(Some(answer(
        StatusCode::CONFLICT,
        LikelyMatches {
            error: "Likely matches".into(),
            message: "People on record may be this child. Open the matching record, or send the request again with \"none_match\": true to record a new child.".into(),
            likely_matches: matches.api(),
        },
    )))
}
