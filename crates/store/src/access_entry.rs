//! The access record an actor leaves by reading (or being refused) a child's record, or by
//! being shown a list of people.

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
            people_shown: Vec::new(),
        }
    }

    /// The record of `actor` being shown a list of people (found by a search or a lookup),
    /// written even when the list is empty: the search itself is part of the trail.
    pub fn result_list(
        actor: &Actor,
        people: impl IntoIterator<Item = PersonId>,
    ) -> AccessLogEntry {
        AccessLogEntry {
            people_shown: people.into_iter().collect(),
            ..AccessLogEntry::by(actor, None, None, AccessKind::SearchResults, "")
        }
    }
}
