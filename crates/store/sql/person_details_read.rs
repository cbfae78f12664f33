// Reading a person's identifiers, demographics, addresses and warnings, and looking people up
// by identifier or address. Written once for both databases: `include!`d by each backend's
// `person_details_read.rs` (names from its `dialect.rs`), which adds the record page's panel
// (`read_person_details`), read its own way on each.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::ids::PersonId;
use journey_domain::person_details::{Identifier, WarningCategory};
use journey_store::person_details::{
    Address, AddressQuery, StoredDemographics, Warning, WarningId, split_codes,
};
use journey_store::{SearchHit, StoreResult};

/// How many people an identifier or address lookup returns at most.
const LOOKUP_LIMIT: i64 = 50;

/// The identifiers and demographics a record holds now.
pub async fn demographics(conn: &mut Conn, person: PersonId) -> StoreResult<StoredDemographics> {
    let identifiers: Vec<(String, String)> =
        sqlx::query_as("SELECT kind, value FROM person_identifier WHERE person_id = $1")
            .bind(person.0)
            .fetch_all(&mut *conn)
            .await
            .map_err(db_err)?;
    let row: Option<(Option<String>, Option<String>, String)> = sqlx::query_as(
        "SELECT gender, ethnicity, disabilities FROM person_demographics WHERE person_id = $1",
    )
    .bind(person.0)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db_err)?;
    let find = |kind: &str| {
        identifiers
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, v)| v.clone())
    };
    let (gender, ethnicity, disabilities) = row.unwrap_or_default();
    Ok(StoredDemographics {
        upn: find("upn"),
        nhs_number: find("nhs_number"),
        gender,
        ethnicity,
        disabilities: split_codes(&disabilities),
    })
}

/// line 1, 2, 3, town, postcode, from, to
type AddressRow = (
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
);

/// Every address a person has lived at, newest first.
pub async fn addresses_of(conn: &mut Conn, person: PersonId) -> StoreResult<Vec<Address>> {
    let rows: Vec<AddressRow> = sqlx::query_as(
        "SELECT line_1, line_2, line_3, town, postcode, from_date, to_date FROM person_address \
         WHERE person_id = $1 ORDER BY from_date DESC, id DESC",
    )
    .bind(person.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(rows.into_iter().map(address).collect())
}

fn address(row: AddressRow) -> Address {
    let (line_1, line_2, line_3, town, postcode, from, to) = row;
    Address {
        line_1,
        line_2,
        line_3,
        town,
        postcode,
        from,
        to,
    }
}

/// id, category, text, from, until, recorded by, recorded at
type WarningRow = (
    i64,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
    String,
    DateTime<Utc>,
);

/// Every warning recorded about a person, current and ended, newest first.
pub async fn warnings_of(conn: &mut Conn, person: PersonId) -> StoreResult<Vec<Warning>> {
    let rows: Vec<WarningRow> = sqlx::query_as(
        "SELECT id, category, text, from_date, until_date, recorded_by, recorded_at FROM person_warning \
         WHERE person_id = $1 ORDER BY from_date DESC, id DESC",
    )
    .bind(person.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(rows.into_iter().map(warning).collect())
}

fn warning(row: WarningRow) -> Warning {
    let (id, category, text, from, until, recorded_by, at) = row;
    Warning {
        id: WarningId(id),
        category: WarningCategory::from_code(&category).unwrap_or(WarningCategory::Other),
        text,
        from,
        until,
        recorded_by,
        recorded_at: at,
    }
}

/// id, given name, family name, born, expected, is a child
type HitRow = (
    i64,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDate>,
    bool,
);

fn hits(rows: Vec<HitRow>) -> Vec<SearchHit> {
    rows.into_iter()
        .map(
            |(id, given_name, family_name, born, expected, is_child)| SearchHit {
                id: PersonId(id),
                given_name,
                family_name,
                date_of_birth: born,
                expected_date_of_birth: expected,
                is_child,
            },
        )
        .collect()
}

pub async fn by_identifier(
    conn: &mut Conn,
    identifier: &Identifier,
) -> StoreResult<Vec<SearchHit>> {
    let rows: Vec<HitRow> = sqlx::query_as(
        "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth, p.is_child \
         FROM person_identifier i JOIN person p ON p.id = i.person_id WHERE i.kind = $1 AND i.value = $2",
    )
    .bind(identifier.kind().code())
    .bind(identifier.value())
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(hits(rows))
}

/// The limit is written `LIMIT +$N`: SQLite would prepare a bare `LIMIT $N` again on every run
/// (see the SQLite crate's lib.rs), and to PostgreSQL the plus changes nothing.
pub async fn by_address(conn: &mut Conn, text: &str) -> StoreResult<Vec<SearchHit>> {
    let rows: Vec<HitRow> = match AddressQuery::from_text(text) {
        None => Vec::new(),
        Some(AddressQuery::Postcode(key)) => sqlx::query_as(
            "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth, p.is_child \
             FROM person p WHERE p.id IN (SELECT person_id FROM person_address WHERE postcode_key = $1) \
             ORDER BY p.family_key, p.given_key, p.id LIMIT +$2",
        )
        .bind(key)
        .bind(LOOKUP_LIMIT)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?,
        Some(AddressQuery::FirstLine(key)) => sqlx::query_as(
            "SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.expected_date_of_birth, p.is_child \
             FROM person p WHERE p.id IN (SELECT person_id FROM person_address \
             WHERE line_1_key >= $1 AND line_1_key < $2) \
             ORDER BY p.family_key, p.given_key, p.id LIMIT +$3",
        )
        .bind(&key)
        .bind(format!("{key}~"))
        .bind(LOOKUP_LIMIT)
        .fetch_all(&mut *conn)
        .await
        .map_err(db_err)?,
    };
    Ok(hits(rows))
}
