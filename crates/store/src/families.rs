//! Relationships and households, family history, matching before creating, merging records. (issue 3)

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::families::RelationshipKind;
use journey_domain::families::kinds::{Side, other_is, sentence};
use journey_domain::families::matching::{MatchReason, Who, compare};
use journey_domain::families::relationship::NewRelationship;
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person::{NewChild, Sex};
use serde::Serialize;

use crate::person_details::{Address, Warning};
use crate::{Actor, ChildAccess, SearchHit, StoreResult};

/// Someone related to the child, seen from the child's side (whichever side it was recorded on).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyMember {
    /// The recorded relationship, for ending it.
    pub relationship_id: i64,
    pub person: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
    /// Whether the person has a child's record in Journey.
    pub is_child: bool,
    /// The stored kind, as recorded from the child's side of the row.
    pub kind: String,
    /// What this person is to the child, in words: "mother", "half-brother", "daughter".
    pub word: String,
    /// The sentence: "Kerry Marsh is Baby's mother".
    pub sentence: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// Lives with the child today.
    pub in_household: bool,
}

/// A person in the child's household, with the dates they have lived there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HouseholdMember {
    pub membership_id: i64,
    pub person: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    /// What they are to the child, where a relationship is recorded.
    pub word: Option<String>,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

/// The family and household page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Family {
    /// Relationships in force today.
    pub current: Vec<FamilyMember>,
    /// Ended relationships: kept, never deleted.
    pub ended: Vec<FamilyMember>,
    /// Who the child lives with today.
    pub household: Vec<HouseholdMember>,
    /// Who the child lived with before.
    pub former_household: Vec<HouseholdMember>,
    /// Links proposed from this record to someone whose record the proposer may not open,
    /// waiting for a manager: names and the relationship only.
    pub proposed: Vec<crate::ProposedLink>,
    /// Children the record's family-history banner names (through a shared parent) who have
    /// no relationship recorded with this child: name and connection, so the family page
    /// lists everyone the banner does.
    pub named_in_family_history: Vec<NamedInFamilyHistory>,
}

/// A child of the same family named by the family-history banner, not a recorded relative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NamedInFamilyHistory {
    pub person: PersonId,
    pub name: String,
    pub connection: String,
}

/// One serious event in the life of a child of the same family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyHistoryEvent {
    pub person: PersonId,
    pub name: String,
    /// Who they are to the child: "sibling (same mother, Kerry Marsh)", "mother".
    pub connection: String,
    pub occurred_at: DateTime<Utc>,
    pub kind: String,
    /// The panel's name for the kind: "Adopted", "Child protection plan".
    pub label: String,
    pub summary: String,
}

/// A child of the same family who has an open case today.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyOpenCase {
    pub person: PersonId,
    pub name: String,
    pub connection: String,
    pub team_name: String,
    pub since: NaiveDate,
}

/// Where a merged-away record went.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MergedInto {
    pub survivor: PersonId,
    pub name: String,
    pub merged_at: DateTime<Utc>,
}

/// What the family capability shows at the top of a child's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyPanel {
    pub history: Vec<FamilyHistoryEvent>,
    pub open_cases: Vec<FamilyOpenCase>,
    pub household: Vec<HouseholdMember>,
    pub merged_into: Option<MergedInto>,
}

/// A person on record who may be the child about to be recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LikelyMatch {
    pub hit: SearchHit,
    pub reasons: Vec<MatchReason>,
    pub score: u32,
}

/// One relationship of a person with a child, seen from the person's side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildTie {
    pub child: PersonId,
    pub given_name: String,
    pub family_name: String,
    /// What the person is to the child: "mother", "carer".
    pub word: String,
    /// "Grace Holloway is Ava's mother".
    pub sentence: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// The child lives with the person today.
    pub lives_with: bool,
}

/// Someone related to a child (a parent, a carer), for their own details page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RelatedPersonDetails {
    pub id: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
    /// A child with a record of their own (whose page is that record).
    pub is_child: bool,
    pub upn: Option<String>,
    pub nhs_number: Option<String>,
    /// Newest first.
    pub addresses: Vec<Address>,
    /// Current and ended, newest first.
    pub warnings: Vec<Warning>,
    /// Their relationships with children, current first, oldest first within each.
    pub children: Vec<ChildTie>,
}

impl ChildTie {
    /// The tie from one of the person's relationship rows (read with [`RelationshipRow`] from
    /// the person's side, so `row.other` is the child).
    pub fn from_row(
        row: &RelationshipRow,
        person_name: &str,
        person_sex: Sex,
        lives_with: bool,
    ) -> ChildTie {
        // The row read from the person's side: flip it to say what the person is to the child.
        let side = if row.child_side {
            Side::FromRelative
        } else {
            Side::FromChild
        };
        let word = RelationshipKind::from_code(&row.kind).map_or_else(
            || row.kind.replace('_', " "),
            |k| other_is(k, side, person_sex).to_owned(),
        );
        ChildTie {
            child: row.other,
            given_name: row.given_name.clone(),
            family_name: row.family_name.clone(),
            sentence: sentence(person_name, &word, &row.given_name),
            word,
            start: row.start,
            end: row.end,
            lives_with,
        }
    }
}

#[async_trait]
pub trait Families: Send + Sync {
    /// Records a relationship from the child's side (creating a new adult if asked), and, when
    /// the child lives with them, their joining the household. One event.
    async fn add_relationship(
        &self,
        access: &ChildAccess,
        relationship: &NewRelationship,
    ) -> StoreResult<EventId>;
    /// Ends a relationship of the child's (kept, with its end date), and any household
    /// membership of the same person. `NotFound` when it is not one of the child's.
    async fn end_relationship(
        &self,
        access: &ChildAccess,
        relationship_id: i64,
        end: NaiveDate,
    ) -> StoreResult<EventId>;
    /// Records that someone already on Journey lives with the child from `from`.
    async fn join_household(
        &self,
        access: &ChildAccess,
        person: PersonId,
        from: NaiveDate,
    ) -> StoreResult<EventId>;
    /// Records that someone no longer lives with the child.
    async fn leave_household(
        &self,
        access: &ChildAccess,
        membership_id: i64,
        end: NaiveDate,
    ) -> StoreResult<EventId>;
    /// The child's relationships (both sides) and household, recorded as a view of the record.
    async fn family(&self, access: &ChildAccess) -> StoreResult<Family>;
    /// What the record page shows at the top. Covered by the record page's own access record
    /// for the child; each other child whose history is shown gets an access record too.
    async fn family_panel(&self, access: &ChildAccess) -> StoreResult<FamilyPanel>;
    /// People on record who may be this child (names alike, or a name and the date of birth),
    /// likeliest first; the list is recorded as seen by the actor (one access record).
    async fn likely_matches(
        &self,
        actor: &Actor,
        child: &NewChild,
        limit: u32,
    ) -> StoreResult<Vec<LikelyMatch>>;
    /// The person with this Journey ID, recorded as seen (a list of one, or of none when there
    /// is no such person); `None` if there is none.
    async fn person_by_id(&self, actor: &Actor, id: PersonId) -> StoreResult<Option<SearchHit>>;
    /// Someone related to the child (either side of a relationship, current or ended) or who
    /// lives or has lived with them, for their own details page; `NotFound` for anyone else.
    /// The access check was made on the child: recorded as a view of the child's record, and
    /// of the person, each naming the other's Journey ID.
    async fn related_person(
        &self,
        access: &ChildAccess,
        person: PersonId,
    ) -> StoreResult<RelatedPersonDetails>;
    /// For every column that refers to a person by a foreign key, `table.column` and how many
    /// rows name `person`, sorted. Read from the schema, so the contract can check a merge
    /// against every table, including tables added later.
    async fn person_references(&self, person: PersonId) -> StoreResult<Vec<(String, i64)>>;
}

/// The columns whose rows a merge moves from the merged-away record to the kept one (and an
/// undo moves back). With [`MERGE_KEEPS`], every column that refers to a person: a table added
/// later with such a column must be put in one of the two lists, and the merge taught to move
/// it (the contract's merge cases compare both lists with the schema).
pub const MERGE_MOVES: &[&str] = &[
    "allocation.child_id",
    "assessment.child_id",
    "case_note.child_id",
    "case_note_draft.child_id",
    "child_protection_plan.child_id",
    "chronology_entry.child_id",
    "conference_request.child_id",
    "contact.child_id",
    "discharge_plan.child_id",
    "hospital_discharge.child_id",
    "household_member.child_id",
    "household_member.person_id",
    "meeting_child.child_id",
    "person_address.person_id",
    "person_demographics.person_id",
    "person_former_name.person_id",
    "person_identifier.person_id",
    "person_relationship.person_id",
    "person_relationship.related_person_id",
    "person_warning.person_id",
    "referral.child_id",
    "relationship_proposal.child_id",
    "relationship_proposal.person_id",
    "reviewing_officer_assignment.child_id",
    "section47_enquiry.child_id",
    "unallocated.child_id",
];

/// The columns that keep naming the merged-away record after a merge, and why.
pub const MERGE_KEEPS: &[(&str, &str)] = &[
    (
        "attention_item.child_id",
        "an item names the record its event was about; its owner acknowledges it as it was",
    ),
    (
        "audit_event.child_id",
        "the audit trail is append-only: each record keeps its own, merge included",
    ),
    (
        "break_glass.child_id",
        "an opening is written once; the access check reads it on either record of a merge",
    ),
    (
        "person.merged_into_id",
        "records merged into this one earlier still say where they went",
    ),
    ("person_merge.merged_id", "the merge itself, for undoing it"),
    (
        "restricted_record.child_id",
        "the access check reads a restriction on either record of a merge",
    ),
    (
        "person_merge.survivor_id",
        "the merge itself, for undoing it",
    ),
    (
        "person_merge_request.merged_id",
        "a merge asked for names the records it was asked about; approving it checks them again",
    ),
    (
        "person_merge_request.survivor_id",
        "a merge asked for names the records it was asked about; approving it checks them again",
    ),
];

/// Compares each candidate once with the child, keeps the likely ones, likeliest first.
pub fn rank_matches(child: &NewChild, hits: Vec<SearchHit>, limit: u32) -> Vec<LikelyMatch> {
    let new = Who {
        given_name: &child.given_name,
        family_name: &child.family_name,
        date_of_birth: child.date_of_birth,
        expected_date_of_birth: child.expected_date_of_birth,
    };
    let mut matches: Vec<LikelyMatch> = Vec::new();
    for hit in hits {
        if matches.iter().any(|m| m.hit.id == hit.id) {
            continue;
        }
        let known = Who {
            given_name: &hit.given_name,
            family_name: &hit.family_name,
            date_of_birth: hit.date_of_birth,
            expected_date_of_birth: hit.expected_date_of_birth,
        };
        if let Some(likely) = compare(&new, &known) {
            matches.push(LikelyMatch {
                reasons: likely.reasons,
                score: likely.score,
                hit,
            });
        }
    }
    matches.sort_by(|a, b| b.score.cmp(&a.score).then(a.hit.id.cmp(&b.hit.id)));
    matches.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    matches
}

/// A recorded relationship of the child's, read from either side of the row.
#[derive(Debug, Clone)]
pub struct RelationshipRow {
    pub id: i64,
    pub other: PersonId,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub sex: Sex,
    pub is_child: bool,
    pub kind: String,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    /// The row was recorded from this child's side (the other person is the relative).
    pub child_side: bool,
}

impl RelationshipRow {
    /// What the other person is to the child, in words.
    pub fn word(&self) -> String {
        let side = if self.child_side {
            Side::FromChild
        } else {
            Side::FromRelative
        };
        RelationshipKind::from_code(&self.kind).map_or_else(
            || self.kind.replace('_', " "),
            |k| other_is(k, side, self.sex).to_owned(),
        )
    }

    pub fn is_current(&self, today: NaiveDate) -> bool {
        self.end.is_none_or(|end| end > today)
    }

    fn is_parent(&self) -> bool {
        self.child_side
            && RelationshipKind::from_code(&self.kind).is_some_and(RelationshipKind::is_parent)
    }

    pub fn member(&self, child_given: &str, in_household: bool) -> FamilyMember {
        let word = self.word();
        FamilyMember {
            relationship_id: self.id,
            person: self.other,
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            date_of_birth: self.date_of_birth,
            sex: self.sex,
            is_child: self.is_child,
            kind: self.kind.clone(),
            sentence: sentence(
                &format!("{} {}", self.given_name, self.family_name),
                &word,
                child_given,
            ),
            word,
            start: self.start,
            end: self.end,
            in_household,
        }
    }
}

/// The people whose history guards against starting again: the child's parents, brothers and
/// sisters recorded as such, and every other child of the same mother or father.
/// `parents_children` holds (parent, their child, the child's name).
pub fn family_circle(
    child: PersonId,
    ties: &[RelationshipRow],
    parents_children: &[(PersonId, PersonId, String)],
) -> Vec<(PersonId, String, String)> {
    let mut circle: Vec<(PersonId, String, String)> = Vec::new();
    let parents: Vec<&RelationshipRow> = ties.iter().filter(|t| t.is_parent()).collect();
    for parent in &parents {
        let name = format!("{} {}", parent.given_name, parent.family_name);
        circle.push((parent.other, name, capitalise(&parent.word())));
    }
    for tie in ties
        .iter()
        .filter(|t| RelationshipKind::from_code(&t.kind).is_some_and(RelationshipKind::is_sibling))
    {
        if !circle.iter().any(|(id, _, _)| *id == tie.other) {
            let name = format!("{} {}", tie.given_name, tie.family_name);
            circle.push((tie.other, name, capitalise(&tie.word())));
        }
    }
    for (_, other, name) in parents_children {
        if *other == child || circle.iter().any(|(id, _, _)| id == other) {
            continue;
        }
        let through: Vec<String> = parents
            .iter()
            .filter(|p| {
                parents_children
                    .iter()
                    .any(|(pp, o, _)| *pp == p.other && o == other)
            })
            .map(|p| format!("{} ({} {})", p.word(), p.given_name, p.family_name))
            .collect();
        let connection = format!("Child of the same {}", through.join(" and "));
        circle.push((*other, name.clone(), connection));
    }
    circle
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl FamilyPanel {
    /// The other people whose history or open case the panel shows, each once: each gets an
    /// access record, because the viewer has no relationship of their own with them.
    pub fn people_shown(&self) -> Vec<PersonId> {
        let mut people: Vec<PersonId> = Vec::new();
        for person in self
            .history
            .iter()
            .map(|e| e.person)
            .chain(self.open_cases.iter().map(|c| c.person))
        {
            if !people.contains(&person) {
                people.push(person);
            }
        }
        people
    }

    /// Each other person the panel names, once, with their connection to the child.
    pub fn people_named(&self) -> Vec<NamedInFamilyHistory> {
        let mut named: Vec<NamedInFamilyHistory> = Vec::new();
        let all = self
            .history
            .iter()
            .map(|e| (e.person, &e.name, &e.connection))
            .chain(
                self.open_cases
                    .iter()
                    .map(|c| (c.person, &c.name, &c.connection)),
            );
        for (person, name, connection) in all {
            if !named.iter().any(|n| n.person == person) {
                named.push(NamedInFamilyHistory {
                    person,
                    name: name.clone(),
                    connection: connection.clone(),
                });
            }
        }
        named
    }
}
