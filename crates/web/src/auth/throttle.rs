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

    /// Takes one attempt for this username, if it is not held back: the attempt counts as a
    /// failure from now, before the password is checked, so that guesses sent in parallel
    /// cannot all pass the check while the first ones are still being verified. A sign-in that
    /// succeeds clears the count ([`Self::record_success`]).
    pub fn reserve(&self, username: &str, now: DateTime<Utc>) -> bool {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Bound memory under a flood of made-up usernames.
        if failures.len() > 100_000 {
            failures.retain(|_, times| times.iter().any(|at| now - *at < self.window));
        }
        let recent = failures.entry(Self::key(username)).or_default();
        recent.retain(|at| now - *at < self.window);
        if recent.len() >= self.limit {
            return false;
        }
        recent.push(now);
        true
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
            assert!(throttle.reserve("Worker.A ", t0));
        }
        assert!(!throttle.reserve("worker.a", t0 + TimeDelta::minutes(1)));
        assert!(throttle.reserve("someone.else", t0));
        assert!(throttle.reserve("worker.a", t0 + TimeDelta::minutes(16)));
        throttle.record_success("worker.a");
        assert!(throttle.reserve("worker.a", t0));
    }

    #[test]
    fn parallel_guesses_are_held_to_the_limit() {
        let throttle =
            std::sync::Arc::new(SignInThrottle::new(5, std::time::Duration::from_secs(900)));
        let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let guesses: Vec<_> = (0..100)
            .map(|_| {
                let throttle = throttle.clone();
                std::thread::spawn(move || throttle.reserve("worker.a", t0))
            })
            .collect();
        let allowed = guesses
            .into_iter()
            .filter_map(|g| g.join().ok())
            .filter(|allowed| *allowed)
            .count();
        assert_eq!(allowed, 5);
    }
}
