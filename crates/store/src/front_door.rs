//! Contacts, referrals, child in need episodes, decisions and closure. (issue 3)
//!
//! Every write is one transaction: the change, its chronology line and its audit record. The
//! rules about when a step is allowed live in `journey_domain::front_door` and are checked by
//! the backends inside that transaction, against what the database holds at that moment.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::front_door::{
    ClosureReason, ContactId, DecisionCorrection, DecisionOption, EpisodeClosure, NewContact,
    NewDecision, NewReferral, PrimaryNeed, ReferralId, ReferralSource,
};
use journey_domain::ids::{EventId, PersonId, StaffId};
use serde::Serialize;

use crate::{Actor, ChildAccess, StoreResult};

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

/// The manager's decision on a referral: what it says now (its latest version), who made it
/// and when, and every version oldest first (one unless it has been corrected).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decision {
    pub option: DecisionOption,
    pub reasons: String,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
    pub versions: Vec<DecisionVersion>,
}

impl Decision {
    pub fn is_corrected(&self) -> bool {
        self.versions.len() > 1
    }

    /// The latest version: the current decision.
    pub fn current(&self) -> Option<&DecisionVersion> {
        self.versions.last()
    }
}

/// One version of a decision: version 1 as decided, each later one a correction with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionVersion {
    pub version: i32,
    pub option: DecisionOption,
    pub reasons: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    /// Why it was corrected; `None` for the decision as first recorded.
    pub correction_reason: Option<String>,
}

/// Builds a decision from its versions, oldest first; `None` when there are none.
pub fn decision_from_versions(versions: Vec<DecisionVersion>) -> Option<Decision> {
    let (decided_by, decided_at) = versions
        .first()
        .map(|v| (v.recorded_by.clone(), v.recorded_at))?;
    let (option, reasons) = versions.last().map(|v| (v.option, v.reasons.clone()))?;
    Some(Decision {
        option,
        reasons,
        decided_by,
        decided_at,
        versions,
    })
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
    /// Corrects the decision on a referral: its next version, with the reason, a chronology line
    /// and an audit record in one transaction. The earlier versions stay. Refused at the field
    /// when there is no decision, the episode is closed, or nothing would change.
    async fn correct_decision(
        &self,
        access: &ChildAccess,
        correction: &DecisionCorrection,
    ) -> StoreResult<EventId>;
    /// Closes the episode a referral opened, with the DfE's reason for closure.
    async fn close_episode(
        &self,
        access: &ChildAccess,
        closure: &EpisodeClosure,
    ) -> StoreResult<EventId>;
    /// The child's contacts and episodes, for the record page and the front door's forms. Not
    /// itself recorded: the page that calls it records its own read. It takes the proof, so it
    /// cannot be reached without the policy having allowed the read.
    async fn front_door_record(&self, access: &ChildAccess) -> StoreResult<FrontDoorRecord>;
    /// The same, recorded as a view of the record (for the API).
    async fn open_front_door(&self, access: &ChildAccess) -> StoreResult<FrontDoorRecord>;
    /// Referrals without a decision, of children allocated to a team in the manager's line
    /// on `on`, oldest first. Names and dates only, like a caseload.
    async fn awaiting_decision(
        &self,
        manager: StaffId,
        on: NaiveDate,
    ) -> StoreResult<Vec<AwaitingDecision>>;
    /// The referrals awaiting the actor's decision today, as a page or the API shows them:
    /// recorded as one list record naming every child on it.
    async fn awaiting_decision_shown(&self, actor: &Actor) -> StoreResult<Vec<AwaitingDecision>>;
}
