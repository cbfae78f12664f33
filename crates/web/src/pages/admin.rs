//! Staff accounts, for administrators (who manage accounts but never read case content).

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::access::Capability;
use journey_domain::ids::{StaffId, TeamId};
use journey_domain::staff::{TeamFunction, TeamKind};
use journey_store::Directory;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::input::FormInput;
use crate::render;
use crate::state::AppState;

#[derive(Serialize)]
struct StaffRow {
    id: StaffId,
    display_name: String,
    username: String,
    role_label: &'static str,
    team_name: Option<String>,
    disabled: bool,
}

pub async fn staff(
    State(state): State<AppState>,
    State(directory): State<Arc<dyn Directory>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::ManageAccounts).await?;
    let staff: Vec<StaffRow> = directory
        .staff_list()
        .await?
        .into_iter()
        .map(|s| StaffRow {
            id: s.id,
            display_name: s.display_name,
            username: s.username,
            role_label: s.role.label(),
            team_name: s.team_name,
            disabled: s.disabled,
        })
        .collect();
    render::page(
        &state,
        &ctx,
        Some(&viewer),
        "/admin/staff",
        "pages/staff.html",
        context! { staff => render::value(&staff) },
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf_token: String,
}

pub async fn set_disabled(
    State(state): State<AppState>,
    State(directory): State<Arc<dyn Directory>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path((staff, change)): Path<(i64, String)>,
    FormInput(form): FormInput<CsrfOnly>,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::ManageAccounts).await?;
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    let disabled = match change.as_str() {
        "disable" => true,
        "enable" => false,
        _ => return Err(WebError::NotFound),
    };
    if disabled && StaffId(staff) == viewer.staff {
        return Err(WebError::BadRequest(
            "You cannot disable your own account".into(),
        ));
    }
    directory
        .set_staff_disabled(&viewer.actor(&ctx, &state), StaffId(staff), disabled)
        .await?;
    Ok(Redirect::to("/admin/staff").into_response())
}

#[derive(Serialize)]
struct TeamRow {
    id: TeamId,
    name: String,
    is_service: bool,
    function: &'static str,
    function_label: Option<&'static str>,
}

/// The authority's teams and what each does: the administrator sets each team's function
/// (a front-door or duty team screens contacts about any child whose record is not restricted).
pub async fn teams(
    State(state): State<AppState>,
    State(directory): State<Arc<dyn Directory>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::ManageAccounts).await?;
    let teams: Vec<TeamRow> = directory
        .teams()
        .await?
        .into_iter()
        .map(|t| TeamRow {
            id: t.id,
            name: t.name,
            is_service: t.kind == TeamKind::Service,
            function: t.function.map_or("", TeamFunction::code),
            function_label: t.function.map(TeamFunction::label),
        })
        .collect();
    let mut functions = vec![context! { value => "", text => "Not set" }];
    functions.extend(
        TeamFunction::ALL
            .into_iter()
            .map(|f| context! { value => f.code(), text => f.label() }),
    );
    render::page(
        &state,
        &ctx,
        Some(&viewer),
        "/admin/teams",
        "pages/teams.html",
        context! { teams => render::value(&teams), functions },
    )
}

#[derive(Debug, Default, Deserialize)]
pub struct FunctionForm {
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    function: String,
}

pub async fn set_function(
    State(state): State<AppState>,
    State(directory): State<Arc<dyn Directory>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    crate::input::PathIds(team): crate::input::PathIds<i64>,
    FormInput(form): FormInput<FunctionForm>,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::ManageAccounts).await?;
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    // The choices are a fixed list: anything else did not come from the page.
    let function = match form.function.trim() {
        "" => None,
        code => Some(
            TeamFunction::from_code(code)
                .ok_or_else(|| WebError::BadRequest("Choose a function from the list".into()))?,
        ),
    };
    directory
        .set_team_function(&viewer.actor(&ctx, &state), TeamId(team), function)
        .await?;
    Ok(Redirect::to("/admin/teams").into_response())
}
