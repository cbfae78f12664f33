//! JSON API of the `case notes` capability (issue 3): the draft autosave the note form's
//! script uses, finalising, reading and correcting notes.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use journey_domain::access::Action;
use journey_domain::ids::PersonId;
use journey_store::StoreError;
use serde_json::json;

use super::{check_header, field_errors};
use crate::access;
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::input::JsonInput;
use crate::pages::case_notes::input::NoteForm;
use crate::pages::case_notes::notes_api::{note_id, visible_versions};
use crate::state::AppState;

/// This capability's API routes, nested under `/api`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/children/{child}/notes/draft",
            get(draft).post(save_draft).delete(discard_draft),
        )
        .route("/children/{child}/notes", get(list).post(finalise))
        .route("/children/{child}/notes/{note}", get(show))
        .route("/children/{child}/notes/{note}/corrections", post(correct))
}

/// Its operations for the OpenAPI document: (method, path, summary, needs CSRF header).
pub const OPERATIONS: &[(&str, &str, &str, bool)] = &[
    (
        "get",
        "/api/children/{child_id}/notes/draft",
        "The signed-in author's draft note for this child",
        false,
    ),
    (
        "post",
        "/api/children/{child_id}/notes/draft",
        "Save the author's draft note as typed (the form's autosave)",
        true,
    ),
    (
        "delete",
        "/api/children/{child_id}/notes/draft",
        "Discard the author's draft note",
        true,
    ),
    (
        "get",
        "/api/children/{child_id}/notes",
        "The latest notes, last seen and last seen alone (audited)",
        false,
    ),
    (
        "post",
        "/api/children/{child_id}/notes",
        "Finalise a note: immutable, on the chronology, audited (occurred_day/month/year and occurred_time are read as UK clock time, GMT or BST; times are returned in UTC)",
        true,
    ),
    (
        "get",
        "/api/children/{child_id}/notes/{note_id}",
        "A note; managers and auditors get every version (audited)",
        false,
    ),
    (
        "post",
        "/api/children/{child_id}/notes/{note_id}/corrections",
        "Correct a note: a new version with a reason",
        true,
    ),
];

async fn draft(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(child): Path<i64>,
) -> WebResult<Response> {
    let child = PersonId(child);
    access::check(&state, &ctx, &viewer, child, Action::AddToRecord).await?;
    let draft = state.store.draft(viewer.staff, child).await?;
    Ok(Json(json!({ "draft": draft })).into_response())
}

async fn save_draft(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(form): JsonInput<NoteForm>,
) -> WebResult<Response> {
    let child = PersonId(child);
    let permitted = access::check(&state, &ctx, &viewer, child, Action::AddToRecord).await?;
    check_header(&viewer, &headers)?;
    let saved_at = state
        .store
        .save_draft(&permitted.access.actor, child, &form.to_draft()?)
        .await?;
    Ok(Json(json!({ "saved_at": saved_at })).into_response())
}

async fn discard_draft(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
) -> WebResult<Response> {
    let child = PersonId(child);
    access::check(&state, &ctx, &viewer, child, Action::AddToRecord).await?;
    check_header(&viewer, &headers)?;
    state.store.discard_draft(viewer.staff, child).await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn list(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path(child): Path<i64>,
) -> WebResult<Response> {
    let child = PersonId(child);
    let permitted = access::check(&state, &ctx, &viewer, child, Action::ViewRecord).await?;
    // The record's own read is what the panel is part of: record it as such.
    let record = state.store.open_child_record(&permitted.access).await?;
    let panel = state.store.notes_panel(record.child.id).await?;
    Ok(Json(json!({ "notes": panel })).into_response())
}

async fn finalise(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path(child): Path<i64>,
    JsonInput(form): JsonInput<NoteForm>,
) -> WebResult<Response> {
    let child = PersonId(child);
    let permitted = access::check(&state, &ctx, &viewer, child, Action::AddToRecord).await?;
    check_header(&viewer, &headers)?;
    let note = match form.to_note(state.clock.now()) {
        Ok(note) => note,
        Err(errors) => return Ok(field_errors(errors)),
    };
    match state
        .store
        .finalise_note(&permitted.access, &form.key()?, &note)
        .await
    {
        Ok(id) => Ok((StatusCode::CREATED, Json(json!({ "id": id }))).into_response()),
        Err(StoreError::Invalid(errors)) => Ok((
            StatusCode::CONFLICT,
            Json(
                json!({ "error": "This note has already been finalised", "fields": errors.errors }),
            ),
        )
            .into_response()),
        Err(other) => Err(other.into()),
    }
}

async fn show(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path((child, note)): Path<(i64, String)>,
) -> WebResult<Response> {
    let child = PersonId(child);
    let note = note_id(&note)?;
    let permitted = access::check(&state, &ctx, &viewer, child, Action::ViewRecord).await?;
    let history = state.store.note_history(&permitted.access, note).await?;
    let (versions, current) = visible_versions(&history, permitted.access.relationship);
    Ok(Json(json!({
        "id": note,
        "corrected": history.versions.len() > 1,
        "current": current,
        "versions": versions,
    }))
    .into_response())
}

async fn correct(
    State(state): State<AppState>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    Path((child, note)): Path<(i64, String)>,
    JsonInput(form): JsonInput<NoteForm>,
) -> WebResult<Response> {
    let child = PersonId(child);
    let note = note_id(&note)?;
    let permitted = access::check(&state, &ctx, &viewer, child, Action::AddToRecord).await?;
    check_header(&viewer, &headers)?;
    let (corrected, reason) = match form.to_correction(state.clock.now()) {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let version = state
        .store
        .correct_note(&permitted.access, note, &corrected, &reason)
        .await?;
    Ok((StatusCode::CREATED, Json(json!({ "version": version }))).into_response())
}
