//! JSON API of the `families` capability (issue 3): the same rules as the pages.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use axum::{Extension, Json};
use journey_domain::Clock;
use journey_domain::access::Capability;
use journey_domain::families::relationship::NewRelationship;
use journey_domain::person::NewChild;
use journey_domain::validation::FieldErrors;
use journey_store::{
    Families, MergeOutcome, Merges, Records, RelationshipProposals, Store, StoreError,
};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::body::{self, ApiBody};
use super::likely_matches::LIMIT;
use super::schema::{ChildRead, ChildWrite, CsrfHeader, Write};
use super::views::{Api, FamilyPanelView, FamilyView, LikelyMatchView};
use super::{answer, check_header, field_errors};
use crate::access::{Checked, ToAdd, ToMerge, ToView};
use crate::auth::Viewer;
use crate::capabilities::children::ChildBody;
use crate::capabilities::families::RelationshipBody;
use crate::capabilities::merges::{self as merging, MergeBody};
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::links::{self, Linked};
use crate::state::AppState;

/// This capability's operations.
pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(family))
        .routes(routes!(family_history))
        .routes(routes!(add_relationship))
        .routes(routes!(merge))
        .routes(routes!(likely_matches))
        .merge(super::relationship_proposals::routes())
}

/// A store result as JSON: field problems as 422, the rest through the one error mapping.
fn stored<T: Serialize>(result: Result<T, StoreError>, status: StatusCode) -> WebResult<Response> {
    match result {
        Ok(value) => Ok(answer(status, value)),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyBody {
    family: FamilyView,
}

/// The child's relationships, seen from the child's side, and household.
#[utoipa::path(
    get, path = "/children/{child_id}/family", tag = "families",
    params(("child_id" = i64, Path, description = "The child's Journey ID")),
    responses((status = 200, description = "The family", body = FamilyBody), ChildRead)
)]
pub async fn family(
    State(families): State<Arc<dyn Families>>,
    checked: Checked<ToView>,
) -> WebResult<Json<FamilyBody>> {
    let family = families.family(checked.access()).await?;
    Ok(Json(FamilyBody {
        family: family.api(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FamilyHistoryBody {
    family_history: FamilyPanelView,
    family: FamilyView,
}

/// The family history shown at the top of the record: serious events and open cases of the
/// same parents' children.
#[utoipa::path(
    get, path = "/children/{child_id}/family-history", tag = "families",
    params(("child_id" = i64, Path, description = "The child's Journey ID")),
    responses((status = 200, description = "The family history and the family", body = FamilyHistoryBody), ChildRead)
)]
pub async fn family_history(
    State(families): State<Arc<dyn Families>>,
    checked: Checked<ToView>,
) -> WebResult<Json<FamilyHistoryBody>> {
    // Read on its own, not under the record page's access record: reading the family (which
    // records the view of this child) goes with it.
    let panel = families.family_panel(checked.access()).await?;
    let family = families.family(checked.access()).await?;
    Ok(Json(FamilyHistoryBody {
        family_history: panel.api(),
        family: family.api(),
    }))
}

/// The event that recorded the relationship, or proposed it: a link to someone whose record
/// the author may not open waits for a manager who may open both (`proposed`), and until then
/// shows only the name and the relationship.
#[derive(Debug, Serialize, ToSchema)]
pub struct RelationshipAdded {
    event: i64,
    proposed: bool,
}

/// Record a relationship (an existing person or a new adult), optionally living with the
/// child.
#[utoipa::path(
    post, path = "/children/{child_id}/relationships", tag = "families",
    params(("child_id" = i64, Path, description = "The child's Journey ID"), CsrfHeader),
    request_body = RelationshipBody,
    responses((status = 201, description = "Recorded", body = RelationshipAdded), ChildWrite)
)]
pub async fn add_relationship(
    State(clock): State<Arc<dyn Clock>>,
    State(records): State<Arc<dyn Records>>,
    State(families): State<Arc<dyn Families>>,
    State(proposals): State<Arc<dyn RelationshipProposals>>,
    checked: Checked<ToAdd>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<RelationshipBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let parsed = NewRelationship::parse(&body.input(), checked.child(), clock.today());
    let relationship = match body::checked(problems, parsed) {
        Ok(r) => r,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let result = links::record_or_propose(
        records.as_ref(),
        families.as_ref(),
        proposals.as_ref(),
        checked.access(),
        &relationship,
    )
    .await
    .map(|linked| match linked {
        Linked::Recorded(event) => RelationshipAdded {
            event: event.0,
            proposed: false,
        },
        Linked::Proposed(event) => RelationshipAdded {
            event: event.0,
            proposed: true,
        },
    });
    stored(result, StatusCode::CREATED)
}

/// The merge recorded: it can be undone for 30 days.
#[derive(Debug, Serialize, ToSchema)]
pub struct Merged {
    /// The merge's id.
    merge: i64,
}

/// The records are not a likely match: the merge waits for a second manager who may open both.
#[derive(Debug, Serialize, ToSchema)]
pub struct MergeAwaitingApproval {
    /// The id of the merge asked for, `/merge-requests/{id}`.
    request: i64,
}

/// Merge a duplicate record into this one: a manager who may merge into this record and may open
/// the other. A Journey ID that cannot be merged (no such record, or one the manager may not
/// open) is one message at `merged`, whatever the reason.
#[utoipa::path(
    post, path = "/children/{child_id}/merge", tag = "families",
    params(("child_id" = i64, Path, description = "The Journey ID of the record that stays"), CsrfHeader),
    request_body = MergeBody,
    responses(
        (status = 201, description = "Merged", body = Merged),
        (status = 202, description = "Not a likely match: waiting for a second manager", body = MergeAwaitingApproval),
        ChildWrite
    )
)]
pub async fn merge(
    State(records): State<Arc<dyn Store>>,
    State(merges): State<Arc<dyn Merges>>,
    checked: Checked<ToMerge>,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<MergeBody>,
) -> WebResult<Response> {
    check_header(&checked.viewer, &headers)?;
    let mut errors = FieldErrors::new();
    let merged = body.merged.filter(|id| *id > 0);
    if merged.is_none() {
        errors.add("merged", "Enter the Journey ID of the duplicate record");
    }
    let request = match body.request() {
        Ok(request) => Some(request),
        Err(more) => {
            errors.merge(more);
            None
        }
    };
    let parsed = match (merged, request) {
        (Some(merged), Some(request)) if errors.is_empty() => Ok((merged, request)),
        _ => Err(errors),
    };
    let (merged, request) = match body::checked(problems, parsed) {
        Ok(parsed) => parsed,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let other =
        match merging::other_record(records.as_ref(), checked.access().actor(), merged).await? {
            Ok(other) => other,
            Err(errors) => return Ok(field_errors(errors)),
        };
    match merges
        .merge_records(checked.access(), &other, &request)
        .await
    {
        Ok(MergeOutcome::Merged(merge)) => Ok(answer(StatusCode::CREATED, Merged { merge })),
        Ok(MergeOutcome::AwaitingApproval(request)) => Ok(answer(
            StatusCode::ACCEPTED,
            MergeAwaitingApproval { request },
        )),
        Err(StoreError::Invalid(errors)) => Ok(field_errors(errors)),
        Err(other) => Err(other.into()),
    }
}

/// The people on record who may be this child, each recorded as seen.
#[derive(Debug, Serialize, ToSchema)]
pub struct LikelyMatchesBody {
    likely_matches: Vec<LikelyMatchView>,
}

/// People on record who may be the child about to be recorded.
#[utoipa::path(
    post, path = "/likely-matches", tag = "families", params(CsrfHeader),
    request_body = ChildBody,
    responses((status = 200, description = "At most 10 people, most likely first", body = LikelyMatchesBody), Write)
)]
pub async fn likely_matches(
    State(state): State<AppState>,
    State(families): State<Arc<dyn Families>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    headers: HeaderMap,
    ApiBody { body, problems }: ApiBody<ChildBody>,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::RegisterPeople).await?;
    check_header(&viewer, &headers)?;
    let child = match body::checked(
        problems,
        NewChild::parse(&body.input(), state.clock.today()),
    ) {
        Ok(child) => child,
        Err(errors) => return Ok(field_errors(errors)),
    };
    let matches = families
        .likely_matches(&viewer.actor(&ctx, &state), &child, LIMIT)
        .await?;
    Ok(answer(
        StatusCode::OK,
        LikelyMatchesBody {
            likely_matches: matches.api(),
        },
    ))
}
