//! The plain words that changes to a child's details write onto the chronology.

use chrono::NaiveDate;

use super::changes::{NewAddress, NewWarning, WarningCategory};
use super::corrections::DateCorrection;
use crate::ids::PersonId;
use crate::person::Sex;

/// "4 July 2026", the GOV.UK date style.
pub fn long_date(date: NaiveDate) -> String {
    date.format("%-d %B %Y").to_string()
}

/// One line for an address: "12 High Street, Flat 2, Northtown NT1 1AA".
pub fn address_line(address: &NewAddress) -> String {
    let mut parts = vec![address.line_1.as_str()];
    parts.extend(address.line_2.as_deref());
    parts.extend(address.line_3.as_deref());
    parts.push(address.town.as_str());
    format!("{} {}", parts.join(", "), address.postcode.as_str())
}

/// What changed in the identifiers and demographics, named in the order of the form.
pub fn details_changed(changed: &[&str]) -> String {
    match changed {
        [] => "Details reviewed: nothing changed".to_owned(),
        [one] => format!("{one} recorded"),
        [first @ .., last] => format!("{} and {last} recorded", first.join(", ")),
    }
}

pub fn name_changed(from: &str, to: &str, on: NaiveDate) -> String {
    format!("Name changed from {from} to {to} on {}", long_date(on))
}

pub fn expected_date_changed(from: Option<NaiveDate>, to: NaiveDate) -> String {
    match from {
        Some(from) => format!(
            "Expected date of birth changed from {} to {}",
            long_date(from),
            long_date(to)
        ),
        None => format!("Expected date of birth recorded: {}", long_date(to)),
    }
}

pub fn moved(address: &NewAddress, first: bool) -> String {
    if first {
        format!(
            "Address recorded: {}, from {}",
            address_line(address),
            long_date(address.from)
        )
    } else {
        format!(
            "Moved to {} on {}",
            address_line(address),
            long_date(address.from)
        )
    }
}

pub fn warning_added(warning: &NewWarning) -> String {
    format!(
        "Warning about risk to staff added ({}): {}",
        warning.category.label(),
        warning.text
    )
}

pub fn warning_ended(category: WarningCategory, text: &str, on: NaiveDate) -> String {
    format!(
        "Warning about risk to staff ended on {} ({}): {}",
        long_date(on),
        category.label(),
        text
    )
}

pub fn born(on: NaiveDate, given_name: &str, sex: Sex) -> String {
    let sex = match sex {
        Sex::Male => "a boy",
        Sex::Female => "a girl",
        Sex::NotKnown => "sex not known",
    };
    format!("Born on {}: named {given_name}, {sex}", long_date(on))
}

pub fn died(on: NaiveDate) -> String {
    format!("Died on {}", long_date(on))
}

/// A line on an adult's own chronology, saying which child's record the change was made
/// through (by Journey ID: the adult's history may be read where the child's name may not be).
pub fn through_child(summary: &str, child: PersonId) -> String {
    format!("{summary} (recorded through the record of Journey ID {child})")
}

/// An NHS number recorded, changed or taken off.
pub fn nhs_number_changed(now_held: bool) -> String {
    if now_held {
        details_changed(&["NHS number"])
    } else {
        "NHS number removed".to_owned()
    }
}

/// The old address stays in the words, so the history keeps it.
pub fn address_corrected(old: &str, old_from: NaiveDate, new: &NewAddress, reason: &str) -> String {
    format!(
        "Address corrected: recorded as {old} from {}; corrected to {} from {}. Reason: {reason}",
        long_date(old_from),
        address_line(new),
        long_date(new.from)
    )
}

pub fn date_corrected(old: NaiveDate, correction: &DateCorrection) -> String {
    format!(
        "{} corrected from {} to {}. Reason: {}",
        correction.kind.title(),
        long_date(old),
        long_date(correction.date),
        correction.reason
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person_details::Postcode;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn chronology_lines_read_as_plain_english() {
        assert_eq!(details_changed(&["UPN"]), "UPN recorded");
        assert_eq!(
            details_changed(&["UPN", "NHS number", "ethnicity"]),
            "UPN, NHS number and ethnicity recorded"
        );
        assert_eq!(
            name_changed("Ava Example", "Ava Smith", date(2026, 3, 2)),
            "Name changed from Ava Example to Ava Smith on 2 March 2026"
        );
        assert_eq!(
            born(date(2026, 3, 2), "Rose", Sex::Female),
            "Born on 2 March 2026: named Rose, a girl"
        );
        assert_eq!(died(date(2026, 3, 2)), "Died on 2 March 2026");
        assert_eq!(
            through_child("NHS number recorded", PersonId(12)),
            "NHS number recorded (recorded through the record of Journey ID 12)"
        );
        assert_eq!(nhs_number_changed(false), "NHS number removed");
        let correction = DateCorrection {
            kind: crate::person_details::DateKind::Birth,
            date: date(2019, 2, 27),
            reason: "Typed wrongly".into(),
        };
        assert_eq!(
            date_corrected(date(2019, 2, 28), &correction),
            "Date of birth corrected from 28 February 2019 to 27 February 2019. Reason: Typed wrongly"
        );
        assert_eq!(
            expected_date_changed(Some(date(2026, 7, 4)), date(2026, 7, 11)),
            "Expected date of birth changed from 4 July 2026 to 11 July 2026"
        );
        let address = NewAddress {
            line_1: "12 High Street".into(),
            line_2: Some("Flat 2".into()),
            line_3: None,
            town: "Northtown".into(),
            postcode: Postcode::parse("NT1 1AA").unwrap(),
            from: date(2026, 1, 5),
        };
        assert_eq!(
            moved(&address, false),
            "Moved to 12 High Street, Flat 2, Northtown NT1 1AA on 5 January 2026"
        );
        assert_eq!(
            address_corrected(
                "12 Hgh Street, Northtown NT1 1AA",
                date(2026, 1, 5),
                &address,
                "Typed wrongly"
            ),
            "Address corrected: recorded as 12 Hgh Street, Northtown NT1 1AA from 5 January 2026; \
             corrected to 12 High Street, Flat 2, Northtown NT1 1AA from 5 January 2026. Reason: Typed wrongly"
        );
        assert_eq!(
            moved(&address, true),
            "Address recorded: 12 High Street, Flat 2, Northtown NT1 1AA, from 5 January 2026"
        );
        let warning = NewWarning {
            category: WarningCategory::Animals,
            text: "Dog at the property".into(),
            from: date(2026, 1, 5),
            until: None,
        };
        assert_eq!(
            warning_added(&warning),
            "Warning about risk to staff added (Animals at the property): Dog at the property"
        );
        assert_eq!(
            warning_ended(
                WarningCategory::Animals,
                "Dog at the property",
                date(2026, 3, 2)
            ),
            "Warning about risk to staff ended on 2 March 2026 (Animals at the property): Dog at the property"
        );
    }
}
