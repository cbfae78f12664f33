//! Caseloads: the children each member of staff in a manager's line holds today, by the kind of
//! case each child is, for the manager's caseload page and the allocation forms. A worker holds
//! the children allocated to them; a reviewing officer (who also chairs conferences) the
//! children they review. Weighing the counts is the domain's (`journey_domain::caseloads`),
//! with the authority's weights.

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::caseloads::{CaseCounts, CaseKind};
use journey_domain::ids::{PersonId, StaffId, TeamId};
use journey_domain::staff::Role;
use serde::Serialize;

use crate::{Actor, StoreResult};

/// One member of staff and what they hold today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffCaseload {
    pub staff: StaffId,
    pub name: String,
    pub role: Role,
    pub team: TeamId,
    pub team_name: String,
    pub counts: CaseCounts,
}

/// A child someone holds, with the kind of case the child counts as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldChild {
    pub child: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub kind: CaseKind,
    /// Held since (allocated, or reviewing, from).
    pub since: NaiveDate,
}

#[async_trait]
pub trait Caseloads: Send + Sync {
    /// The workers (social workers, senior social workers, team managers) and reviewing
    /// officers in the teams of the actor's line, with the children each holds on the actor's
    /// today, by team then name. Empty for anyone who is not a team or service manager. Names
    /// no child, so nothing is recorded.
    async fn line_caseloads(&self, actor: &Actor) -> StoreResult<Vec<StaffCaseload>>;
    /// One member of staff of the actor's line and the children they hold, heaviest kind
    /// first; recorded as a list of children shown ("caseload of …"). `NotFound` for anyone
    /// outside the actor's line, as for someone who does not exist.
    async fn held_children(
        &self,
        actor: &Actor,
        staff: StaffId,
    ) -> StoreResult<(StaffCaseload, Vec<HeldChild>)>;
    /// What one member of the actor's line held on each of `days`, by the kind each child
    /// counted as that day (from the allocations', assignments' and plans' own dates). Names
    /// no child. `NotFound` for anyone outside the actor's line.
    async fn caseload_trend(
        &self,
        actor: &Actor,
        staff: StaffId,
        days: &[NaiveDate],
    ) -> StoreResult<Vec<(NaiveDate, CaseCounts)>>;
}
