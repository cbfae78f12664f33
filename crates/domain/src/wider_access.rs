//! Opening a record beyond one's relationships (break-glass) and closing one further
//! (restriction): what a member of staff types for each, read field by field.

use serde::{Deserialize, Serialize};

use crate::validation::{FieldErrors, required_text};

/// The longest reason for opening a record without a working relationship.
pub const REASON_MAX: usize = 500;

/// A reason for opening a record without a working relationship, and the manager who approved
/// it where the record needs one (a restricted record).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BreakGlassRequest {
    pub reason: String,
    /// The approving manager's staff id, as chosen from the list.
    pub approver: Option<i64>,
}

impl BreakGlassRequest {
    /// Reads the form: a reason is required; an approver, if chosen, must be a number from the
    /// list (whether they may approve is the store's to check).
    pub fn parse(reason: &str, approver: &str) -> Result<BreakGlassRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let reason = required_text(
            &mut errors,
            "reason",
            "why you need to open this record",
            reason,
            REASON_MAX,
        );
        let approver = match approver.trim() {
            "" => None,
            id => match id.parse::<i64>() {
                Ok(id) => Some(id),
                Err(_) => {
                    errors.add(
                        "approver",
                        "Choose the manager who approved this from the list",
                    );
                    None
                }
            },
        };
        errors.into_result(BreakGlassRequest { reason, approver })
    }
}

/// Why a manager restricted a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionReason {
    /// An adopted child's earlier identity.
    EarlierIdentity,
    /// A relative of a member of staff.
    StaffRelative,
    /// A case known to the public or the press.
    HighProfile,
}

impl RestrictionReason {
    pub const ALL: [RestrictionReason; 3] = [
        RestrictionReason::EarlierIdentity,
        RestrictionReason::StaffRelative,
        RestrictionReason::HighProfile,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RestrictionReason::EarlierIdentity => "earlier_identity",
            RestrictionReason::StaffRelative => "staff_relative",
            RestrictionReason::HighProfile => "high_profile",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RestrictionReason::EarlierIdentity => "An adopted child's earlier identity",
            RestrictionReason::StaffRelative => "A relative of a member of staff",
            RestrictionReason::HighProfile => "A high-profile case",
        }
    }

    pub fn from_code(code: &str) -> Option<RestrictionReason> {
        RestrictionReason::ALL
            .into_iter()
            .find(|r| r.code() == code)
    }

    /// Reads the form's choice.
    pub fn parse(code: &str) -> Result<RestrictionReason, FieldErrors> {
        RestrictionReason::from_code(code.trim()).ok_or_else(|| {
            FieldErrors::single("reason", "Choose why the record is to be restricted")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_is_required_and_an_approver_must_be_from_the_list() {
        let ok = BreakGlassRequest::parse("  Checking a sibling's plan  ", "").unwrap();
        assert_eq!(ok.reason, "Checking a sibling's plan");
        assert_eq!(ok.approver, None);
        assert_eq!(
            BreakGlassRequest::parse("x", "12").map(|r| r.approver),
            Ok(Some(12))
        );
        let errors = BreakGlassRequest::parse("   ", "someone").unwrap_err();
        assert_eq!(
            errors.message_for("reason"),
            Some("Enter why you need to open this record")
        );
        assert!(errors.message_for("approver").is_some());
        let long = "a".repeat(REASON_MAX + 1);
        assert!(BreakGlassRequest::parse(&long, "").is_err());
    }

    #[test]
    fn restriction_reasons_round_trip_and_an_unknown_one_is_refused_at_the_field() {
        for reason in RestrictionReason::ALL {
            assert_eq!(RestrictionReason::parse(reason.code()), Ok(reason));
        }
        assert_eq!(
            RestrictionReason::parse("")
                .unwrap_err()
                .message_for("reason"),
            Some("Choose why the record is to be restricted")
        );
    }
}
