//! Changes to families, each one transaction with its chronology lines and audit records.

use journey_domain::families::kinds::{Side, other_is};
use journey_domain::families::relationship::{NewRelationship, Relative};
use journey_domain::families::{RelationshipKind, wording};
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person::Sex;
use journey_domain::validation::FieldErrors;
use journey_store::{Actor, ChildAccess, StoreError, StoreResult};
use sqlx::SqliteConnection;

use crate::codec::{date, db_err, parse_opt_date, ts};
use crate::families_read::child_name;
use crate::journal::{Line, audit, chronology};
use crate::records::{PersonRow, insert_person};

mod merge;
pub use merge::{merge_records, person_references, undo_merge};

fn invalid(field: &str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::single(field, message))
}

async fn line(
    tx: &mut SqliteConnection,
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
    tx: &mut SqliteConnection,
    access: &ChildAccess,
    new: &NewRelationship,
) -> StoreResult<EventId> {
    let child = access.child;
    let (child_given, _) = child_name(tx, child).await?;
    let (relative, name, sex) = match &new.relative {
        Relative::Existing(id) => {
            let row: Option<(String, String, String)> = sqlx::query_as(
                "SELECT given_name, family_name, sex FROM person WHERE id = ?1 AND merged_into_id IS NULL",
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
                 ((person_id = ?1 AND related_person_id = ?2) OR (person_id = ?2 AND related_person_id = ?1))",
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
                &PersonRow {
                    given: &adult.given_name,
                    family: &adult.family_name,
                    born: adult.date_of_birth,
                    expected: None,
                    sex: adult.sex,
                    is_child: false,
                },
                &ts(access.actor.at),
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
        "INSERT INTO person_relationship (person_id, related_person_id, kind, start_date) VALUES (?1, ?2, ?3, ?4)",
    )
    .bind(relative.0)
    .bind(child.0)
    .bind(new.kind.code())
    .bind(new.start.map(date))
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    if new.lives_with {
        sqlx::query(
            "INSERT INTO household_member (child_id, person_id, start_date) VALUES (?1, ?2, ?3)",
        )
        .bind(child.0)
        .bind(relative.0)
        .bind(date(new.start.unwrap_or(access.actor.today())))
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
    tx: &mut SqliteConnection,
    access: &ChildAccess,
    relationship_id: i64,
    end: chrono::NaiveDate,
) -> StoreResult<EventId> {
    let child = access.child;
    let (child_given, _) = child_name(tx, child).await?;
    let row: Option<(i64, i64, String, Option<String>)> = sqlx::query_as(
        "SELECT person_id, related_person_id, kind, start_date FROM person_relationship \
         WHERE id = ?1 AND end_date IS NULL AND (person_id = ?2 OR related_person_id = ?2)",
    )
    .bind(relationship_id)
    .bind(child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some((person, related, kind, start)) = row else {
        return Err(StoreError::NotFound);
    };
    if parse_opt_date(start)?.is_some_and(|s| end < s) {
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
        sqlx::query_as("SELECT given_name, family_name, sex FROM person WHERE id = ?1")
            .bind(other)
            .fetch_one(&mut *tx)
            .await
            .map_err(db_err)?;
    sqlx::query("UPDATE person_relationship SET end_date = ?1 WHERE id = ?2")
        .bind(date(end))
        .bind(relationship_id)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    sqlx::query(
        "UPDATE household_member SET end_date = ?1 WHERE child_id = ?2 AND person_id = ?3 AND end_date IS NULL",
    )
    .bind(date(end))
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
    tx: &mut SqliteConnection,
    access: &ChildAccess,
    person: PersonId,
    from: chrono::NaiveDate,
) -> StoreResult<EventId> {
    let child = access.child;
    let (child_given, _) = child_name(tx, child).await?;
    let name: Option<String> = sqlx::query_scalar(
        "SELECT given_name || ' ' || family_name FROM person WHERE id = ?1 AND id <> ?2 AND merged_into_id IS NULL",
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
        "SELECT id FROM household_member WHERE child_id = ?1 AND person_id = ?2 AND end_date IS NULL",
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
        "INSERT INTO household_member (child_id, person_id, start_date) VALUES (?1, ?2, ?3)",
    )
    .bind(child.0)
    .bind(person.0)
    .bind(date(from))
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
    tx: &mut SqliteConnection,
    access: &ChildAccess,
    membership_id: i64,
    end: chrono::NaiveDate,
) -> StoreResult<EventId> {
    let child = access.child;
    let (child_given, _) = child_name(tx, child).await?;
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT h.start_date, p.given_name || ' ' || p.family_name FROM household_member h \
         JOIN person p ON p.id = h.person_id WHERE h.id = ?1 AND h.child_id = ?2 AND h.end_date IS NULL",
    )
    .bind(membership_id)
    .bind(child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some((start, name)) = row else {
        return Err(StoreError::NotFound);
    };
    if parse_opt_date(Some(start))?.is_some_and(|s| end < s) {
        return Err(invalid(
            "end",
            "The end date must be on or after the date they moved in",
        ));
    }
    sqlx::query("UPDATE household_member SET end_date = ?1 WHERE id = ?2")
        .bind(date(end))
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
