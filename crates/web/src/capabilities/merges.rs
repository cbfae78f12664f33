//! Merges, as the pages and the API share them: the proof for the other record, with one
//! message whatever the reason it cannot be had, the body of a merge, and who may decide a
//! merge that waits for a second manager.

use journey_domain::access::Action;
use journey_domain::families::merging::MergeRequest;
use journey_domain::ids::PersonId;
use journey_domain::validation::FieldErrors;
use journey_store::access::{check, check_to_show};
use journey_store::{Actor, ChildAccess, Merges, PendingMerge, Store, StoreError, StoreResult};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The one answer for a Journey ID that cannot be merged into this record, whether it names
/// no record, not a child's record, or a record the manager may not open: it says nothing
/// about which.
pub const CANNOT_MERGE: &str = "Enter the Journey ID of a child's record you may open";

/// Which allocation continues when both records are allocated.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum KeepAllocationCode {
    /// The allocation of the record that stays.
    Survivor,
    /// The allocation of the record merged into it.
    Merged,
}

/// A duplicate record to merge into this one, why they are the same child, and, where both
/// are allocated, which allocation continues and why the other ends.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MergeBody {
    /// The Journey ID of the duplicate record.
    pub merged: Option<i64>,
    pub reason: String,
    pub keep_allocation: Option<KeepAllocationCode>,
    pub allocation_end_reason: String,
}

impl MergeBody {
    pub fn request(&self) -> Result<MergeRequest, FieldErrors> {
        let keep = match self.keep_allocation {
            Some(KeepAllocationCode::Survivor) => "survivor",
            Some(KeepAllocationCode::Merged) => "merged",
            None => "",
        };
        MergeRequest::parse(&self.reason, keep, &self.allocation_end_reason)
    }
}

/// The proof to merge the record `id` into another: the manager must be able to open it. A
/// refusal is recorded on it (as for any record) and answered at the field with
/// [`CANNOT_MERGE`], the same for a record that does not exist.
pub async fn other_record(
    records: &dyn Store,
    actor: &Actor,
    id: i64,
) -> StoreResult<Result<ChildAccess, FieldErrors>> {
    let checked = check(
        records,
        actor.clone(),
        PersonId(id),
        Action::ViewRecord,
        None,
    )
    .await?;
    Ok(checked
        .map(|permitted| permitted.access)
        .map_err(|_| FieldErrors::single("merged", CANNOT_MERGE)))
}

/// The proofs a manager decides a waiting merge with: that they may merge into the record that
/// stays and may open the other. `None` for anyone else.
async fn decider(
    records: &dyn Store,
    actor: &Actor,
    request: &PendingMerge,
) -> StoreResult<Option<(ChildAccess, ChildAccess)>> {
    if !actor.staff.as_ref().is_some_and(|s| s.role.is_manager()) {
        return Ok(None);
    }
    let Some(survivor) = check_to_show(
        records,
        actor.clone(),
        request.survivor,
        Action::MergeRecords,
    )
    .await?
    else {
        return Ok(None);
    };
    let merged = check_to_show(records, actor.clone(), request.merged, Action::ViewRecord).await?;
    Ok(merged.map(|merged| (survivor, merged)))
}

/// The waiting merge `id` and the proofs to decide it with, for a manager who may open both
/// records (the one who asked included: the store refuses their decision). For anyone else
/// `NotFound`, with the attempt recorded as a refusal on the record that would stay.
pub async fn to_decide(
    records: &dyn Store,
    merges: &dyn Merges,
    actor: &Actor,
    id: i64,
) -> StoreResult<(PendingMerge, ChildAccess, ChildAccess)> {
    let request = merges.open_merge_request(id).await?;
    match decider(records, actor, &request).await? {
        Some((survivor, merged)) => Ok((request, survivor, merged)),
        None => {
            records
                .record_refusal(actor, request.survivor, Action::MergeRecords)
                .await?;
            Err(StoreError::NotFound)
        }
    }
}

/// The merges waiting for `actor` to approve, oldest first: those they may decide and did not
/// ask for. A list shown is recorded as seen (one access record naming both records of each).
pub async fn waiting_for(
    records: &dyn Store,
    merges: &dyn Merges,
    actor: &Actor,
) -> StoreResult<Vec<PendingMerge>> {
    let mut waiting = Vec::new();
    let Some(me) = actor.staff.as_ref().filter(|s| s.role.is_manager()) else {
        return Ok(waiting);
    };
    for request in merges.open_merge_requests().await? {
        if request.requested_by != me.id && decider(records, actor, &request).await?.is_some() {
            waiting.push(request);
        }
    }
    if !waiting.is_empty() {
        let people: Vec<_> = waiting
            .iter()
            .flat_map(|r| [r.survivor, r.merged])
            .collect();
        merges.record_merge_requests_seen(actor, &people).await?;
    }
    Ok(waiting)
}

/// A second manager's decision as typed: "approve", or "refuse" with a reason.
pub fn parse_decision(
    decision: &str,
    reason: &str,
) -> Result<journey_store::MergeDecision, FieldErrors> {
    use journey_store::MergeDecision;
    let mut errors = FieldErrors::new();
    match decision.trim() {
        "approve" => Ok(MergeDecision::Approve),
        "refuse" => {
            let reason = journey_domain::validation::required_text(
                &mut errors,
                "reason",
                "why the merge is refused",
                reason,
                500,
            );
            errors.into_result(MergeDecision::Refuse { reason })
        }
        _ => Err(FieldErrors::single(
            "decision",
            "Select whether to approve or refuse the merge",
        )),
    }
}
