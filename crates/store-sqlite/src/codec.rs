//! Conversions between SQLite's text columns and domain values, and database errors.

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use journey_store::StoreError;

/// Timestamps are stored as fixed-width UTC text so they sort as they compare.
const TIMESTAMP: &str = "%Y-%m-%dT%H:%M:%S%.6fZ";

/// Written from the parts (`TIMESTAMP`'s form) rather than through chrono's format-string
/// parser: every access record and every chronology line is stamped.
pub fn ts(at: DateTime<Utc>) -> String {
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:06}Z",
        at.year(),
        at.month(),
        at.day(),
        at.hour(),
        at.minute(),
        at.second(),
        at.timestamp_subsec_micros().min(999_999)
    )
}

/// Reads a stored timestamp. Every one is written by `ts`, so the fixed-width form is read by
/// position; chrono's format-string parser cost more than SQLite on a 500-entry chronology.
/// Anything else falls back to that parser, which also words the error.
pub fn parse_ts(text: &str) -> Result<DateTime<Utc>, StoreError> {
    fixed_width(text).map(Ok).unwrap_or_else(|| {
        NaiveDateTime::parse_from_str(text, TIMESTAMP)
            .map(|naive| naive.and_utc())
            .map_err(|e| StoreError::Database(format!("bad timestamp {text:?}: {e}")))
    })
}

/// `YYYY-MM-DDTHH:MM:SS.ffffffZ`, or None.
fn fixed_width(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != 27 || [b[4], b[7], b[10], b[13], b[16], b[19], b[26]] != *b"--T::.Z" {
        return None;
    }
    let number = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(0, 4)?).ok()?,
        number(5, 7)?,
        number(8, 10)?,
    )?;
    let time = chrono::NaiveTime::from_hms_micro_opt(
        number(11, 13)?,
        number(14, 16)?,
        number(17, 19)?,
        number(20, 26)?,
    )?;
    Some(date.and_time(time).and_utc())
}

pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Reads a stored `YYYY-MM-DD` date (chrono's ISO reader, without a format string to parse).
pub fn parse_date(text: &str) -> Result<NaiveDate, StoreError> {
    text.parse::<NaiveDate>()
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
        // Read by position, checked as thoroughly as the format-string parser.
        for bad in [
            "2026-02-30T09:05:00.000000Z",
            "2026-02-14T24:05:00.000000Z",
            "2026-02-14 09:05:00.000000Z",
            "2026-02-14T09:05:00.00000aZ",
        ] {
            assert!(parse_ts(bad).is_err(), "{bad}");
        }
        let odd = Utc.with_ymd_and_hms(2024, 2, 29, 23, 59, 59).unwrap()
            + chrono::TimeDelta::microseconds(999_999);
        assert_eq!(parse_ts(&ts(odd)).unwrap(), odd);
        // Written exactly as the format string would write it.
        for at in [a, b, odd, Utc.with_ymd_and_hms(987, 1, 2, 3, 4, 5).unwrap()] {
            assert_eq!(ts(at), at.format(TIMESTAMP).to_string());
        }
    }
}
