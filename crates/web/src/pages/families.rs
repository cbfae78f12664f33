//! Pages of the `families` capability (issue 3): the family and household page, recording and
//! ending relationships, someone moving out, merging records, and the "start again" panel at
//! the top of the child's record.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use journey_domain::access::Action;
use journey_domain::families::RelationshipKind;
use journey_domain::families::relationship::{NewRelationship, RelationshipInput, parse_end};
use journey_domain::validation::FieldErrors;
use journey_store::{Families, Records, RelationshipProposals, StoreError};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use crate::access::{Checked, Permitted, ToAdd, ToView};
use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::{date_from_parts, error_values};
use crate::input::FormInput;
use crate::links;
use crate::render;
use crate::state::AppState;

mod household;
mod merge;
mod person;
pub mod proposals;

/// This capability's page routes, merged into the app's router.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/children/{child}/family", get(family))
        .route("/children/{child}/relationships", post(add_relationship))
        .route(
            "/children/{child}/relationships/end",
            post(end_relationship),
        )
        .route("/children/{child}/household/leave", post(leave_household))
        .merge(household::routes())
        .merge(merge::routes())
        .merge(person::routes())
        .merge(proposals::routes())
}

/// This capability's templates, registered with the environment: (name, source).
pub const TEMPLATES: &[(&str, &str)] = &[
    (
        "record/families.html",
        include_str!("../../templates/record/families.html"),
    ),
    (
        "families/family.html",
        include_str!("../../templates/families/family.html"),
    ),
    (
        "families/merge.html",
        include_str!("../../templates/families/merge.html"),
    ),
    (
        "families/merge_compare.html",
        include_str!("../../templates/families/merge_compare.html"),
    ),
    (
        "families/merge_table.html",
        include_str!("../../templates/families/merge_table.html"),
    ),
    (
        "families/merge_request.html",
        include_str!("../../templates/families/merge_request.html"),
    ),
    (
        "families/household_add.html",
        include_str!("../../templates/families/household_add.html"),
    ),
    (
        "families/person.html",
        include_str!("../../templates/families/person.html"),
    ),
    (
        "families/proposal.html",
        include_str!("../../templates/families/proposal.html"),
    ),
    (
        "home/families.html",
        include_str!("../../templates/home/families.html"),
    ),
];

/// What this capability adds to the child's record page, rendered by
/// `record/families.html`. The record's own access record covers the child; the store records
/// each other child whose history it shows.
pub async fn record_panel(
    state: &AppState,
    _ctx: &RequestContext,
    permitted: &Permitted,
) -> WebResult<Value> {
    let panel = state.store.family_panel(&permitted.access).await?;
    let may_merge = permitted.also_allows(Action::MergeRecords);
    // Only those who may undo a merge are offered it, so only they pay for reading merges.
    let undoable = if may_merge {
        merge::undoable(state, &permitted.access).await?
    } else {
        Vec::new()
    };
    Ok(context! {
        panel => render::value(&panel),
        may_merge,
        undoable => render::value(&undoable),
    })
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct RelationshipForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    who: String,
    #[serde(default)]
    existing_id: String,
    #[serde(default)]
    given_name: String,
    #[serde(default)]
    family_name: String,
    #[serde(default)]
    date_of_birth_day: String,
    #[serde(default)]
    date_of_birth_month: String,
    #[serde(default)]
    date_of_birth_year: String,
    #[serde(default)]
    sex: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    start_day: String,
    #[serde(default)]
    start_month: String,
    #[serde(default)]
    start_year: String,
    #[serde(default)]
    lives_with: String,
}

/// A form that ends something on a date: a relationship, or living in the household.
#[derive(Debug, Default, Deserialize, Serialize)]
pub struct EndForm {
    #[serde(default, skip_serializing)]
    csrf_token: String,
    #[serde(default)]
    id: String,
    #[serde(default)]
    day: String,
    #[serde(default)]
    month: String,
    #[serde(default)]
    year: String,
}

fn kinds() -> Vec<Value> {
    RelationshipKind::ALL
        .into_iter()
        .map(|k| context! { value => k.code(), text => k.option_label() })
        .collect()
}

/// Renders the family page; `extra` carries a failed form's values and errors.
async fn render_family(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    permitted: &Permitted,
    extra: Value,
    status: StatusCode,
) -> WebResult<Response> {
    let child = state.store.child_details(&permitted.access).await?;
    let family = state.store.family(&permitted.access).await?;
    let end_items: Vec<Value> = family
        .current
        .iter()
        .map(|m| context! { value => m.relationship_id.to_string(), text => m.sentence.as_str() })
        .collect();
    let left_items: Vec<Value> = family
        .household
        .iter()
        .map(|h| context! { value => h.membership_id.to_string(), text => format!("{} {}", h.given_name, h.family_name) })
        .collect();
    let base = context! {
        child => render::value(&child),
        family => render::value(&family),
        kinds => kinds(),
        end_items,
        left_items,
        end_values => render::value(EndForm::default()),
        left_values => render::value(EndForm::default()),
        may_add => permitted.also_allows(Action::AddToRecord),
    };
    // A failed form's values and messages take precedence over the empty ones.
    let values = context! { ..extra, ..base };
    render::page_with_status(
        state,
        ctx,
        Some(viewer),
        "",
        "families/family.html",
        values,
        status,
    )
}

pub async fn family(
    State(state): State<AppState>,
    checked: Checked<ToView>,
) -> WebResult<Response> {
    let extra = context! { form => render::value(RelationshipForm::default()) };
    render_family(
        &state,
        &checked.ctx,
        &checked.viewer,
        &checked.permitted,
        extra,
        StatusCode::OK,
    )
    .await
}

/// Reads the relationship form into the domain's input.
fn relationship_input(form: &RelationshipForm, errors: &mut FieldErrors) -> RelationshipInput {
    let date_of_birth = date_from_parts(
        errors,
        "date_of_birth",
        "Date of birth",
        &form.date_of_birth_day,
        &form.date_of_birth_month,
        &form.date_of_birth_year,
    );
    let start = date_from_parts(
        errors,
        "start",
        "The date the relationship started",
        &form.start_day,
        &form.start_month,
        &form.start_year,
    );
    RelationshipInput {
        who: form.who.clone(),
        existing_id: form.existing_id.clone(),
        given_name: form.given_name.clone(),
        family_name: form.family_name.clone(),
        date_of_birth,
        sex: form.sex.clone(),
        kind: form.kind.clone(),
        start,
        lives_with: form.lives_with == "yes",
    }
}

pub async fn add_relationship(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    State(families): State<Arc<dyn Families>>,
    State(proposals): State<Arc<dyn RelationshipProposals>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<RelationshipForm>,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let child = checked.child();
    let mut errors = FieldErrors::new();
    let input = relationship_input(&form, &mut errors);
    let parsed = NewRelationship::parse(&input, child, state.clock.today());
    let result = match parsed {
        Ok(relationship) if errors.is_empty() => links::record_or_propose(
            records.as_ref(),
            families.as_ref(),
            proposals.as_ref(),
            checked.access(),
            &relationship,
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
        Ok(()) => Ok(Redirect::to(&format!("/children/{child}/family")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let extra = context! { form => render::value(&form), ..error_values(&errors) };
            render_family(
                &state,
                &checked.ctx,
                &checked.viewer,
                &checked.permitted,
                extra,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

/// Reads an end form: which row, and a real date not in the future. `field` names the form.
fn parse_end_form(
    form: &EndForm,
    field: &str,
    what: &str,
    today: chrono::NaiveDate,
) -> Result<(i64, chrono::NaiveDate), FieldErrors> {
    let mut errors = FieldErrors::new();
    let id = form.id.trim().parse::<i64>().ok();
    if id.is_none() {
        errors.add(&format!("{field}_id"), format!("Select {what}"));
    }
    let end = date_from_parts(
        &mut errors,
        field,
        "The date",
        &form.day,
        &form.month,
        &form.year,
    );
    if errors.message_for(field).is_none()
        && let Err(more) = parse_end(end, None, today)
    {
        for e in more.errors {
            errors.add(field, e.message);
        }
    }
    match (id, end) {
        (Some(id), Some(end)) if errors.is_empty() => Ok((id, end)),
        _ => Err(errors),
    }
}

/// Moves a store's message at `end` to the form's own field.
fn at_field(errors: FieldErrors, field: &str) -> FieldErrors {
    let mut moved = FieldErrors::new();
    for e in errors.errors {
        let name = if e.field == "end" {
            field.to_owned()
        } else {
            e.field
        };
        moved.add(&name, e.message);
    }
    moved
}

async fn end_something(
    state: AppState,
    families: Arc<dyn Families>,
    checked: Checked<ToAdd>,
    form: EndForm,
    field: &'static str,
) -> WebResult<Response> {
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let child = checked.child();
    let what = if field == "end" {
        "the relationship that ended"
    } else {
        "who moved out"
    };
    let result = match parse_end_form(&form, field, what, state.clock.today()) {
        Ok((id, end)) if field == "end" => {
            families.end_relationship(checked.access(), id, end).await
        }
        Ok((id, end)) => families.leave_household(checked.access(), id, end).await,
        Err(errors) => Err(StoreError::Invalid(errors)),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!("/children/{child}/family")).into_response()),
        Err(StoreError::Invalid(errors)) => {
            let errors = at_field(errors, field);
            let extra = context! {
                form => render::value(RelationshipForm::default()),
                end_values => if field == "end" { render::value(&form) } else { render::value(EndForm::default()) },
                left_values => if field == "left" { render::value(&form) } else { render::value(EndForm::default()) },
                ..error_values(&errors)
            };
            render_family(
                &state,
                &checked.ctx,
                &checked.viewer,
                &checked.permitted,
                extra,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn end_relationship(
    State(state): State<AppState>,
    State(families): State<Arc<dyn Families>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<EndForm>,
) -> WebResult<Response> {
    end_something(state, families, checked, form, "end").await
}

pub async fn leave_household(
    State(state): State<AppState>,
    State(families): State<Arc<dyn Families>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<EndForm>,
) -> WebResult<Response> {
    end_something(state, families, checked, form, "left").await
}
