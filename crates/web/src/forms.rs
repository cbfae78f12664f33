//! Turning typed form fields into domain values, and field problems into what the GOV.UK
//! error summary and error messages need.

use chrono::NaiveDate;
use journey_domain::dates::date_part;
use journey_domain::validation::FieldErrors;
use minijinja::{Value, context};

/// Reads a GOV.UK date input (three boxes). All empty is `None`; anything else must be a real
/// date, or a message is added at the field.
pub fn date_from_parts(
    errors: &mut FieldErrors,
    field: &str,
    what: &str,
    day: &str,
    month: &str,
    year: &str,
) -> Option<NaiveDate> {
    let (day, month, year) = (day.trim(), month.trim(), year.trim());
    if day.is_empty() && month.is_empty() && year.is_empty() {
        return None;
    }
    let missing: Vec<&str> = [("day", day), ("month", month), ("year", year)]
        .into_iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(name, _)| name)
        .collect();
    if !missing.is_empty() {
        errors.add(
            field,
            format!("{what} must include a {}", missing.join(" and ")),
        );
        return None;
    }
    // Digits only: a sign, a space inside a part or a fifth digit of the year is not a date,
    // and a year is four digits from 1000.
    let year_digits = year.bytes().all(|b| b.is_ascii_digit());
    if year_digits && (year.len() != 4 || year.starts_with('0')) {
        errors.add(field, format!("{what} must include a 4-digit year"));
        return None;
    }
    let parsed = (
        date_part(day, 2),
        date_part(month, 2),
        date_part(year, 4).and_then(|y| i32::try_from(y).ok()),
    );
    match parsed {
        (Some(d), Some(m), Some(y)) => match NaiveDate::from_ymd_opt(y, m, d) {
            Some(date) => Some(date),
            None => {
                errors.add(field, format!("{what} must be a real date"));
                None
            }
        },
        _ => {
            errors.add(field, format!("{what} must be a real date"));
            None
        }
    }
}

/// Parses an ISO date (`2026-02-14`) for the API, with a message at the field.
pub fn iso_date(
    errors: &mut FieldErrors,
    field: &str,
    what: &str,
    value: Option<&str>,
) -> Option<NaiveDate> {
    let value = value.map(str::trim).filter(|v| !v.is_empty())?;
    match journey_domain::dates::iso_date(value) {
        Some(date) => Some(date),
        None => {
            errors.add(
                field,
                format!("{what} must be a real date in the form YYYY-MM-DD"),
            );
            None
        }
    }
}

/// Puts the problems in the order of the form's fields, so the summary reads top to bottom.
pub fn in_form_order(mut errors: FieldErrors, order: &[&str]) -> FieldErrors {
    errors
        .errors
        .sort_by_key(|e| order.iter().position(|f| *f == e.field));
    errors
}

/// `error_list` for the summary (each linking to its field) and `field_errors` for the fields.
pub fn error_values(errors: &FieldErrors) -> Value {
    let error_list: Vec<Value> = errors
        .errors
        .iter()
        .map(|e| context! { text => e.message.as_str(), href => format!("#{}", e.field) })
        .collect();
    let field_errors: std::collections::BTreeMap<String, Value> = errors
        .errors
        .iter()
        .map(|e| (e.field.clone(), context! { text => e.message.as_str() }))
        .collect();
    context! { error_list, field_errors }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_parts_are_read_or_named_precisely() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            date_from_parts(&mut errors, "dob", "Date of birth", "29", "2", "2024"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
        assert_eq!(
            date_from_parts(&mut errors, "dob", "Date of birth", "", " ", ""),
            None
        );
        assert!(errors.is_empty());
        date_from_parts(&mut errors, "a", "Date of birth", "29", "2", "2023");
        date_from_parts(&mut errors, "b", "Date of birth", "1", "", "2023");
        date_from_parts(&mut errors, "c", "Date of birth", "1", "2", "23");
        date_from_parts(&mut errors, "d", "Date of birth", "x", "2", "2023");
        date_from_parts(&mut errors, "e", "Date of birth", "1", "2", "0999");
        date_from_parts(&mut errors, "f", "Date of birth", "1", "2", "+2023");
        assert_eq!(
            errors.message_for("e"),
            Some("Date of birth must include a 4-digit year")
        );
        assert_eq!(
            errors.message_for("f"),
            Some("Date of birth must be a real date")
        );
        assert_eq!(
            errors.message_for("a"),
            Some("Date of birth must be a real date")
        );
        assert_eq!(
            errors.message_for("b"),
            Some("Date of birth must include a month")
        );
        assert_eq!(
            errors.message_for("c"),
            Some("Date of birth must include a 4-digit year")
        );
        assert_eq!(
            errors.message_for("d"),
            Some("Date of birth must be a real date")
        );
    }

    #[test]
    fn iso_dates_for_the_api() {
        let mut errors = FieldErrors::new();
        assert_eq!(
            iso_date(&mut errors, "d", "Date", Some("2026-02-14")),
            NaiveDate::from_ymd_opt(2026, 2, 14)
        );
        assert_eq!(iso_date(&mut errors, "d", "Date", None), None);
        assert!(errors.is_empty());
        assert_eq!(iso_date(&mut errors, "d", "Date", Some("14/02/2026")), None);
        assert!(errors.message_for("d").is_some());
    }
}
