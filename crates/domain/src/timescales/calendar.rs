//! The working-day calendar for England: weekends and England and Wales bank holidays.
//!
//! The bank holidays ship as a plain data file compiled in, so Journey works with no setup; an
//! authority adds dates (a future one-off, or the years after the shipped file ends) through its
//! configuration, without a rebuild.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};
use thiserror::Error;

/// The shipped bank holidays, 2015 to 2030 inclusive.
pub const BUILT_IN_BANK_HOLIDAYS: &str =
    include_str!("../../data/bank-holidays-england-and-wales.txt");

/// A line of a bank holiday file that is not a date.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error(
    "line {line}: \"{text}\" is not a date (write one date a line as YYYY-MM-DD, comments after #)"
)]
pub struct HolidayLineError {
    pub line: usize,
    pub text: String,
}

/// Which days are working days.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkingCalendar {
    /// Bank holiday dates with their names (the name is empty where none was given).
    bank_holidays: BTreeMap<NaiveDate, String>,
}

impl WorkingCalendar {
    /// The shipped England and Wales calendar.
    pub fn england_and_wales() -> Self {
        // The shipped file is checked by a test; a bad line here would be a build defect, and
        // the lines that do parse are still used rather than refusing to start.
        let mut calendar = Self::empty();
        let _ = calendar.add_holiday_file(BUILT_IN_BANK_HOLIDAYS);
        calendar
    }

    /// Weekends only: for tests and for reasoning about the weekend rule alone.
    pub fn empty() -> Self {
        Self {
            bank_holidays: BTreeMap::new(),
        }
    }

    /// Adds every date in a file in the shipped format. Returns how many dates were read.
    pub fn add_holiday_file(&mut self, text: &str) -> Result<usize, HolidayLineError> {
        let parsed = parse_holiday_file(text)?;
        let count = parsed.len();
        for (date, name) in parsed {
            self.add_bank_holiday(date, name);
        }
        Ok(count)
    }

    pub fn add_bank_holiday(&mut self, date: NaiveDate, name: impl Into<String>) {
        let name = name.into();
        let entry = self.bank_holidays.entry(date).or_default();
        if entry.is_empty() {
            *entry = name;
        }
    }

    pub fn is_bank_holiday(&self, date: NaiveDate) -> bool {
        self.bank_holidays.contains_key(&date)
    }

    /// The holiday's name, where the data file gave one.
    pub fn bank_holiday_name(&self, date: NaiveDate) -> Option<&str> {
        self.bank_holidays
            .get(&date)
            .map(String::as_str)
            .filter(|name| !name.is_empty())
    }

    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !is_weekend(date) && !self.is_bank_holiday(date)
    }

    /// The years the calendar has bank holidays for. Counting beyond them still works (weekends
    /// are always right), but may miss a bank holiday: callers show a caveat.
    pub fn years_covered(&self) -> Option<(i32, i32)> {
        let first = self.bank_holidays.keys().next()?.year();
        let last = self.bank_holidays.keys().next_back()?.year();
        Some((first, last))
    }

    pub fn covers(&self, date: NaiveDate) -> bool {
        self.years_covered()
            .is_some_and(|(first, last)| (first..=last).contains(&date.year()))
    }

    /// The date `n` working days after `start`. The start day itself is never counted, so a
    /// referral received on a Saturday with a one-working-day decision is due on Monday.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut date = start;
        let mut left = n;
        while left > 0 {
            date = date.checked_add_days(Days::new(1))?;
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        Some(date)
    }

    /// The date `n` working days before `start` (the start day not counted).
    pub fn subtract_working_days(&self, start: NaiveDate, n: u32) -> Option<NaiveDate> {
        let mut date = start;
        let mut left = n;
        while left > 0 {
            date = date.checked_sub_days(Days::new(1))?;
            if self.is_working_day(date) {
                left -= 1;
            }
        }
        Some(date)
    }

    /// Working days after `from` up to and including `to`; negative when `to` is before `from`.
    /// So `working_days_between(d, add_working_days(d, n)) == n`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.working_days_between(to, from);
        }
        from.iter_days()
            .skip(1)
            .take_while(|date| *date <= to)
            .filter(|date| self.is_working_day(*date))
            .fold(0, |count, _| count + 1)
    }

    /// The next working day on or after `date`.
    pub fn next_working_day_on_or_after(&self, date: NaiveDate) -> Option<NaiveDate> {
        date.iter_days().find(|day| self.is_working_day(*day))
    }

    /// The last working day on or before `date`: when a calendar-counted deadline lands on a
    /// weekend, this is when the work has to be done by.
    pub fn last_working_day_on_or_before(&self, date: NaiveDate) -> Option<NaiveDate> {
        date.iter_days().rev().find(|day| self.is_working_day(*day))
    }
}

impl Default for WorkingCalendar {
    fn default() -> Self {
        Self::england_and_wales()
    }
}

pub fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Reads a bank holiday file: one ISO date a line, `#` starts a comment (the holiday's name).
pub fn parse_holiday_file(text: &str) -> Result<Vec<(NaiveDate, String)>, HolidayLineError> {
    let mut dates = Vec::new();
    for (index, raw) in text.lines().enumerate() {
        let (content, comment) = match raw.split_once('#') {
            Some((content, comment)) => (content.trim(), comment.trim()),
            None => (raw.trim(), ""),
        };
        if content.is_empty() {
            continue;
        }
        let date =
            NaiveDate::parse_from_str(content, "%Y-%m-%d").map_err(|_| HolidayLineError {
                line: index + 1,
                text: content.to_owned(),
            })?;
        dates.push((date, comment.to_owned()));
    }
    Ok(dates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_shipped_file_parses_and_covers_2015_to_2030() {
        let parsed = parse_holiday_file(BUILT_IN_BANK_HOLIDAYS).unwrap();
        let calendar = WorkingCalendar::england_and_wales();
        assert_eq!(calendar.years_covered(), Some((2015, 2030)));
        // 8 a year for 16 years, plus the 2022 jubilee, the 2022 funeral and the 2023 coronation
        // (VE day 2020 and the 2022 spring holiday moved rather than added).
        assert_eq!(parsed.len(), 16 * 8 + 3);
        for (date, name) in &parsed {
            assert!(!is_weekend(*date), "{date} ({name}) is a weekend");
            assert!(!name.is_empty(), "{date} has no name");
        }
        for year in 2015..=2030 {
            assert!(
                (6..=10).contains(&parsed.iter().filter(|(d, _)| d.year() == year).count()),
                "{year}"
            );
        }
    }

    #[test]
    fn one_off_and_moved_bank_holidays_are_holidays() {
        let calendar = WorkingCalendar::england_and_wales();
        for date in [
            d(2020, 5, 8),
            d(2022, 6, 2),
            d(2022, 6, 3),
            d(2022, 9, 19),
            d(2023, 5, 8),
            d(2023, 5, 1),
        ] {
            assert!(calendar.is_bank_holiday(date), "{date}");
        }
        // The days the moved holidays would have been are ordinary working days.
        assert!(calendar.is_working_day(d(2020, 5, 4)));
        assert!(calendar.is_working_day(d(2022, 5, 30)));
        assert_eq!(
            calendar.bank_holiday_name(d(2022, 9, 19)),
            Some("Bank holiday for the State Funeral of Queen Elizabeth II")
        );
    }

    #[test]
    fn easter_and_christmas_substitutes_are_right() {
        let calendar = WorkingCalendar::england_and_wales();
        let expected = [
            d(2015, 12, 28), // Boxing Day on a Saturday
            d(2016, 12, 27), // Christmas Day on a Sunday
            d(2017, 1, 2),   // New Year's Day on a Sunday
            d(2021, 12, 27),
            d(2021, 12, 28),
            d(2022, 1, 3), // New Year's Day on a Saturday
            d(2024, 3, 29),
            d(2024, 4, 1),
            d(2026, 4, 3),
            d(2026, 4, 6),
            d(2026, 12, 28),
            d(2027, 3, 26),
            d(2027, 3, 29),
            d(2030, 4, 19),
            d(2030, 4, 22),
        ];
        for date in expected {
            assert!(calendar.is_bank_holiday(date), "{date}");
        }
        assert!(calendar.is_working_day(d(2026, 12, 24)));
        assert!(calendar.is_working_day(d(2026, 12, 29)));
    }

    #[test]
    fn adding_working_days_at_fixed_dates() {
        let calendar = WorkingCalendar::england_and_wales();
        let cases = [
            // (start, n, expected, why)
            (
                d(2022, 6, 1),
                1,
                d(2022, 6, 6),
                "jubilee Thursday and Friday, then a weekend",
            ),
            (
                d(2022, 9, 16),
                1,
                d(2022, 9, 20),
                "weekend then the Queen's funeral",
            ),
            (
                d(2023, 5, 5),
                1,
                d(2023, 5, 9),
                "weekend then the coronation",
            ),
            (
                d(2020, 5, 7),
                1,
                d(2020, 5, 11),
                "VE day moved to Friday 8 May",
            ),
            (
                d(2026, 12, 24),
                1,
                d(2026, 12, 29),
                "Christmas Friday, weekend, Boxing Day substitute",
            ),
            (
                d(2026, 4, 2),
                1,
                d(2026, 4, 7),
                "Good Friday and Easter Monday",
            ),
            (d(2026, 2, 13), 1, d(2026, 2, 16), "a plain weekend"),
            (
                d(2026, 2, 14),
                1,
                d(2026, 2, 16),
                "start on a Saturday: Monday is the first",
            ),
            (d(2026, 2, 16), 5, d(2026, 2, 23), "a working week"),
            (d(2026, 2, 16), 0, d(2026, 2, 16), "nothing to add"),
            (
                d(2026, 3, 2),
                45,
                d(2026, 5, 7),
                "45 days across Easter and early May",
            ),
        ];
        for (start, n, expected, why) in cases {
            assert_eq!(calendar.add_working_days(start, n), Some(expected), "{why}");
            assert_eq!(
                calendar.working_days_between(start, expected),
                i64::from(n),
                "{why}"
            );
        }
    }

    #[test]
    fn next_and_last_working_day() {
        let calendar = WorkingCalendar::england_and_wales();
        assert_eq!(
            calendar.next_working_day_on_or_after(d(2022, 6, 2)),
            Some(d(2022, 6, 6))
        );
        assert_eq!(
            calendar.next_working_day_on_or_after(d(2022, 6, 1)),
            Some(d(2022, 6, 1))
        );
        assert_eq!(
            calendar.last_working_day_on_or_before(d(2026, 12, 28)),
            Some(d(2026, 12, 24))
        );
        assert_eq!(
            calendar.subtract_working_days(d(2022, 6, 6), 1),
            Some(d(2022, 6, 1))
        );
    }

    #[test]
    fn a_bad_line_is_named_by_number() {
        let err = parse_holiday_file("2031-01-01 # ok\n\n31/12/2031 # not ISO\n").unwrap_err();
        assert_eq!(err.line, 3);
        assert!(err.to_string().contains("\"31/12/2031\" is not a date"));
    }

    #[test]
    fn an_authority_can_extend_the_calendar() {
        let mut calendar = WorkingCalendar::england_and_wales();
        assert!(!calendar.covers(d(2031, 1, 1)));
        calendar
            .add_holiday_file("2031-01-01 # New Year's Day\n")
            .unwrap();
        assert!(calendar.covers(d(2031, 6, 1)));
        assert!(!calendar.is_working_day(d(2031, 1, 1)));
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..(16 * 366)).prop_map(|offset| d(2015, 1, 1) + Days::new(offset))
    }

    proptest! {
        #[test]
        fn adding_n_working_days_then_counting_back_gives_n(start in any_date(), n in 0u32..300) {
            let calendar = WorkingCalendar::england_and_wales();
            let end = calendar.add_working_days(start, n).unwrap();
            prop_assert_eq!(calendar.working_days_between(start, end), i64::from(n));
            prop_assert_eq!(calendar.working_days_between(end, start), -i64::from(n));
            if n > 0 {
                prop_assert!(calendar.is_working_day(end));
                // Counting back n from the end lands on the last working day on or before start.
                prop_assert_eq!(
                    calendar.subtract_working_days(end, n),
                    calendar.last_working_day_on_or_before(start)
                );
            }
        }

        #[test]
        fn next_working_day_is_a_working_day_and_never_earlier(date in any_date()) {
            let calendar = WorkingCalendar::england_and_wales();
            let next = calendar.next_working_day_on_or_after(date).unwrap();
            prop_assert!(next >= date);
            prop_assert!(calendar.is_working_day(next));
            prop_assert!(date.iter_days().take_while(|day| *day < next).all(|day| !calendar.is_working_day(day)));
        }
    }
}
