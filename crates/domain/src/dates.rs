//! Dates as people type them: strictly, so that what is stored is what was meant. A year with
//! a sign or more than four digits, a date with spaces inside it, and a date of birth before
//! 1900 are all refused at the field rather than read as something else.

use chrono::{Datelike, NaiveDate};

/// No one Journey works with was born before this year; an earlier date of birth is a typing
/// mistake (1019 for 2019, 0 for a year not known).
pub const EARLIEST_BIRTH_YEAR: i32 = 1900;

/// Why a date of birth cannot be right, if it cannot.
pub fn birth_problem(born: NaiveDate) -> Option<&'static str> {
    (born.year() < EARLIEST_BIRTH_YEAR).then_some("Date of birth must be in 1900 or later")
}

/// `2026-03-02` and nothing else: four digits, two, two, with hyphens.
pub fn iso_date(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape {
        return None;
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// One part of a date typed in its own box: only digits, at most `digits` of them.
pub fn date_part(text: &str, digits: usize) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || text.len() > digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_plain_iso_date_is_read() {
        assert_eq!(iso_date("2026-03-02"), NaiveDate::from_ymd_opt(2026, 3, 2));
        for bad in [
            "+2026-03-02",
            "02026-03-02",
            "2026-3-02",
            "2026-03-2 ",
            " 2026-03-02",
            "2026- 3-02",
            "2026-02-30",
            "-202-03-02",
        ] {
            assert_eq!(iso_date(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn date_parts_are_digits_only() {
        assert_eq!(date_part(" 7 ", 2), Some(7));
        assert_eq!(date_part("2026", 4), Some(2026));
        for (bad, digits) in [("+7", 2), ("-7", 2), ("1 2", 2), ("", 2), ("٣", 2)] {
            assert_eq!(date_part(bad, digits), None, "{bad:?}");
        }
        for bad in ["+202", "-202", "20 6", "02026"] {
            assert_eq!(date_part(bad, 4), None, "{bad:?}");
        }
    }

    #[test]
    fn a_date_of_birth_before_1900_is_refused() {
        let born = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap_or_default();
        assert!(birth_problem(born(1899)).is_some());
        assert!(birth_problem(born(1019)).is_some());
        assert_eq!(birth_problem(born(1900)), None);
        assert_eq!(birth_problem(born(2019)), None);
    }
}
