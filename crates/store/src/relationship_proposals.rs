//! Links proposed between a child's record and a person whose record the proposer may not
//! open. A proposal is not a relationship: until a manager who may open both records confirms
//! it, nothing from the other person's record (history, cases, warnings, addresses,
//! identifiers) reaches the child's family page, family history or any export, and the
//! proposal shows only the other person's name and the relationship.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use journey_domain::families::relationship::NewRelationship;
use journey_domain::ids::{EventId, PersonId};
use serde::Serialize;

use crate::{Actor, ChildAccess, StoreResult};

/// A proposal waiting for a decision, as far as anyone may see it: two names and what one
/// would be to the other.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposedLink {
    pub id: i64,
    /// The child whose record it was proposed from.
    pub child: PersonId,
    pub child_name: String,
    /// The person at the other end, a child or an adult.
    pub person: PersonId,
    pub person_name: String,
    /// Whether the other person has a child's record of their own.
    pub person_is_child: bool,
    /// What the person would be to the child: "sister", "mother".
    pub word: String,
    /// "Kerry Marsh would be Ava's sister".
    pub sentence: String,
    pub proposed_by: String,
    pub proposed_at: DateTime<Utc>,
}

/// What a manager decides about a proposal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProposalDecision {
    Confirm,
    Refuse { reason: String },
}

#[async_trait]
pub trait RelationshipProposals: Send + Sync {
    /// Proposes a relationship of the child with someone already on Journey (`new.relative`
    /// must be an existing person): the proposal and one chronology line on the child's record,
    /// and nothing else. Refused at the field for a merged-away record, a person already
    /// related to the child, or a link already waiting.
    async fn propose_relationship(
        &self,
        access: &ChildAccess,
        new: &NewRelationship,
    ) -> StoreResult<EventId>;
    /// The proposals from this child's record that wait for a decision, oldest first. Shown on
    /// the child's family page, covered by that page's access record.
    async fn proposals_for(&self, access: &ChildAccess) -> StoreResult<Vec<ProposedLink>>;
    /// Every proposal waiting for a decision, oldest first, for the web layer to keep those the
    /// viewer may decide. Not itself recorded: the list shown is.
    async fn open_proposals(&self) -> StoreResult<Vec<ProposedLink>>;
    /// One proposal waiting for a decision; `NotFound` when there is none (or it is decided).
    async fn open_proposal(&self, id: i64) -> StoreResult<ProposedLink>;
    /// The children whose records link to `person` by a confirmed relationship or household,
    /// current or ended: someone who may open one of them may open the person's details.
    async fn children_linked_to(&self, person: PersonId) -> StoreResult<Vec<PersonId>>;
    /// Decides a proposal. `child` proves the decider may open the proposer's child; `far_end`
    /// that they may open the other record, where it is a child's. Confirming records the
    /// relationship (and the household, if the proposal said they live together), with an
    /// audit record and a chronology line on each child's record; refusing records the reason
    /// on the proposer's child's record and ends the proposal. `NotFound` when it is not
    /// waiting, or not between these records.
    async fn decide_proposal(
        &self,
        child: &ChildAccess,
        far_end: Option<&ChildAccess>,
        id: i64,
        decision: &ProposalDecision,
    ) -> StoreResult<EventId>;
    /// Records that `actor` was shown a list of proposals naming these people (one access
    /// record, as for a search result list).
    async fn record_proposals_seen(&self, actor: &Actor, people: &[PersonId]) -> StoreResult<()>;
}
