//! Contract cases for caseloads (issue 12, part 3): what each member of a manager's line holds,
//! by the kind of case each child counts as, and the allocation that needs the manager's
//! reason because it takes the worker over the limit.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::NaiveDate;
use journey_domain::access::Action;
use journey_domain::allocations::{AllocationChange, ChangeReason, Destination};
use journey_domain::caseloads::{CaseCounts, CaseKind, CaseloadPolicy};
use journey_domain::ids::{PersonId, StaffId};
use journey_domain::person::{NewChild, Sex};
use journey_domain::staff::Role;
use journey_domain::timescales::CaseloadThresholds;

use super::child_protection::through_a_plan_with_a_core_group;
use super::{Case, World, acting, child, inspecting, system};
use crate::caseloads::StaffCaseload;
use crate::{AccessKind, Backend, ChildAccess, NewAllocation, NewStaff, Store, StoreError};

/// Every case of this capability, by name.
pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        a_managers_line_holds_each_child_once_by_its_heaviest_kind,
        an_allocation_over_the_limit_needs_the_managers_reason_and_keeps_it,
    )
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn unborn(given: &str) -> NewChild {
    NewChild {
        given_name: given.into(),
        family_name: "Example".into(),
        date_of_birth: None,
        expected_date_of_birth: Some(day(2026, 6, 1)),
        sex: Sex::NotKnown,
    }
}

/// Records `new` and allocates it to worker A from `from` (the import path).
async fn allocated_to_worker_a(
    store: &dyn Store,
    world: &World,
    new: &NewChild,
    from: NaiveDate,
) -> PersonId {
    let manager = acting(world.manager_a, Role::TeamManager);
    let id = store.register_child(&manager, new).await.unwrap();
    store
        .allocate(
            &manager,
            None,
            &NewAllocation {
                child: id,
                worker: world.worker_a,
                team: world.team_a,
                from,
            },
        )
        .await
        .unwrap();
    id
}

async fn to(
    store: &dyn Store,
    staff: StaffId,
    role: Role,
    child: PersonId,
    action: Action,
) -> ChildAccess {
    crate::access::check(store, acting(staff, role), child, action, None)
        .await
        .unwrap()
        .unwrap_or_else(|_| panic!("the policy refused {action:?} on {child}"))
        .access
}

fn of(line: &[StaffCaseload], staff: StaffId) -> Option<CaseCounts> {
    line.iter().find(|c| c.staff == staff).map(|c| c.counts)
}

async fn a_managers_line_holds_each_child_once_by_its_heaviest_kind(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let march = day(2026, 3, 1);
    let ava = allocated_to_worker_a(&*store, &world, &child("Ava", "Example"), march).await;
    let bea = allocated_to_worker_a(&*store, &world, &unborn("Bea"), march).await;
    // Cara is allocated from February; her plan starts at the conference on 27 February.
    let cara =
        allocated_to_worker_a(&*store, &world, &child("Cara", "Example"), day(2026, 2, 1)).await;
    let on_plan = to(
        &*store,
        world.worker_a,
        Role::SocialWorker,
        cara,
        Action::AddToRecord,
    )
    .await;
    through_a_plan_with_a_core_group(&*store, &on_plan).await;
    // A reviewing officer in team B reviews Ava: they hold her too, in their own count.
    let officer = store
        .create_staff(
            &system(),
            &NewStaff {
                username: "iro.b".into(),
                display_name: "iro.b name".into(),
                role: Role::ReviewingOfficer,
                team: Some(world.team_b),
                password_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA".into(),
            },
        )
        .await
        .unwrap();
    store
        .assign_reviewing_officer(&system(), None, ava, officer, day(2026, 3, 1))
        .await
        .unwrap();

    let manager_a = acting(world.manager_a, Role::TeamManager);
    let line = store.line_caseloads(&manager_a).await.unwrap();
    let held = of(&line, world.worker_a).expect("worker A is in team A's line");
    assert_eq!(
        held,
        CaseCounts {
            child_protection_plan: 1,
            unborn: 1,
            child_in_need: 1,
            ..CaseCounts::default()
        }
    );
    assert_eq!(CaseloadPolicy::DEFAULT.weigh(&held).to_string(), "4");
    // Everyone in team A who can hold cases, holding or not; nobody from team B.
    assert_eq!(of(&line, world.senior_a), Some(CaseCounts::default()));
    assert!(of(&line, world.manager_a).is_some());
    assert_eq!(of(&line, world.worker_b), None);
    assert_eq!(of(&line, officer), None);
    assert_eq!(of(&line, world.business_support), None);
    // The service manager's line is both teams, the reviewing officer with their one child.
    let service = acting(world.service_manager, Role::ServiceManager);
    let wide = store.line_caseloads(&service).await.unwrap();
    assert_eq!(of(&wide, world.worker_a), Some(held));
    assert_eq!(of(&wide, officer).map(|c| c.children()), Some(1));
    // Nobody else has a line.
    let worker = acting(world.worker_a, Role::SocialWorker);
    assert!(store.line_caseloads(&worker).await.unwrap().is_empty());

    // The children behind the number, heaviest first, recorded as a list shown.
    let (caseload, children) = store
        .held_children(&manager_a, world.worker_a)
        .await
        .unwrap();
    assert_eq!(caseload.counts, held);
    let shown: Vec<(PersonId, CaseKind)> = children.iter().map(|c| (c.child, c.kind)).collect();
    assert_eq!(
        shown,
        [
            (cara, CaseKind::ChildProtectionPlan),
            (bea, CaseKind::Unborn),
            (ava, CaseKind::ChildInNeed)
        ]
    );
    let records = store.access_by_staff(world.manager_a, 10).await.unwrap();
    let list = records
        .iter()
        .find(|e| e.kind == AccessKind::ListShown)
        .expect("the list is recorded");
    assert_eq!(list.detail, "caseload of worker.a name");
    assert_eq!(list.people_shown, [cara, bea, ava]);
    // Month by month, each child as they counted that day: mid-February Cara alone, not yet
    // on a plan; today all three.
    let trend = store
        .caseload_trend(
            &manager_a,
            world.worker_a,
            &[day(2026, 2, 15), day(2026, 3, 2)],
        )
        .await
        .unwrap();
    assert_eq!(
        trend,
        [
            (
                day(2026, 2, 15),
                CaseCounts {
                    child_in_need: 1,
                    ..CaseCounts::default()
                }
            ),
            (day(2026, 3, 2), held)
        ]
    );
    // Outside the line, or not a manager: as for someone who does not exist.
    let manager_b = acting(world.manager_b, Role::TeamManager);
    assert!(matches!(
        store
            .caseload_trend(&manager_b, world.worker_a, &[day(2026, 3, 2)])
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.held_children(&manager_b, world.worker_a).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.held_children(&worker, world.worker_a).await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store.held_children(&manager_a, StaffId(999_999)).await,
        Err(StoreError::NotFound)
    ));
}

async fn an_allocation_over_the_limit_needs_the_managers_reason_and_keeps_it(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let tight = CaseloadPolicy {
        worker: CaseloadThresholds {
            warn_at: 1,
            limit: 2,
        },
        ..CaseloadPolicy::DEFAULT
    };
    let manager = acting(world.manager_a, Role::TeamManager);
    let waiting = async |new: NewChild| {
        store
            .register_unallocated(&manager, &new, world.team_a)
            .await
            .unwrap()
    };
    let first = waiting(child("Ava", "Example")).await;
    let second = waiting(unborn("Bea")).await;
    let allocate = async |child: PersonId, reason: Option<&str>| {
        let access = to(
            &*store,
            world.manager_a,
            Role::TeamManager,
            child,
            Action::Allocate,
        )
        .await;
        let change = AllocationChange {
            over_limit_reason: reason.map(str::to_owned),
            ..AllocationChange::new(
                Destination::Worker(world.worker_a),
                ChangeReason::FirstContact,
            )
        };
        store.change_allocation(&access, &change, &tight).await
    };
    // One child in need (1) is within the limit of 2: no reason asked.
    allocate(first, None).await.unwrap();
    // An unborn baby (1.5) would take worker A to 2.5: refused at the reason, nothing changed.
    match allocate(second, None).await {
        Err(StoreError::Invalid(errors)) => assert_eq!(
            errors.message_for("over_limit_reason"),
            Some(
                "worker.a name holds 1 weighted cases and the limit is 2: this child (unborn baby) \
                 takes them to 2.5. To allocate anyway, give the reason"
            )
        ),
        other => panic!("expected the reason to be asked for, got {other:?}"),
    }
    let counts = async || {
        of(
            &store.line_caseloads(&manager).await.unwrap(),
            world.worker_a,
        )
        .unwrap()
    };
    assert_eq!(counts().await.children(), 1);
    // With the manager's reason it goes ahead, and the reason is on the child's chronology.
    allocate(second, Some("Covering Sam's leave until April"))
        .await
        .unwrap();
    assert_eq!(counts().await.children(), 2);
    let auditor = inspecting(&*store, &world, second).await;
    let lines: Vec<String> = store
        .full_chronology(&auditor)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.summary)
        .collect();
    assert!(
        lines.iter().any(|l| l.ends_with(
            ". Allocated over the caseload limit (2.5 weighted cases against a limit of 2): \
             Covering Sam's leave until April"
        )),
        "{lines:?}"
    );
    // Under Journey's own limit of 25 the same allocation needs nothing.
    let third = waiting(child("Cara", "Example")).await;
    let access = to(
        &*store,
        world.manager_a,
        Role::TeamManager,
        third,
        Action::Allocate,
    )
    .await;
    store
        .change_allocation(
            &access,
            &AllocationChange::new(
                Destination::Worker(world.worker_a),
                ChangeReason::FirstContact,
            ),
            &CaseloadPolicy::DEFAULT,
        )
        .await
        .unwrap();
}
