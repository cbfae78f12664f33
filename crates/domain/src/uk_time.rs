//! UK local time: Greenwich Mean Time in winter, British Summer Time (GMT + 1 hour) in summer.
//!
//! Journey holds every instant in UTC and shows people the time on the clocks in England. The
//! rule is statutory and simple enough to carry here instead of a time-zone database: summer
//! time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of
//! October (Summer Time Act 1972, as amended by the Summer Time Order 2002). It is exact from
//! 1996, when the October change moved to the last Sunday; instants before then may be an hour
//! out on a few days a year. Should Parliament change the rule, this module changes with it.
//!
//! A time someone types is a UK clock time. Two clock times need a choice, made here once:
//! - **the hour that does not exist** (01:00–01:59 on the last Sunday of March, when the clocks
//!   jump from 01:00 to 02:00) is read as GMT, as if the clocks had not yet gone forward, so
//!   "01:30" is 01:30 UTC and is shown afterwards as 02:30;
//! - **the hour that happens twice** (01:00–01:59 on the last Sunday of October) is read as the
//!   first of the two, in BST, so "01:30" is 00:30 UTC.

use std::ops::Range;

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveDateTime, TimeDelta, Timelike, Utc};

/// How far summer time is ahead of GMT.
const SUMMER_OFFSET: TimeDelta = TimeDelta::hours(1);

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// 01:00 UTC on the last Sunday of `month` (March or October: both have 31 days).
fn last_sunday_at_one_utc(year: i32, month: u32) -> Option<DateTime<Utc>> {
    let last = NaiveDate::from_ymd_opt(year, month, 31)?;
    let back = u64::from(last.weekday().num_days_from_sunday());
    let sunday = last.checked_sub_days(Days::new(back))?;
    Some(sunday.and_hms_opt(1, 0, 0)?.and_utc())
}

/// The instants of `year` that are in British Summer Time: from the start (inclusive) to the end
/// (exclusive). `None` only at the edges of the representable years.
pub fn summer_time(year: i32) -> Option<Range<DateTime<Utc>>> {
    Some(last_sunday_at_one_utc(year, 3)?..last_sunday_at_one_utc(year, 10)?)
}

/// Whether the clocks in the UK show BST at this instant.
pub fn is_summer_time(at: DateTime<Utc>) -> bool {
    summer_time(at.year()).is_some_and(|summer| summer.contains(&at))
}

/// What the clocks in the UK show at this instant.
pub fn local(at: DateTime<Utc>) -> NaiveDateTime {
    let utc = at.naive_utc();
    if is_summer_time(at) {
        utc.checked_add_signed(SUMMER_OFFSET).unwrap_or(utc)
    } else {
        utc
    }
}

/// The date in the UK at this instant: what "today" means in an English authority.
pub fn local_date(at: DateTime<Utc>) -> NaiveDate {
    local(at).date()
}

/// The instant a UK clock time names (see the module's note for the hour that does not exist
/// and the hour that happens twice).
pub fn from_local(clock: NaiveDateTime) -> DateTime<Utc> {
    // Read as BST first: valid whenever that instant is in summer time. This picks the first of
    // the autumn's repeated hour; the spring's missing hour, and all of winter, fall to GMT.
    if let Some(bst) = clock.checked_sub_signed(SUMMER_OFFSET).map(|t| t.and_utc())
        && is_summer_time(bst)
    {
        return bst;
    }
    clock.and_utc()
}

/// The start of a UK day (midnight never falls in a change-over hour).
pub fn start_of_day(date: NaiveDate) -> DateTime<Utc> {
    from_local(date.and_time(chrono::NaiveTime::MIN))
}

/// "14 February 2026, 09:05" in UK local time. Formatted from the parts rather than through a
/// format string: pages show hundreds of these (a chronology of 500 rows).
pub fn long_date_time(at: DateTime<Utc>) -> String {
    let t = local(at);
    let month = MONTHS.get(t.month0() as usize).copied().unwrap_or_default();
    format!(
        "{} {month} {}, {:02}:{:02}",
        t.day(),
        t.year(),
        t.hour(),
        t.minute()
    )
}

/// "14 February 2026", the GOV.UK date style, from the parts (see `long_date_time`).
pub fn long_date(date: NaiveDate) -> String {
    let month = MONTHS
        .get(date.month0() as usize)
        .copied()
        .unwrap_or_default();
    format!("{} {month} {}", date.day(), date.year())
}

/// "09:05": the UK clock time of an instant, as typed in a 24-hour time field.
pub fn clock_time(at: DateTime<Utc>) -> String {
    let t = local(at);
    format!("{:02}:{:02}", t.hour(), t.minute())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    #[test]
    fn dates_are_written_in_the_gov_uk_style() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(long_date(day(2026, 2, 14)), "14 February 2026");
        assert_eq!(long_date(day(2024, 12, 1)), "1 December 2024");
        assert_eq!(
            long_date(day(2025, 7, 9)),
            day(2025, 7, 9).format("%-d %B %Y").to_string()
        );
    }

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn clock(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    /// (year, last Sunday of March, last Sunday of October), as published by HM Government.
    const CHANGE_OVERS: &[(i32, u32, u32)] = &[
        (1996, 31, 27),
        (2002, 31, 27),
        (2019, 31, 27),
        (2020, 29, 25),
        (2021, 28, 31),
        (2024, 31, 27),
        (2025, 30, 26),
        (2026, 29, 25),
        (2027, 28, 31),
        (2028, 26, 29),
        (2030, 31, 27),
    ];

    #[test]
    fn summer_time_starts_and_ends_at_one_utc_on_the_last_sundays() {
        for &(year, march, october) in CHANGE_OVERS {
            let summer = summer_time(year).unwrap();
            assert_eq!(summer.start, utc(year, 3, march, 1, 0), "{year}");
            assert_eq!(summer.end, utc(year, 10, october, 1, 0), "{year}");
        }
    }

    #[test]
    fn the_clocks_go_forward_and_back_at_the_change_over_instants() {
        for &(year, march, october) in CHANGE_OVERS {
            // (instant, what the clocks show)
            let table = [
                (utc(year, 3, march, 0, 59), clock(year, 3, march, 0, 59)),
                (utc(year, 3, march, 1, 0), clock(year, 3, march, 2, 0)),
                (utc(year, 7, 1, 8, 15), clock(year, 7, 1, 9, 15)),
                (
                    utc(year, 10, october, 0, 59),
                    clock(year, 10, october, 1, 59),
                ),
                (utc(year, 10, october, 1, 0), clock(year, 10, october, 1, 0)),
                (utc(year, 12, 31, 23, 30), clock(year, 12, 31, 23, 30)),
                (utc(year, 1, 1, 0, 0), clock(year, 1, 1, 0, 0)),
            ];
            for (instant, shown) in table {
                assert_eq!(local(instant), shown, "{instant}");
            }
        }
    }

    #[test]
    fn a_typed_clock_time_names_one_instant_with_the_change_over_hours_decided() {
        for &(year, march, october) in CHANGE_OVERS {
            // (typed, the instant it names)
            let table = [
                (clock(year, 3, march, 0, 59), utc(year, 3, march, 0, 59)),
                // The hour that does not exist reads as GMT.
                (clock(year, 3, march, 1, 0), utc(year, 3, march, 1, 0)),
                (clock(year, 3, march, 1, 59), utc(year, 3, march, 1, 59)),
                (clock(year, 3, march, 2, 0), utc(year, 3, march, 1, 0)),
                (clock(year, 7, 1, 9, 15), utc(year, 7, 1, 8, 15)),
                (
                    clock(year, 10, october, 0, 59),
                    utc(year, 10, october - 1, 23, 59),
                ),
                // The hour that happens twice reads as the first, in BST.
                (clock(year, 10, october, 1, 0), utc(year, 10, october, 0, 0)),
                (
                    clock(year, 10, october, 1, 59),
                    utc(year, 10, october, 0, 59),
                ),
                (clock(year, 10, october, 2, 0), utc(year, 10, october, 2, 0)),
                (clock(year, 1, 15, 10, 0), utc(year, 1, 15, 10, 0)),
            ];
            for (typed, instant) in table {
                assert_eq!(from_local(typed), instant, "{typed}");
            }
        }
    }

    #[test]
    fn the_uk_date_turns_at_uk_midnight() {
        // 23:30 UTC on 1 June is 00:30 on 2 June in London; in winter the dates agree.
        assert_eq!(
            local_date(utc(2026, 6, 1, 23, 30)),
            NaiveDate::from_ymd_opt(2026, 6, 2).unwrap()
        );
        assert_eq!(
            local_date(utc(2026, 12, 1, 23, 30)),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        assert_eq!(
            start_of_day(NaiveDate::from_ymd_opt(2026, 6, 2).unwrap()),
            utc(2026, 6, 1, 23, 0)
        );
        assert_eq!(
            start_of_day(NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()),
            utc(2026, 12, 2, 0, 0)
        );
    }

    #[test]
    fn times_are_written_in_uk_local_time() {
        assert_eq!(
            long_date_time(utc(2026, 2, 14, 9, 5)),
            "14 February 2026, 09:05"
        );
        assert_eq!(long_date_time(utc(2026, 6, 1, 8, 15)), "1 June 2026, 09:15");
        assert_eq!(
            long_date_time(utc(2026, 6, 30, 23, 0)),
            "1 July 2026, 00:00"
        );
        assert_eq!(clock_time(utc(2026, 6, 1, 8, 15)), "09:15");
        assert_eq!(clock_time(utc(2026, 1, 1, 0, 0)), "00:00");
    }

    const MINUTES_1996_TO_2100: std::ops::Range<i64> = 13_674_240..68_374_080;

    fn any_instant() -> impl Strategy<Value = DateTime<Utc>> {
        MINUTES_1996_TO_2100.prop_map(|m| Utc.timestamp_opt(m * 60, 0).unwrap())
    }

    /// Any clock time, 1996 to 2100, to the minute (the same numbers read as a wall clock).
    fn any_clock_time() -> impl Strategy<Value = NaiveDateTime> {
        any_instant().prop_map(|t| t.naive_utc())
    }

    /// Whether nobody's clock ever showed this time (spring's missing hour).
    fn in_the_missing_hour(clock: NaiveDateTime) -> bool {
        let start = summer_time(clock.year()).unwrap().start.naive_utc();
        clock >= start && clock < start + SUMMER_OFFSET
    }

    proptest! {
        #[test]
        fn a_clock_time_outside_the_missing_hour_comes_back_as_typed(typed in any_clock_time()) {
            let back = local(from_local(typed));
            if in_the_missing_hour(typed) {
                prop_assert_eq!(back, typed + SUMMER_OFFSET);
            } else {
                prop_assert_eq!(back, typed);
            }
        }

        #[test]
        fn an_instant_comes_back_unless_it_is_the_second_pass_of_the_repeated_hour(at in any_instant()) {
            let instant = from_local(local(at));
            if instant != at {
                // The second 01:xx of October's last Sunday reads as the first, an hour earlier.
                let end = summer_time(at.year()).unwrap().end;
                prop_assert!(at >= end && at < end + SUMMER_OFFSET);
                prop_assert_eq!(instant, at - SUMMER_OFFSET);
            }
        }

        #[test]
        fn april_to_september_are_summer_and_november_to_february_winter(at in any_instant()) {
            let offset = local(at) - at.naive_utc();
            match at.month() {
                4..=9 => prop_assert_eq!(offset, SUMMER_OFFSET),
                11 | 12 | 1 | 2 => prop_assert_eq!(offset, TimeDelta::zero()),
                _ => prop_assert!(offset == TimeDelta::zero() || offset == SUMMER_OFFSET),
            }
        }
    }
}
