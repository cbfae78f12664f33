//! Reading a child's details and looking people up (written once for both databases in
//! `crates/store/sql/person_details_read.rs`), and the record page's panel, read as on SQLite
//! in one statement that builds JSON (json_read.rs), in PostgreSQL's spelling.

use crate::dialect::*;

include!("../../store/sql/person_details_read.rs");

use journey_domain::ids::{StaffId, TeamId};
use journey_domain::person::Sex;
use journey_store::person_details::{FamilyWarning, FormerName, PersonDetailsRecord};
use journey_store::{ChildDetails, CurrentAllocation, StoreError};

use crate::json_read;

/// given, family, born, expected, sex, date of death
type ChildRow = (
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    String,
    Option<NaiveDate>,
);
/// The child, identifiers, demographics, former names, addresses, warnings, allocation and the
/// family's warnings, each a JSON column (json_read.rs), absent when there is none.
type DetailsRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

impl SqlStore {
    /// Everything recorded about a child's details, with the allocation in force on `on`, in
    /// one statement (json_read.rs).
    pub(crate) async fn read_person_details(
        &self,
        child: PersonId,
        on: NaiveDate,
    ) -> StoreResult<PersonDetailsRecord> {
        let (row, identifiers, demographics, former, addresses, warnings, allocation, family): DetailsRow =
            sqlx::query_as(
                "SELECT \
                 (SELECT json_build_array(p.given_name, p.family_name, p.date_of_birth, \
                         p.expected_date_of_birth, p.sex, d.date_of_death) \
                  FROM person p LEFT JOIN person_demographics d ON d.person_id = p.id \
                  WHERE p.id = $1 AND p.is_child)::text, \
                 (SELECT json_agg(json_build_array(kind, value)) FROM person_identifier \
                  WHERE person_id = $1)::text, \
                 (SELECT json_build_array(gender, ethnicity, disabilities) FROM person_demographics \
                  WHERE person_id = $1)::text, \
                 (SELECT json_agg(json_build_array(given_name, family_name, used_until) ORDER BY used_until, id) \
                  FROM person_former_name WHERE person_id = $1)::text, \
                 (SELECT json_agg(json_build_array(line_1, line_2, line_3, town, postcode, from_date, to_date) \
                         ORDER BY from_date DESC, id DESC) FROM person_address WHERE person_id = $1)::text, \
                 (SELECT json_agg(json_build_array(id, category, text, from_date, until_date, recorded_by, \
                         recorded_at) ORDER BY from_date DESC, id DESC) FROM person_warning \
                  WHERE person_id = $1)::text, \
                 (SELECT json_build_array(a.worker_id, s.display_name, a.team_id, t.name, a.start_date) \
                  FROM allocation a JOIN staff s ON s.id = a.worker_id JOIN team t ON t.id = a.team_id \
                  WHERE a.child_id = $1 AND a.start_date <= $2 AND (a.end_date IS NULL OR a.end_date > $2) \
                  ORDER BY a.start_date DESC LIMIT 1)::text, \
                 (SELECT json_agg(json_build_array(p.id, p.given_name || ' ' || p.family_name, w.id, \
                         w.category, w.text, w.from_date, w.until_date, w.recorded_by, w.recorded_at) \
                         ORDER BY w.from_date DESC, w.id DESC) \
                  FROM person_warning w JOIN person p ON p.id = w.person_id \
                  WHERE w.from_date <= $2 AND (w.until_date IS NULL OR w.until_date > $2) AND w.person_id IN ( \
                    SELECT person_id FROM household_member WHERE child_id = $1 \
                      AND (end_date IS NULL OR end_date > $2) \
                    UNION SELECT person_id FROM person_relationship WHERE related_person_id = $1 \
                      AND (end_date IS NULL OR end_date > $2) \
                    UNION SELECT related_person_id FROM person_relationship WHERE person_id = $1 \
                      AND (end_date IS NULL OR end_date > $2)) \
                  AND w.person_id <> $1)::text",
            )
            .bind(child.0)
            .bind(on)
            .fetch_one(&mut *self.read().await?)
            .await
            .map_err(db_err)?;
        let (given_name, family_name, born, expected, sex, died): ChildRow =
            json_read::decode_opt("the child", row)?.ok_or(StoreError::NotFound)?;
        let identifiers: Vec<(String, String)> =
            json_read::decode_rows("identifiers", identifiers)?;
        let find = |kind: &str| {
            identifiers
                .iter()
                .find(|(k, _)| k == kind)
                .map(|(_, v)| v.clone())
        };
        let (gender, ethnicity, disabilities): (Option<String>, Option<String>, String) =
            json_read::decode_opt("demographics", demographics)?.unwrap_or_default();
        let former: Vec<(String, String, NaiveDate)> =
            json_read::decode_rows("former names", former)?;
        let addresses: Vec<AddressRow> = json_read::decode_rows("addresses", addresses)?;
        let warnings: Vec<WarningRow> = json_read::decode_rows("warnings", warnings)?;
        let family: Vec<FamilyWarningRow> =
            json_read::decode_rows("the family's warnings", family)?;
        let allocation: Option<(i64, String, i64, String, NaiveDate)> =
            json_read::decode_opt("the allocation", allocation)?;
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
            upn: find("upn"),
            nhs_number: find("nhs_number"),
            gender,
            ethnicity,
            disabilities: split_codes(&disabilities),
            former_names: former
                .into_iter()
                .map(|(given_name, family_name, used_until)| FormerName {
                    given_name,
                    family_name,
                    used_until,
                })
                .collect(),
            addresses: addresses.into_iter().map(address).collect(),
            warnings: warnings.into_iter().map(warning).collect(),
            family_warnings: family
                .into_iter()
                .map(
                    |(person, name, id, category, text, from, until, recorded_by, at)| {
                        FamilyWarning {
                            person: PersonId(person),
                            name,
                            warning: warning((id, category, text, from, until, recorded_by, at)),
                        }
                    },
                )
                .collect(),
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
