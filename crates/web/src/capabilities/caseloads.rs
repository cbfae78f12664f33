//! Caseloads: each member of staff's holdings weighed with the authority's policy, as the
//! pages and the API both show them. Workers are measured in weighted cases against the worker
//! thresholds; reviewing officers (and chairs) in children against theirs.

use journey_domain::caseloads::{CaseKind, CaseloadPolicy, Weighted};
use journey_domain::staff::Role;
use journey_domain::timescales::{CaseloadLevel, CaseloadThresholds};
use journey_store::caseloads::StaffCaseload;

/// How many months back a caseload's trend goes (then today).
pub const TREND_MONTHS: u32 = 12;

/// One member of staff's caseload, weighed.
#[derive(Debug, Clone, Copy)]
pub struct Weighed<'a> {
    pub held: &'a StaffCaseload,
    /// Weighted cases for a worker; children for a reviewing officer.
    pub load: Weighted,
    pub thresholds: CaseloadThresholds,
    pub level: CaseloadLevel,
}

impl Weighed<'_> {
    pub fn is_reviewing_officer(&self) -> bool {
        self.held.role == Role::ReviewingOfficer
    }

    /// What `load` counts, in words.
    pub fn measured_in(&self) -> &'static str {
        if self.is_reviewing_officer() {
            "children"
        } else {
            "weighted cases"
        }
    }
}

pub fn weigh<'a>(policy: &CaseloadPolicy, held: &'a StaffCaseload) -> Weighed<'a> {
    if held.role == Role::ReviewingOfficer {
        let children = held.counts.children();
        return Weighed {
            held,
            load: Weighted::cases(children),
            thresholds: policy.reviewing_officer,
            level: policy.reviewing_officer.assess(children),
        };
    }
    let load = policy.weigh(&held.counts);
    Weighed {
        held,
        load,
        thresholds: policy.worker,
        level: policy.worker_level(load),
    }
}

/// The level as a code, for the API and the pages' tags.
pub fn level_code(level: CaseloadLevel) -> &'static str {
    match level {
        CaseloadLevel::Manageable => "manageable",
        CaseloadLevel::High => "high",
        CaseloadLevel::AtLimit => "at-limit",
    }
}

/// The level in words.
pub fn level_label(level: CaseloadLevel) -> &'static str {
    match level {
        CaseloadLevel::Manageable => "Below the warning level",
        CaseloadLevel::High => "High",
        CaseloadLevel::AtLimit => "At or over the limit",
    }
}

/// The kinds Journey records today, in the order the pages show them.
pub fn recorded_kinds() -> impl Iterator<Item = CaseKind> {
    CaseKind::ALL.into_iter().filter(|kind| kind.is_recorded())
}

#[cfg(test)]
mod tests {
    use journey_domain::caseloads::CaseCounts;
    use journey_domain::ids::{StaffId, TeamId};

    use super::*;

    fn held(role: Role, counts: CaseCounts) -> StaffCaseload {
        StaffCaseload {
            staff: StaffId(1),
            name: "Sam".into(),
            role,
            team: TeamId(1),
            team_name: "Team".into(),
            counts,
        }
    }

    #[test]
    fn workers_are_weighed_and_reviewing_officers_counted() {
        let policy = CaseloadPolicy::DEFAULT;
        let counts = CaseCounts {
            child_protection_plan: 10,
            child_in_need: 11,
            ..CaseCounts::default()
        };
        let worker = held(Role::SocialWorker, counts);
        let weighed = weigh(&policy, &worker);
        assert_eq!(weighed.load, Weighted(260));
        assert_eq!(weighed.level, CaseloadLevel::AtLimit);
        assert_eq!(weighed.measured_in(), "weighted cases");
        let officer = held(Role::ReviewingOfficer, counts);
        let weighed = weigh(&policy, &officer);
        // 21 children, below the reviewing officers' 50.
        assert_eq!(weighed.load, Weighted::cases(21));
        assert_eq!(weighed.level, CaseloadLevel::Manageable);
        assert_eq!(weighed.measured_in(), "children");
    }
}
