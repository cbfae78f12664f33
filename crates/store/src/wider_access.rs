//! Opening a record beyond one's relationships, giving a reason (break-glass), and closing a
//! record further (restriction).

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::ids::{EventId, PersonId, StaffId};
use journey_domain::wider_access::RestrictionReason;
use serde::Serialize;

use crate::{Actor, ChildAccess, StoreResult};

/// One break-glass opening, as its reviewers see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BreakGlassOpening {
    pub id: i64,
    pub child: PersonId,
    pub opened_by: String,
    pub opened_by_role: String,
    pub reason: String,
    pub approver: Option<String>,
    pub opened_at: DateTime<Utc>,
}

#[async_trait]
pub trait BreakGlass: Send + Sync {
    /// Lets `actor`, who has no relationship with the child, open the record for the rest of
    /// the day, giving `reason`, and posts a review to the child's team managers (the front
    /// door's where no team holds the child), the actor's own managers and any approver, all in
    /// one transaction with its audit record. A restricted record needs `approver`, a team or
    /// service manager other than the actor (refused at the field `approver`); `NotFound` for a
    /// child who does not exist.
    async fn break_glass(
        &self,
        actor: &Actor,
        child: PersonId,
        reason: &str,
        approver: Option<StaffId>,
    ) -> StoreResult<i64>;
    /// The reason of the member of staff's latest break-glass on the child on the day, which
    /// every access record made through it carries.
    async fn break_glass_reason(
        &self,
        staff: StaffId,
        child: PersonId,
        on: NaiveDate,
    ) -> StoreResult<Option<String>>;
    /// One opening, for someone it was posted to for review; `NotFound` for anyone else.
    async fn break_glass_opening(
        &self,
        reviewer: StaffId,
        id: i64,
    ) -> StoreResult<BreakGlassOpening>;
}

/// A record's restriction, as the record page shows it to those who may open it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Restriction {
    pub reason: RestrictionReason,
    pub restricted_by: String,
    pub restricted_at: DateTime<Utc>,
}

#[async_trait]
pub trait Restrictions: Send + Sync {
    /// The record's restriction, if it has one. A panel read: the page records its own read.
    async fn restriction(&self, access: &ChildAccess) -> StoreResult<Option<Restriction>>;
    /// Restricts the record, with an audit record and a chronology line. Refused at `reason`
    /// if it is restricted already.
    async fn restrict(
        &self,
        access: &ChildAccess,
        reason: RestrictionReason,
    ) -> StoreResult<EventId>;
    /// Lifts the record's restriction, with an audit record and a chronology line; `NotFound`
    /// if it has none.
    async fn lift_restriction(&self, access: &ChildAccess) -> StoreResult<EventId>;
    /// Which of these people have a restricted record (for lists that must leave them out).
    async fn restricted_among(&self, people: &[PersonId]) -> StoreResult<Vec<PersonId>>;
}
