//! Need-to-know access to a child's record: one table, read by every request.
//!
//! A member of staff may act on a child's record only through a *relationship* to that child
//! (allocated worker, manager in the allocated team's line, the child's reviewing officer) or,
//! for auditors, through their authority-wide read-only role. The relationship used is written
//! into every access and audit record, so "why could this person see this?" always has an answer.

use serde::{Deserialize, Serialize};

use crate::staff::Role;

/// How a member of staff is connected to a particular child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Relationship {
    /// Holds an open allocation of the child.
    AllocatedWorker,
    /// Manages the team the child is allocated to, or a service above that team.
    LineManager,
    /// The child's independent reviewing officer or child protection chair.
    ReviewingOfficer,
    /// Auditors read every record, and only read. Comes from the role, not from the child.
    Auditor,
    /// Recorded the child, who has never been allocated: the recorder keeps the record until
    /// someone is allocated, so a child recorded at the front door is never left unreachable.
    Recorder,
    /// A member of a front-door or duty team, screening a contact: any record that is not
    /// restricted. Every opening through it records the reason, "Screening a contact".
    Screening,
    /// Opened without a working relationship, giving a reason (break-glass): for the rest of
    /// the day it was given, recorded with that reason and reviewed by two managers.
    BreakGlass,
}

impl Relationship {
    pub fn code(self) -> &'static str {
        match self {
            Relationship::AllocatedWorker => "allocated_worker",
            Relationship::LineManager => "line_manager",
            Relationship::ReviewingOfficer => "reviewing_officer",
            Relationship::Auditor => "auditor",
            Relationship::Recorder => "recorder",
            Relationship::Screening => "screening",
            Relationship::BreakGlass => "break_glass",
        }
    }

    pub fn from_code(code: &str) -> Option<Relationship> {
        [
            Relationship::AllocatedWorker,
            Relationship::LineManager,
            Relationship::ReviewingOfficer,
            Relationship::Auditor,
            Relationship::Recorder,
            Relationship::Screening,
            Relationship::BreakGlass,
        ]
        .into_iter()
        .find(|r| r.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            Relationship::AllocatedWorker => "Allocated worker",
            Relationship::LineManager => "Manager of the allocated team",
            Relationship::ReviewingOfficer => "Reviewing officer / CP chair",
            Relationship::Auditor => "Auditor (read only)",
            Relationship::Recorder => "Recorded the child (not yet allocated)",
            Relationship::Screening => "Front door or duty team",
            Relationship::BreakGlass => "No working relationship (gave a reason)",
        }
    }

    /// The reason written into every access record made through this relationship, where the
    /// relationship itself is the reason.
    pub fn standing_reason(self) -> Option<&'static str> {
        match self {
            Relationship::Screening => Some(SCREENING_REASON),
            _ => None,
        }
    }
}

/// The reason recorded for every opening through the front door or duty team's access.
pub const SCREENING_REASON: &str = "Screening a contact";

/// Something done to one child's record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Open the record: summary, people, chronology.
    ViewRecord,
    /// Add to the record: a case note, a chronology entry, a change of details.
    AddToRecord,
    /// See who has viewed the record.
    ViewAccessLog,
    /// Allocate the child to a worker and team, or end an allocation.
    Allocate,
    /// Merge two records of the same child, or undo a merge: managers of the child's line only.
    MergeRecords,
    /// Record a contact about the child: everyone who may add to the record, and the front
    /// door and duty teams screening it.
    RecordContact,
    /// Restrict the record, or lift its restriction: managers of the child's line only.
    RestrictRecord,
}

impl Action {
    pub const ALL: [Action; 7] = [
        Action::ViewRecord,
        Action::AddToRecord,
        Action::ViewAccessLog,
        Action::Allocate,
        Action::MergeRecords,
        Action::RecordContact,
        Action::RestrictRecord,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Action::ViewRecord => "view_record",
            Action::AddToRecord => "add_to_record",
            Action::ViewAccessLog => "view_access_log",
            Action::Allocate => "allocate",
            Action::MergeRecords => "merge_records",
            Action::RecordContact => "record_contact",
            Action::RestrictRecord => "restrict_record",
        }
    }
}

use Action::*;
use Relationship::*;

/// The access policy. A row grants a role, through a relationship, the listed actions.
/// Anything not granted here is refused. Administrators have no rows: they manage accounts but
/// never read case content. Business support reach a record only as its recorder; later they
/// reach others through the meetings they minute, a relationship of its own.
pub const POLICY: &[(Role, Relationship, &[Action])] = &[
    (
        Role::SocialWorker,
        AllocatedWorker,
        &[ViewRecord, AddToRecord, RecordContact],
    ),
    (
        Role::SeniorSocialWorker,
        AllocatedWorker,
        &[ViewRecord, AddToRecord, RecordContact],
    ),
    (
        Role::TeamManager,
        AllocatedWorker,
        &[ViewRecord, AddToRecord, RecordContact],
    ),
    (
        Role::TeamManager,
        LineManager,
        &[
            ViewRecord,
            AddToRecord,
            RecordContact,
            ViewAccessLog,
            Allocate,
            MergeRecords,
            RestrictRecord,
        ],
    ),
    (
        Role::ServiceManager,
        LineManager,
        &[
            ViewRecord,
            AddToRecord,
            RecordContact,
            ViewAccessLog,
            Allocate,
            MergeRecords,
            RestrictRecord,
        ],
    ),
    (
        Role::ReviewingOfficer,
        ReviewingOfficer,
        &[ViewRecord, AddToRecord, RecordContact],
    ),
    (Role::Auditor, Auditor, &[ViewRecord, ViewAccessLog]),
    // Whoever records a child keeps the record until it is first allocated (then the
    // allocation decides): every role that may record people, business support included.
    (
        Role::SocialWorker,
        Recorder,
        &[ViewRecord, AddToRecord, RecordContact],
    ),
    (
        Role::SeniorSocialWorker,
        Recorder,
        &[ViewRecord, AddToRecord, RecordContact],
    ),
    (
        Role::TeamManager,
        Recorder,
        &[ViewRecord, AddToRecord, RecordContact],
    ),
    (
        Role::ServiceManager,
        Recorder,
        &[ViewRecord, AddToRecord, RecordContact],
    ),
    (
        Role::ReviewingOfficer,
        Recorder,
        &[ViewRecord, AddToRecord, RecordContact],
    ),
    (
        Role::BusinessSupport,
        Recorder,
        &[ViewRecord, AddToRecord, RecordContact],
    ),
    // The front door and duty teams open any record that is not restricted to screen a
    // contact, and record the contact; nothing else.
    (Role::SocialWorker, Screening, &[ViewRecord, RecordContact]),
    (
        Role::SeniorSocialWorker,
        Screening,
        &[ViewRecord, RecordContact],
    ),
    (Role::TeamManager, Screening, &[ViewRecord, RecordContact]),
    (
        Role::BusinessSupport,
        Screening,
        &[ViewRecord, RecordContact],
    ),
    // Break-glass opens a record to read it, nothing more.
    (Role::SocialWorker, BreakGlass, &[ViewRecord]),
    (Role::SeniorSocialWorker, BreakGlass, &[ViewRecord]),
    (Role::TeamManager, BreakGlass, &[ViewRecord]),
    (Role::ServiceManager, BreakGlass, &[ViewRecord]),
    (Role::ReviewingOfficer, BreakGlass, &[ViewRecord]),
    (Role::BusinessSupport, BreakGlass, &[ViewRecord]),
];

/// Whether a role may open a record it has no relationship with by giving a reason. Not
/// administrators, who never read case content; not auditors, who read every record already.
pub fn may_break_glass(role: Role) -> bool {
    POLICY
        .iter()
        .any(|(r, rel, actions)| *r == role && *rel == BreakGlass && actions.contains(&ViewRecord))
}

/// Authority-wide abilities that do not concern one child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    /// Search the index of people (names, dates of birth, identifiers; no case content).
    /// Everyone who works with children needs it to avoid creating duplicates.
    SearchPeople,
    /// Record a new child or person (the front door).
    RegisterPeople,
    /// Create, disable and change staff accounts.
    ManageAccounts,
    /// Read the access records that concern no one child's record: searches, lists of
    /// children and refused attempts at these abilities.
    ReadAccessRecords,
    /// See the caseloads of the staff in the teams one manages (counts, and who holds whom).
    ViewCaseloads,
}

impl Capability {
    pub const ALL: [Capability; 5] = [
        Capability::SearchPeople,
        Capability::RegisterPeople,
        Capability::ManageAccounts,
        Capability::ReadAccessRecords,
        Capability::ViewCaseloads,
    ];

    /// As a refusal's access record stores it (distinct from every [`Action`] code).
    pub fn code(self) -> &'static str {
        match self {
            Capability::SearchPeople => "search_people",
            Capability::RegisterPeople => "register_people",
            Capability::ManageAccounts => "manage_accounts",
            Capability::ReadAccessRecords => "read_access_records",
            Capability::ViewCaseloads => "view_caseloads",
        }
    }

    pub fn from_code(code: &str) -> Option<Capability> {
        Capability::ALL.into_iter().find(|c| c.code() == code)
    }

    /// What was attempted, in words, for the auditor's list of refusals.
    pub fn label(self) -> &'static str {
        match self {
            Capability::SearchPeople => "Search for people",
            Capability::RegisterPeople => "Record a new child",
            Capability::ManageAccounts => "Manage staff and teams",
            Capability::ReadAccessRecords => "Read searches, lists and refusals",
            Capability::ViewCaseloads => "See the caseloads of the teams they manage",
        }
    }
}

pub fn has_capability(role: Role, capability: Capability) -> bool {
    match capability {
        Capability::SearchPeople => role != Role::Administrator,
        Capability::RegisterPeople => !matches!(role, Role::Administrator | Role::Auditor),
        Capability::ManageAccounts => role == Role::Administrator,
        Capability::ReadAccessRecords => role == Role::Auditor,
        Capability::ViewCaseloads => role.is_manager(),
    }
}

/// Why an action on a child's record was refused. Deliberately says nothing about the child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("you do not have a working relationship with this child that allows this")]
pub struct Refused;

/// Decides whether `role`, holding `relationships` to a child, may take `action`.
/// Returns the relationship that allows it, to be written into the access or audit record.
pub fn decide(
    role: Role,
    relationships: &[Relationship],
    action: Action,
) -> Result<Relationship, Refused> {
    let role_wide = (role == Role::Auditor).then_some(Relationship::Auditor);
    POLICY
        .iter()
        .filter(|(r, _, actions)| *r == role && actions.contains(&action))
        .map(|(_, rel, _)| *rel)
        .find(|rel| relationships.contains(rel) || role_wide == Some(*rel))
        .ok_or(Refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The whole policy, spelt out for every role, relationship and action.
    /// (role, relationship held, action, allowed)
    #[test]
    fn policy_table_for_every_role() {
        let none: &[Relationship] = &[];
        let cases: &[(Role, &[Relationship], Action, bool)] = &[
            // Social workers: only their own allocated children; never the access log.
            (Role::SocialWorker, &[AllocatedWorker], ViewRecord, true),
            (Role::SocialWorker, &[AllocatedWorker], AddToRecord, true),
            (Role::SocialWorker, &[AllocatedWorker], ViewAccessLog, false),
            (Role::SocialWorker, &[AllocatedWorker], Allocate, false),
            (Role::SocialWorker, none, ViewRecord, false),
            (Role::SocialWorker, &[LineManager], ViewRecord, false),
            (Role::SocialWorker, &[ReviewingOfficer], ViewRecord, false),
            (
                Role::SeniorSocialWorker,
                &[AllocatedWorker],
                ViewRecord,
                true,
            ),
            (
                Role::SeniorSocialWorker,
                &[AllocatedWorker],
                Allocate,
                false,
            ),
            (Role::SeniorSocialWorker, none, ViewRecord, false),
            // Team managers: their team's children, and their own allocations.
            (Role::TeamManager, &[LineManager], ViewRecord, true),
            (Role::TeamManager, &[LineManager], ViewAccessLog, true),
            (Role::TeamManager, &[LineManager], Allocate, true),
            (Role::TeamManager, &[AllocatedWorker], ViewRecord, true),
            (Role::TeamManager, &[AllocatedWorker], ViewAccessLog, false),
            (Role::TeamManager, none, ViewRecord, false),
            (Role::ServiceManager, &[LineManager], ViewRecord, true),
            (Role::ServiceManager, &[LineManager], Allocate, true),
            (Role::ServiceManager, none, ViewRecord, false),
            (Role::ServiceManager, &[AllocatedWorker], ViewRecord, false),
            // Merging records: managers of the child's line only, never the allocated worker.
            (Role::TeamManager, &[LineManager], MergeRecords, true),
            (Role::ServiceManager, &[LineManager], MergeRecords, true),
            (Role::TeamManager, &[AllocatedWorker], MergeRecords, false),
            (Role::SocialWorker, &[AllocatedWorker], MergeRecords, false),
            (
                Role::ReviewingOfficer,
                &[ReviewingOfficer],
                MergeRecords,
                false,
            ),
            (Role::Auditor, none, MergeRecords, false),
            // Reviewing officers: the children they review.
            (
                Role::ReviewingOfficer,
                &[ReviewingOfficer],
                ViewRecord,
                true,
            ),
            (
                Role::ReviewingOfficer,
                &[ReviewingOfficer],
                AddToRecord,
                true,
            ),
            (Role::ReviewingOfficer, &[ReviewingOfficer], Allocate, false),
            (Role::ReviewingOfficer, none, ViewRecord, false),
            // Auditors read everything and change nothing.
            (Role::Auditor, none, ViewRecord, true),
            (Role::Auditor, none, ViewAccessLog, true),
            (Role::Auditor, none, AddToRecord, false),
            (Role::Auditor, none, Allocate, false),
            // Administrators and business support never read case content in this policy,
            // whatever relationship a bug might claim for them.
            (
                Role::Administrator,
                &[
                    AllocatedWorker,
                    LineManager,
                    ReviewingOfficer,
                    Relationship::Auditor,
                ],
                ViewRecord,
                false,
            ),
            (
                Role::BusinessSupport,
                &[AllocatedWorker, LineManager, ReviewingOfficer],
                ViewRecord,
                false,
            ),
            (Role::Administrator, &[Recorder], ViewRecord, false),
            (Role::Auditor, &[Recorder], AddToRecord, false),
            // A recorder keeps the record until it is first allocated: reads and adds to it,
            // and nothing a manager does.
            (Role::SocialWorker, &[Recorder], ViewRecord, true),
            (Role::SocialWorker, &[Recorder], AddToRecord, true),
            (Role::SocialWorker, &[Recorder], ViewAccessLog, false),
            (Role::TeamManager, &[Recorder], Allocate, false),
            (Role::TeamManager, &[Recorder], MergeRecords, false),
            (Role::BusinessSupport, &[Recorder], ViewRecord, true),
            (Role::BusinessSupport, &[Recorder], AddToRecord, true),
            (Role::BusinessSupport, &[Recorder], ViewAccessLog, false),
            // Contacts: whoever may add to the record, and the front door screening it.
            (Role::SocialWorker, &[AllocatedWorker], RecordContact, true),
            (Role::Auditor, none, RecordContact, false),
            // The front door and duty teams: open and record a contact, nothing else.
            (Role::SocialWorker, &[Screening], ViewRecord, true),
            (Role::SocialWorker, &[Screening], RecordContact, true),
            (Role::SocialWorker, &[Screening], AddToRecord, false),
            (Role::TeamManager, &[Screening], ViewAccessLog, false),
            (Role::TeamManager, &[Screening], Allocate, false),
            (Role::BusinessSupport, &[Screening], RecordContact, true),
            (Role::Administrator, &[Screening], ViewRecord, false),
            (Role::Auditor, &[Screening], RecordContact, false),
            // Break-glass: read only, never an administrator.
            (Role::SocialWorker, &[BreakGlass], ViewRecord, true),
            (Role::SocialWorker, &[BreakGlass], AddToRecord, false),
            (Role::SocialWorker, &[BreakGlass], RecordContact, false),
            (Role::ServiceManager, &[BreakGlass], ViewAccessLog, false),
            (Role::Administrator, &[BreakGlass], ViewRecord, false),
            // Restricting: managers of the child's line only.
            (Role::TeamManager, &[LineManager], RestrictRecord, true),
            (Role::ServiceManager, &[LineManager], RestrictRecord, true),
            (Role::TeamManager, &[AllocatedWorker], RestrictRecord, false),
            (
                Role::SocialWorker,
                &[AllocatedWorker],
                RestrictRecord,
                false,
            ),
            (Role::Auditor, none, RestrictRecord, false),
        ];
        for (role, rels, action, allowed) in cases {
            assert_eq!(
                decide(*role, rels, *action).is_ok(),
                *allowed,
                "{role:?} with {rels:?} doing {action:?}"
            );
        }
    }

    #[test]
    fn decision_names_the_relationship_used() {
        assert_eq!(
            decide(
                Role::TeamManager,
                &[AllocatedWorker, LineManager],
                ViewAccessLog
            ),
            Ok(LineManager)
        );
        assert_eq!(
            decide(Role::Auditor, &[], ViewRecord),
            Ok(Relationship::Auditor)
        );
    }

    #[test]
    fn nobody_but_auditors_gets_the_auditor_relationship_from_their_role() {
        for role in Role::ALL {
            let got = decide(role, &[], ViewRecord);
            assert_eq!(got.is_ok(), role == Role::Auditor, "{role:?}");
        }
    }

    #[test]
    fn capabilities() {
        for role in Role::ALL {
            assert_eq!(
                has_capability(role, Capability::ManageAccounts),
                role == Role::Administrator
            );
            assert_eq!(
                has_capability(role, Capability::SearchPeople),
                role != Role::Administrator
            );
        }
        assert!(!has_capability(Role::Auditor, Capability::RegisterPeople));
        assert!(has_capability(
            Role::SocialWorker,
            Capability::RegisterPeople
        ));
    }

    #[test]
    fn capability_codes_round_trip_and_never_read_as_an_action() {
        for capability in Capability::ALL {
            assert_eq!(Capability::from_code(capability.code()), Some(capability));
            assert!(Action::ALL.iter().all(|a| a.code() != capability.code()));
        }
        for role in Role::ALL {
            assert_eq!(
                has_capability(role, Capability::ReadAccessRecords),
                role == Role::Auditor
            );
            assert_eq!(
                has_capability(role, Capability::ViewCaseloads),
                matches!(role, Role::TeamManager | Role::ServiceManager)
            );
        }
    }

    #[test]
    fn relationship_codes_round_trip() {
        for rel in [
            AllocatedWorker,
            LineManager,
            ReviewingOfficer,
            Relationship::Auditor,
            Recorder,
            Screening,
            BreakGlass,
        ] {
            assert_eq!(Relationship::from_code(rel.code()), Some(rel));
        }
    }

    #[test]
    fn everyone_but_administrators_and_auditors_may_break_glass() {
        for role in Role::ALL {
            assert_eq!(
                may_break_glass(role),
                !matches!(role, Role::Administrator | Role::Auditor),
                "{role:?}"
            );
        }
    }

    #[test]
    fn only_screening_carries_a_standing_reason() {
        assert_eq!(Screening.standing_reason(), Some("Screening a contact"));
        assert_eq!(BreakGlass.standing_reason(), None);
        assert_eq!(AllocatedWorker.standing_reason(), None);
    }
}
