//! The "start again" guard: what in the history of the children around a child must be seen
//! on the child's own record. Serious case reviews found workers treating each new child of a
//! family as a fresh start, without the removals and plans of the children before.

/// Chronology kinds that belong in a child's family history, with how the panel names them.
/// Data, so that a capability adding a new kind of serious event adds one line here.
pub const FAMILY_HISTORY_KINDS: &[(&str, &str)] = &[
    ("child_protection_plan", "Child protection plan"),
    ("care_proceedings", "Care proceedings"),
    ("removal", "Removed from the family"),
    ("placed_in_care", "Placed in care"),
    ("adoption_order", "Adopted"),
    ("special_guardianship_order", "Special guardianship order"),
    ("placement_order", "Placement order"),
];

/// The panel's name for a kind in the list, or `None` for a kind that does not belong there.
pub fn family_history_label(kind: &str) -> Option<&'static str> {
    FAMILY_HISTORY_KINDS
        .iter()
        .find(|(code, _)| *code == kind)
        .map(|(_, label)| *label)
}

/// The kinds alone, for the query.
pub fn family_history_kinds() -> impl Iterator<Item = &'static str> {
    FAMILY_HISTORY_KINDS.iter().map(|(code, _)| *code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_serious_events_are_in_the_list_and_routine_ones_are_not() {
        for kind in [
            "child_protection_plan",
            "care_proceedings",
            "removal",
            "placed_in_care",
            "adoption_order",
        ] {
            assert!(family_history_label(kind).is_some(), "{kind}");
        }
        for kind in [
            "contact_received",
            "allocated",
            "case_note",
            "significant_event",
        ] {
            assert!(family_history_label(kind).is_none(), "{kind}");
        }
        assert_eq!(family_history_label("adoption_order"), Some("Adopted"));
    }

    #[test]
    fn each_kind_is_listed_once() {
        let mut kinds: Vec<_> = family_history_kinds().collect();
        let all = kinds.len();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), all);
    }
}
