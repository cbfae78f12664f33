//! Which entries of a chronology to show. Only codes, dates and flags: the filter travels in
//! the page's query string, which must never carry personal data.

use chrono::{DateTime, NaiveDate, Utc};

use crate::uk_time;
use crate::validation::FieldErrors;

/// The filter as read from the query (dates already read from their boxes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterInput {
    pub kind: String,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub significant_only: bool,
    pub include_family: bool,
}

/// A checked filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChronologyFilter {
    /// One kind of entry (`home_visit`, `allocated`, ...), or every kind.
    pub kind: Option<String>,
    pub from: Option<NaiveDate>,
    /// Inclusive: entries on this day are shown.
    pub to: Option<NaiveDate>,
    pub significant_only: bool,
    /// Also show the events of the child's family members (those the viewer may open).
    pub include_family: bool,
}

impl ChronologyFilter {
    pub fn parse(input: &FilterInput) -> Result<ChronologyFilter, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = input.kind.trim();
        let kind = if kind.is_empty() {
            None
        } else if kind.len() <= 50 && kind.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            Some(kind.to_owned())
        } else {
            errors.add("kind", "Select a kind of entry from the list");
            None
        };
        if let (Some(from), Some(to)) = (input.from, input.to)
            && to < from
        {
            errors.add(
                "to",
                "The end of the period must be the same as or after its start",
            );
        }
        errors.into_result(ChronologyFilter {
            kind,
            from: input.from,
            to: input.to,
            significant_only: input.significant_only,
            include_family: input.include_family,
        })
    }

    /// The period as a half-open range of instants: from the start of `from` to the start of
    /// the day after `to`, days as they are in the UK.
    pub fn instants(&self) -> (Option<DateTime<Utc>>, Option<DateTime<Utc>>) {
        (
            self.from.map(uk_time::start_of_day),
            self.to
                .and_then(|d| d.succ_opt())
                .map(uk_time::start_of_day),
        )
    }

    /// Whether anything narrows the chronology (for saying "showing N of M").
    pub fn is_narrowed(&self) -> bool {
        self.kind.is_some() || self.from.is_some() || self.to.is_some() || self.significant_only
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_filter_is_codes_and_dates_only() {
        let input = FilterInput {
            kind: "home_visit".into(),
            from: NaiveDate::from_ymd_opt(2026, 3, 1),
            to: NaiveDate::from_ymd_opt(2026, 3, 31),
            significant_only: true,
            include_family: false,
        };
        let filter = ChronologyFilter::parse(&input).unwrap();
        assert_eq!(filter.kind.as_deref(), Some("home_visit"));
        let (from, to) = filter.instants();
        assert_eq!(from, Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).single());
        // Days are UK days: 1 April 2026 starts at midnight BST, 23:00 UTC on 31 March.
        assert_eq!(to, Utc.with_ymd_and_hms(2026, 3, 31, 23, 0, 0).single());
        assert!(filter.is_narrowed());
        assert!(!ChronologyFilter::default().is_narrowed());
    }

    #[test]
    fn bad_filters_are_named_at_the_field() {
        let errors = ChronologyFilter::parse(&FilterInput {
            kind: "Ava Example".into(),
            from: NaiveDate::from_ymd_opt(2026, 3, 31),
            to: NaiveDate::from_ymd_opt(2026, 3, 1),
            ..FilterInput::default()
        })
        .unwrap_err();
        assert!(errors.message_for("kind").is_some());
        assert!(errors.message_for("to").is_some());
    }
}
