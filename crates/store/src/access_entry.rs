//! The access record an actor leaves by reading (or being refused) a child's record, or by
//! being shown a list of people.

use journey_domain::access::{Capability, Relationship};
use journey_domain::ids::PersonId;

use crate::{AccessKind, AccessLogEntry, Actor, ChildAccess};

/// Where a reason starts in an access record's stored detail. The detail before it is
/// Journey's own text (a panel's name, a note's number), which never contains it.
pub const REASON_MARK: &str = "; reason: ";

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
            reason: None,
            request_id: actor.request_id.clone(),
            people_shown: Vec::new(),
        }
    }

    /// The record of a read the access check allowed: the actor, the relationship, the child
    /// and the reason the proof carries.
    pub fn through(access: &ChildAccess, kind: AccessKind, detail: &str) -> AccessLogEntry {
        AccessLogEntry {
            reason: access.reason().map(str::to_owned),
            ..AccessLogEntry::by(
                access.actor(),
                Some(access.relationship()),
                Some(access.child()),
                kind,
                detail,
            )
        }
    }

    /// The `detail` column as stored: the detail, then the reason after [`REASON_MARK`].
    pub fn stored_detail(&self) -> std::borrow::Cow<'_, str> {
        match &self.reason {
            Some(reason) => format!("{}{REASON_MARK}{reason}", self.detail).into(),
            None => self.detail.as_str().into(),
        }
    }

    /// The detail and the reason of a stored `detail` column.
    pub fn split_stored_detail(stored: String) -> (String, Option<String>) {
        match stored.split_once(REASON_MARK) {
            Some((detail, reason)) => (detail.to_owned(), Some(reason.to_owned())),
            None => (stored, None),
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

    /// The record of `actor` refused an ability that concerns no one child: no child, and the
    /// capability's code as the detail where a child's refusal has the action's.
    pub fn refused_ability(actor: &Actor, capability: Capability) -> AccessLogEntry {
        AccessLogEntry::by(actor, None, None, AccessKind::Refused, capability.code())
    }

    /// The record of `actor` being shown a list of children by name (`list`: "caseload"),
    /// written even when it is empty, like a search's.
    pub fn list_shown(
        actor: &Actor,
        list: &str,
        children: impl IntoIterator<Item = PersonId>,
    ) -> AccessLogEntry {
        AccessLogEntry {
            people_shown: children.into_iter().collect(),
            ..AccessLogEntry::by(actor, None, None, AccessKind::ListShown, list)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_survives_the_detail_column_and_a_detail_without_one_is_unchanged() {
        let actor = Actor::system("test", chrono::DateTime::UNIX_EPOCH);
        let mut entry = AccessLogEntry::by(
            &actor,
            None,
            Some(PersonId(1)),
            AccessKind::ViewedRecord,
            "front_door",
        );
        assert_eq!(entry.stored_detail(), "front_door");
        entry.reason = Some("Checking a sibling's address; urgent".into());
        let (detail, reason) = AccessLogEntry::split_stored_detail(entry.stored_detail().into());
        assert_eq!(detail, "front_door");
        assert_eq!(
            reason.as_deref(),
            Some("Checking a sibling's address; urgent")
        );
        assert_eq!(
            AccessLogEntry::split_stored_detail("view_record".into()),
            ("view_record".into(), None)
        );
    }
}
