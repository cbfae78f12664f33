// Merging two records of one person, and undoing it: everything that names the merged-away
// record moves to the kept one, remembered row by row so that undoing moves exactly that back.
// `journey_store::families::MERGE_MOVES` lists the columns; the contract checks the schema
// against it. Written once for both databases: `include!`d by each backend's
// `families_write/merge.rs`, which adds how a set-aside row is kept whole and put back
// (`KEEP_*`, `RESTORE_*`: each database's own JSON) and how the schema's foreign keys to
// `person` are listed (`person_foreign_keys`).

use journey_domain::families::merging::{KeepAllocation, undo_until};
use journey_domain::families::wording;
use journey_domain::ids::{EventId, PersonId};
use journey_store::merges::likeness;
use journey_store::{ChildAccess, MergeOutcome, MergeRequest, MergeSide, StoreError, StoreResult};

use super::{invalid, record};
use crate::journal::{Event, Journal, Line};
use crate::merges_compare::{merge_side, why_not};

/// What a merge does, in order: (item, first statement, second statement). For a move, the
/// first remembers the rows and the second moves them; for a set-aside (a row the kept record
/// may hold only one of, and already does), the first keeps a copy in `person_merge_set_aside`
/// and the second takes the row off the merged record.
/// `$1` is the merge, `$2` the merged record, `$3` the survivor.
const MOVES: &[(&str, &str, &str)] = &[
    (
        "chronology",
        "INSERT INTO person_merge_move (merge_id, item, row_id, ordinal) SELECT $1, 'chronology', event_id, ordinal FROM chronology_entry WHERE child_id = $2 AND $3 > 0",
        "UPDATE chronology_entry SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    // Relationships between the two records themselves (ended ones: open ones are refused).
    (
        "relationship_between",
        KEEP_RELATIONSHIP_BETWEEN,
        "DELETE FROM person_relationship WHERE ((person_id = $2 AND related_person_id = $3) \
         OR (person_id = $3 AND related_person_id = $2)) AND $1 > 0",
    ),
    (
        "relationship_person",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'relationship_person', id FROM person_relationship WHERE person_id = $2 AND related_person_id <> $3",
        "UPDATE person_relationship SET person_id = $3 WHERE person_id = $2 AND related_person_id <> $3 AND $1 > 0",
    ),
    (
        "relationship_related",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'relationship_related', id FROM person_relationship WHERE related_person_id = $2 AND person_id <> $3",
        "UPDATE person_relationship SET related_person_id = $3 WHERE related_person_id = $2 AND person_id <> $3 AND $1 > 0",
    ),
    (
        "allocation",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'allocation', id FROM allocation WHERE child_id = $2 AND $3 > 0",
        "UPDATE allocation SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    (
        "unallocated",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'unallocated', id FROM unallocated WHERE child_id = $2 AND $3 > 0",
        "UPDATE unallocated SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    (
        "reviewing_officer",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'reviewing_officer', id FROM reviewing_officer_assignment WHERE child_id = $2 AND $3 > 0",
        "UPDATE reviewing_officer_assignment SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    // Living together, between the two records themselves (ended: current ones are refused).
    (
        "household_between",
        KEEP_HOUSEHOLD_BETWEEN,
        "DELETE FROM household_member WHERE ((child_id = $2 AND person_id = $3) \
         OR (child_id = $3 AND person_id = $2)) AND $1 > 0",
    ),
    (
        "household_child",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'household_child', id FROM household_member WHERE child_id = $2 AND person_id <> $3",
        "UPDATE household_member SET child_id = $3 WHERE child_id = $2 AND person_id <> $3 AND $1 > 0",
    ),
    (
        "household_person",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'household_person', id FROM household_member WHERE person_id = $2 AND child_id <> $3",
        "UPDATE household_member SET person_id = $3 WHERE person_id = $2 AND child_id <> $3 AND $1 > 0",
    ),
    // Links proposed from or to the record follow it (a proposal between the two records
    // themselves then links a record to itself, and can only be refused).
    (
        "proposal_child",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'proposal_child', id FROM relationship_proposal WHERE child_id = $2 AND $3 > 0",
        "UPDATE relationship_proposal SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    (
        "proposal_person",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'proposal_person', id FROM relationship_proposal WHERE person_id = $2 AND $3 > 0",
        "UPDATE relationship_proposal SET person_id = $3 WHERE person_id = $2 AND $1 > 0",
    ),
    // The front door: contacts and the referrals (episodes) made of them.
    (
        "contact",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'contact', id FROM contact WHERE child_id = $2 AND $3 > 0",
        "UPDATE contact SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    (
        "referral",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'referral', id FROM referral WHERE child_id = $2 AND $3 > 0",
        "UPDATE referral SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    // Case notes (their versions follow the note) and drafts: one draft per author per child,
    // so an author's draft on the merged record is set aside when they have one on the kept one.
    (
        "case_note",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'case_note', id FROM case_note WHERE child_id = $2 AND $3 > 0",
        "UPDATE case_note SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    (
        "draft_set_aside",
        KEEP_DRAFT,
        "DELETE FROM case_note_draft WHERE child_id = $2 \
         AND author_id IN (SELECT author_id FROM case_note_draft WHERE child_id = $3) AND $1 > 0",
    ),
    (
        "draft",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'draft', author_id FROM case_note_draft WHERE child_id = $2 AND $3 > 0",
        "UPDATE case_note_draft SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    // Child protection: the decisions meetings made for the child, enquiries, conference
    // requests and plans (two records at one meeting, or both on a plan, are refused first).
    (
        "meeting_child",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'meeting_child', meeting_id FROM meeting_child WHERE child_id = $2 AND $3 > 0",
        "UPDATE meeting_child SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    (
        "section47_enquiry",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'section47_enquiry', id FROM section47_enquiry WHERE child_id = $2 AND $3 > 0",
        "UPDATE section47_enquiry SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    (
        "conference_request",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'conference_request', id FROM conference_request WHERE child_id = $2 AND $3 > 0",
        "UPDATE conference_request SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    (
        "child_protection_plan",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'child_protection_plan', id FROM child_protection_plan WHERE child_id = $2 AND $3 > 0",
        "UPDATE child_protection_plan SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    // A baby's discharge plans and discharges (both records with an open plan are refused
    // first).
    (
        "discharge_plan",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'discharge_plan', id FROM discharge_plan WHERE child_id = $2 AND $3 > 0",
        "UPDATE discharge_plan SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    (
        "hospital_discharge",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'hospital_discharge', id FROM hospital_discharge WHERE child_id = $2 AND $3 > 0",
        "UPDATE hospital_discharge SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    // Assessments (two records each with one open are refused first).
    (
        "assessment",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'assessment', id FROM assessment WHERE child_id = $2 AND $3 > 0",
        "UPDATE assessment SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
    ),
    // Person details. One identifier of each kind per person: the kept record's own stays.
    (
        "identifier_set_aside",
        KEEP_IDENTIFIER,
        "DELETE FROM person_identifier WHERE person_id = $2 \
         AND kind IN (SELECT kind FROM person_identifier WHERE person_id = $3) AND $1 > 0",
    ),
    (
        "identifier",
        "INSERT INTO person_merge_move (merge_id, item, row_id, row_key) SELECT $1, 'identifier', 0, kind FROM person_identifier WHERE person_id = $2 AND $3 > 0",
        "UPDATE person_identifier SET person_id = $3 WHERE person_id = $2 AND $1 > 0",
    ),
    // One row of demographics per person: the kept record's own stays.
    (
        "demographics_set_aside",
        KEEP_DEMOGRAPHICS,
        "DELETE FROM person_demographics WHERE person_id = $2 \
         AND EXISTS (SELECT 1 FROM person_demographics WHERE person_id = $3) AND $1 > 0",
    ),
    (
        "demographics",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'demographics', 0 FROM person_demographics WHERE person_id = $2 AND $3 > 0",
        "UPDATE person_demographics SET person_id = $3 WHERE person_id = $2 AND $1 > 0",
    ),
    (
        "former_name",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'former_name', id FROM person_former_name WHERE person_id = $2 AND $3 > 0",
        "UPDATE person_former_name SET person_id = $3 WHERE person_id = $2 AND $1 > 0",
    ),
    (
        "address",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'address', id FROM person_address WHERE person_id = $2 AND $3 > 0",
        "UPDATE person_address SET person_id = $3 WHERE person_id = $2 AND $1 > 0",
    ),
    (
        "warning",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'warning', id FROM person_warning WHERE person_id = $2 AND $3 > 0",
        "UPDATE person_warning SET person_id = $3 WHERE person_id = $2 AND $1 > 0",
    ),
];

/// Undoing moves exactly the remembered rows back and puts the set-aside ones back on the
/// merged record. `$1` merge, `$2` merged record, `$3` survivor.
const MOVES_BACK: &[&str] = &[
    "UPDATE chronology_entry SET child_id = $2 WHERE child_id = $3 AND (event_id, ordinal) IN \
     (SELECT row_id, ordinal FROM person_merge_move WHERE merge_id = $1 AND item = 'chronology')",
    "UPDATE person_relationship SET person_id = $2 WHERE person_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'relationship_person')",
    "UPDATE person_relationship SET related_person_id = $2 WHERE related_person_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'relationship_related')",
    RESTORE_RELATIONSHIP_BETWEEN,
    "UPDATE allocation SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'allocation')",
    "UPDATE unallocated SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'unallocated')",
    "UPDATE reviewing_officer_assignment SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'reviewing_officer')",
    "UPDATE household_member SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'household_child')",
    "UPDATE household_member SET person_id = $2 WHERE person_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'household_person')",
    RESTORE_HOUSEHOLD_BETWEEN,
    "UPDATE relationship_proposal SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'proposal_child')",
    "UPDATE relationship_proposal SET person_id = $2 WHERE person_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'proposal_person')",
    "UPDATE contact SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'contact')",
    "UPDATE referral SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'referral')",
    "UPDATE case_note SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'case_note')",
    "UPDATE case_note_draft SET child_id = $2 WHERE child_id = $3 AND author_id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'draft')",
    RESTORE_DRAFT,
    "UPDATE meeting_child SET child_id = $2 WHERE child_id = $3 AND meeting_id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'meeting_child')",
    "UPDATE section47_enquiry SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'section47_enquiry')",
    "UPDATE conference_request SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'conference_request')",
    "UPDATE child_protection_plan SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'child_protection_plan')",
    "UPDATE discharge_plan SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'discharge_plan')",
    "UPDATE hospital_discharge SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'hospital_discharge')",
    "UPDATE assessment SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'assessment')",
    "UPDATE person_identifier SET person_id = $2 WHERE person_id = $3 AND kind IN \
     (SELECT row_key FROM person_merge_move WHERE merge_id = $1 AND item = 'identifier')",
    RESTORE_IDENTIFIER,
    "UPDATE person_demographics SET person_id = $2 WHERE person_id = $3 AND EXISTS \
     (SELECT 1 FROM person_merge_move WHERE merge_id = $1 AND item = 'demographics')",
    RESTORE_DEMOGRAPHICS,
    "UPDATE person_former_name SET person_id = $2 WHERE person_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'former_name')",
    "UPDATE person_address SET person_id = $2 WHERE person_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'address')",
    "UPDATE person_warning SET person_id = $2 WHERE person_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'warning')",
];

/// A merge a second manager approved: who asked for it.
pub struct Approval<'a> {
    pub requested_by: &'a str,
}

fn same_actor(survivor: &ChildAccess, merged: &ChildAccess) -> bool {
    let id = |a: &ChildAccess| a.actor().staff.as_ref().map(|s| s.id);
    id(survivor).is_some() && id(survivor) == id(merged)
}

/// Checks two records for a merge and merges them when they are a likely match, or when a
/// second manager approved (`approval`); otherwise asks for the merge, moving nothing.
pub async fn merge_records(
    tx: &mut Journal,
    survivor_access: &ChildAccess,
    merged_access: &ChildAccess,
    request: &MergeRequest,
    approval: Option<Approval<'_>>,
) -> StoreResult<MergeOutcome> {
    let actor = survivor_access.actor();
    let is_manager = actor.staff.as_ref().is_some_and(|s| s.role.is_manager());
    if !same_actor(survivor_access, merged_access) || !is_manager {
        // The proofs are one manager's, for both records: anything else is no merge at all.
        return Err(StoreError::NotFound);
    }
    let today = actor.today();
    let (survivor, merged) = (survivor_access.child(), merged_access.child());
    let sides = (
        merge_side(tx, survivor, today).await,
        merge_side(tx, merged, today).await,
    );
    let (Ok(s), Ok(m)) = sides else {
        return Err(invalid(
            "merged",
            "Enter the Journey ID of a child's record you may open",
        ));
    };
    if let Some(message) = why_not(tx, &s, &m).await? {
        return Err(invalid("merged", message));
    }
    let both_allocated = s.allocation.is_some() && m.allocation.is_some();
    let choice = request.allocation.as_ref().filter(|_| both_allocated);
    if both_allocated && choice.is_none() {
        return Err(invalid(
            "keep_allocation",
            "Both records are allocated: select which allocation continues",
        ));
    }
    if approval.is_none() && likeness(&s, &m).is_empty() {
        return ask_for_merge(tx, survivor_access, merged_access, &s, &m, request, choice)
            .await
            .map(MergeOutcome::AwaitingApproval);
    }
    // Both allocated: the one not chosen ends today, with the reason, on its own record.
    let ended = match choice {
        Some(choice) => {
            let on = match choice.keep {
                KeepAllocation::Survivor => merged,
                KeepAllocation::Merged => survivor,
            };
            let row: (i64, String, String) = sqlx::query_as(
                "SELECT a.id, s.display_name, t.name FROM allocation a \
                 JOIN staff s ON s.id = a.worker_id JOIN team t ON t.id = a.team_id \
                 WHERE a.child_id = $1 AND a.end_date IS NULL ORDER BY a.start_date DESC LIMIT 1",
            )
            .bind(on.0)
            .fetch_one(&mut **tx)
            .await
            .map_err(db_err)?;
            sqlx::query("UPDATE allocation SET end_date = $1 WHERE id = $2")
                .bind(today)
                .bind(row.0)
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
            Some((row, choice.end_reason.as_str()))
        }
        None => None,
    };
    // The kept record's event first: the merge names it. Its lines are on the kept record, so
    // the chronology moved below leaves them where they are.
    let mut summary = wording::merged_in(merged.0, &m.name(), &request.reason);
    if let Some(approval) = &approval {
        summary.push_str(&wording::merge_approved(
            approval.requested_by,
            actor.display_name(),
        ));
    }
    let allocation_line = ended.as_ref().map(|((_, worker, team), reason)| {
        wording::allocation_ended_by_merge(worker, team, reason)
    });
    let mut lines = vec![Line {
        child: survivor,
        occurred_at: actor.at,
        kind: "records_merged",
        summary: &summary,
        significant: false,
    }];
    if let Some(line) = &allocation_line {
        lines.push(Line {
            child: survivor,
            occurred_at: actor.at,
            kind: "allocation_ended_by_merge",
            summary: line,
            significant: false,
        });
    }
    let into_survivor = tx
        .record(Event {
            actor,
            relationship: Some(survivor_access.relationship()),
            child: Some(survivor),
            action: "records_merged",
            subject: None,
            lines: &lines,
        })
        .await?;
    let merge_id: i64 = sqlx::query_scalar(
        "INSERT INTO person_merge (survivor_id, merged_id, reason, merged_at, merged_event_id, \
         ended_allocation_id, allocation_end_reason) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(survivor.0)
    .bind(merged.0)
    .bind(&request.reason)
    .bind(ts(actor.at))
    .bind(into_survivor.0)
    .bind(ended.as_ref().map(|((id, _, _), _)| *id))
    .bind(ended.as_ref().map(|(_, reason)| *reason))
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    for (_, first, then) in MOVES {
        for sql in [*first, *then] {
            sqlx::query(sql)
                .bind(merge_id)
                .bind(merged.0)
                .bind(survivor.0)
                .execute(&mut **tx)
                .await
                .map_err(db_err)?;
        }
    }
    sqlx::query("UPDATE person SET merged_into_id = $1 WHERE id = $2")
        .bind(survivor.0)
        .bind(merged.0)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    // The merged-away record's event after the moves, so its line stays on that record.
    record(
        tx,
        actor,
        Some(merged_access.relationship()),
        merged,
        "record_merged_away",
        &wording::merged_away(survivor.0, &s.name(), &request.reason),
    )
    .await?;
    Ok(MergeOutcome::Merged(merge_id))
}

/// Records a merge asked for, waiting for a second manager: the request and a line on both
/// records; nothing moves.
async fn ask_for_merge(
    tx: &mut Journal,
    survivor_access: &ChildAccess,
    merged_access: &ChildAccess,
    s: &MergeSide,
    m: &MergeSide,
    request: &MergeRequest,
    choice: Option<&journey_domain::families::merging::AllocationChoice>,
) -> StoreResult<i64> {
    let actor = survivor_access.actor();
    let Some(staff) = actor.staff.as_ref() else {
        return Err(StoreError::NotFound);
    };
    let waiting: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM person_merge_request WHERE decided_at IS NULL AND \
         ((survivor_id = $1 AND merged_id = $2) OR (survivor_id = $2 AND merged_id = $1))",
    )
    .bind(s.id.0)
    .bind(m.id.0)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_err)?;
    if waiting.is_some() {
        return Err(invalid(
            "merged",
            "A merge of these records is already waiting for a second manager to approve it",
        ));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO person_merge_request (survivor_id, merged_id, reason, keep_allocation, \
         allocation_end_reason, requested_by, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         RETURNING id",
    )
    .bind(s.id.0)
    .bind(m.id.0)
    .bind(&request.reason)
    .bind(choice.map(|c| c.keep.code()))
    .bind(choice.map(|c| c.end_reason.as_str()))
    .bind(staff.id.0)
    .bind(ts(actor.at))
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    let summary = wording::merge_requested(m.id.0, s.id.0, actor.display_name(), &request.reason);
    for access in [survivor_access, merged_access] {
        record(
            tx,
            actor,
            Some(access.relationship()),
            access.child(),
            "merge_requested",
            &summary,
        )
        .await?;
    }
    Ok(id)
}

pub async fn undo_merge(
    tx: &mut Journal,
    access: &ChildAccess,
    merge_id: i64,
) -> StoreResult<EventId> {
    let (actor, survivor) = (access.actor(), access.child());
    type Row = (
        i64,
        chrono::DateTime<chrono::Utc>,
        Option<chrono::DateTime<chrono::Utc>>,
        Option<i64>,
        Option<i64>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT m.merged_id, m.merged_at, m.undone_at, p.merged_into_id, m.ended_allocation_id \
         FROM person_merge m JOIN person p ON p.id = m.survivor_id WHERE m.id = $1 AND m.survivor_id = $2",
    )
    .bind(merge_id)
    .bind(survivor.0)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_err)?;
    let Some((merged, merged_at, undone, survivor_merged_into, ended_allocation)) = row else {
        return Err(StoreError::NotFound);
    };
    if undone.is_some() {
        return Err(invalid("merge", "This merge has already been undone"));
    }
    if actor.at > undo_until(merged_at) {
        return Err(invalid(
            "merge",
            "This merge can no longer be undone: a merge can be undone for 30 days",
        ));
    }
    // What this merge moved has since moved on with the kept record.
    if survivor_merged_into.is_some() {
        return Err(invalid(
            "merge",
            "This record has since been merged into another: undo that merge first",
        ));
    }
    let merged = PersonId(merged);
    for sql in MOVES_BACK {
        sqlx::query(*sql)
            .bind(merge_id)
            .bind(merged.0)
            .bind(survivor.0)
            .execute(&mut **tx)
            .await
            .map_err(|e| {
                if is_unique_violation(&e) {
                    invalid(
                        "merge",
                        "A number or draft this merge set aside is now held elsewhere: change that first",
                    )
                } else {
                    db_err(e)
                }
            })?;
    }
    sqlx::query("UPDATE person SET merged_into_id = NULL WHERE id = $1")
        .bind(merged.0)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    // The allocation the merge ended opens again, unless its record has been allocated since.
    let reopened: Option<(i64, String, String)> = match ended_allocation {
        Some(id) => sqlx::query_as(
            "UPDATE allocation SET end_date = NULL WHERE id = $1 AND NOT EXISTS \
             (SELECT 1 FROM allocation o WHERE o.child_id = allocation.child_id AND o.end_date IS NULL) \
             RETURNING child_id, (SELECT display_name FROM staff WHERE id = worker_id), \
             (SELECT name FROM team WHERE id = team_id)",
        )
        .bind(id)
        .fetch_optional(&mut **tx)
        .await
        .map_err(db_err)?,
        None => None,
    };
    // Recorded after the moves back, so each line stays on its own record.
    let summary = wording::merge_undone(merged.0, survivor.0);
    let reopened_line = reopened.as_ref().map(|(child, worker, team)| {
        (
            PersonId(*child),
            wording::allocation_reopened_by_undo(worker, team),
        )
    });
    let mut on_survivor = None;
    for child in [survivor, merged] {
        let mut lines = vec![Line {
            child,
            occurred_at: actor.at,
            kind: "merge_undone",
            summary: &summary,
            significant: false,
        }];
        if let Some((on, line)) = reopened_line.as_ref().filter(|(on, _)| *on == child) {
            lines.push(Line {
                child: *on,
                occurred_at: actor.at,
                kind: "allocation_reopened",
                summary: line,
                significant: false,
            });
        }
        let event = tx
            .record(Event {
                actor,
                relationship: Some(access.relationship()),
                child: Some(child),
                action: "merge_undone",
                subject: None,
                lines: &lines,
            })
            .await?;
        on_survivor.get_or_insert(event);
    }
    let on_survivor = on_survivor.ok_or(StoreError::NotFound)?;
    sqlx::query("UPDATE person_merge SET undone_at = $1, undone_event_id = $2 WHERE id = $3")
        .bind(ts(actor.at))
        .bind(on_survivor.0)
        .bind(merge_id)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    Ok(on_survivor)
}

/// Every column that refers to a person by a foreign key, read from the schema, with how many
/// rows name `person`.
pub async fn person_references(
    conn: &mut Conn,
    person: PersonId,
) -> StoreResult<Vec<(String, i64)>> {
    let columns = person_foreign_keys(conn).await?;
    let mut counts = Vec::with_capacity(columns.len());
    for (table, column) in columns {
        let name = format!("{table}.{column}");
        // Names from the schema itself; checked anyway before they go into a statement.
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.')
        {
            return Err(StoreError::Database(format!(
                "unexpected column name {name}"
            )));
        }
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE {column} = $1");
        let count: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(person.0)
            .fetch_one(&mut *conn)
            .await
            .map_err(db_err)?;
        counts.push((name, count));
    }
    Ok(counts)
}
