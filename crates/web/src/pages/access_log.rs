//! Reading the access records back: "who has viewed this record" on a child's record, and the
//! auditor's "searches, lists and refusals" (the records about no one child). Both page through
//! every entry, newest first, with filters by person and by what was done, as GET parameters
//! that the page links keep, so no entry can be pushed out of reach by newer ones.

use std::sync::Arc;

use axum::Extension;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use journey_domain::access::Capability;
use journey_domain::ids::StaffId;
use journey_domain::validation::FieldErrors;
use journey_store::{
    AccessKind, AccessLogEntry, AccessLogPage, AccessLogQuery, Directory, Oversight,
};
use minijinja::{Value, context};
use serde::Serialize;

use crate::access::{Checked, ToReadAccessLog};
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::{WebError, WebResult};
use crate::forms::error_values;
use crate::render;
use crate::state::AppState;

/// How many access records a page shows.
pub const PER_PAGE: u32 = 50;

/// What a child's log can be narrowed to, in the order offered.
const CHILD_KINDS: [AccessKind; 6] = [
    AccessKind::ViewedRecord,
    AccessKind::ViewedChronology,
    AccessKind::ViewedAccessLog,
    AccessKind::SeenInFamilyHistory,
    AccessKind::AppearedInSearch,
    AccessKind::Refused,
];

/// What the records about no one child can be narrowed to.
const BEYOND_KINDS: [AccessKind; 4] = [
    AccessKind::SearchResults,
    AccessKind::ListShown,
    AccessKind::Refused,
    AccessKind::ViewedAccessLog,
];

/// A filter's value is not one of its choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("not one of the filter's choices")]
pub struct NotAChoice;

/// The filters as the query string gave them (the first of each, if given more than once).
/// Read by hand, so that no query string, however odd, is refused before each value gets its
/// own answer.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Filters {
    pub person: String,
    pub kind: String,
    pub page: String,
}

impl Filters {
    pub fn from_query(raw: Option<&str>) -> Filters {
        Filters::from_query_naming(raw, "person")
    }

    /// The same, with the person filter under another name (the API's `staff`).
    pub fn from_query_naming(raw: Option<&str>, person: &str) -> Filters {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or_default()).unwrap_or_default();
        let first = |name: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == name)
                .map(|(_, value)| value.trim().to_owned())
                .unwrap_or_default()
        };
        Filters {
            person: first(person),
            kind: first("kind"),
            page: first("page"),
        }
    }

    /// The person filter: `Err` when it is not a staff number.
    pub fn person(&self) -> Result<Option<StaffId>, NotAChoice> {
        match self.person.as_str() {
            "" => Ok(None),
            text => text
                .parse::<i64>()
                .map(|id| Some(StaffId(id)))
                .map_err(|_| NotAChoice),
        }
    }

    /// The kind filter: `Err` when it is not one of `offered`.
    pub fn kind(&self, offered: &[AccessKind]) -> Result<Option<AccessKind>, NotAChoice> {
        match self.kind.as_str() {
            "" => Ok(None),
            code => AccessKind::from_code(code)
                .filter(|kind| offered.contains(kind))
                .map(Some)
                .ok_or(NotAChoice),
        }
    }

    /// The page asked for: `None` when it is not a whole number from 1.
    pub fn page(&self) -> Option<u32> {
        match self.page.as_str() {
            "" => Some(1),
            text => text.parse::<u32>().ok().filter(|page| *page >= 1),
        }
    }

    /// The query a page reads: a filter that is not one of the choices gets a message at its
    /// field and is left out (the others still apply); a page that is not a whole number from 1
    /// reads the first, and one past the last reads the last.
    fn query(&self, kinds: &[AccessKind]) -> (AccessLogQuery, FieldErrors) {
        let mut errors = FieldErrors::new();
        let staff = self.person().unwrap_or_else(|NotAChoice| {
            errors.add("person", "Choose a person from the list");
            None
        });
        let kind = self.kind(kinds).unwrap_or_else(|NotAChoice| {
            errors.add("kind", "Choose what was done from the list");
            None
        });
        let query = AccessLogQuery {
            staff,
            kind,
            page: self.page().unwrap_or(1),
            per_page: PER_PAGE,
        };
        (query, errors)
    }
}

/// The GOV.UK pagination component's parameters for `log`, each link keeping the filters
/// applied; undefined when everything fits on one page.
fn pagination(path: &str, query: &AccessLogQuery, log: &AccessLogPage) -> Value {
    if log.pages <= 1 {
        return Value::UNDEFINED;
    }
    let href = |page: u32| {
        let mut pairs: Vec<(&str, String)> = Vec::new();
        if let Some(staff) = query.staff {
            pairs.push(("person", staff.0.to_string()));
        }
        if let Some(kind) = query.kind {
            pairs.push(("kind", kind.code().to_owned()));
        }
        pairs.push(("page", page.to_string()));
        // Only digits and the kinds' own codes: encoding cannot fail.
        format!(
            "{path}?{}",
            serde_urlencoded::to_string(&pairs).unwrap_or_default()
        )
    };
    // The first, the last, and the pages either side of this one; "…" for the gaps.
    let mut items = Vec::new();
    let mut last_shown = 0;
    for number in 1..=log.pages {
        let near = number.abs_diff(log.page) <= 1;
        if number == 1 || number == log.pages || near {
            if number > last_shown + 1 {
                items.push(context! { ellipsis => true });
            }
            items.push(context! {
                number,
                href => href(number),
                current => number == log.page,
            });
            last_shown = number;
        }
    }
    context! {
        previous => (log.page > 1).then(|| context! { href => href(log.page - 1) }),
        next => (log.page < log.pages).then(|| context! { href => href(log.page + 1) }),
        items,
    }
}

/// The filter form's values: the choices and what is chosen.
fn filter_form(
    query: &AccessLogQuery,
    people: &[(StaffId, String)],
    kinds: &[(AccessKind, &'static str)],
) -> Value {
    let mut person_items = vec![context! { value => "", text => "Anyone" }];
    person_items.extend(
        people
            .iter()
            .map(|(id, name)| context! { value => id.0.to_string(), text => name }),
    );
    let mut kind_items = vec![context! { value => "", text => "Anything" }];
    kind_items.extend(
        kinds
            .iter()
            .map(|(kind, label)| context! { value => kind.code(), text => *label }),
    );
    context! {
        person => query.staff.map(|s| s.0.to_string()).unwrap_or_default(),
        kind => query.kind.map(AccessKind::code).unwrap_or_default(),
        person_items,
        kind_items,
        filtered => query.staff.is_some() || query.kind.is_some(),
    }
}

#[derive(Serialize)]
struct ChildLogRow {
    occurred_at: chrono::DateTime<chrono::Utc>,
    staff_name: String,
    label: &'static str,
    relationship_label: &'static str,
    /// The reason given, where the access needed one (screening a contact, break-glass).
    reason: Option<String>,
}

impl From<AccessLogEntry> for ChildLogRow {
    fn from(e: AccessLogEntry) -> Self {
        ChildLogRow {
            occurred_at: e.occurred_at,
            staff_name: e.staff_name,
            label: e.kind.label(),
            relationship_label: e.relationship.map_or("No relationship", |r| r.label()),
            reason: e.reason,
        }
    }
}

/// GET /children/{child}/viewed-by: who has viewed this record (managers in the line and
/// auditors). Reading it is itself recorded, and is the first entry of its first page.
pub async fn viewed_by(
    State(state): State<AppState>,
    State(oversight): State<Arc<dyn Oversight>>,
    checked: Checked<ToReadAccessLog>,
    RawQuery(raw): RawQuery,
) -> WebResult<Response> {
    // "Not found" for a child who does not exist (auditors pass the check for any id).
    let child = state.store.child_details(checked.access()).await?;
    let (query, mut errors) = Filters::from_query(raw.as_deref()).query(&CHILD_KINDS);
    let log = oversight.access_log(checked.access(), &query).await?;
    if let Some(staff) = query.staff
        && !log.people.iter().any(|(id, _)| *id == staff)
    {
        errors.add("person", "Choose a person from the list");
    }
    let path = format!("/children/{}/viewed-by", checked.child().0);
    let kinds: Vec<_> = CHILD_KINDS.iter().map(|k| (*k, k.label())).collect();
    let values = context! {
        child_id => checked.child().0,
        child_name => format!("{} {}", child.given_name, child.family_name),
        path => &path,
        filters => filter_form(&query, &log.people, &kinds),
        pagination => pagination(&path, &query, &log),
        page => log.page,
        pages => log.pages,
        per_page => PER_PAGE,
        total => log.total,
        entries => render::value(log.entries.into_iter().map(ChildLogRow::from).collect::<Vec<_>>()),
        ..error_values(&errors)
    };
    render::page_with_status(
        &state,
        &checked.ctx,
        Some(&checked.viewer),
        "",
        "pages/viewed_by.html",
        values,
        status(&errors),
    )
}

fn status(errors: &FieldErrors) -> StatusCode {
    if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    }
}

#[derive(Serialize)]
struct BeyondRow {
    occurred_at: chrono::DateTime<chrono::Utc>,
    staff_name: String,
    role: String,
    what: String,
    /// The Journey IDs a list showed, in its order.
    people_shown: Vec<i64>,
    is_list: bool,
}

/// What an access record about no one child says was done, in words.
fn what_was_done(entry: &AccessLogEntry) -> String {
    match entry.kind {
        AccessKind::ListShown => format!("{}: {}", entry.kind.label(), entry.detail),
        AccessKind::Refused => match Capability::from_code(&entry.detail) {
            Some(capability) => format!("Was refused: {}", capability.label()),
            None => entry.kind.label().to_owned(),
        },
        AccessKind::ViewedAccessLog => BEYOND_LOG.to_owned(),
        other => other.label().to_owned(),
    }
}

/// The auditor's reading of this page, in words.
const BEYOND_LOG: &str = "Looked at searches, lists and refusals";

impl From<AccessLogEntry> for BeyondRow {
    fn from(e: AccessLogEntry) -> Self {
        BeyondRow {
            what: what_was_done(&e),
            occurred_at: e.occurred_at,
            role: journey_domain::staff::Role::from_code(&e.role)
                .map_or_else(|| e.role.clone(), |r| r.label().to_owned()),
            staff_name: e.staff_name,
            people_shown: e.people_shown.into_iter().map(|p| p.0).collect(),
            is_list: e.kind.is_list(),
        }
    }
}

/// GET /access-records: the access records about no one child's record (search result lists,
/// lists of children, refused attempts at role-wide abilities), for auditors. Reading it is
/// recorded; anyone else is refused, and that is recorded too.
pub async fn beyond_records(
    State(state): State<AppState>,
    State(oversight): State<Arc<dyn Oversight>>,
    State(directory): State<Arc<dyn Directory>>,
    Extension(ctx): Extension<RequestContext>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> WebResult<Response> {
    let (query, mut errors) = Filters::from_query(raw.as_deref()).query(&BEYOND_KINDS);
    let Some(log) = oversight
        .access_beyond_records(&viewer.actor(&ctx, &state), &query)
        .await?
    else {
        return Err(WebError::Refused);
    };
    let people: Vec<(StaffId, String)> = directory
        .staff_list()
        .await?
        .into_iter()
        .map(|s| (s.id, s.display_name))
        .collect();
    if let Some(staff) = query.staff
        && !people.iter().any(|(id, _)| *id == staff)
    {
        errors.add("person", "Choose a person from the list");
    }
    let path = "/access-records";
    let kinds: Vec<_> = BEYOND_KINDS
        .iter()
        .map(|k| match k {
            AccessKind::ViewedAccessLog => (*k, BEYOND_LOG),
            AccessKind::Refused => (*k, "Was refused"),
            other => (*other, other.label()),
        })
        .collect();
    let values = context! {
        path,
        filters => filter_form(&query, &people, &kinds),
        pagination => pagination(path, &query, &log),
        page => log.page,
        pages => log.pages,
        per_page => PER_PAGE,
        total => log.total,
        entries => render::value(log.entries.into_iter().map(BeyondRow::from).collect::<Vec<_>>()),
        ..error_values(&errors)
    };
    render::page_with_status(
        &state,
        &ctx,
        Some(&viewer),
        path,
        "pages/access_records.html",
        values,
        status(&errors),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_take_the_first_of_each_and_never_refuse_a_query_string() {
        let f = Filters::from_query(Some("kind=refused&kind=x&person=%204%20&page=2&other=1"));
        assert_eq!(
            (f.kind.as_str(), f.person.as_str(), f.page.as_str()),
            ("refused", "4", "2")
        );
        assert_eq!(Filters::from_query(Some("%%%&&=")), Filters::default());
        assert_eq!(Filters::from_query(None), Filters::default());
    }

    #[test]
    fn a_bad_filter_is_a_message_at_its_field_and_a_bad_page_reads_the_first() {
        let f = Filters {
            person: "someone".into(),
            kind: "list_shown".into(),
            page: "two".into(),
        };
        let (query, errors) = f.query(&CHILD_KINDS);
        assert_eq!(query, AccessLogQuery::first(PER_PAGE));
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["person", "kind"]);
        let good = Filters {
            person: "4".into(),
            kind: "refused".into(),
            page: "3".into(),
        };
        let (query, errors) = good.query(&CHILD_KINDS);
        assert!(errors.is_empty());
        assert_eq!(
            (query.staff, query.kind, query.page),
            (Some(StaffId(4)), Some(AccessKind::Refused), 3)
        );
        assert_eq!(
            Filters {
                page: "0".into(),
                ..Filters::default()
            }
            .page(),
            None
        );
    }

    #[test]
    fn page_links_keep_the_filters_and_show_the_ends_and_the_neighbours() {
        let query = AccessLogQuery {
            staff: Some(StaffId(7)),
            kind: Some(AccessKind::Refused),
            page: 5,
            per_page: PER_PAGE,
        };
        let log = AccessLogPage {
            entries: Vec::new(),
            page: 5,
            pages: 9,
            total: 430,
            people: Vec::new(),
        };
        let value = pagination("/x", &query, &log);
        let json = serde_json::to_value(&value).unwrap_or_default();
        let numbers: Vec<String> = json["items"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| match i.get("number") {
                Some(n) => n.to_string(),
                None => "…".into(),
            })
            .collect();
        assert_eq!(numbers, ["1", "…", "4", "5", "6", "…", "9"]);
        assert_eq!(json["next"]["href"], "/x?person=7&kind=refused&page=6");
        assert_eq!(json["previous"]["href"], "/x?person=7&kind=refused&page=4");
        let one = AccessLogPage {
            pages: 1,
            page: 1,
            ..log
        };
        assert!(pagination("/x", &query, &one).is_undefined());
    }
}
