//! Writing, finalising, reading and correcting a note.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Datelike;
use journey_domain::access::{Action, Relationship};
use journey_domain::case_notes::{NoteId, NoteKind};
use journey_domain::ids::PersonId;
use journey_domain::uk_time;
use journey_store::{CaseNotes, ChildAccess, NoteHistory, NoteVersion, Records, StoreError};
use minijinja::{Value, context};
use serde::Serialize;

use crate::access::{Checked, ToAdd, ToView};
use crate::auth::{Viewer, csrf};
use crate::capabilities::case_notes::NoteForm;
use crate::capabilities::case_notes::note_id;
use crate::capabilities::front_door::sees_every_version;
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::forms::error_values;
use crate::input::FormInput;
use crate::render;
use crate::state::AppState;

/// The kinds of note, for the form's radios.
pub fn kind_items() -> Vec<Value> {
    NoteKind::ALL
        .into_iter()
        .map(|k| context! { value => k.code(), text => k.label() })
        .collect()
}

/// The codes of the kinds that are visits, for the script that asks the visit questions only
/// for them.
pub fn visit_kinds() -> String {
    NoteKind::ALL
        .into_iter()
        .filter(|k| k.is_visit())
        .map(NoteKind::code)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The child's name for a page heading. The page's own read is what gets recorded.
pub async fn child_name(records: &dyn Records, access: &ChildAccess) -> WebResult<String> {
    let child = records.child_details(access).await?;
    Ok(format!("{} {}", child.given_name, child.family_name))
}

/// The child's name for the heading of the note form, which reads nothing else of the record
/// but the author's own draft: recorded as a view of the record.
async fn child_name_shown(records: &dyn Records, access: &ChildAccess) -> WebResult<String> {
    let child = records
        .child_details_shown(access, "case note form")
        .await?;
    Ok(format!("{} {}", child.given_name, child.family_name))
}

/// One version as a page shows it, with plain labels.
#[derive(Serialize)]
pub struct VersionView {
    version: i32,
    kind: &'static str,
    is_visit: bool,
    occurred_at: chrono::DateTime<chrono::Utc>,
    text: String,
    child_seen: &'static str,
    seen_alone: &'static str,
    bedroom_seen: &'static str,
    reason: Option<String>,
    recorded_by: String,
    recorded_at: chrono::DateTime<chrono::Utc>,
}

impl From<&NoteVersion> for VersionView {
    fn from(v: &NoteVersion) -> Self {
        VersionView {
            version: v.version,
            kind: v.kind.label(),
            is_visit: v.kind.is_visit(),
            occurred_at: v.occurred_at,
            text: v.text.clone(),
            child_seen: v.child_seen.label(),
            seen_alone: v.seen_alone.label(),
            bedroom_seen: v.bedroom_seen.label(),
            reason: v.reason.clone(),
            recorded_by: v.recorded_by_name.clone(),
            recorded_at: v.recorded_at,
        }
    }
}

/// The versions the viewer sees, oldest first, and the current one.
pub fn visible_versions(
    history: &NoteHistory,
    relationship: Relationship,
) -> (Vec<VersionView>, Option<VersionView>) {
    let current = history.versions.last().map(VersionView::from);
    let versions = if sees_every_version(relationship) {
        history.versions.iter().map(VersionView::from).collect()
    } else {
        Vec::new()
    };
    (versions, current)
}

#[allow(clippy::too_many_arguments)]
fn render_form(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    child: PersonId,
    name: &str,
    form: &NoteForm,
    saved_at: Option<chrono::DateTime<chrono::Utc>>,
    errors: Value,
    status: StatusCode,
) -> WebResult<Response> {
    let values = context! {
        child_id => child.0,
        child_name => name,
        form => render::value(form),
        kinds => kind_items(),
        visit_kinds => visit_kinds(),
        saved_at => render::value(saved_at),
        ..errors
    };
    render::page_with_status(
        state,
        ctx,
        Some(viewer),
        "",
        "case_notes/form.html",
        values,
        status,
    )
}

/// The note form, holding the viewer's draft for this child if there is one.
pub async fn form(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    let child = checked.child();
    let name = child_name_shown(records.as_ref(), checked.access()).await?;
    let (form, saved_at) = match case_notes.draft(checked.viewer.staff, child).await? {
        Some(saved) => (NoteForm::from_draft(saved.draft), Some(saved.saved_at)),
        None => (NoteForm::starting_now(state.clock.now()), None),
    };
    render_form(
        &state,
        &checked.ctx,
        &checked.viewer,
        child,
        &name,
        &form,
        saved_at,
        Value::UNDEFINED,
        StatusCode::OK,
    )
}

/// The form's three buttons: save the draft, discard it, or finalise the note.
pub async fn submit(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<NoteForm>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let actor = checked.access().actor();
    match form.action.as_str() {
        "save_draft" => {
            case_notes
                .save_draft(actor, child, &form.to_draft()?)
                .await?;
            Ok(Redirect::to(&format!("/children/{child}/notes/new")).into_response())
        }
        "discard" => {
            case_notes
                .discard_draft(checked.viewer.staff, child)
                .await?;
            Ok(Redirect::to(&format!("/children/{child}")).into_response())
        }
        _ => {
            finalise(
                &state,
                (case_notes.as_ref(), records.as_ref()),
                &checked,
                &form,
            )
            .await
        }
    }
}

async fn finalise(
    state: &AppState,
    (case_notes, records): (&dyn CaseNotes, &dyn Records),
    checked: &Checked<ToAdd>,
    form: &NoteForm,
) -> WebResult<Response> {
    let (ctx, viewer) = (&checked.ctx, &checked.viewer);
    let child = checked.child();
    let note = match form.to_note(state.clock.now()) {
        Ok(note) => note,
        Err(errors) => {
            // Nothing typed is lost: what came back with problems is the author's draft.
            let saved_at = case_notes
                .save_draft(checked.access().actor(), child, &form.to_draft()?)
                .await?;
            let name = child_name(records, checked.access()).await?;
            return render_form(
                state,
                ctx,
                viewer,
                child,
                &name,
                form,
                Some(saved_at),
                error_values(&errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    match case_notes
        .finalise_note(checked.access(), &form.key()?, &note)
        .await
    {
        // The note page then confirms what was saved, as it now stands on the record.
        Ok(id) => Ok(
            Redirect::to(&format!("/children/{child}/notes/{id}?finalised=yes")).into_response(),
        ),
        Err(StoreError::Invalid(errors)) if errors.message_for("note").is_some() => {
            render::page_with_status(
                state,
                ctx,
                Some(viewer),
                "",
                "case_notes/already_finalised.html",
                context! { child_id => child.0 },
                StatusCode::CONFLICT,
            )
        }
        Err(other) => Err(other.into()),
    }
}

/// A finalised note: its current version, and for managers and auditors every version.
pub async fn show(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToView>,
    Path((_, note)): Path<(i64, String)>,
    RawQuery(query): RawQuery,
) -> WebResult<Response> {
    let child = checked.child();
    let note = note_id(&note)?;
    let just_finalised = query.as_deref() == Some("finalised=yes");
    let name = child_name(records.as_ref(), checked.access()).await?;
    let history = case_notes.note_history(checked.access(), note).await?;
    let (versions, current) = visible_versions(&history, checked.access().relationship());
    let values = context! {
        child_id => child.0,
        child_name => name,
        note_id => note.0,
        corrected => history.versions.len() > 1,
        current => render::value(current),
        versions => render::value(versions),
        may_correct => checked.permitted.also_allows(Action::AddToRecord),
        just_finalised,
    };
    render::page(
        &state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        "case_notes/note.html",
        values,
    )
}

fn correction_page(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    (child, note): (PersonId, NoteId),
    form: &NoteForm,
    errors: Value,
    status: StatusCode,
) -> WebResult<Response> {
    let values = context! {
        child_id => child.0,
        note_id => note.0,
        form => render::value(form),
        kinds => kind_items(),
        visit_kinds => visit_kinds(),
        ..errors
    };
    render::page_with_status(
        state,
        ctx,
        Some(viewer),
        "",
        "case_notes/correct.html",
        values,
        status,
    )
}

/// The correction form, filled with the note's current version.
pub async fn correction_form(
    State(state): State<AppState>,
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToAdd>,
    Path((_, note)): Path<(i64, String)>,
) -> WebResult<Response> {
    let note = note_id(&note)?;
    let history = case_notes.note_history(checked.access(), note).await?;
    let current = history.versions.last().ok_or(WebError::NotFound)?;
    let occurred_on = uk_time::local_date(current.occurred_at);
    let form = NoteForm {
        kind: current.kind.code().to_owned(),
        occurred_day: occurred_on.day().to_string(),
        occurred_month: occurred_on.month().to_string(),
        occurred_year: occurred_on.year().to_string(),
        occurred_time: uk_time::clock_time(current.occurred_at),
        text: current.text.clone(),
        child_seen: current.child_seen.code().to_owned(),
        seen_alone: current.seen_alone.code().to_owned(),
        bedroom_seen: current.bedroom_seen.code().to_owned(),
        ..NoteForm::default()
    };
    correction_page(
        &state,
        &checked.ctx,
        &checked.viewer,
        (checked.child(), note),
        &form,
        Value::UNDEFINED,
        StatusCode::OK,
    )
}

/// Records a correction as the note's next version. The reason is required.
pub async fn correct(
    State(state): State<AppState>,
    State(case_notes): State<Arc<dyn CaseNotes>>,
    checked: Checked<ToAdd>,
    Path((_, note)): Path<(i64, String)>,
    FormInput(form): FormInput<NoteForm>,
) -> WebResult<Response> {
    let child = checked.child();
    let note = note_id(&note)?;
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    match form.to_correction(state.clock.now()) {
        Ok((corrected, reason)) => {
            case_notes
                .correct_note(checked.access(), note, &corrected, &reason)
                .await?;
            Ok(Redirect::to(&format!("/children/{child}/notes/{note}")).into_response())
        }
        Err(errors) => correction_page(
            &state,
            &checked.ctx,
            &checked.viewer,
            (child, note),
            &form,
            error_values(&errors),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    }
}
