//! Reading a child's details and looking people up (written once for both databases in
//! `crates/store/sql/person_details_read.rs`), and the record page's panel, which SQLite reads
//! its own way (one statement building JSON): here it is plain statements.

use crate::dialect::*;

include!("../../store/sql/person_details_read.rs");

use journey_domain::ids::{StaffId, TeamId};
use journey_domain::person::Sex;
use journey_store::person_details::{FamilyWarning, FormerName, PersonDetailsRecord};
use journey_store::{ChildDetails, CurrentAllocation, StoreError};

/// given, family, born, expected, sex, date of death
type ChildRow = (
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    String,
    Option<NaiveDate>,
);

impl SqlStore {
    /// Everything recorded about a child's details, with the allocation in force on `on`.
    pub(crate) async fn read_person_details(
        &self,
        child: PersonId,
        on: NaiveDate,
    ) -> StoreResult<PersonDetailsRecord> {
        let mut conn = self.read().await?;
        let conn = &mut *conn;
        let row: Option<ChildRow> = sqlx::query_as(
            "SELECT p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth, p.sex, d.date_of_death \
             FROM person p LEFT JOIN person_demographics d ON d.person_id = p.id WHERE p.id = $1 AND p.is_child",
        )
        .bind(child.0)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
        let (given_name, family_name, born, expected, sex, died) =
            row.ok_or(StoreError::NotFound)?;
        let stored = demographics(conn, child).await?;
        let former: Vec<(String, String, NaiveDate)> = sqlx::query_as(
            "SELECT given_name, family_name, used_until FROM person_former_name WHERE person_id = $1 \
             ORDER BY used_until, id",
        )
        .bind(child.0)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?;
        let addresses = addresses_of(conn, child).await?;
        let warnings = warnings_of(conn, child).await?;
        let family_warnings = family_warnings(conn, child, on).await?;
        let allocation: Option<(i64, String, i64, String, NaiveDate)> = sqlx::query_as(
            "SELECT a.worker_id, s.display_name, a.team_id, t.name, a.start_date \
             FROM allocation a JOIN staff s ON s.id = a.worker_id JOIN team t ON t.id = a.team_id \
             WHERE a.child_id = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date > $2) \
             ORDER BY a.start_date DESC LIMIT 1",
        )
        .bind(child.0)
        .bind(on)
        .fetch_optional(&mut *conn)
        .await
        .map_err(db_err)?;
        Ok(PersonDetailsRecord {
            child: ChildDetails {
                id: child,
                given_name,
                family_name,
                date_of_birth: born,
                expected_date_of_birth: expected,
                sex: Sex::from_code(&sex).unwrap_or(Sex::NotKnown),
            },
            date_of_death: died,
            upn: stored.upn,
            nhs_number: stored.nhs_number,
            gender: stored.gender,
            ethnicity: stored.ethnicity,
            disabilities: stored.disabilities,
            former_names: former
                .into_iter()
                .map(|(given_name, family_name, used_until)| FormerName {
                    given_name,
                    family_name,
                    used_until,
                })
                .collect(),
            addresses,
            warnings,
            family_warnings,
            allocation: allocation.map(|(worker, worker_name, team, team_name, from)| {
                CurrentAllocation {
                    worker: StaffId(worker),
                    worker_name,
                    team: TeamId(team),
                    team_name,
                    from,
                }
            }),
        })
    }
}

/// The person, their name, then a warning as `WarningRow`.
type FamilyWarningRow = (
    i64,
    String,
    i64,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
    String,
    DateTime<Utc>,
);

/// Warnings in force on `on` about the people the child lives with or has a current
/// relationship with, newest first.
async fn family_warnings(
    conn: &mut Conn,
    child: PersonId,
    on: NaiveDate,
) -> StoreResult<Vec<FamilyWarning>> {
    let rows: Vec<FamilyWarningRow> = sqlx::query_as(
        "SELECT p.id, p.given_name || ' ' || p.family_name, w.id, w.category, w.text, w.from_date, \
         w.until_date, w.recorded_by, w.recorded_at \
         FROM person_warning w JOIN person p ON p.id = w.person_id \
         WHERE w.from_date <= $2 AND (w.until_date IS NULL OR w.until_date > $2) AND w.person_id IN ( \
           SELECT person_id FROM household_member WHERE child_id = $1 \
             AND (end_date IS NULL OR end_date > $2) \
           UNION SELECT person_id FROM person_relationship WHERE related_person_id = $1 \
             AND (end_date IS NULL OR end_date > $2) \
           UNION SELECT related_person_id FROM person_relationship WHERE person_id = $1 \
             AND (end_date IS NULL OR end_date > $2)) \
         AND w.person_id <> $1 ORDER BY w.from_date DESC, w.id DESC",
    )
    .bind(child.0)
    .bind(on)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(
            |(person, name, id, category, text, from, until, recorded_by, at)| FamilyWarning {
                person: PersonId(person),
                name,
                warning: warning((id, category, text, from, until, recorded_by, at)),
            },
        )
        .collect())
}
