//! Static assets from the pinned govuk-frontend package and our own stylesheet, embedded in
//! the binary. Their names carry a content hash, so they are cached for a year.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

pub async fn asset(Path(path): Path<String>) -> Response {
    match journey_govuk::asset(&path) {
        Some(asset) => {
            let mut response = asset.bytes.into_response();
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(asset.content_type));
            headers.insert(
                CACHE_CONTROL,
                HeaderValue::from_static(journey_govuk::IMMUTABLE_CACHE_CONTROL),
            );
            response
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
