//! Allocations: a manager in the child's line allocates a worker, transfers the child to
//! another worker or team, or ends the allocation; each change carries the SSDA903 reason for
//! social worker change. A child with no allocation waits in a team's unallocated list (the
//! recorder's team when new, the allocated team when an allocation ends), and its managers see
//! the list on their home page. Reviewing officers see the children they review.

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::allocations::{AllocationChange, AllocationEnd, ChangeReason};
use journey_domain::caseloads::{CaseCounts, CaseloadPolicy};
use journey_domain::ids::{EventId, PersonId, StaffId, TeamId};
use serde::Serialize;

use crate::{Actor, ChildAccess, StoreResult};

/// One allocation of the child, current or ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllocationPeriod {
    pub worker: StaffId,
    pub worker_name: String,
    pub team: TeamId,
    pub team_name: String,
    pub from: NaiveDate,
    /// Why it started; `None` for allocations made before reasons were recorded.
    pub reason: Option<ChangeReason>,
    pub until: Option<NaiveDate>,
    pub end_reason: Option<ChangeReason>,
}

/// A time the child spent in a team's unallocated list, current or ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnallocatedPeriod {
    pub team: TeamId,
    pub team_name: String,
    pub from: NaiveDate,
    /// The reason of the change that put the child there; `None` for a child just recorded.
    pub reason: Option<ChangeReason>,
    pub until: Option<NaiveDate>,
}

/// Where the child stands today and how they got there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllocationState {
    pub child: PersonId,
    /// The allocation in force today.
    pub current: Option<AllocationPeriod>,
    /// The unallocated list the child is in today, when not allocated.
    pub waiting: Option<UnallocatedPeriod>,
    /// Every allocation, newest first.
    pub allocations: Vec<AllocationPeriod>,
    /// Every time in an unallocated list, newest first.
    pub unallocated: Vec<UnallocatedPeriod>,
}

/// A worker a manager may allocate a child to: in a team of the manager's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkerChoice {
    pub worker: StaffId,
    pub name: String,
    pub team: TeamId,
    pub team_name: String,
    /// Children allocated to the worker today.
    pub caseload: i64,
    /// The same children by the kind of case each is, for weighing against the limit.
    pub counts: CaseCounts,
}

/// A team whose unallocated list a child may be moved to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamChoice {
    pub team: TeamId,
    pub name: String,
}

/// A child in an unallocated list in a manager's line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnallocatedChild {
    pub child: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub team: TeamId,
    pub team_name: String,
    /// In the list since.
    pub since: NaiveDate,
    /// Why the child came to the list; `None` for a child just recorded.
    pub reason: Option<ChangeReason>,
    /// Who recorded the child (`None` when Journey did, in an import).
    pub recorded_by: Option<String>,
    /// The earliest open referral still waiting for the manager's decision.
    pub awaiting_decision_since: Option<NaiveDate>,
    /// Open child in need episodes (referrals not closed).
    pub open_episodes: i64,
    /// Contacts not (yet) made referrals.
    pub contacts: i64,
}

/// A child a reviewing officer reviews today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReviewedChild {
    pub child: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    /// Reviewing the child since.
    pub from: NaiveDate,
    /// The allocated worker and team today, if any.
    pub worker_name: Option<String>,
    pub team_name: Option<String>,
}

#[async_trait]
pub trait Allocations: Send + Sync {
    /// The child's allocations and times unallocated, recorded as a view of the record.
    async fn allocation_state(&self, access: &ChildAccess) -> StoreResult<AllocationState>;
    /// Allocates the child to a worker, or moves them to a team's unallocated list, from the
    /// actor's today. An allocation in force ends the same day with the same reason (a
    /// transfer); an unallocated list the child is in is left. The proof must allow
    /// allocating (a manager in the child's line), a worker must be one of
    /// [`Allocations::allocation_choices`], and a first contact is refused while a worker is
    /// allocated. An allocation that would take the worker over `caseload`'s limit is refused
    /// at `over_limit_reason` unless the change carries the manager's reason, which is kept.
    /// One audit record and one chronology line.
    async fn change_allocation(
        &self,
        access: &ChildAccess,
        change: &AllocationChange,
        caseload: &CaseloadPolicy,
    ) -> StoreResult<EventId>;
    /// Ends the allocation in force today: the child goes back to the allocated team's
    /// unallocated list. Refused at the field when nobody is allocated.
    async fn end_allocation(
        &self,
        access: &ChildAccess,
        end: &AllocationEnd,
    ) -> StoreResult<EventId>;
    /// The workers in the manager's line (their team, or the teams of their service) and every
    /// team, for the allocation forms. Empty for anyone who is not a manager.
    async fn allocation_choices(
        &self,
        manager: StaffId,
        on: NaiveDate,
    ) -> StoreResult<(Vec<WorkerChoice>, Vec<TeamChoice>)>;
    /// The children waiting in the unallocated lists of the actor's line today, longest
    /// waiting first; the list is recorded as seen by the actor (one access record). Empty for
    /// anyone who is not a manager.
    async fn unallocated_children(&self, actor: &Actor) -> StoreResult<Vec<UnallocatedChild>>;
    /// The children the reviewing officer reviews on the day, by name.
    async fn reviewed_children(
        &self,
        officer: StaffId,
        on: NaiveDate,
    ) -> StoreResult<Vec<ReviewedChild>>;
}
