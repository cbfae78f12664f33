//! Extractors that turn unreadable input into our own 400 with a message, never axum's
//! default plain-text rejection. Field problems are handled by the handlers themselves.

use axum::Json;
use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{Form, FromRequest, Request};
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
