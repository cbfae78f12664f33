//! The capability's own script and print stylesheet, served by Journey from `static/` so they
//! run under the strict CSP (`script-src 'self'`) without inline code.

use axum::extract::Path;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

const ASSETS: &[(&str, &str, &str)] = &[
    (
        "case-notes.js",
        "text/javascript; charset=utf-8",
        include_str!("../../../static/case_notes.js"),
    ),
    (
        "print.css",
        "text/css; charset=utf-8",
        include_str!("../../../static/case_notes_print.css"),
    ),
];

pub async fn serve(Path(name): Path<String>) -> Response {
    match ASSETS.iter().find(|(n, _, _)| *n == name) {
        Some((_, content_type, body)) => {
            let mut response = (*body).into_response();
            let headers = response.headers_mut();
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
            // Not fingerprinted: revalidate, so a new release's script is picked up at once.
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
            response
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
