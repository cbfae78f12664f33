//! Signing in and out.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::validation::FieldErrors;
use journey_store::Sessions;
use minijinja::context;
use serde::Deserialize;

use crate::auth::session::{append_cookie, cookie, set_cookie, start};
use crate::auth::{Viewer, csrf};
use crate::capabilities::accounts::authenticate;
use crate::context::{RequestContext, random_token};
use crate::error::WebResult;
use crate::forms::error_values;
use crate::input::FormInput;
use crate::render;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    /// The page asked for before signing in, to go back to.
    #[serde(default)]
    return_to: String,
}

#[derive(Debug, Default, Deserialize)]
pub struct SignInQuery {
    #[serde(default)]
    signed_out: Option<String>,
    #[serde(default)]
    return_to: Option<String>,
}

/// The page a sign-in may return to: a path on this site, and nothing else. A full address,
/// a scheme-relative one (`//elsewhere`), a backslash (which some browsers read as a slash),
/// control characters and the sign-in page itself are all refused, so the sign-in page cannot
/// be used to send someone to another site.
pub fn same_site_path(asked: &str) -> Option<&str> {
    let safe = asked.starts_with('/')
        && !asked.starts_with("//")
        && asked.len() <= 2048
        && asked.chars().all(|c| c.is_ascii_graphic() && c != '\\')
        && !asked.starts_with("/sign-in")
        && asked != "/";
    safe.then_some(asked)
}

/// Where a page request with no session is sent: the sign-in page, saying where to come back
/// to when that is a page on this site.
pub fn location(asked_for: Option<&str>) -> String {
    match asked_for.and_then(same_site_path) {
        Some(path) => match serde_urlencoded::to_string([("return_to", path)]) {
            Ok(query) => format!("/sign-in?{query}"),
            Err(_) => "/sign-in".to_owned(),
        },
        None => "/sign-in".to_owned(),
    }
}

/// The sign-in form. A short-lived cookie carries the token the form must send back, so a
/// sign-in cannot be forged from another site (login CSRF).
pub async fn form(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    Query(query): Query<SignInQuery>,
) -> WebResult<Response> {
    let notice = query.signed_out.map(|_| "You have been signed out.");
    let return_to = query.return_to.as_deref().and_then(same_site_path);
    render_form(&state, &ctx, ("", return_to), &FieldErrors::new(), notice)
}

fn render_form(
    state: &AppState,
    ctx: &RequestContext,
    (username, return_to): (&str, Option<&str>),
    errors: &FieldErrors,
    notice: Option<&str>,
) -> WebResult<Response> {
    let token = random_token();
    let values = context! {
        sign_in_token => token.as_str(), username, notice, return_to, ..error_values(errors)
    };
    let status = if errors.is_empty() {
        axum::http::StatusCode::OK
    } else {
        axum::http::StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut response =
        render::page_with_status(state, ctx, None, "", "pages/sign_in.html", values, status)?;
    append_cookie(
        &mut response,
        set_cookie(
            state,
            state.config.sign_in_cookie_name(),
            &token,
            Some(1800),
        ),
    );
    Ok(response)
}

pub async fn submit(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    headers: HeaderMap,
    FormInput(form): FormInput<SignInForm>,
) -> WebResult<Response> {
    csrf::check(
        cookie(&headers, state.config.sign_in_cookie_name()).unwrap_or(""),
        &form.csrf_token,
    )?;
    let username = form.username.trim();
    let return_to = same_site_path(&form.return_to);
    let mut errors = FieldErrors::new();
    if username.is_empty() {
        errors.add("username", "Enter your username");
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    if !errors.is_empty() {
        return render_form(&state, &ctx, (username, return_to), &errors, None);
    }
    match authenticate(&state, &ctx.request_id, username, &form.password).await? {
        Some(staff) => {
            let (session_cookie, _) = start(&state, staff).await?;
            let mut response = Redirect::to(return_to.unwrap_or("/")).into_response();
            append_cookie(&mut response, session_cookie);
            append_cookie(
                &mut response,
                set_cookie(&state, state.config.sign_in_cookie_name(), "", Some(0)),
            );
            Ok(response)
        }
        None => {
            let errors = FieldErrors::single("username", "Enter a correct username and password");
            render_form(&state, &ctx, (username, return_to), &errors, None)
        }
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct SignOutForm {
    #[serde(default)]
    csrf_token: String,
}

pub async fn sign_out(
    State(state): State<AppState>,
    State(sessions): State<Arc<dyn Sessions>>,
    viewer: Viewer,
    FormInput(form): FormInput<SignOutForm>,
) -> WebResult<Response> {
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    sessions.end_session(viewer.token_hash()).await?;
    let mut response = Redirect::to("/sign-in?signed_out=1").into_response();
    append_cookie(
        &mut response,
        set_cookie(&state, state.config.session_cookie_name(), "", Some(0)),
    );
    if let Ok(value) = "\"cache\", \"storage\"".parse() {
        response.headers_mut().insert("clear-site-data", value);
    }
    Ok(response)
}
