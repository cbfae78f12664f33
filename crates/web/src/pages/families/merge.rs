//! Merging two records (issue 10, part 1). The manager names the other record on the record
//! that stays, sees both side by side with every difference marked, and confirms there. Records
//! that are not a likely match wait for a second manager (`/merge-requests/{id}`); a merge is
//! undone from the banner on either record for 30 days.
//!
//! The manager must be able to merge into the record in the path (`Checked<ToMerge>`) and to
//! open the other (`capabilities::merges::other_record`): a record they may not open, or one
//! that does not exist, gets the same answer, and the attempt is recorded.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use journey_domain::families::merging::{KeepAllocation, MergeRequest, UNDO_DAYS};
use journey_domain::validation::FieldErrors;
use journey_store::{
    ChildAccess, MergeOutcome, MergeRecord, Merges, PendingMerge, Store, StoreError,
};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::access::{Checked, ToMerge};
use crate::auth::{Viewer, csrf};
use crate::capabilities::merges as merging;
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::forms::error_values;
use crate::input::{FormInput, PathIds};
use crate::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{child}/merge", get(merge_form).post(find_other))
        .route("/children/{child}/merge/{other}", get(compare).post(merge))
        .route("/children/{child}/merges/{merge}/undo", post(undo_merge))
        .route("/merge-requests/{request}", get(request_form).post(decide))
}

/// The merges into or out of this record that can still be undone, for the record's banner.
pub async fn undoable(state: &AppState, access: &ChildAccess) -> WebResult<Vec<MergeRecord>> {
    let now = access.actor().at;
    Ok(state
        .store
        .merges(access.child())
        .await?
        .into_iter()
        .filter(|m| m.undoable(now))
        .collect())
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct FindForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    merged: String,
}

async fn render_form(
    state: &AppState,
    checked: &Checked<ToMerge>,
    extra: Value,
    status: StatusCode,
) -> WebResult<Response> {
    let access = checked.access();
    let child = state.store.child_details(access).await?;
    let now = access.actor().at;
    let into_this: Vec<Value> = state
        .store
        .merges(access.child())
        .await?
        .into_iter()
        .filter(|m| m.survivor == access.child())
        .map(|m| context! { undoable => m.undoable(now), ..render::value(&m) })
        .collect();
    let values = context! {
        child => render::value(&child),
        merges => into_this,
        undo_days => UNDO_DAYS,
        ..extra
    };
    render::page_with_status(
        state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        "families/merge.html",
        values,
        status,
    )
}

pub async fn merge_form(
    State(state): State<AppState>,
    checked: Checked<ToMerge>,
) -> WebResult<Response> {
    let extra = context! { form => render::value(FindForm::default()) };
    render_form(&state, &checked, extra, StatusCode::OK).await
}

/// The Journey ID of the other record: on to the comparison, if the manager may open it.
pub async fn find_other(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Store>>,
    checked: Checked<ToMerge>,
    FormInput(form): FormInput<FindForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let child = checked.child();
    let errors = match form.merged.trim().parse::<i64>().ok().filter(|id| *id > 0) {
        None => FieldErrors::single(
            "merged",
            "Enter the Journey ID of the duplicate record, a number such as 1042",
        ),
        Some(id) if id == child.0 => {
            FieldErrors::single("merged", "Enter the Journey ID of a different record")
        }
        Some(id) => {
            match merging::other_record(records.as_ref(), checked.access().actor(), id).await? {
                Ok(_) => {
                    return Ok(
                        Redirect::to(&format!("/children/{child}/merge/{id}")).into_response()
                    );
                }
                Err(errors) => errors,
            }
        }
    };
    let extra = context! { form => render::value(&form), ..error_values(&errors) };
    render_form(&state, &checked, extra, StatusCode::UNPROCESSABLE_ENTITY).await
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct MergeForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    keep_allocation: String,
    #[serde(default)]
    allocation_end_reason: String,
}

/// The proof for the other record in the path, or the same refusal as any record's.
async fn other_in_path(
    records: &dyn Store,
    checked: &Checked<ToMerge>,
    other: i64,
) -> WebResult<ChildAccess> {
    match merging::other_record(records, checked.access().actor(), other).await? {
        Ok(access) => Ok(access),
        Err(_) => Err(WebError::Refused),
    }
}

async fn render_compare(
    state: &AppState,
    checked: &Checked<ToMerge>,
    other: &ChildAccess,
    form: &MergeForm,
    errors: Option<&FieldErrors>,
) -> WebResult<Response> {
    let compared = state.store.compare_records(checked.access(), other).await?;
    let shown = errors.map(error_values).unwrap_or_else(|| context! {});
    let values = context! {
        compared => render::value(&compared),
        needs_approval => compared.needs_approval(),
        likely => compared.likely.iter().map(|r| r.label()).collect::<Vec<_>>(),
        keep_survivor => KeepAllocation::Survivor.code(),
        keep_merged => KeepAllocation::Merged.code(),
        form => render::value(form),
        undo_days => UNDO_DAYS,
        ..shown
    };
    let status = if errors.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render::page_with_status(
        state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        "families/merge_compare.html",
        values,
        status,
    )
}

pub async fn compare(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Store>>,
    checked: Checked<ToMerge>,
    PathIds((_, other)): PathIds<(i64, i64)>,
) -> WebResult<Response> {
    let other = other_in_path(records.as_ref(), &checked, other).await?;
    render_compare(&state, &checked, &other, &MergeForm::default(), None).await
}

pub async fn merge(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Store>>,
    State(merges): State<Arc<dyn Merges>>,
    checked: Checked<ToMerge>,
    PathIds((_, other)): PathIds<(i64, i64)>,
    FormInput(form): FormInput<MergeForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let other = other_in_path(records.as_ref(), &checked, other).await?;
    let result = match MergeRequest::parse(
        &form.reason,
        &form.keep_allocation,
        &form.allocation_end_reason,
    ) {
        Ok(request) => {
            merges
                .merge_records(checked.access(), &other, &request)
                .await
        }
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(MergeOutcome::Merged(_)) => {
            Ok(Redirect::to(&format!("/children/{}", checked.child())).into_response())
        }
        Ok(MergeOutcome::AwaitingApproval(id)) => {
            Ok(Redirect::to(&format!("/merge-requests/{id}")).into_response())
        }
        Err(StoreError::Invalid(errors)) => {
            render_compare(&state, &checked, &other, &form, Some(&errors)).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

pub async fn undo_merge(
    State(state): State<AppState>,
    State(merges): State<Arc<dyn Merges>>,
    checked: Checked<ToMerge>,
    PathIds((_, merge)): PathIds<(i64, i64)>,
    FormInput(form): FormInput<CsrfOnly>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    match merges.undo_merge(checked.access(), merge).await {
        Ok(_) => Ok(Redirect::to(&format!("/children/{}", checked.child())).into_response()),
        Err(StoreError::NotFound) => Err(WebError::NotFound),
        Err(StoreError::Invalid(errors)) => {
            let extra =
                context! { form => render::value(FindForm::default()), ..error_values(&errors) };
            render_form(&state, &checked, extra, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct DecisionForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
}

/// The waiting merge, for a manager who may open both records; "not found" for anyone else.
async fn for_decider(
    records: &dyn Store,
    merges: &dyn Merges,
    actor: &journey_store::Actor,
    id: &str,
) -> WebResult<(PendingMerge, ChildAccess, ChildAccess)> {
    let id: i64 = id.parse().map_err(|_| WebError::NotFound)?;
    Ok(merging::to_decide(records, merges, actor, id).await?)
}

#[allow(clippy::too_many_arguments)]
async fn render_request(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    request: &PendingMerge,
    survivor: &ChildAccess,
    merged: &ChildAccess,
    form: &DecisionForm,
    errors: Option<&FieldErrors>,
) -> WebResult<Response> {
    let compared = state.store.compare_records(survivor, merged).await?;
    let shown = errors.map(error_values).unwrap_or_else(|| context! {});
    let values = context! {
        request => render::value(request),
        compared => render::value(&compared),
        asked_by_me => request.requested_by == viewer.staff,
        keep => request.keep_allocation.as_deref().map(|k| if k == KeepAllocation::Merged.code() {
            compared.merged.name()
        } else {
            compared.survivor.name()
        }),
        form => render::value(form),
        ..shown
    };
    let status = if errors.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render::page_with_status(
        state,
        ctx,
        Some(viewer),
        "/",
        "families/merge_request.html",
        values,
        status,
    )
}

pub async fn request_form(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Store>>,
    State(merges): State<Arc<dyn Merges>>,
    axum::Extension(ctx): axum::Extension<RequestContext>,
    viewer: Viewer,
    axum::extract::Path(id): axum::extract::Path<String>,
) -> WebResult<Response> {
    let actor = viewer.actor(&ctx, &state);
    let (request, survivor, merged) =
        for_decider(records.as_ref(), merges.as_ref(), &actor, &id).await?;
    render_request(
        &state,
        &ctx,
        &viewer,
        &request,
        &survivor,
        &merged,
        &DecisionForm::default(),
        None,
    )
    .await
}

pub async fn decide(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Store>>,
    State(merges): State<Arc<dyn Merges>>,
    axum::Extension(ctx): axum::Extension<RequestContext>,
    viewer: Viewer,
    axum::extract::Path(id): axum::extract::Path<String>,
    FormInput(form): FormInput<DecisionForm>,
) -> WebResult<Response> {
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    let actor = viewer.actor(&ctx, &state);
    let (request, survivor, merged) =
        for_decider(records.as_ref(), merges.as_ref(), &actor, &id).await?;
    let result = match merging::parse_decision(&form.decision, &form.reason) {
        Ok(decision) => {
            merges
                .decide_merge_request(&survivor, &merged, request.id, &decision)
                .await
        }
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(Some(_)) => Ok(Redirect::to(&format!("/children/{}", request.survivor)).into_response()),
        Ok(None) => Ok(Redirect::to("/").into_response()),
        Err(StoreError::Invalid(errors)) => {
            // A problem found by the merge itself is shown at the decision.
            let errors = if errors.message_for("decision").is_none()
                && errors.message_for("reason").is_none()
            {
                let mut moved = FieldErrors::new();
                for e in errors.errors {
                    moved.add("decision", e.message);
                }
                moved
            } else {
                errors
            };
            render_request(
                &state,
                &ctx,
                &viewer,
                &request,
                &survivor,
                &merged,
                &form,
                Some(&errors),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
