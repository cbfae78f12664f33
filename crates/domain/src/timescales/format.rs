//! Dates as people write them in case notes: "14 May 2026".

use chrono::NaiveDate;

/// "14 May 2026".
pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// "Friday 13 February 2026": used where the day of the week is the point.
pub fn long_date_with_day(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_in_a_case_note() {
        let date = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
        assert_eq!(long_date(date), "4 May 2026");
        assert_eq!(long_date_with_day(date), "Monday 4 May 2026");
    }
}
