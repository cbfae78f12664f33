//! When the front door's chronology lines are dated: when each thing happened, not when it was
//! typed. A contact has its own time; a referral and a closure have only a date, so their line
//! takes the moment it was recorded when that is on the same day, and otherwise the start of
//! that day on UK clocks (which the chronology shows as the date alone).

use chrono::NaiveDate;
use chrono::{DateTime, Utc};

use crate::uk_time;

/// A line about something that happened on `date`, recorded at `recorded_at`.
pub fn on_day(date: NaiveDate, recorded_at: DateTime<Utc>) -> DateTime<Utc> {
    if uk_time::local_date(recorded_at) == date {
        recorded_at
    } else {
        uk_time::start_of_day(date)
    }
}

/// A referral's line: on its referral date, and never before the contact it came from, so a
/// referral made the day its contact was received follows the contact.
pub fn referral(
    referral_date: NaiveDate,
    contact_received: DateTime<Utc>,
    recorded_at: DateTime<Utc>,
) -> DateTime<Utc> {
    let dated = on_day(referral_date, recorded_at);
    if uk_time::local_date(contact_received) == referral_date && contact_received > dated {
        contact_received
    } else {
        dated
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_date_recorded_that_day_keeps_the_moment_it_was_recorded() {
        let recorded = utc(2026, 3, 5, 14, 30);
        assert_eq!(on_day(day(2026, 3, 5), recorded), recorded);
        // Recorded three days later: the start of the day on UK clocks (BST from 29 March).
        assert_eq!(on_day(day(2026, 3, 2), recorded), utc(2026, 3, 2, 0, 0));
        assert_eq!(
            on_day(day(2026, 6, 1), utc(2026, 6, 4, 9, 0)),
            utc(2026, 5, 31, 23, 0)
        );
    }

    #[test]
    fn a_referral_follows_its_contact_on_the_same_day() {
        let received = utc(2026, 3, 2, 9, 15);
        let typed = utc(2026, 3, 5, 10, 0);
        assert_eq!(referral(day(2026, 3, 2), received, typed), received);
        assert_eq!(
            referral(day(2026, 3, 3), received, typed),
            utc(2026, 3, 3, 0, 0)
        );
        assert_eq!(referral(day(2026, 3, 5), received, typed), typed);
    }
}
