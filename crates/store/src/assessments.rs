//! Assessments: started, saved as drafts, submitted for authorisation, authorised or
//! returned. Each step is one write: the gate asked again inside the transaction (refused
//! with [`StoreError::AssessmentOutOfOrder`](crate::StoreError::AssessmentOutOfOrder),
//! saying which step is missing), the change, and the event's audit record and chronology
//! line, dated when the step happened.

use async_trait::async_trait;
use chrono::NaiveDate;
use journey_domain::assessments::{AssessmentKind, AssessmentText, Assessments, NewAssessment};
use journey_domain::ids::{EventId, PersonId};
use journey_domain::timescales::Timescales;
use serde::Serialize;

use crate::{Actor, ChildAccess, StoreResult};

/// The list a manager's sign-off queue is recorded as.
pub const LIST_SIGN_OFF: &str = "assessments awaiting sign-off";
/// The list the assessment work tray is recorded as.
pub const LIST_ASSESSMENT_TRAY: &str = "assessment work tray";

/// An open assessment in a worker's or manager's view: the child, who holds them, and the
/// dates the web layer asks the timescale engine about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenAssessment {
    pub child: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub kind: AssessmentKind,
    pub author_name: String,
    pub team_name: Option<String>,
    pub referral_date: NaiveDate,
    pub start_date: NaiveDate,
    pub submitted_on: Option<NaiveDate>,
}

#[async_trait]
pub trait Assessing: Send + Sync {
    /// The child's assessments and open episode, recorded as a view of the record.
    async fn assessments(&self, access: &ChildAccess) -> StoreResult<Assessments>;
    /// The same, for a step's page or the record page's panel, which record the view
    /// themselves.
    async fn assessments_unrecorded(&self, access: &ChildAccess) -> StoreResult<Assessments>;
    async fn start_assessment(
        &self,
        access: &ChildAccess,
        assessment: &NewAssessment,
    ) -> StoreResult<EventId>;
    /// Saves the open draft's text as typed (audited; no chronology line: a draft is not yet
    /// something that happened).
    async fn save_assessment(
        &self,
        access: &ChildAccess,
        text: &AssessmentText,
    ) -> StoreResult<EventId>;
    /// Saves the text and submits it for a manager's authorisation, if complete (and, past
    /// its due date from `timescales`, with a reason).
    async fn submit_assessment(
        &self,
        access: &ChildAccess,
        text: &AssessmentText,
        timescales: &Timescales,
    ) -> StoreResult<EventId>;
    /// A manager in the line who did not write it authorises it on `on`: its completion date.
    async fn authorise_assessment(
        &self,
        access: &ChildAccess,
        on: NaiveDate,
    ) -> StoreResult<EventId>;
    /// A manager returns it to the worker as a draft, saying what needs doing.
    async fn return_assessment(&self, access: &ChildAccess, reason: &str) -> StoreResult<EventId>;
    /// The assessments waiting for the actor's authorisation: submitted on children allocated
    /// in the line of a team or service manager, not written by them; oldest first. Recorded
    /// as one list shown, even when empty.
    async fn sign_off_queue(&self, actor: &Actor) -> StoreResult<Vec<OpenAssessment>>;
    /// The open assessments (draft or submitted) of the children the actor holds: allocated to
    /// them, or in their line for a manager. Recorded as one list shown, even when empty.
    async fn assessment_tray(
        &self,
        actor: &Actor,
        on: NaiveDate,
    ) -> StoreResult<Vec<OpenAssessment>>;
}
