//! Staff roles and the team hierarchy's vocabulary.

use serde::{Deserialize, Serialize};

/// What a member of staff does. Stored by its code; shown by its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    SocialWorker,
    SeniorSocialWorker,
    TeamManager,
    ServiceManager,
    /// Independent reviewing officer, who also chairs child protection conferences.
    ReviewingOfficer,
    BusinessSupport,
    Auditor,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::SocialWorker,
        Role::SeniorSocialWorker,
        Role::TeamManager,
        Role::ServiceManager,
        Role::ReviewingOfficer,
        Role::BusinessSupport,
        Role::Auditor,
        Role::Administrator,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::SocialWorker => "social_worker",
            Role::SeniorSocialWorker => "senior_social_worker",
            Role::TeamManager => "team_manager",
            Role::ServiceManager => "service_manager",
            Role::ReviewingOfficer => "reviewing_officer",
            Role::BusinessSupport => "business_support",
            Role::Auditor => "auditor",
            Role::Administrator => "administrator",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::SocialWorker => "Social worker",
            Role::SeniorSocialWorker => "Senior social worker",
            Role::TeamManager => "Team manager",
            Role::ServiceManager => "Service manager",
            Role::ReviewingOfficer => "Independent reviewing officer / CP chair",
            Role::BusinessSupport => "Business support",
            Role::Auditor => "Auditor",
            Role::Administrator => "Administrator",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Managers see the staff in their line and the children allocated to them.
    pub fn is_manager(self) -> bool {
        matches!(self, Role::TeamManager | Role::ServiceManager)
    }

    /// Roles that can hold a child's allocation as the allocated worker.
    pub fn can_be_allocated(self) -> bool {
        matches!(
            self,
            Role::SocialWorker | Role::SeniorSocialWorker | Role::TeamManager
        )
    }
}

/// A node in the authority's structure: a service holds teams.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamKind {
    Service,
    Team,
}

impl TeamKind {
    pub fn code(self) -> &'static str {
        match self {
            TeamKind::Service => "service",
            TeamKind::Team => "team",
        }
    }

    pub fn from_code(code: &str) -> Option<TeamKind> {
        match code {
            "service" => Some(TeamKind::Service),
            "team" => Some(TeamKind::Team),
            _ => None,
        }
    }
}

/// What a team does, set by the administrator. Front-door and duty teams screen contacts about
/// any child, so their members may open a record that is not restricted to do it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TeamFunction {
    FrontDoor,
    Duty,
    Assessment,
    ChildInNeed,
    ChildProtection,
    LookedAfter,
    LeavingCare,
    Reviewing,
    BusinessSupport,
}

impl TeamFunction {
    pub const ALL: [TeamFunction; 9] = [
        TeamFunction::FrontDoor,
        TeamFunction::Duty,
        TeamFunction::Assessment,
        TeamFunction::ChildInNeed,
        TeamFunction::ChildProtection,
        TeamFunction::LookedAfter,
        TeamFunction::LeavingCare,
        TeamFunction::Reviewing,
        TeamFunction::BusinessSupport,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TeamFunction::FrontDoor => "front_door",
            TeamFunction::Duty => "duty",
            TeamFunction::Assessment => "assessment",
            TeamFunction::ChildInNeed => "child_in_need",
            TeamFunction::ChildProtection => "child_protection",
            TeamFunction::LookedAfter => "looked_after",
            TeamFunction::LeavingCare => "leaving_care",
            TeamFunction::Reviewing => "reviewing",
            TeamFunction::BusinessSupport => "business_support",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TeamFunction::FrontDoor => "Front door",
            TeamFunction::Duty => "Duty",
            TeamFunction::Assessment => "Assessment",
            TeamFunction::ChildInNeed => "Children in need",
            TeamFunction::ChildProtection => "Child protection",
            TeamFunction::LookedAfter => "Children looked after",
            TeamFunction::LeavingCare => "Leaving care",
            TeamFunction::Reviewing => "Independent reviewing",
            TeamFunction::BusinessSupport => "Business support",
        }
    }

    pub fn from_code(code: &str) -> Option<TeamFunction> {
        TeamFunction::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Whether the team's members screen contacts about any child (the front door and duty).
    pub fn screens_contacts(self) -> bool {
        matches!(self, TeamFunction::FrontDoor | TeamFunction::Duty)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_code_round_trips_and_is_unique() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        let mut codes: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Role::ALL.len());
        assert_eq!(Role::from_code("superuser"), None);
    }

    #[test]
    fn every_team_function_code_round_trips_and_only_front_door_and_duty_screen() {
        for function in TeamFunction::ALL {
            assert_eq!(TeamFunction::from_code(function.code()), Some(function));
        }
        let screening: Vec<_> = TeamFunction::ALL
            .into_iter()
            .filter(|f| f.screens_contacts())
            .collect();
        assert_eq!(screening, [TeamFunction::FrontDoor, TeamFunction::Duty]);
        assert_eq!(TeamFunction::from_code("team"), None);
    }
}
