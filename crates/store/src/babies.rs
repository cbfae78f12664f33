//! Babies' discharge from hospital: the plan, its sign-off by a team manager in the worker's
//! line, and the discharge as it happened. Each step is one write: the gate asked again inside
//! the transaction (refused with [`StoreError::DischargeRefused`](crate::StoreError)), the
//! change, its audit record and one chronology line dated when it happened. A discharge
//! without a signed plan posts "for your attention" items to the child's team managers and
//! the service managers over them in the same transaction.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::babies::{
    BabyRecord, ConferenceBooking, Destination, NewDischarge, NewDischargePlan,
};
use journey_domain::ids::{EventId, PersonId};
use journey_domain::timescales::Timescales;
use serde::Serialize;

use crate::{Actor, ChildAccess, StoreResult};

/// A discharge plan as the record shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DischargePlanShown {
    pub id: i64,
    pub planned_discharge: NaiveDate,
    pub destination: Destination,
    pub going_with: String,
    pub arrangements: String,
    pub support: String,
    pub contingency: String,
    pub written_by: String,
    pub written_at: DateTime<Utc>,
    pub signed_off_by: Option<String>,
    pub signed_off_at: Option<DateTime<Utc>>,
}

/// A discharge as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DischargeShown {
    pub id: i64,
    pub discharged_on: NaiveDate,
    pub destination: Destination,
    pub going_with: String,
    pub plan_signed: bool,
    pub reason: String,
    pub recorded_by: String,
}

/// Everything recorded about the baby's discharge, with what the gates need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BabyFile {
    pub child: PersonId,
    pub record: BabyRecord,
    /// Whether the child protection record has a conference asked for or held.
    pub conference: ConferenceBooking,
    /// Newest first.
    pub plans: Vec<DischargePlanShown>,
    /// Newest first.
    pub discharges: Vec<DischargeShown>,
}

/// A baby in a team manager's queue: an unsigned discharge plan, or an unborn baby whose
/// pre-birth conference is not booked as its booking target nears or has passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BabyTrayChild {
    pub child: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub worker_name: Option<String>,
    pub team_name: Option<String>,
    pub record: BabyRecord,
    pub conference: ConferenceBooking,
}

#[async_trait]
pub trait Babies: Send + Sync {
    /// The baby's plans and discharges, recorded as a view of the record.
    async fn baby_file(&self, access: &ChildAccess) -> StoreResult<BabyFile>;
    /// The same without an access record of its own, for a page that records its own view
    /// (the record page, a step's form).
    async fn baby_record(&self, access: &ChildAccess) -> StoreResult<BabyFile>;
    async fn write_discharge_plan(
        &self,
        access: &ChildAccess,
        plan: &NewDischargePlan,
    ) -> StoreResult<EventId>;
    /// Signed off by a team or service manager over the author's team who is not its author.
    async fn sign_off_discharge_plan(&self, access: &ChildAccess) -> StoreResult<EventId>;
    async fn record_discharge(
        &self,
        access: &ChildAccess,
        discharge: &NewDischarge,
    ) -> StoreResult<EventId>;
    /// The babies the actor holds (allocated to them, or in their line for a manager) with an
    /// unsigned discharge plan, or unborn with no pre-birth conference booked and its booking
    /// target due soon or past by `timescales` on `on`. Recorded as one list shown to the
    /// actor, even when empty. Ordered by name.
    async fn babies_tray(
        &self,
        actor: &Actor,
        timescales: &Timescales,
        on: NaiveDate,
    ) -> StoreResult<Vec<BabyTrayChild>>;
}
