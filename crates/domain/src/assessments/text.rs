//! An assessment as typed: what starting one needs, and the text a worker saves as a draft.
//! A draft keeps whatever is typed, each field checked for what it holds (a date in the
//! future, an unknown code); what submitting needs on top is [`super::gates`]'s.

use chrono::NaiveDate;
use serde::Serialize;

use super::codes::{AssessmentFactor, AssessmentKind, AssessmentOutcome};
use crate::validation::FieldErrors;

/// How long an assessment's free text may be: a long record, not a document store.
pub const LONG_TEXT: usize = 50_000;

/// Starting an assessment, as typed.
#[derive(Debug, Clone, Default)]
pub struct StartInput {
    pub kind: String,
    pub start_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NewAssessment {
    pub kind: AssessmentKind,
    pub start_date: NaiveDate,
}

impl NewAssessment {
    pub fn parse(input: &StartInput, today: NaiveDate) -> Result<NewAssessment, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = AssessmentKind::from_code(&input.kind);
        if kind.is_none() {
            errors.add(
                "kind",
                "Choose a child and family assessment or a pre-birth assessment",
            );
        }
        let start = past_date(
            &mut errors,
            "start_date",
            "the date the assessment started",
            input.start_date,
            today,
        );
        match (kind, start) {
            (Some(kind), Some(start_date)) if errors.is_empty() => {
                Ok(NewAssessment { kind, start_date })
            }
            _ => Err(errors),
        }
    }
}

/// The assessment's text, as typed (every field may still be empty).
#[derive(Debug, Clone, Default)]
pub struct TextInput {
    pub seen_date: Option<NaiveDate>,
    /// "yes", "no" or empty.
    pub seen_alone: String,
    pub factors: Vec<String>,
    pub analysis: String,
    pub wishes_and_feelings: String,
    pub outcome: String,
    pub outcome_detail: String,
    pub late_reason: String,
}

/// The assessment's text as saved: a draft holds what has been typed so far.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct AssessmentText {
    pub seen_date: Option<NaiveDate>,
    pub seen_alone: Option<bool>,
    pub factors: Vec<AssessmentFactor>,
    pub analysis: String,
    pub wishes_and_feelings: String,
    pub outcome: Option<AssessmentOutcome>,
    /// What "other" means, or anything more about the outcome.
    pub outcome_detail: String,
    /// Why it is being completed after its due date.
    pub late_reason: String,
}

impl AssessmentText {
    /// Reads a draft: each field refused only for what it holds (a future date, an unknown
    /// or repeated code, "no factors" beside a factor), never for being empty.
    pub fn parse(input: &TextInput, today: NaiveDate) -> Result<AssessmentText, FieldErrors> {
        let mut errors = FieldErrors::new();
        if input.seen_date.is_some_and(|d| d > today) {
            errors.add(
                "seen_date",
                "The date the child was seen must be today or in the past",
            );
        }
        let seen_alone = match input.seen_alone.trim() {
            "" => None,
            "yes" | "true" => Some(true),
            "no" | "false" => Some(false),
            _ => {
                errors.add("seen_alone", "Say whether the child was seen alone");
                None
            }
        };
        let factors = factors(&mut errors, &input.factors);
        let outcome = match input.outcome.trim() {
            "" => None,
            code => {
                let found = AssessmentOutcome::from_code(code);
                if found.is_none() {
                    errors.add("outcome", "Choose an outcome from the list");
                }
                found
            }
        };
        let text = AssessmentText {
            seen_date: input.seen_date,
            seen_alone,
            factors,
            analysis: free_text(&mut errors, "analysis", "The analysis", &input.analysis),
            wishes_and_feelings: free_text(
                &mut errors,
                "wishes_and_feelings",
                "The child's wishes and feelings",
                &input.wishes_and_feelings,
            ),
            outcome,
            outcome_detail: free_text(
                &mut errors,
                "outcome_detail",
                "More about the outcome",
                &input.outcome_detail,
            ),
            late_reason: free_text(&mut errors, "late_reason", "The reason", &input.late_reason),
        };
        errors.into_result(text)
    }
}

/// The factor codes, each known, none twice (CIN census rule 8898), and "21 No factors
/// identified" alone (rule 8869).
fn factors(errors: &mut FieldErrors, codes: &[String]) -> Vec<AssessmentFactor> {
    let mut found: Vec<AssessmentFactor> = Vec::new();
    for code in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        match AssessmentFactor::from_code(code) {
            Some(factor) if found.contains(&factor) => {
                errors.add("factors", format!("Factor {code} is chosen twice"));
                return found;
            }
            Some(factor) => found.push(factor),
            None if code.eq_ignore_ascii_case("18A") || code.eq_ignore_ascii_case("19A") => {
                let (b, c) = if code.starts_with("18") {
                    ("18B", "18C")
                } else {
                    ("19B", "19C")
                };
                errors.add(
                    "factors",
                    format!("{code} is no longer used in the CIN census: choose {b} or {c}"),
                );
                return found;
            }
            None => {
                errors.add(
                    "factors",
                    format!("{code} is not a CIN census assessment factor code"),
                );
                return found;
            }
        }
    }
    if found.len() > 1 && found.contains(&AssessmentFactor::NoFactors) {
        errors.add(
            "factors",
            "21 No factors identified cannot be chosen with other factors",
        );
    }
    found
}

/// Optional free text: trimmed, within the length, no control characters but line breaks
/// and tabs.
fn free_text(errors: &mut FieldErrors, field: &str, what: &str, value: &str) -> String {
    let value = value.trim();
    if value.chars().count() > LONG_TEXT {
        errors.add(
            field,
            format!("{what} must be {LONG_TEXT} characters or fewer"),
        );
    } else if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.add(field, format!("{what} must not contain control characters"));
    }
    value.to_owned()
}

pub(crate) fn past_date(
    errors: &mut FieldErrors,
    field: &str,
    what: &str,
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    match date {
        None if errors.message_for(field).is_none() => {
            errors.add(field, format!("Enter {what}"));
            None
        }
        None => None,
        Some(date) if date > today => {
            let mut chars = what.chars();
            let what: String = chars
                .next()
                .map(|c| c.to_uppercase().chain(chars).collect())
                .unwrap_or_default();
            errors.add(field, format!("{what} must be today or in the past"));
            None
        }
        other => other,
    }
}

/// The authorisation (or the return to the worker), as typed.
#[derive(Debug, Clone, Default)]
pub struct DecisionInput {
    pub date: Option<NaiveDate>,
    pub reason: String,
}

/// The manager authorises on a date (the assessment's completion date).
pub fn authorisation_date(
    input: &DecisionInput,
    today: NaiveDate,
) -> Result<NaiveDate, FieldErrors> {
    let mut errors = FieldErrors::new();
    let date = past_date(
        &mut errors,
        "date",
        "the date of authorisation",
        input.date,
        today,
    );
    match date {
        Some(date) if errors.is_empty() => Ok(date),
        _ => Err(errors),
    }
}

/// The manager returns the assessment to the worker, saying what needs doing.
pub fn return_reason(input: &DecisionInput) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let reason = crate::validation::required_text(
        &mut errors,
        "reason",
        "what the worker needs to do",
        &input.reason.replace(['\r', '\n'], " "),
        LONG_TEXT,
    );
    errors.into_result(reason)
}
