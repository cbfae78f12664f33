//! What the API answers, as typed views of the store's records. Each view is built from its
//! record field by field (`view!` writes both the struct and the conversion), so the JSON
//! sent is exactly the view, and the view's schema is what the OpenAPI document shows: the
//! compiler, not a hand-kept description, keeps the two together. Codes are the domain's
//! (see `capabilities::codes`), ids plain numbers, dates ISO 8601 and instants UTC.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::access::Relationship;
use journey_domain::case_notes::{NoteId, NoteKind, Seen};
use journey_domain::families::matching::MatchReason;
use journey_domain::front_door::{
    ClosureReason, ContactId, DecisionOption, PrimaryNeed, ReferralId,
};
use journey_domain::ids::{EventId, PersonId, StaffId, TeamId};
use journey_domain::person::Sex;
use journey_domain::person_details::WarningCategory;
use journey_domain::person_details::summary::{CaseSummary, KeyDate};
use journey_store::AccessKind;
use journey_store::person_details::WarningId;
use serde::Serialize;
use utoipa::ToSchema;

use crate::capabilities::codes::*;

/// Turns a stored value into what the API sends.
pub trait Api<T> {
    fn api(self) -> T;
}

macro_rules! same {
    ($($t:ty),*) => { $(impl Api<$t> for $t { fn api(self) -> $t { self } })* };
}
same!(String, bool, i64, i32, u32, NaiveDate, DateTime<Utc>);

impl Api<String> for &'static str {
    fn api(self) -> String {
        self.to_owned()
    }
}

macro_rules! ids {
    ($($t:ty),*) => { $(impl Api<i64> for $t { fn api(self) -> i64 { self.0 } })* };
}
ids!(
    PersonId, StaffId, TeamId, EventId, NoteId, ContactId, ReferralId, WarningId
);

macro_rules! codes {
    ($($t:ty => $code:ident),*) => { $(impl Api<$code> for $t { fn api(self) -> $code { $code(self) } })* };
}
codes!(
    Sex => SexCode, Relationship => RelationshipCode, AccessKind => AccessKindCode,
    NoteKind => NoteKindCode, Seen => SeenCode, PrimaryNeed => PrimaryNeedCode,
    ClosureReason => ClosureReasonCode, DecisionOption => DecisionOptionCode,
    WarningCategory => WarningCategoryCode, MatchReason => MatchReasonCode,
    journey_domain::front_door::ReferralSource => ReferralSourceCode,
    journey_domain::staff::Role => RoleCode
);

impl<A: Api<B>, B> Api<Vec<B>> for Vec<A> {
    fn api(self) -> Vec<B> {
        self.into_iter().map(Api::api).collect()
    }
}

impl<A: Api<B>, B> Api<Option<B>> for Option<A> {
    fn api(self) -> Option<B> {
        self.map(Api::api)
    }
}

/// A view of a stored record: the struct, with its schema, and its conversion.
macro_rules! view {
    ($(#[$m:meta])* $name:ident from $src:ty { $($(#[$fm:meta])* $field:ident: $ty:ty),* $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Serialize, ToSchema)]
        pub struct $name { $($(#[$fm])* pub $field: $ty,)* }

        impl Api<$name> for $src {
            fn api(self) -> $name {
                $name { $($field: Api::api(self.$field),)* }
            }
        }
    };
}
pub(crate) use view;

// The foundation: staff, the record, search, caseload, access log.

view! {
    /// One entry of a child's chronology: `occurred_at` when it happened (the order of the
    /// chronology), `recorded_at` when it was recorded.
    ChronologyEntryView from journey_store::ChronologyEntry {
        event: i64, occurred_at: DateTime<Utc>, kind: String, summary: String,
        significant: bool, recorded_by: String, recorded_at: DateTime<Utc>,
    }
}

view! {
    /// The child as recorded.
    ChildDetailsView from journey_store::ChildDetails {
        id: i64, given_name: String, family_name: String, date_of_birth: Option<NaiveDate>,
        expected_date_of_birth: Option<NaiveDate>, sex: SexCode,
    }
}

view! {
    /// Who holds the child's case now.
    AllocationView from journey_store::CurrentAllocation {
        worker: i64, worker_name: String, team: i64, team_name: String, from: NaiveDate,
    }
}

view! {
    RelatedPersonView from journey_store::RelatedPerson {
        id: i64, given_name: String, family_name: String, date_of_birth: Option<NaiveDate>,
        relationship: String,
    }
}

view! {
    /// The child's record: details, allocation, the people around the child and the latest
    /// chronology entries (`chronology_count` in all).
    ChildRecordView from journey_store::ChildRecord {
        child: ChildDetailsView, allocation: Option<AllocationView>,
        reviewing_officer: Option<String>, people: Vec<RelatedPersonView>,
        recent_chronology: Vec<ChronologyEntryView>, chronology_count: i64,
    }
}

view! {
    /// A person found by a search.
    SearchHitView from journey_store::SearchHit {
        id: i64, given_name: String, family_name: String, date_of_birth: Option<NaiveDate>,
        expected_date_of_birth: Option<NaiveDate>, is_child: bool,
    }
}

view! {
    /// A child allocated to the signed-in worker.
    CaseloadEntryView from journey_store::CaseloadEntry {
        child: i64, given_name: String, family_name: String, date_of_birth: Option<NaiveDate>,
        expected_date_of_birth: Option<NaiveDate>, allocated_from: NaiveDate, team_name: String,
    }
}

view! {
    /// One access record: who saw the record, when, through which relationship.
    AccessLogEntryView from journey_store::AccessLogEntry {
        occurred_at: DateTime<Utc>, staff: Option<i64>, staff_name: String, role: String,
        relationship: Option<RelationshipCode>, child: Option<i64>, kind: AccessKindCode,
        detail: String,
        /// The reason given, where the access needed one (screening a contact, break-glass).
        reason: Option<String>,
        request_id: String,
        /// The people a result list showed; left out when empty.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        people_shown: Vec<i64>,
    }
}

// Case notes.

view! {
    /// A draft note, exactly as typed in the note form (so every field is text).
    NoteDraftView from journey_store::NoteDraft {
        note_key: String, kind: String, occurred_day: String, occurred_month: String,
        occurred_year: String, occurred_time: String, text: String, child_seen: String,
        seen_alone: String, bedroom_seen: String,
    }
}

view! {
    SavedDraftView from journey_store::SavedDraft {
        draft: NoteDraftView, saved_at: DateTime<Utc>,
    }
}

view! {
    /// One version of a note. A visit's answers are yes, no or not_applicable.
    NoteVersionView from journey_store::NoteVersion {
        version: i32, kind: NoteKindCode, occurred_at: DateTime<Utc>, text: String,
        child_seen: SeenCode, seen_alone: SeenCode, bedroom_seen: SeenCode,
        reason: Option<String>, recorded_by: i64, recorded_by_name: String,
        recorded_at: DateTime<Utc>,
    }
}

view! {
    NoteSummaryView from journey_store::NoteSummary {
        id: i64, current: NoteVersionView, corrected: bool,
    }
}

view! {
    /// The latest notes, how many there are, and when the child was last seen (and seen alone).
    NotesPanelView from journey_store::NotesPanel {
        latest: Vec<NoteSummaryView>, total: i64, last_seen: Option<DateTime<Utc>>,
        last_seen_alone: Option<DateTime<Utc>>,
    }
}

// Families.

view! {
    /// A relationship, seen from the child's side.
    FamilyMemberView from journey_store::families::FamilyMember {
        relationship_id: i64, person: i64, given_name: String, family_name: String,
        date_of_birth: Option<NaiveDate>, sex: SexCode, is_child: bool, kind: String,
        word: String, sentence: String, start: Option<NaiveDate>, end: Option<NaiveDate>,
        in_household: bool,
    }
}

view! {
    HouseholdMemberView from journey_store::families::HouseholdMember {
        membership_id: i64, person: i64, given_name: String, family_name: String,
        date_of_birth: Option<NaiveDate>, word: Option<String>, start: NaiveDate,
        end: Option<NaiveDate>,
    }
}

view! {
    /// A link proposed between a child's record and someone whose record the proposer may not
    /// open, waiting for a manager who may open both: the two names and the relationship only.
    ProposedLinkView from journey_store::ProposedLink {
        id: i64, child: i64, child_name: String, person: i64, person_name: String,
        person_is_child: bool, word: String, sentence: String, proposed_by: String,
        proposed_at: DateTime<Utc>,
    }
}

view! {
    /// A child of the same family that the record's family-history banner names, with no
    /// relationship recorded with this child.
    NamedInFamilyHistoryView from journey_store::NamedInFamilyHistory {
        person: i64, name: String, connection: String,
    }
}

view! {
    /// The child's relationships (current and ended) and household (current and former), the
    /// links proposed from the record that wait for a manager, and the other children the
    /// family-history banner names.
    FamilyView from journey_store::families::Family {
        current: Vec<FamilyMemberView>, ended: Vec<FamilyMemberView>,
        household: Vec<HouseholdMemberView>, former_household: Vec<HouseholdMemberView>,
        proposed: Vec<ProposedLinkView>,
        named_in_family_history: Vec<NamedInFamilyHistoryView>,
    }
}

view! {
    FamilyHistoryEventView from journey_store::families::FamilyHistoryEvent {
        person: i64, name: String, connection: String, occurred_at: DateTime<Utc>,
        kind: String, label: String, summary: String,
    }
}

view! {
    FamilyOpenCaseView from journey_store::families::FamilyOpenCase {
        person: i64, name: String, connection: String, team_name: String, since: NaiveDate,
    }
}

view! {
    MergedIntoView from journey_store::families::MergedInto {
        survivor: i64, name: String, merged_at: DateTime<Utc>,
    }
}

view! {
    /// The family history at the top of the record: serious events and open cases of the
    /// same parents' children, the household, and where a merged record now lives.
    FamilyPanelView from journey_store::families::FamilyPanel {
        history: Vec<FamilyHistoryEventView>, open_cases: Vec<FamilyOpenCaseView>,
        household: Vec<HouseholdMemberView>, merged_into: Option<MergedIntoView>,
    }
}

/// Why a person on record may be the child, as a code and in words.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchReasonView {
    pub code: MatchReasonCode,
    pub text: String,
}

impl Api<MatchReasonView> for MatchReason {
    fn api(self) -> MatchReasonView {
        MatchReasonView {
            code: MatchReasonCode(self),
            text: self.label().to_owned(),
        }
    }
}

/// A person on record who may be the child about to be recorded.
#[derive(Debug, Serialize, ToSchema)]
pub struct LikelyMatchView {
    pub id: i64,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub is_child: bool,
    pub reasons: Vec<MatchReasonView>,
}

impl Api<LikelyMatchView> for journey_store::LikelyMatch {
    fn api(self) -> LikelyMatchView {
        LikelyMatchView {
            id: self.hit.id.0,
            given_name: self.hit.given_name,
            family_name: self.hit.family_name,
            date_of_birth: self.hit.date_of_birth,
            expected_date_of_birth: self.hit.expected_date_of_birth,
            is_child: self.hit.is_child,
            reasons: self.reasons.api(),
        }
    }
}

// The front door.

// The child's details.

view! {
    FormerNameView from journey_store::person_details::FormerName {
        given_name: String, family_name: String, used_until: NaiveDate,
    }
}

view! {
    AddressView from journey_store::person_details::Address {
        line_1: String, line_2: Option<String>, line_3: Option<String>, town: String,
        postcode: String, from: NaiveDate, to: Option<NaiveDate>,
    }
}

view! {
    /// A warning about risk to staff.
    WarningView from journey_store::person_details::Warning {
        id: i64, category: WarningCategoryCode, text: String, from: NaiveDate,
        until: Option<NaiveDate>, recorded_by: String, recorded_at: DateTime<Utc>,
    }
}

view! {
    /// A warning recorded on someone in the child's household or family.
    FamilyWarningView from journey_store::person_details::FamilyWarning {
        person: i64, name: String, warning: WarningView,
    }
}

view! {
    /// The child's identifiers, demographics, former names, addresses and warnings.
    PersonDetailsView from journey_store::person_details::PersonDetailsRecord {
        child: ChildDetailsView, date_of_death: Option<NaiveDate>, upn: Option<String>,
        nhs_number: Option<String>, gender: Option<String>, ethnicity: Option<String>,
        disabilities: Vec<String>, former_names: Vec<FormerNameView>,
        addresses: Vec<AddressView>, warnings: Vec<WarningView>,
        family_warnings: Vec<FamilyWarningView>, allocation: Option<AllocationView>,
    }
}

view! {
    KeyDateView from KeyDate { label: String, date: NaiveDate }
}

view! {
    /// The case summary, in words: age, status, who holds the case, where the child lives.
    CaseSummaryView from CaseSummary {
        age: String, status: String, allocated: Option<String>, lives_at: Option<String>,
        key_dates: Vec<KeyDateView>,
    }
}
