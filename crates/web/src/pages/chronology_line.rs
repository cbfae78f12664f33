//! A chronology entry as the record page and the chronology page show it: when it happened,
//! and who recorded it, with when too if that was more than a day away from when it happened.
//! The words are made here, once, so templates looping over hundreds of rows call no filter.

use journey_domain::uk_time;
use journey_store::ChronologyEntry;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct LineWords {
    /// "2 March 2026, 09:15", or "2 March 2026" for something known only by its date.
    pub when: String,
    /// "by Sam Patel", or "on 5 March 2026, 10:00 by Sam Patel" when recorded more than a day
    /// from when it happened.
    pub recorded: String,
}

impl LineWords {
    pub fn of(entry: &ChronologyEntry) -> Self {
        let late = entry.recorded_late();
        Self {
            when: when(entry),
            recorded: if late {
                format!(
                    "on {} by {}",
                    uk_time::long_date_time(entry.recorded_at),
                    entry.recorded_by
                )
            } else {
                format!("by {}", entry.recorded_by)
            },
        }
    }
}

/// An entry dated only by its day (a referral or closure recorded on a later day) is held at
/// the start of that day on UK clocks: shown as the date, not as midnight.
fn when(entry: &ChronologyEntry) -> String {
    let day = uk_time::local_date(entry.occurred_at);
    if entry.occurred_at == uk_time::start_of_day(day) && entry.recorded_late() {
        uk_time::long_date(day)
    } else {
        uk_time::long_date_time(entry.occurred_at)
    }
}
