//! Demo data of the `babies` capability (issue 11, part 8), in the team whose manager the demo
//! prints, so a newcomer signing in as that manager sees both in the queue: an unborn baby at
//! 26 weeks with no pre-birth conference booked, and a baby born on a record begun before the
//! birth, due to leave hospital in 3 working days with the discharge plan unsigned.
//!
//! The demo is served on the real day while the rest of its data is dated from its reference
//! day, so these two are dated from the day the demo is seeded: otherwise "in 3 working days"
//! would have passed before anyone signed in.

use chrono::Days;
use journey_domain::babies::{Destination, NewDischargePlan};
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_domain::person_details::Birth;
use journey_domain::staff::Role;
use journey_domain::timescales::WorkingCalendar;
use journey_domain::{Clock, SystemClock};
use journey_store::{Actor, NewAllocation, Store, StoreResult};

use super::authority::Authority;
use super::rng::Rng;

/// Adds this capability's demo data to an authority whose children are already imported.
pub async fn seed(
    store: &dyn Store,
    _actor: &Actor,
    authority: &Authority,
    _rng: &mut Rng,
) -> StoreResult<()> {
    let staff = store.staff_list().await?;
    let Some(printed) = authority.staff.iter().find(|s| s.role == Role::TeamManager) else {
        return Ok(());
    };
    let Some(team) = staff
        .iter()
        .find(|s| s.username == printed.username)
        .and_then(|m| m.team)
    else {
        return Ok(());
    };
    // The printed social worker when they are in that team, so a newcomer can write the plan.
    let printed_worker = authority
        .staff
        .iter()
        .find(|s| s.role == Role::SocialWorker)
        .map(|s| s.username.as_str());
    let in_team =
        |s: &&journey_store::StaffSummary| s.team == Some(team) && s.role == Role::SocialWorker;
    let Some(worker) = staff
        .iter()
        .filter(in_team)
        .find(|s| Some(s.username.as_str()) == printed_worker)
        .or_else(|| staff.iter().find(in_team))
    else {
        return Ok(());
    };
    let now = SystemClock.now();
    let on = SystemClock.today();
    let actor = &Actor::system("demo", now);
    let unborn = |given: &str, family: &str, expected| NewChild {
        given_name: given.into(),
        family_name: family.into(),
        date_of_birth: None,
        expected_date_of_birth: Some(expected),
        sex: Sex::NotKnown,
    };
    let allocate = |child: PersonId| NewAllocation {
        child,
        worker: worker.id,
        team,
        from: on.checked_sub_days(Days::new(60)).unwrap_or(on),
    };

    // Week 26 of pregnancy: due 14 weeks after the demo's day. The conference should have
    // been asked for by week 25.
    let expected = on.checked_add_days(Days::new(14 * 7)).unwrap_or(on);
    let hughes = store
        .register_child(actor, &unborn("Baby", "Hughes", expected))
        .await?;
    store.allocate(actor, None, &allocate(hughes)).await?;

    // Born two days ago on the record begun before the birth; the hospital plans to discharge
    // her 3 working days from today. The plan is written, unsigned.
    let born = on.checked_sub_days(Days::new(2)).unwrap_or(on);
    let leaving = WorkingCalendar::england_and_wales()
        .add_working_days(on, 3)
        .unwrap_or(on);
    let adeyemi = store
        .register_child(actor, &unborn("Baby", "Adeyemi", born))
        .await?;
    store.allocate(actor, None, &allocate(adeyemi)).await?;
    let as_worker = Actor::staff(
        worker.id,
        worker.role,
        worker.display_name.clone(),
        "demo:babies",
        now,
    );
    let access = super::permitted(store, as_worker, adeyemi).await?;
    store
        .record_birth(
            &access,
            &Birth {
                date_of_birth: born,
                sex: Sex::Female,
                given_name: "Grace".into(),
            },
        )
        .await?;
    store
        .write_discharge_plan(
            &access,
            &NewDischargePlan {
                planned_discharge: leaving,
                destination: Destination::ParentAndBaby,
                going_with: "Mother (Tola Adeyemi), in a parent and baby foster placement".into(),
                arrangements: "Foster carer Mrs Lewis collects mother and baby from the maternity ward at 11am; midwife visits on day 1, health visitor from day 10.".into(),
                support: "Foster carer supervises all care; family support worker twice a week; maternal aunt visits at weekends.".into(),
                contingency: "If mother leaves the placement, Grace stays with Mrs Lewis and the duty manager is told at once; a legal planning meeting is held within 2 working days.".into(),
            },
        )
        .await?;
    Ok(())
}
