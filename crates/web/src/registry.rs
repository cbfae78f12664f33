//! Every capability, declared once: its pages, its API operations, its templates, its part of
//! the child's record and its items on the home page. The router, the OpenAPI document, the
//! template environment, the record page and the home page are all built from [`CAPABILITIES`],
//! so a new capability is one entry here (and its demo data one entry in the demo's list, which
//! a test holds to this one) rather than an edit to each of them.
//!
//! `docs/architecture.md` ("Adding a capability") walks through adding one.

use std::future::Future;
use std::pin::Pin;

use axum::Router;
use minijinja::Value;
use utoipa_axum::router::OpenApiRouter;

use crate::access::Permitted;
use crate::auth::Viewer;
use crate::context::RequestContext;
use crate::error::WebResult;
use crate::state::AppState;
use crate::{api, pages};

/// What a panel loader returns: the values its template renders.
pub type Loading<'a> = Pin<Box<dyn Future<Output = WebResult<Value>> + Send + 'a>>;

/// Loads a capability's part of the child's record, under the record page's own access record
/// (the proof in `Permitted` is the record page's).
pub type LoadRecordPanel =
    for<'a> fn(&'a AppState, &'a RequestContext, &'a Permitted) -> Loading<'a>;

/// Loads a capability's items for the signed-in member of staff's home page (work waiting for
/// them); `Value::UNDEFINED` when there is nothing for their role.
pub type LoadHomePanel = for<'a> fn(&'a AppState, &'a RequestContext, &'a Viewer) -> Loading<'a>;

/// Where on the record page a capability's panel goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Above everything else: what must not be missed (a sibling adopted, for example).
    Top,
    /// Under the child's summary, beside the people in the child's life.
    Summary,
    /// Below the summary, before the chronology, in the order declared.
    Body,
}

impl Place {
    pub const ALL: [Place; 3] = [Place::Top, Place::Summary, Place::Body];

    /// The name the record page's template loops over (`places.top` and so on).
    pub fn key(self) -> &'static str {
        match self {
            Place::Top => "top",
            Place::Summary => "summary",
            Place::Body => "body",
        }
    }
}

/// A capability's part of the child's record: loaded by `load`, rendered by the template
/// `record/<name>.html` as `panels.<name>`.
pub struct RecordPanel {
    pub place: Place,
    pub load: LoadRecordPanel,
}

/// One capability's declaration.
pub struct Capability {
    /// Its name, in snake case: its modules, its templates' folder and its panels are named by it.
    pub name: &'static str,
    /// Its pages' routes.
    pub pages: fn() -> Router<AppState>,
    /// Its API operations, each documented on its handler (nested under `/api`).
    pub api: fn() -> OpenApiRouter<AppState>,
    /// Its templates: (name, source).
    pub templates: &'static [(&'static str, &'static str)],
    /// Its part of the child's record page, if it has one.
    pub record_panel: Option<RecordPanel>,
    /// Its work-list items on the home page (template `home/<name>.html`), if it has any.
    pub home_panel: Option<LoadHomePanel>,
}

/// Every capability, in the order their panels appear within each place on the record page.
pub const CAPABILITIES: &[Capability] = &[
    Capability {
        name: "person_details",
        pages: pages::person_details::routes,
        api: api::person_details::routes,
        templates: pages::person_details::TEMPLATES,
        record_panel: Some(RecordPanel {
            place: Place::Summary,
            load: |state, ctx, permitted| {
                Box::pin(pages::person_details::record_panel(state, ctx, permitted))
            },
        }),
        home_panel: None,
    },
    Capability {
        name: "families",
        pages: pages::families::routes,
        api: api::families::routes,
        templates: pages::families::TEMPLATES,
        record_panel: Some(RecordPanel {
            place: Place::Top,
            load: |state, ctx, permitted| {
                Box::pin(pages::families::record_panel(state, ctx, permitted))
            },
        }),
        home_panel: Some(|state, ctx, viewer| {
            Box::pin(pages::families::proposals::home_panel(state, ctx, viewer))
        }),
    },
    Capability {
        name: "front_door",
        pages: pages::front_door::routes,
        api: api::front_door::routes,
        templates: pages::front_door::TEMPLATES,
        record_panel: Some(RecordPanel {
            place: Place::Body,
            load: |state, ctx, permitted| {
                Box::pin(pages::front_door::record_panel(state, ctx, permitted))
            },
        }),
        home_panel: Some(|state, ctx, viewer| {
            Box::pin(pages::front_door::home_panel(state, ctx, viewer))
        }),
    },
    Capability {
        name: "assessments",
        pages: pages::assessments::routes,
        api: api::assessments::routes,
        templates: pages::assessments::TEMPLATES,
        record_panel: Some(RecordPanel {
            place: Place::Body,
            load: |state, ctx, permitted| {
                Box::pin(pages::assessments::record_panel(state, ctx, permitted))
            },
        }),
        home_panel: Some(|state, ctx, viewer| {
            Box::pin(pages::assessments::home_panel(state, ctx, viewer))
        }),
    },
    Capability {
        name: "child_protection",
        pages: pages::child_protection::routes,
        api: api::child_protection::routes,
        templates: pages::child_protection::TEMPLATES,
        record_panel: Some(RecordPanel {
            place: Place::Body,
            load: |state, ctx, permitted| {
                Box::pin(pages::child_protection::record_panel(state, ctx, permitted))
            },
        }),
        home_panel: Some(|state, ctx, viewer| {
            Box::pin(pages::child_protection::home_panel(state, ctx, viewer))
        }),
    },
    Capability {
        name: "babies",
        pages: pages::babies::routes,
        api: api::babies::routes,
        templates: pages::babies::TEMPLATES,
        record_panel: Some(RecordPanel {
            place: Place::Top,
            load: |state, ctx, permitted| {
                Box::pin(pages::babies::record_panel(state, ctx, permitted))
            },
        }),
        home_panel: Some(|state, ctx, viewer| {
            Box::pin(pages::babies::home_panel(state, ctx, viewer))
        }),
    },
    Capability {
        name: "case_notes",
        pages: pages::case_notes::routes,
        api: api::case_notes::routes,
        templates: pages::case_notes::TEMPLATES,
        record_panel: Some(RecordPanel {
            place: Place::Body,
            load: |state, ctx, permitted| {
                Box::pin(pages::case_notes::record_panel(state, ctx, permitted))
            },
        }),
        home_panel: Some(|state, ctx, viewer| {
            Box::pin(pages::case_notes::home_panel(state, ctx, viewer))
        }),
    },
    Capability {
        name: "allocations",
        pages: pages::allocations::routes,
        api: api::allocations::routes,
        templates: pages::allocations::TEMPLATES,
        record_panel: Some(RecordPanel {
            place: Place::Summary,
            load: |state, ctx, permitted| {
                Box::pin(pages::allocations::record_panel(state, ctx, permitted))
            },
        }),
        home_panel: Some(|state, ctx, viewer| {
            Box::pin(pages::allocations::home_panel(state, ctx, viewer))
        }),
    },
    Capability {
        name: "caseloads",
        pages: pages::caseloads::routes,
        api: api::caseloads::routes,
        templates: pages::caseloads::TEMPLATES,
        record_panel: None,
        home_panel: Some(|state, ctx, viewer| {
            Box::pin(pages::caseloads::home_panel(state, ctx, viewer))
        }),
    },
    Capability {
        name: "access",
        pages: pages::access::routes,
        api: api::access::routes,
        templates: pages::access::TEMPLATES,
        record_panel: Some(RecordPanel {
            place: Place::Top,
            load: |state, ctx, permitted| {
                Box::pin(pages::access::record_panel(state, ctx, permitted))
            },
        }),
        home_panel: Some(|state, ctx, viewer| {
            Box::pin(pages::access::home_panel(state, ctx, viewer))
        }),
    },
];

/// Every capability's record panel, loaded one after another (they share the record page's
/// connection budget), as `panels` (by name) and `places` (the names in each place, in order).
pub async fn record_panels(
    state: &AppState,
    ctx: &RequestContext,
    permitted: &Permitted,
) -> WebResult<(Value, Value)> {
    let mut panels = Vec::new();
    let mut places: Vec<(&str, Vec<&str>)> = Place::ALL.iter().map(|p| (p.key(), vec![])).collect();
    for capability in CAPABILITIES {
        let Some(panel) = &capability.record_panel else {
            continue;
        };
        panels.push((capability.name, (panel.load)(state, ctx, permitted).await?));
        if let Some((_, names)) = places.iter_mut().find(|(key, _)| *key == panel.place.key()) {
            names.push(capability.name);
        }
    }
    Ok((
        Value::from_pairs(panels),
        Value::from_pairs(places.into_iter().map(|(k, v)| (k, Value::from(v)))),
    ))
}

/// Every capability's home-page items for this member of staff, as `panels` (by name) and
/// `shown` (the names, in order, of those with something to show).
pub async fn home_panels(
    state: &AppState,
    ctx: &RequestContext,
    viewer: &Viewer,
) -> WebResult<(Value, Value)> {
    let mut panels = Vec::new();
    let mut shown = Vec::new();
    for capability in CAPABILITIES {
        let Some(load) = capability.home_panel else {
            continue;
        };
        let value = load(state, ctx, viewer).await?;
        if !value.is_undefined() {
            shown.push(capability.name);
        }
        panels.push((capability.name, value));
    }
    Ok((Value::from_pairs(panels), Value::from(shown)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each capability's record and home templates are among its own templates, so a panel
    /// cannot be declared without the template that renders it.
    #[test]
    fn every_declared_panel_has_its_template() {
        for capability in CAPABILITIES {
            let has = |name: String| capability.templates.iter().any(|(t, _)| *t == name);
            if capability.record_panel.is_some() {
                assert!(
                    has(format!("record/{}.html", capability.name)),
                    "{}",
                    capability.name
                );
            }
            if capability.home_panel.is_some() {
                assert!(
                    has(format!("home/{}.html", capability.name)),
                    "{}",
                    capability.name
                );
            }
        }
    }

    #[test]
    fn capability_names_are_unique() {
        let mut names: Vec<_> = CAPABILITIES.iter().map(|c| c.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), CAPABILITIES.len());
    }
}
