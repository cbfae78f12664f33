//! Sign-in throttling: after a few failures for one username, further attempts for that
//! username are held back for a while. Unknown usernames are throttled the same way, so the
//! throttle reveals nothing about which accounts exist. Nothing is locked permanently.
//!
//! Kept in memory: a restart forgets it, and each server of a PostgreSQL deployment counts
//! separately. Both are accepted for now and noted in docs/security.md.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, TimeDelta, Utc};

pub struct SignInThrottle {
    failures: Mutex<HashMap<String, Vec<DateTime<Utc>>>>,
    limit: usize,
    window: TimeDelta,
}

impl SignInThrottle {
    pub fn new(limit: u32, window: std::time::Duration) -> Self {
        Self {
            failures: Mutex::new(HashMap::new()),
            limit: limit as usize,
            window: TimeDelta::from_std(window).unwrap_or(TimeDelta::minutes(15)),
        }
    }

    fn key(username: &str) -> String {
        username.trim().to_lowercase()
    }

    /// Whether another attempt for this username may be checked now.
    pub fn allows(&self, username: &str, now: DateTime<Utc>) -> bool {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let recent = failures.entry(Self::key(username)).or_default();
        recent.retain(|at| now - *at < self.window);
        recent.len() < self.limit
    }

    pub fn record_failure(&self, username: &str, now: DateTime<Utc>) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.entry(Self::key(username)).or_default().push(now);
        // Bound memory under a flood of made-up usernames.
        if failures.len() > 100_000 {
            failures.retain(|_, times| times.iter().any(|at| now - *at < self.window));
        }
    }

    pub fn record_success(&self, username: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&Self::key(username));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn holds_back_after_the_limit_and_releases_after_the_window() {
        let throttle = SignInThrottle::new(3, std::time::Duration::from_secs(900));
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        for _ in 0..3 {
            assert!(throttle.allows("Worker.A", t0));
            throttle.record_failure("worker.a ", t0);
        }
        assert!(!throttle.allows("worker.a", t0 + TimeDelta::minutes(1)));
        assert!(throttle.allows("someone.else", t0));
        assert!(throttle.allows("worker.a", t0 + TimeDelta::minutes(16)));
        throttle.record_failure("worker.a", t0);
        throttle.record_success("worker.a");
        assert!(throttle.allows("worker.a", t0));
    }
}
