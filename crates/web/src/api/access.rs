//! The "for your attention" list through the API: what waits for the signed-in member of
//! staff, and acknowledging one item (audited), as the home page does.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use journey_domain::validation::FieldErrors;
use journey_store::{Attention, AttentionItem};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::body::ApiBody;
use super::schema::{ChildWrite, CsrfHeader, Read};
use super::{answer, check_header, field_errors};
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::state::AppState;

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(waiting))
        .routes(routes!(acknowledge))
}

/// One thing waiting for the signed-in member of staff.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttentionItemView {
    id: i64,
    /// `break_glass_review` or `referral_decided`.
    kind: String,
    /// The Journey ID of the record it concerns, if any.
    child_id: Option<i64>,
    summary: String,
    /// The page where it is dealt with.
    link: String,
    /// RFC 3339, UTC.
    created_at: String,
}

impl From<AttentionItem> for AttentionItemView {
    fn from(item: AttentionItem) -> Self {
        AttentionItemView {
            id: item.id,
            kind: item.kind.code().to_owned(),
            child_id: item.child.map(|c| c.0),
            summary: item.summary,
            link: item.link,
            created_at: item
                .created_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttentionBody {
    items: Vec<AttentionItemView>,
}

/// What waits for the signed-in member of staff, oldest first.
#[utoipa::path(
    get, path = "/attention", tag = "attention",
    responses((status = 200, description = "The items waiting", body = AttentionBody), Read)
)]
pub async fn waiting(
    State(attention): State<Arc<dyn Attention>>,
    viewer: Viewer,
) -> WebResult<Json<AttentionBody>> {
    let items = attention.waiting_for(viewer.staff).await?;
    Ok(Json(AttentionBody {
        items: items.into_iter().map(AttentionItemView::from).collect(),
    }))
}

/// Which of the signed-in member of staff's items to acknowledge.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AcknowledgementBody {
    /// The item's id, from GET /api/attention.
    pub item_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Acknowledged {
    item_id: i64,
}

/// Acknowledge one of the signed-in member of staff's waiting items (for a break-glass, mark
/// it reviewed), with an audit record. 404 for an item that is not theirs or is already
/// acknowledged.
#[utoipa::path(
    post, path = "/attention/acknowledgements", tag = "attention",
    params(CsrfHeader),
    request_body = AcknowledgementBody,
    responses((status = 200, description = "Acknowledged", body = Acknowledged), ChildWrite)
)]
pub async fn acknowledge(
    State(state): State<AppState>,
    State(attention): State<Arc<dyn Attention>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<AcknowledgementBody>,
) -> WebResult<Response> {
    check_header(&viewer, &headers)?;
    let item = body
        .item_id
        .ok_or_else(|| FieldErrors::single("item_id", "Enter the id of the item"));
    let item = match super::body::checked(problems, item) {
        Ok(item) => item,
        Err(errors) => return Ok(field_errors(errors)),
    };
    attention
        .acknowledge(&viewer.actor(&ctx, &state), item)
        .await?;
    Ok(answer(StatusCode::OK, Acknowledged { item_id: item }))
}
