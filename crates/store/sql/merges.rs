// The merges capability (issue 10, part 1): comparing two records, merging them (at once for a
// likely match, otherwise after a second manager's approval), and undoing a merge. Every call
// takes proofs for both records. The moves themselves are `families_write/merge.rs`. Written
// once for both databases: `include!`d by each backend's `merges.rs`.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use journey_domain::families::merging::undo_until;
use journey_domain::families::wording;
use journey_domain::ids::{EventId, PersonId, StaffId};
use journey_domain::validation::FieldErrors;
use journey_store::{
    AccessKind, AccessLogEntry, Actor, ChildAccess, MergeComparison, MergeDecision, MergeOutcome,
    MergeRecord, MergeRequest, Merges, PendingMerge, StoreError, StoreResult,
};

use crate::families_write::{Approval, merge_records, undo_merge};
use crate::journal::{Event, Journal, Line};
use crate::merges_compare::comparison;

/// id, survivor, survivor's name, merged, merged's name, reason, allocation kept, why the
/// other ends, asked by (id, name), when.
type RequestRow = (
    i64,
    i64,
    String,
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    i64,
    String,
    DateTime<Utc>,
);

macro_rules! select_open_requests {
    ($rest:literal) => {
        concat!(
            "SELECT r.id, r.survivor_id, s.given_name || ' ' || s.family_name, r.merged_id, \
             m.given_name || ' ' || m.family_name, r.reason, r.keep_allocation, \
             r.allocation_end_reason, r.requested_by, st.display_name, r.requested_at \
             FROM person_merge_request r JOIN person s ON s.id = r.survivor_id \
             JOIN person m ON m.id = r.merged_id JOIN staff st ON st.id = r.requested_by \
             WHERE r.decided_at IS NULL ",
            $rest
        )
    };
}

fn pending(row: RequestRow) -> PendingMerge {
    let (id, survivor, survivor_name, merged, merged_name, reason, keep, end_reason, by, name, at) =
        row;
    PendingMerge {
        id,
        survivor: PersonId(survivor),
        survivor_name,
        merged: PersonId(merged),
        merged_name,
        reason,
        keep_allocation: keep,
        allocation_end_reason: end_reason,
        requested_by: StaffId(by),
        requested_by_name: name,
        requested_at: at,
    }
}

async fn open_request(conn: &mut Conn, id: i64) -> StoreResult<PendingMerge> {
    let row: Option<RequestRow> = sqlx::query_as(select_open_requests!("AND r.id = $1"))
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
    row.map(pending).ok_or(StoreError::NotFound)
}

fn invalid(field: &str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::single(field, message))
}

/// A second manager's decision on a merge asked for.
async fn decide(
    tx: &mut Journal,
    survivor: &ChildAccess,
    merged: &ChildAccess,
    id: i64,
    decision: &MergeDecision,
) -> StoreResult<Option<i64>> {
    let actor = survivor.actor();
    // Held until this transaction ends, so two managers cannot both decide it.
    let open: Option<i64> = sqlx::query_scalar(concat!(
        "SELECT id FROM person_merge_request WHERE id = $1 AND decided_at IS NULL ",
        for_update!()
    ))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_err)?;
    if open.is_none() {
        return Err(StoreError::NotFound);
    }
    let request = open_request(tx, id).await?;
    if request.survivor != survivor.child() || request.merged != merged.child() {
        return Err(StoreError::NotFound);
    }
    let Some(staff) = actor.staff.as_ref() else {
        return Err(StoreError::NotFound);
    };
    if staff.id == request.requested_by {
        return Err(invalid(
            "decision",
            "You asked for this merge: another manager who may open both records must decide it",
        ));
    }
    match decision {
        MergeDecision::Approve => {
            let outcome = merge_records(
                tx,
                survivor,
                merged,
                &request.request(),
                Some(Approval {
                    requested_by: &request.requested_by_name,
                }),
            )
            .await?;
            let MergeOutcome::Merged(merge_id) = outcome else {
                return Err(StoreError::NotFound);
            };
            sqlx::query(
                "UPDATE person_merge_request SET decided_by = $1, decided_at = $2, approved = $3, \
                 merge_id = $4 WHERE id = $5",
            )
            .bind(staff.id.0)
            .bind(ts(actor.at))
            .bind(true)
            .bind(merge_id)
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
            Ok(Some(merge_id))
        }
        MergeDecision::Refuse { reason } => {
            sqlx::query(
                "UPDATE person_merge_request SET decided_by = $1, decided_at = $2, approved = $3, \
                 refusal_reason = $4 WHERE id = $5",
            )
            .bind(staff.id.0)
            .bind(ts(actor.at))
            .bind(false)
            .bind(reason)
            .bind(id)
            .execute(&mut **tx)
            .await
            .map_err(db_err)?;
            let summary = wording::merge_request_refused(
                request.merged.0,
                request.survivor.0,
                actor.display_name(),
                reason,
            );
            for access in [survivor, merged] {
                tx.record(Event {
                    actor,
                    relationship: Some(access.relationship()),
                    child: Some(access.child()),
                    action: "merge_refused",
                    subject: None,
                    lines: &[Line {
                        child: access.child(),
                        occurred_at: actor.at,
                        kind: "merge_refused",
                        summary: &summary,
                        significant: false,
                    }],
                })
                .await?;
            }
            Ok(None)
        }
    }
}

type MergeRow = (
    i64,
    i64,
    String,
    i64,
    String,
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
);

#[async_trait]
impl Merges for SqlStore {
    async fn compare_records(
        &self,
        survivor: &ChildAccess,
        merged: &ChildAccess,
    ) -> StoreResult<MergeComparison> {
        let actor = survivor.actor();
        let compared = comparison(
            &mut *self.read().await?,
            survivor.child(),
            merged.child(),
            actor.today(),
        )
        .await?;
        let seen = |access: &ChildAccess, other: PersonId| {
            AccessLogEntry::by(
                access.actor(),
                Some(access.relationship()),
                Some(access.child()),
                AccessKind::ViewedRecord,
                &format!("compared for a merge with Journey ID {other}"),
            )
        };
        self.record_access(vec![
            seen(survivor, merged.child()),
            seen(merged, survivor.child()),
        ])
        .await?;
        Ok(compared)
    }

    async fn merge_records(
        &self,
        survivor: &ChildAccess,
        merged: &ChildAccess,
        request: &MergeRequest,
    ) -> StoreResult<MergeOutcome> {
        let mut tx = self.journal().await?;
        let outcome = merge_records(&mut tx, survivor, merged, request, None).await?;
        tx.commit().await?;
        Ok(outcome)
    }

    async fn open_merge_requests(&self) -> StoreResult<Vec<PendingMerge>> {
        let rows: Vec<RequestRow> =
            sqlx::query_as(select_open_requests!("ORDER BY r.requested_at, r.id"))
                .fetch_all(&mut *self.read().await?)
                .await
                .map_err(db_err)?;
        Ok(rows.into_iter().map(pending).collect())
    }

    async fn open_merge_request(&self, id: i64) -> StoreResult<PendingMerge> {
        open_request(&mut *self.read().await?, id).await
    }

    async fn decide_merge_request(
        &self,
        survivor: &ChildAccess,
        merged: &ChildAccess,
        id: i64,
        decision: &MergeDecision,
    ) -> StoreResult<Option<i64>> {
        let mut tx = self.journal().await?;
        let merge = decide(&mut tx, survivor, merged, id, decision).await?;
        tx.commit().await?;
        Ok(merge)
    }

    async fn undo_merge(&self, survivor: &ChildAccess, merge_id: i64) -> StoreResult<EventId> {
        let mut tx = self.journal().await?;
        let event = undo_merge(&mut tx, survivor, merge_id).await?;
        tx.commit().await?;
        Ok(event)
    }

    async fn merges(&self, person: PersonId) -> StoreResult<Vec<MergeRecord>> {
        let rows: Vec<MergeRow> = sqlx::query_as(
            "SELECT m.id, m.survivor_id, s.given_name || ' ' || s.family_name, m.merged_id, \
             p.given_name || ' ' || p.family_name, m.reason, m.merged_at, m.undone_at \
             FROM person_merge m JOIN person p ON p.id = m.merged_id \
             JOIN person s ON s.id = m.survivor_id \
             WHERE m.survivor_id = $1 OR m.merged_id = $1 ORDER BY m.id DESC",
        )
        .bind(person.0)
        .fetch_all(&mut *self.read().await?)
        .await
        .map_err(db_err)?;
        Ok(rows
            .into_iter()
            .map(
                |(
                    id,
                    survivor,
                    survivor_name,
                    merged,
                    merged_name,
                    reason,
                    merged_at,
                    undone_at,
                )| {
                    MergeRecord {
                        id,
                        survivor: PersonId(survivor),
                        survivor_name,
                        merged: PersonId(merged),
                        merged_name,
                        reason,
                        merged_at,
                        undone_at,
                        undo_until: undo_until(merged_at),
                    }
                },
            )
            .collect())
    }

    async fn record_merge_requests_seen(
        &self,
        actor: &Actor,
        people: &[PersonId],
    ) -> StoreResult<()> {
        self.record_access(vec![AccessLogEntry::result_list(
            actor,
            people.iter().copied(),
        )])
        .await
    }
}
