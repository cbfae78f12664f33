//! What every handler shares, and the parts of it a handler can take on their own.
//!
//! A handler takes the store capability it uses, not the whole store:
//! `State(notes): State<Arc<dyn CaseNotes>>` gives it the case notes and nothing else of the
//! database. Each `Arc<dyn Capability>` is the one store seen through that trait (trait
//! upcasting), so nothing is opened twice. Rendering a page still takes the [`AppState`].

use std::sync::Arc;

use axum::extract::FromRef;
use journey_domain::Clock;
use journey_store::{
    Allocations, Attention, Babies, BreakGlass, CaseNotes, Caseloads, ChildProtection, Directory,
    Families, FrontDoor, Merges, Oversight, PersonDetails, Records, RelationshipProposals,
    Restrictions, Sessions, Store,
};
use minijinja::Environment;

use crate::auth::password::PasswordHasher;
use crate::auth::throttle::SignInThrottle;
use crate::config::WebConfig;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<WebConfig>,
    pub templates: Arc<Environment<'static>>,
    pub passwords: Arc<PasswordHasher>,
    pub throttle: Arc<SignInThrottle>,
}

/// `State<Arc<dyn Capability>>` for each of the store's capabilities.
macro_rules! capabilities {
    ($($capability:ident),* $(,)?) => {$(
        impl FromRef<AppState> for Arc<dyn $capability> {
            fn from_ref(state: &AppState) -> Self {
                state.store.clone()
            }
        }
    )*};
}

capabilities!(
    Store,
    Directory,
    Sessions,
    Records,
    Oversight,
    PersonDetails,
    Families,
    Merges,
    RelationshipProposals,
    FrontDoor,
    CaseNotes,
    Allocations,
    ChildProtection,
    Caseloads,
    Babies,
    Attention,
    BreakGlass,
    Restrictions,
);

/// The clock alone, for handlers that need the time and no more of the state.
impl FromRef<AppState> for Arc<dyn Clock> {
    fn from_ref(state: &AppState) -> Self {
        state.clock.clone()
    }
}
