//! The child's details: the API's typed bodies, the domain inputs they become (the details
//! forms become the same inputs from text), and the case summary both show.

use chrono::NaiveDate;
use journey_domain::person_details::summary::{CaseSummary, Facts, summarise};
use journey_domain::person_details::{
    AddressInput, BirthInput, DemographicsInput, NameInput, WarningInput,
};
use journey_store::person_details::PersonDetailsRecord;
use serde::Deserialize;
use utoipa::ToSchema;

use super::codes::{
    DisabilityCode, EthnicityCode, IdentifierKindCode, IsoDate, SexCode, WarningCategoryCode, date,
};

/// The case summary, derived from the record.
pub fn summary_of(details: &PersonDetailsRecord, today: NaiveDate) -> CaseSummary {
    let child = &details.child;
    let facts = Facts {
        date_of_birth: child.date_of_birth,
        expected_date_of_birth: child.expected_date_of_birth,
        date_of_death: details.date_of_death,
        allocation: details
            .allocation
            .as_ref()
            .map(|a| (a.worker_name.clone(), a.team_name.clone(), a.from)),
        address: details.current_address().map(|a| (a.one_line(), a.from)),
        warnings: details
            .warnings
            .iter()
            .filter(|w| w.is_current(today))
            .map(|w| (w.category.label().to_owned(), w.text.clone(), w.from))
            .collect(),
    };
    summarise(&facts, today)
}

/// Identifiers and demographics; an empty field clears what was recorded.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DemographicsBody {
    pub upn: String,
    pub nhs_number: String,
    /// As the child or family describe it, in their words.
    pub gender: String,
    pub ethnicity: Option<EthnicityCode>,
    pub disabilities: Vec<DisabilityCode>,
}

impl DemographicsBody {
    pub fn input(&self) -> DemographicsInput {
        DemographicsInput {
            upn: self.upn.clone(),
            nhs_number: self.nhs_number.clone(),
            gender: self.gender.clone(),
            ethnicity: self
                .ethnicity
                .map(|e| e.code().to_owned())
                .unwrap_or_default(),
            disabilities: self
                .disabilities
                .iter()
                .map(|d| d.code().to_owned())
                .collect(),
        }
    }
}

/// A change of name; the former name is kept.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NameBody {
    pub given_name: String,
    pub family_name: String,
    pub changed_on: Option<IsoDate>,
}

impl NameBody {
    pub fn input(&self) -> NameInput {
        NameInput {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            changed_on: date(self.changed_on),
        }
    }
}

/// An unborn child's new expected date of birth.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ExpectedDateBody {
    pub expected_date_of_birth: Option<IsoDate>,
}

/// A move to a new address.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AddressBody {
    pub line_1: String,
    pub line_2: String,
    pub line_3: String,
    pub town: String,
    pub postcode: String,
    /// The date the child started living here.
    pub from: Option<IsoDate>,
}

impl AddressBody {
    pub fn input(&self) -> AddressInput {
        AddressInput {
            line_1: self.line_1.clone(),
            line_2: self.line_2.clone(),
            line_3: self.line_3.clone(),
            town: self.town.clone(),
            postcode: self.postcode.clone(),
            from: date(self.from),
        }
    }
}

/// A warning about risk to staff.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct WarningBody {
    pub category: Option<WarningCategoryCode>,
    pub text: String,
    pub from: Option<IsoDate>,
    pub until: Option<IsoDate>,
}

impl WarningBody {
    pub fn input(&self) -> WarningInput {
        WarningInput {
            category: self
                .category
                .map(|c| c.code().to_owned())
                .unwrap_or_default(),
            text: self.text.clone(),
            from: date(self.from),
            until: date(self.until),
        }
    }
}

/// Which warning to end today.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct EndWarningBody {
    pub warning_id: Option<i64>,
}

/// The birth of a child recorded while unborn.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct BirthBody {
    pub date_of_birth: Option<IsoDate>,
    pub sex: Option<SexCode>,
    pub given_name: String,
}

impl BirthBody {
    pub fn input(&self) -> BirthInput {
        BirthInput {
            date_of_birth: date(self.date_of_birth),
            sex: self.sex.map(|s| s.code().to_owned()).unwrap_or_default(),
            given_name: self.given_name.clone(),
        }
    }
}

/// A child's death.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DeathBody {
    pub date_of_death: Option<IsoDate>,
}

/// A UPN or NHS number to look up.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct IdentifierBody {
    pub kind: Option<IdentifierKindCode>,
    pub value: String,
}

/// A postcode, or the first line of an address.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AddressQueryBody {
    pub address: String,
}
