// The pieces of a change to children's records, each inside the caller's transaction (a
// `Journal`, which derefs to `Conn`). Written once for both databases: `include!`d by each
// backend's `writes.rs` (names from its `dialect.rs`).

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::access::{Action, decide};
use journey_domain::families::sound::sound_key;
use journey_domain::ids::{PersonId, StaffId, TeamId};
use journey_domain::person::{Sex, name_key};
use journey_domain::staff::Role;
use journey_domain::validation::FieldErrors;
use journey_store::{ChildAccess, StoreError, StoreResult};

/// A person to record, with the name keys that search uses derived from the names.
pub struct NewPerson<'a> {
    pub given: &'a str,
    pub family: &'a str,
    pub born: Option<NaiveDate>,
    pub expected: Option<NaiveDate>,
    pub sex: Sex,
    pub is_child: bool,
}

pub async fn insert_person(
    tx: &mut Conn,
    person: &NewPerson<'_>,
    at: DateTime<Utc>,
) -> StoreResult<PersonId> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO person (given_name, family_name, given_key, family_key, date_of_birth, \
         expected_date_of_birth, sex, is_child, created_at, given_sound, family_sound) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(person.given)
    .bind(person.family)
    .bind(name_key(person.given))
    .bind(name_key(person.family))
    .bind(person.born)
    .bind(person.expected)
    .bind(person.sex.code())
    .bind(person.is_child)
    .bind(ts(at))
    .bind(sound_key(person.given))
    .bind(sound_key(person.family))
    .fetch_one(&mut *tx)
    .await
    .map_err(db_err)?;
    Ok(PersonId(id))
}

/// Records a relationship from the child's side: `relative` is the child's `kind`.
pub async fn relate(
    tx: &mut Conn,
    relative: PersonId,
    child: PersonId,
    kind: &str,
) -> StoreResult<()> {
    sqlx::query(
        "INSERT INTO person_relationship (person_id, related_person_id, kind) VALUES ($1, $2, $3)",
    )
    .bind(relative.0)
    .bind(child.0)
    .bind(kind)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    Ok(())
}

/// Ends any open allocation of the child and starts a new one. Returns the worker's and the
/// team's names, for the chronology.
pub async fn allocation(
    tx: &mut Conn,
    child: PersonId,
    worker: StaffId,
    team: TeamId,
    from: NaiveDate,
) -> StoreResult<(String, String)> {
    let names: Option<(String, String, String)> = sqlx::query_as(
        "SELECT s.display_name, s.role, t.name FROM staff s, team t WHERE s.id = $1 AND t.id = $2",
    )
    .bind(worker.0)
    .bind(team.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let Some((worker_name, role, team_name)) = names else {
        return Err(StoreError::Invalid(FieldErrors::single(
            "worker",
            "Choose a worker and a team that exist",
        )));
    };
    if !Role::from_code(&role).is_some_and(Role::can_be_allocated) {
        return Err(StoreError::Invalid(FieldErrors::single(
            "worker",
            "Choose a social worker or team manager to allocate the child to",
        )));
    }
    sqlx::query("UPDATE allocation SET end_date = $1 WHERE child_id = $2 AND end_date IS NULL")
        .bind(from)
        .bind(child.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    leave_unallocated_list(tx, child, from).await?;
    sqlx::query(
        "INSERT INTO allocation (child_id, worker_id, team_id, start_date) VALUES ($1, $2, $3, $4)",
    )
    .bind(child.0)
    .bind(worker.0)
    .bind(team.0)
    .bind(from)
    .execute(&mut *tx)
    .await
    .map_err(not_found_on_foreign_key)?;
    Ok((worker_name, team_name))
}

/// Puts the child in `team`'s unallocated list from `from`, leaving any list they were in;
/// `reason` is the SSDA903 code of the change that put them there (none for a new child).
pub async fn into_unallocated_list(
    tx: &mut Conn,
    child: PersonId,
    team: TeamId,
    from: NaiveDate,
    reason: Option<&str>,
) -> StoreResult<()> {
    leave_unallocated_list(tx, child, from).await?;
    sqlx::query(
        "INSERT INTO unallocated (child_id, team_id, start_date, reason) VALUES ($1, $2, $3, $4)",
    )
    .bind(child.0)
    .bind(team.0)
    .bind(from)
    .bind(reason)
    .execute(&mut *tx)
    .await
    .map_err(not_found_on_foreign_key)?;
    Ok(())
}

/// Takes the child out of any unallocated list from `from` (they are allocated, or moved on).
pub async fn leave_unallocated_list(
    tx: &mut Conn,
    child: PersonId,
    from: NaiveDate,
) -> StoreResult<()> {
    sqlx::query("UPDATE unallocated SET end_date = $1 WHERE child_id = $2 AND end_date IS NULL")
        .bind(from)
        .bind(child.0)
        .execute(&mut *tx)
        .await
        .map_err(db_err)?;
    Ok(())
}

/// Makes `officer` the child's reviewing officer from `from`, ending any previous one.
/// Returns the officer's name, for the chronology.
pub async fn reviewing_officer(
    tx: &mut Conn,
    child: PersonId,
    officer: StaffId,
    from: NaiveDate,
) -> StoreResult<String> {
    let name: Option<String> =
        sqlx::query_scalar("SELECT display_name FROM staff WHERE id = $1 AND role = $2")
            .bind(officer.0)
            .bind(Role::ReviewingOfficer.code())
            .fetch_optional(&mut *tx)
            .await
            .map_err(db_err)?;
    let Some(name) = name else {
        return Err(StoreError::Invalid(FieldErrors::single(
            "officer",
            "Choose an independent reviewing officer",
        )));
    };
    sqlx::query(
        "UPDATE reviewing_officer_assignment SET end_date = $1 WHERE child_id = $2 AND end_date IS NULL",
    )
    .bind(from)
    .bind(child.0)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    sqlx::query(
        "INSERT INTO reviewing_officer_assignment (child_id, officer_id, start_date) VALUES ($1, $2, $3)",
    )
    .bind(child.0)
    .bind(officer.0)
    .bind(from)
    .execute(&mut *tx)
    .await
    .map_err(not_found_on_foreign_key)?;
    Ok(name)
}

/// Locks the child's row for a step of a process (two people at once are told in turn, and the
/// step's gate is asked again after the lock). `NotFound` unless it is a child whose record is
/// in use (not merged away).
pub async fn lock_child(tx: &mut Conn, child: PersonId) -> StoreResult<()> {
    let found: Option<i64> = sqlx::query_scalar(concat!(
        "SELECT id FROM person WHERE id = $1 AND is_child AND merged_into_id IS NULL",
        for_update!()
    ))
    .bind(child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// Refuses a proof that does not allow `action`, whatever the caller checked: answered as
/// for a record that does not exist.
pub fn proof_allows(access: &ChildAccess, action: Action) -> StoreResult<()> {
    let role = access.actor().staff.as_ref().map(|s| s.role);
    match role.map(|role| decide(role, &[access.relationship()], action)) {
        Some(Ok(_)) => Ok(()),
        _ => Err(StoreError::NotFound),
    }
}

/// Fails with `NotFound` unless the person exists (before writing anything about them).
pub async fn person_exists(tx: &mut Conn, person: PersonId) -> StoreResult<()> {
    let found: Option<i32> = sqlx::query_scalar("SELECT 1 FROM person WHERE id = $1")
        .bind(person.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
    found.map(|_| ()).ok_or(StoreError::NotFound)
}

/// The child a change refers to does not exist.
fn not_found_on_foreign_key(e: sqlx::Error) -> StoreError {
    if is_foreign_key_violation(&e) {
        StoreError::NotFound
    } else {
        db_err(e)
    }
}
