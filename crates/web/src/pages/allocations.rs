//! Pages of the `allocations` capability (issue 10): the child's allocation and its history,
//! allocating or transferring to a worker, moving the child to another team's unallocated
//! list, ending the allocation; the record page's link to them; the unallocated lists on the
//! managers' home page and the reviewing officers' children on theirs. Every page about a child
//! is for managers in the child's line (`Action::Allocate`).

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::NaiveDate;
use journey_domain::access::Action;
use journey_domain::allocations::{
    AllocationChange, AllocationEnd, AllocationInput, ChangeReason, EndInput,
};
use journey_domain::caseloads::CaseloadPolicy;
use journey_domain::staff::Role;
use journey_domain::timescales::CaseloadLevel;
use journey_domain::validation::FieldErrors;
use journey_store::allocations::{
    AllocationPeriod, AllocationState, UnallocatedPeriod, WorkerChoice,
};
use journey_store::{Allocations, StoreError};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::access::{Checked, Permitted, ToAllocate};
use crate::auth::{Viewer, csrf};
use crate::capabilities::allocations::form_id;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::{error_values, in_form_order};
use crate::input::FormInput;
use crate::render;
use crate::state::AppState;

/// This capability's page routes, merged into the app's router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{child}/allocation", get(overview))
        .route(
            "/children/{child}/allocation/worker",
            get(worker_form).post(to_worker),
        )
        .route(
            "/children/{child}/allocation/team",
            get(team_form).post(to_team),
        )
        .route("/children/{child}/allocation/end", get(end_form).post(end))
}

/// This capability's templates, registered with the environment: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "record/allocations.html",
        include_str!("../../templates/record/allocations.html"),
    ),
    (
        "home/allocations.html",
        include_str!("../../templates/home/allocations.html"),
    ),
    (
        "allocations/overview.html",
        include_str!("../../templates/allocations/overview.html"),
    ),
    (
        "allocations/_where.html",
        include_str!("../../templates/allocations/_where.html"),
    ),
    (
        "allocations/worker.html",
        include_str!("../../templates/allocations/worker.html"),
    ),
    (
        "allocations/team.html",
        include_str!("../../templates/allocations/team.html"),
    ),
    (
        "allocations/end.html",
        include_str!("../../templates/allocations/end.html"),
    ),
];

/// On the record page: a link to the allocation pages, for those who may allocate. Reads
/// nothing: the record's summary already shows the allocation.
pub async fn record_panel(
    _state: &AppState,
    _ctx: &RequestContext,
    permitted: &Permitted,
) -> WebResult<Value> {
    Ok(context! {
        child_id => permitted.access.child().0,
        may_allocate => permitted.also_allows(Action::Allocate),
    })
}

/// On the home page: for managers, the children waiting in the unallocated lists of their
/// line (the list is recorded as seen); for reviewing officers, the children they review.
pub async fn home_panel(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
) -> WebResult<Value> {
    if viewer.role.is_manager() {
        let actor = viewer.actor(ctx, state);
        let waiting = state.store.unallocated_children(&actor).await?;
        let waiting: Vec<WaitingShown> = waiting
            .iter()
            .map(|w| WaitingShown {
                child: w.child.0,
                name: format!("{} {}", w.given_name, w.family_name),
                date_of_birth: w.date_of_birth,
                expected_date_of_birth: w.expected_date_of_birth,
                team_name: &w.team_name,
                since: w.since,
                why: w.reason.map_or(NEWLY_RECORDED, ChangeReason::label),
                recorded_by: w.recorded_by.as_deref().unwrap_or("Journey (imported)"),
                awaiting_decision_since: w.awaiting_decision_since,
                open_episodes: w.open_episodes,
                contacts: w.contacts,
            })
            .collect();
        return Ok(context! { unallocated => render::value(waiting) });
    }
    if viewer.role == Role::ReviewingOfficer {
        let reviewed = state
            .store
            .reviewed_children(viewer.staff, state.clock.today())
            .await?;
        return Ok(context! { reviewed => render::value(&reviewed) });
    }
    Ok(Value::UNDEFINED)
}

/// An allocation as the pages show it: reasons as words.
#[derive(Serialize)]
struct AllocationShown<'a> {
    worker_name: &'a str,
    team_name: &'a str,
    from: NaiveDate,
    until: Option<NaiveDate>,
    reason: Option<&'static str>,
    end_reason: Option<&'static str>,
}

fn allocation_view(a: &AllocationPeriod) -> Value {
    render::value(AllocationShown {
        worker_name: &a.worker_name,
        team_name: &a.team_name,
        from: a.from,
        until: a.until,
        reason: a.reason.map(ChangeReason::label),
        end_reason: a.end_reason.map(ChangeReason::label),
    })
}

#[derive(Serialize)]
struct UnallocatedShown<'a> {
    team_name: &'a str,
    from: NaiveDate,
    until: Option<NaiveDate>,
    reason: &'static str,
}

fn unallocated_view(u: &UnallocatedPeriod) -> Value {
    render::value(UnallocatedShown {
        team_name: &u.team_name,
        from: u.from,
        until: u.until,
        reason: u.reason.map_or(NEWLY_RECORDED, ChangeReason::label),
    })
}

/// Why a child is in a list when no change put them there.
const NEWLY_RECORDED: &str = "Newly recorded";

/// A child waiting in an unallocated list, as the home page shows it.
#[derive(Serialize)]
struct WaitingShown<'a> {
    child: i64,
    name: String,
    date_of_birth: Option<NaiveDate>,
    expected_date_of_birth: Option<NaiveDate>,
    team_name: &'a str,
    since: NaiveDate,
    why: &'static str,
    recorded_by: &'a str,
    awaiting_decision_since: Option<NaiveDate>,
    open_episodes: i64,
    contacts: i64,
}

/// What every allocation page shows of the child: their name and where they stand.
async fn child_values(
    state: &AppState,
    allocations: &dyn Allocations,
    permitted: &Permitted,
) -> WebResult<(Value, AllocationState)> {
    let child = state.store.child_details(&permitted.access).await?;
    let now = allocations.allocation_state(&permitted.access).await?;
    let values = context! {
        child_id => child.id.0,
        child_name => format!("{} {}", child.given_name, child.family_name),
        current => now.current.as_ref().map(allocation_view),
        waiting => now.waiting.as_ref().map(unallocated_view),
        allocations => now.allocations.iter().map(allocation_view).collect::<Vec<_>>(),
        unallocated => now.unallocated.iter().map(unallocated_view).collect::<Vec<_>>(),
    };
    Ok((values, now))
}

pub async fn overview(
    State(state): State<AppState>,
    State(allocations): State<Arc<dyn Allocations>>,
    checked: Checked<ToAllocate>,
) -> WebResult<Response> {
    let (values, _) = child_values(&state, allocations.as_ref(), &checked.permitted).await?;
    render::page(
        &state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        "allocations/overview.html",
        values,
    )
}

/// The reasons offered: a first contact only where nobody is allocated and a worker is.
fn reason_items(first_contact: bool) -> Value {
    let items: Vec<Value> = ChangeReason::ALL
        .iter()
        .filter(|r| first_contact || **r != ChangeReason::FirstContact)
        .map(|r| context! { value => r.code(), text => r.label() })
        .collect();
    Value::from(items)
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ChangeForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    worker_id: String,
    #[serde(default)]
    team_id: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    over_limit_reason: String,
}

/// Which change form: to a worker, or to a team's list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Worker,
    Team,
}

impl Kind {
    fn template(self) -> &'static str {
        match self {
            Kind::Worker => "allocations/worker.html",
            Kind::Team => "allocations/team.html",
        }
    }
}

/// A worker's caseload as the allocation form shows it: children, weighted cases and where
/// that stands against the authority's thresholds.
fn worker_load(caseload: &CaseloadPolicy, worker: &WorkerChoice) -> String {
    let children = match worker.caseload {
        1 => "1 child allocated".to_owned(),
        n => format!("{n} children allocated"),
    };
    let weighted = caseload.weigh(&worker.counts);
    let standing = match caseload.worker_level(weighted) {
        CaseloadLevel::Manageable => "",
        CaseloadLevel::High => ": high",
        CaseloadLevel::AtLimit => ": at the limit",
    };
    format!(
        "{children}, {weighted} weighted cases (limit {}){standing}",
        caseload.worker.limit
    )
}

/// Renders a change form (or the end form) with the child's standing, the choices and any
/// problems; 422 when there are problems.
async fn form_page(
    state: &AppState,
    allocations: &dyn Allocations,
    checked: &Checked<ToAllocate>,
    template: &str,
    form: Value,
    errors: Option<&FieldErrors>,
) -> WebResult<Response> {
    let (child, now) = child_values(state, allocations, &checked.permitted).await?;
    let (workers, teams) = allocations
        .allocation_choices(checked.viewer.staff, state.clock.today())
        .await?;
    let caseload = state.config.timescales.caseload();
    let workers: Vec<Value> = workers
        .iter()
        .filter(|w| now.current.as_ref().is_none_or(|c| c.worker != w.worker))
        .map(|w| {
            context! {
                value => w.worker.0.to_string(),
                text => format!("{} ({})", w.name, w.team_name),
                hint => context! { text => worker_load(&caseload, w) },
            }
        })
        .collect();
    let here = now
        .current
        .as_ref()
        .map(|c| c.team)
        .or(now.waiting.as_ref().map(|w| w.team));
    let teams: Vec<Value> = teams
        .iter()
        .filter(|t| Some(t.team) != here)
        .map(|t| context! { value => t.team.0.to_string(), text => t.name.clone() })
        .collect();
    let own = context! {
        form,
        workers,
        teams,
        reasons => reason_items(now.current.is_none() && template == Kind::Worker.template()),
        transfer => now.current.is_some(),
    };
    let errors_shown = errors.map(error_values).unwrap_or_else(|| context! {});
    let status = if errors.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render::page_with_status(
        state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        template,
        context! { ..own, ..child, ..errors_shown },
        status,
    )
}

pub async fn worker_form(
    State(state): State<AppState>,
    State(allocations): State<Arc<dyn Allocations>>,
    checked: Checked<ToAllocate>,
) -> WebResult<Response> {
    let form = render::value(ChangeForm::default());
    form_page(
        &state,
        allocations.as_ref(),
        &checked,
        Kind::Worker.template(),
        form,
        None,
    )
    .await
}

pub async fn team_form(
    State(state): State<AppState>,
    State(allocations): State<Arc<dyn Allocations>>,
    checked: Checked<ToAllocate>,
) -> WebResult<Response> {
    let form = render::value(ChangeForm::default());
    form_page(
        &state,
        allocations.as_ref(),
        &checked,
        Kind::Team.template(),
        form,
        None,
    )
    .await
}

pub async fn to_worker(
    state: State<AppState>,
    allocations: State<Arc<dyn Allocations>>,
    checked: Checked<ToAllocate>,
    form: FormInput<ChangeForm>,
) -> WebResult<Response> {
    change(state, allocations, checked, form, Kind::Worker).await
}

pub async fn to_team(
    state: State<AppState>,
    allocations: State<Arc<dyn Allocations>>,
    checked: Checked<ToAllocate>,
    form: FormInput<ChangeForm>,
) -> WebResult<Response> {
    change(state, allocations, checked, form, Kind::Team).await
}

/// Reads the form (each page sends only its own id field), makes the change, and shows the
/// form again with every problem, or goes back to the allocation page.
async fn change(
    State(state): State<AppState>,
    State(allocations): State<Arc<dyn Allocations>>,
    checked: Checked<ToAllocate>,
    FormInput(form): FormInput<ChangeForm>,
    kind: Kind,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let mut errors = FieldErrors::new();
    let (worker, team) = match kind {
        Kind::Worker => (form_id(&mut errors, "worker_id", &form.worker_id), None),
        Kind::Team => (None, form_id(&mut errors, "team_id", &form.team_id)),
    };
    let input = AllocationInput {
        worker,
        team,
        reason: form.reason.clone(),
        over_limit_reason: form.over_limit_reason.clone(),
    };
    let parsed = AllocationChange::parse(&input).map_err(|mut more| {
        // Nothing chosen on the team page is a problem at its own field.
        if kind == Kind::Team {
            for e in &mut more.errors {
                if e.field == "worker_id" {
                    e.field = "team_id".into();
                    e.message = "Choose the team whose unallocated list the child moves to".into();
                }
            }
        }
        more
    });
    let result = match parsed {
        Ok(change) if errors.is_empty() => allocations
            .change_allocation(
                checked.access(),
                &change,
                &state.config.timescales.caseload(),
            )
            .await
            .map(|_| ()),
        Ok(_) => Err(StoreError::Invalid(errors)),
        Err(more) => {
            errors.merge(more);
            Err(StoreError::Invalid(errors))
        }
    };
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/children/{}/allocation", checked.child())).into_response())
        }
        Err(StoreError::Invalid(errors)) => {
            let errors = in_form_order(
                errors,
                &["worker_id", "team_id", "reason", "over_limit_reason"],
            );
            form_page(
                &state,
                allocations.as_ref(),
                &checked,
                kind.template(),
                render::value(&form),
                Some(&errors),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn end_form(
    State(state): State<AppState>,
    State(allocations): State<Arc<dyn Allocations>>,
    checked: Checked<ToAllocate>,
) -> WebResult<Response> {
    let form = render::value(ChangeForm::default());
    form_page(
        &state,
        allocations.as_ref(),
        &checked,
        "allocations/end.html",
        form,
        None,
    )
    .await
}

pub async fn end(
    State(state): State<AppState>,
    State(allocations): State<Arc<dyn Allocations>>,
    checked: Checked<ToAllocate>,
    FormInput(form): FormInput<ChangeForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let input = EndInput {
        reason: form.reason.clone(),
    };
    let result = match AllocationEnd::parse(&input) {
        Ok(end) => allocations
            .end_allocation(checked.access(), &end)
            .await
            .map(|_| ()),
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(()) => {
            Ok(Redirect::to(&format!("/children/{}/allocation", checked.child())).into_response())
        }
        Err(StoreError::Invalid(errors)) => {
            form_page(
                &state,
                allocations.as_ref(),
                &checked,
                "allocations/end.html",
                render::value(&form),
                Some(&errors),
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}
