//! Contract cases for babies' discharge from hospital (issue 11, part 8): the plan written,
//! signed off by a manager in the worker's line who did not write it, carried over the birth;
//! a discharge without a signed plan needs a reason and tells the managers at once; the tray.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::NaiveDate;
use journey_domain::access::Action;
use journey_domain::babies::{Destination, NewDischarge, NewDischargePlan};
use journey_domain::ids::PersonId;
use journey_domain::person::{NewChild, Sex};
use journey_domain::person_details::Birth;
use journey_domain::staff::Role;
use journey_domain::timescales::Timescales;

use super::{Case, World, acting, inspecting};
use crate::{
    AccessKind, Actor, AttentionKind, Backend, ChildAccess, NewAllocation, Store, StoreError,
};

/// Every case of this capability, by name.
pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        a_plan_is_signed_off_by_a_manager_in_the_workers_line_and_carries_over_the_birth,
        a_discharge_without_a_signed_plan_needs_a_reason_and_tells_the_managers,
        the_tray_holds_unsigned_plans_and_unborn_babies_with_no_conference_booked,
    )
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// An unborn baby (or a born one, with `born`) allocated to worker A in team A.
pub async fn allocated_baby(
    store: &dyn Store,
    world: &World,
    expected: NaiveDate,
    born: Option<NaiveDate>,
) -> PersonId {
    let manager = acting(world.manager_a, Role::TeamManager);
    let id = store
        .register_child(
            &manager,
            &NewChild {
                given_name: "Baby".into(),
                family_name: "Shaw".into(),
                date_of_birth: born,
                expected_date_of_birth: if born.is_some() { None } else { Some(expected) },
                sex: Sex::NotKnown,
            },
        )
        .await
        .unwrap();
    store
        .allocate(
            &manager,
            None,
            &NewAllocation {
                child: id,
                worker: world.worker_a,
                team: world.team_a,
                from: day(2026, 3, 1),
            },
        )
        .await
        .unwrap();
    id
}

async fn to_add(store: &dyn Store, actor: Actor, child: PersonId) -> ChildAccess {
    crate::access::check(store, actor, child, Action::AddToRecord, None)
        .await
        .unwrap()
        .unwrap_or_else(|_| panic!("the policy refused adding to {child}"))
        .access
}

pub fn plan(planned: NaiveDate) -> NewDischargePlan {
    NewDischargePlan {
        planned_discharge: planned,
        destination: Destination::ParentAndBaby,
        going_with: "Mother (Amy Shaw)".into(),
        arrangements: "Collected by foster carer at 10am".into(),
        support: "Health visitor daily for a week".into(),
        contingency: "Foster carer keeps the baby if mother leaves".into(),
    }
}

fn discharge(date: NaiveDate, reason: &str) -> NewDischarge {
    NewDischarge {
        date,
        destination: Destination::ParentAndBaby,
        going_with: "Mother (Amy Shaw)".into(),
        reason: reason.into(),
    }
}

fn refused(result: Result<impl std::fmt::Debug, StoreError>) -> String {
    match result {
        Err(StoreError::DischargeRefused(refused)) => refused.message,
        other => panic!("expected the step to be refused, got {other:?}"),
    }
}

async fn a_plan_is_signed_off_by_a_manager_in_the_workers_line_and_carries_over_the_birth(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let child = allocated_baby(store.as_ref(), &world, day(2026, 3, 20), None).await;
    let worker = to_add(
        store.as_ref(),
        acting(world.worker_a, Role::SocialWorker),
        child,
    )
    .await;
    // Nothing to sign off yet.
    let manager = to_add(
        store.as_ref(),
        acting(world.manager_a, Role::TeamManager),
        child,
    )
    .await;
    assert!(refused(store.sign_off_discharge_plan(&manager).await).contains("no discharge plan"));
    store
        .write_discharge_plan(&worker, &plan(day(2026, 3, 24)))
        .await
        .unwrap();
    // One plan at a time.
    assert!(
        refused(
            store
                .write_discharge_plan(&worker, &plan(day(2026, 3, 25)))
                .await
        )
        .contains("already written")
    );
    // Its author may not sign it off, nor a manager outside the worker's line.
    assert!(refused(store.sign_off_discharge_plan(&worker).await).contains("You wrote"));
    let other_line = to_add(
        store.as_ref(),
        acting(world.service_manager, Role::ServiceManager),
        child,
    )
    .await;
    // The service manager is over team A: in the line. Team B's manager cannot open the record.
    assert!(
        crate::access::check(
            store.as_ref(),
            acting(world.manager_b, Role::TeamManager),
            child,
            Action::AddToRecord,
            None
        )
        .await
        .unwrap()
        .is_err()
    );
    let file = store.baby_record(&other_line).await.unwrap();
    assert_eq!(file.record.open_plan().unwrap().signed_off_on, None);
    store.sign_off_discharge_plan(&manager).await.unwrap();
    assert!(
        refused(store.sign_off_discharge_plan(&other_line).await).contains("already signed off")
    );

    // Not born yet: no discharge.
    assert!(
        refused(
            store
                .record_discharge(&worker, &discharge(day(2026, 3, 2), ""))
                .await
        )
        .contains("not born yet")
    );
    // The birth is recorded on the same record, and the plan carries over.
    store
        .record_birth(
            &worker,
            &Birth {
                date_of_birth: day(2026, 3, 1),
                sex: Sex::Female,
                given_name: "Lily".into(),
            },
        )
        .await
        .unwrap();
    let file = store.baby_file(&worker).await.unwrap();
    assert_eq!(file.plans.len(), 1);
    assert_eq!(
        file.plans[0].signed_off_by.as_deref(),
        Some("manager.a name")
    );
    assert_eq!(file.record.date_of_birth, Some(day(2026, 3, 1)));
    // A discharge as the signed plan set out needs no reason and tells no one.
    store
        .record_discharge(&worker, &discharge(day(2026, 3, 2), ""))
        .await
        .unwrap();
    assert!(store.waiting_for(world.manager_a).await.unwrap().is_empty());
    assert!(
        refused(
            store
                .record_discharge(&worker, &discharge(day(2026, 3, 2), "again"))
                .await
        )
        .contains("as already recorded")
    );
    let file = store.baby_record(&worker).await.unwrap();
    assert!(file.discharges[0].plan_signed);
    assert_eq!(file.record.open_plan(), None);

    // One chronology line per step, the discharge dated on its day.
    let chronology = store
        .full_chronology(&inspecting(store.as_ref(), &world, child).await)
        .await
        .unwrap();
    let kinds: Vec<&str> = chronology
        .iter()
        .map(|e| e.kind.as_str())
        .filter(|k| k.contains("discharge"))
        .collect();
    assert_eq!(kinds.len(), 3, "{kinds:?}");
    let left = chronology
        .iter()
        .find(|e| e.kind == "hospital_discharge")
        .unwrap();
    assert_eq!(
        journey_domain::uk_time::local_date(left.occurred_at),
        day(2026, 3, 2)
    );
    assert!(
        left.summary.contains("signed discharge plan"),
        "{}",
        left.summary
    );
}

async fn a_discharge_without_a_signed_plan_needs_a_reason_and_tells_the_managers(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let child = allocated_baby(
        store.as_ref(),
        &world,
        day(2026, 2, 28),
        Some(day(2026, 2, 27)),
    )
    .await;
    let worker = to_add(
        store.as_ref(),
        acting(world.worker_a, Role::SocialWorker),
        child,
    )
    .await;
    store
        .write_discharge_plan(&worker, &plan(day(2026, 3, 5)))
        .await
        .unwrap();
    // Without a reason: refused at the field, nothing saved, no one told.
    match store
        .record_discharge(&worker, &discharge(day(2026, 3, 2), " "))
        .await
    {
        Err(StoreError::Invalid(errors)) => assert!(errors.message_for("reason").is_some()),
        other => panic!("expected a field error, got {other:?}"),
    }
    assert!(
        store
            .baby_record(&worker)
            .await
            .unwrap()
            .discharges
            .is_empty()
    );
    assert!(store.waiting_for(world.manager_a).await.unwrap().is_empty());
    // Before the birth: refused at the date.
    match store
        .record_discharge(&worker, &discharge(day(2026, 2, 26), "Left early"))
        .await
    {
        Err(StoreError::Invalid(errors)) => assert!(errors.message_for("date").is_some()),
        other => panic!("expected a field error, got {other:?}"),
    }
    store
        .record_discharge(
            &worker,
            &discharge(
                day(2026, 3, 2),
                "Mother discharged herself and the baby overnight",
            ),
        )
        .await
        .unwrap();
    let file = store.baby_record(&worker).await.unwrap();
    assert!(!file.discharges[0].plan_signed);
    assert_eq!(
        file.discharges[0].reason,
        "Mother discharged herself and the baby overnight"
    );
    // The child's team manager and the service manager over them are told; no one else.
    for (staff, told) in [
        (world.manager_a, true),
        (world.service_manager, true),
        (world.manager_b, false),
        (world.worker_a, false),
    ] {
        let waiting = store.waiting_for(staff).await.unwrap();
        assert_eq!(
            waiting
                .iter()
                .any(|i| i.kind == AttentionKind::DischargeWithoutSignedPlan
                    && i.child == Some(child)),
            told,
            "{staff:?}"
        );
    }
    // The plan it ended shows as carried out, unsigned.
    assert_eq!(file.record.open_plan(), None);
    assert_eq!(file.plans[0].signed_off_at, None);
}

async fn the_tray_holds_unsigned_plans_and_unborn_babies_with_no_conference_booked(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let timescales = Timescales::national_defaults();
    let on = day(2026, 3, 2);
    // Week 26 of pregnancy on 2 March (due 8 June): the conference should have been asked
    // for by week 25.
    let late = allocated_baby(store.as_ref(), &world, day(2026, 6, 8), None).await;
    // Week 12: nothing to book yet.
    let early = allocated_baby(store.as_ref(), &world, day(2026, 8, 24), None).await;
    let born = allocated_baby(
        store.as_ref(),
        &world,
        day(2026, 2, 28),
        Some(day(2026, 2, 27)),
    )
    .await;
    let worker = acting(world.worker_a, Role::SocialWorker);
    let born_access = to_add(store.as_ref(), worker.clone(), born).await;
    store
        .write_discharge_plan(&born_access, &plan(day(2026, 3, 5)))
        .await
        .unwrap();
    let manager = acting(world.manager_a, Role::TeamManager);
    let tray = store.babies_tray(&manager, &timescales, on).await.unwrap();
    let held: Vec<PersonId> = tray.iter().map(|c| c.child).collect();
    assert!(held.contains(&late) && held.contains(&born), "{held:?}");
    assert!(!held.contains(&early));
    assert_eq!(tray[0].worker_name.as_deref(), Some("worker.a name"));
    let seen = store.access_by_staff(world.manager_a, 1).await.unwrap();
    assert_eq!(seen[0].kind, AccessKind::ListShown);
    let mut shown = seen[0].people_shown.clone();
    shown.sort_by_key(|p| p.0);
    let mut want = vec![late, born];
    want.sort_by_key(|p| p.0);
    assert_eq!(shown, want);
    // Another team's manager holds none of them.
    let other = acting(world.manager_b, Role::TeamManager);
    assert!(
        store
            .babies_tray(&other, &timescales, on)
            .await
            .unwrap()
            .is_empty()
    );
    // Signed off, the plan leaves the tray.
    let manager_access = to_add(store.as_ref(), manager.clone(), born).await;
    store
        .sign_off_discharge_plan(&manager_access)
        .await
        .unwrap();
    let tray = store.babies_tray(&manager, &timescales, on).await.unwrap();
    assert!(!tray.iter().any(|c| c.child == born));
}
