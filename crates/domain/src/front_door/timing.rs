//! When the manager's decision on a referral is due (the `referral-decision` rule: one working
//! day, Working Together 2023), and how long a referral has waited for it, in working days.
//! Both are asked of the authority's `Timescales` (its configuration: the rule, its calendar of
//! working days with any extra bank holidays, its "due soon" window).

use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Serialize;

use crate::timescales::{Facts, RuleId, Timeliness, TimescaleError, Timescales};

/// The national timescales, built once: the calendar file is parsed on first use.
static NATIONAL: LazyLock<Timescales> = LazyLock::new(Timescales::national_defaults);

/// The national timescales with Journey's defaults, for callers that are not given the
/// authority's own.
pub fn national() -> &'static Timescales {
    &NATIONAL
}

/// The date the decision on a referral made on `referral_date` is due by, under `timescales`.
pub fn decision_due(
    timescales: &Timescales,
    referral_date: NaiveDate,
) -> Result<NaiveDate, TimescaleError> {
    timescales
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

pub fn waiting(
    timescales: &Timescales,
    referral_date: NaiveDate,
    due: NaiveDate,
    today: NaiveDate,
) -> Waiting {
    let working_days = timescales
        .calendar()
        .working_days_between(referral_date, today)
        .max(0);
    let timeliness = timescales.classify(due, today);
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

    /// An authority whose configuration adds a local holiday on Tuesday 3 March 2026.
    fn with_a_local_holiday() -> Timescales {
        let text = "[calendar]\nextra-bank-holidays = [2026-03-03]\n[rules]\nreferral-decision = \"1 working day\"\n";
        Timescales::from_config(
            crate::timescales::AuthorityConfig::parse(text, "test", None).unwrap(),
        )
    }

    #[test]
    fn the_decision_is_due_the_next_working_day() {
        // Monday → Tuesday; Friday → Monday; Thursday before Good Friday 2026 → Tuesday.
        let national = national();
        assert_eq!(
            decision_due(national, d(2026, 3, 2)).unwrap(),
            d(2026, 3, 3)
        );
        assert_eq!(
            decision_due(national, d(2026, 3, 6)).unwrap(),
            d(2026, 3, 9)
        );
        assert_eq!(
            decision_due(national, d(2026, 4, 2)).unwrap(),
            d(2026, 4, 7)
        );
    }

    #[test]
    fn the_authoritys_configuration_moves_the_due_date() {
        let local = with_a_local_holiday();
        assert_eq!(decision_due(&local, d(2026, 3, 2)).unwrap(), d(2026, 3, 4));
        // The local holiday is not a working day waited either.
        let waited = waiting(&local, d(2026, 3, 2), d(2026, 3, 4), d(2026, 3, 4));
        assert_eq!(waited.working_days, 1);
        assert!(!waited.overdue);
        assert_eq!(
            waiting(national(), d(2026, 3, 2), d(2026, 3, 3), d(2026, 3, 4)).working_days,
            2
        );
        // The rule cannot be loosened: a configuration that tries is refused on load.
        let looser = "[rules]\nreferral-decision = \"2 working days\"\n";
        assert!(crate::timescales::AuthorityConfig::parse(looser, "test", None).is_err());
    }

    #[test]
    fn waiting_counts_working_days_and_says_when_it_is_overdue() {
        let due = d(2026, 3, 3);
        let today = waiting(national(), d(2026, 3, 2), due, d(2026, 3, 2));
        assert_eq!(today.working_days, 0);
        assert!(!today.overdue);
        assert!(today.description.starts_with("Received today"));
        let late = waiting(national(), d(2026, 3, 2), due, d(2026, 3, 9));
        assert_eq!(late.working_days, 5);
        assert!(late.overdue);
        assert_eq!(
            late.description,
            "Waiting 5 working days: overdue by 4 working days (6 calendar days)"
        );
    }
}
