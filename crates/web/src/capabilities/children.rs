//! Recording a new child: the API's typed body, the domain input both it and the new-child
//! form become, and the one way a child is recorded (into a team's unallocated list).

use journey_domain::ids::PersonId;
use journey_domain::person::ChildInput;
use serde::Deserialize;
use utoipa::ToSchema;

use super::codes::SexCode;
use super::codes::{IsoDate, date};
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::state::AppState;

/// A child about to be recorded: a date of birth, or for an unborn child the expected one.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ChildBody {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<IsoDate>,
    /// For an unborn child, instead of date_of_birth.
    pub expected_date_of_birth: Option<IsoDate>,
    pub sex: Option<SexCode>,
}

impl ChildBody {
    /// The input the domain checks, the same the new-child form gives.
    pub fn input(&self) -> ChildInput {
        ChildInput {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            date_of_birth: date(self.date_of_birth),
            expected_date_of_birth: date(self.expected_date_of_birth),
            sex: self.sex.map(|s| s.code().to_owned()).unwrap_or_default(),
        }
    }
}

/// `POST /api/children`: the child, and whether the likely matches have been looked at.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NewChildBody {
    pub given_name: String,
    pub family_name: String,
    pub date_of_birth: Option<IsoDate>,
    /// For an unborn child, instead of date_of_birth.
    pub expected_date_of_birth: Option<IsoDate>,
    pub sex: Option<SexCode>,
    /// True once the likely matches of an earlier 409 have been looked at and none is the
    /// child.
    pub none_match: bool,
}

impl NewChildBody {
    pub fn input(&self) -> ChildInput {
        ChildInput {
            given_name: self.given_name.clone(),
            family_name: self.family_name.clone(),
            date_of_birth: date(self.date_of_birth),
            expected_date_of_birth: date(self.expected_date_of_birth),
            sex: self.sex.map(|s| s.code().to_owned()).unwrap_or_default(),
        }
    }
}

/// Records the child into the unallocated list of the team it lands in
/// ([`super::allocations::landing_team`]): nobody is allocated automatically, and the recorder
/// keeps the record until a manager allocates. Someone with no team records a child that only
/// they hold until it is allocated.
pub async fn register(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    child: &journey_domain::person::NewChild,
) -> WebResult<PersonId> {
    let actor = viewer.actor(ctx, state);
    // Recorded and listed in one transaction: never a child recorded and in no list.
    let id = match super::allocations::landing_team(state, viewer).await? {
        Some(team) => {
            state
                .store
                .register_unallocated(&actor, child, team)
                .await?
        }
        None => state.store.register_child(&actor, child).await?,
    };
    Ok(id)
}
