//! Staff accounts, for administrators (who manage accounts but never read case content).

use std::sync::Arc;

use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::access::Capability;
use journey_domain::ids::StaffId;
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
    crate::access::require(&viewer, Capability::ManageAccounts)?;
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
    crate::access::require(&viewer, Capability::ManageAccounts)?;
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
