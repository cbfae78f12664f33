//! Child protection: strategy discussions, section 47 enquiries, initial conferences, plans
//! and core groups. Each step is one write: the gate asked again inside the transaction
//! (refused with [`StoreError::OutOfOrder`](crate::StoreError::OutOfOrder), saying which step
//! is missing), the change, and the event's audit record and chronology line, dated when the
//! step happened.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::child_protection::{
    AbuseCategory, Attendee, MeetingKind, NewConference, NewConferenceRequest, NewCoreGroup,
    NewEnquiry, NewOutcome, NewStrategyDiscussion, Pathway, PlanEnd,
};
use journey_domain::ids::{EventId, PersonId};
use serde::Serialize;

use crate::{Actor, ChildAccess, StoreResult};

/// A meeting as the record shows it, with what it decided for this child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingRecord {
    pub id: i64,
    pub kind: MeetingKind,
    pub held_at: DateTime<Utc>,
    pub place: String,
    pub chair: String,
    /// The information shared, or what a core group reviewed and agreed.
    pub information: String,
    pub inquorate_reason: Option<String>,
    pub attendees: Vec<Attendee>,
    /// The decision's code for this child (`held` for a core group).
    pub decision: String,
    pub reasons: String,
    pub category: Option<AbuseCategory>,
    pub recorded_by: String,
}

/// Everything recorded about the child's protection: the steps in order, and the meetings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildProtectionRecord {
    pub child: PersonId,
    pub pathway: Pathway,
    /// Newest first.
    pub meetings: Vec<MeetingRecord>,
}

/// A child in a worker's or a manager's work tray: the child, who holds them, and their
/// steps (the web layer works out what is due with the timescale engine).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrayChild {
    pub child: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub worker_name: Option<String>,
    pub team_name: Option<String>,
    pub pathway: Pathway,
}

#[async_trait]
pub trait ChildProtection: Send + Sync {
    /// The child's steps and meetings, recorded as a view of the record.
    async fn child_protection(&self, access: &ChildAccess) -> StoreResult<ChildProtectionRecord>;
    /// The steps alone, for a gate's page (no access record of its own: the page records
    /// the view).
    async fn pathway(&self, access: &ChildAccess) -> StoreResult<Pathway>;
    async fn record_strategy_discussion(
        &self,
        access: &ChildAccess,
        discussion: &NewStrategyDiscussion,
    ) -> StoreResult<EventId>;
    async fn start_enquiry(
        &self,
        access: &ChildAccess,
        enquiry: &NewEnquiry,
    ) -> StoreResult<EventId>;
    async fn record_enquiry_outcome(
        &self,
        access: &ChildAccess,
        outcome: &NewOutcome,
    ) -> StoreResult<EventId>;
    async fn request_conference(
        &self,
        access: &ChildAccess,
        request: &NewConferenceRequest,
    ) -> StoreResult<EventId>;
    /// The conference requested is found not to be needed, with the reason.
    async fn conference_not_required(
        &self,
        access: &ChildAccess,
        reason: &str,
    ) -> StoreResult<EventId>;
    /// The initial conference; a decision to make a plan starts the plan in the same write.
    async fn record_conference(
        &self,
        access: &ChildAccess,
        conference: &NewConference,
    ) -> StoreResult<EventId>;
    async fn record_core_group(
        &self,
        access: &ChildAccess,
        group: &NewCoreGroup,
    ) -> StoreResult<EventId>;
    async fn end_plan(&self, access: &ChildAccess, end: &PlanEnd) -> StoreResult<EventId>;
    /// The children with child protection work open (a strategy discussion's enquiry not
    /// started, an enquiry, a conference requested or a plan) whom the actor holds: allocated to them, or, for a manager, allocated in their
    /// line. Recorded as one list shown to the actor, even when empty. Ordered by name.
    async fn child_protection_tray(
        &self,
        actor: &Actor,
        on: NaiveDate,
    ) -> StoreResult<Vec<TrayChild>>;
}
