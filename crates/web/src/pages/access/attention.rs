//! The "for your attention" list: shown on its owner's home page, each item acknowledged by
//! them (audited) from there or from the page the item links to.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use journey_store::Attention;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::input::{FormInput, PathIds};
use crate::render;
use crate::state::AppState;

#[derive(Serialize)]
struct ItemView {
    id: i64,
    summary: String,
    link: String,
    created_at: chrono::DateTime<chrono::Utc>,
    acknowledgement: &'static str,
}

pub async fn home_panel(state: &AppState, viewer: &Viewer) -> WebResult<Value> {
    let items: Vec<ItemView> = state
        .store
        .waiting_for(viewer.staff)
        .await?
        .into_iter()
        .map(|item| ItemView {
            id: item.id,
            acknowledgement: item.kind.acknowledgement(),
            summary: item.summary,
            link: item.link,
            created_at: item.created_at,
        })
        .collect();
    if items.is_empty() {
        return Ok(Value::UNDEFINED);
    }
    Ok(context! { items => render::value(&items) })
}

#[derive(Debug, Default, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

pub async fn acknowledge(
    State(state): State<AppState>,
    State(attention): State<Arc<dyn Attention>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    PathIds(item): PathIds<i64>,
    FormInput(form): FormInput<CsrfOnly>,
) -> WebResult<Response> {
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    attention
        .acknowledge(&viewer.actor(&ctx, &state), item)
        .await?;
    Ok(Redirect::to("/").into_response())
}
