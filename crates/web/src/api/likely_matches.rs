//! Search before create for `POST /api/children`: as on the new-child form, a child who may
//! already be on record is not recorded again until the client says none of the likely matches
//! is the child (`"none_match": true`). Until then the answer is 409 Conflict with the matches:
//! the request is well formed (so not 422, which Journey keeps for problems at a field) but
//! conflicts with records that already exist.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use journey_domain::person::NewChild;
use journey_store::LikelyMatch;
use serde_json::{Value, json};

use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::state::AppState;

/// How many likely matches the API lists, as the form does.
const LIMIT: u32 = 10;

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
    let listed: Vec<Value> = matches.iter().map(listed).collect();
    Ok(Some(
        (
            StatusCode::CONFLICT,
            Json(json!({
                "error": "Likely matches",
                "message": "People on record may be this child. Open the matching record, or send the request again with \"none_match\": true to record a new child.",
                "likely_matches": listed,
            })),
        )
            .into_response(),
    ))
}

fn listed(m: &LikelyMatch) -> Value {
    json!({
        "id": m.hit.id,
        "given_name": m.hit.given_name,
        "family_name": m.hit.family_name,
        "date_of_birth": m.hit.date_of_birth,
        "expected_date_of_birth": m.hit.expected_date_of_birth,
        "is_child": m.hit.is_child,
        "reasons": m.reasons.iter().map(|r| json!({ "code": r, "text": r.label() })).collect::<Vec<_>>(),
    })
}
