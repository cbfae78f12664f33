//! The OpenAPI 3.1 document of the JSON API, served at `/api/openapi.json` to signed-in staff.
//! It is made by the router itself (`api::router`): nothing here lists operations.

use std::sync::Arc;

use axum::{Extension, Json};
use serde_json::Value;

use crate::auth::Viewer;

/// The document, serialised once at start-up and shared with the handler.
#[derive(Clone)]
pub struct Document(pub Arc<Value>);

impl Document {
    pub fn new(openapi: &utoipa::openapi::OpenApi) -> Document {
        Document(Arc::new(
            serde_json::to_value(openapi).unwrap_or(Value::Null),
        ))
    }
}

/// This document. It describes the record system's API, so only staff signed in may read it.
#[utoipa::path(
    get, path = "/openapi.json", tag = "session",
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of this API", body = Object, content_type = "application/json"),
        super::schema::Read
    )
)]
pub async fn document(_viewer: Viewer, Extension(document): Extension<Document>) -> Json<Value> {
    Json(document.0.as_ref().clone())
}
