//! Contacts, referrals, child in need episodes, decisions and closure. (issue 3)
//!
//! Every write is one transaction: the change, its chronology line and its audit record. The
//! rules about when a step is allowed live in `journey_domain::front_door` and are checked by
//! the backends inside that transaction, against what the database holds at that moment.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::front_door::{
    ClosureReason, ContactId, DecisionOption, EpisodeClosure, NewContact, NewDecision, NewReferral,
    PrimaryNeed, ReferralId, ReferralSource,
};
use journey_domain::ids::{EventId, PersonId, StaffId};
use serde::Serialize;

use crate::{ChildAccess, StoreResult};

/// A contact as the record shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Contact {
    pub id: ContactId,
    pub received_at: DateTime<Utc>,
    pub source: ReferralSource,
    pub referrer_name: String,
    pub referrer_role: String,
    pub concerns: String,
    pub recorded_by: String,
    /// The referral it became, if it did.
    pub referral: Option<ReferralId>,
}

/// The manager's decision on a referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub option: DecisionOption,
    pub reasons: String,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

/// A referral and the child in need episode it opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Episode {
    pub referral: ReferralId,
    pub contact: ContactId,
    pub referral_date: NaiveDate,
    pub source: ReferralSource,
    pub primary_need: PrimaryNeed,
    /// Within 12 months of an earlier referral or closure, judged when the referral was made.
    pub re_referral: bool,
    pub decision_due: NaiveDate,
    pub decision: Option<Decision>,
    pub closure_date: Option<NaiveDate>,
    pub closure_reason: Option<ClosureReason>,
}

impl Episode {
    pub fn is_open(&self) -> bool {
        self.closure_date.is_none()
    }
}

/// The child's front door history: contacts and episodes, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct FrontDoorRecord {
    pub contacts: Vec<Contact>,
    pub episodes: Vec<Episode>,
}

/// A referral still waiting for a manager's decision, for the manager's home page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AwaitingDecision {
    pub referral: ReferralId,
    pub child: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub referral_date: NaiveDate,
    pub received_at: DateTime<Utc>,
    pub decision_due: NaiveDate,
    pub re_referral: bool,
    pub team_name: String,
}

#[async_trait]
pub trait FrontDoor: Send + Sync {
    /// Records a contact about the child.
    async fn record_contact(
        &self,
        access: &ChildAccess,
        contact: &NewContact,
    ) -> StoreResult<ContactId>;
    /// Makes a contact a referral and opens the child in need episode, flagging a re-referral.
    /// Refused at the field when the contact is already a referral, the child has an open
    /// episode, or the date is before the child's birth or the contact.
    async fn make_referral(
        &self,
        access: &ChildAccess,
        referral: &NewReferral,
    ) -> StoreResult<ReferralId>;
    /// Records the manager's decision on a referral, once.
    async fn record_decision(
        &self,
        access: &ChildAccess,
        decision: &NewDecision,
    ) -> StoreResult<EventId>;
    /// Closes the episode a referral opened, with the DfE's reason for closure.
    async fn close_episode(
        &self,
        access: &ChildAccess,
        closure: &EpisodeClosure,
    ) -> StoreResult<EventId>;
    /// The child's contacts and episodes, for the record page, whose own access record covers
    /// it. Not itself recorded: never call it alone.
    async fn front_door_record(&self, child: PersonId) -> StoreResult<FrontDoorRecord>;
    /// The same, recorded as a view of the record (for the API).
    async fn open_front_door(&self, access: &ChildAccess) -> StoreResult<FrontDoorRecord>;
    /// Referrals without a decision, of children allocated to a team in the manager's line
    /// on `on`, oldest first. Names and dates only, like a caseload.
    async fn awaiting_decision(
        &self,
        manager: StaffId,
        on: NaiveDate,
    ) -> StoreResult<Vec<AwaitingDecision>>;
}
