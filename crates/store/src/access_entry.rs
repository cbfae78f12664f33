//! The access record an actor leaves by reading (or being refused) a child's record.

use journey_domain::access::Relationship;
use journey_domain::ids::PersonId;

use crate::{AccessKind, AccessLogEntry, Actor};

impl AccessLogEntry {
    /// The record of `actor` doing `kind` to `child`, at the time of the actor's request.
    pub fn by(
        actor: &Actor,
        relationship: Option<Relationship>,
        child: Option<PersonId>,
        kind: AccessKind,
        detail: &str,
    ) -> AccessLogEntry {
        AccessLogEntry {
            occurred_at: actor.at,
            staff: actor.staff_id(),
            staff_name: actor.display_name().to_owned(),
            role: actor.role_code().to_owned(),
            relationship,
            child,
            kind,
            detail: detail.to_owned(),
            request_id: actor.request_id.clone(),
        }
    }
}
