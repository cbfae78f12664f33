//! Allocations: the API's typed bodies and the domain inputs they become (the pages' forms
//! become the same inputs from text), and the choice of the team a new child lands in.

use journey_domain::allocations::{AllocationInput, EndInput};
use journey_domain::ids::TeamId;
use journey_domain::staff::{Role, TeamFunction};
use journey_domain::validation::FieldErrors;
use serde::Deserialize;
use utoipa::ToSchema;

use super::codes::ChangeReasonCode;
use crate::auth::Viewer;
use crate::error::WebResult;
use crate::state::AppState;

/// The team whose unallocated list a child recorded by `viewer` lands in: the recorder's own,
/// except business support's, which go to the front door's list (the front door decides what
/// happens next; business support record, they do not hold cases). With no front-door team
/// set, business support's go to their own team's list, as anyone's.
pub async fn landing_team(state: &AppState, viewer: &Viewer) -> WebResult<Option<TeamId>> {
    if viewer.role == Role::BusinessSupport {
        let teams = state.store.teams().await?;
        if let Some(front_door) = teams
            .iter()
            .find(|t| t.function == Some(TeamFunction::FrontDoor))
        {
            return Ok(Some(front_door.id));
        }
    }
    Ok(viewer.team)
}

/// `POST /api/children/{child_id}/allocation`: a worker in a team the manager manages, or a
/// team whose unallocated list the child moves to (one of the two), and why.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AllocationBody {
    /// The worker to allocate (from `GET /api/allocation-choices`).
    pub worker_id: Option<i64>,
    /// Instead of a worker: the team whose unallocated list the child moves to.
    pub team_id: Option<i64>,
    pub reason: Option<ChangeReasonCode>,
    /// Why the worker is allocated although it takes them over the caseload limit: needed
    /// only then (the answer without it is a 422 at this field saying by how much).
    pub over_limit_reason: Option<String>,
}

impl AllocationBody {
    pub fn input(&self) -> AllocationInput {
        AllocationInput {
            worker: self.worker_id,
            team: self.team_id,
            reason: reason(self.reason),
            over_limit_reason: self.over_limit_reason.clone().unwrap_or_default(),
        }
    }
}

/// `POST /api/children/{child_id}/allocation/end`: why the allocation ends.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct EndBody {
    pub reason: Option<ChangeReasonCode>,
}

impl EndBody {
    pub fn input(&self) -> EndInput {
        EndInput {
            reason: reason(self.reason),
        }
    }
}

fn reason(code: Option<ChangeReasonCode>) -> String {
    code.map(|c| c.code().to_owned()).unwrap_or_default()
}

/// A page's id field as typed: empty is nothing chosen; anything else must be a number, or
/// it is a problem at the field.
pub fn form_id(errors: &mut FieldErrors, field: &str, text: &str) -> Option<i64> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    let id = text.parse().ok();
    if id.is_none() {
        errors.add(field, "Choose from the list");
    }
    id
}
