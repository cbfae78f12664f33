//! Home: the signed-in worker's caseload.

use std::sync::Arc;

use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::access::{Capability, has_capability};
use journey_store::Records;
use minijinja::context;

use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::render;
use crate::state::AppState;

pub async fn home(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Response> {
    if has_capability(viewer.role, Capability::ManageAccounts) {
        return Ok(Redirect::to("/admin/staff").into_response());
    }
    // Recorded as one list record naming every child on it.
    let caseload = records.caseload_shown(&viewer.actor(&ctx, &state)).await?;
    let (panels, shown) = crate::registry::home_panels(&state, &ctx, &viewer).await?;
    let values = context! { caseload => render::value(&caseload), panels, shown };
    render::page(&state, &ctx, Some(&viewer), "/", "pages/home.html", values)
}
