//! What goes into the store and what comes out: plain data, shaped for the pages that use it.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::access::Relationship;
use journey_domain::ids::{EventId, PersonId, StaffId, TeamId};
use journey_domain::person::{NewChild, Sex};
use journey_domain::staff::{Role, TeamFunction, TeamKind};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    pub id: TeamId,
    pub name: String,
    pub kind: TeamKind,
    pub parent: Option<TeamId>,
    /// What the team does, as the administrator set it; `None` until set.
    pub function: Option<TeamFunction>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStaff {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub team: Option<TeamId>,
    /// An argon2id PHC string; the store never sees a password.
    pub password_hash: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StaffSummary {
    pub id: StaffId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub team: Option<TeamId>,
    pub team_name: Option<String>,
    pub disabled: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffLogin {
    pub id: StaffId,
    pub password_hash: String,
    pub disabled: bool,
    /// For the audit record of the sign-in.
    pub role: Role,
    pub display_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewSession {
    /// SHA-256 of the token in the cookie: a stolen database does not yield live sessions.
    pub token_hash: Vec<u8>,
    pub staff: StaffId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub staff: StaffId,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// The account's team, where a new child the worker records is held.
    pub team: Option<TeamId>,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAllocation {
    pub child: PersonId,
    pub worker: StaffId,
    pub team: TeamId,
    pub from: NaiveDate,
}

/// A significant event written by hand onto a child's chronology.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewChronologyEntry {
    pub occurred_at: DateTime<Utc>,
    pub summary: String,
    pub significant: bool,
}

/// One line of a child's chronology, in plain words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChronologyEntry {
    pub event: EventId,
    /// When it happened: a contact when it was received, a visit when it took place. The
    /// chronology is sorted and filtered by it.
    pub occurred_at: DateTime<Utc>,
    /// What kind of event: `child_registered`, `allocated`, `note`, ...
    pub kind: String,
    pub summary: String,
    pub significant: bool,
    pub recorded_by: String,
    /// When it was recorded (its audit record's time).
    pub recorded_at: DateTime<Utc>,
}

impl ChronologyEntry {
    /// Recorded more than a day from when it happened, so the chronology says when it was
    /// recorded as well.
    pub fn recorded_late(&self) -> bool {
        (self.recorded_at - self.occurred_at).abs() > chrono::TimeDelta::days(1)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildDetails {
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CurrentAllocation {
    pub worker: StaffId,
    pub worker_name: String,
    pub team: TeamId,
    pub team_name: String,
    pub from: NaiveDate,
}

/// Someone in the child's life, seen from the child's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedPerson {
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    /// From the child's side: `mother`, `father`, `sibling`, `carer`, ...
    pub relationship: String,
}

/// The child's record as its page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildRecord {
    pub child: ChildDetails,
    pub allocation: Option<CurrentAllocation>,
    pub reviewing_officer: Option<String>,
    pub people: Vec<RelatedPerson>,
    /// The latest entries, newest first.
    pub recent_chronology: Vec<ChronologyEntry>,
    pub chronology_count: i64,
}

/// How many chronology entries the record page shows.
pub const RECENT_CHRONOLOGY: i64 = 50;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonQuery {
    /// Any part of a name: each word must match the start of the first or last name.
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub limit: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchHit {
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    /// Whether the person is a child with a record in Journey (not only an adult in a family).
    pub is_child: bool,
}

/// One page of a search's results: `limit` people from the query, the searcher's own
/// allocated children first, and whether more follow.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SearchPage {
    pub hits: Vec<SearchHit>,
    /// Counted from 1.
    pub page: u32,
    /// Whether a later page holds anyone. The total is not counted: a two-letter name finds
    /// thousands, and counting them would read them all.
    pub has_more: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseloadEntry {
    pub child: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub allocated_from: NaiveDate,
    pub team_name: String,
}

/// What was done in an access record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AccessKind {
    ViewedRecord,
    ViewedChronology,
    ViewedAccessLog,
    /// A list of people found (a search, a lookup, likely matches): one record for the whole
    /// list, naming everyone in it, so a search costs one write however many it finds.
    SearchResults,
    /// One person in a result list, as recorded before lists were recorded whole (access
    /// migration 2 on SQLite, migration 8 on PostgreSQL). Still read; no longer written.
    AppearedInSearch,
    /// Shown in the family history on a relative's record (the "start again" guard).
    SeenInFamilyHistory,
    /// A refused attempt: at a child's record (the detail is the action), or at an ability
    /// that concerns no one child (no child; the detail is the capability).
    Refused,
    /// A list of children a page or the API showed (a caseload, the referrals awaiting a
    /// decision): one record naming the list (the detail) and everyone on it.
    ListShown,
}

impl AccessKind {
    /// Every kind, including those no longer written: older access files hold them.
    pub const ALL: [AccessKind; 8] = [
        AccessKind::ViewedRecord,
        AccessKind::ViewedChronology,
        AccessKind::ViewedAccessLog,
        AccessKind::SearchResults,
        AccessKind::AppearedInSearch,
        AccessKind::SeenInFamilyHistory,
        AccessKind::Refused,
        AccessKind::ListShown,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AccessKind::ViewedRecord => "viewed_record",
            AccessKind::ViewedChronology => "viewed_chronology",
            AccessKind::ViewedAccessLog => "viewed_access_log",
            AccessKind::SearchResults => "search_results",
            AccessKind::AppearedInSearch => "appeared_in_search",
            AccessKind::SeenInFamilyHistory => "seen_in_family_history",
            AccessKind::Refused => "refused",
            AccessKind::ListShown => "list_shown",
        }
    }

    pub fn from_code(code: &str) -> Option<AccessKind> {
        AccessKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            AccessKind::ViewedRecord => "Opened the record",
            AccessKind::ViewedChronology => "Read the full chronology",
            AccessKind::ViewedAccessLog => "Looked at who has viewed the record",
            AccessKind::SearchResults => "Saw a list of search results",
            AccessKind::AppearedInSearch => "Saw the child in search results",
            AccessKind::SeenInFamilyHistory => "Saw the child's history on a relative's record",
            AccessKind::Refused => "Was refused access",
            AccessKind::ListShown => "Looked at a list of children",
        }
    }

    /// Whether a record of this kind names the people a list showed (`people_shown`).
    pub fn is_list(self) -> bool {
        matches!(self, AccessKind::SearchResults | AccessKind::ListShown)
    }
}

/// The lists of children recorded whole when shown ([`AccessKind::ListShown`]'s detail).
pub const LIST_CASELOAD: &str = "caseload";
pub const LIST_AWAITING_DECISION: &str = "referrals awaiting a decision";

/// Which access records to read: one page, newest first, narrowed to one member of staff and
/// one kind where asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessLogQuery {
    pub staff: Option<StaffId>,
    pub kind: Option<AccessKind>,
    /// From 1. A page past the last reads the last.
    pub page: u32,
    pub per_page: u32,
}

impl AccessLogQuery {
    /// The first page of everything.
    pub fn first(per_page: u32) -> AccessLogQuery {
        AccessLogQuery {
            staff: None,
            kind: None,
            page: 1,
            per_page,
        }
    }
}

/// One page of access records, newest first, and where it sits among them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessLogPage {
    pub entries: Vec<AccessLogEntry>,
    /// The page read (the one asked for, or the last if that was past it).
    pub page: u32,
    /// How many pages the records the query matches fill (at least 1).
    pub pages: u32,
    /// How many records the query matches, on every page.
    pub total: u64,
    /// Everyone with a record in a child's log, whatever the filters, by name: the choices of
    /// the "who" filter. Empty for the records about no one child (every search ever made),
    /// whose choices are the staff list.
    pub people: Vec<(StaffId, String)>,
}

/// One access record: a read of (or refused attempt at) a child's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessLogEntry {
    pub occurred_at: DateTime<Utc>,
    pub staff: Option<StaffId>,
    pub staff_name: String,
    pub role: String,
    pub relationship: Option<Relationship>,
    pub child: Option<PersonId>,
    pub kind: AccessKind,
    /// For a refusal: the action that was attempted.
    pub detail: String,
    /// Why the record was opened, where the access needed a reason (screening a contact,
    /// break-glass). Kept in the stored `detail` column after its reason mark.
    pub reason: Option<String>,
    pub request_id: String,
    /// For a result list: everyone it showed, in its order (empty for other kinds).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub people_shown: Vec<PersonId>,
}

/// One audit record of a change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub event: EventId,
    pub occurred_at: DateTime<Utc>,
    pub actor: Option<StaffId>,
    pub actor_role: String,
    pub relationship: Option<String>,
    pub child: Option<PersonId>,
    pub action: String,
    pub request_id: String,
    /// Whom an event about no child concerns: the account, the username a sign-in tried.
    pub subject: Option<String>,
}

/// How a sign-in attempt ended, for its audit record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignInOutcome {
    SignedIn,
    /// The username and password did not match an enabled account.
    Refused,
    /// Too many recent failures for the username: not checked.
    HeldBack,
}

impl SignInOutcome {
    /// The audit record's action.
    pub fn action(self) -> &'static str {
        match self {
            SignInOutcome::SignedIn => "signed_in",
            SignInOutcome::Refused => "sign_in_refused",
            SignInOutcome::HeldBack => "sign_in_held_back",
        }
    }
}

/// An adult recorded with a child in a bulk import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRelative {
    /// Several children of one family share a relative: the same key means the same person.
    pub key: String,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
    pub relationship: String,
}

/// A historic chronology entry brought in by an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedEvent {
    pub occurred_at: DateTime<Utc>,
    pub kind: String,
    pub summary: String,
    pub significant: bool,
}

/// One child with everything around them, for [`crate::Records::import_children`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedChild {
    pub child: NewChild,
    pub relatives: Vec<ImportedRelative>,
    pub allocation: Option<(StaffId, TeamId, NaiveDate)>,
    pub reviewing_officer: Option<(StaffId, NaiveDate)>,
    pub history: Vec<ImportedEvent>,
}

#[cfg(test)]
mod tests {
    use super::AccessKind;

    #[test]
    fn every_access_kind_reads_back_from_its_stored_code() {
        for kind in AccessKind::ALL {
            assert_eq!(AccessKind::from_code(kind.code()), Some(kind));
        }
        assert_eq!(
            AccessKind::from_code("appeared_in_search"),
            Some(AccessKind::AppearedInSearch)
        );
        assert_eq!(
            AccessKind::from_code("search_results"),
            Some(AccessKind::SearchResults)
        );
        assert_eq!(AccessKind::from_code("nothing"), None);
    }
}
