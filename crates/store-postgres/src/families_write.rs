//! Changes to families, each one transaction with its chronology lines and audit records.

use journey_domain::access::Relationship;
use journey_domain::families::kinds::{Side, other_is};
use journey_domain::families::relationship::{NewRelationship, Relative};
use journey_domain::families::{RelationshipKind, wording};
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person::Sex;
use journey_domain::validation::FieldErrors;
use journey_store::{Actor, ChildAccess, MergeRequest, StoreError, StoreResult};
use sqlx::PgConnection;

use crate::codec::db_err;
use crate::families_read::child_name;
use crate::journal::{Line, audit, chronology};
use crate::writes::{NewPerson, insert_person};

fn invalid(field: &str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::single(field, message))
}

async fn line(
    tx: &mut PgConnection,
    actor: &Actor,
    event: EventId,
    child: PersonId,
    kind: &str,
    summary: &str,
) -> StoreResult<()> {
    chronology(
        tx,
        event,
        actor.display_name(),
        &[Line {
            child,
            occurred_at: actor.at,
            kind,
            summary,
            significant: false,
        }],
    )
    .await
}

pub async fn add_relationship(
    tx: &mut PgConnection,
    access: &ChildAccess,
    new: &NewRelationship,
) -> StoreResult<EventId> {
    let child = access.child;
    let (child_given, _) = child_name(tx, child).await?;
    let (relative, name, sex) = match &new.relative {
        Relative::Existing(id) => {
            let row: Option<(String, String, String)> = sqlx::query_as(
                "SELECT given_name, family_name, sex FROM person WHERE id = $1 AND merged_into_id IS NULL",
            )
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
            let Some((given, family, sex)) = row else {
                return Err(invalid("existing_id", "No one on Journey has this ID"));
            };
            let open: Option<i64> = sqlx::query_scalar(
                "SELECT id FROM person_relationship WHERE end_date IS NULL AND \
                 ((person_id = $1 AND related_person_id = $2) OR (person_id = $2 AND related_person_id = $1))",
            )
            .bind(id.0)
            .bind(child.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
            if open.is_some() {
                return Err(invalid(
                    "existing_id",
                    "A relationship with this person is already recorded: end it first to record a different one",
                ));
            }
            (
                *id,
                format!("{given} {family}"),
                Sex::from_code(&sex).unwrap_or(Sex::NotKnown),
            )
        }
        Relative::New(adult) => {
            let id = insert_person(
                tx,
                &NewPerson {
                    given: &adult.given_name,
                    family: &adult.family_name,
                    born: adult.date_of_birth,
                    expected: None,
                    sex: adult.sex,
                    is_child: false,
                },
                access.actor.at,
            )
            .await?;
            (
                id,
                format!("{} {}", adult.given_name, adult.family_name),
                adult.sex,
            )
        }
    };
    sqlx::query(
        "INSERT INTO person_relationship (person_id, related_person_id, kind, start_date) VALUES ($1, $2, $3, $4)",
    )
    .bind(relative.0)
    .bind(child.0)
    .bind(new.kind.code())
    .bind(new.start)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if new.lives_with {
        sqlx::query(
            "INSERT INTO household_member (child_id, person_id, start_date) VALUES ($1, $2, $3)",
        )
        .bind(child.0)
        .bind(relative.0)
        .bind(new.start.unwrap_or(access.actor.at.date_naive()))
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    }
    let event = audit(
        tx,
        &access.actor,
        Some(access.relationship),
        Some(child),
        "relationship_recorded",
    )
    .await?;
    let word = other_is(new.kind, Side::FromChild, sex);
    let summary = wording::relationship_recorded(&name, word, &child_given, new.lives_with);
    line(
        tx,
        &access.actor,
        event,
        child,
        "relationship_recorded",
        &summary,
    )
    .await?;
    Ok(event)
}

pub async fn end_relationship(
    tx: &mut PgConnection,
    access: &ChildAccess,
    relationship_id: i64,
    end: chrono::NaiveDate,
) -> StoreResult<EventId> {
    let child = access.child;
    let (child_given, _) = child_name(tx, child).await?;
    let row: Option<(i64, i64, String, Option<chrono::NaiveDate>)> = sqlx::query_as(
        "SELECT person_id, related_person_id, kind, start_date FROM person_relationship \
         WHERE id = $1 AND end_date IS NULL AND (person_id = $2 OR related_person_id = $2)",
    )
    .bind(relationship_id)
    .bind(child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some((person, related, kind, start)) = row else {
        return Err(StoreError::NotFound);
    };
    if start.is_some_and(|s| end < s) {
        return Err(invalid(
            "end",
            "The end date must be on or after the date it started",
        ));
    }
    let (child_side, other) = if related == child.0 {
        (true, person)
    } else {
        (false, related)
    };
    let (given, family, sex): (String, String, String) =
        sqlx::query_as("SELECT given_name, family_name, sex FROM person WHERE id = $1")
            .bind(other)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
    sqlx::query("UPDATE person_relationship SET end_date = $1 WHERE id = $2")
        .bind(end)
        .bind(relationship_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    sqlx::query(
        "UPDATE household_member SET end_date = $1 WHERE child_id = $2 AND person_id = $3 AND end_date IS NULL",
    )
    .bind(end)
    .bind(child.0)
    .bind(other)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    let event = audit(
        tx,
        &access.actor,
        Some(access.relationship),
        Some(child),
        "relationship_ended",
    )
    .await?;
    let sex = Sex::from_code(&sex).unwrap_or(Sex::NotKnown);
    let side = if child_side {
        Side::FromChild
    } else {
        Side::FromRelative
    };
    let word = RelationshipKind::from_code(&kind).map_or("relative", |k| other_is(k, side, sex));
    let summary =
        wording::relationship_ended(&format!("{given} {family}"), word, &child_given, end);
    line(
        tx,
        &access.actor,
        event,
        child,
        "relationship_ended",
        &summary,
    )
    .await?;
    Ok(event)
}

pub async fn join_household(
    tx: &mut PgConnection,
    access: &ChildAccess,
    person: PersonId,
    from: chrono::NaiveDate,
) -> StoreResult<EventId> {
    let child = access.child;
    let (child_given, _) = child_name(tx, child).await?;
    let name: Option<String> = sqlx::query_scalar(
        "SELECT given_name || ' ' || family_name FROM person WHERE id = $1 AND id <> $2 AND merged_into_id IS NULL",
    )
    .bind(person.0)
    .bind(child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some(name) = name else {
        return Err(invalid("person", "No one else on Journey has this ID"));
    };
    let already: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM household_member WHERE child_id = $1 AND person_id = $2 AND end_date IS NULL",
    )
    .bind(child.0)
    .bind(person.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    if already.is_some() {
        return Err(invalid(
            "person",
            "This person already lives with the child",
        ));
    }
    sqlx::query(
        "INSERT INTO household_member (child_id, person_id, start_date) VALUES ($1, $2, $3)",
    )
    .bind(child.0)
    .bind(person.0)
    .bind(from)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    let event = audit(
        tx,
        &access.actor,
        Some(access.relationship),
        Some(child),
        "joined_household",
    )
    .await?;
    let summary = wording::joined_household(&name, &child_given, from);
    line(
        tx,
        &access.actor,
        event,
        child,
        "joined_household",
        &summary,
    )
    .await?;
    Ok(event)
}

pub async fn leave_household(
    tx: &mut PgConnection,
    access: &ChildAccess,
    membership_id: i64,
    end: chrono::NaiveDate,
) -> StoreResult<EventId> {
    let child = access.child;
    let (child_given, _) = child_name(tx, child).await?;
    let row: Option<(chrono::NaiveDate, String)> = sqlx::query_as(
        "SELECT h.start_date, p.given_name || ' ' || p.family_name FROM household_member h \
         JOIN person p ON p.id = h.person_id WHERE h.id = $1 AND h.child_id = $2 AND h.end_date IS NULL",
    )
    .bind(membership_id)
    .bind(child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some((start, name)) = row else {
        return Err(StoreError::NotFound);
    };
    if end < start {
        return Err(invalid(
            "end",
            "The end date must be on or after the date they moved in",
        ));
    }
    sqlx::query("UPDATE household_member SET end_date = $1 WHERE id = $2")
        .bind(end)
        .bind(membership_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let event = audit(
        tx,
        &access.actor,
        Some(access.relationship),
        Some(child),
        "left_household",
    )
    .await?;
    let summary = wording::left_household(&name, &child_given, end);
    line(tx, &access.actor, event, child, "left_household", &summary).await?;
    Ok(event)
}

/// What a merge moves: (item, the statement remembering the rows, the statement moving them).
/// `$1` is the merge, `$2` the merged record, `$3` the survivor.
const MOVES: &[(&str, &str, &str)] = &[
    (
        "chronology",
        "INSERT INTO person_merge_move (merge_id, item, row_id, ordinal) SELECT $1, 'chronology', event_id, ordinal FROM chronology_entry WHERE child_id = $2 AND $3 > 0",
        "UPDATE chronology_entry SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
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
        "reviewing_officer",
        "INSERT INTO person_merge_move (merge_id, item, row_id) SELECT $1, 'reviewing_officer', id FROM reviewing_officer_assignment WHERE child_id = $2 AND $3 > 0",
        "UPDATE reviewing_officer_assignment SET child_id = $3 WHERE child_id = $2 AND $1 > 0",
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
];

/// Undoing moves exactly the remembered rows back. `$1` merge, `$2` merged record, `$3` survivor.
const MOVES_BACK: &[&str] = &[
    "UPDATE chronology_entry SET child_id = $2 WHERE child_id = $3 AND (event_id, ordinal) IN \
     (SELECT row_id, ordinal FROM person_merge_move WHERE merge_id = $1 AND item = 'chronology')",
    "UPDATE person_relationship SET person_id = $2 WHERE person_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'relationship_person')",
    "UPDATE person_relationship SET related_person_id = $2 WHERE related_person_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'relationship_related')",
    "UPDATE allocation SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'allocation')",
    "UPDATE reviewing_officer_assignment SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'reviewing_officer')",
    "UPDATE household_member SET child_id = $2 WHERE child_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'household_child')",
    "UPDATE household_member SET person_id = $2 WHERE person_id = $3 AND id IN \
     (SELECT row_id FROM person_merge_move WHERE merge_id = $1 AND item = 'household_person')",
];

async fn open_allocation(tx: &mut PgConnection, child: PersonId) -> StoreResult<bool> {
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
    tx: &mut PgConnection,
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
    .fetch_optional(&mut *tx)
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
    let into_survivor = audit(
        tx,
        actor,
        Some(relationship),
        Some(survivor),
        "records_merged",
    )
    .await?;
    let out_of_merged = audit(
        tx,
        actor,
        merged_relationship,
        Some(merged),
        "record_merged_away",
    )
    .await?;
    let merge_id: i64 = sqlx::query_scalar(
        "INSERT INTO person_merge (survivor_id, merged_id, reason, merged_at, merged_event_id) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(survivor.0)
    .bind(merged.0)
    .bind(&merge.reason)
    .bind(actor.at)
    .bind(into_survivor.0)
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    for (_, remember, apply) in MOVES {
        for sql in [*remember, *apply] {
            sqlx::query(sql)
                .bind(merge_id)
                .bind(merged.0)
                .bind(survivor.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
    }
    sqlx::query("UPDATE person SET merged_into_id = $1 WHERE id = $2")
        .bind(survivor.0)
        .bind(merged.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let merged_name = format!("{mg} {mf}");
    let survivor_name = format!("{sg} {sf}");
    line(
        tx,
        actor,
        into_survivor,
        survivor,
        "records_merged",
        &wording::merged_in(merged.0, &merged_name, &merge.reason),
    )
    .await?;
    line(
        tx,
        actor,
        out_of_merged,
        merged,
        "record_merged_away",
        &wording::merged_away(survivor.0, &survivor_name, &merge.reason),
    )
    .await?;
    Ok(merge_id)
}

pub async fn undo_merge(
    tx: &mut PgConnection,
    actor: &Actor,
    relationship: Relationship,
    survivor: PersonId,
    merge_id: i64,
) -> StoreResult<EventId> {
    let row: Option<(i64, Option<chrono::DateTime<chrono::Utc>>)> = sqlx::query_as(
        "SELECT merged_id, undone_at FROM person_merge WHERE id = $1 AND survivor_id = $2",
    )
    .bind(merge_id)
    .bind(survivor.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some((merged, undone)) = row else {
        return Err(StoreError::NotFound);
    };
    if undone.is_some() {
        return Err(invalid("merge", "This merge has already been undone"));
    }
    let merged = PersonId(merged);
    for sql in MOVES_BACK {
        sqlx::query(*sql)
            .bind(merge_id)
            .bind(merged.0)
            .bind(survivor.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
    }
    sqlx::query("UPDATE person SET merged_into_id = NULL WHERE id = $1")
        .bind(merged.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let on_survivor = audit(
        tx,
        actor,
        Some(relationship),
        Some(survivor),
        "merge_undone",
    )
    .await?;
    let on_merged = audit(tx, actor, None, Some(merged), "merge_undone").await?;
    sqlx::query("UPDATE person_merge SET undone_at = $1, undone_event_id = $2 WHERE id = $3")
        .bind(actor.at)
        .bind(on_survivor.0)
        .bind(merge_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    let summary = wording::merge_undone(merged.0, survivor.0);
    line(tx, actor, on_survivor, survivor, "merge_undone", &summary).await?;
    line(tx, actor, on_merged, merged, "merge_undone", &summary).await?;
    Ok(on_survivor)
}
