//! Correcting what was recorded wrongly about a child: an address, the date of birth, the date
//! of death. A correction is not a new event in the child's life (a move, a birth): it says the
//! record was wrong, so it needs a reason, and the old value stays in the history (the store
//! writes it on the chronology with the new one and the reason).

use chrono::NaiveDate;

use super::changes::{AddressInput, NewAddress, Resident, optional, past_date};
use crate::validation::FieldErrors;

/// How long a reason for a correction may be.
const REASON_MAX: usize = 500;

/// The reason for a correction: required, at most 500 characters, new lines allowed.
fn reason(errors: &mut FieldErrors, typed: &str) -> String {
    match optional(typed) {
        None => errors.add("reason", "Enter why the record is being corrected"),
        Some(text) if text.chars().count() > REASON_MAX => errors.add(
            "reason",
            format!("The reason must be {REASON_MAX} characters or fewer"),
        ),
        Some(text)
            if text
                .chars()
                .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) =>
        {
            errors.add("reason", "The reason must not contain control characters")
        }
        Some(_) => {}
    }
    typed.trim().to_owned()
}

/// A recorded address as it should have been recorded: its lines, postcode and start date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressCorrection {
    pub address: NewAddress,
    pub reason: String,
}

impl AddressCorrection {
    pub fn parse(
        input: &AddressInput,
        typed_reason: &str,
        today: NaiveDate,
    ) -> Result<AddressCorrection, FieldErrors> {
        let parsed = NewAddress::parse_for(input, today, Resident::Child);
        let mut errors = FieldErrors::new();
        let reason = reason(&mut errors, typed_reason);
        match parsed {
            Ok(address) if errors.is_empty() => Ok(AddressCorrection { address, reason }),
            Ok(_) => Err(errors),
            Err(mut problems) => {
                problems.merge(errors);
                Err(problems)
            }
        }
    }
}

/// Which recorded date a correction is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateKind {
    Birth,
    Death,
}

impl DateKind {
    /// The form field of the date.
    pub fn field(self) -> &'static str {
        match self {
            DateKind::Birth => "date_of_birth",
            DateKind::Death => "date_of_death",
        }
    }

    /// "date of birth", "date of death".
    pub fn label(self) -> &'static str {
        match self {
            DateKind::Birth => "date of birth",
            DateKind::Death => "date of death",
        }
    }

    /// "Date of birth", "Date of death".
    pub fn title(self) -> &'static str {
        match self {
            DateKind::Birth => "Date of birth",
            DateKind::Death => "Date of death",
        }
    }
}

/// A recorded date of birth or death as it should have been recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateCorrection {
    pub kind: DateKind,
    pub date: NaiveDate,
    pub reason: String,
}

impl DateCorrection {
    /// Checks the date (given, not in the future) and the reason. The store checks it against
    /// what is recorded (a different date; a birth before any death) in its transaction.
    pub fn parse(
        kind: DateKind,
        date: Option<NaiveDate>,
        typed_reason: &str,
        today: NaiveDate,
    ) -> Result<DateCorrection, FieldErrors> {
        let mut errors = FieldErrors::new();
        let what = format!("the correct {}", kind.label());
        let date = past_date(&mut errors, kind.field(), &what, date, today);
        if let Some(problem) = date
            .filter(|_| kind == DateKind::Birth)
            .and_then(crate::dates::birth_problem)
        {
            errors.add(kind.field(), problem);
        }
        let reason = reason(&mut errors, typed_reason);
        match date {
            Some(date) if errors.is_empty() => Ok(DateCorrection { kind, date, reason }),
            _ => Err(errors),
        }
    }
}

/// Why a corrected date of birth or death does not fit what else is recorded, if it does not:
/// the same rule on every backend. `recorded` is the date held now; `born` and `died` the dates
/// of birth and death held now.
pub fn date_correction_problem(
    correction: &DateCorrection,
    recorded: Option<NaiveDate>,
    born: Option<NaiveDate>,
    died: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<&'static str> {
    if correction.date > today {
        return Some("The date must be today or in the past");
    }
    let Some(recorded) = recorded else {
        return Some(match correction.kind {
            DateKind::Birth => "No date of birth is recorded: record the birth instead",
            DateKind::Death => "No date of death is recorded: there is nothing to correct",
        });
    };
    if recorded == correction.date {
        return Some("This is the date already recorded: enter the correct date");
    }
    match correction.kind {
        DateKind::Birth if died.is_some_and(|died| correction.date > died) => {
            Some("The date of birth must be on or before the recorded date of death")
        }
        DateKind::Death if born.is_some_and(|born| correction.date < born) => {
            Some("The date of death must be on or after the date of birth")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn today() -> NaiveDate {
        date(2026, 3, 2)
    }

    #[test]
    fn a_correction_needs_a_reason_and_a_date_not_in_the_future() {
        let errors = DateCorrection::parse(DateKind::Birth, None, "  ", today()).unwrap_err();
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["date_of_birth", "reason"]);
        assert_eq!(
            errors.message_for("date_of_birth"),
            Some("Enter the correct date of birth")
        );
        assert_eq!(
            errors.message_for("reason"),
            Some("Enter why the record is being corrected")
        );
        let future = DateCorrection::parse(DateKind::Death, Some(date(2026, 3, 3)), "x", today());
        assert!(future.unwrap_err().message_for("date_of_death").is_some());
        let long = "x".repeat(501);
        assert!(DateCorrection::parse(DateKind::Birth, Some(today()), &long, today()).is_err());
        let ok = DateCorrection::parse(
            DateKind::Birth,
            Some(date(2019, 2, 27)),
            "Typed wrongly:\nthe birth certificate says 27 February",
            today(),
        )
        .unwrap();
        assert_eq!(ok.date, date(2019, 2, 27));
    }

    #[test]
    fn a_corrected_date_must_differ_and_fit_the_other_date() {
        let birth = |d| DateCorrection {
            kind: DateKind::Birth,
            date: d,
            reason: "r".into(),
        };
        let death = |d| DateCorrection {
            kind: DateKind::Death,
            date: d,
            reason: "r".into(),
        };
        let born = Some(date(2019, 2, 28));
        let died = Some(date(2026, 1, 10));
        assert_eq!(
            date_correction_problem(&birth(date(2019, 3, 1)), born, born, None, today()),
            None
        );
        assert!(
            date_correction_problem(&birth(date(2019, 3, 1)), None, None, None, today()).is_some()
        );
        assert!(
            date_correction_problem(&birth(date(2019, 2, 28)), born, born, None, today()).is_some()
        );
        assert!(
            date_correction_problem(&birth(date(2026, 1, 11)), born, born, died, today()).is_some()
        );
        assert_eq!(
            date_correction_problem(&death(date(2026, 1, 9)), died, born, died, today()),
            None
        );
        assert!(
            date_correction_problem(&death(date(2019, 2, 27)), died, born, died, today()).is_some()
        );
        assert!(
            date_correction_problem(&death(date(2026, 1, 9)), None, born, None, today()).is_some()
        );
        assert!(
            date_correction_problem(&death(date(2026, 3, 3)), died, born, died, today()).is_some()
        );
    }

    #[test]
    fn an_address_correction_checks_the_address_and_the_reason_together() {
        let input = AddressInput {
            line_1: "12 High Street".into(),
            town: "Northtown".into(),
            postcode: "NT1".into(),
            from: Some(date(2025, 6, 1)),
            ..AddressInput::default()
        };
        let errors = AddressCorrection::parse(&input, "", today()).unwrap_err();
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["postcode", "reason"]);
        let ok = AddressCorrection::parse(
            &AddressInput {
                postcode: "nt1 1aa".into(),
                ..input
            },
            "Postcode typed wrongly",
            today(),
        )
        .unwrap();
        assert_eq!(ok.address.postcode.as_str(), "NT1 1AA");
    }
}
