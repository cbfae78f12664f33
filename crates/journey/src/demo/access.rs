//! Demo data of the `access` capability (issue 10): a worker who opened a child's record of
//! another team by giving a reason (so two managers have a review waiting on their home
//! pages), and a record its team manager restricted as a high-profile case.

use journey_domain::staff::Role;
use journey_domain::wider_access::RestrictionReason;
use journey_store::{Actor, Store, StoreResult};

use super::authority::Authority;
use super::rng::Rng;

/// Adds this capability's demo data to an authority whose children are already imported.
pub async fn seed(
    store: &dyn Store,
    actor: &Actor,
    authority: &Authority,
    _rng: &mut Rng,
) -> StoreResult<()> {
    let today = actor.today();
    let mut teams: Vec<_> = authority.case_holders.iter().map(|(_, t)| *t).collect();
    teams.dedup();
    // A worker of the second team, and the children of the fourth (child protection).
    let (Some(&opener_team), Some(&other_team)) = (teams.get(1), teams.get(3)) else {
        return Ok(());
    };
    let Some(&(opener, _)) = authority
        .case_holders
        .iter()
        .find(|(_, t)| *t == opener_team)
    else {
        return Ok(());
    };
    let mut others = Vec::new();
    for (worker, _) in authority
        .case_holders
        .iter()
        .filter(|(_, t)| *t == other_team)
    {
        others.extend(store.caseload(*worker, today).await?);
    }
    let (Some(opened), Some(restricted)) = (others.first(), others.get(1)) else {
        return Ok(());
    };
    if let Some(as_opener) = super::staff_actor(store, opener, "demo:access", actor.at).await? {
        store
            .break_glass(
                &as_opener,
                opened.child,
                "Covering the duty rota: the child's brother is on my caseload and I need the current safety plan before a home visit today",
                None,
            )
            .await?;
    }
    let staff = store.staff_list().await?;
    let Some(manager) = staff
        .iter()
        .find(|s| s.role == Role::TeamManager && s.team == Some(other_team))
    else {
        return Ok(());
    };
    let Some(as_manager) = super::staff_actor(store, manager.id, "demo:access", actor.at).await?
    else {
        return Ok(());
    };
    let access = super::permitted(store, as_manager, restricted.child).await?;
    store
        .restrict(&access, RestrictionReason::HighProfile)
        .await?;
    Ok(())
}
