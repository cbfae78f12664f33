//! What a worker types to change a child's details, checked field by field. Each parser
//! reports every problem at once, at the field that caused it, so nothing half-valid is saved.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::codes::{self, DISABILITY, ETHNICITY};
use super::identifiers::{NhsNumber, Upn};
use super::postcode::Postcode;
use crate::person::Sex;
use crate::validation::{FieldErrors, refuse_disguise, required_name, required_text};

/// How far ahead an expected date of birth may be: a pregnancy is known for at most ~10 months.
const EXPECTED_WITHIN: Months = Months::new(10);

/// Identifiers and demographics as typed. Empty means "not known".
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DemographicsInput {
    #[serde(default)]
    pub upn: String,
    #[serde(default)]
    pub nhs_number: String,
    #[serde(default)]
    pub gender: String,
    #[serde(default)]
    pub ethnicity: String,
    #[serde(default)]
    pub disabilities: Vec<String>,
}

/// Checked identifiers and demographics. Gender is as the child describes it, kept apart from
/// the sex recorded for the DfE returns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Demographics {
    pub upn: Option<Upn>,
    pub nhs_number: Option<NhsNumber>,
    pub gender: Option<String>,
    /// A CIN census ethnicity code.
    pub ethnicity: Option<String>,
    /// CIN census disability codes; empty when not recorded, `["NONE"]` for no disability.
    pub disabilities: Vec<String>,
}

impl Demographics {
    pub fn parse(input: &DemographicsInput) -> Result<Demographics, FieldErrors> {
        let mut errors = FieldErrors::new();
        let upn = optional(&input.upn)
            .map(Upn::parse)
            .transpose()
            .unwrap_or_else(|message| {
                errors.add("upn", message);
                None
            });
        let nhs_number = optional(&input.nhs_number)
            .map(NhsNumber::parse)
            .transpose()
            .unwrap_or_else(|message| {
                errors.add("nhs_number", message);
                None
            });
        let gender = optional(&input.gender).map(str::to_owned);
        if gender.as_deref().is_some_and(|g| g.chars().count() > 60) {
            errors.add("gender", "Gender must be 60 characters or fewer");
        }
        let ethnicity = match optional(&input.ethnicity) {
            None => None,
            Some(typed) => match codes::find(ETHNICITY, typed) {
                Some(code) => Some(code.to_owned()),
                None => {
                    errors.add("ethnicity", "Select the child's ethnicity from the list");
                    None
                }
            },
        };
        let mut disabilities = Vec::new();
        for typed in input.disabilities.iter().filter_map(|d| optional(d)) {
            match codes::find(DISABILITY, typed) {
                Some(code) if !disabilities.contains(&code.to_owned()) => {
                    disabilities.push(code.to_owned())
                }
                Some(_) => {}
                None => {
                    errors.add("disabilities", "Select disabilities from the list");
                    break;
                }
            }
        }
        if disabilities.len() > 1 && disabilities.iter().any(|d| d == "NONE") {
            errors.add(
                "disabilities",
                "Select 'No disability' on its own, or only the disabilities the child has",
            );
        }
        errors.into_result(Demographics {
            upn,
            nhs_number,
            gender,
            ethnicity,
            disabilities,
        })
    }
}

/// A change of name as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct NameInput {
    #[serde(default)]
    pub given_name: String,
    #[serde(default)]
    pub family_name: String,
    pub changed_on: Option<NaiveDate>,
}

/// A new name; the old one becomes a former name, used until `changed_on`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameChange {
    pub given_name: String,
    pub family_name: String,
    pub changed_on: NaiveDate,
}

impl NameChange {
    pub fn parse(input: &NameInput, today: NaiveDate) -> Result<NameChange, FieldErrors> {
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
        let changed_on = past_date(
            &mut errors,
            "changed_on",
            "the date the name changed",
            input.changed_on,
            today,
        );
        errors.into_result(NameChange {
            given_name,
            family_name,
            changed_on: changed_on.unwrap_or(today),
        })
    }
}

/// A new expected date of birth for an unborn child: within the next 10 months.
pub fn check_expected_date(
    expected: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<NaiveDate, FieldErrors> {
    match expected {
        None => Err(FieldErrors::single(
            "expected_date_of_birth",
            "Enter the expected date of birth",
        )),
        Some(date) if date > today + EXPECTED_WITHIN => Err(FieldErrors::single(
            "expected_date_of_birth",
            "Expected date of birth must be within the next 10 months",
        )),
        Some(date) => Ok(date),
    }
}

/// An address as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AddressInput {
    #[serde(default)]
    pub line_1: String,
    #[serde(default)]
    pub line_2: String,
    #[serde(default)]
    pub line_3: String,
    #[serde(default)]
    pub town: String,
    #[serde(default)]
    pub postcode: String,
    pub from: Option<NaiveDate>,
}

/// Where a child has started living, from a date. Moving ends the previous address that day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewAddress {
    pub line_1: String,
    pub line_2: Option<String>,
    pub line_3: Option<String>,
    pub town: String,
    pub postcode: Postcode,
    pub from: NaiveDate,
}

/// Whose address a form records, for the words of its messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resident {
    /// The child whose record it is.
    Child,
    /// An adult in the child's family, recorded through the child's record.
    Adult,
}

impl Resident {
    /// What the start date is called in messages.
    pub fn start_date(self) -> &'static str {
        match self {
            Resident::Child => "the date the child started living here",
            Resident::Adult => "the date they started living here",
        }
    }
}

impl NewAddress {
    /// A child's address.
    pub fn parse(input: &AddressInput, today: NaiveDate) -> Result<NewAddress, FieldErrors> {
        Self::parse_for(input, today, Resident::Child)
    }

    /// Anyone's address: the same checks, worded for whose it is.
    pub fn parse_for(
        input: &AddressInput,
        today: NaiveDate,
        resident: Resident,
    ) -> Result<NewAddress, FieldErrors> {
        let mut errors = FieldErrors::new();
        let line_1 = required_name(
            &mut errors,
            "line_1",
            "the first line of the address",
            &input.line_1,
            200,
        );
        let line_2 = optional_text(&mut errors, "line_2", "Address line 2", &input.line_2);
        let line_3 = optional_text(&mut errors, "line_3", "Address line 3", &input.line_3);
        let town = required_name(&mut errors, "town", "the town or city", &input.town, 100);
        let postcode = Postcode::parse(&input.postcode).map_err(|m| {
            if input.postcode.trim().is_empty() {
                errors.add("postcode", "Enter the postcode");
            } else {
                errors.add("postcode", m);
            }
        });
        let from = past_date(
            &mut errors,
            "from",
            resident.start_date(),
            input.from,
            today,
        );
        match (postcode, from) {
            (Ok(postcode), Some(from)) if errors.is_empty() => Ok(NewAddress {
                line_1,
                line_2,
                line_3,
                town,
                postcode,
                from,
            }),
            _ => Err(errors),
        }
    }
}

/// What kind of risk a warning describes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WarningCategory {
    Violence,
    Animals,
    Weapons,
    Environment,
    Health,
    Other,
}

impl WarningCategory {
    pub const ALL: [WarningCategory; 6] = [
        WarningCategory::Violence,
        WarningCategory::Animals,
        WarningCategory::Weapons,
        WarningCategory::Environment,
        WarningCategory::Health,
        WarningCategory::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            WarningCategory::Violence => "violence",
            WarningCategory::Animals => "animals",
            WarningCategory::Weapons => "weapons",
            WarningCategory::Environment => "environment",
            WarningCategory::Health => "health",
            WarningCategory::Other => "other",
        }
    }

    pub fn from_code(code: &str) -> Option<WarningCategory> {
        Self::ALL.into_iter().find(|c| c.code() == code.trim())
    }

    pub fn label(self) -> &'static str {
        match self {
            WarningCategory::Violence => "Violence or threats towards staff",
            WarningCategory::Animals => "Animals at the property",
            WarningCategory::Weapons => "Weapons",
            WarningCategory::Environment => "Unsafe building or surroundings",
            WarningCategory::Health => "Health or infection risk",
            WarningCategory::Other => "Other risk to staff",
        }
    }
}

/// A warning as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct WarningInput {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub text: String,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

/// A warning about risk to staff visiting or working with the family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWarning {
    pub category: WarningCategory,
    pub text: String,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

impl NewWarning {
    pub fn parse(input: &WarningInput, today: NaiveDate) -> Result<NewWarning, FieldErrors> {
        let mut errors = FieldErrors::new();
        let category = WarningCategory::from_code(&input.category);
        if category.is_none() {
            errors.add("category", "Select what kind of risk this is");
        }
        let text = required_text(
            &mut errors,
            "text",
            "what staff need to know",
            &input.text,
            1000,
        );
        let from = past_date(
            &mut errors,
            "from",
            "the date the warning starts",
            input.from,
            today,
        );
        if let (Some(from), Some(until)) = (from, input.until)
            && until <= from
        {
            errors.add(
                "until",
                "The date the warning ends must be after the date it starts",
            );
        }
        match (category, from) {
            (Some(category), Some(from)) if errors.is_empty() => Ok(NewWarning {
                category,
                text,
                from,
                until: input.until,
            }),
            _ => Err(errors),
        }
    }
}

/// The birth of an unborn child, as typed.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct BirthInput {
    pub date_of_birth: Option<NaiveDate>,
    #[serde(default)]
    pub sex: String,
    #[serde(default)]
    pub given_name: String,
}

/// The birth of a child recorded while unborn: recorded on the same record, keeping its history.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Birth {
    pub date_of_birth: NaiveDate,
    pub sex: Sex,
    pub given_name: String,
}

impl Birth {
    pub fn parse(input: &BirthInput, today: NaiveDate) -> Result<Birth, FieldErrors> {
        let mut errors = FieldErrors::new();
        let born = match input.date_of_birth {
            None => {
                errors.add("date_of_birth", "Enter the date of birth");
                None
            }
            Some(born) if born > today => {
                errors.add(
                    "date_of_birth",
                    "Date of birth must be today or in the past",
                );
                None
            }
            Some(born) => match crate::dates::birth_problem(born) {
                Some(problem) => {
                    errors.add("date_of_birth", problem);
                    None
                }
                None => Some(born),
            },
        };
        let sex = Sex::from_code(input.sex.trim());
        if sex.is_none() {
            errors.add("sex", "Select the child's sex, or 'Not known'");
        }
        let given_name = required_name(
            &mut errors,
            "given_name",
            "the child's first name",
            &input.given_name,
            100,
        );
        match (born, sex) {
            (Some(date_of_birth), Some(sex)) if errors.is_empty() => Ok(Birth {
                date_of_birth,
                sex,
                given_name,
            }),
            _ => Err(errors),
        }
    }
}

/// Checks a date of death against the child's birth and today.
pub fn check_death(
    died_on: Option<NaiveDate>,
    born: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<NaiveDate, FieldErrors> {
    let field = "date_of_death";
    let Some(died_on) = died_on else {
        return Err(FieldErrors::single(field, "Enter the date of death"));
    };
    match born {
        None => Err(FieldErrors::single(
            field,
            "Record the child's birth before recording a death",
        )),
        Some(born) if died_on < born => Err(FieldErrors::single(
            field,
            "Date of death must be on or after the date of birth",
        )),
        Some(_) if died_on > today => Err(FieldErrors::single(
            field,
            "Date of death must be today or in the past",
        )),
        Some(_) => Ok(died_on),
    }
}

/// The typed text, trimmed, or `None` when nothing was typed.
pub(super) fn optional(typed: &str) -> Option<&str> {
    Some(typed.trim()).filter(|t| !t.is_empty())
}

fn optional_text(errors: &mut FieldErrors, field: &str, what: &str, typed: &str) -> Option<String> {
    let text = optional(typed)?;
    if text.chars().count() > 200 {
        errors.add(field, format!("{what} must be 200 characters or fewer"));
    } else {
        refuse_disguise(errors, field, what, text);
    }
    Some(text.to_owned())
}

/// A required date that cannot be in the future.
pub(super) fn past_date(
    errors: &mut FieldErrors,
    field: &str,
    what: &str,
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    match date {
        None => {
            errors.add(field, format!("Enter {what}"));
            None
        }
        Some(date) if date > today => {
            errors.add(field, "The date must be today or in the past");
            None
        }
        Some(date) => Some(date),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    const TODAY: (i32, u32, u32) = (2026, 3, 2);

    fn today() -> NaiveDate {
        date(TODAY.0, TODAY.1, TODAY.2)
    }

    #[test]
    fn demographics_check_every_field_at_once() {
        let input = DemographicsInput {
            upn: "A801200005001".into(),
            nhs_number: "9434765918".into(),
            gender: "Non-binary".into(),
            ethnicity: "XXXX".into(),
            disabilities: vec!["NONE".into(), "AUT".into()],
        };
        let errors = Demographics::parse(&input).unwrap_err();
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["upn", "nhs_number", "ethnicity", "disabilities"]);
        assert_eq!(
            errors.message_for("ethnicity"),
            Some("Select the child's ethnicity from the list")
        );

        let unknown_disability = DemographicsInput {
            disabilities: vec!["WINGS".into()],
            ..DemographicsInput::default()
        };
        assert_eq!(
            Demographics::parse(&unknown_disability)
                .unwrap_err()
                .message_for("disabilities"),
            Some("Select disabilities from the list")
        );
    }

    #[test]
    fn valid_demographics_are_normalised() {
        let input = DemographicsInput {
            upn: "b801200005001".into(),
            nhs_number: "943 476 5919".into(),
            gender: " ".into(),
            ethnicity: "wbri".into(),
            disabilities: vec!["AUT".into(), "LD".into(), "AUT".into(), "".into()],
        };
        let d = Demographics::parse(&input).unwrap();
        assert_eq!(d.upn.unwrap().as_str(), "B801200005001");
        assert_eq!(d.nhs_number.unwrap().as_str(), "9434765919");
        assert_eq!(d.gender, None);
        assert_eq!(d.ethnicity.as_deref(), Some("WBRI"));
        assert_eq!(d.disabilities, ["AUT", "LD"]);
        assert!(Demographics::parse(&DemographicsInput::default()).is_ok());
    }

    #[test]
    fn expected_dates_are_at_most_ten_months_ahead() {
        assert!(check_expected_date(Some(date(2027, 1, 2)), today()).is_ok());
        assert_eq!(
            check_expected_date(Some(date(2027, 1, 3)), today())
                .unwrap_err()
                .message_for("expected_date_of_birth"),
            Some("Expected date of birth must be within the next 10 months")
        );
        assert!(check_expected_date(None, today()).is_err());
    }

    #[test]
    fn addresses_need_a_real_postcode_and_a_start_date() {
        let mut input = AddressInput {
            line_1: "12 High Street".into(),
            town: "Northtown".into(),
            postcode: "nt1 1aa".into(),
            from: Some(date(2026, 1, 1)),
            ..AddressInput::default()
        };
        let address = NewAddress::parse(&input, today()).unwrap();
        assert_eq!(address.postcode.as_str(), "NT1 1AA");
        assert_eq!(address.line_2, None);
        input.postcode = "NT1".into();
        input.from = Some(date(2026, 3, 3));
        let errors = NewAddress::parse(&input, today()).unwrap_err();
        assert_eq!(
            errors.message_for("postcode"),
            Some("Enter a real postcode, like SW1A 2AA")
        );
        assert_eq!(
            errors.message_for("from"),
            Some("The date must be today or in the past")
        );
        input.from = None;
        let errors = NewAddress::parse_for(&input, today(), Resident::Adult).unwrap_err();
        assert_eq!(
            errors.message_for("from"),
            Some("Enter the date they started living here")
        );
    }

    #[test]
    fn warnings_have_a_category_text_and_sensible_dates() {
        let input = WarningInput {
            category: "animals".into(),
            text: "Dog at the property".into(),
            from: Some(date(2026, 2, 1)),
            until: Some(date(2026, 2, 1)),
        };
        let errors = NewWarning::parse(&input, today()).unwrap_err();
        assert!(errors.message_for("until").is_some());
        let ok = NewWarning::parse(
            &WarningInput {
                until: None,
                ..input
            },
            today(),
        )
        .unwrap();
        assert_eq!(ok.category, WarningCategory::Animals);
        let errors = NewWarning::parse(&WarningInput::default(), today()).unwrap_err();
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["category", "text", "from"]);
        for c in WarningCategory::ALL {
            assert_eq!(WarningCategory::from_code(c.code()), Some(c));
        }
    }

    #[test]
    fn births_cannot_be_in_the_future() {
        let input = BirthInput {
            date_of_birth: Some(date(2026, 3, 3)),
            sex: "F".into(),
            given_name: "Rose".into(),
        };
        assert_eq!(
            Birth::parse(&input, today())
                .unwrap_err()
                .message_for("date_of_birth"),
            Some("Date of birth must be today or in the past")
        );
        let born = Birth::parse(
            &BirthInput {
                date_of_birth: Some(today()),
                ..input
            },
            today(),
        )
        .unwrap();
        assert_eq!(born.sex, Sex::Female);
    }

    #[test]
    fn deaths_fall_between_birth_and_today() {
        let born = Some(date(2019, 2, 28));
        assert_eq!(
            check_death(Some(date(2026, 3, 1)), born, today()),
            Ok(date(2026, 3, 1))
        );
        assert_eq!(
            check_death(Some(date(2019, 2, 27)), born, today())
                .unwrap_err()
                .message_for("date_of_death"),
            Some("Date of death must be on or after the date of birth")
        );
        assert!(check_death(Some(date(2026, 3, 3)), born, today()).is_err());
        assert!(check_death(Some(date(2026, 3, 1)), None, today()).is_err());
        assert!(check_death(None, born, today()).is_err());
    }

    #[test]
    fn name_changes_need_a_date_not_in_the_future() {
        let input = NameInput {
            given_name: "Ava".into(),
            family_name: "Newname".into(),
            changed_on: Some(date(2026, 3, 5)),
        };
        assert!(
            NameChange::parse(&input, today())
                .unwrap_err()
                .message_for("changed_on")
                .is_some()
        );
        let ok = NameChange::parse(
            &NameInput {
                changed_on: Some(today()),
                ..input
            },
            today(),
        )
        .unwrap();
        assert_eq!(ok.family_name, "Newname");
    }
}
