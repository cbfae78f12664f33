//! Pages of the `families` capability (issue 3).

use axum::Router;
use minijinja::Value;

use crate::access::Permitted;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::state::AppState;

/// This capability's page routes, merged into the app's router.
pub fn routes() -> Router<AppState> {
    Router::new()
}

/// This capability's templates, registered with the environment: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[];

/// What this capability adds to the child's record page, rendered by
/// `record/families.html` when that template exists. The record's own access record covers it.
pub async fn record_panel(
    _state: &AppState,
    _ctx: &RequestContext,
    _permitted: &Permitted,
) -> WebResult<Value> {
    Ok(Value::UNDEFINED)
}
