//! JSON API of the `front door` capability (issue 3).

use axum::Router;

use crate::state::AppState;

/// This capability's API routes, nested under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
}

/// Its operations for the OpenAPI document: (method, path, summary, needs CSRF header).
pub const OPERATIONS: &[(&str, &str, &str, bool)] = &[];
