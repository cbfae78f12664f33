//! Demo and benchmark authorities: deterministic, fictional, and the same on both backends.

pub mod access;
pub mod allocations;
pub mod assessments;
pub mod authority;
pub mod babies;
pub mod case_notes;
pub mod caseloads;
pub mod child_protection;
pub mod children;
pub mod families;
pub mod front_door;
pub mod names;
pub mod person_details;
pub mod rng;

use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, TimeZone, Utc};
use journey_domain::staff::Role;
use journey_store::{Actor, Store, StoreResult};

pub use authority::Size;
pub use children::Plan;

/// The moment the demo authority's history runs up to: fixed, so every run is the same.
pub fn reference_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 2, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// The access check's proof for a demo member of staff acting on a child, as their pages
/// would get it: the demo acts through the same check as everyone else.
pub async fn permitted(
    store: &dyn Store,
    actor: Actor,
    child: journey_domain::ids::PersonId,
) -> StoreResult<journey_store::ChildAccess> {
    let who = actor.display_name().to_owned();
    journey_store::access::check(
        store,
        actor,
        child,
        journey_domain::access::Action::AddToRecord,
        None,
    )
    .await?
    .map(|permitted| permitted.access)
    .map_err(|_| journey_store::StoreError::Database(format!("demo: {who} may not act on {child}")))
}

/// The password every demo account shares. Demo data only: printed at start-up.
/// A demo member of staff as an actor at `at` (their role and name as recorded), for a
/// capability's demo data done by the people who would do it; `None` if there is no such staff.
pub async fn staff_actor(
    store: &dyn Store,
    staff: journey_domain::ids::StaffId,
    request_id: &str,
    at: DateTime<Utc>,
) -> StoreResult<Option<Actor>> {
    let everyone = store.staff_list().await?;
    Ok(everyone
        .iter()
        .find(|s| s.id == staff)
        .map(|s| Actor::staff(s.id, s.role, s.display_name.clone(), request_id, at)))
}

pub const DEMO_PASSWORD: &str = "journey-demo-2026";

/// One account per role, to print for a newcomer.
pub struct DemoAccount {
    pub role: Role,
    pub username: String,
}

pub struct Seeded {
    pub accounts: Vec<DemoAccount>,
    pub children: usize,
    pub staff: usize,
}

/// A capability's demo data, added to an authority whose children are already imported.
pub type Seed = for<'a> fn(
    &'a dyn Store,
    &'a Actor,
    &'a authority::Authority,
    &'a mut rng::Rng,
) -> Pin<Box<dyn Future<Output = StoreResult<()>> + Send + 'a>>;

/// Each capability's demo data, by the name it is declared under in `journey_web::registry`
/// (a test holds the two lists to each other), in the order they are added.
pub const SEEDS: &[(&str, Seed)] = &[
    ("person_details", |s, a, au, r| {
        Box::pin(person_details::seed(s, a, au, r))
    }),
    ("families", |s, a, au, r| {
        Box::pin(families::seed(s, a, au, r))
    }),
    ("front_door", |s, a, au, r| {
        Box::pin(front_door::seed(s, a, au, r))
    }),
    ("case_notes", |s, a, au, r| {
        Box::pin(case_notes::seed(s, a, au, r))
    }),
    ("allocations", |s, a, au, r| {
        Box::pin(allocations::seed(s, a, au, r))
    }),
    ("child_protection", |s, a, au, r| {
        Box::pin(child_protection::seed(s, a, au, r))
    }),
    ("caseloads", |s, a, au, r| {
        Box::pin(caseloads::seed(s, a, au, r))
    }),
    ("babies", |s, a, au, r| Box::pin(babies::seed(s, a, au, r))),
    ("assessments", |s, a, au, r| {
        Box::pin(assessments::seed(s, a, au, r))
    }),
    ("access", |s, a, au, r| Box::pin(access::seed(s, a, au, r))),
];

/// Builds a whole authority into an empty store.
pub async fn seed(
    store: &dyn Store,
    size: &Size,
    plan: &Plan,
    password_hash: &str,
    showcase: bool,
    mut progress: impl FnMut(usize),
) -> StoreResult<Seeded> {
    let actor = Actor::system("demo", plan.reference);
    let mut rng = rng::Rng::new(2026);
    let authority = authority::build(store, &actor, size, password_hash, &mut rng).await?;
    let mut imported = 0;
    if showcase {
        store
            .import_children(
                &actor,
                &children::start_again_family(&authority, plan.reference),
            )
            .await?;
        imported += 2;
    }
    let families = children::families(&mut rng, &authority, plan);
    let mut batch = Vec::new();
    for family in families {
        batch.extend(family);
        // Families stay whole within one batch; batches of ~100 children keep commits short.
        if batch.len() >= 100 {
            store.import_children(&actor, &batch).await?;
            imported += batch.len();
            batch.clear();
            progress(imported);
        }
    }
    if !batch.is_empty() {
        store.import_children(&actor, &batch).await?;
        imported += batch.len();
        progress(imported);
    }
    if showcase {
        // The demo authority also shows each capability's own records.
        for (_, seed) in SEEDS {
            seed(store, &actor, &authority, &mut rng).await?;
        }
    }
    let accounts = Role::ALL
        .into_iter()
        .filter_map(|role| {
            authority
                .staff
                .iter()
                .find(|s| s.role == role)
                .map(|s| DemoAccount {
                    role,
                    username: s.username.clone(),
                })
        })
        .collect();
    Ok(Seeded {
        accounts,
        children: imported,
        staff: authority.staff.len(),
    })
}

#[cfg(test)]
mod tests {
    /// Every declared capability has its demo data and every demo seed belongs to a declared
    /// capability, so a newcomer's demo shows each one.
    #[test]
    fn every_capability_has_demo_data() {
        let declared: std::collections::BTreeSet<_> = journey_web::registry::CAPABILITIES
            .iter()
            .map(|c| c.name)
            .collect();
        let seeded: std::collections::BTreeSet<_> =
            super::SEEDS.iter().map(|(name, _)| *name).collect();
        assert_eq!(declared, seeded);
        assert_eq!(
            seeded.len(),
            super::SEEDS.len(),
            "a capability seeded twice"
        );
    }
}
