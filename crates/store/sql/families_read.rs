// Reading families: relationships from both sides and the child's name. Written once for
// both databases: `include!`d by each backend's `families_read.rs`,
// which adds its own reads for the family page and the record page's family panel
// (`family_basics`, `family_panel`).

use chrono::NaiveDate;
use journey_domain::ids::PersonId;
use journey_domain::person::Sex;
use journey_store::{HouseholdMember, MergedInto, RelationshipRow, StoreError, StoreResult};

type TieRow = (
    i64,
    i64,
    String,
    String,
    Option<NaiveDate>,
    String,
    bool,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
);

/// Every relationship of the child's, recorded on either side, oldest first.
pub async fn ties(conn: &mut Conn, child: PersonId) -> StoreResult<Vec<RelationshipRow>> {
    let mut all = Vec::new();
    for (sql, child_side) in [
        (
            "SELECT r.id, p.id, p.given_name, p.family_name, p.date_of_birth, p.sex, p.is_child, r.kind, \
             r.start_date, r.end_date FROM person_relationship r JOIN person p ON p.id = r.person_id \
             WHERE r.related_person_id = $1 ORDER BY r.id",
            true,
        ),
        (
            "SELECT r.id, p.id, p.given_name, p.family_name, p.date_of_birth, p.sex, p.is_child, r.kind, \
             r.start_date, r.end_date FROM person_relationship r JOIN person p ON p.id = r.related_person_id \
             WHERE r.person_id = $1 ORDER BY r.id",
            false,
        ),
    ] {
        let rows: Vec<TieRow> = sqlx::query_as(sql)
            .bind(child.0)
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
        for (id, other, given_name, family_name, born, sex, is_child, kind, start, end) in rows {
            all.push(RelationshipRow {
                id,
                other: PersonId(other),
                given_name,
                family_name,
                date_of_birth: born,
                sex: Sex::from_code(&sex).unwrap_or(Sex::NotKnown),
                is_child,
                kind,
                start,
                end,
                child_side,
            });
        }
    }
    all.sort_by_key(|t| t.id);
    Ok(all)
}

/// The child's given and family names, for wording; `NotFound` unless a child's record.
pub async fn child_name(conn: &mut Conn, child: PersonId) -> StoreResult<(String, String)> {
    let row: Option<(String, String)> =
        sqlx::query_as("SELECT given_name, family_name FROM person WHERE id = $1 AND is_child")
            .bind(child.0)
            .fetch_optional(&mut *conn)
            .await
            .map_err(db_err)?;
    row.ok_or(StoreError::NotFound)
}
