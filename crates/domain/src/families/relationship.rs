//! Recording a relationship: what a worker types, checked field by field.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::kinds::RelationshipKind;
use crate::ids::PersonId;
use crate::person::Sex;
use crate::validation::{FieldErrors, required_name};

/// An adult recorded for the first time as someone in a child's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAdult {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
}

/// Who the relative is: someone already on record, or a new adult.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Relative {
    Existing(PersonId),
    New(NewAdult),
}

/// A relationship about to be recorded, from the child's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewRelationship {
    pub relative: Relative,
    pub kind: RelationshipKind,
    pub start: Option<NaiveDate>,
    /// The child lives with this person now: they join the child's household from `start`
    /// (or today).
    pub lives_with: bool,
}

/// What a user typed, before it is checked. Dates are already read from their parts.
#[derive(Debug, Clone, Default)]
pub struct RelationshipInput {
    /// "existing" or "new".
    pub who: String,
    pub existing_id: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: String,
    pub kind: String,
    pub start: Option<NaiveDate>,
    pub lives_with: bool,
}

impl NewRelationship {
    /// Checks every field and reports every problem at once.
    pub fn parse(
        input: &RelationshipInput,
        child: PersonId,
        today: NaiveDate,
    ) -> Result<NewRelationship, FieldErrors> {
        let mut errors = FieldErrors::new();
        let relative = match input.who.as_str() {
            "existing" => {
                let id = input
                    .existing_id
                    .trim()
                    .parse::<i64>()
                    .ok()
                    .filter(|id| *id > 0);
                match id {
                    Some(id) if PersonId(id) == child => {
                        errors.add(
                            "existing_id",
                            "Enter the Journey ID of someone other than the child",
                        );
                        None
                    }
                    Some(id) => Some(Relative::Existing(PersonId(id))),
                    None => {
                        errors.add(
                            "existing_id",
                            "Enter the person's Journey ID, a number such as 1042",
                        );
                        None
                    }
                }
            }
            "new" => {
                let given_name = required_name(
                    &mut errors,
                    "given_name",
                    "the person's first name",
                    &input.given_name,
                    100,
                );
                let family_name = required_name(
                    &mut errors,
                    "family_name",
                    "the person's last name",
                    &input.family_name,
                    100,
                );
                if input.date_of_birth.is_some_and(|d| d > today) {
                    errors.add(
                        "date_of_birth",
                        "Date of birth must be today or in the past",
                    );
                } else if let Some(problem) =
                    input.date_of_birth.and_then(crate::dates::birth_problem)
                {
                    errors.add("date_of_birth", problem);
                }
                let sex = Sex::from_code(input.sex.trim()).unwrap_or_else(|| {
                    errors.add("sex", "Select the person's sex, or 'Not known'");
                    Sex::NotKnown
                });
                Some(Relative::New(NewAdult {
                    given_name,
                    family_name,
                    date_of_birth: input.date_of_birth,
                    sex,
                }))
            }
            _ => {
                errors.add("who", "Select whether the person is already on Journey");
                None
            }
        };
        let kind = RelationshipKind::from_code(input.kind.trim())
            .filter(|k| k.code() == input.kind.trim());
        if kind.is_none() {
            errors.add("kind", "Select how the person is related to the child");
        }
        if input.start.is_some_and(|d| d > today) {
            errors.add(
                "start",
                "The date the relationship started must be today or in the past",
            );
        }
        match (relative, kind) {
            (Some(relative), Some(kind)) if errors.is_empty() => Ok(NewRelationship {
                relative,
                kind,
                start: input.start,
                lives_with: input.lives_with,
            }),
            _ => Err(errors),
        }
    }
}

/// Checks the date a relationship (or a household membership) ends.
pub fn parse_end(
    end: Option<NaiveDate>,
    started: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<NaiveDate, FieldErrors> {
    match end {
        None => Err(FieldErrors::single("end", "Enter the date it ended")),
        Some(end) if end > today => Err(FieldErrors::single(
            "end",
            "The end date must be today or in the past",
        )),
        Some(end) if started.is_some_and(|s| end < s) => Err(FieldErrors::single(
            "end",
            "The end date must be on or after the date it started",
        )),
        Some(end) => Ok(end),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_new_adult_is_checked_field_by_field() {
        let input = RelationshipInput {
            who: "new".into(),
            given_name: " Kerry ".into(),
            family_name: "Marsh".into(),
            sex: "F".into(),
            kind: "mother".into(),
            lives_with: true,
            ..Default::default()
        };
        let got = NewRelationship::parse(&input, PersonId(1), day(2026, 3, 2)).unwrap();
        assert_eq!(got.kind, RelationshipKind::Mother);
        assert!(matches!(got.relative, Relative::New(ref a) if a.given_name == "Kerry"));

        let bad = RelationshipInput {
            who: "new".into(),
            date_of_birth: Some(day(2027, 1, 1)),
            kind: "cousin".into(),
            start: Some(day(2026, 3, 3)),
            ..Default::default()
        };
        let errors = NewRelationship::parse(&bad, PersonId(1), day(2026, 3, 2)).unwrap_err();
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "given_name",
                "family_name",
                "date_of_birth",
                "sex",
                "kind",
                "start"
            ]
        );
    }

    #[test]
    fn an_existing_person_needs_a_journey_id_other_than_the_child() {
        let mut input = RelationshipInput {
            who: "existing".into(),
            existing_id: "12".into(),
            kind: "half_sibling".into(),
            ..Default::default()
        };
        assert!(NewRelationship::parse(&input, PersonId(12), day(2026, 3, 2)).is_err());
        assert!(NewRelationship::parse(&input, PersonId(13), day(2026, 3, 2)).is_ok());
        input.existing_id = "twelve".into();
        let errors = NewRelationship::parse(&input, PersonId(13), day(2026, 3, 2)).unwrap_err();
        assert!(errors.message_for("existing_id").is_some());
        // Old import codes are read from storage, never accepted from a form.
        input.existing_id = "12".into();
        input.kind = "grandmother".into();
        assert!(NewRelationship::parse(&input, PersonId(13), day(2026, 3, 2)).is_err());
    }

    #[test]
    fn end_dates_are_not_in_the_future_or_before_the_start() {
        let today = day(2026, 3, 2);
        assert!(parse_end(None, None, today).is_err());
        assert!(parse_end(Some(day(2026, 3, 3)), None, today).is_err());
        assert!(parse_end(Some(day(2026, 1, 1)), Some(day(2026, 2, 1)), today).is_err());
        assert_eq!(
            parse_end(Some(today), Some(day(2026, 2, 1)), today),
            Ok(today)
        );
    }
}
