//! Pages of the `case notes` capability (issue 3): writing a note with a draft saved as the
//! worker types, finalising it, reading it and correcting it; the filtered, printable
//! chronology; and the record page's notes panel.

mod assets;
pub mod chronology;
mod notes;

use axum::Router;
use axum::routing::{get, post};
use journey_domain::access::Action;
use minijinja::{Value, context};

use journey_domain::staff::Role;
use journey_domain::uk_time;
use serde::Serialize;

use crate::access::Permitted;
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::render;
use crate::state::AppState;

/// This capability's page routes, merged into the app's router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/case-notes/assets/{name}", get(assets::serve))
        .route("/children/{child}/notes/new", get(notes::form))
        .route("/children/{child}/notes", post(notes::submit))
        .route("/children/{child}/notes/{note}", get(notes::show))
        .route(
            "/children/{child}/notes/{note}/correct",
            get(notes::correction_form).post(notes::correct),
        )
        .route(
            "/children/{child}/chronology/new-entry",
            get(chronology::entry_form).post(chronology::add_entry),
        )
}

/// This capability's templates, registered with the environment: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "record/case_notes.html",
        include_str!("../../templates/record/case_notes.html"),
    ),
    (
        "case_notes/form.html",
        include_str!("../../templates/case_notes/form.html"),
    ),
    (
        "case_notes/fields.html",
        include_str!("../../templates/case_notes/fields.html"),
    ),
    (
        "case_notes/note.html",
        include_str!("../../templates/case_notes/note.html"),
    ),
    (
        "case_notes/correct.html",
        include_str!("../../templates/case_notes/correct.html"),
    ),
    (
        "case_notes/already_finalised.html",
        include_str!("../../templates/case_notes/already_finalised.html"),
    ),
    (
        "case_notes/new_entry.html",
        include_str!("../../templates/case_notes/new_entry.html"),
    ),
    (
        "home/case_notes.html",
        include_str!("../../templates/home/case_notes.html"),
    ),
];

/// A draft as the manager's home page lists it: whose and how old, never what it says.
#[derive(Serialize)]
struct DraftView {
    child: i64,
    child_name: String,
    author_name: String,
    team_name: String,
    saved_at: chrono::DateTime<chrono::Utc>,
    /// Whole days since it was last saved, on the clocks in England.
    days_old: i64,
}

/// For team and service managers: the drafts left on their teams' children, oldest first, so
/// a note written but never finalised is seen (the list of them is recorded as shown).
pub async fn home_panel(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
) -> WebResult<Value> {
    if !matches!(viewer.role, Role::TeamManager | Role::ServiceManager) {
        return Ok(Value::UNDEFINED);
    }
    let today = state.clock.today();
    let actor = viewer.actor(ctx, state);
    let drafts = state.store.drafts_on_teams(&actor, today).await?;
    let drafts: Vec<DraftView> = drafts
        .into_iter()
        .map(|d| DraftView {
            child: d.child.0,
            child_name: format!("{} {}", d.given_name, d.family_name),
            author_name: d.author_name,
            team_name: d.team_name,
            days_old: (today - uk_time::local_date(d.saved_at)).num_days(),
            saved_at: d.saved_at,
        })
        .collect();
    Ok(context! { drafts => render::value(drafts) })
}

/// What this capability adds to the child's record page, rendered by
/// `record/case_notes.html`. The record's own access record covers it.
pub async fn record_panel(
    state: &AppState,
    _ctx: &RequestContext,
    permitted: &Permitted,
) -> WebResult<Value> {
    let panel = state.store.notes_panel(&permitted.access).await?;
    Ok(context! {
        child_id => permitted.access.child().0,
        may_write => permitted.also_allows(Action::AddToRecord),
        panel => render::value(&panel),
    })
}
