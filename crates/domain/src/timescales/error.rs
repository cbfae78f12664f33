//! What can go wrong when asking for a due date, in words a user can act on.

use chrono::NaiveDate;
use thiserror::Error;

use super::format::long_date;

/// A due date could not be worked out. Each message names the problem and, where there is one,
/// what to supply instead.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TimescaleError {
    #[error("there is no timescale rule called \"{given}\"{}", suggestion_text(.suggestion))]
    UnknownRule {
        given: String,
        suggestion: Option<String>,
    },

    #[error("\"{value}\" is not a date: give it as YYYY-MM-DD, for example 2026-02-14")]
    NotADate { value: String },

    #[error("{rule} needs {what}")]
    MissingFact { rule: String, what: &'static str },

    #[error(
        "the date to check ({}) is before {event} ({}): check a date on or after it",
        long_date(*check),
        long_date(*start)
    )]
    CheckBeforeStart {
        event: String,
        start: NaiveDate,
        check: NaiveDate,
    },

    #[error(
        "the previous occurrence ({}) is before {event} ({})",
        long_date(*previous),
        long_date(*start)
    )]
    PreviousBeforeStart {
        event: String,
        start: NaiveDate,
        previous: NaiveDate,
    },

    #[error("the due date falls outside the dates Journey can count (from {})", long_date(*from))]
    OutOfRange { from: NaiveDate },

    #[error("\"{given}\" is not a placement type Journey knows for statutory visits: {hint}")]
    UnknownPlacementType { given: String, hint: String },
}

fn suggestion_text(suggestion: &Option<String>) -> String {
    match suggestion {
        Some(slug) => format!(" (did you mean \"{slug}\"? `journey timescales` lists them all)"),
        None => " (`journey timescales` lists them all)".to_owned(),
    }
}
