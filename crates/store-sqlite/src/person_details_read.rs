//! Reading a child's details and looking people up (written once for both databases in
//! `crates/store/sql/person_details_read.rs`), and the record page's panel, read on SQLite as
//! one statement building JSON (`json_read.rs`): a measured hot path.

use crate::dialect::*;

include!("../../store/sql/person_details_read.rs");

use journey_domain::ids::{StaffId, TeamId};
use journey_domain::person::Sex;
use journey_store::person_details::{FamilyWarning, FormerName, PersonDetailsRecord};
use journey_store::{ChildDetails, CurrentAllocation, StoreError};

use crate::codec::{date, parse_date, parse_opt_date, parse_ts};
use crate::json_read;

/// given, family, born, expected, sex, date of death
type ChildRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    Option<String>,
);
/// `AddressRow` as the JSON holds it, dates as text.
type AddressText = (
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
);
/// `WarningRow` as the JSON holds it, dates and times as text.
type WarningText = (i64, String, String, String, Option<String>, String, String);
/// The person, their name, then a warning as `WarningText`.
type FamilyWarningText = (
    i64,
    String,
    i64,
    String,
    String,
    String,
    Option<String>,
    String,
    String,
);
/// The child, identifiers, demographics, former names, addresses, warnings, allocation and the
/// family's warnings, each as JSON; the child, demographics and allocation are absent when not
/// recorded.
type DetailsRow = (
    Option<String>,
    String,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    String,
);

impl SqlStore {
    /// Everything recorded about a child's details, with the allocation in force on `on`.
    pub(crate) async fn read_person_details(
        &self,
        child: PersonId,
        on: NaiveDate,
    ) -> StoreResult<PersonDetailsRecord> {
        let mut conn = self.read().await?;
        // Every part in one statement, each a JSON column (json_read.rs).
        let (row, identifiers, demographics, former, addresses, warnings, allocation, family): DetailsRow =
            sqlx::query_as(
                "SELECT \
                 (SELECT json_array(p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth, \
                         p.sex, d.date_of_death) \
                  FROM person p LEFT JOIN person_demographics d ON d.person_id = p.id \
                  WHERE p.id = ?1 AND p.is_child = 1), \
                 (SELECT json_group_array(json_array(kind, value)) FROM person_identifier WHERE person_id = ?1), \
                 (SELECT json_array(gender, ethnicity, disabilities) FROM person_demographics WHERE person_id = ?1), \
                 (SELECT json_group_array(json_array(given_name, family_name, used_until) ORDER BY used_until, id) \
                  FROM person_former_name WHERE person_id = ?1), \
                 (SELECT json_group_array(json_array(line_1, line_2, line_3, town, postcode, from_date, to_date) \
                         ORDER BY from_date DESC, id DESC) FROM person_address WHERE person_id = ?1), \
                 (SELECT json_group_array(json_array(id, category, text, from_date, until_date, recorded_by, \
                         recorded_at) ORDER BY from_date DESC, id DESC) FROM person_warning WHERE person_id = ?1), \
                 (SELECT json_array(a.worker_id, s.display_name, a.team_id, t.name, a.start_date) \
                  FROM allocation a JOIN staff s ON s.id = a.worker_id JOIN team t ON t.id = a.team_id \
                  WHERE a.child_id = ?1 AND a.start_date <= ?2 AND (a.end_date IS NULL OR a.end_date > ?2) \
                  ORDER BY a.start_date DESC LIMIT 1), \
                 (SELECT json_group_array(json_array(p.id, p.given_name || ' ' || p.family_name, w.id, \
                         w.category, w.text, w.from_date, w.until_date, w.recorded_by, w.recorded_at) \
                         ORDER BY w.from_date DESC, w.id DESC) \
                  FROM person_warning w JOIN person p ON p.id = w.person_id \
                  WHERE w.from_date <= ?2 AND (w.until_date IS NULL OR w.until_date > ?2) AND w.person_id IN ( \
                    SELECT person_id FROM household_member WHERE child_id = ?1 \
                      AND (end_date IS NULL OR end_date > ?2) \
                    UNION SELECT person_id FROM person_relationship WHERE related_person_id = ?1 \
                      AND (end_date IS NULL OR end_date > ?2) \
                    UNION SELECT related_person_id FROM person_relationship WHERE person_id = ?1 \
                      AND (end_date IS NULL OR end_date > ?2)) \
                  AND w.person_id <> ?1)",
            )
            .bind(child.0)
            .bind(date(on))
            .fetch_one(&mut *conn)
            .await
            .map_err(db_err)?;
        drop(conn);
        let (given_name, family_name, born, expected, sex, died): ChildRow =
            json_read::decode("the child", &row.ok_or(StoreError::NotFound)?)?;
        let identifiers: Vec<(String, String)> = json_read::decode("identifiers", &identifiers)?;
        let find = |kind: &str| {
            identifiers
                .iter()
                .find(|(k, _)| k == kind)
                .map(|(_, v)| v.clone())
        };
        let (gender, ethnicity, disabilities): (Option<String>, Option<String>, String) =
            demographics
                .as_deref()
                .map(|text| json_read::decode("demographics", text))
                .transpose()?
                .unwrap_or_default();
        let stored = StoredDemographics {
            upn: find("upn"),
            nhs_number: find("nhs_number"),
            gender,
            ethnicity,
            disabilities: split_codes(&disabilities),
        };
        let former: Vec<(String, String, String)> = json_read::decode("former names", &former)?;
        let addresses = json_read::decode::<Vec<AddressText>>("addresses", &addresses)?
            .into_iter()
            .map(address_from_text)
            .collect::<StoreResult<_>>()?;
        let warnings = json_read::decode::<Vec<WarningText>>("warnings", &warnings)?
            .into_iter()
            .map(warning_from_text)
            .collect::<StoreResult<_>>()?;
        let family_warnings =
            json_read::decode::<Vec<FamilyWarningText>>("the family's warnings", &family)?
                .into_iter()
                .map(|(person, name, id, category, text, from, until, by, at)| {
                    Ok(FamilyWarning {
                        person: PersonId(person),
                        name,
                        warning: warning_from_text((id, category, text, from, until, by, at))?,
                    })
                })
                .collect::<StoreResult<_>>()?;
        let allocation: Option<(i64, String, i64, String, String)> = allocation
            .as_deref()
            .map(|text| json_read::decode("the allocation", text))
            .transpose()?;
        Ok(PersonDetailsRecord {
            child: ChildDetails {
                id: child,
                given_name,
                family_name,
                date_of_birth: parse_opt_date(born)?,
                expected_date_of_birth: parse_opt_date(expected)?,
                sex: Sex::from_code(&sex).unwrap_or(Sex::NotKnown),
            },
            date_of_death: parse_opt_date(died)?,
            upn: stored.upn,
            nhs_number: stored.nhs_number,
            gender: stored.gender,
            ethnicity: stored.ethnicity,
            disabilities: stored.disabilities,
            former_names: former
                .into_iter()
                .map(|(given_name, family_name, until)| {
                    Ok(FormerName {
                        given_name,
                        family_name,
                        used_until: parse_date(&until)?,
                    })
                })
                .collect::<StoreResult<_>>()?,
            addresses,
            warnings,
            family_warnings,
            allocation: allocation
                .map(|(worker, worker_name, team, team_name, from)| {
                    Ok::<_, StoreError>(CurrentAllocation {
                        worker: StaffId(worker),
                        worker_name,
                        team: TeamId(team),
                        team_name,
                        from: parse_date(&from)?,
                    })
                })
                .transpose()?,
        })
    }
}

fn address_from_text(row: AddressText) -> StoreResult<Address> {
    let (line_1, line_2, line_3, town, postcode, from, to) = row;
    Ok(Address {
        line_1,
        line_2,
        line_3,
        town,
        postcode,
        from: parse_date(&from)?,
        to: parse_opt_date(to)?,
    })
}

fn warning_from_text(row: WarningText) -> StoreResult<Warning> {
    let (id, category, text, from, until, recorded_by, at) = row;
    Ok(Warning {
        id: WarningId(id),
        category: WarningCategory::from_code(&category).unwrap_or(WarningCategory::Other),
        text,
        from: parse_date(&from)?,
        until: parse_opt_date(until)?,
        recorded_by,
        recorded_at: parse_ts(&at)?,
    })
}
