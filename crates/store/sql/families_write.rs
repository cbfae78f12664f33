// Changes to families, each one journal (transaction) with its chronology line and audit
// record. Written once for both databases: `include!`d by each backend's `families_write.rs`
// (names from its `dialect.rs`), which also brings in the records capability's `NewPerson` and
// `insert_person` (`writes.rs`).

use chrono::NaiveDate;
use journey_domain::access::Relationship;
use journey_domain::families::kinds::{Side, other_is};
use journey_domain::families::relationship::{NewRelationship, Relative};
use journey_domain::families::{RelationshipKind, wording};
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person::Sex;
use journey_domain::validation::FieldErrors;
use journey_store::{Actor, ChildAccess, StoreError, StoreResult};

use crate::families_read::child_name;
use crate::journal::{Event, Journal, Line};
use crate::writes::{NewPerson, insert_person};

fn invalid(field: &str, message: &str) -> StoreError {
    StoreError::Invalid(FieldErrors::single(field, message))
}

/// Records `action` on `child`'s record with its one chronology line, of the same kind, dated
/// when it was recorded.
async fn record(
    tx: &mut Journal,
    actor: &Actor,
    relationship: Option<Relationship>,
    child: PersonId,
    action: &str,
    summary: &str,
) -> StoreResult<EventId> {
    tx.record(Event {
        actor,
        relationship,
        child: Some(child),
        action,
        subject: None,
        lines: &[Line {
            child,
            occurred_at: actor.at,
            kind: action,
            summary,
            significant: false,
        }],
    })
    .await
}

pub async fn add_relationship(
    tx: &mut Journal,
    access: &ChildAccess,
    new: &NewRelationship,
) -> StoreResult<EventId> {
    let (actor, child) = (access.actor(), access.child());
    let (child_given, _) = child_name(tx, child).await?;
    let (relative, name, sex) = match &new.relative {
        Relative::Existing(id) => {
            let row: Option<(String, String, String)> = sqlx::query_as(
                "SELECT given_name, family_name, sex FROM person WHERE id = $1 AND merged_into_id IS NULL",
            )
            .bind(id.0)
            .fetch_optional(&mut **tx)
            .await
            .map_err(db_err)?;
            let Some((given, family, sex)) = row else {
                return Err(invalid("existing_id", "No one on Journey has this ID"));
            };
            if related_now(tx, *id, child).await? {
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
            let person = NewPerson {
                given: &adult.given_name,
                family: &adult.family_name,
                born: adult.date_of_birth,
                expected: None,
                sex: adult.sex,
                is_child: false,
            };
            (
                insert_person(tx, &person, actor.at).await?,
                format!("{} {}", adult.given_name, adult.family_name),
                adult.sex,
            )
        }
    };
    insert_relationship(tx, child, relative, new, actor.today()).await?;
    let word = other_is(new.kind, Side::FromChild, sex);
    let summary = wording::relationship_recorded(&name, word, &child_given, new.lives_with);
    let relationship = Some(access.relationship());
    record(
        tx,
        actor,
        relationship,
        child,
        "relationship_recorded",
        &summary,
    )
    .await
}

/// Writes the relationship row of `child` with `relative` (and the household membership, when
/// they live together); returns the relationship's id. The caller records the event.
pub(crate) async fn insert_relationship(
    tx: &mut Journal,
    child: PersonId,
    relative: PersonId,
    new: &NewRelationship,
    today: NaiveDate,
) -> StoreResult<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO person_relationship (person_id, related_person_id, kind, start_date) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(relative.0)
    .bind(child.0)
    .bind(new.kind.code())
    .bind(new.start)
    .fetch_one(&mut **tx)
    .await
    .map_err(db_err)?;
    if new.lives_with {
        sqlx::query(
            "INSERT INTO household_member (child_id, person_id, start_date) VALUES ($1, $2, $3)",
        )
        .bind(child.0)
        .bind(relative.0)
        .bind(new.start.unwrap_or(today))
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    }
    Ok(id)
}

/// Whether a relationship of `a` and `b` is in force (recorded from either side).
pub(crate) async fn related_now(tx: &mut Journal, a: PersonId, b: PersonId) -> StoreResult<bool> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM person_relationship WHERE end_date IS NULL AND \
         ((person_id = $1 AND related_person_id = $2) OR (person_id = $2 AND related_person_id = $1))",
    )
    .bind(a.0)
    .bind(b.0)
    .fetch_optional(&mut **tx)
    .await
    .map_err(db_err)?;
    Ok(open.is_some())
}

pub async fn end_relationship(
    tx: &mut Journal,
    access: &ChildAccess,
    relationship_id: i64,
    end: NaiveDate,
) -> StoreResult<EventId> {
    let (actor, child) = (access.actor(), access.child());
    let (child_given, _) = child_name(tx, child).await?;
    let row: Option<(i64, i64, String, Option<NaiveDate>)> = sqlx::query_as(
        "SELECT person_id, related_person_id, kind, start_date FROM person_relationship \
         WHERE id = $1 AND end_date IS NULL AND (person_id = $2 OR related_person_id = $2)",
    )
    .bind(relationship_id)
    .bind(child.0)
    .fetch_optional(&mut **tx)
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
            .fetch_one(&mut **tx)
            .await
            .map_err(db_err)?;
    sqlx::query("UPDATE person_relationship SET end_date = $1 WHERE id = $2")
        .bind(end)
        .bind(relationship_id)
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    sqlx::query(
        "UPDATE household_member SET end_date = $1 WHERE child_id = $2 AND person_id = $3 AND end_date IS NULL",
    )
    .bind(end)
    .bind(child.0)
    .bind(other)
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    let sex = Sex::from_code(&sex).unwrap_or(Sex::NotKnown);
    let side = if child_side {
        Side::FromChild
    } else {
        Side::FromRelative
    };
    let word = RelationshipKind::from_code(&kind).map_or("relative", |k| other_is(k, side, sex));
    let summary =
        wording::relationship_ended(&format!("{given} {family}"), word, &child_given, end);
    let relationship = Some(access.relationship());
    record(
        tx,
        actor,
        relationship,
        child,
        "relationship_ended",
        &summary,
    )
    .await
}

pub async fn join_household(
    tx: &mut Journal,
    access: &ChildAccess,
    person: PersonId,
    from: NaiveDate,
) -> StoreResult<EventId> {
    let (actor, child) = (access.actor(), access.child());
    let (child_given, _) = child_name(tx, child).await?;
    let name: Option<String> = sqlx::query_scalar(
        "SELECT given_name || ' ' || family_name FROM person WHERE id = $1 AND id <> $2 AND merged_into_id IS NULL",
    )
    .bind(person.0)
    .bind(child.0)
    .fetch_optional(&mut **tx)
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
    .fetch_optional(&mut **tx)
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
    .execute(&mut **tx)
    .await
    .map_err(db_err)?;
    let summary = wording::joined_household(&name, &child_given, from);
    let relationship = Some(access.relationship());
    record(tx, actor, relationship, child, "joined_household", &summary).await
}

pub async fn leave_household(
    tx: &mut Journal,
    access: &ChildAccess,
    membership_id: i64,
    end: NaiveDate,
) -> StoreResult<EventId> {
    let (actor, child) = (access.actor(), access.child());
    let (child_given, _) = child_name(tx, child).await?;
    let row: Option<(NaiveDate, String)> = sqlx::query_as(
        "SELECT h.start_date, p.given_name || ' ' || p.family_name FROM household_member h \
         JOIN person p ON p.id = h.person_id WHERE h.id = $1 AND h.child_id = $2 AND h.end_date IS NULL",
    )
    .bind(membership_id)
    .bind(child.0)
    .fetch_optional(&mut **tx)
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
        .execute(&mut **tx)
        .await
        .map_err(db_err)?;
    let summary = wording::left_household(&name, &child_given, end);
    let relationship = Some(access.relationship());
    record(tx, actor, relationship, child, "left_household", &summary).await
}
