//! Reads folded into one JSON value in SQL, as SQLite's record page panels are.
//!
//! Each statement is a round trip to the server and a wake-up of a PostgreSQL backend: read as
//! plain statements the record page was 30 of them, and most of its cost (docs/benchmarks.md).
//! A panel is read instead as one statement whose columns are each one part of it, built with
//! `json_build_array` (a row) and `json_agg(json_build_array(..) ORDER BY ..)` (rows in order),
//! cast to text and decoded here into the same row types the plain statements read.
//!
//! The values keep their types through the JSON: integers and booleans as JSON numbers and
//! booleans, a `date` as `YYYY-MM-DD`, and a `timestamptz` as ISO 8601 with all its
//! microseconds and the session's offset from UTC. sqlx sets `TimeZone=UTC` on every
//! connection, so that offset is `+00:00`, and chrono reads any whole-minute offset back to
//! the same instant; the tests below check the round trip on the server.

use journey_store::{StoreError, StoreResult};
use serde::de::DeserializeOwned;

/// Decodes a JSON value built by a statement into `T`.
pub fn decode<T: DeserializeOwned>(what: &str, text: &str) -> StoreResult<T> {
    serde_json::from_str(text)
        .map_err(|e| StoreError::Database(format!("cannot read {what} from its JSON: {e}")))
}

/// A row built by `json_build_array` in a scalar subquery, which is NULL when there is no row.
pub fn decode_opt<T: DeserializeOwned>(what: &str, text: Option<String>) -> StoreResult<Option<T>> {
    text.map(|text| decode(what, &text)).transpose()
}

/// Rows gathered by `json_agg`, which is NULL, not `[]`, when there are none.
pub fn decode_rows<T: DeserializeOwned>(what: &str, text: Option<String>) -> StoreResult<Vec<T>> {
    Ok(decode_opt(what, text)?.unwrap_or_default())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use chrono::{DateTime, NaiveDate, TimeZone, Utc};
    use sqlx::{Connection, PgConnection};

    #[test]
    fn decodes_rows_and_names_what_failed() {
        let rows: Vec<(i64, String)> = decode("rows", r#"[[1,"a"],[2,"b"]]"#).unwrap();
        assert_eq!(rows, vec![(1, "a".to_owned()), (2, "b".to_owned())]);
        let err = decode::<Vec<(i64, String)>>("the chronology", "[[1]]").unwrap_err();
        assert!(err.to_string().contains("the chronology"), "{err}");
        assert!(
            decode_rows::<(i64, String)>("rows", None)
                .unwrap()
                .is_empty()
        );
        assert_eq!(decode_opt::<(i64,)>("a row", None).unwrap(), None);
    }

    /// The cluster the PostgreSQL tests run on (see tests/contract.rs).
    fn admin_url() -> String {
        std::env::var("JOURNEY_TEST_POSTGRES_URL")
            .expect("JOURNEY_TEST_POSTGRES_URL names the throwaway cluster the tests run on")
    }

    type Round = (DateTime<Utc>, NaiveDate, Option<NaiveDate>, bool, i64);

    /// Values bound as sqlx binds them, folded into JSON by the server and decoded, are the
    /// values bound: every microsecond, dates as dates, whatever the session's time zone.
    #[tokio::test]
    async fn timestamps_and_dates_round_trip_through_json() {
        let mut conn = PgConnection::connect(&admin_url()).await.unwrap();
        let base = Utc.with_ymd_and_hms(2026, 3, 29, 0, 59, 59).unwrap();
        let micros = chrono::TimeDelta::microseconds;
        let recent = [
            base,
            base + micros(1),
            base + micros(999_999),
            base + micros(120_000),
            Utc.with_ymd_and_hms(1970, 1, 1, 0, 0, 0).unwrap(),
            Utc.with_ymd_and_hms(9999, 12, 30, 23, 59, 59).unwrap() + micros(999_999),
        ];
        // Before time zones were whole minutes from UTC, read as sqlx's connections read them.
        let old = [
            Utc.with_ymd_and_hms(1901, 12, 31, 23, 59, 59).unwrap() + micros(10),
            Utc.with_ymd_and_hms(1066, 10, 14, 9, 0, 0).unwrap(),
        ];
        let dates = [
            NaiveDate::from_ymd_opt(2024, 2, 29).unwrap(),
            NaiveDate::from_ymd_opt(987, 1, 2).unwrap(),
        ];
        // UTC (what sqlx sets), and zones with summer time and half-hour offsets.
        for (zone, instants) in [
            ("UTC", [&recent[..], &old[..]].concat()),
            ("Europe/London", recent.to_vec()),
            ("Asia/Kolkata", recent.to_vec()),
            ("America/St_Johns", recent.to_vec()),
        ] {
            sqlx::query("SELECT set_config('TimeZone', $1, false)")
                .bind(zone)
                .execute(&mut conn)
                .await
                .unwrap();
            for at in instants {
                for day in dates {
                    let text: String = sqlx::query_scalar(
                        "SELECT json_agg(json_build_array($1::timestamptz, $2::date, NULL::date, \
                         true, 9007199254740993::bigint))::text",
                    )
                    .bind(at)
                    .bind(day)
                    .fetch_one(&mut conn)
                    .await
                    .unwrap();
                    let rows: Vec<Round> = decode_rows("the row", Some(text.clone())).unwrap();
                    assert_eq!(
                        rows,
                        vec![(at, day, None, true, 9_007_199_254_740_993)],
                        "{zone}: {text}"
                    );
                }
            }
        }
        conn.close().await.unwrap();
    }
}
