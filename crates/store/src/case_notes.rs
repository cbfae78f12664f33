//! Case notes and visit records, drafts saved as the user types, finalised versions, and the
//! filtered chronology page's reads. (issue 3)
//!
//! A draft is what one author has typed for one child, kept exactly as typed (unvalidated),
//! replaced on every save and private to its author: not an event, so no chronology entry and
//! no audit record. Finalising writes the note's first version, its chronology entry and its
//! audit record in one transaction and deletes the draft. Finalised versions are append-only:
//! the tables refuse UPDATE and DELETE. A correction is the next version, with a reason.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::case_notes::{ChronologyFilter, NewNote, NoteId, NoteKind, Seen};
use journey_domain::ids::{PersonId, StaffId};
use serde::Serialize;

use crate::{Actor, ChildAccess, ChronologyEntry, StoreResult};

/// What an author has typed so far, exactly as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NoteDraft {
    /// Identifies the note being written, so a second "finalise" of the same form is refused
    /// instead of recording the note twice.
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
}

/// The longest value a draft field keeps (the text is bounded by the domain's maximum plus
/// slack; the web layer refuses anything longer before it gets here).
pub const MAX_DRAFT_FIELD_CHARS: usize = 40_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SavedDraft {
    pub draft: NoteDraft,
    pub saved_at: DateTime<Utc>,
}

/// A draft on a child of a manager's teams: whose it is, whose record it is on and when it was
/// last saved. Never its text: a draft is its author's until it is finalised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DraftOnTeam {
    pub child: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub author_name: String,
    pub team_name: String,
    pub saved_at: DateTime<Utc>,
}

/// One finalised version of a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteVersion {
    pub version: i32,
    pub kind: NoteKind,
    pub occurred_at: DateTime<Utc>,
    pub text: String,
    pub child_seen: Seen,
    pub seen_alone: Seen,
    pub bedroom_seen: Seen,
    /// Why this version replaced the one before; `None` for the first.
    pub reason: Option<String>,
    pub recorded_by: StaffId,
    pub recorded_by_name: String,
    pub recorded_at: DateTime<Utc>,
}

/// A note with every version, oldest first (never empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteHistory {
    pub id: NoteId,
    pub child: PersonId,
    pub author: StaffId,
    pub versions: Vec<NoteVersion>,
}

/// A note as the record page lists it: its current version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoteSummary {
    pub id: NoteId,
    pub current: NoteVersion,
    /// True when the current version is a correction.
    pub corrected: bool,
}

/// What the record page's notes panel shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotesPanel {
    /// The latest notes by date of contact, newest first.
    pub latest: Vec<NoteSummary>,
    pub total: i64,
    /// The last visit at which the child was seen, and seen alone (current versions only).
    pub last_seen: Option<DateTime<Utc>>,
    pub last_seen_alone: Option<DateTime<Utc>>,
}

/// How many notes the record page lists.
pub const PANEL_NOTES: i64 = 5;

/// Someone related to the child whose chronology could be shown beside the child's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyMember {
    pub person: PersonId,
    pub name: String,
    /// How they are related, in words: `mother`, `sibling`, `child of the same mother`.
    pub relationship: String,
}

/// A family member the viewer may open, with the proof that they may
/// (`access::check_to_show`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilyAccess {
    pub member: FamilyMember,
    pub access: ChildAccess,
}

/// A chronology line on the filtered page; `whose` names the family member for their events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChronologyLine {
    #[serde(flatten)]
    pub entry: ChronologyEntry,
    pub whose: Option<String>,
}

/// The chronology page: the matching lines, oldest first, and every kind in the child's own
/// chronology (for the filter's list).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChronologyView {
    pub lines: Vec<ChronologyLine>,
    pub kinds: Vec<String>,
    /// How many entries the child's own chronology holds in all.
    pub total: i64,
}

#[async_trait]
pub trait CaseNotes: Send + Sync {
    /// Replaces the actor's draft for this child. Not an event: no chronology, no audit.
    async fn save_draft(
        &self,
        actor: &Actor,
        child: PersonId,
        draft: &NoteDraft,
    ) -> StoreResult<DateTime<Utc>>;
    /// The author's draft for this child, if any.
    async fn draft(&self, author: StaffId, child: PersonId) -> StoreResult<Option<SavedDraft>>;
    /// The drafts on children allocated on `on` to the manager's team or a team under it (the
    /// actor's, when they are a team or service manager; none otherwise), oldest first, without
    /// their text. Writes one access record naming the children listed, when there are any.
    async fn drafts_on_teams(&self, actor: &Actor, on: NaiveDate) -> StoreResult<Vec<DraftOnTeam>>;
    /// Throws the author's draft away (the "discard" button).
    async fn discard_draft(&self, author: StaffId, child: PersonId) -> StoreResult<()>;
    /// Finalises a note: its first version, chronology entry and audit record in one
    /// transaction, deleting the author's draft. `note_key` already used: `Invalid` at `note`.
    async fn finalise_note(
        &self,
        access: &ChildAccess,
        note_key: &str,
        note: &NewNote,
    ) -> StoreResult<NoteId>;
    /// Records a correction as the note's next version, with its reason, chronology entry and
    /// audit record. Returns the new version number. `NotFound` for a note of another child.
    async fn correct_note(
        &self,
        access: &ChildAccess,
        note: NoteId,
        corrected: &NewNote,
        reason: &str,
    ) -> StoreResult<i32>;
    /// A note with every version, recorded as a view of the child's record.
    async fn note_history(&self, access: &ChildAccess, note: NoteId) -> StoreResult<NoteHistory>;
    /// The record page's notes panel. Not itself recorded: the page that calls it records its
    /// own read. It takes the proof, so it cannot be reached without the policy having allowed
    /// the read.
    async fn notes_panel(&self, access: &ChildAccess) -> StoreResult<NotesPanel>;
    /// People related to the child directly, and children who share a parent or carer with
    /// them. Names only (as the record page shows them). Not itself recorded: the page that
    /// calls it records its own read. It takes the proof, so it cannot be reached without the
    /// policy having allowed the read.
    async fn family_members(&self, access: &ChildAccess) -> StoreResult<Vec<FamilyMember>>;
    /// The child's chronology narrowed by `filter`, with the events of `family` (members the
    /// viewer may open) when the filter asks. Records a chronology view of the child and of
    /// each family member shown.
    async fn chronology_view(
        &self,
        access: &ChildAccess,
        filter: &ChronologyFilter,
        family: &[FamilyAccess],
    ) -> StoreResult<ChronologyView>;
    /// Tries to change and delete a finalised note's versions: must fail on every backend.
    async fn try_change_finalised_note(&self, note: NoteId) -> Vec<StoreResult<u64>>;
    /// Where the tables the notes panel reads instead of the child's whole history (each note's
    /// current version, each child's count of notes) differ from the same worked out again from
    /// the append-only notes: `note N` or `child N` for each row that differs, none when they
    /// agree. For the contract, which checks the triggers that keep those tables.
    async fn notes_panel_drift(&self) -> StoreResult<Vec<String>>;
}

/// The access records of one chronology page: the child's chronology, and each family member's
/// when their events were asked for. The same on every backend.
pub fn chronology_viewed(
    access: &ChildAccess,
    filter: &ChronologyFilter,
    family: &[FamilyAccess],
) -> Vec<crate::AccessLogEntry> {
    use crate::{AccessKind, AccessLogEntry};
    let mut records = vec![AccessLogEntry::through(
        access,
        AccessKind::ViewedChronology,
        "",
    )];
    if filter.include_family {
        let detail = format!("beside the chronology of child {}", access.child());
        records.extend(
            family
                .iter()
                .map(|f| AccessLogEntry::through(&f.access, AccessKind::ViewedChronology, &detail)),
        );
    }
    records
}

/// Keeps the first mention of each person (a mother recorded twice is one family member) and
/// leaves the child out.
pub fn distinct_family(child: PersonId, members: Vec<FamilyMember>) -> Vec<FamilyMember> {
    let mut seen = std::collections::HashSet::new();
    members
        .into_iter()
        .filter(|m| m.person != child && seen.insert(m.person))
        .collect()
}

/// Names the family member an entry belongs to; `None` for the child's own entries.
pub fn whose_entry(
    access: &ChildAccess,
    family: &[FamilyAccess],
    person: PersonId,
) -> Option<String> {
    if person == access.child() {
        return None;
    }
    family
        .iter()
        .find(|f| f.access.child() == person)
        .map(|f| format!("{} ({})", f.member.name, f.member.relationship))
}
