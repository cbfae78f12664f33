//! Whether a link from a child's record to someone already on Journey is recorded at once or
//! proposed, and who may decide a proposal. A link reveals the other person's record (their
//! history, cases, addresses) on the child's family page and family history, so it is recorded
//! at once only when its author may open that record; otherwise it waits, showing only the
//! name and the relationship, for a manager who may open both.

use journey_domain::access::Action;
use journey_domain::families::relationship::{NewRelationship, Relative};
use journey_domain::ids::{EventId, PersonId};
use journey_domain::validation::{FieldErrors, required_text};
use journey_store::access::check_to_show;
use journey_store::{
    Actor, ChildAccess, Families, ProposalDecision, ProposedLink, Records, RelationshipProposals,
    StoreError, StoreResult,
};

/// What became of a link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Linked {
    /// Recorded: its author may open the other record (or it is a new adult).
    Recorded(EventId),
    /// Waiting for a manager who may open both records.
    Proposed(EventId),
}

/// Whether `actor` may open what Journey holds about `person`: a child's record through the
/// access policy; an adult's details through a child they are linked to (by a confirmed
/// relationship or a household, current or ended) whose record the actor may open.
pub async fn may_open(
    records: &dyn Records,
    proposals: &dyn RelationshipProposals,
    actor: &Actor,
    person: PersonId,
) -> StoreResult<bool> {
    if check_to_show(records, actor.clone(), person, Action::ViewRecord)
        .await?
        .is_some()
    {
        return Ok(true);
    }
    for child in proposals.children_linked_to(person).await? {
        if check_to_show(records, actor.clone(), child, Action::ViewRecord)
            .await?
            .is_some()
        {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Records the relationship, or proposes it when the other end is someone whose record the
/// author may not open.
pub async fn record_or_propose(
    records: &dyn Records,
    families: &dyn Families,
    proposals: &dyn RelationshipProposals,
    access: &ChildAccess,
    new: &NewRelationship,
) -> StoreResult<Linked> {
    if let Relative::Existing(person) = new.relative
        && !may_open(records, proposals, access.actor(), person).await?
    {
        return proposals
            .propose_relationship(access, new)
            .await
            .map(Linked::Proposed);
    }
    families
        .add_relationship(access, new)
        .await
        .map(Linked::Recorded)
}

/// The proofs a manager decides a proposal with: that they may add to the proposer's child's
/// record and, where the other end is a child, to that record too. An adult at the other end
/// must be someone they may open (through a child linked to them), unless no child's record
/// holds the adult at all. `None` for anyone else, managers or not.
pub async fn decider(
    records: &dyn Records,
    proposals: &dyn RelationshipProposals,
    actor: &Actor,
    link: &ProposedLink,
) -> StoreResult<Option<(ChildAccess, Option<ChildAccess>)>> {
    let is_manager = actor.staff.as_ref().is_some_and(|s| s.role.is_manager());
    if !is_manager {
        return Ok(None);
    }
    let Some(child) =
        check_to_show(records, actor.clone(), link.child, Action::AddToRecord).await?
    else {
        return Ok(None);
    };
    if link.person_is_child {
        let far_end =
            check_to_show(records, actor.clone(), link.person, Action::AddToRecord).await?;
        return Ok(far_end.map(|far_end| (child, Some(far_end))));
    }
    let held_by = proposals.children_linked_to(link.person).await?;
    if held_by.is_empty() || may_open(records, proposals, actor, link.person).await? {
        Ok(Some((child, None)))
    } else {
        Ok(None)
    }
}

/// The proposal `id` and the proofs to decide it with, for a manager who may. For anyone else
/// `NotFound`, with the attempt recorded as a refusal on the proposer's child, so the answer
/// reveals nothing.
pub async fn to_decide(
    records: &dyn Records,
    proposals: &dyn RelationshipProposals,
    actor: &Actor,
    id: i64,
) -> StoreResult<(ProposedLink, ChildAccess, Option<ChildAccess>)> {
    let link = proposals.open_proposal(id).await?;
    match decider(records, proposals, actor, &link).await? {
        Some((child, far_end)) => Ok((link, child, far_end)),
        None => {
            records
                .record_refusal(actor, link.child, Action::AddToRecord)
                .await?;
            Err(StoreError::NotFound)
        }
    }
}

/// The proposals waiting for `actor` to decide, oldest first; a list shown is recorded as seen
/// (one access record naming both ends of each).
pub async fn waiting_for(
    records: &dyn Records,
    proposals: &dyn RelationshipProposals,
    actor: &Actor,
) -> StoreResult<Vec<ProposedLink>> {
    let mut waiting = Vec::new();
    if !actor.staff.as_ref().is_some_and(|s| s.role.is_manager()) {
        return Ok(waiting);
    }
    for link in proposals.open_proposals().await? {
        if decider(records, proposals, actor, &link).await?.is_some() {
            waiting.push(link);
        }
    }
    if !waiting.is_empty() {
        let people: Vec<_> = waiting.iter().flat_map(|l| [l.child, l.person]).collect();
        proposals.record_proposals_seen(actor, &people).await?;
    }
    Ok(waiting)
}

/// A manager's decision as typed: "confirm", or "refuse" with a reason.
pub fn parse_decision(decision: &str, reason: &str) -> Result<ProposalDecision, FieldErrors> {
    let mut errors = FieldErrors::new();
    match decision.trim() {
        "confirm" => Ok(ProposalDecision::Confirm),
        "refuse" => {
            let reason = required_text(
                &mut errors,
                "reason",
                "why the link is refused",
                reason,
                500,
            );
            errors.into_result(ProposalDecision::Refuse { reason })
        }
        _ => Err(FieldErrors::single(
            "decision",
            "Select whether to confirm or refuse the link",
        )),
    }
}
