//! Journey's web interface: GOV.UK pages and the JSON API over one set of handlers' rules.
//!
//! Handlers stay thin: parse the input, check access, make one store call, render.

pub mod access;
pub mod api;
pub mod auth;
pub mod capabilities;
pub mod config;
pub mod context;
pub mod error;
pub mod forms;
pub mod input;
pub mod links;
pub mod middleware;
pub mod pages;
pub mod registry;
pub mod render;
pub mod state;

use std::sync::Arc;

use axum::Router;
use axum::routing::{get, post};
use journey_domain::Clock;
use journey_store::Store;

pub use config::WebConfig;
pub use state::AppState;

use crate::auth::password::PasswordHasher;
use crate::auth::throttle::SignInThrottle;
use crate::error::WebError;

/// Builds the shared state: templates, password hasher, throttle.
pub fn state(
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    config: WebConfig,
) -> Result<AppState, WebError> {
    let throttle = SignInThrottle::new(config.throttle_failures, config.throttle_window);
    Ok(AppState {
        store,
        clock,
        templates: Arc::new(render::environment()?),
        passwords: Arc::new(PasswordHasher::new(2)?),
        throttle: Arc::new(throttle),
        config: Arc::new(config),
    })
}

/// Every route, wrapped by the one middleware function.
pub fn router(state: AppState) -> Router {
    use api as a;
    use pages::*;
    // The API's routes and its OpenAPI document come from the same declarations.
    let (api_routes, document) = api::router().split_for_parts();
    let api_routes = api_routes.layer(axum::Extension(a::openapi::Document::new(&document)));
    let pages = registry::CAPABILITIES
        .iter()
        .fold(Router::new(), |router, capability| {
            router.merge((capability.pages)())
        });
    Router::new()
        .route("/", get(home::home))
        .route("/sign-in", get(sign_in::form).post(sign_in::submit))
        .route("/sign-out", post(sign_in::sign_out))
        .route("/search", get(search::form).post(search::submit))
        .route("/children/new", get(children::new_form))
        .route("/children", post(children::create))
        .route("/children/{child}", get(children::record))
        .route("/children/{child}/chronology", get(children::chronology))
        .route("/children/{child}/viewed-by", get(access_log::viewed_by))
        .route("/access-records", get(access_log::beyond_records))
        .route("/admin/staff", get(admin::staff).post(admin::add_staff))
        .route("/admin/staff/new", get(admin::new_staff_form))
        .route(
            "/admin/staff/{staff}/{change}",
            get(admin::confirm_disable).post(admin::set_disabled),
        )
        .route("/admin/teams", get(admin::teams))
        .route("/admin/teams/{team}/function", post(admin::set_function))
        .route("/assets/{*path}", get(assets::asset))
        .route("/healthz", get(|| async { "ok" }))
        .merge(pages)
        .merge(api_routes)
        .fallback(|| async { WebError::NotFound })
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::wrap,
        ))
        .with_state(state)
}

/// Serves Journey until the process is asked to stop.
pub async fn serve(listener: tokio::net::TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
