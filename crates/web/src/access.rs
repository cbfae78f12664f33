//! The access check every child-level handler makes: relationship, policy, and on refusal a
//! durable access record before the refusal is sent; and the role check of pages that are not
//! about one child.

use journey_domain::access::{Action, Capability, has_capability, may_break_glass};
use journey_domain::ids::PersonId;

use axum::extract::FromRequestParts;

use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::state::AppState;

pub use journey_store::Permitted;

/// Runs the access check for the viewer on one child: the proof of access on success; on
/// refusal the refusal is durably recorded before the refusal is sent.
pub async fn check(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    child: PersonId,
    action: Action,
) -> WebResult<Permitted> {
    let actor = viewer.actor(ctx, state);
    journey_store::access::check(state.store.as_ref(), actor, child, action, None)
        .await?
        .map_err(|_| WebError::Refused)
}

/// Refuses a viewer whose role lacks a capability (searching, recording people, managing
/// accounts): work that is not about one child, so there is no relationship to check. The
/// refusal is durably recorded before it is sent, like a refusal on a child's record.
pub async fn require(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    capability: Capability,
) -> WebResult<()> {
    if has_capability(viewer.role, capability) {
        return Ok(());
    }
    state
        .store
        .record_capability_refusal(&viewer.actor(ctx, state), capability)
        .await?;
    Err(WebError::Refused)
}

/// The action a handler takes on the child named in its path, as a type, so the extractor
/// below knows which action to check.
pub trait ChildAction: Send + Sync {
    const ACTION: Action;
}

/// Opening the record or reading from it.
pub struct ToView;
/// Adding to the record: a note, a change of details.
pub struct ToAdd;
/// Recording a contact about the child (the front door and duty teams may, screening it).
pub struct ToRecordContact;
/// Restricting the record, or lifting its restriction.
pub struct ToRestrict;
/// Reading who has viewed the record.
pub struct ToReadAccessLog;
/// Allocating the child.
pub struct ToAllocate;
/// Merging records, or undoing a merge.
pub struct ToMerge;

impl ChildAction for ToView {
    const ACTION: Action = Action::ViewRecord;
}
impl ChildAction for ToAdd {
    const ACTION: Action = Action::AddToRecord;
}
impl ChildAction for ToRecordContact {
    const ACTION: Action = Action::RecordContact;
}
impl ChildAction for ToRestrict {
    const ACTION: Action = Action::RestrictRecord;
}
impl ChildAction for ToReadAccessLog {
    const ACTION: Action = Action::ViewAccessLog;
}
impl ChildAction for ToAllocate {
    const ACTION: Action = Action::Allocate;
}
impl ChildAction for ToMerge {
    const ACTION: Action = Action::MergeRecords;
}

/// A request about the child named in its path (`{child}`, or `{child_id}` in the API), checked before the handler runs:
/// holding one is holding the proof (`permitted.access`) that the policy allowed the viewer
/// this action on this child. A refusal is durably recorded and answered before the handler
/// is reached; an id that does not parse is refused the same way, revealing nothing.
pub struct Checked<A: ChildAction> {
    pub permitted: Permitted,
    pub viewer: Viewer,
    pub ctx: RequestContext,
    action: std::marker::PhantomData<A>,
}

impl<A: ChildAction> Checked<A> {
    /// Whose record.
    pub fn child(&self) -> PersonId {
        self.permitted.access.child()
    }

    /// The proof, for the store calls it allows.
    pub fn access(&self) -> &journey_store::ChildAccess {
        &self.permitted.access
    }
}

impl<A: ChildAction> FromRequestParts<AppState> for Checked<A> {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        let ctx = parts
            .extensions
            .get::<RequestContext>()
            .cloned()
            .ok_or_else(|| WebError::Internal("no request context".into()))?;
        let params = axum::extract::RawPathParams::from_request_parts(parts, state)
            .await
            .map_err(|e| WebError::Internal(format!("path parameters: {e}")))?;
        let child = params
            .iter()
            .find(|(name, _)| matches!(*name, "child" | "child_id"))
            .ok_or_else(|| WebError::Internal("the route names no child".into()))?
            .1
            .parse::<i64>()
            .map_err(|_| WebError::Refused)?;
        let child = PersonId(child);
        let permitted = match check(state, &ctx, &viewer, child, A::ACTION).await {
            // Whoever may break glass is offered it when refused a record's pages.
            Err(WebError::Refused)
                if A::ACTION == Action::ViewRecord
                    && !ctx.is_api
                    && may_break_glass(viewer.role) =>
            {
                return Err(WebError::RefusedRecord(child));
            }
            other => other?,
        };
        Ok(Self {
            permitted,
            viewer,
            ctx,
            action: std::marker::PhantomData,
        })
    }
}
