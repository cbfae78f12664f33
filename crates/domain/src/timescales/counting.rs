//! How a timescale is counted, and adding one to a date.
//!
//! Months follow the calendar and clamp at month end: 31 January + 1 month is the last day of
//! February (28th, or 29th in a leap year), because "within one month" can never run into March.

use std::fmt;
use std::str::FromStr;

use chrono::{Days, Months, NaiveDate};
use serde::Serialize;
use thiserror::Error;

use super::calendar::WorkingCalendar;

/// The unit a timescale is counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Counting {
    /// Monday to Friday, less England and Wales bank holidays.
    WorkingDays,
    CalendarDays,
    Weeks,
    Months,
    /// A week of pregnancy, counted back from the expected date of delivery (week 40).
    GestationWeeks,
}

impl Counting {
    pub fn describe(self) -> &'static str {
        match self {
            Self::WorkingDays => "working days",
            Self::CalendarDays => "calendar days",
            Self::Weeks => "weeks",
            Self::Months => "months",
            Self::GestationWeeks => "gestation weeks",
        }
    }
}

/// An amount of time in one counting, such as "45 working days" or "week 28 of pregnancy".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Interval {
    pub amount: u32,
    pub counting: Counting,
}

/// Weeks of a full-term pregnancy: the expected date of delivery is the end of week 40.
pub const FULL_TERM_WEEKS: u32 = 40;

impl Interval {
    pub const fn working_days(amount: u32) -> Self {
        Self::new(amount, Counting::WorkingDays)
    }
    pub const fn calendar_days(amount: u32) -> Self {
        Self::new(amount, Counting::CalendarDays)
    }
    pub const fn weeks(amount: u32) -> Self {
        Self::new(amount, Counting::Weeks)
    }
    pub const fn months(amount: u32) -> Self {
        Self::new(amount, Counting::Months)
    }
    pub const fn gestation_week(week: u32) -> Self {
        Self::new(week, Counting::GestationWeeks)
    }
    pub const fn new(amount: u32, counting: Counting) -> Self {
        Self { amount, counting }
    }

    /// The date this interval after `start`. For gestation weeks `start` is the expected date of
    /// delivery and the result is the end of that week of pregnancy. `None` only at the edges of
    /// the representable calendar.
    pub fn after(self, start: NaiveDate, calendar: &WorkingCalendar) -> Option<NaiveDate> {
        match self.counting {
            Counting::WorkingDays => calendar.add_working_days(start, self.amount),
            Counting::CalendarDays => start.checked_add_days(Days::new(u64::from(self.amount))),
            Counting::Weeks => start.checked_add_days(Days::new(7 * u64::from(self.amount))),
            Counting::Months => start.checked_add_months(Months::new(self.amount)),
            Counting::GestationWeeks => {
                let weeks_before = FULL_TERM_WEEKS.saturating_sub(self.amount);
                start.checked_sub_days(Days::new(7 * u64::from(weeks_before)))
            }
        }
    }
}

impl Interval {
    /// The date this interval before `start` (a planned date). Gestation weeks count as in
    /// [`Self::after`], already back from the expected date of delivery.
    pub fn before(self, start: NaiveDate, calendar: &WorkingCalendar) -> Option<NaiveDate> {
        match self.counting {
            Counting::WorkingDays => calendar.subtract_working_days(start, self.amount),
            Counting::CalendarDays => start.checked_sub_days(Days::new(u64::from(self.amount))),
            Counting::Weeks => start.checked_sub_days(Days::new(7 * u64::from(self.amount))),
            Counting::Months => start.checked_sub_months(Months::new(self.amount)),
            Counting::GestationWeeks => self.after(start, calendar),
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let n = self.amount;
        let (one, many) = match self.counting {
            Counting::WorkingDays => ("working day", "working days"),
            Counting::CalendarDays => ("calendar day", "calendar days"),
            Counting::Weeks => ("week", "weeks"),
            Counting::Months => ("month", "months"),
            Counting::GestationWeeks => return write!(f, "week {n} of pregnancy"),
        };
        write!(f, "{n} {}", if n == 1 { one } else { many })
    }
}

/// Why a written interval (from the authority configuration) was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum IntervalParseError {
    #[error("\"{0}\" is negative: a timescale must be a positive amount of time")]
    Negative(String),
    #[error("\"{0}\" is zero: a timescale must be a positive amount of time")]
    Zero(String),
    #[error(
        "\"{0}\" is not a timescale: write an amount and a unit, such as \"10 working days\", \"14 calendar days\", \"6 weeks\", \"3 months\" or \"week 28\" (of pregnancy)"
    )]
    Unreadable(String),
}

impl FromStr for Interval {
    type Err = IntervalParseError;

    /// Reads "10 working days", "1 working day", "14 calendar days", "14 days", "6 weeks",
    /// "3 months", "week 28" (of pregnancy).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let original = text.trim();
        let lower = original.to_lowercase();
        let words: Vec<&str> = lower.split_whitespace().collect();
        let unreadable = || IntervalParseError::Unreadable(original.to_owned());
        let (amount_word, counting) = match words.as_slice() {
            ["week", n] | ["week", n, "of", "pregnancy"] | ["week", n, "gestation"] => {
                (*n, Counting::GestationWeeks)
            }
            [n, "working", "day" | "days"] => (*n, Counting::WorkingDays),
            [n, "calendar", "day" | "days"] | [n, "day" | "days"] => (*n, Counting::CalendarDays),
            [n, "week" | "weeks"] => (*n, Counting::Weeks),
            [n, "month" | "months"] => (*n, Counting::Months),
            _ => return Err(unreadable()),
        };
        let amount: i64 = amount_word.parse().map_err(|_| unreadable())?;
        if amount < 0 {
            return Err(IntervalParseError::Negative(original.to_owned()));
        }
        if amount == 0 {
            return Err(IntervalParseError::Zero(original.to_owned()));
        }
        let amount = u32::try_from(amount).map_err(|_| unreadable())?;
        Ok(Self::new(amount, counting))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn months_clamp_at_month_end_and_respect_leap_years() {
        let calendar = WorkingCalendar::england_and_wales();
        let cases = [
            (d(2026, 1, 31), Interval::months(1), d(2026, 2, 28)),
            (d(2028, 1, 31), Interval::months(1), d(2028, 2, 29)),
            (d(2028, 2, 29), Interval::months(6), d(2028, 8, 29)),
            (d(2028, 2, 29), Interval::months(12), d(2029, 2, 28)),
            (d(2026, 8, 31), Interval::months(3), d(2026, 11, 30)),
            (d(2026, 2, 14), Interval::months(3), d(2026, 5, 14)),
            (d(2026, 2, 14), Interval::weeks(6), d(2026, 3, 28)),
            (d(2026, 12, 28), Interval::calendar_days(8), d(2027, 1, 5)),
            // Expected date of delivery 24 May 2026: week 28 ends 12 weeks earlier.
            (d(2026, 5, 24), Interval::gestation_week(28), d(2026, 3, 1)),
        ];
        for (start, interval, expected) in cases {
            assert_eq!(
                interval.after(start, &calendar),
                Some(expected),
                "{start} + {interval}"
            );
        }
    }

    #[test]
    fn intervals_read_and_print_as_people_write_them() {
        for (text, interval) in [
            ("10 working days", Interval::working_days(10)),
            ("1 Working Day", Interval::working_days(1)),
            ("14 days", Interval::calendar_days(14)),
            ("14 calendar days", Interval::calendar_days(14)),
            ("6 weeks", Interval::weeks(6)),
            ("1 month", Interval::months(1)),
            ("week 28", Interval::gestation_week(28)),
        ] {
            assert_eq!(text.parse::<Interval>(), Ok(interval), "{text}");
        }
        assert_eq!(Interval::working_days(1).to_string(), "1 working day");
        assert_eq!(Interval::months(3).to_string(), "3 months");
        assert_eq!(
            Interval::gestation_week(28).to_string(),
            "week 28 of pregnancy"
        );
    }

    #[test]
    fn negative_zero_and_nonsense_are_refused_with_the_reason() {
        assert_eq!(
            "-5 working days".parse::<Interval>(),
            Err(IntervalParseError::Negative("-5 working days".into()))
        );
        assert_eq!(
            "0 weeks".parse::<Interval>(),
            Err(IntervalParseError::Zero("0 weeks".into()))
        );
        let err = "a fortnight".parse::<Interval>().unwrap_err();
        assert!(
            err.to_string()
                .contains("\"a fortnight\" is not a timescale")
        );
    }
}
