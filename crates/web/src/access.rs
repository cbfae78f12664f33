//! The access check every child-level handler makes: relationship, policy, and on refusal a
//! durable access record before the refusal is sent; and the role check of pages that are not
//! about one child.

use journey_domain::access::{Action, Capability, Relationship, decide, has_capability};
use journey_domain::ids::PersonId;
use journey_domain::staff::Role;
use journey_store::ChildAccess;

use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::state::AppState;

/// What the viewer may do with one child, decided once per request.
pub struct Permitted {
    pub access: ChildAccess,
    pub role: Role,
    pub relationships: Vec<Relationship>,
}

impl Permitted {
    /// Whether the same viewer may also take another action on this child.
    pub fn also_allows(&self, action: Action) -> bool {
        decide(self.role, &self.relationships, action).is_ok()
    }
}

pub async fn check(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    child: PersonId,
    action: Action,
) -> WebResult<Permitted> {
    let actor = viewer.actor(ctx, state);
    let relationships = state
        .store
        .relationships(viewer.staff, child, actor.today())
        .await?;
    match decide(viewer.role, &relationships, action) {
        Ok(relationship) => Ok(Permitted {
            access: ChildAccess {
                actor,
                child,
                relationship,
            },
            role: viewer.role,
            relationships,
        }),
        Err(_) => {
            state.store.record_refusal(&actor, child, action).await?;
            Err(WebError::Refused)
        }
    }
}

/// Refuses a viewer whose role lacks a capability (searching, recording people, managing
/// accounts): work that is not about one child, so there is no relationship to check.
pub fn require(viewer: &Viewer, capability: Capability) -> WebResult<()> {
    if has_capability(viewer.role, capability) {
        Ok(())
    } else {
        Err(WebError::Refused)
    }
}
