//! Demo data of the `allocations` capability (issue 10), done by the people who would do it:
//! two children recorded at the Front Door (MASH) by its senior social worker, one still
//! waiting in the team's unallocated list with a contact recorded and one allocated by the
//! team manager; in an assessment team, one child whose worker left (the allocation ended,
//! back in the team's list) and one transferred to another worker of the team.

use chrono::TimeDelta;
use journey_domain::access::Action;
use journey_domain::allocations::{AllocationChange, AllocationEnd, ChangeReason, Destination};
use journey_domain::caseloads::CaseloadPolicy;
use journey_domain::front_door::{NewContact, ReferralSource};
use journey_domain::ids::{PersonId, StaffId, TeamId};
use journey_domain::person::{NewChild, Sex};
use journey_domain::staff::Role;
use journey_store::{Actor, ChildAccess, StaffSummary, Store, StoreError, StoreResult};

use super::authority::Authority;
use super::rng::Rng;

/// The demo's manager's proof to allocate `child`, through the same check as anyone's.
async fn to_allocate(store: &dyn Store, actor: Actor, child: PersonId) -> StoreResult<ChildAccess> {
    let who = actor.display_name().to_owned();
    journey_store::access::check(store, actor, child, Action::Allocate, None)
        .await?
        .map(|permitted| permitted.access)
        .map_err(|_| StoreError::Database(format!("demo: {who} may not allocate {child}")))
}

fn member(staff: &[StaffSummary], team: TeamId, role: Role, nth: usize) -> Option<&StaffSummary> {
    staff
        .iter()
        .filter(|s| s.team == Some(team) && s.role == role)
        .nth(nth)
}

fn as_actor(who: &StaffSummary, at: chrono::DateTime<chrono::Utc>) -> Actor {
    Actor::staff(
        who.id,
        who.role,
        who.display_name.clone(),
        "demo:allocations",
        at,
    )
}

fn to_worker(worker: StaffId, reason: ChangeReason) -> AllocationChange {
    AllocationChange::new(Destination::Worker(worker), reason)
}

/// Adds this capability's demo data to an authority whose children are already imported.
pub async fn seed(
    store: &dyn Store,
    actor: &Actor,
    _authority: &Authority,
    _rng: &mut Rng,
) -> StoreResult<()> {
    let staff = store.staff_list().await?;
    let teams = store.teams().await?;
    let team = |name: &str| teams.iter().find(|t| t.name == name).map(|t| t.id);
    let (Some(front_door), Some(assessment)) =
        (team("Front Door (MASH)"), team("Assessment Team North"))
    else {
        return Ok(());
    };
    let earlier = actor.at - TimeDelta::days(2);

    // At the front door: the senior social worker records two children, which land in the
    // team's unallocated list; the manager allocates one of them to a social worker.
    let (Some(senior), Some(manager), Some(worker)) = (
        member(&staff, front_door, Role::SeniorSocialWorker, 0),
        member(&staff, front_door, Role::TeamManager, 0),
        member(&staff, front_door, Role::SocialWorker, 1),
    ) else {
        return Ok(());
    };
    let recorder = as_actor(senior, earlier);
    let waiting = store
        .register_unallocated(
            &recorder,
            &NewChild {
                given_name: "Leo".into(),
                family_name: "Fairbairn".into(),
                date_of_birth: chrono::NaiveDate::from_ymd_opt(2018, 5, 21),
                expected_date_of_birth: None,
                sex: Sex::Male,
            },
            front_door,
        )
        .await?;
    let access = super::permitted(store, recorder.clone(), waiting).await?;
    store
        .record_contact(
            &access,
            &NewContact {
                received_at: earlier - TimeDelta::hours(1),
                source: ReferralSource::School,
                referrer_name: "Amira Hussain".into(),
                referrer_role: "Designated safeguarding lead".into(),
                concerns: "Leo has come to school hungry most days this half term and says there is no one at home in the evenings.".into(),
            },
        )
        .await?;
    let allocated = store
        .register_unallocated(
            &recorder,
            &NewChild {
                given_name: "Maisie".into(),
                family_name: "Crowther".into(),
                date_of_birth: chrono::NaiveDate::from_ymd_opt(2015, 1, 9),
                expected_date_of_birth: None,
                sex: Sex::Female,
            },
            front_door,
        )
        .await?;
    let access = to_allocate(store, as_actor(manager, actor.at), allocated).await?;
    store
        .change_allocation(
            &access,
            &to_worker(worker.id, ChangeReason::FirstContact),
            &CaseloadPolicy::DEFAULT,
        )
        .await?;

    // In an assessment team: a worker left, so one of their children goes back to the team's
    // list; another of their children is transferred to a colleague.
    let (Some(manager), Some(leaving), Some(colleague)) = (
        member(&staff, assessment, Role::TeamManager, 0),
        member(&staff, assessment, Role::SocialWorker, 0),
        member(&staff, assessment, Role::SocialWorker, 1),
    ) else {
        return Ok(());
    };
    let caseload = store.caseload(leaving.id, actor.today()).await?;
    let mut children = caseload.iter().map(|c| c.child);
    if let Some(child) = children.next() {
        let access = to_allocate(store, as_actor(manager, actor.at), child).await?;
        store
            .end_allocation(
                &access,
                &AllocationEnd {
                    reason: ChangeReason::LeftRole,
                },
            )
            .await?;
    }
    if let Some(child) = children.next() {
        let access = to_allocate(store, as_actor(manager, actor.at), child).await?;
        store
            .change_allocation(
                &access,
                &to_worker(colleague.id, ChangeReason::LeftRole),
                &CaseloadPolicy::DEFAULT,
            )
            .await?;
    }
    Ok(())
}
