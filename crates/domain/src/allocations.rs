//! Allocating a child to a social worker: where the child goes (a worker, or a team's
//! unallocated list), why the social worker changed, and the rules a change must keep.
//!
//! Nobody is allocated a child automatically: a new child waits in a team's unallocated list
//! until a manager in that team's line allocates a worker. Every allocation, transfer and end
//! carries the SSDA903 return's reason for social worker change, recorded as it happens.

use serde::{Serialize, Serializer};

use crate::ids::{StaffId, TeamId};
use crate::validation::FieldErrors;

/// Why a child's social worker changed: the SSDA903 `SW_REASON` of the SWEpisodes table
/// (collected from 2023-24). The codes are the DfE validator's list (rule SW13STG1); the
/// labels are Journey's plain reading of each code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeReason {
    ManagementDecision,
    FirstContact,
    LeftRole,
    Restructure,
    TeamProcess,
    Absence,
    ChildAsked,
    ParentOrCarerAsked,
    WorkerDied,
    Other,
}

impl ChangeReason {
    pub const ALL: &'static [ChangeReason] = &[
        ChangeReason::ManagementDecision,
        ChangeReason::FirstContact,
        ChangeReason::LeftRole,
        ChangeReason::Restructure,
        ChangeReason::TeamProcess,
        ChangeReason::Absence,
        ChangeReason::ChildAsked,
        ChangeReason::ParentOrCarerAsked,
        ChangeReason::WorkerDied,
        ChangeReason::Other,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ChangeReason::ManagementDecision => "MANAGE",
            ChangeReason::FirstContact => "FCONTA",
            ChangeReason::LeftRole => "LEFTRL",
            ChangeReason::Restructure => "ORGRST",
            ChangeReason::TeamProcess => "TSPROC",
            ChangeReason::Absence => "ABSENC",
            ChangeReason::ChildAsked => "CHCHAN",
            ChangeReason::ParentOrCarerAsked => "PCCHAN",
            ChangeReason::WorkerDied => "SWDIED",
            ChangeReason::Other => "OTHERS",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ChangeReason::ManagementDecision => {
                "Management decision (for example, to balance caseloads)"
            }
            ChangeReason::FirstContact => "First contact: the child's first social worker",
            ChangeReason::LeftRole => "The social worker left the role",
            ChangeReason::Restructure => "Organisational restructure",
            ChangeReason::TeamProcess => {
                "Moved between teams as the local process sets out (for example, from assessment to long-term)"
            }
            ChangeReason::Absence => "The social worker is absent (for example, sickness or leave)",
            ChangeReason::ChildAsked => "The child asked for a change",
            ChangeReason::ParentOrCarerAsked => "A parent or carer asked for a change",
            ChangeReason::WorkerDied => "The social worker died",
            ChangeReason::Other => "Other",
        }
    }

    /// The member with this code, ignoring surrounding spaces and case.
    pub fn from_code(code: &str) -> Option<ChangeReason> {
        let code = code.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|r| r.code().eq_ignore_ascii_case(code))
    }
}

impl Serialize for ChangeReason {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

/// Where a change of allocation sends the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destination {
    /// Allocated to this worker, in the worker's own team.
    Worker(StaffId),
    /// Into this team's unallocated list, for its manager to allocate.
    Team(TeamId),
}

/// A change of allocation as typed: ids as numbers (or nothing), the reason as its code.
#[derive(Debug, Clone, Default)]
pub struct AllocationInput {
    pub worker: Option<i64>,
    pub team: Option<i64>,
    pub reason: String,
    /// Why the worker is allocated over the caseload limit, when they would be.
    pub over_limit_reason: String,
}

/// A change of allocation that has passed the checks that need no records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationChange {
    pub to: Destination,
    pub reason: ChangeReason,
    /// The manager's reason for allocating over the worker's caseload limit; asked for (and
    /// kept) only when the allocation would take the worker over it.
    pub over_limit_reason: Option<String>,
}

impl AllocationChange {
    /// A change with no over-limit reason given.
    pub fn new(to: Destination, reason: ChangeReason) -> AllocationChange {
        AllocationChange {
            to,
            reason,
            over_limit_reason: None,
        }
    }
}

impl AllocationChange {
    /// Reads the input: exactly one of a worker or a team, and a known reason. A move to a
    /// team's list is never a first contact (that reason is for the child's first worker).
    pub fn parse(input: &AllocationInput) -> Result<AllocationChange, FieldErrors> {
        let mut errors = FieldErrors::new();
        let to = match (input.worker, input.team) {
            (Some(worker), None) => Some(Destination::Worker(StaffId(worker))),
            (None, Some(team)) => Some(Destination::Team(TeamId(team))),
            (Some(_), Some(_)) => {
                errors.add("worker_id", "Choose a worker or a team, not both");
                None
            }
            (None, None) => {
                errors.add("worker_id", "Choose who to allocate the child to");
                None
            }
        };
        let reason = parse_reason(&mut errors, &input.reason);
        if let (Some(Destination::Team(_)), Some(ChangeReason::FirstContact)) = (to, reason) {
            errors.add("reason", FIRST_CONTACT_ONLY);
        }
        match (to, reason) {
            (Some(to), Some(reason)) if errors.is_empty() => Ok(AllocationChange {
                to,
                reason,
                over_limit_reason: Some(input.over_limit_reason.trim().to_owned())
                    .filter(|typed| !typed.is_empty()),
            }),
            _ => Err(errors),
        }
    }
}

/// Ending an allocation as typed: the reason's code.
#[derive(Debug, Clone, Default)]
pub struct EndInput {
    pub reason: String,
}

/// Ending the child's allocation, for this reason: the child goes back to the allocated
/// team's unallocated list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AllocationEnd {
    pub reason: ChangeReason,
}

impl AllocationEnd {
    pub fn parse(input: &EndInput) -> Result<AllocationEnd, FieldErrors> {
        let mut errors = FieldErrors::new();
        let reason = parse_reason(&mut errors, &input.reason);
        if reason == Some(ChangeReason::FirstContact) {
            errors.add("reason", FIRST_CONTACT_ONLY);
        }
        match reason {
            Some(reason) if errors.is_empty() => Ok(AllocationEnd { reason }),
            _ => Err(errors),
        }
    }
}

/// The message for a first contact given where a worker is already allocated or none is
/// being allocated (SSDA903 rule SW10bSTG2 refuses a first contact while an episode is open).
pub const FIRST_CONTACT_ONLY: &str =
    "First contact is only for allocating a child who has no social worker: choose another reason";

fn parse_reason(errors: &mut FieldErrors, code: &str) -> Option<ChangeReason> {
    if code.trim().is_empty() {
        errors.add("reason", "Select the reason for the change");
        return None;
    }
    let reason = ChangeReason::from_code(code);
    if reason.is_none() {
        errors.add("reason", "Select a reason from the list");
    }
    reason
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_the_ssda903_list_in_order() {
        let codes: Vec<_> = ChangeReason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(
            codes,
            [
                "MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN",
                "SWDIED", "OTHERS"
            ]
        );
        for reason in ChangeReason::ALL {
            assert_eq!(ChangeReason::from_code(reason.code()), Some(*reason));
        }
        assert_eq!(
            ChangeReason::from_code(" leftrl "),
            Some(ChangeReason::LeftRole)
        );
        assert_eq!(ChangeReason::from_code("OTHER"), None);
    }

    fn input(worker: Option<i64>, team: Option<i64>, reason: &str) -> AllocationInput {
        AllocationInput {
            worker,
            team,
            reason: reason.into(),
            over_limit_reason: String::new(),
        }
    }

    #[test]
    fn a_change_goes_to_one_worker_or_one_team_with_a_known_reason() {
        assert_eq!(
            AllocationChange::parse(&input(Some(4), None, "FCONTA")),
            Ok(AllocationChange::new(
                Destination::Worker(StaffId(4)),
                ChangeReason::FirstContact
            ))
        );
        assert_eq!(
            AllocationChange::parse(&input(None, Some(2), "TSPROC")),
            Ok(AllocationChange::new(
                Destination::Team(TeamId(2)),
                ChangeReason::TeamProcess
            ))
        );
        let mut confirmed = input(Some(4), None, "MANAGE");
        confirmed.over_limit_reason = "  covering leave  ".into();
        assert_eq!(
            AllocationChange::parse(&confirmed).map(|c| c.over_limit_reason),
            Ok(Some("covering leave".to_owned()))
        );
        let both = AllocationChange::parse(&input(Some(4), Some(2), "")).unwrap_err();
        assert_eq!(
            both.message_for("worker_id"),
            Some("Choose a worker or a team, not both")
        );
        assert_eq!(
            both.message_for("reason"),
            Some("Select the reason for the change")
        );
        let neither = AllocationChange::parse(&input(None, None, "NOPE")).unwrap_err();
        assert_eq!(
            neither.message_for("worker_id"),
            Some("Choose who to allocate the child to")
        );
        assert_eq!(
            neither.message_for("reason"),
            Some("Select a reason from the list")
        );
    }

    #[test]
    fn first_contact_is_never_a_move_to_a_list_or_an_end() {
        let moved = AllocationChange::parse(&input(None, Some(2), "FCONTA")).unwrap_err();
        assert_eq!(moved.message_for("reason"), Some(FIRST_CONTACT_ONLY));
        let ended = AllocationEnd::parse(&EndInput {
            reason: "FCONTA".into(),
        })
        .unwrap_err();
        assert_eq!(ended.message_for("reason"), Some(FIRST_CONTACT_ONLY));
        assert_eq!(
            AllocationEnd::parse(&EndInput {
                reason: "LEFTRL".into()
            }),
            Ok(AllocationEnd {
                reason: ChangeReason::LeftRole
            })
        );
    }
}
