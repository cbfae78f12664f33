//! Merging two records of one child: what a manager chooses and says when asking, when a merge
//! needs a second manager, when two records are never merged, and how long a merge can be undone.

use chrono::{DateTime, TimeDelta, Utc};

use crate::validation::{FieldErrors, required_text};

/// How long a merge can be undone. Long enough for the child's workers to notice a wrong merge
/// in a month's visits and supervision; short enough that little is written on the kept record
/// meanwhile that undoing would leave on the wrong one (what is written after a merge stays on
/// the kept record when it is undone).
pub const UNDO_DAYS: i64 = 30;

/// The last moment a merge made at `merged_at` can be undone.
pub fn undo_until(merged_at: DateTime<Utc>) -> DateTime<Utc> {
    merged_at + TimeDelta::days(UNDO_DAYS)
}

/// Which record's open allocation continues when both records are allocated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepAllocation {
    /// The allocation of the record that stays.
    Survivor,
    /// The allocation of the record merged into it.
    Merged,
}

impl KeepAllocation {
    pub const ALL: [KeepAllocation; 2] = [KeepAllocation::Survivor, KeepAllocation::Merged];

    pub fn code(self) -> &'static str {
        match self {
            KeepAllocation::Survivor => "survivor",
            KeepAllocation::Merged => "merged",
        }
    }

    pub fn from_code(code: &str) -> Option<KeepAllocation> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Both records allocated: which allocation continues, and why the other ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationChoice {
    pub keep: KeepAllocation,
    pub end_reason: String,
}

/// What the manager says when merging: why these are one child and, where both records are
/// allocated, which allocation continues.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeRequest {
    pub reason: String,
    pub allocation: Option<AllocationChoice>,
}

impl MergeRequest {
    /// Reads the form's or the body's text. `keep` is empty when no choice was made; a choice
    /// needs the reason the other allocation ends.
    pub fn parse(reason: &str, keep: &str, end_reason: &str) -> Result<MergeRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let reason = required_text(
            &mut errors,
            "reason",
            "why these are records of the same child",
            reason,
            500,
        );
        let allocation = match keep.trim() {
            "" => None,
            code => match KeepAllocation::from_code(code) {
                Some(keep) => {
                    let end_reason = required_text(
                        &mut errors,
                        "allocation_end_reason",
                        "why the other allocation ends",
                        end_reason,
                        500,
                    );
                    Some(AllocationChoice { keep, end_reason })
                }
                None => {
                    errors.add("keep_allocation", "Select which allocation continues");
                    None
                }
            },
        };
        errors.into_result(MergeRequest { reason, allocation })
    }
}

/// What one record holds that says which side of an adoption order it is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AdoptionSide {
    /// When the earliest adoption order on its chronology was made, if it holds one.
    pub order: Option<DateTime<Utc>>,
    /// When the record was made.
    pub recorded_at: DateTime<Utc>,
    /// The latest date on its chronology other than an adoption order.
    pub latest: Option<DateTime<Utc>>,
}

impl AdoptionSide {
    /// Whether anything of this record comes after `order`: it was made, or something on it
    /// happened, after the order.
    fn after(&self, order: DateTime<Utc>) -> bool {
        self.recorded_at > order || self.latest.is_some_and(|at| at > order)
    }
}

/// Whether two records lie across an adoption order, so they are never merged: one holds an
/// order and the other was made, or has anything dated, after it (an adopted child's new
/// record, whose merge would put the birth family's history on it), or both hold an order.
/// A duplicate from before the order, with nothing later on it, is not across it.
pub fn across_adoption_order(a: &AdoptionSide, b: &AdoptionSide) -> bool {
    match (a.order, b.order) {
        (Some(_), Some(_)) => true,
        (Some(order), None) => b.after(order),
        (None, Some(order)) => a.after(order),
        (None, None) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 10, 0, 0).unwrap()
    }

    fn side(order: Option<DateTime<Utc>>, recorded: DateTime<Utc>) -> AdoptionSide {
        AdoptionSide {
            order,
            recorded_at: recorded,
            latest: None,
        }
    }

    #[test]
    fn an_adopted_childs_new_record_is_across_the_order() {
        let before = side(Some(at(2023, 3, 8)), at(2021, 8, 3));
        let new = side(None, at(2024, 1, 10));
        assert!(across_adoption_order(&before, &new));
        assert!(across_adoption_order(&new, &before), "either way round");
    }

    #[test]
    fn a_record_with_something_dated_after_the_order_is_across_it() {
        let before = side(Some(at(2023, 3, 8)), at(2021, 8, 3));
        let mut old = side(None, at(2021, 9, 1));
        old.latest = Some(at(2023, 6, 1));
        assert!(across_adoption_order(&before, &old));
    }

    #[test]
    fn a_duplicate_from_before_the_order_is_not_across_it() {
        let before = side(Some(at(2023, 3, 8)), at(2021, 8, 3));
        let mut old = side(None, at(2021, 9, 1));
        old.latest = Some(at(2022, 1, 1));
        assert!(!across_adoption_order(&before, &old));
        assert!(!across_adoption_order(
            &side(None, at(2021, 1, 1)),
            &side(None, at(2025, 1, 1))
        ));
    }

    #[test]
    fn two_records_each_holding_an_order_are_never_merged() {
        let a = side(Some(at(2023, 3, 8)), at(2021, 8, 3));
        let b = side(Some(at(2023, 3, 8)), at(2021, 8, 3));
        assert!(across_adoption_order(&a, &b));
    }

    #[test]
    fn undo_lasts_thirty_days() {
        assert_eq!(undo_until(at(2026, 3, 2)), at(2026, 4, 1));
    }

    #[test]
    fn a_merge_request_needs_a_reason_and_a_reason_for_ending_an_allocation() {
        let ok = MergeRequest::parse(" Same child ", "merged", "Worker B keeps the case").unwrap();
        assert_eq!(ok.reason, "Same child");
        assert_eq!(
            ok.allocation,
            Some(AllocationChoice {
                keep: KeepAllocation::Merged,
                end_reason: "Worker B keeps the case".into()
            })
        );
        let errors = MergeRequest::parse("", "survivor", "").unwrap_err();
        assert!(errors.message_for("reason").is_some());
        assert!(errors.message_for("allocation_end_reason").is_some());
        let errors = MergeRequest::parse("Same", "both", "").unwrap_err();
        assert_eq!(
            errors.message_for("keep_allocation"),
            Some("Select which allocation continues")
        );
        assert_eq!(
            MergeRequest::parse("Same", "", "").unwrap().allocation,
            None
        );
    }
}
