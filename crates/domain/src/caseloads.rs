//! Caseloads: how much work the children a worker holds are, weighed by what each child's case
//! is, against the authority's thresholds. No national weighting or limit exists, so the
//! weights and thresholds are the authority's own (its configuration's `[caseload]`); the
//! defaults are a starting point, not a standard.
//!
//! A child counts once, at the weight of the heaviest kind of case they are: a child on a child
//! protection plan who is also unborn counts as on a plan.

use std::fmt;

use chrono::{Datelike, Months, NaiveDate};

use serde::{Serialize, Serializer};

use crate::timescales::{CaseloadLevel, CaseloadThresholds};

/// What a child's case is, heaviest first (the order a child is counted by).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CaseKind {
    CareProceedings,
    ChildProtectionPlan,
    LookedAfter,
    Unborn,
    /// Every other allocated child: a child in need, or a case still being assessed.
    ChildInNeed,
}

impl CaseKind {
    pub const ALL: [CaseKind; 5] = [
        CaseKind::CareProceedings,
        CaseKind::ChildProtectionPlan,
        CaseKind::LookedAfter,
        CaseKind::Unborn,
        CaseKind::ChildInNeed,
    ];

    /// The key in the configuration's `[caseload.weights]` and in the API.
    pub fn code(self) -> &'static str {
        match self {
            CaseKind::CareProceedings => "care-proceedings",
            CaseKind::ChildProtectionPlan => "child-protection-plan",
            CaseKind::LookedAfter => "looked-after",
            CaseKind::Unborn => "unborn",
            CaseKind::ChildInNeed => "child-in-need",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            CaseKind::CareProceedings => "Care proceedings",
            CaseKind::ChildProtectionPlan => "Child protection plan",
            CaseKind::LookedAfter => "Looked after",
            CaseKind::Unborn => "Unborn baby",
            CaseKind::ChildInNeed => "Child in need or being assessed",
        }
    }

    pub fn from_code(code: &str) -> Option<CaseKind> {
        Self::ALL.into_iter().find(|kind| kind.code() == code)
    }

    /// Journey does not record care proceedings or looked-after children yet: their weights
    /// are configured now and counted once those processes are built.
    pub fn is_recorded(self) -> bool {
        !matches!(self, CaseKind::CareProceedings | CaseKind::LookedAfter)
    }
}

impl Serialize for CaseKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// A weighted number of cases, held in tenths so sums are exact ("24.5", never "24.499").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Weighted(pub u32);

impl Weighted {
    pub const fn cases(whole: u32) -> Weighted {
        Weighted(whole * 10)
    }

    /// Reads a configured weight such as 1.5; at most one decimal place, above zero.
    pub fn parse(value: f64) -> Option<Weighted> {
        let tenths = (value * 10.0).round();
        let exact = ((value * 10.0) - tenths).abs() < 1e-9;
        (exact && (1.0..=1000.0).contains(&tenths)).then_some(Weighted(tenths as u32))
    }
}

impl fmt::Display for Weighted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 % 10 {
            0 => write!(f, "{}", self.0 / 10),
            tenth => write!(f, "{}.{tenth}", self.0 / 10),
        }
    }
}

impl Serialize for Weighted {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_f64(f64::from(self.0) / 10.0)
    }
}

/// The weight of each kind of case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseWeights {
    pub care_proceedings: Weighted,
    pub child_protection_plan: Weighted,
    pub looked_after: Weighted,
    pub unborn: Weighted,
    pub child_in_need: Weighted,
}

impl CaseWeights {
    /// Journey's starting point: court work weighs double, a child protection plan or an
    /// unborn baby (pre-birth assessment, conference and discharge planning to a fixed date)
    /// one and a half, every other child one.
    pub const DEFAULT: CaseWeights = CaseWeights {
        care_proceedings: Weighted(20),
        child_protection_plan: Weighted(15),
        looked_after: Weighted(10),
        unborn: Weighted(15),
        child_in_need: Weighted(10),
    };

    pub fn of(&self, kind: CaseKind) -> Weighted {
        match kind {
            CaseKind::CareProceedings => self.care_proceedings,
            CaseKind::ChildProtectionPlan => self.child_protection_plan,
            CaseKind::LookedAfter => self.looked_after,
            CaseKind::Unborn => self.unborn,
            CaseKind::ChildInNeed => self.child_in_need,
        }
    }

    pub fn set(&mut self, kind: CaseKind, weight: Weighted) {
        let slot = match kind {
            CaseKind::CareProceedings => &mut self.care_proceedings,
            CaseKind::ChildProtectionPlan => &mut self.child_protection_plan,
            CaseKind::LookedAfter => &mut self.looked_after,
            CaseKind::Unborn => &mut self.unborn,
            CaseKind::ChildInNeed => &mut self.child_in_need,
        };
        *slot = weight;
    }
}

/// The authority's caseload policy: the weights, the thresholds for workers (on the weighted
/// caseload) and for reviewing officers and chairs (on the children they hold).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseloadPolicy {
    pub weights: CaseWeights,
    pub worker: CaseloadThresholds,
    pub reviewing_officer: CaseloadThresholds,
}

impl CaseloadPolicy {
    /// The IRO Handbook (2010) puts a full-time reviewing officer's caseload at 50 to 70
    /// looked-after children: warned at 50, at the limit at 70.
    pub const REVIEWING_OFFICER_DEFAULT: CaseloadThresholds = CaseloadThresholds {
        warn_at: 50,
        limit: 70,
    };

    pub const DEFAULT: CaseloadPolicy = CaseloadPolicy {
        weights: CaseWeights::DEFAULT,
        worker: CaseloadThresholds::DEFAULT,
        reviewing_officer: Self::REVIEWING_OFFICER_DEFAULT,
    };

    /// Weighs a worker's children.
    pub fn weigh(&self, counts: &CaseCounts) -> Weighted {
        Weighted(
            CaseKind::ALL
                .into_iter()
                .map(|kind| self.weights.of(kind).0 * counts.of(kind))
                .sum(),
        )
    }

    /// Where a weighted caseload stands against the worker thresholds (which are in cases).
    pub fn worker_level(&self, load: Weighted) -> CaseloadLevel {
        let whole_cases = load.0 / 10;
        self.worker.assess(whole_cases)
    }

    /// Allocating one more child of this kind to a worker holding `counts`: `Some` when it
    /// takes them over the limit, which needs the allocating manager's reason.
    pub fn over_limit(&self, counts: &CaseCounts, kind: CaseKind) -> Option<OverLimit> {
        let before = self.weigh(counts);
        let after = Weighted(before.0 + self.weights.of(kind).0);
        (after > Weighted::cases(self.worker.limit)).then_some(OverLimit {
            before,
            after,
            limit: self.worker.limit,
            kind,
        })
    }
}

impl Default for CaseloadPolicy {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// An allocation that would take a worker over the caseload limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OverLimit {
    pub before: Weighted,
    pub after: Weighted,
    pub limit: u32,
    pub kind: CaseKind,
}

impl OverLimit {
    /// The sentence the manager confirms against, at the reason's field.
    pub fn message(&self, worker: &str) -> String {
        format!(
            "{worker} holds {} weighted cases and the limit is {}: this child ({}) takes them to {}. \
             To allocate anyway, give the reason",
            self.before,
            self.limit,
            self.kind.label().to_lowercase(),
            self.after
        )
    }

    /// How the chronology and audit record the confirmation.
    pub fn recorded(&self, reason: &str) -> String {
        format!(
            "Allocated over the caseload limit ({} weighted cases against a limit of {}): {reason}",
            self.after, self.limit
        )
    }
}

/// How many children of each kind someone holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CaseCounts {
    pub care_proceedings: u32,
    pub child_protection_plan: u32,
    pub looked_after: u32,
    pub unborn: u32,
    pub child_in_need: u32,
}

impl CaseCounts {
    pub fn of(&self, kind: CaseKind) -> u32 {
        match kind {
            CaseKind::CareProceedings => self.care_proceedings,
            CaseKind::ChildProtectionPlan => self.child_protection_plan,
            CaseKind::LookedAfter => self.looked_after,
            CaseKind::Unborn => self.unborn,
            CaseKind::ChildInNeed => self.child_in_need,
        }
    }

    pub fn add(&mut self, kind: CaseKind, n: u32) {
        let slot = match kind {
            CaseKind::CareProceedings => &mut self.care_proceedings,
            CaseKind::ChildProtectionPlan => &mut self.child_protection_plan,
            CaseKind::LookedAfter => &mut self.looked_after,
            CaseKind::Unborn => &mut self.unborn,
            CaseKind::ChildInNeed => &mut self.child_in_need,
        };
        *slot += n;
    }

    pub fn children(&self) -> u32 {
        CaseKind::ALL.into_iter().map(|kind| self.of(kind)).sum()
    }
}

/// The days a caseload's trend is read on: the last day of each of the `months` months before
/// `today`'s, oldest first, then `today`.
pub fn trend_days(today: NaiveDate, months: u32) -> Vec<NaiveDate> {
    let first_of_this_month = today.with_day(1).unwrap_or(today);
    let mut days: Vec<NaiveDate> = (1..=months)
        .rev()
        .filter_map(|back| {
            first_of_this_month
                .checked_sub_months(Months::new(back - 1))
                .and_then(|first| first.pred_opt())
        })
        .collect();
    days.push(today);
    days
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_trend_is_read_at_each_month_end_then_today() {
        assert_eq!(
            trend_days(day(2026, 3, 2), 3),
            [
                day(2025, 12, 31),
                day(2026, 1, 31),
                day(2026, 2, 28),
                day(2026, 3, 2)
            ]
        );
        // A leap year's February, and a today that is itself a month end.
        assert_eq!(
            trend_days(day(2028, 3, 31), 2),
            [day(2028, 1, 31), day(2028, 2, 29), day(2028, 3, 31)]
        );
        assert_eq!(trend_days(day(2026, 3, 2), 0), [day(2026, 3, 2)]);
    }

    fn counts(plans: u32, unborn: u32, in_need: u32) -> CaseCounts {
        CaseCounts {
            child_protection_plan: plans,
            unborn,
            child_in_need: in_need,
            ..CaseCounts::default()
        }
    }

    #[test]
    fn weights_read_to_one_decimal_place_and_show_without_trailing_zeros() {
        assert_eq!(Weighted::parse(1.5), Some(Weighted(15)));
        assert_eq!(Weighted::parse(2.0), Some(Weighted(20)));
        assert_eq!(Weighted::parse(0.1), Some(Weighted(1)));
        assert_eq!(Weighted::parse(1.25), None);
        assert_eq!(Weighted::parse(0.0), None);
        assert_eq!(Weighted::parse(-1.0), None);
        assert_eq!(Weighted(245).to_string(), "24.5");
        assert_eq!(Weighted(250).to_string(), "25");
        assert_eq!(Weighted(5).to_string(), "0.5");
    }

    #[test]
    fn the_weighted_caseload_is_each_kind_counted_at_its_weight() {
        let policy = CaseloadPolicy::DEFAULT;
        // 6 plans at 1.5, 2 unborn at 1.5, 12 others at 1: 9 + 3 + 12 = 24.
        let held = counts(6, 2, 12);
        assert_eq!(held.children(), 20);
        assert_eq!(policy.weigh(&held), Weighted(240));
        assert_eq!(policy.worker_level(Weighted(240)), CaseloadLevel::High);
        assert_eq!(
            policy.worker_level(Weighted(175)),
            CaseloadLevel::Manageable
        );
        // 24.5 is not yet 25.
        assert_eq!(policy.worker_level(Weighted(245)), CaseloadLevel::High);
        assert_eq!(policy.worker_level(Weighted(250)), CaseloadLevel::AtLimit);
    }

    #[test]
    fn an_allocation_that_takes_a_worker_past_the_limit_needs_a_reason() {
        let policy = CaseloadPolicy::DEFAULT;
        let held = counts(6, 2, 12); // 24
        // One more child in need reaches the limit exactly: allowed.
        assert_eq!(policy.over_limit(&held, CaseKind::ChildInNeed), None);
        // A child on a plan takes them to 25.5: over.
        let over = policy
            .over_limit(&held, CaseKind::ChildProtectionPlan)
            .expect("over the limit");
        assert_eq!(over.after, Weighted(255));
        assert_eq!(
            over.message("Sam Patel"),
            "Sam Patel holds 24 weighted cases and the limit is 25: this child (child protection plan) \
             takes them to 25.5. To allocate anyway, give the reason"
        );
        assert_eq!(
            over.recorded("covering for a colleague's leave"),
            "Allocated over the caseload limit (25.5 weighted cases against a limit of 25): \
             covering for a colleague's leave"
        );
    }

    #[test]
    fn configured_weights_change_the_sum_and_the_limit_check() {
        let mut policy = CaseloadPolicy::DEFAULT;
        policy
            .weights
            .set(CaseKind::ChildProtectionPlan, Weighted(20));
        policy.worker = CaseloadThresholds {
            warn_at: 10,
            limit: 12,
        };
        let held = counts(5, 0, 1); // 10 + 1
        assert_eq!(policy.weigh(&held), Weighted(110));
        assert_eq!(policy.worker_level(Weighted(110)), CaseloadLevel::High);
        assert!(policy.over_limit(&held, CaseKind::ChildInNeed).is_none());
        assert!(
            policy
                .over_limit(&held, CaseKind::ChildProtectionPlan)
                .is_some()
        );
    }

    #[test]
    fn kinds_read_back_from_their_codes() {
        for kind in CaseKind::ALL {
            assert_eq!(CaseKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(CaseKind::from_code("looked_after"), None);
        assert!(!CaseKind::LookedAfter.is_recorded());
        assert!(CaseKind::Unborn.is_recorded());
    }
}
