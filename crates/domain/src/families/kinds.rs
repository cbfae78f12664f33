//! The kinds of relationship between a child and the people around them, and the words for
//! each from both sides: recorded once, read from either person.

use serde::{Deserialize, Serialize};

use crate::person::Sex;

/// What the relative is to the child, recorded from the child's side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipKind {
    Mother,
    Father,
    StepParent,
    /// A brother or sister with both parents in common.
    Sibling,
    /// A brother or sister with one parent in common.
    HalfSibling,
    Grandparent,
    /// Someone who looks after the child (a kinship or foster carer, a partner of a parent).
    Carer,
    Other,
}

impl RelationshipKind {
    pub const ALL: [RelationshipKind; 8] = [
        RelationshipKind::Mother,
        RelationshipKind::Father,
        RelationshipKind::StepParent,
        RelationshipKind::Sibling,
        RelationshipKind::HalfSibling,
        RelationshipKind::Grandparent,
        RelationshipKind::Carer,
        RelationshipKind::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RelationshipKind::Mother => "mother",
            RelationshipKind::Father => "father",
            RelationshipKind::StepParent => "step_parent",
            RelationshipKind::Sibling => "sibling",
            RelationshipKind::HalfSibling => "half_sibling",
            RelationshipKind::Grandparent => "grandparent",
            RelationshipKind::Carer => "carer",
            RelationshipKind::Other => "other",
        }
    }

    /// Reads a stored code. Imports from older systems wrote `grandmother` and `grandfather`.
    pub fn from_code(code: &str) -> Option<RelationshipKind> {
        match code {
            "grandmother" | "grandfather" => Some(RelationshipKind::Grandparent),
            _ => Self::ALL.into_iter().find(|k| k.code() == code),
        }
    }

    /// The choice as a form offers it.
    pub fn option_label(self) -> &'static str {
        match self {
            RelationshipKind::Mother => "Mother",
            RelationshipKind::Father => "Father",
            RelationshipKind::StepParent => "Step-parent",
            RelationshipKind::Sibling => "Brother or sister (full)",
            RelationshipKind::HalfSibling => "Half-brother or half-sister",
            RelationshipKind::Grandparent => "Grandparent",
            RelationshipKind::Carer => "Carer",
            RelationshipKind::Other => "Other",
        }
    }

    /// A parent of the child: their other children are the child's family too.
    pub fn is_parent(self) -> bool {
        matches!(self, RelationshipKind::Mother | RelationshipKind::Father)
    }

    pub fn is_sibling(self) -> bool {
        matches!(
            self,
            RelationshipKind::Sibling | RelationshipKind::HalfSibling
        )
    }

    /// What the relative is to the child, in words that fit the relative's sex.
    pub fn relative_word(self, relative_sex: Sex) -> &'static str {
        let (f, m, u) = match self {
            RelationshipKind::Mother => ("mother", "mother", "mother"),
            RelationshipKind::Father => ("father", "father", "father"),
            RelationshipKind::StepParent => ("stepmother", "stepfather", "step-parent"),
            RelationshipKind::Sibling => ("sister", "brother", "sibling"),
            RelationshipKind::HalfSibling => ("half-sister", "half-brother", "half-sibling"),
            RelationshipKind::Grandparent => ("grandmother", "grandfather", "grandparent"),
            RelationshipKind::Carer => ("carer", "carer", "carer"),
            RelationshipKind::Other => ("other", "other", "other"),
        };
        by_sex(relative_sex, f, m, u)
    }

    /// What the child is to the relative: the inverse, in words that fit the child's sex.
    pub fn child_word(self, child_sex: Sex) -> &'static str {
        let (f, m, u) = match self {
            RelationshipKind::Mother | RelationshipKind::Father => ("daughter", "son", "child"),
            RelationshipKind::StepParent => ("stepdaughter", "stepson", "stepchild"),
            RelationshipKind::Sibling => ("sister", "brother", "sibling"),
            RelationshipKind::HalfSibling => ("half-sister", "half-brother", "half-sibling"),
            RelationshipKind::Grandparent => ("granddaughter", "grandson", "grandchild"),
            RelationshipKind::Carer => (
                "child in their care",
                "child in their care",
                "child in their care",
            ),
            RelationshipKind::Other => ("other", "other", "other"),
        };
        by_sex(child_sex, f, m, u)
    }
}

fn by_sex(
    sex: Sex,
    female: &'static str,
    male: &'static str,
    unknown: &'static str,
) -> &'static str {
    match sex {
        Sex::Female => female,
        Sex::Male => male,
        Sex::NotKnown => unknown,
    }
}

/// One side of a recorded relationship: who the other person is to the person being viewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Viewing the child: the other person is the relative.
    FromChild,
    /// Viewing the relative: the other person is the child.
    FromRelative,
}

/// The word for the other person, seen from the viewed person's side.
pub fn other_is(kind: RelationshipKind, side: Side, other_sex: Sex) -> &'static str {
    match side {
        Side::FromChild => kind.relative_word(other_sex),
        Side::FromRelative => kind.child_word(other_sex),
    }
}

/// A sentence for one side: "Kerry Marsh is Ellie's mother", "Ellie Marsh is Kerry's daughter".
pub fn sentence(other_name: &str, other_word: &str, viewed_given_name: &str) -> String {
    if other_word == "other" {
        return format!("{other_name} is connected to {viewed_given_name}");
    }
    if other_word == "child in their care" {
        return format!("{other_name} is a child in {viewed_given_name}'s care");
    }
    format!("{other_name} is {viewed_given_name}'s {other_word}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_old_import_codes_are_read() {
        for kind in RelationshipKind::ALL {
            assert_eq!(RelationshipKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(
            RelationshipKind::from_code("grandmother"),
            Some(RelationshipKind::Grandparent)
        );
        assert_eq!(RelationshipKind::from_code("cousin"), None);
    }

    #[test]
    fn recorded_once_read_from_both_sides() {
        // Kerry is recorded as Ellie's mother.
        let kind = RelationshipKind::Mother;
        let kerry = sentence(
            "Kerry Marsh",
            other_is(kind, Side::FromChild, Sex::Female),
            "Ellie",
        );
        assert_eq!(kerry, "Kerry Marsh is Ellie's mother");
        let ellie = sentence(
            "Ellie Marsh",
            other_is(kind, Side::FromRelative, Sex::Female),
            "Kerry",
        );
        assert_eq!(ellie, "Ellie Marsh is Kerry's daughter");
        assert_eq!(
            other_is(RelationshipKind::Father, Side::FromRelative, Sex::Male),
            "son"
        );
        assert_eq!(
            other_is(RelationshipKind::Father, Side::FromRelative, Sex::NotKnown),
            "child"
        );
    }

    #[test]
    fn siblings_read_the_same_both_ways() {
        let kind = RelationshipKind::HalfSibling;
        assert_eq!(other_is(kind, Side::FromChild, Sex::Male), "half-brother");
        assert_eq!(
            other_is(kind, Side::FromRelative, Sex::Female),
            "half-sister"
        );
        assert_eq!(
            other_is(RelationshipKind::Sibling, Side::FromChild, Sex::Female),
            "sister"
        );
        assert_eq!(
            other_is(RelationshipKind::Sibling, Side::FromRelative, Sex::Male),
            "brother"
        );
    }

    #[test]
    fn step_grand_and_carer_inverses() {
        assert_eq!(
            other_is(RelationshipKind::StepParent, Side::FromChild, Sex::Male),
            "stepfather"
        );
        assert_eq!(
            other_is(
                RelationshipKind::StepParent,
                Side::FromRelative,
                Sex::Female
            ),
            "stepdaughter"
        );
        assert_eq!(
            other_is(RelationshipKind::Grandparent, Side::FromRelative, Sex::Male),
            "grandson"
        );
        assert_eq!(
            sentence(
                "Ava Example",
                other_is(RelationshipKind::Carer, Side::FromRelative, Sex::Female),
                "Jo"
            ),
            "Ava Example is a child in Jo's care"
        );
        assert_eq!(
            sentence(
                "Jo Bloggs",
                other_is(RelationshipKind::Other, Side::FromChild, Sex::Female),
                "Ava"
            ),
            "Jo Bloggs is connected to Ava"
        );
    }
}
