//! Families: the API's typed body for recording a relationship, and the domain input the
//! relationship form also becomes (merging: `capabilities::merges`).

use journey_domain::families::relationship::RelationshipInput;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::codes::{IsoDate, RelationshipKindCode, SexCode, date};

/// Whether the relative is already on Journey or is a new adult.
#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Who {
    Existing,
    New,
}

/// A relationship of the child: to someone on record (`existing_id`), or to a new adult
/// (names, date of birth, sex).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RelationshipBody {
    pub who: Option<Who>,
    pub existing_id: Option<i64>,
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<IsoDate>,
    pub sex: Option<SexCode>,
    /// What the relative is to the child.
    pub kind: Option<RelationshipKindCode>,
    pub start: Option<IsoDate>,
    /// True when the relative lives with the child.
    pub lives_with: bool,
}

impl RelationshipBody {
    pub fn input(&self) -> RelationshipInput {
        RelationshipInput {
            who: match self.who {
                Some(Who::Existing) => "existing".into(),
                Some(Who::New) => "new".into(),
                None => String::new(),
            },
            existing_id: self
                .existing_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            date_of_birth: date(self.date_of_birth),
            sex: self.sex.map(|s| s.code().to_owned()).unwrap_or_default(),
            kind: self.kind.map(|k| k.code().to_owned()).unwrap_or_default(),
            start: date(self.start),
            lives_with: self.lives_with,
        }
    }
}
