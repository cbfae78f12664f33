//! JSON API of the `case notes` capability (issue 3): the draft autosave the note form's
//! script uses, finalising, reading and correcting notes.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use journey_domain::Clock;
use journey_store::{CaseNotes, Records, StoreError};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::body::{self, ApiBody};
use super::schema::{ChildRead, ChildWrite, CsrfHeader, FieldProblems};
use super::views::{Api, NoteVersionView, NotesPanelView, SavedDraftView};
use super::{answer, check_header, field_errors};
use crate::access::{Checked, ToAdd, ToView};
use crate::capabilities::case_notes::{NoteBody, NoteForm, note_id, note_key, visible};
use crate::error::WebResult;
use crate::state::AppState;

/// This capability's operations.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(draft, save_draft, discard_draft))
        .routes(routes!(list, finalise))
        .routes(routes!(show))
        .routes(routes!(correct))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DraftBody {
    /// The author's draft for this child, if there is one.
    draft: Option<SavedDraftView>,
}

/// The signed-in author's draft note for this child.
#[utoipa::path(
    get, path = "/children/{child_id}/notes/draft", tag = "case notes",
    params(("child_id" = i64, Path, description = "The child's Journey ID")),
    responses((status = 200, description = "The draft, or null", body = DraftBody), ChildRead)
)]
pub async fn draft(
    State(records): State<Arc<dyn Records>>,
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToAdd>,
) -> WebResult<Json<DraftBody>> {
    // What is typed about a child is part of the child's record as read: recorded.
    records
        .child_details_shown(checked.access(), "case note draft")
        .await?;
    let draft = case_notes
        .draft(checked.viewer.staff, checked.child())
        .await?;
    Ok(Json(DraftBody { draft: draft.api() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DraftSaved {
    saved_at: DateTime<Utc>,
}

/// Save the author's draft note exactly as typed (the note form's autosave): a draft keeps
/// half-typed dates too, so its fields are the form's text fields.
#[utoipa::path(
    post, path = "/children/{child_id}/notes/draft", tag = "case notes",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = NoteForm,
    responses((status = 200, description = "Saved", body = DraftSaved), ChildWrite)
)]
pub async fn save_draft(
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<NoteForm>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    if !problems.is_empty() {
        return Ok(field_errors(problems));
    }
    let saved_at = case_notes
        .save_draft(checked.access().actor(), checked.child(), &body.to_draft()?)
        .await?;
    Ok(answer(StatusCode::OK, DraftSaved { saved_at }))
}

/// Discard the author's draft note.
#[utoipa::path(
    delete, path = "/children/{child_id}/notes/draft", tag = "case notes",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    responses((status = 204, description = "Discarded"), ChildRead)
)]
pub async fn discard_draft(
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    case_notes
        .discard_draft(checked.viewer.staff, checked.child())
        .await?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotesBody {
    notes: NotesPanelView,
}

/// The latest notes, last seen and last seen alone (audited).
#[utoipa::path(
    get, path = "/children/{child_id}/notes", tag = "case notes",
    params(("child_id" = i64, Path, description = "The child's Journey ID")),
    responses((status = 200, description = "The notes panel", body = NotesBody), ChildRead)
)]
pub async fn list(
    State(records): State<Arc<dyn Records>>,
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToView>,
) -> WebResult<Json<NotesBody>> {
    // The record's own read is what the panel is part of: record it as such.
    records.open_child_record(checked.access()).await?;
    let panel = case_notes.notes_panel(checked.access()).await?;
    Ok(Json(NotesBody { notes: panel.api() }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoteFinalised {
    id: i64,
}

/// A note already finalised with this key.
#[derive(Debug, Serialize, ToSchema)]
pub struct AlreadyFinalised {
    error: String,
    fields: Vec<super::schema::FieldProblem>,
}

/// Finalise a note: immutable, on the chronology, audited.
#[utoipa::path(
    post, path = "/children/{child_id}/notes", tag = "case notes",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = NoteBody,
    responses(
        (status = 201, description = "Finalised", body = NoteFinalised),
        (status = 409, description = "A note with this key has already been finalised", body = AlreadyFinalised),
        ChildWrite
    )
)]
pub async fn finalise(
    State(clock): State<Arc<dyn Clock>>,
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<NoteBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let note = match body::checked(problems, body.to_note(clock.now())) {
        Ok(note) => note,
        Err(errors) => return Ok(field_errors(errors)),
    };
    match case_notes
        .finalise_note(checked.access(), &note_key(&body.note_key)?, &note)
        .await
    {
        Ok(id) => Ok(answer(StatusCode::CREATED, NoteFinalised { id: id.0 })),
        Err(StoreError::Invalid(errors)) => {
            let problems = FieldProblems::from(errors);
            Ok(answer(
                StatusCode::CONFLICT,
                AlreadyFinalised {
                    error: "This note has already been finalised".into(),
                    fields: problems.fields,
                },
            ))
        }
        Err(other) => Err(other.into()),
    }
}

/// A note: its current version, and for managers in the child's line and auditors every
/// version, oldest first.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteView {
    id: i64,
    corrected: bool,
    current: Option<NoteVersionView>,
    versions: Vec<NoteVersionView>,
}

/// A note; managers and auditors get every version (audited).
#[utoipa::path(
    get, path = "/children/{child_id}/notes/{note_id}", tag = "case notes",
    params(
        ("child_id" = i64, Path, description = "The child's Journey ID"),
        ("note_id" = i64, Path, description = "The note's number"),
    ),
    responses((status = 200, description = "The note", body = NoteView), ChildRead)
)]
pub async fn show(
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToView>,
    Path((_, note)): Path<(i64, String)>,
) -> WebResult<Json<NoteView>> {
    let note = note_id(&note)?;
    let history = case_notes.note_history(checked.access(), note).await?;
    let (versions, current) = visible(&history, checked.access().relationship());
    Ok(Json(NoteView {
        id: note.0,
        corrected: history.versions.len() > 1,
        current: current.cloned().api(),
        versions: versions.into_iter().cloned().collect::<Vec<_>>().api(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoteCorrected {
    /// The new version's number.
    version: i32,
}

/// Correct a note: a new version with a reason.
#[utoipa::path(
    post, path = "/children/{child_id}/notes/{note_id}/corrections", tag = "case notes",
    params(
        ("child_id" = i64, Path, description = "The child's Journey ID"),
        ("note_id" = i64, Path, description = "The note's number"),
        CsrfHeader
    ),
    request_body = NoteBody,
    responses((status = 201, description = "Corrected", body = NoteCorrected), ChildWrite)
)]
pub async fn correct(
    State(clock): State<Arc<dyn Clock>>,
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    Path((_, note)): Path<(i64, String)>,
    ApiBody { body, problems }: ApiBody<NoteBody>,
) -> WebResult<Response> {
    let note = note_id(&note)?;
    check_header(&checked.viewer, &headers)?;
    let (corrected, reason) = match body::checked(problems, body.to_correction(clock.now())) {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let version = case_notes
        .correct_note(checked.access(), note, &corrected, &reason)
        .await?;
    Ok(answer(StatusCode::CREATED, NoteCorrected { version }))
}
