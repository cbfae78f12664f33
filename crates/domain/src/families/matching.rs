//! "Is this child already known?": how alike a person on record is to a child about to be
//! recorded, and why, in words the worker can check.

use chrono::NaiveDate;
use serde::Serialize;

use super::sound::{Likeness, likeness};

/// Why a person on record may be the same child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchReason {
    SameLastName,
    SimilarLastName,
    SameFirstName,
    SimilarFirstName,
    SameDateOfBirth,
}

impl MatchReason {
    pub fn label(self) -> &'static str {
        match self {
            MatchReason::SameLastName => "Same last name",
            MatchReason::SimilarLastName => "Last name sounds or looks alike",
            MatchReason::SameFirstName => "Same first name",
            MatchReason::SimilarFirstName => "First name sounds or looks alike",
            MatchReason::SameDateOfBirth => "Same date of birth",
        }
    }

    fn weight(self) -> u32 {
        match self {
            MatchReason::SameLastName | MatchReason::SameFirstName => 2,
            MatchReason::SimilarLastName | MatchReason::SimilarFirstName => 1,
            MatchReason::SameDateOfBirth => 2,
        }
    }
}

/// The names and dates compared.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    pub given_name: &'a str,
    pub family_name: &'a str,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
}

impl Who<'_> {
    /// The date the person is known by: born, or expected.
    fn date(&self) -> Option<NaiveDate> {
        self.date_of_birth.or(self.expected_date_of_birth)
    }
}

/// A likely match: the reasons, and a score to rank by (higher is likelier).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Likely {
    pub reasons: Vec<MatchReason>,
    pub score: u32,
}

/// The score at which a person is shown as a likely match: both names alike, or one name and
/// the date of birth (surnames change; dates of birth are mistyped less often).
pub const LIKELY: u32 = 3;

/// Compares a person on record with a child about to be recorded.
pub fn compare(new: &Who<'_>, known: &Who<'_>) -> Option<Likely> {
    let mut reasons = Vec::new();
    match likeness(new.family_name, known.family_name) {
        Likeness::Same => reasons.push(MatchReason::SameLastName),
        Likeness::Similar => reasons.push(MatchReason::SimilarLastName),
        Likeness::Different => {}
    }
    match likeness(new.given_name, known.given_name) {
        Likeness::Same => reasons.push(MatchReason::SameFirstName),
        Likeness::Similar => reasons.push(MatchReason::SimilarFirstName),
        Likeness::Different => {}
    }
    if new.date().is_some() && new.date() == known.date() {
        reasons.push(MatchReason::SameDateOfBirth);
    }
    let score = reasons.iter().map(|r| r.weight()).sum();
    let names_only = !reasons.contains(&MatchReason::SameDateOfBirth);
    // Names alone must both be alike: a common surname on its own is not a match.
    let both_names = reasons.len() >= 2;
    (score >= LIKELY && (!names_only || both_names)).then_some(Likely { reasons, score })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who<'a>(given: &'a str, family: &'a str, born: Option<NaiveDate>) -> Who<'a> {
        Who {
            given_name: given,
            family_name: family,
            date_of_birth: born,
            expected_date_of_birth: None,
        }
    }

    fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, d)
    }

    #[test]
    fn misspelt_names_with_the_same_birthday_match() {
        let got = compare(
            &who("Kathryn", "Smyth", day(2019, 2, 28)),
            &who("Catherine", "Smith", day(2019, 2, 28)),
        )
        .unwrap();
        assert_eq!(
            got.reasons,
            [
                MatchReason::SimilarLastName,
                MatchReason::SimilarFirstName,
                MatchReason::SameDateOfBirth
            ]
        );
        assert_eq!(got.score, 4);
    }

    #[test]
    fn same_names_match_without_a_date_but_a_surname_alone_does_not() {
        assert!(
            compare(
                &who("Ellie", "Marsh", None),
                &who("Ellie", "Marsh", day(2021, 8, 3))
            )
            .is_some()
        );
        assert!(
            compare(
                &who("Tom", "Marsh", None),
                &who("Ellie", "Marsh", day(2021, 8, 3))
            )
            .is_none()
        );
        assert!(
            compare(
                &who("Tom", "Marsh", day(2021, 8, 3)),
                &who("Ellie", "Marsh", day(2021, 8, 3))
            )
            .is_some(),
            "same surname and birthday: a twin, or the same child mistyped; the worker decides"
        );
        assert!(
            compare(
                &who("Tom", "Jones", day(2021, 8, 3)),
                &who("Ellie", "Marsh", day(2021, 8, 3))
            )
            .is_none()
        );
    }

    #[test]
    fn an_unborn_child_matches_on_the_expected_date() {
        let new = Who {
            given_name: "Baby",
            family_name: "Marsh",
            date_of_birth: None,
            expected_date_of_birth: day(2027, 2, 2),
        };
        assert!(compare(&new, &new).is_some());
    }
}
