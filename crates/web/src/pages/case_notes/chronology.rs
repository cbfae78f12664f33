//! The chronology page: filtered by kind, period and significance (query parameters: codes,
//! dates and flags only), family members' events beside the child's when asked, a print
//! layout, and significant events added by hand.

use std::sync::Arc;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use journey_domain::access::Action;
use journey_domain::case_notes::{ChronologyFilter, FilterInput, SignificantEvent, wording};
use journey_domain::ids::PersonId;
use journey_store::{FamilyAccess, NewChronologyEntry, Records};
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

use super::notes::child_name;
use crate::access::{Checked, Permitted, ToAdd, ToView};
use crate::auth::{Viewer, csrf};
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::forms::{date_from_parts, error_values};
use crate::input::FormInput;
use crate::pages::chronology_line::LineWords;
use crate::render;
use crate::state::AppState;

/// The filter as it arrives in the query string. Every field is text, so nothing a user
/// types makes the request unreadable; problems are shown at the field.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ChronologyQuery {
    pub kind: String,
    pub from_day: String,
    pub from_month: String,
    pub from_year: String,
    pub to_day: String,
    pub to_month: String,
    pub to_year: String,
    /// "yes" when ticked.
    pub significant: String,
    /// "yes" when ticked.
    pub family: String,
}

impl ChronologyQuery {
    fn filter(&self) -> Result<ChronologyFilter, journey_domain::validation::FieldErrors> {
        let mut errors = journey_domain::validation::FieldErrors::new();
        let from = date_from_parts(
            &mut errors,
            "from",
            "The start of the period",
            &self.from_day,
            &self.from_month,
            &self.from_year,
        );
        let to = date_from_parts(
            &mut errors,
            "to",
            "The end of the period",
            &self.to_day,
            &self.to_month,
            &self.to_year,
        );
        let input = FilterInput {
            kind: self.kind.clone(),
            from,
            to,
            significant_only: self.significant == "yes",
            include_family: self.family == "yes",
        };
        match ChronologyFilter::parse(&input) {
            Ok(filter) if errors.is_empty() => Ok(filter),
            Ok(_) => Err(errors),
            Err(more) => {
                errors.merge(more);
                Err(errors)
            }
        }
    }
}

/// The family members whose events the viewer may see: those whose own record the viewer
/// could open. The others are only counted, so the page can say some were left out.
async fn family_the_viewer_may_open(
    state: &AppState,
    permitted: &Permitted,
) -> WebResult<(Vec<FamilyAccess>, usize)> {
    let members = state.store.family_members(&permitted.access).await?;
    let mut allowed = Vec::new();
    let mut withheld = 0;
    for member in members {
        let actor = permitted.access.actor().clone();
        match journey_store::access::check_to_show(
            state.store.as_ref(),
            actor,
            member.person,
            Action::ViewRecord,
        )
        .await?
        {
            Some(access) => allowed.push(FamilyAccess { member, access }),
            None => withheld += 1,
        }
    }
    Ok((allowed, withheld))
}

/// GET /children/{child}/chronology (the handler in `children.rs` hands over to this).
pub async fn page(
    state: &AppState,
    checked: &Checked<ToView>,
    query: ChronologyQuery,
) -> WebResult<Response> {
    let (ctx, viewer, permitted) = (&checked.ctx, &checked.viewer, &checked.permitted);
    let child = checked.child();
    let name = child_name(state.store.as_ref(), checked.access()).await?;
    let (filter, errors, status) = match query.filter() {
        Ok(filter) => (filter, Value::UNDEFINED, StatusCode::OK),
        Err(errors) => (
            ChronologyFilter::default(),
            error_values(&errors),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
    };
    let (family, withheld) = if filter.include_family {
        family_the_viewer_may_open(state, permitted).await?
    } else {
        (Vec::new(), 0)
    };
    let view = state
        .store
        .chronology_view(&permitted.access, &filter, &family)
        .await?;
    // The times in UK words here, once, so the template's loop over up to hundreds of rows
    // calls no filter and serialises five plain fields a row.
    let lines: Vec<LineView> = view
        .lines
        .into_iter()
        .map(|line| {
            let words = LineWords::of(&line.entry);
            LineView {
                when: words.when,
                whose: line.whose,
                significant: line.entry.significant,
                summary: line.entry.summary,
                recorded: words.recorded,
            }
        })
        .collect();
    let kinds: Vec<Value> = view
        .kinds
        .iter()
        .map(|k| context! { value => k, text => wording::kind_label(k), selected => filter.kind.as_deref() == Some(k.as_str()) })
        .collect();
    let values = context! {
        child_id => child.0,
        child_name => name,
        query => render::value(&query),
        kinds,
        narrowed => filter.is_narrowed() || filter.include_family,
        family_shown => family.iter().map(|f| format!("{} ({})", f.member.name, f.member.relationship)).collect::<Vec<_>>(),
        family_withheld => withheld,
        include_family => filter.include_family,
        lines => render::value(&lines),
        total => view.total,
        printed_at => render::value(permitted.access.actor().at),
        printed_by => viewer.display_name.as_str(),
        may_add => permitted.also_allows(Action::AddToRecord),
        ..errors
    };
    render::page_with_status(
        state,
        ctx,
        Some(viewer),
        "",
        "pages/chronology.html",
        values,
        status,
    )
}

/// One line of the chronology as the page shows it.
#[derive(Serialize)]
struct LineView {
    when: String,
    whose: Option<String>,
    significant: bool,
    summary: String,
    /// Who recorded it, and when if that was more than a day from when it happened.
    recorded: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct EntryForm {
    #[serde(skip_serializing)]
    csrf_token: String,
    occurred_day: String,
    occurred_month: String,
    occurred_year: String,
    occurred_time: String,
    summary: String,
    /// "yes" when ticked.
    significant: String,
}

fn entry_page(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
    child: PersonId,
    form: &EntryForm,
    errors: Value,
    status: StatusCode,
) -> WebResult<Response> {
    render::page_with_status(
        state,
        ctx,
        Some(viewer),
        "",
        "case_notes/new_entry.html",
        context! { child_id => child.0, form => render::value(form), ..errors },
        status,
    )
}

pub async fn entry_form(
    State(state): State<AppState>,
    checked: Checked<ToAdd>,
) -> WebResult<Response> {
    let form = EntryForm {
        significant: "yes".into(),
        ..EntryForm::default()
    };
    entry_page(
        &state,
        &checked.ctx,
        &checked.viewer,
        checked.child(),
        &form,
        Value::UNDEFINED,
        StatusCode::OK,
    )
}

/// Adds a significant event to the chronology by hand (the foundation's one write path).
pub async fn add_entry(
    State(state): State<AppState>,
    State(records): State<Arc<dyn Records>>,
    checked: Checked<ToAdd>,
    FormInput(form): FormInput<EntryForm>,
) -> WebResult<Response> {
    let child = checked.child();
    csrf::check(&checked.viewer.csrf_token, &form.csrf_token)?;
    let mut errors = journey_domain::validation::FieldErrors::new();
    let occurred_on = date_from_parts(
        &mut errors,
        "occurred_on",
        "The date of the event",
        &form.occurred_day,
        &form.occurred_month,
        &form.occurred_year,
    );
    let parsed = SignificantEvent::parse(
        occurred_on,
        &form.occurred_time,
        &form.summary,
        form.significant == "yes",
        state.clock.now(),
    );
    let event = match parsed {
        Ok(event) if errors.is_empty() => event,
        other => {
            if let Err(more) = other {
                errors.merge(more);
            }
            return entry_page(
                &state,
                &checked.ctx,
                &checked.viewer,
                child,
                &form,
                error_values(&errors),
                StatusCode::UNPROCESSABLE_ENTITY,
            );
        }
    };
    records
        .add_chronology_entry(
            checked.access(),
            &NewChronologyEntry {
                occurred_at: event.occurred_at,
                summary: event.summary,
                significant: event.significant,
            },
        )
        .await?;
    Ok(Redirect::to(&format!("/children/{child}/chronology")).into_response())
}
