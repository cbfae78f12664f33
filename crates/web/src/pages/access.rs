//! Pages of the `access` capability (issue 10): opening a record without a working
//! relationship by giving a reason (break-glass) and its review, restricting a record, and the
//! "for your attention" list on the home page.

use axum::Router;
use axum::routing::{get, post};
use journey_domain::access::Action;
use minijinja::{Value, context};

use crate::access::Permitted;
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::render;
use crate::state::AppState;

mod attention;
mod break_glass;
mod restriction;

/// This capability's page routes, merged into the app's router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/children/{child}/break-glass",
            get(break_glass::form).post(break_glass::open),
        )
        .route("/break-glass/{opening}", get(break_glass::review))
        .route(
            "/attention/{item}/acknowledge",
            post(attention::acknowledge),
        )
        .route(
            "/children/{child}/restriction",
            get(restriction::form).post(restriction::restrict),
        )
        .route(
            "/children/{child}/restriction/lift",
            post(restriction::lift),
        )
}

/// This capability's templates, registered with the environment: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "record/access.html",
        include_str!("../../templates/record/access.html"),
    ),
    (
        "home/access.html",
        include_str!("../../templates/home/access.html"),
    ),
    (
        "access/break_glass.html",
        include_str!("../../templates/access/break_glass.html"),
    ),
    (
        "access/review.html",
        include_str!("../../templates/access/review.html"),
    ),
    (
        "access/restriction.html",
        include_str!("../../templates/access/restriction.html"),
    ),
];

/// The top of the record: that it is restricted, and why the viewer may see it where the
/// access needed a reason (screening a contact, break-glass). Covered by the record's own
/// access record.
pub async fn record_panel(
    state: &AppState,
    _ctx: &RequestContext,
    permitted: &Permitted,
) -> WebResult<Value> {
    let access = &permitted.access;
    let restriction = state.store.restriction(access).await?;
    Ok(context! {
        child_id => access.child().0,
        restriction => restriction.map(|r| context! {
            reason => r.reason.label(),
            restricted_by => r.restricted_by,
            restricted_at => render::value(r.restricted_at),
        }),
        may_restrict => permitted.also_allows(Action::RestrictRecord),
        relationship => access.relationship().label(),
        reason => access.reason(),
    })
}

/// The viewer's "for your attention" list; `UNDEFINED` when nothing waits for them.
pub async fn home_panel(
    state: &AppState,
    _ctx: &RequestContext,
    viewer: &Viewer,
) -> WebResult<Value> {
    attention::home_panel(state, viewer).await
}
