//! When the manager's decision on a referral is due (one working day, Working Together 2023),
//! and how long a referral has waited for it, in working days.

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Serialize;

use crate::timescales::{Facts, RuleId, Timeliness, TimescaleError, Timescales};

/// The national timescales, built once: the calendar file is parsed on first use.
static NATIONAL: LazyLock<Timescales> = LazyLock::new(Timescales::national_defaults);

/// The date the decision on a referral made on `referral_date` is due by.
pub fn decision_due(referral_date: NaiveDate) -> Result<NaiveDate, TimescaleError> {
    NATIONAL
        .due(RuleId::ReferralDecision, &Facts::from(referral_date))
        .map(|due| due.date)
}

/// How long a referral has waited for its decision, seen on `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Waiting {
    /// Working days since the referral date (0 on the day itself).
    pub working_days: i64,
    pub timeliness: Timeliness,
    pub overdue: bool,
    /// "Waiting 3 working days: overdue by 2 working days (4 calendar days)".
    pub description: String,
}

pub fn waiting(referral_date: NaiveDate, due: NaiveDate, today: NaiveDate) -> Waiting {
    let working_days = NATIONAL
        .calendar()
        .working_days_between(referral_date, today)
        .max(0);
    let timeliness = NATIONAL.classify(due, today);
    let waited = match working_days {
        0 => "Received today".to_owned(),
        1 => "Waiting 1 working day".to_owned(),
        n => format!("Waiting {n} working days"),
    };
    Waiting {
        working_days,
        timeliness,
        overdue: timeliness.is_overdue(),
        description: format!("{waited}: {}", timeliness.describe()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_decision_is_due_the_next_working_day() {
        // Monday → Tuesday; Friday → Monday; Thursday before Good Friday 2026 → Tuesday.
        assert_eq!(decision_due(d(2026, 3, 2)).unwrap(), d(2026, 3, 3));
        assert_eq!(decision_due(d(2026, 3, 6)).unwrap(), d(2026, 3, 9));
        assert_eq!(decision_due(d(2026, 4, 2)).unwrap(), d(2026, 4, 7));
    }

    #[test]
    fn waiting_counts_working_days_and_says_when_it_is_overdue() {
        let due = d(2026, 3, 3);
        let today = waiting(d(2026, 3, 2), due, d(2026, 3, 2));
        assert_eq!(today.working_days, 0);
        assert!(!today.overdue);
        assert!(today.description.starts_with("Received today"));
        let late = waiting(d(2026, 3, 2), due, d(2026, 3, 9));
        assert_eq!(late.working_days, 5);
        assert!(late.overdue);
        assert_eq!(
            late.description,
            "Waiting 5 working days: overdue by 4 working days (6 calendar days)"
        );
    }
}
