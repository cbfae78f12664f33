//! The note form as typed, turned into a draft (kept exactly as typed) or into a note ready to
//! finalise (every problem at its field). Shared by the pages and the JSON API.

use chrono::{DateTime, Utc};
use journey_domain::case_notes::{NewNote, NoteInput, parse_reason};
use journey_domain::validation::FieldErrors;
use journey_store::NoteDraft;
use journey_store::case_notes::MAX_DRAFT_FIELD_CHARS;
use serde::{Deserialize, Serialize};

use crate::context::random_token;
use crate::error::{WebError, WebResult};
use crate::forms::date_from_parts;

/// The short fields of a note (codes, date parts, time, key) are never longer than this.
const MAX_SHORT_FIELD_CHARS: usize = 100;

/// Every field of the note form, as typed. Missing fields are empty, never a rejection.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct NoteForm {
    #[serde(skip_serializing)]
    pub csrf_token: String,
    pub note_key: String,
    pub kind: String,
    pub occurred_day: String,
    pub occurred_month: String,
    pub occurred_year: String,
    pub occurred_time: String,
    pub text: String,
    pub child_seen: String,
    pub seen_alone: String,
    pub bedroom_seen: String,
    /// Which button was pressed: `finalise`, `save_draft` or `discard`.
    #[serde(skip_serializing)]
    pub action: String,
    /// A correction's reason.
    pub reason: String,
}

impl NoteForm {
    /// The draft to store. A form too large to be typing is refused outright (400), so a
    /// draft is never silently cut short.
    pub fn to_draft(&self) -> WebResult<NoteDraft> {
        let short = [
            &self.note_key,
            &self.kind,
            &self.occurred_day,
            &self.occurred_month,
            &self.occurred_year,
            &self.occurred_time,
            &self.child_seen,
            &self.seen_alone,
            &self.bedroom_seen,
        ];
        if short
            .iter()
            .any(|v| v.chars().count() > MAX_SHORT_FIELD_CHARS)
            || self.text.chars().count() > MAX_DRAFT_FIELD_CHARS
        {
            return Err(WebError::BadRequest(
                "The note is too long to save. Shorten it and try again.".into(),
            ));
        }
        Ok(NoteDraft {
            note_key: self.key()?,
            kind: self.kind.clone(),
            occurred_day: self.occurred_day.clone(),
            occurred_month: self.occurred_month.clone(),
            occurred_year: self.occurred_year.clone(),
            occurred_time: self.occurred_time.clone(),
            text: self.text.clone(),
            child_seen: self.child_seen.clone(),
            seen_alone: self.seen_alone.clone(),
            bedroom_seen: self.bedroom_seen.clone(),
        })
    }

    /// The form's note key; a new one when the form carries none (a client without the form).
    pub fn key(&self) -> WebResult<String> {
        let key = self.note_key.trim();
        if key.is_empty() {
            return Ok(random_token());
        }
        if key.len() <= 64
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            Ok(key.to_owned())
        } else {
            Err(WebError::BadRequest(
                "The note's key could not be read.".into(),
            ))
        }
    }

    /// The note ready to finalise, or every problem in the order of the form.
    pub fn to_note(&self, now: DateTime<Utc>) -> Result<NewNote, FieldErrors> {
        let mut errors = FieldErrors::new();
        let occurred_on = date_from_parts(
            &mut errors,
            "occurred_on",
            "The date of the contact",
            &self.occurred_day,
            &self.occurred_month,
            &self.occurred_year,
        );
        let input = NoteInput {
            kind: self.kind.clone(),
            occurred_on,
            occurred_time: self.occurred_time.clone(),
            text: self.text.clone(),
            child_seen: self.child_seen.clone(),
            seen_alone: self.seen_alone.clone(),
            bedroom_seen: self.bedroom_seen.clone(),
        };
        match NewNote::parse(&input, now) {
            Ok(note) if errors.is_empty() => Ok(note),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.merge(more);
                Err(in_form_order(errors))
            }
        }
    }

    /// A correction: the corrected note and its reason, or every problem.
    pub fn to_correction(&self, now: DateTime<Utc>) -> Result<(NewNote, String), FieldErrors> {
        let note = self.to_note(now);
        let reason = parse_reason(&self.reason);
        match (note, reason) {
            (Ok(note), Ok(reason)) => Ok((note, reason)),
            (note, reason) => {
                let mut errors = FieldErrors::new();
                if let Err(e) = note {
                    errors.merge(e);
                }
                if let Err(e) = reason {
                    errors.merge(e);
                }
                Err(in_form_order(errors))
            }
        }
    }

    /// The form filled from a saved draft.
    pub fn from_draft(draft: NoteDraft) -> NoteForm {
        NoteForm {
            note_key: draft.note_key,
            kind: draft.kind,
            occurred_day: draft.occurred_day,
            occurred_month: draft.occurred_month,
            occurred_year: draft.occurred_year,
            occurred_time: draft.occurred_time,
            text: draft.text,
            child_seen: draft.child_seen,
            seen_alone: draft.seen_alone,
            bedroom_seen: draft.bedroom_seen,
            ..NoteForm::default()
        }
    }
}

/// The note form's fields, top to bottom.
const FIELD_ORDER: [&str; 8] = [
    "kind",
    "occurred_on",
    "occurred_time",
    "child_seen",
    "seen_alone",
    "bedroom_seen",
    "text",
    "reason",
];

fn in_form_order(errors: FieldErrors) -> FieldErrors {
    crate::forms::in_form_order(errors, &FIELD_ORDER)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_draft_keeps_what_was_typed_and_a_note_names_every_problem() {
        let form = NoteForm {
            note_key: "abc-1".into(),
            kind: "home_visit".into(),
            occurred_day: "31".into(),
            occurred_month: "2".into(),
            occurred_year: "2026".into(),
            text: "  half a sentence".into(),
            ..NoteForm::default()
        };
        let draft = form.to_draft().unwrap();
        assert_eq!(draft.text, "  half a sentence");
        assert_eq!(draft.note_key, "abc-1");
        let now = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let errors = form.to_note(now).unwrap_err();
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            ["occurred_on", "occurred_time", "child_seen", "bedroom_seen"]
        );
        assert_eq!(
            errors.message_for("occurred_on"),
            Some("The date of the contact must be a real date")
        );
        let bad_key = NoteForm {
            note_key: "<script>".into(),
            ..NoteForm::default()
        };
        assert!(bad_key.to_draft().is_err());
        assert!(!NoteForm::default().key().unwrap().is_empty());
    }
}
