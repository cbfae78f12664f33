//! The statutory timescale engine: when is something due, why, and is it late?
//!
//! - [`calendar`]: working days in England (weekends and England and Wales bank holidays).
//! - [`counting`]: the units timescales are counted in, and adding them to dates.
//! - [`rules`] and [`schedule`]: the catalogue of timescales as data, each with tier and source.
//! - [`visits`]: regulation 28 visits by kind of placement.
//! - [`provisos`]: what a rule's words add to counting ("beginning with", public holidays...).
//! - [`config`]: the authority's TOML configuration, checked on load.
//! - [`due`]: due dates with plain-English explanations; [`status`]: on time, due soon, overdue.
//! - [`engine`]: [`Timescales`], which later processes ask.
//!
//! ```
//! use chrono::NaiveDate;
//! use journey_domain::timescales::{Facts, RuleId, Timescales};
//!
//! let timescales = Timescales::national_defaults();
//! let icpc = NaiveDate::from_ymd_opt(2026, 2, 14).unwrap();
//! let check = timescales
//!     .check(
//!         RuleId::ReviewChildProtectionConference,
//!         &Facts::from(icpc),
//!         NaiveDate::from_ymd_opt(2026, 5, 20).unwrap(),
//!     )
//!     .unwrap();
//! assert_eq!(
//!     check.due.explanation,
//!     "Review conference due by 14 May 2026: 3 months after the initial conference on 14 February 2026 (Working Together 2023)."
//! );
//! assert!(check.timeliness.is_overdue());
//! ```

pub mod calendar;
pub mod caseload;
pub mod config;
pub mod counting;
pub mod due;
pub mod engine;
pub mod error;
pub mod format;
pub mod provisos;
pub mod rules;
pub mod schedule;
pub mod status;
pub mod visits;

pub use calendar::WorkingCalendar;
pub use caseload::{CaseloadLevel, CaseloadThresholds};
pub use config::{AuthorityConfig, ConfigError, ConfigProblem, DEFAULT_CONFIG_PATH};
pub use counting::{Counting, Interval};
pub use due::{DueDate, Facts};
pub use engine::{Check, Timescales};
pub use error::TimescaleError;
pub use rules::{Area, Proviso, Rule, RuleId, Tier};
pub use schedule::Schedule;
pub use status::{Completion, Timeliness};
pub use visits::VisitPlacement;

/// Reads a date as the user typed it (YYYY-MM-DD), naming it if it is not one.
pub fn parse_date(text: &str) -> Result<chrono::NaiveDate, TimescaleError> {
    chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        TimescaleError::NotADate {
            value: text.to_owned(),
        }
    })
}

#[cfg(test)]
mod tests;
