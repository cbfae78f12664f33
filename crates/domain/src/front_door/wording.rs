//! The plain words the front door writes onto a child's chronology.

use chrono::NaiveDate;

use super::codes::{ClosureReason, DecisionOption, PrimaryNeed, ReferralSource};
use crate::timescales::format::long_date;

/// How long a quoted passage of free text may be on a chronology line before it is cut.
const QUOTE_CHARS: usize = 160;

fn shortened(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= QUOTE_CHARS {
        text
    } else {
        let cut: String = text.chars().take(QUOTE_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// "Contact received from Mrs Patel (Designated safeguarding lead), Schools (2A): bruise..."
pub fn contact_received(
    source: ReferralSource,
    referrer_name: &str,
    referrer_role: &str,
    concerns: &str,
) -> String {
    let who = if referrer_role.trim().is_empty() {
        referrer_name.trim().to_owned()
    } else {
        format!("{} ({})", referrer_name.trim(), referrer_role.trim())
    };
    format!(
        "Contact received from {who}, {} ({}): {}",
        source.label(),
        source.code(),
        shortened(concerns)
    )
}

/// "Referral accepted; child in need episode opened (N1 Abuse or neglect)".
pub fn referral_accepted(need: PrimaryNeed, re_referral: bool, due: NaiveDate) -> String {
    let again = if re_referral {
        " This is a re-referral within 12 months."
    } else {
        ""
    };
    format!(
        "Referral accepted; child in need episode opened ({} {}). Manager's decision due by {}.{again}",
        need.code(),
        need.label(),
        long_date(due)
    )
}

/// "Decision by Jo Bloggs: strategy discussion. Reasons: ..."
pub fn decision_recorded(manager: &str, option: DecisionOption, reasons: &str) -> String {
    format!(
        "Decision by {manager}: {}. Reasons: {}",
        option.label().to_lowercase(),
        shortened(reasons)
    )
}

/// "Decision corrected by Jo Bloggs: assessment (was early help). Reason for the correction: ..."
pub fn decision_corrected(
    manager: &str,
    was: DecisionOption,
    now: DecisionOption,
    correction_reason: &str,
) -> String {
    let change = if was == now {
        format!("{}, reasons changed", now.label().to_lowercase())
    } else {
        format!(
            "{} (was {})",
            now.label().to_lowercase(),
            was.label().to_lowercase()
        )
    };
    format!(
        "Decision corrected by {manager}: {change}. Reason for the correction: {}",
        shortened(correction_reason)
    )
}

/// "Episode closed: RC8 Case closed after assessment, no further action"
pub fn episode_closed(reason: ClosureReason) -> String {
    format!("Episode closed: {} {}", reason.code(), reason.label())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_step_reads_as_a_sentence() {
        assert_eq!(
            contact_received(
                ReferralSource::School,
                "Mrs Patel",
                "Designated safeguarding lead",
                "Bruise on\nthe arm"
            ),
            "Contact received from Mrs Patel (Designated safeguarding lead), Schools (2A): Bruise on the arm"
        );
        assert_eq!(
            contact_received(ReferralSource::Anonymous, "Caller", " ", "Shouting"),
            "Contact received from Caller, Anonymous (9): Shouting"
        );
        assert_eq!(
            referral_accepted(
                PrimaryNeed::AbuseOrNeglect,
                false,
                NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()
            ),
            "Referral accepted; child in need episode opened (N1 Abuse or neglect). Manager's decision due by 3 March 2026."
        );
        assert!(
            referral_accepted(
                PrimaryNeed::AcuteStress,
                true,
                NaiveDate::from_ymd_opt(2026, 3, 3).unwrap()
            )
            .ends_with("This is a re-referral within 12 months.")
        );
        assert_eq!(
            decision_recorded(
                "Jo Bloggs",
                DecisionOption::StrategyDiscussion,
                "Unexplained injury"
            ),
            "Decision by Jo Bloggs: strategy discussion. Reasons: Unexplained injury"
        );
        assert_eq!(
            decision_corrected(
                "Jo Bloggs",
                DecisionOption::EarlyHelp,
                DecisionOption::Assessment,
                "Wrong option chosen"
            ),
            "Decision corrected by Jo Bloggs: assessment (was early help). Reason for the correction: Wrong option chosen"
        );
        assert_eq!(
            decision_corrected(
                "Jo Bloggs",
                DecisionOption::Assessment,
                DecisionOption::Assessment,
                "Reasons were another child's"
            ),
            "Decision corrected by Jo Bloggs: assessment, reasons changed. Reason for the correction: Reasons were another child's"
        );
        assert_eq!(
            episode_closed(ClosureReason::ClosedAfterAssessment),
            "Episode closed: RC8 Case closed after assessment, no further action"
        );
    }

    #[test]
    fn long_concerns_are_cut_on_the_chronology_line() {
        let long = "word ".repeat(100);
        let line = contact_received(ReferralSource::Police, "PC Jones", "", &long);
        assert!(line.ends_with('…'));
        assert!(line.chars().count() < 240);
    }
}
