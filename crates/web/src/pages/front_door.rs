//! Pages of the `front door` capability (issue 3): record a contact, make it a referral (which
//! opens a child in need episode), the manager's decision within one working day, closing the
//! episode; the record page's panel and the home page's "referrals awaiting a decision".

mod contact;
mod correction;
mod decision;
mod view;

use axum::Router;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use journey_domain::access::Action;
use journey_domain::staff::Role;
use journey_domain::validation::FieldErrors;
use minijinja::{Value, context};

use crate::access::Permitted;
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::error_values;
use crate::render;
use crate::state::AppState;

pub use crate::capabilities::front_door::{
    ContactView, EpisodeView, WaitingReferral, episode_views_for, sees_every_version,
    waiting_referrals,
};

/// This capability's page routes, merged into the app's router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/children/{child}/contacts/new",
            get(contact::contact_form).post(contact::record_contact),
        )
        .route(
            "/children/{child}/contacts/{contact}/referral",
            get(contact::referral_form).post(contact::make_referral),
        )
        .route(
            "/children/{child}/referrals/{referral}/decision",
            get(decision::decision_form).post(decision::record_decision),
        )
        .route(
            "/children/{child}/referrals/{referral}/closure",
            get(decision::closure_form).post(decision::close_episode),
        )
        .route(
            "/children/{child}/referrals/{referral}/correction",
            get(correction::correction_form).post(correction::correct_decision),
        )
        .route(
            "/children/{child}/referrals/{referral}",
            get(correction::referral_page),
        )
}

/// This capability's templates, registered with the environment: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "record/front_door.html",
        include_str!("../../templates/record/front_door.html"),
    ),
    (
        "home/front_door.html",
        include_str!("../../templates/home/front_door.html"),
    ),
    (
        "front_door/contact.html",
        include_str!("../../templates/front_door/contact.html"),
    ),
    (
        "front_door/referral.html",
        include_str!("../../templates/front_door/referral.html"),
    ),
    (
        "front_door/decision.html",
        include_str!("../../templates/front_door/decision.html"),
    ),
    (
        "front_door/_episode.html",
        include_str!("../../templates/front_door/_episode.html"),
    ),
    (
        "front_door/_decision.html",
        include_str!("../../templates/front_door/_decision.html"),
    ),
    (
        "front_door/closure.html",
        include_str!("../../templates/front_door/closure.html"),
    ),
    (
        "front_door/correction.html",
        include_str!("../../templates/front_door/correction.html"),
    ),
    (
        "front_door/referral_page.html",
        include_str!("../../templates/front_door/referral_page.html"),
    ),
];

/// What this capability adds to the child's record page, rendered by
/// `record/front_door.html`. The record's own access record covers it.
pub async fn record_panel(
    state: &AppState,
    _ctx: &RequestContext,
    permitted: &Permitted,
) -> WebResult<Value> {
    let record = state.store.front_door_record(&permitted.access).await?;
    let today = state.clock.today();
    let waiting_contacts: Vec<_> = record
        .contacts
        .iter()
        .filter(|c| c.referral.is_none())
        .map(ContactView::from)
        .collect();
    Ok(context! {
        child_id => permitted.access.child().0,
        episodes => render::value(episode_views_for(&state.config.timescales, &record.episodes, today, false)),
        contacts => render::value(&waiting_contacts),
        contact_count => record.contacts.len(),
        may_add => permitted.also_allows(Action::AddToRecord),
        may_record_contact => permitted.also_allows(Action::RecordContact),
        may_decide => permitted.also_allows(Action::Allocate),
    })
}

/// What this capability adds to the home page: for managers, the referrals awaiting their
/// decision, with how long each has waited. Names and dates only, as the caseload shows.
pub async fn home_panel(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
) -> WebResult<Value> {
    if !matches!(viewer.role, Role::TeamManager | Role::ServiceManager) {
        return Ok(Value::UNDEFINED);
    }
    let today = state.clock.today();
    // Recorded as one list record naming every child on it.
    let waiting = state
        .store
        .awaiting_decision_shown(&viewer.actor(ctx, state))
        .await?;
    let awaiting = waiting_referrals(&state.config.timescales, &waiting, today);
    Ok(context! { awaiting => render::value(awaiting) })
}

/// Renders one of the front door's forms for a child, reading (and recording the read of) the
/// child's front door history that the form shows beside it.
#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    permitted: &Permitted,
    template: &str,
    form: Value,
    errors: Option<&FieldErrors>,
    extra: Value,
) -> WebResult<Response> {
    let child = state.store.child_details(&permitted.access).await?;
    let record = state.store.open_front_door(&permitted.access).await?;
    let errors_shown = errors.map(error_values).unwrap_or_else(|| context! {});
    let every_version = sees_every_version(permitted.access.relationship());
    let own = context! {
        child_id => child.id.0,
        child_name => format!("{} {}", child.given_name, child.family_name),
        contacts => render::value(record.contacts.iter().map(ContactView::from).collect::<Vec<_>>()),
        episodes => render::value(episode_views_for(&state.config.timescales, &record.episodes, state.clock.today(), every_version)),
        form,
    };
    let values = context! { ..own, ..extra, ..errors_shown };
    let status = if errors.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render::page_with_status(state, ctx, Some(viewer), "", template, values, status)
}

/// Puts every problem in one list, in the order of the form's fields.
fn in_form_order(mut errors: FieldErrors, more: FieldErrors, order: &[&str]) -> FieldErrors {
    errors.merge(more);
    crate::forms::in_form_order(errors, order)
}
