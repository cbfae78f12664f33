//! Contract cases for the `allocations` capability (issue 10): unallocated lists, allocating,
//! transferring and ending an allocation, and the children a reviewing officer reviews.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use journey_domain::caseloads::CaseloadPolicy;
use std::sync::Arc;

use chrono::NaiveDate;
use journey_domain::access::{Action, Relationship};
use journey_domain::allocations::{
    AllocationChange, AllocationEnd, ChangeReason, Destination, FIRST_CONTACT_ONLY,
};
use journey_domain::front_door::{
    NewContact, NewReferral, PrimaryNeed, ReferralSource, decision_due, national,
};
use journey_domain::ids::{PersonId, StaffId, TeamId};
use journey_domain::staff::Role;

use super::{Case, World, acting, child, inspecting};
use crate::{AccessKind, Actor, Backend, ChildAccess, Store, StoreError};

/// Every case of this capability, by name.
pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        a_new_child_waits_in_the_recorders_team_list_until_a_manager_allocates,
        an_ended_allocation_puts_the_child_back_in_its_teams_unallocated_list,
        a_transfer_ends_the_old_allocation_the_same_day_with_its_reason,
        only_a_manager_in_the_childs_line_may_change_an_allocation,
        reviewing_officers_see_the_children_they_review,
    )
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The acting days of these cases: `acting` is 2 March 2026.
const TODAY: (i32, u32, u32) = (2026, 3, 2);

fn today() -> NaiveDate {
    day(TODAY.0, TODAY.1, TODAY.2)
}

/// The proof a page gets to allocate `child`, through `relationship`.
async fn to_allocate(
    store: &dyn Store,
    actor: Actor,
    child: PersonId,
    relationship: Relationship,
) -> ChildAccess {
    let access = crate::access::check(store, actor, child, Action::Allocate, None)
        .await
        .unwrap()
        .unwrap_or_else(|_| panic!("the policy refused allocating {child}"))
        .access;
    assert_eq!(access.relationship(), relationship);
    access
}

fn to_worker(worker: StaffId, reason: ChangeReason) -> AllocationChange {
    AllocationChange::new(Destination::Worker(worker), reason)
}

fn to_team(team: TeamId, reason: ChangeReason) -> AllocationChange {
    AllocationChange::new(Destination::Team(team), reason)
}

fn field_error(result: Result<impl std::fmt::Debug, StoreError>, field: &str) -> String {
    match result {
        Err(StoreError::Invalid(errors)) => errors
            .message_for(field)
            .unwrap_or_else(|| panic!("no message at {field}: {errors:?}"))
            .to_owned(),
        other => panic!("expected a problem at {field}, got {other:?}"),
    }
}

/// A child recorded by `recorder` into team A's unallocated list.
async fn recorded_into_team_a(
    store: &dyn Store,
    world: &World,
    recorder: StaffId,
    role: Role,
) -> PersonId {
    store
        .register_unallocated(
            &acting(recorder, role),
            &child("Ava", "Example"),
            world.team_a,
        )
        .await
        .unwrap()
}

/// The child's chronology as an auditor reads it, oldest first.
async fn lines(store: &dyn Store, world: &World, child: PersonId) -> Vec<String> {
    let access = inspecting(store, world, child).await;
    store
        .full_chronology(&access)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.summary)
        .collect()
}

async fn a_new_child_waits_in_the_recorders_team_list_until_a_manager_allocates(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ava = recorded_into_team_a(&*store, &world, world.worker_a, Role::SocialWorker).await;
    let rel = async |staff| store.relationships(staff, ava, today()).await.unwrap();
    // Nobody is allocated: the recorder keeps the record, the team's managers manage it.
    assert_eq!(rel(world.worker_a).await, [Relationship::Recorder]);
    assert_eq!(rel(world.manager_a).await, [Relationship::LineManager]);
    assert_eq!(
        rel(world.service_manager).await,
        [Relationship::LineManager]
    );
    assert!(rel(world.manager_b).await.is_empty());
    assert!(rel(world.senior_a).await.is_empty());
    assert!(
        store
            .caseload(world.worker_a, today())
            .await
            .unwrap()
            .is_empty()
    );

    let manager = acting(world.manager_a, Role::TeamManager);
    let waiting = store.unallocated_children(&manager).await.unwrap();
    assert_eq!(waiting.len(), 1);
    let listed = &waiting[0];
    assert_eq!(
        (listed.child, listed.team, listed.since, listed.reason),
        (ava, world.team_a, today(), None)
    );
    assert_eq!(listed.recorded_by.as_deref(), Some("worker.a name"));
    assert_eq!((listed.open_episodes, listed.contacts), (0, 0));
    assert_eq!(listed.awaiting_decision_since, None);
    // The list is recorded as seen, naming the child.
    let seen = store.access_by_staff(world.manager_a, 5).await.unwrap();
    assert_eq!(seen[0].kind, AccessKind::SearchResults);
    assert_eq!(seen[0].people_shown, [ava]);
    // Another team's manager, and anyone who is not a manager, have no list.
    let other = acting(world.manager_b, Role::TeamManager);
    assert!(store.unallocated_children(&other).await.unwrap().is_empty());
    let worker = acting(world.worker_a, Role::SocialWorker);
    assert!(
        store
            .unallocated_children(&worker)
            .await
            .unwrap()
            .is_empty()
    );
    let service = acting(world.service_manager, Role::ServiceManager);
    assert_eq!(store.unallocated_children(&service).await.unwrap().len(), 1);

    // The recorder records a contact and a referral: the list says what is waiting, and the
    // referral waits for the decision of the managers of the team whose list holds the child.
    let recorder = super::permitted(
        &*store,
        acting(world.worker_a, Role::SocialWorker),
        ava,
        Relationship::Recorder,
    )
    .await;
    let contact = |hour| NewContact {
        received_at: super::at(2026, 3, 2, hour),
        source: ReferralSource::School,
        referrer_name: "Mrs Patel".into(),
        referrer_role: "Designated safeguarding lead".into(),
        concerns: "Ava came to school hungry".into(),
    };
    let first = store.record_contact(&recorder, &contact(8)).await.unwrap();
    store.record_contact(&recorder, &contact(9)).await.unwrap();
    let listed = &store.unallocated_children(&manager).await.unwrap()[0];
    assert_eq!((listed.contacts, listed.open_episodes), (2, 0));
    let referral = store
        .make_referral(
            &recorder,
            &NewReferral {
                contact: first,
                referral_date: today(),
                primary_need: PrimaryNeed::AbuseOrNeglect,
                decision_due: decision_due(national(), today()).unwrap(),
            },
        )
        .await
        .unwrap();
    let listed = &store.unallocated_children(&manager).await.unwrap()[0];
    assert_eq!((listed.contacts, listed.open_episodes), (1, 1));
    assert_eq!(listed.awaiting_decision_since, Some(today()));
    let awaiting = store
        .awaiting_decision(world.manager_a, today())
        .await
        .unwrap();
    assert_eq!(
        awaiting.iter().map(|a| a.referral).collect::<Vec<_>>(),
        [referral]
    );
    assert!(
        store
            .awaiting_decision(world.manager_b, today())
            .await
            .unwrap()
            .is_empty()
    );

    let access = to_allocate(&*store, manager.clone(), ava, Relationship::LineManager).await;
    store
        .change_allocation(
            &access,
            &to_worker(world.senior_a, ChangeReason::FirstContact),
            &CaseloadPolicy::DEFAULT,
        )
        .await
        .unwrap();
    assert_eq!(rel(world.senior_a).await, [Relationship::AllocatedWorker]);
    assert!(
        rel(world.worker_a).await.is_empty(),
        "the recorder's hold ends at the first allocation"
    );
    assert_eq!(rel(world.manager_a).await, [Relationship::LineManager]);
    assert!(
        store
            .unallocated_children(&manager)
            .await
            .unwrap()
            .is_empty()
    );
    let caseload = store.caseload(world.senior_a, today()).await.unwrap();
    assert_eq!(caseload.len(), 1);

    let state = store.allocation_state(&access).await.unwrap();
    let current = state.current.unwrap();
    assert_eq!(
        (current.worker, current.team, current.from, current.reason),
        (
            world.senior_a,
            world.team_a,
            today(),
            Some(ChangeReason::FirstContact)
        )
    );
    assert_eq!(state.waiting, None);
    assert_eq!(state.unallocated.len(), 1);
    assert_eq!(state.unallocated[0].until, Some(today()));

    // One audit record through the manager's relationship, one chronology line.
    let audit = store.audit_trail(ava).await.unwrap();
    let actions: Vec<_> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "child_registered",
            "contact_received",
            "contact_received",
            "referral_accepted",
            "allocated"
        ]
    );
    let allocated = audit.last().unwrap();
    assert_eq!(allocated.relationship.as_deref(), Some("line_manager"));
    assert_eq!(allocated.actor, Some(world.manager_a));
    assert_eq!(
        lines(&*store, &world, ava).await.last().unwrap(),
        "Allocated to senior.a name (Assessment Team A): First contact: the child's first social worker"
    );
}

async fn an_ended_allocation_puts_the_child_back_in_its_teams_unallocated_list(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ava = recorded_into_team_a(
        &*store,
        &world,
        world.business_support,
        Role::BusinessSupport,
    )
    .await;
    let manager = acting(world.manager_a, Role::TeamManager);
    let access = to_allocate(&*store, manager.clone(), ava, Relationship::LineManager).await;
    store
        .change_allocation(
            &access,
            &to_worker(world.worker_a, ChangeReason::FirstContact),
            &CaseloadPolicy::DEFAULT,
        )
        .await
        .unwrap();

    store
        .end_allocation(
            &access,
            &AllocationEnd {
                reason: ChangeReason::LeftRole,
            },
        )
        .await
        .unwrap();
    let rel = async |staff| store.relationships(staff, ava, today()).await.unwrap();
    assert!(
        rel(world.worker_a).await.is_empty(),
        "the worker's access ends"
    );
    assert_eq!(rel(world.manager_a).await, [Relationship::LineManager]);
    assert!(
        rel(world.business_support).await.is_empty(),
        "the recorder does not get the record back: it has been allocated"
    );
    assert!(
        store
            .caseload(world.worker_a, today())
            .await
            .unwrap()
            .is_empty()
    );

    // Back in team A's unallocated list, saying why.
    let waiting = store.unallocated_children(&manager).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(
        (waiting[0].child, waiting[0].team, waiting[0].reason),
        (ava, world.team_a, Some(ChangeReason::LeftRole))
    );
    assert_eq!(waiting[0].recorded_by.as_deref(), Some("support name"));
    let state = store.allocation_state(&access).await.unwrap();
    assert_eq!(state.current, None);
    let back = state.waiting.unwrap();
    assert_eq!(
        (back.team, back.from, back.reason),
        (world.team_a, today(), Some(ChangeReason::LeftRole))
    );
    let ended = &state.allocations[0];
    assert_eq!(
        (ended.worker, ended.until, ended.end_reason),
        (world.worker_a, Some(today()), Some(ChangeReason::LeftRole))
    );
    let audit = store.audit_trail(ava).await.unwrap();
    assert_eq!(audit.last().unwrap().action, "allocation_ended");
    assert_eq!(
        lines(&*store, &world, ava).await.last().unwrap(),
        "Allocation to worker.a name ended: The social worker left the role. Back in Assessment Team A's unallocated list"
    );

    // Nobody is allocated now: ending again is refused at the field, and nothing is written.
    let again = store
        .end_allocation(
            &access,
            &AllocationEnd {
                reason: ChangeReason::Other,
            },
        )
        .await;
    assert_eq!(
        field_error(again, "reason"),
        "The child is not allocated to anyone"
    );
    assert_eq!(store.audit_trail(ava).await.unwrap(), audit);
}

async fn a_transfer_ends_the_old_allocation_the_same_day_with_its_reason(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ava = recorded_into_team_a(&*store, &world, world.manager_a, Role::TeamManager).await;
    let manager = acting(world.manager_a, Role::TeamManager);
    let access = to_allocate(&*store, manager.clone(), ava, Relationship::LineManager).await;
    store
        .change_allocation(
            &access,
            &to_worker(world.worker_a, ChangeReason::FirstContact),
            &CaseloadPolicy::DEFAULT,
        )
        .await
        .unwrap();
    let audit = store.audit_trail(ava).await.unwrap();

    // Refused at the field, saving nothing: a worker outside the manager's line, the worker
    // already allocated, a first contact while a worker is allocated, a service, the team the
    // child is already with.
    let refusals = [
        (
            to_worker(world.worker_b, ChangeReason::ManagementDecision),
            "worker_id",
            "Choose a social worker or team manager in a team you manage",
        ),
        (
            to_worker(world.auditor, ChangeReason::ManagementDecision),
            "worker_id",
            "Choose a social worker or team manager in a team you manage",
        ),
        (
            to_worker(world.worker_a, ChangeReason::ManagementDecision),
            "worker_id",
            "worker.a name is already the child's allocated worker",
        ),
        (
            to_worker(world.senior_a, ChangeReason::FirstContact),
            "reason",
            FIRST_CONTACT_ONLY,
        ),
        (
            to_team(world.service, ChangeReason::TeamProcess),
            "team_id",
            "Choose a team",
        ),
        (
            to_team(world.team_a, ChangeReason::TeamProcess),
            "team_id",
            "The child is already with Assessment Team A: choose another team",
        ),
    ];
    for (change, field, message) in refusals {
        let refused = store
            .change_allocation(&access, &change, &CaseloadPolicy::DEFAULT)
            .await;
        assert_eq!(field_error(refused, field), message, "{change:?}");
    }
    assert_eq!(store.audit_trail(ava).await.unwrap(), audit);

    // The service manager transfers the child to worker B in team B.
    let service = acting(world.service_manager, Role::ServiceManager);
    let by_service = to_allocate(&*store, service, ava, Relationship::LineManager).await;
    store
        .change_allocation(
            &by_service,
            &to_worker(world.worker_b, ChangeReason::ManagementDecision),
            &CaseloadPolicy::DEFAULT,
        )
        .await
        .unwrap();
    let rel = async |staff| store.relationships(staff, ava, today()).await.unwrap();
    assert!(rel(world.worker_a).await.is_empty());
    assert!(rel(world.manager_a).await.is_empty());
    assert_eq!(rel(world.worker_b).await, [Relationship::AllocatedWorker]);
    assert_eq!(rel(world.manager_b).await, [Relationship::LineManager]);
    let state = store.allocation_state(&by_service).await.unwrap();
    let (new, old) = (&state.allocations[0], &state.allocations[1]);
    assert_eq!(
        (old.worker, old.until, old.end_reason),
        (
            world.worker_a,
            Some(today()),
            Some(ChangeReason::ManagementDecision)
        )
    );
    assert_eq!(
        (new.worker, new.team, new.from, new.reason, new.until),
        (
            world.worker_b,
            world.team_b,
            today(),
            Some(ChangeReason::ManagementDecision),
            None
        )
    );
    assert_eq!(
        lines(&*store, &world, ava).await.last().unwrap(),
        "Transferred from worker.a name (Assessment Team A) to worker.b name (Child Protection Team B): Management decision (for example, to balance caseloads)"
    );

    // Team B's manager sends the child back to team A's unallocated list.
    let manager_b = acting(world.manager_b, Role::TeamManager);
    let by_b = to_allocate(&*store, manager_b, ava, Relationship::LineManager).await;
    store
        .change_allocation(
            &by_b,
            &to_team(world.team_a, ChangeReason::TeamProcess),
            &CaseloadPolicy::DEFAULT,
        )
        .await
        .unwrap();
    assert!(rel(world.worker_b).await.is_empty());
    assert!(rel(world.manager_b).await.is_empty());
    assert_eq!(rel(world.manager_a).await, [Relationship::LineManager]);
    let waiting = store.unallocated_children(&manager).await.unwrap();
    assert_eq!(
        waiting
            .iter()
            .map(|w| (w.child, w.reason))
            .collect::<Vec<_>>(),
        [(ava, Some(ChangeReason::TeamProcess))]
    );
    let audit = store.audit_trail(ava).await.unwrap();
    let actions: Vec<_> = audit.iter().map(|a| a.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "child_registered",
            "allocated",
            "transferred",
            "transferred"
        ]
    );
    assert_eq!(
        lines(&*store, &world, ava).await.last().unwrap(),
        "Transferred from worker.b name (Child Protection Team B) to Assessment Team A's unallocated list: Moved between teams as the local process sets out (for example, from assessment to long-term)"
    );
}

async fn only_a_manager_in_the_childs_line_may_change_an_allocation(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ava = recorded_into_team_a(&*store, &world, world.worker_a, Role::SocialWorker).await;
    // The recorder, another team's manager and the reviewing officer are refused, and each
    // refusal is recorded.
    for (staff, role) in [
        (world.worker_a, Role::SocialWorker),
        (world.manager_b, Role::TeamManager),
        (world.reviewing_officer, Role::ReviewingOfficer),
        (world.auditor, Role::Auditor),
    ] {
        let checked =
            crate::access::check(&*store, acting(staff, role), ava, Action::Allocate, None)
                .await
                .unwrap();
        assert!(checked.is_err(), "{role:?} may not allocate");
        let seen = store.access_by_staff(staff, 1).await.unwrap();
        assert_eq!(
            (seen[0].kind, seen[0].detail.as_str()),
            (AccessKind::Refused, "allocate")
        );
    }
    // A proof that allows only reading is not enough for the store either.
    let recorder = super::permitted(
        &*store,
        acting(world.worker_a, Role::SocialWorker),
        ava,
        Relationship::Recorder,
    )
    .await;
    let refused = store
        .change_allocation(
            &recorder,
            &to_worker(world.worker_a, ChangeReason::FirstContact),
            &CaseloadPolicy::DEFAULT,
        )
        .await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
    let refused = store
        .end_allocation(
            &recorder,
            &AllocationEnd {
                reason: ChangeReason::Other,
            },
        )
        .await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
    let actions: Vec<_> = store
        .audit_trail(ava)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(actions, ["child_registered"]);
    // The choices a manager is offered are the workers of their line, with their caseloads.
    let (workers, teams) = store
        .allocation_choices(world.manager_a, today())
        .await
        .unwrap();
    let names: Vec<_> = workers.iter().map(|w| w.name.as_str()).collect();
    assert_eq!(names, ["manager.a name", "senior.a name", "worker.a name"]);
    assert!(workers.iter().all(|w| w.caseload == 0));
    let team_names: Vec<_> = teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(team_names, ["Assessment Team A", "Child Protection Team B"]);
    let (workers, _) = store
        .allocation_choices(world.service_manager, today())
        .await
        .unwrap();
    assert_eq!(
        workers.len(),
        5,
        "both teams' workers and managers: {workers:?}"
    );
    let (workers, teams) = store
        .allocation_choices(world.worker_a, today())
        .await
        .unwrap();
    assert!(workers.is_empty() && teams.is_empty());
}

async fn reviewing_officers_see_the_children_they_review(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let ava = recorded_into_team_a(&*store, &world, world.manager_a, Role::TeamManager).await;
    let ben = store
        .register_unallocated(
            &acting(world.manager_a, Role::TeamManager),
            &child("Ben", "Adams"),
            world.team_a,
        )
        .await
        .unwrap();
    let manager = acting(world.manager_a, Role::TeamManager);
    let access = to_allocate(&*store, manager.clone(), ava, Relationship::LineManager).await;
    store
        .change_allocation(
            &access,
            &to_worker(world.worker_a, ChangeReason::FirstContact),
            &CaseloadPolicy::DEFAULT,
        )
        .await
        .unwrap();
    for child in [ava, ben] {
        store
            .assign_reviewing_officer(
                &manager,
                Some(Relationship::LineManager),
                child,
                world.reviewing_officer,
                today(),
            )
            .await
            .unwrap();
    }
    let reviewed = store
        .reviewed_children(world.reviewing_officer, today())
        .await
        .unwrap();
    let seen: Vec<_> = reviewed
        .iter()
        .map(|r| {
            (
                r.child,
                r.from,
                r.worker_name.as_deref(),
                r.team_name.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (ben, today(), None, None),
            (
                ava,
                today(),
                Some("worker.a name"),
                Some("Assessment Team A")
            ),
        ]
    );
    // Before the assignments, and for anyone else, there is nobody to review.
    assert!(
        store
            .reviewed_children(world.reviewing_officer, day(2026, 3, 1))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .reviewed_children(world.worker_a, today())
            .await
            .unwrap()
            .is_empty()
    );
}
