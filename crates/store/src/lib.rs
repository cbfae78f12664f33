//! The store contract: every operation Journey performs on its database, sized to a use case.
//!
//! Each write is one transaction holding the change, its chronology entries and its audit
//! record. Each read of a child's record also writes an access record, durably, before the call
//! returns. Backends (`journey-store-sqlite`, `journey-store-postgres`) implement [`Store`]; the
//! [`contract`] module is the test suite both must pass.

pub mod access;
mod access_entry;
pub mod actor;
pub mod allocations;
pub mod assessments;
pub mod attention;
pub mod babies;
pub mod case_notes;
pub mod caseloads;
pub mod child_protection;
// Also compiled for this crate's own unit tests, which check the list of cases.
#[cfg(any(test, feature = "contract-tests"))]
pub mod contract;
pub mod error;
pub mod families;
pub mod front_door;
pub mod merges;
pub mod migration;
pub mod model;
pub mod person_details;
pub mod relationship_proposals;
pub mod wider_access;
pub mod wording;

pub use access::{ChildAccess, Permitted, Refused};
pub use actor::Actor;
pub use allocations::Allocations;
pub use assessments::Assessing;
pub use attention::{Attention, AttentionItem, AttentionKind, NewAttention};
pub use babies::Babies;
pub use case_notes::{
    CaseNotes, ChronologyLine, ChronologyView, DraftOnTeam, FamilyAccess, FamilyMember, NoteDraft,
    NoteHistory, NoteSummary, NoteVersion, NotesPanel, SavedDraft,
};
pub use caseloads::Caseloads;
pub use child_protection::ChildProtection;
pub use error::{StoreError, StoreResult};
pub use families::{
    ChildTie, Families, Family, FamilyHistoryEvent, FamilyOpenCase, FamilyPanel, HouseholdMember,
    LikelyMatch, MERGE_KEEPS, MERGE_MOVES, MergedInto, NamedInFamilyHistory, RelatedPersonDetails,
    RelationshipRow, family_circle, rank_matches,
};
pub use front_door::{
    AwaitingDecision, Contact, Decision, DecisionVersion, Episode, FrontDoor, FrontDoorRecord,
    decision_from_versions,
};
pub use journey_domain::families::merging::MergeRequest;
pub use merges::{
    ComparedRow, HeldBy, MergeComparison, MergeDecision, MergeOutcome, MergeRecord, MergeSide,
    Merges, PendingMerge,
};
pub use model::*;
pub use person_details::PersonDetails;
pub use relationship_proposals::{ProposalDecision, ProposedLink, RelationshipProposals};
pub use wider_access::{BreakGlass, BreakGlassOpening, Restriction, Restrictions};

use async_trait::async_trait;
use journey_domain::access::{Action, Capability, Relationship};
use journey_domain::ids::{EventId, PersonId, StaffId, TeamId};
use journey_domain::person::NewChild;
use journey_domain::staff::{TeamFunction, TeamKind};

/// Which database a store runs on. The contract suite asserts it, so a suite that silently ran
/// on the wrong backend fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Staff accounts and the authority's structure.
#[async_trait]
pub trait Directory: Send + Sync {
    async fn create_team(
        &self,
        actor: &Actor,
        name: &str,
        kind: TeamKind,
        parent: Option<TeamId>,
    ) -> StoreResult<TeamId>;
    async fn create_staff(&self, actor: &Actor, staff: &NewStaff) -> StoreResult<StaffId>;
    async fn teams(&self) -> StoreResult<Vec<Team>>;
    async fn staff_list(&self) -> StoreResult<Vec<StaffSummary>>;
    /// Sets what a team does (or clears it), naming the team and its function in the audit
    /// record. A front-door or duty function gives the team's members screening access.
    async fn set_team_function(
        &self,
        actor: &Actor,
        team: TeamId,
        function: Option<TeamFunction>,
    ) -> StoreResult<()>;
    /// What sign-in needs. `None` for an unknown username.
    async fn staff_login(&self, username: &str) -> StoreResult<Option<StaffLogin>>;
    /// Stores a stronger hash of the same password after sign-in (parameters were raised).
    async fn replace_password_hash(&self, staff: StaffId, hash: &str) -> StoreResult<()>;
    /// Disables or re-enables an account, naming it in the audit record. Disabling ends every
    /// session of the account in the same transaction, so the next request on any of them is
    /// refused.
    async fn set_staff_disabled(
        &self,
        actor: &Actor,
        staff: StaffId,
        disabled: bool,
    ) -> StoreResult<()>;
    /// Records a sign-in attempt in the audit trail with the username it tried: by the member
    /// of staff who signed in, or by no one for a refusal.
    async fn record_sign_in(
        &self,
        actor: &Actor,
        username_tried: &str,
        outcome: SignInOutcome,
    ) -> StoreResult<()>;
    /// The audit records about no child (accounts, teams, sign-ins), newest first.
    async fn account_audit(&self, limit: u32) -> StoreResult<Vec<AuditEntry>>;
}

/// Server-side sessions. Only a hash of the session token is stored.
#[async_trait]
pub trait Sessions: Send + Sync {
    async fn create_session(&self, session: &NewSession) -> StoreResult<()>;
    /// The session and its account, or `None` if it does not exist or the account is disabled.
    async fn session(&self, token_hash: &[u8]) -> StoreResult<Option<SessionRecord>>;
    async fn touch_session(
        &self,
        token_hash: &[u8],
        at: chrono::DateTime<chrono::Utc>,
    ) -> StoreResult<()>;
    async fn end_session(&self, token_hash: &[u8]) -> StoreResult<()>;
}

/// Children's records: the writes that change them and the audited reads that open them.
#[async_trait]
pub trait Records: Send + Sync {
    /// Records a new child: the person, their chronology entry and the audit record.
    async fn register_child(&self, actor: &Actor, child: &NewChild) -> StoreResult<PersonId>;
    /// Records a new child into `team`'s unallocated list from today, in one transaction.
    /// Nobody is allocated: the recorder keeps the record until a manager allocates.
    async fn register_unallocated(
        &self,
        actor: &Actor,
        child: &NewChild,
        team: TeamId,
    ) -> StoreResult<PersonId>;
    /// Allocates a child to a worker in a team from any date, ending any open allocation and
    /// unallocated list on that date, with no SSDA903 reason: the path of set-ups and imports.
    /// Staff allocate through [`Allocations`], which takes the proof and the reason.
    /// `relationship` is the one the access policy accepted, if any.
    async fn allocate(
        &self,
        actor: &Actor,
        relationship: Option<Relationship>,
        allocation: &NewAllocation,
    ) -> StoreResult<EventId>;
    /// Makes a reviewing officer responsible for a child, ending any previous one.
    async fn assign_reviewing_officer(
        &self,
        actor: &Actor,
        relationship: Option<Relationship>,
        child: PersonId,
        officer: StaffId,
        from: chrono::NaiveDate,
    ) -> StoreResult<EventId>;
    /// Adds an entry to a child's chronology by hand (a significant event recorded by a worker).
    async fn add_chronology_entry(
        &self,
        access: &ChildAccess,
        entry: &NewChronologyEntry,
    ) -> StoreResult<EventId>;
    /// Loads a whole batch of people, families, allocations and history in one transaction:
    /// the path for demo data, benchmarks and, later, legacy import.
    async fn import_children(&self, actor: &Actor, batch: &[ImportedChild]) -> StoreResult<()>;

    /// The relationships that a member of staff holds to a child today. Empty for a child that
    /// does not exist, so a refusal cannot reveal whether it does.
    async fn relationships(
        &self,
        staff: StaffId,
        child: PersonId,
        on: chrono::NaiveDate,
    ) -> StoreResult<Vec<Relationship>>;
    /// Opens a child's record and durably records that it was opened, before returning.
    async fn open_child_record(&self, access: &ChildAccess) -> StoreResult<ChildRecord>;
    /// The child's identifying details, for the heading of a page (the chronology, the access
    /// log). Not itself recorded: the page that calls it records its own read. It takes the
    /// proof, so it cannot be reached without the policy having allowed the read.
    async fn child_details(&self, access: &ChildAccess) -> StoreResult<ChildDetails>;
    /// The child's identifying details for a page that reads nothing else of the record (a
    /// form headed with the child's name), recorded as a view of the record with `page` as
    /// the detail, so every page that shows a child's name leaves an access record.
    async fn child_details_shown(
        &self,
        access: &ChildAccess,
        page: &str,
    ) -> StoreResult<ChildDetails>;
    /// The child's whole chronology, oldest first, recorded as a view of the record.
    async fn full_chronology(&self, access: &ChildAccess) -> StoreResult<Vec<ChronologyEntry>>;
    /// Durably records a refused attempt on a child's record.
    async fn record_refusal(
        &self,
        actor: &Actor,
        child: PersonId,
        action: Action,
    ) -> StoreResult<()>;
    /// Durably records a refused attempt at an ability that concerns no one child (searching,
    /// recording a child, the administrator's pages): a refusal with no child.
    async fn record_capability_refusal(
        &self,
        actor: &Actor,
        capability: Capability,
    ) -> StoreResult<()>;
    /// Searches the index of people, recording the result list as seen by the actor: the
    /// first page of [`Records::search_page`].
    async fn search_people(
        &self,
        actor: &Actor,
        query: &PersonQuery,
    ) -> StoreResult<Vec<SearchHit>>;
    /// One page (from 1) of a search of `query.limit` people a page: the actor's own allocated
    /// children whom it finds first, then everyone else it finds in rank order, leaving out
    /// restricted records the actor may not open before the list is cut into pages. Only the
    /// page is recorded as seen.
    async fn search_page(
        &self,
        actor: &Actor,
        query: &PersonQuery,
        page: u32,
    ) -> StoreResult<SearchPage>;
    /// The children allocated to a worker on a day. Not recorded: for Journey's own work (the
    /// demo's seeds, tests); a page or the API shows [`Records::caseload_shown`].
    async fn caseload(
        &self,
        staff: StaffId,
        on: chrono::NaiveDate,
    ) -> StoreResult<Vec<CaseloadEntry>>;
    /// The actor's own caseload today, recorded as one list record naming every child on it.
    async fn caseload_shown(&self, actor: &Actor) -> StoreResult<Vec<CaseloadEntry>>;
}

/// The audit trail and access records, read back.
#[async_trait]
pub trait Oversight: Send + Sync {
    /// Who has opened (or tried to open) a child's record: one page, newest first, of every
    /// entry the query's filters match. Itself recorded, before it is read, so the reader's
    /// own look is on its first page.
    async fn access_log(
        &self,
        access: &ChildAccess,
        query: &AccessLogQuery,
    ) -> StoreResult<AccessLogPage>;
    /// The access records about no one child's record (search result lists, lists of
    /// children, refused attempts at role-wide abilities): one page, newest first. For the
    /// auditor, whose reading it is recorded first like the child's log. Returns `None`, and
    /// records the refusal, for anyone whose role may not read them.
    async fn access_beyond_records(
        &self,
        actor: &Actor,
        query: &AccessLogQuery,
    ) -> StoreResult<Option<AccessLogPage>>;
    /// The audit records of changes to one child, oldest first.
    async fn audit_trail(&self, child: PersonId) -> StoreResult<Vec<AuditEntry>>;
    /// Every access record of one member of staff, newest first (for investigations and tests).
    async fn access_by_staff(&self, staff: StaffId, limit: u32)
    -> StoreResult<Vec<AccessLogEntry>>;
    /// Tries to change, delete and move (outside a merge) the rows of every table in
    /// [`APPEND_ONLY`], through the connections that write them, and says how the database
    /// answered each attempt. Exists so the contract suite can prove the tables are
    /// append-only, and why.
    async fn try_tampering(&self) -> StoreResult<Tampering>;
}

/// The tables whose rows are written once and never changed or removed: triggers refuse any
/// change on both databases, and PostgreSQL's application role is not granted one either
/// (grants.sql). Contacts, finalised notes and the chronology may move between the two records
/// of a merge in force (only `child_id` changes), and nothing else.
pub const APPEND_ONLY: [&str; 8] = [
    "access_record",
    "audit_event",
    "case_note",
    "case_note_version",
    "chronology_entry",
    "contact",
    "referral_decision",
    "referral_decision_correction",
];

/// What [`Oversight::try_tampering`] tried, and what the database said.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tampering {
    /// The role the store signs in as (PostgreSQL's `current_user`); SQLite has no roles.
    pub signed_in_as: Option<String>,
    /// Each append-only table's rows before the attempts and after them.
    pub rows: Vec<(&'static str, i64, i64)>,
    pub attempts: Vec<TamperAttempt>,
}

/// One statement against an append-only table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TamperAttempt {
    pub table: &'static str,
    pub kind: TamperKind,
    pub sql: &'static str,
    /// The rows changed, or the database's refusal.
    pub outcome: Result<u64, DatabaseRefusal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TamperKind {
    /// A column other than `child_id` rewritten.
    Update,
    Delete,
    /// `child_id` set again, with no merge in force between the records.
    MoveOutsideAMerge,
}

/// An error the database returned: its code (SQLSTATE on PostgreSQL, the extended result code
/// on SQLite) and its message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseRefusal {
    pub code: Option<String>,
    pub message: String,
}

/// A whole Journey database.
#[async_trait]
pub trait Store:
    Directory
    + Sessions
    + Records
    + Oversight
    + PersonDetails
    + Families
    + Merges
    + RelationshipProposals
    + FrontDoor
    + CaseNotes
    + Allocations
    + ChildProtection
    + Caseloads
    + Babies
    + Assessing
    + Attention
    + BreakGlass
    + Restrictions
    + Send
    + Sync
    + 'static
{
    fn backend(&self) -> Backend;
    /// The tables, columns and indexes, normalised for comparison between backends.
    async fn schema_outline(&self) -> StoreResult<Vec<String>>;
    /// Connection settings that durability depends on, as name=value (checked by tests).
    async fn durability_settings(&self) -> StoreResult<Vec<(String, String)>>;
}
