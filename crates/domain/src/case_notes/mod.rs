//! Case notes and visit records: what a note is, how typed input becomes one, and the plain
//! words it writes onto the child's chronology.
//!
//! A note is typed as a draft (kept as typed, never validated, private to its author), then
//! finalised: parsed here into a [`NewNote`], written once and never changed. A correction is a
//! new version of the same note with a reason.

mod chronology_filter;
mod kinds;
mod note;
mod significant_event;
pub mod wording;

pub use chronology_filter::{ChronologyFilter, FilterInput};
pub use kinds::{NoteKind, Seen};
pub use note::{MAX_TEXT_CHARS, NewNote, NoteInput, Observations, parse_reason};
pub use significant_event::SignificantEvent;

use serde::{Deserialize, Serialize};

/// One case note or visit record (all its versions share it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct NoteId(pub i64);

impl std::fmt::Display for NoteId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}
