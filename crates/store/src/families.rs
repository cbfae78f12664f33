//! Relationships and households, family history, matching before creating, merging records. (issue 3)

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::access::Relationship;
use journey_domain::families::matching::MatchReason;
use journey_domain::families::relationship::NewRelationship;
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person::{NewChild, Sex};
use serde::Serialize;

use crate::{Actor, ChildAccess, SearchHit, StoreResult};

/// Someone related to the child, seen from the child's side (whichever side it was recorded on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyMember {
    /// The recorded relationship, for ending it.
    pub relationship_id: i64,
    pub person: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
    /// Whether the person has a child's record in Journey.
    pub is_child: bool,
    /// The stored kind, as recorded from the child's side of the row.
    pub kind: String,
    /// What this person is to the child, in words: "mother", "half-brother", "daughter".
    pub word: String,
    /// The sentence: "Kerry Marsh is Baby's mother".
    pub sentence: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Lives with the child today.
    pub in_household: bool,
}

/// A person in the child's household, with the dates they have lived there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdMember {
    pub membership_id: i64,
    pub person: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    /// What they are to the child, where a relationship is recorded.
    pub word: Option<String>,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// The family and household page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Family {
    /// Relationships in force today.
    pub current: Vec<FamilyMember>,
    /// Ended relationships: kept, never deleted.
    pub ended: Vec<FamilyMember>,
    /// Who the child lives with today.
    pub household: Vec<HouseholdMember>,
    /// Who the child lived with before.
    pub former_household: Vec<HouseholdMember>,
}

/// One serious event in the life of a child of the same family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyHistoryEvent {
    pub person: PersonId,
    pub name: String,
    /// Who they are to the child: "sibling (same mother, Kerry Marsh)", "mother".
    pub connection: String,
    pub occurred_at: DateTime<Utc>,
    pub kind: String,
    /// The panel's name for the kind: "Adopted", "Child protection plan".
    pub label: String,
    pub summary: String,
}

/// A child of the same family who has an open case today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyOpenCase {
    pub person: PersonId,
    pub name: String,
    pub connection: String,
    pub team_name: String,
    pub since: NaiveDate,
}

/// Where a merged-away record went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergedInto {
    pub survivor: PersonId,
    pub name: String,
    pub merged_at: DateTime<Utc>,
}

/// What the family capability shows at the top of a child's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyPanel {
    pub history: Vec<FamilyHistoryEvent>,
    pub open_cases: Vec<FamilyOpenCase>,
    pub household: Vec<HouseholdMember>,
    pub merged_into: Option<MergedInto>,
}

/// A person on record who may be the child about to be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LikelyMatch {
    pub hit: SearchHit,
    pub reasons: Vec<MatchReason>,
    pub score: u32,
}

/// Two records of one child to merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MergeRequest {
    pub survivor: PersonId,
    pub merged: PersonId,
    pub reason: String,
}

/// One merge of two records, done or undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeRecord {
    pub id: i64,
    pub survivor: PersonId,
    pub merged: PersonId,
    pub merged_name: String,
    pub reason: String,
    pub merged_at: DateTime<Utc>,
    pub undone_at: Option<DateTime<Utc>>,
}

#[async_trait]
pub trait Families: Send + Sync {
    /// Records a relationship from the child's side (creating a new adult if asked), and, when
    /// the child lives with them, their joining the household. One event.
    async fn add_relationship(
        &self,
        access: &ChildAccess,
        relationship: &NewRelationship,
    ) -> StoreResult<EventId>;
    /// Ends a relationship of the child's (kept, with its end date), and any household
    /// membership of the same person. `NotFound` when it is not one of the child's.
    async fn end_relationship(
        &self,
        access: &ChildAccess,
        relationship_id: i64,
        end: NaiveDate,
    ) -> StoreResult<EventId>;
    /// Records that someone no longer lives with the child.
    async fn leave_household(
        &self,
        access: &ChildAccess,
        membership_id: i64,
        end: NaiveDate,
    ) -> StoreResult<EventId>;
    /// The child's relationships (both sides) and household, recorded as a view of the record.
    async fn family(&self, access: &ChildAccess) -> StoreResult<Family>;
    /// What the record page shows at the top. Covered by the record page's own access record
    /// for the child; each other child whose history is shown gets an access record too.
    async fn family_panel(&self, access: &ChildAccess) -> StoreResult<FamilyPanel>;
    /// People on record who may be this child (names alike, or a name and the date of birth),
    /// likeliest first; each is recorded as seen by the actor.
    async fn likely_matches(
        &self,
        actor: &Actor,
        child: &NewChild,
        limit: u32,
    ) -> StoreResult<Vec<LikelyMatch>>;
    /// The person with this Journey ID, recorded as seen; `None` if there is none.
    async fn person_by_id(&self, actor: &Actor, id: PersonId) -> StoreResult<Option<SearchHit>>;
    /// Merges `merged` into `survivor`: its chronology, relationships, household and
    /// allocations move to the survivor, remembered so the merge can be undone; both records
    /// get an audit record and a chronology line. `relationship` is the one the policy accepted
    /// on the survivor; `merged_relationship` the one it accepted on the other record, if any.
    /// Without one, a record that someone holds (an open allocation) cannot be merged away.
    async fn merge_records(
        &self,
        actor: &Actor,
        relationship: Relationship,
        merged_relationship: Option<Relationship>,
        merge: &MergeRequest,
    ) -> StoreResult<i64>;
    /// Undoes a merge into `survivor`: what it moved goes back, both records get an audit
    /// record and a line. `NotFound` when the merge is not one into `survivor`.
    async fn undo_merge(
        &self,
        actor: &Actor,
        relationship: Relationship,
        survivor: PersonId,
        merge_id: i64,
    ) -> StoreResult<EventId>;
    /// The merges into or out of a record, newest first.
    async fn merges(&self, person: PersonId) -> StoreResult<Vec<MergeRecord>>;
}
