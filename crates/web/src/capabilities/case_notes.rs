//! Case notes: the note form as typed, turned into a draft (kept exactly as typed) or into a
//! note ready to finalise (every problem at its field), which the pages and the API's draft
//! autosave share; the API's typed note, which becomes the same domain input; and which
//! versions of a note a viewer sees.

use chrono::{DateTime, Datelike, Timelike, Utc};
use journey_domain::access::Relationship;
use journey_domain::case_notes::{NewNote, NoteId, NoteInput, Seen, parse_reason};
use journey_domain::uk_time;
use journey_domain::validation::FieldErrors;
use journey_store::case_notes::MAX_DRAFT_FIELD_CHARS;
use journey_store::{NoteDraft, NoteHistory, NoteVersion};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::codes::{Instant, NoteKindCode};
use super::front_door::{rename_fields, sees_every_version, uk_parts};

use crate::context::random_token;
use crate::error::{WebError, WebResult};
use crate::forms::date_from_parts;

/// The short fields of a note (codes, date parts, time, key) are never longer than this.
const MAX_SHORT_FIELD_CHARS: usize = 100;

/// Every field of the note form, as typed. Missing fields are empty, never a rejection. The
/// API's draft autosave sends it too: a draft keeps exactly what was typed, half-typed dates
/// included, so its fields are text.
#[derive(Debug, Default, Clone, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct NoteForm {
    #[serde(skip_serializing)]
    #[schema(ignore)]
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
    #[schema(ignore)]
    pub action: String,
    /// A correction's reason.
    pub reason: String,
}

impl NoteForm {
    /// A new note, dated and timed now on the clocks in England: most notes are written as, or
    /// just after, the contact happens, and the author changes them when it was earlier.
    pub fn starting_now(now: DateTime<Utc>) -> NoteForm {
        let local = uk_time::local(now);
        NoteForm {
            note_key: random_token(),
            occurred_day: local.day().to_string(),
            occurred_month: local.month().to_string(),
            occurred_year: local.year().to_string(),
            occurred_time: local.format("%H:%M").to_string(),
            ..NoteForm::default()
        }
    }

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
        note_key(&self.note_key)
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

/// A note's key: the one given, checked, or a new one when none is given. Finalising twice
/// with the same key finalises once.
pub fn note_key(text: &str) -> WebResult<String> {
    let key = text.trim();
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

/// Reads a note number from the path; anything else is not found, never a server error.
pub fn note_id(text: &str) -> WebResult<NoteId> {
    // A number that cannot be read (or does not fit) names no note: not found, like any other.
    text.parse().map(NoteId).map_err(|_| WebError::NotFound)
}

/// A note to finalise, or (with `reason`) a correction's new version.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NoteBody {
    /// The client's key for this note (letters, digits, - and _; at most 64): sending the same
    /// note twice finalises it once. A new key is made when none is given.
    pub note_key: String,
    pub kind: Option<NoteKindCode>,
    /// When the contact happened; any offset, held and answered in UTC, to the minute.
    pub occurred_at: Option<Instant>,
    pub text: String,
    /// Visits only: whether the child was seen.
    pub child_seen: Option<bool>,
    /// Visits where the child was seen: whether alone.
    pub seen_alone: Option<bool>,
    /// Home visits: whether the child's bedroom was seen.
    pub bedroom_seen: Option<bool>,
    /// Corrections only: why the note is corrected.
    pub reason: String,
}

fn answer(value: Option<bool>) -> String {
    match value {
        Some(true) => Seen::Yes.code().into(),
        Some(false) => Seen::No.code().into(),
        None => String::new(),
    }
}

impl NoteBody {
    /// The input the domain checks, the same the note form gives.
    pub fn input(&self) -> NoteInput {
        let (occurred_on, occurred_time) = uk_parts(self.occurred_at.map(|i| i.0));
        NoteInput {
            kind: self.kind.map(|k| k.code().to_owned()).unwrap_or_default(),
            occurred_on,
            occurred_time,
            text: self.text.clone(),
            child_seen: answer(self.child_seen),
            seen_alone: answer(self.seen_alone),
            bedroom_seen: answer(self.bedroom_seen),
        }
    }

    /// The note ready to finalise, or every problem (the time's at `occurred_at`).
    pub fn to_note(&self, now: DateTime<Utc>) -> Result<NewNote, FieldErrors> {
        let at = self.occurred_at.map(|i| {
            i.0.with_second(0)
                .and_then(|t| t.with_nanosecond(0))
                .unwrap_or(i.0)
        });
        let mut parsed = NewNote::parse(&self.input(), now)
            .map_err(|e| rename_fields(e, &["occurred_on", "occurred_time"], "occurred_at"));
        // The domain reads the UK clock time; the instant given is exact (even in the hour
        // the clocks repeat in autumn), so it is the one kept.
        if let (Ok(note), Some(at)) = (&mut parsed, at) {
            if at > now {
                return Err(FieldErrors::single(
                    "occurred_at",
                    "The date and time of the contact must be in the past",
                ));
            }
            note.occurred_at = at;
        }
        parsed
    }

    /// A correction: the corrected note and its reason, or every problem.
    pub fn to_correction(&self, now: DateTime<Utc>) -> Result<(NewNote, String), FieldErrors> {
        match (self.to_note(now), parse_reason(&self.reason)) {
            (Ok(note), Ok(reason)) => Ok((note, reason)),
            (note, reason) => {
                let mut errors = FieldErrors::new();
                if let Err(e) = note {
                    errors.merge(e);
                }
                if let Err(e) = reason {
                    errors.merge(e);
                }
                Err(errors)
            }
        }
    }
}

/// The versions of a note the viewer sees, oldest first (all of them for managers in the
/// child's line and auditors, none for others), and the current one.
pub fn visible(
    history: &NoteHistory,
    relationship: Relationship,
) -> (Vec<&NoteVersion>, Option<&NoteVersion>) {
    let versions = if sees_every_version(relationship) {
        history.versions.iter().collect()
    } else {
        Vec::new()
    };
    (versions, history.versions.last())
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
