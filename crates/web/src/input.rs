//! Extractors that turn unreadable input into our own 400 with a message, never axum's
//! default plain-text rejection. Field problems are handled by the handlers themselves.

use axum::Json;
use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{Form, FromRequest, FromRequestParts, Path, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::WebError;

/// A URL-encoded form. Form structs give every field a default, so a missing field becomes a
/// message at that field rather than a rejection.
pub struct FormInput<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for FormInput<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Form::<T>::from_request(req, state)
            .await
            .map(|Form(v)| FormInput(v))
            .map_err(|e: FormRejection| {
                WebError::BadRequest(format!("The form could not be read: {}", e.body_text()))
            })
    }
}

/// A JSON body for the API.
pub struct JsonInput<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonInput<T> {
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        Json::<T>::from_request(req, state)
            .await
            .map(|Json(v)| JsonInput(v))
            .map_err(|e: JsonRejection| {
                WebError::BadRequest(format!(
                    "The JSON body could not be read: {}",
                    e.body_text()
                ))
            })
    }
}

/// Ids in the path (`/children/{child}/people/{person}`). An id that cannot be read names
/// nothing, so it is "not found", Journey's own page or JSON, like an id that names nothing:
/// never axum's plain-text rejection.
pub struct PathIds<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for PathIds<T> {
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Path::<T>::from_request_parts(parts, state)
            .await
            .map(|Path(ids)| PathIds(ids))
            .map_err(|_| WebError::NotFound)
    }
}
