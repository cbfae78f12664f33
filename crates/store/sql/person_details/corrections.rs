// Correcting a child's wrongly recorded address, date of birth or date of death. Each returns
// the chronology line's words (holding the old value and the reason) and kind; the caller
// records them with the audit record in the same journal. Written once for both databases:
// `include!`d by each backend's `person_details/corrections.rs` (names from its `dialect.rs`).

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person::name_key;
use journey_domain::person_details::{
    AddressCorrection, DateCorrection, DateKind, Postcode, date_correction_problem, wording,
};
use journey_domain::validation::FieldErrors;
use journey_store::person_details::{Address, AddressId, RecordedAddress};
use journey_store::{ChronologyEntry, StoreError, StoreResult};

/// id, line 1, 2, 3, town, postcode, from, to
type AddressRow = (
    i64,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    NaiveDate,
    Option<NaiveDate>,
);

fn recorded(row: AddressRow) -> RecordedAddress {
    let (id, line_1, line_2, line_3, town, postcode, from, to) = row;
    RecordedAddress {
        id: AddressId(id),
        address: Address {
            line_1,
            line_2,
            line_3,
            town,
            postcode,
            from,
            to,
        },
    }
}

pub async fn recorded_addresses(
    conn: &mut Conn,
    child: PersonId,
) -> StoreResult<Vec<RecordedAddress>> {
    let rows: Vec<AddressRow> = sqlx::query_as(
        "SELECT id, line_1, line_2, line_3, town, postcode, from_date, to_date FROM person_address \
         WHERE person_id = $1 ORDER BY from_date DESC, id DESC",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(rows.into_iter().map(recorded).collect())
}

fn invalid(field: &str, message: impl Into<String>) -> StoreError {
    StoreError::Invalid(FieldErrors::single(field, message))
}

pub async fn correct_address(
    tx: &mut Conn,
    child: PersonId,
    id: AddressId,
    correction: &AddressCorrection,
) -> StoreResult<(String, &'static str)> {
    let row: Option<AddressRow> = sqlx::query_as(concat!(
        "SELECT id, line_1, line_2, line_3, town, postcode, from_date, to_date FROM person_address \
         WHERE id = $1 AND person_id = $2",
        for_update!()
    ))
    .bind(id.0)
    .bind(child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let old = recorded(row.ok_or(StoreError::NotFound)?).address;
    let new = &correction.address;
    let same = old.line_1 == new.line_1
        && old.line_2 == new.line_2
        && old.line_3 == new.line_3
        && old.town == new.town
        && old.postcode == new.postcode.as_str()
        && old.from == new.from;
    if same {
        return Err(invalid(
            "line_1",
            "This is the address already recorded: change what was wrong",
        ));
    }
    if new.from != old.from {
        if let Some(to) = old.to
            && new.from >= to
        {
            return Err(invalid(
                "from",
                format!(
                    "The date must be before the child moved from this address ({})",
                    wording::long_date(to)
                ),
            ));
        }
        // The address the child lived at before: it ended the day this one started.
        let previous: Option<(i64, NaiveDate)> = sqlx::query_as(concat!(
            "SELECT id, from_date FROM person_address WHERE person_id = $1 AND to_date = $2 AND id <> $3 \
             ORDER BY from_date DESC, id DESC LIMIT 1",
            for_update!()
        ))
        .bind(child.0)
        .bind(old.from)
        .bind(id.0)
        .fetch_optional(&mut *tx)
        .await
        .map_err(db_err)?;
        if let Some((previous, started)) = previous {
            if new.from <= started {
                return Err(invalid(
                    "from",
                    format!(
                        "The date must be after the child started living at the previous address ({})",
                        wording::long_date(started)
                    ),
                ));
            }
            sqlx::query("UPDATE person_address SET to_date = $1 WHERE id = $2")
                .bind(new.from)
                .bind(previous)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
        }
    }
    sqlx::query(
        "UPDATE person_address SET line_1 = $1, line_2 = $2, line_3 = $3, town = $4, postcode = $5, \
         postcode_key = $6, line_1_key = $7, from_date = $8 WHERE id = $9",
    )
    .bind(&new.line_1)
    .bind(&new.line_2)
    .bind(&new.line_3)
    .bind(&new.town)
    .bind(new.postcode.as_str())
    .bind(Postcode::key(new.postcode.as_str()))
    .bind(name_key(&new.line_1))
    .bind(new.from)
    .bind(id.0)
    .execute(&mut *tx)
    .await
    .map_err(db_err)?;
    let summary = wording::address_corrected(&old.one_line(), old.from, new, &correction.reason);
    Ok((summary, "address_corrected"))
}

pub async fn correct_date(
    tx: &mut Conn,
    child: PersonId,
    born: Option<NaiveDate>,
    correction: &DateCorrection,
    at: DateTime<Utc>,
) -> StoreResult<(String, &'static str)> {
    let died: Option<Option<NaiveDate>> = sqlx::query_scalar(concat!(
        "SELECT date_of_death FROM person_demographics WHERE person_id = $1",
        for_update!()
    ))
    .bind(child.0)
    .fetch_optional(&mut *tx)
    .await
    .map_err(db_err)?;
    let died = died.flatten();
    let recorded = match correction.kind {
        DateKind::Birth => born,
        DateKind::Death => died,
    };
    if let Some(problem) =
        date_correction_problem(correction, recorded, born, died, at.date_naive())
    {
        return Err(invalid(correction.kind.field(), problem));
    }
    let Some(recorded) = recorded else {
        return Err(StoreError::NotFound);
    };
    let kind = match correction.kind {
        DateKind::Birth => {
            sqlx::query("UPDATE person SET date_of_birth = $1 WHERE id = $2")
                .bind(correction.date)
                .bind(child.0)
                .execute(&mut *tx)
                .await
                .map_err(db_err)?;
            "date_of_birth_corrected"
        }
        DateKind::Death => {
            sqlx::query(
                "UPDATE person_demographics SET date_of_death = $1, updated_at = $2 WHERE person_id = $3",
            )
            .bind(correction.date)
            .bind(ts(at))
            .bind(child.0)
            .execute(&mut *tx)
            .await
            .map_err(db_err)?;
            "date_of_death_corrected"
        }
    };
    Ok((wording::date_corrected(recorded, correction), kind))
}

/// event, occurred at, kind, summary, significant, recorded by, recorded at
type LineRow = (
    i64,
    DateTime<Utc>,
    String,
    String,
    bool,
    String,
    DateTime<Utc>,
);

pub async fn corrections(conn: &mut Conn, child: PersonId) -> StoreResult<Vec<ChronologyEntry>> {
    // The kinds are `journey_store::person_details::CORRECTION_KINDS` (checked by the contract).
    let rows: Vec<LineRow> = sqlx::query_as(
        "SELECT event_id, occurred_at, kind, summary, significant, recorded_by, recorded_at \
         FROM chronology_entry \
         WHERE child_id = $1 AND kind IN ('address_corrected', 'date_of_birth_corrected', 'date_of_death_corrected') \
         ORDER BY occurred_at, event_id, ordinal",
    )
    .bind(child.0)
    .fetch_all(&mut *conn)
    .await
    .map_err(db_err)?;
    Ok(rows
        .into_iter()
        .map(
            |(event, occurred_at, kind, summary, significant, recorded_by, recorded_at)| {
                ChronologyEntry {
                    event: EventId(event),
                    occurred_at,
                    kind,
                    summary,
                    significant,
                    recorded_by,
                    recorded_at,
                }
            },
        )
        .collect())
}
