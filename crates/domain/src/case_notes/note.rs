//! Typed input → a note ready to finalise, or every problem at its field.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::kinds::{NoteKind, Seen};
use crate::uk_time;
use crate::validation::FieldErrors;

/// The longest note Journey takes: a long visit record, well under any page limit.
pub const MAX_TEXT_CHARS: usize = 20_000;
/// The longest reason for a correction.
pub const MAX_REASON_CHARS: usize = 1_000;

/// What the worker typed. The date arrives already read from its three boxes (the web layer
/// reports a malformed date at the field itself and passes `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoteInput {
    pub kind: String,
    pub occurred_on: Option<NaiveDate>,
    pub occurred_time: String,
    pub text: String,
    pub child_seen: String,
    pub seen_alone: String,
    pub bedroom_seen: String,
}

/// What a visit found. Every answer is `NotApplicable` for a contact that is not a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observations {
    pub child_seen: Seen,
    pub seen_alone: Seen,
    pub bedroom_seen: Seen,
}

impl Observations {
    pub const NOT_A_VISIT: Observations = Observations {
        child_seen: Seen::NotApplicable,
        seen_alone: Seen::NotApplicable,
        bedroom_seen: Seen::NotApplicable,
    };
}

/// A note ready to be finalised (or to become a correction's new version).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    pub kind: NoteKind,
    /// When the contact happened. Typed as a UK clock time and held as UTC, like every other
    /// instant in Journey (see `uk_time`).
    pub occurred_at: DateTime<Utc>,
    pub text: String,
    pub observations: Observations,
}

impl NewNote {
    /// Parses the input, refusing a contact in the future (after `now`).
    pub fn parse(input: &NoteInput, now: DateTime<Utc>) -> Result<NewNote, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = NoteKind::from_code(input.kind.trim());
        if kind.is_none() {
            errors.add("kind", "Select what kind of contact this was");
        }
        let time = parse_time(&mut errors, &input.occurred_time);
        if input.occurred_on.is_none() {
            errors.add("occurred_on", "Enter the date of the contact");
        }
        let occurred_at = input
            .occurred_on
            .zip(time)
            .map(|(day, time)| uk_time::from_local(day.and_time(time)));
        if let Some(at) = occurred_at.filter(|at| *at > now) {
            let field = if uk_time::local_date(at) > uk_time::local_date(now) {
                "occurred_on"
            } else {
                "occurred_time"
            };
            errors.add(
                field,
                "The date and time of the contact must be in the past",
            );
        }
        let text = parse_text(
            &mut errors,
            "text",
            "what happened",
            &input.text,
            MAX_TEXT_CHARS,
        );
        let observations = kind.map_or(Observations::NOT_A_VISIT, |kind| {
            observations(&mut errors, kind, input)
        });
        match (kind, occurred_at) {
            (Some(kind), Some(occurred_at)) if errors.is_empty() => Ok(NewNote {
                kind,
                occurred_at,
                text,
                observations,
            }),
            _ => Err(errors),
        }
    }
}

/// The reason for a correction: required, so every change of a finalised note says why.
pub fn parse_reason(value: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let reason = parse_text(
        &mut errors,
        "reason",
        "why the note is being corrected",
        value,
        MAX_REASON_CHARS,
    );
    errors.into_result(reason)
}

pub(super) fn parse_time(errors: &mut FieldErrors, value: &str) -> Option<NaiveTime> {
    let value = value.trim();
    if value.is_empty() {
        errors.add("occurred_time", "Enter the time of the contact, like 14:30");
        return None;
    }
    let normalised = value.replace('.', ":");
    match NaiveTime::parse_from_str(&normalised, "%H:%M") {
        Ok(time) => Some(time),
        Err(_) => {
            errors.add(
                "occurred_time",
                "Enter the time of the contact as hours and minutes on the 24-hour clock, like 14:30",
            );
            None
        }
    }
}

/// Free text: trimmed, required, bounded, and without control characters other than the
/// line breaks and tabs a long note needs.
pub(super) fn parse_text(
    errors: &mut FieldErrors,
    field: &str,
    what: &str,
    value: &str,
    max_chars: usize,
) -> String {
    let value = value.trim();
    if value.is_empty() {
        errors.add(field, format!("Enter {what}"));
    } else if value.chars().count() > max_chars {
        errors.add(
            field,
            format!("The text must be {max_chars} characters or fewer"),
        );
    } else if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        errors.add(field, "The text must not contain control characters");
    }
    value.to_owned()
}

fn answer(errors: &mut FieldErrors, field: &str, value: &str, missing: &str) -> Option<Seen> {
    match Seen::from_code(value.trim()) {
        Some(seen @ (Seen::Yes | Seen::No)) => Some(seen),
        _ => {
            errors.add(field, missing);
            None
        }
    }
}

/// A visit must say whether the child was seen; if seen, whether alone; a home visit, whether
/// the child's bedroom was seen. Questions that do not arise are recorded as not applicable.
fn observations(errors: &mut FieldErrors, kind: NoteKind, input: &NoteInput) -> Observations {
    if !kind.is_visit() {
        return Observations::NOT_A_VISIT;
    }
    let child_seen = answer(
        errors,
        "child_seen",
        &input.child_seen,
        "Select whether the child was seen",
    );
    let seen_alone = match child_seen {
        Some(Seen::Yes) => answer(
            errors,
            "seen_alone",
            &input.seen_alone,
            "Select whether the child was seen alone",
        ),
        _ if input.seen_alone.trim() == Seen::Yes.code() => {
            errors.add(
                "seen_alone",
                "The child cannot have been seen alone if they were not seen",
            );
            None
        }
        _ => Some(Seen::NotApplicable),
    };
    let bedroom_seen = if kind == NoteKind::HomeVisit {
        answer(
            errors,
            "bedroom_seen",
            &input.bedroom_seen,
            "Select whether the child's bedroom was seen",
        )
    } else {
        Some(Seen::NotApplicable)
    };
    Observations {
        child_seen: child_seen.unwrap_or(Seen::NotApplicable),
        seen_alone: seen_alone.unwrap_or(Seen::NotApplicable),
        bedroom_seen: bedroom_seen.unwrap_or(Seen::NotApplicable),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap()
    }

    fn home_visit() -> NoteInput {
        NoteInput {
            kind: "home_visit".into(),
            occurred_on: NaiveDate::from_ymd_opt(2026, 3, 2),
            occurred_time: "9.30".into(),
            text: "Saw Ava at home.\nShe showed me her room.".into(),
            child_seen: "yes".into(),
            seen_alone: "yes".into(),
            bedroom_seen: "no".into(),
        }
    }

    #[test]
    fn a_home_visit_records_what_was_seen() {
        let note = NewNote::parse(&home_visit(), now()).unwrap();
        assert_eq!(note.kind, NoteKind::HomeVisit);
        assert_eq!(
            note.occurred_at,
            Utc.with_ymd_and_hms(2026, 3, 2, 9, 30, 0).unwrap()
        );
        assert_eq!(note.observations.seen_alone, Seen::Yes);
        assert_eq!(note.observations.bedroom_seen, Seen::No);
        assert!(note.text.contains('\n'));
    }

    #[test]
    fn a_summer_visit_is_typed_in_bst_and_a_uk_tomorrow_is_the_date_at_fault() {
        let summer = NoteInput {
            occurred_on: NaiveDate::from_ymd_opt(2026, 6, 1),
            ..home_visit()
        };
        let at = Utc.with_ymd_and_hms(2026, 6, 1, 12, 0, 0).unwrap();
        assert_eq!(
            NewNote::parse(&summer, at).unwrap().occurred_at,
            Utc.with_ymd_and_hms(2026, 6, 1, 8, 30, 0).unwrap()
        );
        // 23:30 UTC on 1 June is 00:30 on 2 June in London: a visit at 9.30 on 2 June is later
        // the same UK day (the time is at fault), one on 3 June is a day ahead (the date is).
        let late = Utc.with_ymd_and_hms(2026, 6, 1, 23, 30, 0).unwrap();
        let next_day = NoteInput {
            occurred_on: NaiveDate::from_ymd_opt(2026, 6, 2),
            ..home_visit()
        };
        let errors = NewNote::parse(&next_day, late).unwrap_err();
        assert!(errors.message_for("occurred_time").is_some());
        assert!(errors.message_for("occurred_on").is_none());
        let day_after = NoteInput {
            occurred_on: NaiveDate::from_ymd_opt(2026, 6, 3),
            ..home_visit()
        };
        let errors = NewNote::parse(&day_after, late).unwrap_err();
        assert!(errors.message_for("occurred_on").is_some());
    }

    #[test]
    fn a_phone_call_records_no_observations() {
        let input = NoteInput {
            kind: "phone_call".into(),
            child_seen: "yes".into(),
            ..home_visit()
        };
        let note = NewNote::parse(&input, now()).unwrap();
        assert_eq!(note.observations, Observations::NOT_A_VISIT);
    }

    #[test]
    fn every_problem_is_named_at_its_field() {
        let input = NoteInput {
            kind: "visit".into(),
            occurred_on: None,
            occurred_time: "25:00".into(),
            text: "  ".into(),
            ..NoteInput::default()
        };
        let errors = NewNote::parse(&input, now()).unwrap_err();
        assert!(errors.message_for("kind").is_some());
        assert_eq!(
            errors.message_for("occurred_on"),
            Some("Enter the date of the contact")
        );
        assert!(errors.message_for("occurred_time").is_some());
        assert_eq!(errors.message_for("text"), Some("Enter what happened"));
    }

    #[test]
    fn visits_must_answer_the_questions_that_arise() {
        let unanswered = NoteInput {
            child_seen: String::new(),
            seen_alone: String::new(),
            bedroom_seen: "not_applicable".into(),
            ..home_visit()
        };
        let errors = NewNote::parse(&unanswered, now()).unwrap_err();
        assert!(errors.message_for("child_seen").is_some());
        assert!(errors.message_for("seen_alone").is_none());
        assert!(errors.message_for("bedroom_seen").is_some());
        let impossible = NoteInput {
            child_seen: "no".into(),
            seen_alone: "yes".into(),
            ..home_visit()
        };
        let errors = NewNote::parse(&impossible, now()).unwrap_err();
        assert_eq!(
            errors.message_for("seen_alone"),
            Some("The child cannot have been seen alone if they were not seen")
        );
        let office = NoteInput {
            kind: "office_visit".into(),
            child_seen: "no".into(),
            seen_alone: String::new(),
            bedroom_seen: "yes".into(),
            ..home_visit()
        };
        let note = NewNote::parse(&office, now()).unwrap();
        assert_eq!(note.observations.seen_alone, Seen::NotApplicable);
        assert_eq!(note.observations.bedroom_seen, Seen::NotApplicable);
    }

    #[test]
    fn a_contact_in_the_future_is_refused() {
        let later_today = NoteInput {
            occurred_time: "11:00".into(),
            ..home_visit()
        };
        let errors = NewNote::parse(&later_today, now()).unwrap_err();
        assert!(errors.message_for("occurred_time").is_some());
        let tomorrow = NoteInput {
            occurred_on: NaiveDate::from_ymd_opt(2026, 3, 3),
            ..home_visit()
        };
        let errors = NewNote::parse(&tomorrow, now()).unwrap_err();
        assert_eq!(
            errors.message_for("occurred_on"),
            Some("The date and time of the contact must be in the past")
        );
    }

    #[test]
    fn text_is_bounded_and_clean_and_a_reason_is_required() {
        let long = NoteInput {
            text: "x".repeat(MAX_TEXT_CHARS + 1),
            ..home_visit()
        };
        assert!(NewNote::parse(&long, now()).is_err());
        let control = NoteInput {
            text: "bell\u{7}".into(),
            ..home_visit()
        };
        assert!(NewNote::parse(&control, now()).is_err());
        assert_eq!(
            parse_reason(" ").unwrap_err().message_for("reason"),
            Some("Enter why the note is being corrected")
        );
        assert_eq!(parse_reason(" Wrong date ").unwrap(), "Wrong date");
    }
}
