//! People known to the authority: children (born or unborn) and the adults around them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validation::{FieldErrors, required_name};

/// Sex as recorded for the DfE returns (CIN census and SSDA903 codes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sex {
    #[serde(rename = "M")]
    Male,
    #[serde(rename = "F")]
    Female,
    /// Not known, or not yet known for an unborn child.
    #[serde(rename = "U")]
    NotKnown,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "M",
            Sex::Female => "F",
            Sex::NotKnown => "U",
        }
    }

    pub fn from_code(code: &str) -> Option<Sex> {
        match code {
            "M" => Some(Sex::Male),
            "F" => Some(Sex::Female),
            "U" => Some(Sex::NotKnown),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "Male",
            Sex::Female => "Female",
            Sex::NotKnown => "Not known",
        }
    }
}

/// A child about to be recorded: parsed and checked, so the store only ever sees valid values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewChild {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    /// For an unborn child: the expected date of delivery.
    pub expected_date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
}

/// What a user typed to record a child, before it is checked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ChildInput {
    #[serde(default)]
    pub given_name: String,
    #[serde(default)]
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    #[serde(default)]
    pub sex: String,
}

impl NewChild {
    /// Checks every field and reports every problem at once.
    pub fn parse(input: &ChildInput, today: NaiveDate) -> Result<NewChild, FieldErrors> {
        let mut errors = FieldErrors::new();
        let given_name = required_name(
            &mut errors,
            "given_name",
            "the child's first name",
            &input.given_name,
            100,
        );
        let family_name = required_name(
            &mut errors,
            "family_name",
            "the child's last name",
            &input.family_name,
            100,
        );
        match (input.date_of_birth, input.expected_date_of_birth) {
            (None, None) => errors.add(
                "date_of_birth",
                "Enter the child's date of birth, or an expected date of birth for an unborn child",
            ),
            (Some(_), Some(_)) => errors.add(
                "expected_date_of_birth",
                "Leave the expected date of birth empty for a child who has been born",
            ),
            (Some(born), None) if born > today => errors.add(
                "date_of_birth",
                "Date of birth must be today or in the past",
            ),
            (Some(born), None) => {
                if let Some(problem) = crate::dates::birth_problem(born) {
                    errors.add("date_of_birth", problem);
                }
            }
            (None, Some(expected)) if expected > today + chrono::Months::new(10) => errors.add(
                "expected_date_of_birth",
                "Expected date of birth must be within the next 10 months",
            ),
            _ => {}
        }
        let sex = match Sex::from_code(input.sex.trim()) {
            Some(sex) => sex,
            None => {
                errors.add("sex", "Select the child's sex, or 'Not known'");
                Sex::NotKnown
            }
        };
        errors.into_result(NewChild {
            given_name,
            family_name,
            date_of_birth: input.date_of_birth,
            expected_date_of_birth: input.expected_date_of_birth,
            sex,
        })
    }
}

/// The form of a name that search compares: lower case letters only, accents folded, so
/// "O'Neill", "o neill" and "ONeill" all find each other.
pub fn name_key(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .filter_map(fold_letter)
        .collect()
}

fn fold_letter(c: char) -> Option<char> {
    let folded = match c {
        'a'..='z' | '0'..='9' => c,
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' => 'a',
        'ç' | 'č' | 'ć' => 'c',
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' => 'e',
        'ì' | 'í' | 'î' | 'ï' | 'ī' => 'i',
        'ñ' | 'ń' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' => 'o',
        'ù' | 'ú' | 'û' | 'ü' | 'ū' => 'u',
        'ý' | 'ÿ' => 'y',
        'ś' | 'š' => 's',
        'ž' | 'ź' | 'ż' => 'z',
        'ł' => 'l',
        _ => return None,
    };
    Some(folded)
}

/// Age in whole years on a date.
pub fn age_on(date_of_birth: NaiveDate, on: NaiveDate) -> Option<u32> {
    on.years_since(date_of_birth)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn input() -> ChildInput {
        ChildInput {
            given_name: "Ava".into(),
            family_name: "Example".into(),
            date_of_birth: Some(date(2020, 2, 29)),
            expected_date_of_birth: None,
            sex: "F".into(),
        }
    }

    #[test]
    fn a_valid_child_parses() {
        let child = NewChild::parse(&input(), date(2026, 11, 28)).unwrap();
        assert_eq!(child.sex, Sex::Female);
        assert_eq!(child.given_name, "Ava");
    }

    #[test]
    fn impossible_dates_are_refused_at_the_field() {
        let today = date(2026, 11, 28);
        let mut future = input();
        future.date_of_birth = Some(date(2026, 11, 29));
        let errors = NewChild::parse(&future, today).unwrap_err();
        assert_eq!(
            errors.message_for("date_of_birth"),
            Some("Date of birth must be today or in the past")
        );

        let mut unborn = input();
        unborn.date_of_birth = None;
        unborn.expected_date_of_birth = Some(date(2027, 9, 29));
        let errors = NewChild::parse(&unborn, today).unwrap_err();
        assert!(errors.message_for("expected_date_of_birth").is_some());
        unborn.expected_date_of_birth = Some(date(2027, 5, 1));
        assert!(NewChild::parse(&unborn, today).is_ok());
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let empty = ChildInput::default();
        let errors = NewChild::parse(&empty, date(2026, 1, 1)).unwrap_err();
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["given_name", "family_name", "date_of_birth", "sex"]
        );
    }

    #[test]
    fn name_keys_ignore_case_punctuation_and_accents() {
        assert_eq!(name_key("O'Neill"), "oneill");
        assert_eq!(name_key("  o neill"), "oneill");
        assert_eq!(name_key("Zoë Brontë-Smith"), "zoebrontesmith");
        assert_eq!(name_key("'--"), "");
    }

    #[test]
    fn age_counts_whole_years_including_leap_day_birthdays() {
        assert_eq!(age_on(date(2020, 2, 29), date(2026, 2, 28)), Some(5));
        assert_eq!(age_on(date(2020, 2, 29), date(2026, 3, 1)), Some(6));
        assert_eq!(age_on(date(2020, 2, 29), date(2019, 1, 1)), None);
    }
}
