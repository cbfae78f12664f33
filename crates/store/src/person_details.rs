//! Identifiers, demographics, addresses, warnings, birth and death of the people on a record. (issue 3)
//!
//! Every change is one event: the state, its chronology line and its audit record in one
//! transaction. Lookups by identifier or address record one access record for each result list.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::ids::{EventId, PersonId};
use journey_domain::person_details::{
    AddressCorrection, Birth, DateCorrection, Demographics, Identifier, NameChange, NewAddress,
    NewWarning, NhsNumber, WarningCategory,
};
use serde::Serialize;

use crate::{
    Actor, ChildAccess, ChildDetails, ChronologyEntry, CurrentAllocation, SearchHit, StoreResult,
};

/// A warning's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct WarningId(pub i64);

/// An address's id, to correct it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct AddressId(pub i64);

/// Whose details a change made through a child's record is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Whose {
    /// The child whose record it is.
    TheChild,
    /// Someone with no child's record of their own (a parent, a carer, a partner) who is related
    /// to the child or lives or has lived with them: the rule of
    /// [`crate::Families::related_person`], checked again inside the change's transaction.
    /// Anyone else, a child with their own record among them, is `NotFound`. The change is
    /// written on the person's own chronology and audit trail, naming the child's Journey ID.
    Related(PersonId),
}

/// The chronology kinds of corrections, which keep the old value in their words.
pub const CORRECTION_KINDS: [&str; 3] = [
    "address_corrected",
    "date_of_birth_corrected",
    "date_of_death_corrected",
];

/// A name the child was known by until a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormerName {
    pub given_name: String,
    pub family_name: String,
    pub used_until: NaiveDate,
}

/// An address the child has lived at. `to` is `None` for where they live now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Address {
    pub line_1: String,
    pub line_2: Option<String>,
    pub line_3: Option<String>,
    pub town: String,
    pub postcode: String,
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
}

impl Address {
    /// "12 High Street, Flat 2, Northtown NT1 1AA".
    pub fn one_line(&self) -> String {
        let mut parts = vec![self.line_1.as_str()];
        parts.extend(self.line_2.as_deref());
        parts.extend(self.line_3.as_deref());
        parts.push(self.town.as_str());
        format!("{} {}", parts.join(", "), self.postcode)
    }
}

/// A warning about risk to staff; ended warnings stay in the history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub id: WarningId,
    pub category: WarningCategory,
    pub text: String,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
}

impl Warning {
    /// Whether the warning is in force on a date.
    pub fn is_current(&self, on: NaiveDate) -> bool {
        self.from <= on && self.until.is_none_or(|until| until > on)
    }
}

/// Everything this capability records about a child, as the record page and the change pages
/// read it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonDetailsRecord {
    pub child: ChildDetails,
    pub date_of_death: Option<NaiveDate>,
    pub upn: Option<String>,
    pub nhs_number: Option<String>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub disabilities: Vec<String>,
    /// Oldest first.
    pub former_names: Vec<FormerName>,
    /// Newest first: the first without a `to` date is where the child lives now.
    pub addresses: Vec<Address>,
    /// Every warning, current and ended, newest first.
    pub warnings: Vec<Warning>,
    /// Warnings in force about the people in the child's life: those the child lives with now
    /// and those with a current relationship to the child, newest first. A worker going to the
    /// home must see them on the child's record, not only on each adult's page.
    pub family_warnings: Vec<FamilyWarning>,
    pub allocation: Option<CurrentAllocation>,
}

/// A warning in force about someone in the child's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FamilyWarning {
    pub person: PersonId,
    pub name: String,
    pub warning: Warning,
}

/// A recorded address with its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RecordedAddress {
    pub id: AddressId,
    pub address: Address,
}

impl PersonDetailsRecord {
    pub fn current_address(&self) -> Option<&Address> {
        self.addresses.iter().find(|a| a.to.is_none())
    }
}

#[async_trait]
pub trait PersonDetails: Send + Sync {
    /// The child's details for the record page. Not itself recorded: the page that calls it
    /// records its own read. It takes the proof, so it cannot be reached without the policy
    /// having allowed the read; the actor's today decides the current allocation.
    async fn person_details(&self, access: &ChildAccess) -> StoreResult<PersonDetailsRecord>;
    /// The child's details for the change pages, recorded as a view of the record.
    async fn open_person_details(&self, access: &ChildAccess) -> StoreResult<PersonDetailsRecord>;
    /// Records identifiers and demographics. A UPN or NHS number another live record holds is a
    /// field error. `None` when nothing changed (and nothing is written).
    async fn update_demographics(
        &self,
        access: &ChildAccess,
        details: &Demographics,
    ) -> StoreResult<Option<EventId>>;
    /// Changes the child's name; the old name becomes a former name.
    async fn change_name(&self, access: &ChildAccess, change: &NameChange) -> StoreResult<EventId>;
    /// Changes the expected date of birth of an unborn child.
    async fn change_expected_date(
        &self,
        access: &ChildAccess,
        expected: NaiveDate,
    ) -> StoreResult<EventId>;
    /// Records where the child lives from a date, ending the previous address that day.
    async fn move_address(
        &self,
        access: &ChildAccess,
        address: &NewAddress,
    ) -> StoreResult<EventId> {
        self.move_address_of(access, Whose::TheChild, address).await
    }
    async fn add_warning(
        &self,
        access: &ChildAccess,
        warning: &NewWarning,
    ) -> StoreResult<EventId> {
        self.add_warning_of(access, Whose::TheChild, warning).await
    }
    /// Ends a warning on a date; it stays in the history.
    async fn end_warning(
        &self,
        access: &ChildAccess,
        warning: WarningId,
        on: NaiveDate,
    ) -> StoreResult<EventId> {
        self.end_warning_of(access, Whose::TheChild, warning, on)
            .await
    }
    /// Records where the child, or someone related to them, lives from a date, ending their
    /// previous address that day.
    async fn move_address_of(
        &self,
        access: &ChildAccess,
        whose: Whose,
        address: &NewAddress,
    ) -> StoreResult<EventId>;
    /// Adds a warning about risk to staff about the child or someone related to them.
    async fn add_warning_of(
        &self,
        access: &ChildAccess,
        whose: Whose,
        warning: &NewWarning,
    ) -> StoreResult<EventId>;
    /// Ends a warning about the child or someone related to them; it stays in the history.
    /// `NotFound` when the warning is not theirs.
    async fn end_warning_of(
        &self,
        access: &ChildAccess,
        whose: Whose,
        warning: WarningId,
        on: NaiveDate,
    ) -> StoreResult<EventId>;
    /// Records, changes or (with `None`) takes off an NHS number, leaving every other detail
    /// as it is: the identifiers form of an adult, who has no UPN (a UPN is a child's, recorded
    /// with [`PersonDetails::update_demographics`] only). `None` when nothing changed.
    async fn record_nhs_number(
        &self,
        access: &ChildAccess,
        whose: Whose,
        nhs_number: Option<&NhsNumber>,
    ) -> StoreResult<Option<EventId>>;
    /// The child's addresses with their ids, newest first, for the correction form. Not itself
    /// recorded: the page that calls it records its own read (with
    /// [`PersonDetails::open_person_details`]). It takes the proof, so it cannot be reached
    /// without the policy having allowed the read.
    async fn recorded_addresses(&self, access: &ChildAccess) -> StoreResult<Vec<RecordedAddress>>;
    /// Corrects a wrongly recorded address of the child (its lines, postcode and start date);
    /// the previous address's end moves with a corrected start. The old address is kept in
    /// the chronology line with the reason. `NotFound` when the address is not the child's.
    async fn correct_address(
        &self,
        access: &ChildAccess,
        address: AddressId,
        correction: &AddressCorrection,
    ) -> StoreResult<EventId>;
    /// Corrects a wrongly recorded date of birth or death of the child, checked against the
    /// other date inside the transaction; the old date is kept in the chronology line.
    async fn correct_date(
        &self,
        access: &ChildAccess,
        correction: &DateCorrection,
    ) -> StoreResult<EventId>;
    /// The corrections made to the child's details (their chronology lines), oldest first.
    /// Not itself recorded: the page that calls it records its own read. It takes the proof,
    /// so it cannot be reached without the policy having allowed the read.
    async fn corrections(&self, access: &ChildAccess) -> StoreResult<Vec<ChronologyEntry>>;
    /// Records the birth of a child recorded while unborn, on the same record: the expected
    /// date and the unborn name stay in the history.
    async fn record_birth(&self, access: &ChildAccess, birth: &Birth) -> StoreResult<EventId>;
    /// Records a child's death (checked against the birth and today inside the transaction).
    async fn record_death(&self, access: &ChildAccess, died_on: NaiveDate) -> StoreResult<EventId>;
    /// The people holding an identifier, each recorded as seen by the actor.
    async fn find_by_identifier(
        &self,
        actor: &Actor,
        identifier: &Identifier,
    ) -> StoreResult<Vec<SearchHit>>;
    /// The people who live or have lived at an address: a full postcode matches exactly,
    /// anything else matches the start of the first line. The list is recorded, as a search's is.
    async fn find_by_address(&self, actor: &Actor, text: &str) -> StoreResult<Vec<SearchHit>>;
}

/// What an address lookup compares, decided the same way on every backend.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressQuery {
    /// A full postcode, upper case without spaces.
    Postcode(String),
    /// The start of the first line, as a name key (letters and digits only).
    FirstLine(String),
}

impl AddressQuery {
    /// `None` when too little was typed to look anyone up (fewer than 3 letters or digits).
    pub fn from_text(text: &str) -> Option<AddressQuery> {
        use journey_domain::person::name_key;
        use journey_domain::person_details::Postcode;
        if Postcode::parse(text).is_ok() {
            return Some(AddressQuery::Postcode(Postcode::key(text)));
        }
        let key = name_key(text);
        (key.chars().count() >= 3).then_some(AddressQuery::FirstLine(key))
    }
}

/// The identifiers and demographics a record holds now, to tell what a change changes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoredDemographics {
    pub upn: Option<String>,
    pub nhs_number: Option<String>,
    pub gender: Option<String>,
    pub ethnicity: Option<String>,
    pub disabilities: Vec<String>,
}

impl StoredDemographics {
    /// The names of the fields `new` changes, in the order of the form.
    pub fn changes(&self, new: &Demographics) -> Vec<&'static str> {
        let mut changed = Vec::new();
        if self.upn.as_deref() != new.upn.as_ref().map(|u| u.as_str()) {
            changed.push("UPN");
        }
        if self.nhs_number.as_deref() != new.nhs_number.as_ref().map(|n| n.as_str()) {
            changed.push("NHS number");
        }
        if self.gender != new.gender {
            changed.push("gender");
        }
        if self.ethnicity != new.ethnicity {
            changed.push("ethnicity");
        }
        if self.disabilities != new.disabilities {
            changed.push("disability");
        }
        changed
    }
}

/// Disabilities as one column: codes joined by commas.
pub fn join_codes(codes: &[String]) -> String {
    codes.join(",")
}

pub fn split_codes(column: &str) -> Vec<String> {
    column
        .split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Why a warning cannot end on a date, if it cannot: the same rule on every backend.
pub fn ending_problem(
    from: NaiveDate,
    until: Option<NaiveDate>,
    on: NaiveDate,
) -> Option<&'static str> {
    if until.is_some_and(|until| until <= on) {
        Some("This warning has already ended")
    } else if on < from {
        Some("A warning cannot end before it starts")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_queries_tell_postcodes_from_first_lines() {
        assert_eq!(
            AddressQuery::from_text("nt1 1aa"),
            Some(AddressQuery::Postcode("NT11AA".into()))
        );
        assert_eq!(
            AddressQuery::from_text("12 High"),
            Some(AddressQuery::FirstLine("12high".into()))
        );
        assert_eq!(AddressQuery::from_text("1 "), None);
    }

    #[test]
    fn codes_round_trip_through_one_column() {
        let codes = vec!["AUT".to_owned(), "LD".to_owned()];
        assert_eq!(split_codes(&join_codes(&codes)), codes);
        assert!(split_codes("").is_empty());
    }
}
