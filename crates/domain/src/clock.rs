//! Time is a parameter: everything that needs "now" is handed a [`Clock`].
//!
//! Statutory timescales are tested at fixed dates, and sessions expire in tests without sleeping,
//! because nothing in Journey reads the system clock except [`SystemClock`].

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

/// A source of the current time.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// Today's date in the UK (the date on the clocks in England, which in summer turns an hour
    /// before UTC's): what "today" means for deadlines, ages and anything dated "from today".
    fn today(&self) -> NaiveDate {
        crate::uk_time::local_date(self.now())
    }
}

/// The real clock. The only place in Journey that reads the system time.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    #[allow(clippy::disallowed_methods)]
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved: for tests and for reproducible demo data.
#[derive(Debug, Clone)]
pub struct FixedClock {
    now: Arc<Mutex<DateTime<Utc>>>,
}

impl FixedClock {
    pub fn new(now: DateTime<Utc>) -> Self {
        Self {
            now: Arc::new(Mutex::new(now)),
        }
    }

    /// Moves the clock forward (or back, with a negative delta). Shared by every clone.
    pub fn advance(&self, by: TimeDelta) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }

    pub fn set(&self, to: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = to;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn fixed_clock_moves_only_when_told_and_clones_share_time() {
        let start = Utc.with_ymd_and_hms(2026, 2, 14, 9, 0, 0).unwrap();
        let clock = FixedClock::new(start);
        let other = clock.clone();
        assert_eq!(clock.now(), start);
        other.advance(TimeDelta::minutes(16));
        assert_eq!(clock.now(), start + TimeDelta::minutes(16));
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 2, 14).unwrap());
    }

    #[test]
    fn today_is_the_uk_date() {
        // 23:30 UTC on 31 May is 00:30 BST on 1 June; at 23:30 UTC on 30 November it is GMT.
        let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 5, 31, 23, 30, 0).unwrap());
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2026, 6, 1).unwrap());
        clock.set(Utc.with_ymd_and_hms(2026, 11, 30, 23, 30, 0).unwrap());
        assert_eq!(
            clock.today(),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
    }
}
