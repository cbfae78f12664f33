//! Conversions between SQLite's text columns and domain values, and database errors.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use journey_store::StoreError;

/// Timestamps are stored as fixed-width UTC text so they sort as they compare.
const TIMESTAMP: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

pub fn ts(at: DateTime<Utc>) -> String {
    at.format(TIMESTAMP).to_string()
}

pub fn parse_ts(text: &str) -> Result<DateTime<Utc>, StoreError> {
    NaiveDateTime::parse_from_str(text, TIMESTAMP)
        .map(|naive| naive.and_utc())
        .map_err(|e| StoreError::Database(format!("bad timestamp {text:?}: {e}")))
}

pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|e| StoreError::Database(format!("bad date {text:?}: {e}")))
}

pub fn parse_opt_date(text: Option<String>) -> Result<Option<NaiveDate>, StoreError> {
    text.as_deref().map(parse_date).transpose()
}

pub fn db_err(e: sqlx::Error) -> StoreError {
    StoreError::Database(e.to_string())
}

/// True when the error is a UNIQUE constraint violation (to report at the field).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

pub fn is_foreign_key_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_foreign_key_violation())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn timestamps_round_trip_and_sort_as_text() {
        let a = Utc.with_ymd_and_hms(2026, 2, 14, 9, 5, 0).unwrap();
        let b = a + chrono::TimeDelta::microseconds(1);
        assert_eq!(parse_ts(&ts(a)).unwrap(), a);
        assert!(ts(a) < ts(b));
        assert!(parse_ts("yesterday").is_err());
    }
}
