//! The details page of someone related to a child (a parent, a carer), read-only and reached
//! through the child's record: `/children/{child}/people/{person}`.
//!
//! The rule: a viewer may open a person's page only through a child whose record they may open
//! (`Action::ViewRecord`, refused and recorded exactly as the record is) and to whom the person
//! is related or has lived with; anyone else is "not found". The read is recorded on the child
//! and on the person. Of the person's other children, only those whose own record the viewer
//! could open are named; the others are counted.

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use journey_domain::access::{Action, decide};
use journey_domain::ids::PersonId;
use journey_domain::person_details::NhsNumber;
use journey_domain::person_details::wording::long_date;
use journey_store::{Families, Records, StoreError};
use minijinja::context;

use crate::access::{Checked, ToView};
use crate::error::{WebError, WebResult};
use crate::input::PathIds;
use crate::render;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/children/{child}/people/{person}", get(person))
}

pub async fn person(
    State(state): State<AppState>,
    State(families): State<Arc<dyn Families>>,
    State(records): State<Arc<dyn Records>>,
    checked: Checked<ToView>,
    PathIds((_, person)): PathIds<(i64, i64)>,
) -> WebResult<Response> {
    let (permitted, viewer) = (&checked.permitted, &checked.viewer);
    let child = checked.child();
    let details = match families
        .related_person(&permitted.access, PersonId(person))
        .await
    {
        Ok(details) => details,
        Err(StoreError::NotFound) => return Err(WebError::NotFound),
        Err(other) => return Err(other.into()),
    };
    // A child has a record of their own, with its own access check.
    if details.is_child {
        return Ok(Redirect::to(&format!("/children/{person}")).into_response());
    }
    let today = permitted.access.actor().today();
    let mut children = Vec::new();
    let mut not_shown = 0_usize;
    for tie in &details.children {
        let may_open = if tie.child == permitted.access.child() {
            true
        } else {
            let held = records
                .relationships(viewer.staff, tie.child, today)
                .await?;
            decide(viewer.role, &held, Action::ViewRecord).is_ok()
        };
        if may_open {
            let ended = tie.end.is_some_and(|end| end <= today);
            children.push(context! { ended, ..render::value(tie) });
        } else {
            not_shown += 1;
        }
    }
    let record = records.child_details(&permitted.access).await?;
    let row = |key: &str, value: String| context! { key => context! { text => key }, value => context! { text => value } };
    let mut rows = vec![
        row(
            "Name",
            format!("{} {}", details.given_name, details.family_name),
        ),
        row(
            "Date of birth",
            details
                .date_of_birth
                .map_or_else(|| "Not known".to_owned(), long_date),
        ),
        row("Sex", details.sex.label().to_owned()),
        row("Journey ID", details.id.to_string()),
    ];
    // Identifiers only where held, and the NHS number wherever it may be recorded.
    rows.extend(
        details
            .upn
            .clone()
            .map(|upn| row("Unique pupil number", upn)),
    );
    let may_change = permitted.also_allows(Action::AddToRecord);
    if may_change {
        let nhs = details
            .nhs_number
            .as_deref()
            .map(|n| NhsNumber::parse(n).map_or_else(|_| n.to_owned(), |n| n.spaced()));
        rows.push(context! {
            key => context! { text => "NHS number" },
            value => context! { text => nhs.unwrap_or_else(|| "Not recorded".to_owned()) },
            actions => context! { items => vec![context! {
                href => format!("/children/{child}/people/{person}/nhs-number"),
                text => "Change",
                visuallyHiddenText => "NHS number",
            }] },
        });
    } else {
        rows.extend(details.nhs_number.clone().map(|nhs| row("NHS number", nhs)));
    }
    let warnings: Vec<_> = details
        .warnings
        .iter()
        .map(|w| {
            context! {
                label => w.category.label(),
                current => w.is_current(today),
                ..render::value(w)
            }
        })
        .collect();
    render::page(
        &state,
        &checked.ctx,
        Some(viewer),
        "",
        "families/person.html",
        context! {
            child => render::value(&record),
            person => render::value(&details),
            rows,
            children,
            not_shown,
            warnings,
            may_change,
        },
    )
}
