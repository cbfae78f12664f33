//! Demo data of the `caseloads` capability (issue 12, part 3): in the team whose manager the
//! demo prints, a social worker brought to 30 weighted cases (over the limit of 25), so the
//! manager's home page names them; and a reviewing officer holding 102 children, as the
//! review that started Journey found one did (their team's manager sees it). The children are
//! imported with their allocation, as an authority's cases arrive from its old system.

use chrono::TimeDelta;
use journey_domain::caseloads::{CaseloadPolicy, Weighted};
use journey_domain::ids::{StaffId, TeamId};
use journey_domain::person::{NewChild, Sex};
use journey_domain::staff::Role;
use journey_store::{Actor, ImportedChild, Store, StoreResult};

use super::authority::Authority;
use super::names::{FAMILY, GIVEN_FEMALE, GIVEN_MALE};
use super::rng::Rng;

/// The worker's weighted caseload the demo brings them to.
const OVERLOADED_TO: Weighted = Weighted::cases(30);
/// Children the demo's busiest reviewing officer holds.
const OFFICER_HOLDS: u32 = 102;

fn child(rng: &mut Rng, actor: &Actor, unborn: bool) -> NewChild {
    let sex = if rng.chance(50) {
        Sex::Female
    } else {
        Sex::Male
    };
    let given = match sex {
        Sex::Female => GIVEN_FEMALE,
        _ => GIVEN_MALE,
    };
    let today = actor.today();
    NewChild {
        given_name: rng.pick(given).copied().unwrap_or("Sam").to_owned(),
        family_name: rng.pick(FAMILY).copied().unwrap_or("Smith").to_owned(),
        date_of_birth: (!unborn).then(|| today - TimeDelta::days(rng.below(15 * 365) as i64 + 30)),
        expected_date_of_birth: unborn.then(|| today + TimeDelta::days(rng.below(150) as i64 + 20)),
        sex: if unborn { Sex::NotKnown } else { sex },
    }
}

fn imported(
    child: NewChild,
    allocation: Option<(StaffId, TeamId, chrono::NaiveDate)>,
    reviewing_officer: Option<(StaffId, chrono::NaiveDate)>,
) -> ImportedChild {
    ImportedChild {
        child,
        relatives: Vec::new(),
        allocation,
        reviewing_officer,
        history: Vec::new(),
    }
}

/// Adds this capability's demo data to an authority whose children are already imported.
pub async fn seed(
    store: &dyn Store,
    actor: &Actor,
    authority: &Authority,
    rng: &mut Rng,
) -> StoreResult<()> {
    let staff = store.staff_list().await?;
    let Some(printed) = authority.staff.iter().find(|s| s.role == Role::TeamManager) else {
        return Ok(());
    };
    let Some(manager) = staff.iter().find(|s| s.username == printed.username) else {
        return Ok(());
    };
    let Some(team) = manager.team else {
        return Ok(());
    };
    let as_manager = Actor::staff(
        manager.id,
        manager.role,
        manager.display_name.clone(),
        "demo:caseloads",
        actor.at,
    );
    let since = actor.today() - TimeDelta::days(60);
    let mut batch = Vec::new();
    // The team's last social worker, so the printed worker's own caseload stays as it was.
    if let Some(worker) = staff
        .iter()
        .rev()
        .find(|s| s.team == Some(team) && s.role == Role::SocialWorker && !s.disabled)
    {
        let (held, _) = store.held_children(&as_manager, worker.id).await?;
        let policy = CaseloadPolicy::DEFAULT;
        let mut load = policy.weigh(&held.counts);
        let mut unborn = 0;
        while load < OVERLOADED_TO {
            // Two unborn babies among them, as pre-birth work weighs more.
            let is_unborn = unborn < 2 && OVERLOADED_TO.0 - load.0 >= policy.weights.unborn.0;
            unborn += u32::from(is_unborn);
            let weight = if is_unborn {
                policy.weights.unborn
            } else {
                policy.weights.child_in_need
            };
            load = Weighted(load.0 + weight.0);
            batch.push(imported(
                child(rng, actor, is_unborn),
                Some((worker.id, team, since)),
                None,
            ));
        }
    }
    // The last reviewing officer, so the printed one's home page stays short.
    if let Some(officer) = authority.reviewing_officers.last().copied()
        && let Some(officer_team) = staff.iter().find(|s| s.id == officer).and_then(|s| s.team)
        && let Some(officer_manager) = staff
            .iter()
            .find(|s| s.team == Some(officer_team) && s.role == Role::TeamManager)
    {
        let as_their_manager = Actor::staff(
            officer_manager.id,
            officer_manager.role,
            officer_manager.display_name.clone(),
            "demo:caseloads",
            actor.at,
        );
        let (held, _) = store.held_children(&as_their_manager, officer).await?;
        for _ in held.counts.children()..OFFICER_HOLDS {
            batch.push(imported(
                child(rng, actor, false),
                None,
                Some((officer, since)),
            ));
        }
    }
    store.import_children(actor, &batch).await
}
