//! A significant event a worker adds to the chronology by hand.

use chrono::{DateTime, NaiveDate, Utc};

use super::note::{parse_text, parse_time};
use crate::uk_time;
use crate::validation::FieldErrors;

/// The longest summary of a significant event: a line or two, as a chronology reads.
pub const MAX_SUMMARY_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignificantEvent {
    pub occurred_at: DateTime<Utc>,
    pub summary: String,
    pub significant: bool,
}

impl SignificantEvent {
    /// When it happened (not after `now`) and what happened, each problem at its field.
    pub fn parse(
        occurred_on: Option<NaiveDate>,
        time: &str,
        summary: &str,
        significant: bool,
        now: DateTime<Utc>,
    ) -> Result<SignificantEvent, FieldErrors> {
        let mut errors = FieldErrors::new();
        if occurred_on.is_none() {
            errors.add("occurred_on", "Enter the date of the event");
        }
        // An event's time is often not known: midnight stands for "that day".
        let time = if time.trim().is_empty() {
            chrono::NaiveTime::MIN
        } else {
            parse_time(&mut errors, time).unwrap_or(chrono::NaiveTime::MIN)
        };
        let summary = parse_text(
            &mut errors,
            "summary",
            "what happened",
            summary,
            MAX_SUMMARY_CHARS,
        );
        let occurred_at = occurred_on.map(|d| uk_time::from_local(d.and_time(time)));
        if occurred_at.is_some_and(|at| at > now) {
            errors.add("occurred_on", "The date of the event must be in the past");
        }
        match occurred_at {
            Some(occurred_at) if errors.is_empty() => Ok(SignificantEvent {
                occurred_at,
                summary,
                significant,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn an_event_needs_a_past_date_and_words() {
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let event = SignificantEvent::parse(
            NaiveDate::from_ymd_opt(2025, 12, 24),
            "",
            " Police called to the home ",
            true,
            now,
        )
        .unwrap();
        assert_eq!(
            event.occurred_at,
            Utc.with_ymd_and_hms(2025, 12, 24, 0, 0, 0).unwrap()
        );
        assert_eq!(event.summary, "Police called to the home");
        let errors =
            SignificantEvent::parse(NaiveDate::from_ymd_opt(2026, 3, 3), "x", "", false, now)
                .unwrap_err();
        assert!(errors.message_for("occurred_on").is_some());
        assert!(errors.message_for("occurred_time").is_some());
        assert_eq!(errors.message_for("summary"), Some("Enter what happened"));
    }
}
