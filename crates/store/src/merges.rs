//! Merging two records of one child (issue 10, part 1): the side-by-side comparison a manager
//! confirms on, the merge itself, merges waiting for a second manager, and undoing a merge.
//!
//! Every call takes a proof for **both** records: a merge is allowed only to a manager who may
//! open both. The web layer makes the two proofs (`Checked<ToMerge>` on the record that stays,
//! the access check on the other), so a record the manager cannot open never reaches here.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::families::matching::{MatchReason, Who, compare};
use journey_domain::families::merging::{AllocationChoice, KeepAllocation, MergeRequest};
use journey_domain::ids::{EventId, PersonId, StaffId};
use serde::Serialize;

use crate::{Actor, ChildAccess, StoreResult};

/// An open allocation, as the comparison shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldBy {
    pub worker: String,
    pub team: String,
    pub since: NaiveDate,
}

/// One record as the merge comparison shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeSide {
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    /// "Female", "Male", "Not known".
    pub sex: String,
    pub date_of_death: Option<NaiveDate>,
    pub upn: Option<String>,
    pub nhs_number: Option<String>,
    /// "Kerry Marsh (mother)", current relationships only, by name.
    pub parents: Vec<String>,
    /// The current address on one line, where one is recorded.
    pub address: Option<String>,
    pub allocation: Option<HeldBy>,
    pub chronology_entries: i64,
    pub case_notes: i64,
    pub contacts: i64,
    pub referrals: i64,
    pub recorded_at: DateTime<Utc>,
    /// When the earliest adoption order on its chronology was made.
    pub adoption_order: Option<DateTime<Utc>>,
    /// The latest date on its chronology other than an adoption order.
    pub latest_entry: Option<DateTime<Utc>>,
}

impl MergeSide {
    pub fn name(&self) -> String {
        format!("{} {}", self.given_name, self.family_name)
    }

    fn who(&self) -> Who<'_> {
        Who {
            given_name: &self.given_name,
            family_name: &self.family_name,
            date_of_birth: self.date_of_birth,
            expected_date_of_birth: self.expected_date_of_birth,
        }
    }
}

/// One line of the comparison: what each record holds, and whether they differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComparedRow {
    pub label: &'static str,
    pub survivor: String,
    pub merged: String,
    pub differs: bool,
}

/// The two records side by side, and what the merge would need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeComparison {
    pub survivor: MergeSide,
    pub merged: MergeSide,
    pub rows: Vec<ComparedRow>,
    /// Why the search-before-create matching finds them alike; empty when it does not, and
    /// then a second manager must approve the merge.
    pub likely: Vec<MatchReason>,
    /// Why they cannot be merged as they stand, if they cannot (the first reason found).
    pub refusal: Option<String>,
    /// Both records have an open allocation: the manager chooses which continues.
    pub both_allocated: bool,
}

impl MergeComparison {
    /// Whether a second manager must approve: the records are not a likely match.
    pub fn needs_approval(&self) -> bool {
        self.likely.is_empty()
    }
}

/// Whether two records are a likely match by the search-before-create matching, and why.
pub fn likeness(survivor: &MergeSide, merged: &MergeSide) -> Vec<MatchReason> {
    compare(&merged.who(), &survivor.who()).map_or_else(Vec::new, |likely| likely.reasons)
}

fn day(date: Option<NaiveDate>) -> String {
    date.map_or_else(String::new, |d| d.format("%-d %B %Y").to_string())
}

/// The comparison's lines, each marked where the two records differ.
pub fn compared_rows(s: &MergeSide, m: &MergeSide) -> Vec<ComparedRow> {
    let allocation = |side: &MergeSide| {
        side.allocation.as_ref().map_or_else(
            || "Not allocated".to_owned(),
            |a| format!("{}, {}, since {}", a.worker, a.team, day(Some(a.since))),
        )
    };
    let text = |value: &Option<String>| value.clone().unwrap_or_default();
    let pairs: Vec<(&'static str, String, String)> = vec![
        ("First name", s.given_name.clone(), m.given_name.clone()),
        ("Last name", s.family_name.clone(), m.family_name.clone()),
        ("Date of birth", day(s.date_of_birth), day(m.date_of_birth)),
        (
            "Expected date of birth",
            day(s.expected_date_of_birth),
            day(m.expected_date_of_birth),
        ),
        ("Sex", s.sex.clone(), m.sex.clone()),
        ("Date of death", day(s.date_of_death), day(m.date_of_death)),
        ("UPN", text(&s.upn), text(&m.upn)),
        ("NHS number", text(&s.nhs_number), text(&m.nhs_number)),
        ("Parents", s.parents.join(", "), m.parents.join(", ")),
        ("Address", text(&s.address), text(&m.address)),
        ("Allocation", allocation(s), allocation(m)),
        (
            "Chronology entries",
            s.chronology_entries.to_string(),
            m.chronology_entries.to_string(),
        ),
        (
            "Case notes",
            s.case_notes.to_string(),
            m.case_notes.to_string(),
        ),
        ("Contacts", s.contacts.to_string(), m.contacts.to_string()),
        (
            "Referrals",
            s.referrals.to_string(),
            m.referrals.to_string(),
        ),
    ];
    pairs
        .into_iter()
        .map(|(label, survivor, merged)| ComparedRow {
            label,
            differs: survivor != merged,
            survivor,
            merged,
        })
        .collect()
}

/// What became of a merge asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MergeOutcome {
    /// Merged: the merge's id, for undoing it.
    Merged(i64),
    /// Not a likely match: waiting for a second manager (the request's id).
    AwaitingApproval(i64),
}

/// A merge asked for that waits for a second manager.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PendingMerge {
    pub id: i64,
    pub survivor: PersonId,
    pub survivor_name: String,
    pub merged: PersonId,
    pub merged_name: String,
    pub reason: String,
    /// Which allocation continues, where both records were allocated when it was asked for.
    pub keep_allocation: Option<String>,
    pub allocation_end_reason: Option<String>,
    pub requested_by: StaffId,
    pub requested_by_name: String,
    pub requested_at: DateTime<Utc>,
}

impl PendingMerge {
    /// The request as the merge it asks for.
    pub fn request(&self) -> MergeRequest {
        MergeRequest {
            reason: self.reason.clone(),
            allocation: self
                .keep_allocation
                .as_deref()
                .and_then(KeepAllocation::from_code)
                .map(|keep| AllocationChoice {
                    keep,
                    end_reason: self.allocation_end_reason.clone().unwrap_or_default(),
                }),
        }
    }
}

/// What the second manager decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MergeDecision {
    Approve,
    Refuse { reason: String },
}

/// One merge of two records, done or undone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergeRecord {
    pub id: i64,
    pub survivor: PersonId,
    pub survivor_name: String,
    pub merged: PersonId,
    pub merged_name: String,
    pub reason: String,
    pub merged_at: DateTime<Utc>,
    pub undone_at: Option<DateTime<Utc>>,
    /// The last moment it can be undone.
    pub undo_until: DateTime<Utc>,
}

impl MergeRecord {
    /// Whether it can still be undone at `now` (the store also refuses an undo once the kept
    /// record has been merged into another).
    pub fn undoable(&self, now: DateTime<Utc>) -> bool {
        self.undone_at.is_none() && now <= self.undo_until
    }
}

#[async_trait]
pub trait Merges: Send + Sync {
    /// The two records side by side, with whether they are a likely match, whether they may be
    /// merged, and whether both are allocated. Recorded as a view of each record.
    async fn compare_records(
        &self,
        survivor: &ChildAccess,
        merged: &ChildAccess,
    ) -> StoreResult<MergeComparison>;
    /// Merges `merged` into `survivor` when they are a likely match: every row naming it moves
    /// to the survivor (or is set aside), remembered for undoing; where both are allocated the
    /// chosen allocation continues and the other ends with the reason given; both records get
    /// an audit record and a chronology line, in one transaction. When they are not a likely
    /// match, nothing moves: the merge is asked for, waiting for a second manager, with a line
    /// on both records. Refused at the field (nothing written) when they cannot be merged.
    async fn merge_records(
        &self,
        survivor: &ChildAccess,
        merged: &ChildAccess,
        request: &MergeRequest,
    ) -> StoreResult<MergeOutcome>;
    /// Every merge waiting for a second manager, oldest first, for the web layer to keep those
    /// the viewer may decide. Not itself recorded: the list shown is.
    async fn open_merge_requests(&self) -> StoreResult<Vec<PendingMerge>>;
    /// One merge waiting for a second manager; `NotFound` when there is none.
    async fn open_merge_request(&self, id: i64) -> StoreResult<PendingMerge>;
    /// A second manager's decision, with proofs for both records. Approving makes the merge as
    /// asked for (every check again, now) and returns its id; the manager who asked may not
    /// approve it. Refusing records the reason on both records. `NotFound` when it is not
    /// waiting or not between these records.
    async fn decide_merge_request(
        &self,
        survivor: &ChildAccess,
        merged: &ChildAccess,
        id: i64,
        decision: &MergeDecision,
    ) -> StoreResult<Option<i64>>;
    /// Undoes a merge into `survivor` while it can be undone: what it moved goes back, an
    /// allocation it ended opens again, both records get an audit record and a line.
    /// `NotFound` when the merge is not one into `survivor`.
    async fn undo_merge(&self, survivor: &ChildAccess, merge_id: i64) -> StoreResult<EventId>;
    /// The merges into or out of a record, newest first.
    async fn merges(&self, person: PersonId) -> StoreResult<Vec<MergeRecord>>;
    /// Records that `actor` was shown a list of merges waiting, naming these people (one access
    /// record, as for a search result list).
    async fn record_merge_requests_seen(
        &self,
        actor: &Actor,
        people: &[PersonId],
    ) -> StoreResult<()>;
}
