//! The one function that wraps every route: request id and CSP nonce, running the handler to
//! completion whatever the client does, error rendering, and the security headers. Order
//! matters and is all here.

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, COOKIE, LOCATION};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tracing::Instrument;

use crate::auth::session;
use crate::context::RequestContext;
use crate::error::WebError;
use crate::pages::sign_in;
use crate::render;
use crate::state::AppState;

/// Carries a handler's error to [`wrap`], which renders it once it knows the request context.
#[derive(Clone)]
struct ErrorMarker(std::sync::Arc<WebError>);

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response
            .extensions_mut()
            .insert(ErrorMarker(std::sync::Arc::new(self)));
        response
    }
}

pub async fn wrap(State(state): State<AppState>, mut request: Request, next: Next) -> Response {
    let ctx = RequestContext::new(request.uri().path());
    request.extensions_mut().insert(ctx.clone());
    // Where a page request that finds no session should come back to after signing in.
    let asked_for = (request.method() == Method::GET)
        .then(|| {
            request
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned())
        })
        .flatten();
    // The session cookie, kept so an error page can show the signed-in header.
    let cookies: axum::http::HeaderMap = request
        .headers()
        .get_all(COOKIE)
        .iter()
        .map(|value| (COOKIE, value.clone()))
        .collect();
    let span =
        tracing::info_span!("request", request_id = %ctx.request_id, method = %request.method());
    // The handler runs as a task of its own, so a client that hangs up (a closed tab, a proxy's
    // timeout) cannot abandon a store call half done: the write commits or rolls back whole and
    // the access record is written, whether or not anyone is still waiting for the answer.
    let handler = tokio::spawn(next.run(request).instrument(span));
    let mut response = match handler.await {
        Ok(response) => response,
        Err(failed) => {
            WebError::Internal(format!("the request's task failed: {failed}")).into_response()
        }
    };
    if let Some(ErrorMarker(error)) = response.extensions_mut().remove::<ErrorMarker>() {
        response = render_error(&state, &ctx, &error, asked_for.as_deref(), &cookies).await;
    }
    security_headers(&state, &ctx, &mut response);
    response
}

async fn render_error(
    state: &AppState,
    ctx: &RequestContext,
    error: &WebError,
    asked_for: Option<&str>,
    cookies: &axum::http::HeaderMap,
) -> Response {
    match error {
        WebError::Internal(detail) => {
            tracing::error!(request_id = %ctx.request_id, error = %detail, "request failed");
        }
        other => tracing::debug!(request_id = %ctx.request_id, error = %other, "request refused"),
    }
    if ctx.is_api {
        let (title, message) = error.title_and_message();
        let body = serde_json::json!({
            "error": title,
            "message": message,
            "request_id": ctx.request_id,
        });
        return (error.status(), axum::Json(body)).into_response();
    }
    if matches!(error, WebError::NotSignedIn) {
        let mut response = StatusCode::SEE_OTHER.into_response();
        let location = HeaderValue::from_str(&sign_in::location(asked_for))
            .unwrap_or(HeaderValue::from_static("/sign-in"));
        response.headers_mut().insert(LOCATION, location);
        return response;
    }
    // Whoever is signed in keeps the navigation and sign-out. A session that cannot be read
    // (none, timed out, or the store failing, which may be why this page is shown) leaves the
    // page as a signed-out visitor sees it.
    let viewer = session::signed_in(cookies, state).await.ok();
    render::error_page(state, ctx, error, viewer.as_ref())
}

fn security_headers(state: &AppState, ctx: &RequestContext, response: &mut Response) {
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{}'; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'",
        ctx.csp_nonce
    );
    let headers = response.headers_mut();
    let mut set = |name: &'static str, value: &str| {
        if let Ok(value) = HeaderValue::from_str(value) {
            headers.insert(HeaderName::from_static(name), value);
        }
    };
    set("content-security-policy", &csp);
    set("x-content-type-options", "nosniff");
    set("referrer-policy", "no-referrer");
    set("x-frame-options", "DENY");
    set("cross-origin-opener-policy", "same-origin");
    set(
        "permissions-policy",
        "camera=(), microphone=(), geolocation=()",
    );
    set("x-request-id", &ctx.request_id);
    if state.config.secure_cookies {
        set(
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    // Anything that is not a fingerprinted asset may hold personal data: never cache it.
    if !headers.contains_key(CACHE_CONTROL) {
        headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if !headers.contains_key(CONTENT_TYPE) && response.status().is_success() {
        response.headers_mut().insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
    }
}
