// Someone related to a child, for their own details page. Written once for both databases:
// `include!`d by each backend's `families_read/related.rs` (names from its `dialect.rs`).

use chrono::NaiveDate;
use journey_domain::ids::PersonId;
use journey_domain::person::Sex;
use journey_store::{ChildTie, RelatedPersonDetails, StoreError, StoreResult};

use super::ties;
use crate::person_details_read::{addresses_of, demographics, warnings_of};

/// `NotFound` unless `person` is related to `child` (either side, current or ended) or lives
/// or has lived with them (either way round).
pub async fn related_person(
    conn: &mut Conn,
    child: PersonId,
    person: PersonId,
    today: NaiveDate,
) -> StoreResult<RelatedPersonDetails> {
    let tied: Option<i32> = sqlx::query_scalar(
        "SELECT 1 FROM person_relationship WHERE $1 <> $2 AND \
         ((person_id = $1 AND related_person_id = $2) OR (person_id = $2 AND related_person_id = $1)) \
         UNION ALL SELECT 1 FROM household_member WHERE \
         (child_id = $1 AND person_id = $2) OR (child_id = $2 AND person_id = $1) LIMIT 1",
    )
    .bind(child.0)
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    if tied.is_none() {
        return Err(StoreError::NotFound);
    }
    let row: Option<(String, String, Option<NaiveDate>, String, bool)> = sqlx::query_as(
        "SELECT given_name, family_name, date_of_birth, sex, is_child FROM person \
         WHERE id = $1 AND merged_into_id IS NULL",
    )
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let (given_name, family_name, born, sex, is_child) = row.ok_or(StoreError::NotFound)?;
    let sex = Sex::from_code(&sex).unwrap_or(Sex::NotKnown);
    let identifiers = demographics(conn, person).await?;
    let living_with: Vec<i64> = sqlx::query_scalar(
        "SELECT child_id FROM household_member WHERE person_id = $1 \
         AND (end_date IS NULL OR end_date > $2)",
    )
    .bind(person.0)
    .bind(today)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    let name = format!("{given_name} {family_name}");
    let mut children: Vec<ChildTie> = ties(conn, person)
        .await?
        .iter()
        .filter(|t| t.is_child)
        .map(|t| {
            let lives_with = t.is_current(today) && living_with.contains(&t.other.0);
            ChildTie::from_row(t, &name, sex, lives_with)
        })
        .collect();
    // Current first, keeping the oldest-first order within each.
    children.sort_by_key(|t| t.end.is_some_and(|end| end <= today));
    Ok(RelatedPersonDetails {
        id: person,
        given_name,
        family_name,
        date_of_birth: born,
        sex,
        is_child,
        upn: identifiers.upn,
        nhs_number: identifiers.nhs_number,
        addresses: addresses_of(conn, person).await?,
        warnings: warnings_of(conn, person).await?,
        children,
    })
}
