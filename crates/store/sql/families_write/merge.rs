// Merging two records of one person, and undoing it: everything that names the merged-away
// record moves to the kept one, remembered row by row so that undoing moves exactly that back.
// `journey_store::families::MERGE_MOVES` lists the columns; the contract checks the schema
// against it. Written once for both databases: `include!`d by each backend's
// `families_write/merge.rs`, which adds how a set-aside row is kept whole and put back
// (`KEEP_*`, `RESTORE_*`: each database's own JSON) and how the schema's foreign keys to
// `person` are listed (`person_foreign_keys`).

use journey_domain::access::Relationship;
use journey_domain::families::wording;
use journey_domain::ids::{EventId, PersonId};
use journey_store::{Actor, MergeRequest, StoreError, StoreResult};

use super::{invalid, record};
use crate::families_read::child_name;
use crate::journal::Journal;

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

/// Why two records cannot be merged as they stand, checked inside the merge's transaction.
/// `$1` the survivor, `$2` the merged record; each returns a row when the reason applies.
const REFUSALS: &[(&str, &str)] = &[
    (
        "SELECT 1 FROM person_relationship WHERE end_date IS NULL AND \
         ((person_id = $1 AND related_person_id = $2) OR (person_id = $2 AND related_person_id = $1))",
        "These records are recorded as related to each other, so they are two people: if that is a mistake, end the relationship first",
    ),
    (
        "SELECT 1 FROM household_member WHERE end_date IS NULL AND \
         ((child_id = $1 AND person_id = $2) OR (child_id = $2 AND person_id = $1))",
        "These records are recorded as living together, so they are two people: if that is a mistake, record that one moved out first",
    ),
    (
        "SELECT 1 FROM referral a JOIN referral b ON b.child_id = $2 AND b.closure_date IS NULL \
         WHERE a.child_id = $1 AND a.closure_date IS NULL",
        "Both records have an open child in need episode: close one of them before merging",
    ),
    (
        "SELECT 1 FROM person_demographics m JOIN person_demographics s ON s.person_id = $1 \
         WHERE m.person_id = $2 AND m.date_of_death IS NOT NULL AND s.date_of_death IS NULL",
        "That record records a death this record does not: record the death on this record first",
    ),
];

async fn open_allocation(tx: &mut Conn, child: PersonId) -> StoreResult<bool> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM allocation WHERE child_id = $1 AND end_date IS NULL LIMIT 1",
    )
    .bind(child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    Ok(open.is_some())
}

pub async fn merge_records(
    tx: &mut Journal,
    actor: &Actor,
    relationship: Relationship,
    merged_relationship: Option<Relationship>,
    merge: &MergeRequest,
) -> StoreResult<i64> {
    let (survivor, merged) = (merge.survivor, merge.merged);
    if survivor == merged {
        return Err(invalid(
            "merged",
            "Enter the Journey ID of a different record",
        ));
    }
    let (sg, sf) = child_name(tx, survivor).await?;
    let Ok((mg, mf)) = child_name(tx, merged).await else {
        return Err(invalid("merged", "No child's record has this Journey ID"));
    };
    let already: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM person WHERE id IN ($1, $2) AND merged_into_id IS NOT NULL LIMIT 1",
    )
    .bind(survivor.0)
    .bind(merged.0)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_err)?;
    if already.is_some() {
        return Err(invalid(
            "merged",
            "One of these records has already been merged into another",
        ));
    }
    let merged_held = open_allocation(tx, merged).await?;
    if merged_held && merged_relationship.is_none() {
        return Err(invalid(
            "merged",
            "That record is allocated outside your line of management: ask its team manager to merge it",
        ));
    }
    if merged_held && open_allocation(tx, survivor).await? {
        return Err(invalid(
            "merged",
            "Both records have an open allocation: end one of them before merging",
        ));
    }
    for (sql, message) in REFUSALS {
        let found: Option<i32> = sqlx::query_scalar(*sql)
            .bind(survivor.0)
            .bind(merged.0)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
        if found.is_some() {
            return Err(invalid("merged", message));
        }
    }
    // The kept record's event first: the merge names it. Its line is on the kept record, so
    // the chronology moved below leaves it where it is.
    let merged_name = format!("{mg} {mf}");
    let into_survivor = record(
        tx,
        actor,
        Some(relationship),
        survivor,
        "records_merged",
        &wording::merged_in(merged.0, &merged_name, &merge.reason),
    )
    .await?;
    let merge_id: i64 = sqlx::query_scalar(
        "INSERT INTO person_merge (survivor_id, merged_id, reason, merged_at, merged_event_id) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(survivor.0)
    .bind(merged.0)
    .bind(&merge.reason)
    .bind(ts(actor.at))
    .bind(into_survivor.0)
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
    let survivor_name = format!("{sg} {sf}");
    record(
        tx,
        actor,
        merged_relationship,
        merged,
        "record_merged_away",
        &wording::merged_away(survivor.0, &survivor_name, &merge.reason),
    )
    .await?;
    Ok(merge_id)
}

pub async fn undo_merge(
    tx: &mut Journal,
    actor: &Actor,
    relationship: Relationship,
    survivor: PersonId,
    merge_id: i64,
) -> StoreResult<EventId> {
    let row: Option<(i64, Option<chrono::DateTime<chrono::Utc>>, Option<i64>)> = sqlx::query_as(
        "SELECT m.merged_id, m.undone_at, p.merged_into_id FROM person_merge m \
         JOIN person p ON p.id = m.survivor_id WHERE m.id = $1 AND m.survivor_id = $2",
    )
    .bind(merge_id)
    .bind(survivor.0)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_err)?;
    let Some((merged, undone, survivor_merged_into)) = row else {
        return Err(StoreError::NotFound);
    };
    if undone.is_some() {
        return Err(invalid("merge", "This merge has already been undone"));
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
    // Recorded after the moves back, so each line stays on its own record.
    let summary = wording::merge_undone(merged.0, survivor.0);
    let on_survivor = record(
        tx,
        actor,
        Some(relationship),
        survivor,
        "merge_undone",
        &summary,
    )
    .await?;
    record(tx, actor, None, merged, "merge_undone", &summary).await?;
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
            .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
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
