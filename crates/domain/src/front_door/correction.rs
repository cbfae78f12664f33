//! Correcting the manager's decision on a referral. The decision as first recorded is never
//! changed: a correction is its next version, with the reason for it, like a case note's.

use serde::Serialize;

use super::codes::DecisionOption;
use super::rules::ReferralId;
use crate::validation::{FieldErrors, required_text};

const REASONS_CHARS: usize = 5000;
const CORRECTION_REASON_CHARS: usize = 1000;

/// A correction as typed: the decision as it should read, and why it is being corrected.
#[derive(Debug, Clone, Default)]
pub struct DecisionCorrectionInput {
    pub option: String,
    pub reasons: String,
    pub correction_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionCorrection {
    pub referral: ReferralId,
    pub option: DecisionOption,
    pub reasons: String,
    pub correction_reason: String,
}

impl DecisionCorrection {
    pub fn parse(
        input: &DecisionCorrectionInput,
        referral: ReferralId,
    ) -> Result<DecisionCorrection, FieldErrors> {
        let mut errors = FieldErrors::new();
        let option = DecisionOption::from_code(&input.option);
        if option.is_none() {
            errors.add("option", "Select the decision");
        }
        let reasons = required_text(
            &mut errors,
            "reasons",
            "the reasons for the decision",
            &input.reasons,
            REASONS_CHARS,
        );
        let correction_reason = required_text(
            &mut errors,
            "correction_reason",
            "why the decision is being corrected",
            &input.correction_reason,
            CORRECTION_REASON_CHARS,
        );
        match option {
            Some(option) if errors.is_empty() => Ok(DecisionCorrection {
                referral,
                option,
                reasons,
                correction_reason,
            }),
            _ => Err(errors),
        }
    }
}

/// What the store knows, inside the transaction, about the decision being corrected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorrectionFacts {
    /// The decision's current version, if one has been recorded.
    pub current: Option<(DecisionOption, String)>,
    pub episode_closed: bool,
}

/// Whether the correction may be recorded. Only a recorded decision can be corrected, and only
/// while its episode is open: once the episode is closed (and may have been counted in a
/// census return), a change of mind is a new referral, not a rewrite of what was decided. A
/// correction must change something.
pub fn check_correction(
    facts: &CorrectionFacts,
    correction: &DecisionCorrection,
) -> Result<(), FieldErrors> {
    let Some((option, reasons)) = &facts.current else {
        return Err(FieldErrors::single(
            "option",
            "No decision has been recorded on this referral yet: record the decision instead",
        ));
    };
    if facts.episode_closed {
        return Err(FieldErrors::single(
            "option",
            "The episode this referral opened is closed: a decision on a closed episode cannot be corrected",
        ));
    }
    if *option == correction.option && reasons.trim() == correction.reasons.trim() {
        return Err(FieldErrors::single(
            "option",
            "The correction is the same as the current decision: change the decision or its reasons",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(option: &str, reasons: &str, why: &str) -> DecisionCorrectionInput {
        DecisionCorrectionInput {
            option: option.into(),
            reasons: reasons.into(),
            correction_reason: why.into(),
        }
    }

    #[test]
    fn a_correction_needs_a_decision_reasons_and_a_reason_for_correcting() {
        let bad = DecisionCorrection::parse(&input("perhaps", "", " "), ReferralId(1)).unwrap_err();
        assert_eq!(bad.message_for("option"), Some("Select the decision"));
        assert_eq!(
            bad.message_for("reasons"),
            Some("Enter the reasons for the decision")
        );
        assert_eq!(
            bad.message_for("correction_reason"),
            Some("Enter why the decision is being corrected")
        );
        let long = DecisionCorrection::parse(
            &input("assessment", "Needs assessing", &"x".repeat(1001)),
            ReferralId(1),
        )
        .unwrap_err();
        assert!(long.message_for("correction_reason").is_some());
        let ok = DecisionCorrection::parse(
            &input("assessment", " Needs assessing ", "Wrong option chosen"),
            ReferralId(1),
        )
        .unwrap();
        assert_eq!(ok.option, DecisionOption::Assessment);
        assert_eq!(ok.reasons, "Needs assessing");
    }

    #[test]
    fn only_a_recorded_decision_on_an_open_episode_is_corrected_and_only_with_a_change() {
        let correction = DecisionCorrection::parse(
            &input("assessment", "Needs assessing", "Wrong option chosen"),
            ReferralId(1),
        )
        .unwrap();
        let open = CorrectionFacts {
            current: Some((DecisionOption::EarlyHelp, "Needs assessing".into())),
            episode_closed: false,
        };
        assert!(check_correction(&open, &correction).is_ok());
        let undecided = CorrectionFacts {
            current: None,
            ..open.clone()
        };
        assert!(
            check_correction(&undecided, &correction)
                .unwrap_err()
                .message_for("option")
                .unwrap()
                .starts_with("No decision has been recorded")
        );
        let closed = CorrectionFacts {
            episode_closed: true,
            ..open.clone()
        };
        assert!(
            check_correction(&closed, &correction)
                .unwrap_err()
                .message_for("option")
                .unwrap()
                .contains("closed episode cannot be corrected")
        );
        let same = CorrectionFacts {
            current: Some((DecisionOption::Assessment, "Needs assessing".into())),
            episode_closed: false,
        };
        assert!(check_correction(&same, &correction).is_err());
        let new_reasons = CorrectionFacts {
            current: Some((DecisionOption::Assessment, "Needs a look".into())),
            episode_closed: false,
        };
        assert!(check_correction(&new_reasons, &correction).is_ok());
    }
}
