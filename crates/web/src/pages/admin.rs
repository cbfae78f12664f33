//! Staff accounts and teams, for administrators (who manage accounts but never read case
//! content): adding a member of staff, disabling an account after confirming it, enabling one,
//! and setting a team's function.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::access::Capability;
use journey_domain::ids::{StaffId, TeamId};
use journey_domain::staff::{Role, TeamFunction, TeamKind};
use journey_domain::validation::FieldErrors;
use journey_store::{Directory, NewStaff, StoreError};
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::{Viewer, csrf};
use crate::capabilities::accounts::parse_new_account;
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::forms::error_values;
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
pub struct AccountChange {
    #[serde(default)]
    csrf_token: String,
    /// "yes" only from the confirmation page: a disable without it changes nothing.
    #[serde(default)]
    confirmed: String,
}

/// Whether a change of account is a disable (true) or an enable; anything else is no page.
fn disabling(change: &str) -> WebResult<bool> {
    match change {
        "disable" => Ok(true),
        "enable" => Ok(false),
        _ => Err(WebError::NotFound),
    }
}

/// Asks before disabling an account, naming it: disabling signs its holder out at once.
pub async fn confirm_disable(
    State(state): State<AppState>,
    State(directory): State<Arc<dyn Directory>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path((staff, change)): Path<(i64, String)>,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::ManageAccounts).await?;
    // Enabling needs no confirmation: it is a button on the list.
    if !disabling(&change)? {
        return Err(WebError::NotFound);
    }
    if StaffId(staff) == viewer.staff {
        return Err(WebError::BadRequest(
            "You cannot disable your own account".into(),
        ));
    }
    let member = directory
        .staff_list()
        .await?
        .into_iter()
        .find(|s| s.id == StaffId(staff))
        .ok_or(WebError::NotFound)?;
    render::page(
        &state,
        &ctx,
        Some(&viewer),
        "/admin/staff",
        "pages/staff_disable.html",
        context! {
            member => context! {
                id => member.id.0,
                display_name => member.display_name,
                username => member.username,
                role_label => member.role.label(),
                team_name => member.team_name,
                disabled => member.disabled,
            },
        },
    )
}

pub async fn set_disabled(
    State(state): State<AppState>,
    State(directory): State<Arc<dyn Directory>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    Path((staff, change)): Path<(i64, String)>,
    FormInput(form): FormInput<AccountChange>,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::ManageAccounts).await?;
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    let disabled = disabling(&change)?;
    if disabled && StaffId(staff) == viewer.staff {
        return Err(WebError::BadRequest(
            "You cannot disable your own account".into(),
        ));
    }
    // A disable that did not come through the confirmation page goes there instead.
    if disabled && form.confirmed != "yes" {
        return Ok(Redirect::to(&format!("/admin/staff/{staff}/disable")).into_response());
    }
    directory
        .set_staff_disabled(&viewer.actor(&ctx, &state), StaffId(staff), disabled)
        .await?;
    Ok(Redirect::to("/admin/staff").into_response())
}

/// The new-account form as typed. The password is never sent back to the page.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct NewStaffForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    team: String,
    #[serde(default, skip_serializing)]
    password: String,
}

/// The form for a new member of staff: name, username, role, team and a first password.
pub async fn new_staff_form(
    State(state): State<AppState>,
    State(directory): State<Arc<dyn Directory>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::ManageAccounts).await?;
    new_staff_page(
        &state,
        &ctx,
        &viewer,
        directory.as_ref(),
        &NewStaffForm::default(),
        &FieldErrors::new(),
    )
    .await
}

/// The new-account page, with any problems at their fields (422) or none (200).
async fn new_staff_page(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    directory: &dyn Directory,
    form: &NewStaffForm,
    errors: &FieldErrors,
) -> WebResult<Response> {
    let roles: Vec<_> = Role::ALL
        .into_iter()
        .map(
            |r| context! { value => r.code(), text => r.label(), checked => form.role == r.code() },
        )
        .collect();
    let mut teams = vec![context! { value => "", text => "No team" }];
    teams.extend(
        directory
            .teams()
            .await?
            .into_iter()
            .map(|t| context! { value => t.id.0.to_string(), text => t.name }),
    );
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render::page_with_status(
        state,
        ctx,
        Some(viewer),
        "/admin/staff",
        "pages/staff_new.html",
        context! { form => render::value(form), roles, teams, ..error_values(errors) },
        status,
    )
}

/// Adds a member of staff through the same store call as `journey user add`, which audits
/// it naming the account; problems are shown at their fields and nothing is saved.
pub async fn add_staff(
    State(state): State<AppState>,
    State(directory): State<Arc<dyn Directory>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    FormInput(form): FormInput<NewStaffForm>,
) -> WebResult<Response> {
    crate::access::require(&state, &ctx, &viewer, Capability::ManageAccounts).await?;
    csrf::check(&viewer.csrf_token, &form.csrf_token)?;
    let teams: Vec<TeamId> = directory.teams().await?.into_iter().map(|t| t.id).collect();
    let account = match parse_new_account(
        &form.display_name,
        &form.username,
        &form.role,
        &form.team,
        &form.password,
        &teams,
    ) {
        Ok(account) => account,
        Err(errors) => {
            return new_staff_page(&state, &ctx, &viewer, directory.as_ref(), &form, &errors).await;
        }
    };
    let password_hash = state.passwords.hash(&form.password).await?;
    let created = directory
        .create_staff(
            &viewer.actor(&ctx, &state),
            &NewStaff {
                username: account.username,
                display_name: account.display_name,
                role: account.role,
                team: account.team,
                password_hash,
            },
        )
        .await;
    match created {
        Ok(_) => Ok(Redirect::to("/admin/staff").into_response()),
        // A username already taken comes back from the store at its field.
        Err(StoreError::Invalid(errors)) => {
            new_staff_page(&state, &ctx, &viewer, directory.as_ref(), &form, &errors).await
        }
        Err(other) => Err(other.into()),
    }
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
