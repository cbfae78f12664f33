//! Rendering pages: the template environment and the values every page needs.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::access::{Capability, has_capability};
use minijinja::{Environment, Value, context};

use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::state::AppState;

pub const SERVICE_NAME: &str = "Journey";

/// The project's own page templates, embedded in the binary.
const PAGES: &[(&str, &str)] = &[
    ("page.html", include_str!("../templates/page.html")),
    (
        "pages/sign_in.html",
        include_str!("../templates/pages/sign_in.html"),
    ),
    (
        "pages/home.html",
        include_str!("../templates/pages/home.html"),
    ),
    (
        "pages/search.html",
        include_str!("../templates/pages/search.html"),
    ),
    (
        "pages/new_child.html",
        include_str!("../templates/pages/new_child.html"),
    ),
    (
        "pages/record.html",
        include_str!("../templates/pages/record.html"),
    ),
    (
        "pages/chronology.html",
        include_str!("../templates/pages/chronology.html"),
    ),
    (
        "pages/viewed_by.html",
        include_str!("../templates/pages/viewed_by.html"),
    ),
    (
        "pages/access_records.html",
        include_str!("../templates/pages/access_records.html"),
    ),
    (
        "pages/access_filters.html",
        include_str!("../templates/pages/access_filters.html"),
    ),
    (
        "pages/staff.html",
        include_str!("../templates/pages/staff.html"),
    ),
    (
        "pages/staff_disable.html",
        include_str!("../templates/pages/staff_disable.html"),
    ),
    (
        "pages/staff_new.html",
        include_str!("../templates/pages/staff_new.html"),
    ),
    (
        "pages/teams.html",
        include_str!("../templates/pages/teams.html"),
    ),
    (
        "pages/error.html",
        include_str!("../templates/pages/error.html"),
    ),
];

pub fn environment() -> Result<Environment<'static>, minijinja::Error> {
    let mut env = journey_govuk::environment()?;
    let capabilities = crate::registry::CAPABILITIES.iter().map(|c| c.templates);
    for (name, source) in PAGES.iter().chain(capabilities.flatten()) {
        env.add_template(name, source)?;
    }
    env.add_filter("long_date", long_date);
    env.add_filter("date_time", date_time);
    env.add_filter("relationship", relationship);
    Ok(env)
}

/// "2026-02-14" → "14 February 2026", the GOV.UK date style.
fn long_date(value: String) -> String {
    value
        .parse::<NaiveDate>()
        .map(journey_domain::uk_time::long_date)
        .unwrap_or(value)
}

/// A stored relationship kind ("half_sibling") in words ("Half-brother or half-sister").
fn relationship(code: String) -> String {
    journey_domain::families::kinds::RelationshipKind::from_code(&code)
        .map(|kind| kind.option_label().to_owned())
        .unwrap_or_else(|| code.replace('_', " "))
}

/// An RFC 3339 time → "14 February 2026, 09:05", in UK local time (GMT or BST).
fn date_time(value: String) -> String {
    DateTime::parse_from_rfc3339(&value)
        .map(|t| journey_domain::uk_time::long_date_time(t.with_timezone(&Utc)))
        .unwrap_or(value)
}

fn navigation(viewer: &Viewer, active: &str) -> Vec<Value> {
    let mut items = vec![("/", "My caseload")];
    if has_capability(viewer.role, Capability::SearchPeople) {
        items.push(("/search", "Find a child"));
    }
    if has_capability(viewer.role, Capability::RegisterPeople) {
        items.push(("/children/new", "Record a new child"));
    }
    if has_capability(viewer.role, Capability::ReadAccessRecords) {
        items.push(("/access-records", "Searches, lists and refusals"));
    }
    if has_capability(viewer.role, Capability::ViewCaseloads) {
        items.push(("/caseloads", "Caseloads"));
    }
    if has_capability(viewer.role, Capability::ManageAccounts) {
        items = vec![
            ("/admin/staff", "Staff accounts"),
            ("/admin/teams", "Teams"),
        ];
    }
    items
        .into_iter()
        .map(|(href, text)| context! { href, text, active => href == active })
        .collect()
}

/// Renders a page inside the layout, with the viewer's header and navigation.
pub fn page(
    state: &AppState,
    ctx: &RequestContext,
    viewer: Option<&Viewer>,
    active: &str,
    template: &str,
    values: Value,
) -> WebResult<Response> {
    page_with_status(state, ctx, viewer, active, template, values, StatusCode::OK)
}

pub fn page_with_status(
    state: &AppState,
    ctx: &RequestContext,
    viewer: Option<&Viewer>,
    active: &str,
    template: &str,
    values: Value,
    status: StatusCode,
) -> WebResult<Response> {
    let common = context! {
        csp_nonce => ctx.csp_nonce.as_str(),
        service_name => SERVICE_NAME,
        council_name => state.config.council_name.as_str(),
        viewer => viewer.map(|v| context! { display_name => v.display_name.as_str(), role_label => v.role.label() }),
        sign_out => viewer.map(|v| context! { action => "/sign-out", csrf_token => v.csrf_token.as_str() }),
        csrf_token => viewer.map(|v| v.csrf_token.clone()),
        navigation => viewer.map(|v| navigation(v, active)),
        request_id => ctx.request_id.as_str(),
    };
    let html = state
        .templates
        .get_template(template)?
        .render(context! { ..values, ..common })?;
    Ok((status, Html(html)).into_response())
}

/// The page for an error. Falls back to plain text if even the template fails.
pub fn error_page(
    state: &AppState,
    ctx: &RequestContext,
    error: &WebError,
    viewer: Option<&Viewer>,
) -> Response {
    let (title, message) = error.title_and_message();
    let break_glass = match error {
        WebError::RefusedRecord(child) => Some(child.0),
        _ => None,
    };
    let values = context! { title, message => message.as_str(), status => error.status().as_u16(), request_id => ctx.request_id.as_str(), break_glass };
    page_with_status(
        state,
        ctx,
        viewer,
        "",
        "pages/error.html",
        values,
        error.status(),
    )
    .unwrap_or_else(|e| {
        tracing::error!(error = %e, "error page could not be rendered");
        (error.status(), format!("{title}\n\n{message}\n")).into_response()
    })
}

/// Any serialisable value, for a template.
pub fn value<T: serde::Serialize>(value: T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

#[cfg(test)]
mod tests {
    use super::PAGES;

    /// On a phone each table row becomes stacked cells led by their column's name (the
    /// stylesheet's `data-label`), so a cell without one would lose its heading there.
    #[test]
    fn every_table_cell_names_its_column_for_phones() {
        let capabilities = crate::registry::CAPABILITIES.iter().map(|c| c.templates);
        for (name, source) in PAGES.iter().chain(capabilities.flatten()) {
            for cell in source.split("<td").skip(1) {
                let tag = cell.split('>').next().unwrap_or_default();
                if tag.contains("govuk-table__cell") {
                    assert!(tag.contains("data-label="), "{name}: <td{tag}>");
                }
            }
        }
    }
}
