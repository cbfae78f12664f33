//! Contract cases for merges that cannot go wrong (issue 10, part 1): proofs for both records,
//! a second manager for records that are not a likely match, never across an adoption order,
//! the allocation that continues when both are allocated, and undo for thirty days.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};
use journey_domain::access::{Action, Relationship};
use journey_domain::families::merging::{AllocationChoice, KeepAllocation};
use journey_domain::ids::{PersonId, StaffId, TeamId};
use journey_domain::person::{NewChild, Sex};
use journey_domain::staff::Role;

use super::{World, acting, at, child, day, no_proof, system};
use crate::{
    AccessKind, Actor, Backend, ChildAccess, ImportedChild, ImportedEvent, MergeDecision,
    MergeOutcome, MergeRequest, NewAllocation, Store, StoreError,
};

pub fn cases() -> Vec<(&'static str, super::Case)> {
    crate::contract_cases!(
        a_record_the_manager_cannot_open_cannot_be_merged,
        records_that_are_not_a_likely_match_wait_for_a_second_manager,
        records_across_an_adoption_order_are_never_merged,
        when_both_are_allocated_the_chosen_allocation_continues_and_undo_reopens_the_other,
        a_merge_can_be_undone_for_thirty_days_and_no_longer,
        the_comparison_marks_differences_and_records_a_view_of_both,
    )
}

/// The proofs a manager merges with: the access check's, on each record.
pub async fn both(
    store: &dyn Store,
    actor: &Actor,
    survivor: PersonId,
    merged: PersonId,
) -> (ChildAccess, ChildAccess) {
    let proof = async |child| {
        crate::access::check(store, actor.clone(), child, Action::ViewRecord, None)
            .await
            .unwrap()
            .unwrap_or_else(|_| panic!("{actor:?} may not open {child}"))
            .access
    };
    (proof(survivor).await, proof(merged).await)
}

pub fn request(reason: &str) -> MergeRequest {
    MergeRequest {
        reason: reason.into(),
        allocation: None,
    }
}

async fn held(store: &dyn Store, new: &NewChild, worker: StaffId, team: TeamId) -> PersonId {
    let id = store.register_child(&system(), new).await.unwrap();
    store
        .allocate(
            &system(),
            None,
            &NewAllocation {
                child: id,
                worker,
                team,
                from: day(2026, 3, 1),
            },
        )
        .await
        .unwrap();
    id
}

fn manager_at(world: &World, at: DateTime<Utc>) -> Actor {
    Actor::staff(
        world.manager_a,
        Role::TeamManager,
        "Manager A",
        "req-later",
        at,
    )
}

async fn lines(store: &dyn Store, world: &World, child: PersonId) -> Vec<(String, String)> {
    let access = super::inspecting(store, world, child).await;
    store
        .full_chronology(&access)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.summary))
        .collect()
}

async fn a_record_the_manager_cannot_open_cannot_be_merged(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let mine = held(
        &*store,
        &child("Ava", "Example"),
        world.worker_a,
        world.team_a,
    )
    .await;
    let theirs = held(
        &*store,
        &child("Ava", "Example"),
        world.worker_b,
        world.team_b,
    )
    .await;
    // A closed case: allocated once, ended; and a record nobody holds.
    let closed = held(
        &*store,
        &child("Ava", "Example"),
        world.worker_a,
        world.team_a,
    )
    .await;
    store
        .allocate(
            &system(),
            None,
            &NewAllocation {
                child: closed,
                worker: world.worker_b,
                team: world.team_b,
                from: day(2026, 3, 2),
            },
        )
        .await
        .unwrap();
    let manager = acting(world.manager_a, Role::TeamManager);
    // Team A's manager may open neither team B's record nor the case that moved on.
    no_proof(&*store, manager.clone(), theirs).await;
    no_proof(&*store, manager.clone(), closed).await;
    // Proofs are one manager's, for both records: another's proof of the far record is no way
    // round it, and a worker's proofs are no merge at all.
    let mine_proof = both(&*store, &manager, mine, mine).await.0;
    let service = acting(world.service_manager, Role::ServiceManager);
    let theirs_proof = both(&*store, &service, theirs, theirs).await.0;
    let refused = store
        .merge_records(&mine_proof, &theirs_proof, &request("Same child"))
        .await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
    let worker = acting(world.worker_a, Role::SocialWorker);
    let other_of_worker = held(
        &*store,
        &child("Ava", "Example"),
        world.worker_a,
        world.team_a,
    )
    .await;
    let (w1, w2) = both(&*store, &worker, mine, other_of_worker).await;
    let refused = store.merge_records(&w1, &w2, &request("Same child")).await;
    assert!(matches!(refused, Err(StoreError::NotFound)), "{refused:?}");
    // Nothing was written to any of them.
    for child in [mine, theirs, other_of_worker] {
        assert!(store.merges(child).await.unwrap().is_empty());
        assert!(
            store
                .audit_trail(child)
                .await
                .unwrap()
                .iter()
                .all(|a| !a.action.contains("merge")),
        );
    }
    // The service manager, who may open both, may merge them (choosing an allocation).
    let (s, m) = both(&*store, &service, mine, theirs).await;
    let no_choice = store.merge_records(&s, &m, &request("Same child")).await;
    assert!(
        matches!(no_choice, Err(StoreError::Invalid(ref e)) if e.message_for("keep_allocation").is_some()),
        "{no_choice:?}"
    );
    let chosen = MergeRequest {
        reason: "Same child".into(),
        allocation: Some(AllocationChoice {
            keep: KeepAllocation::Survivor,
            end_reason: "Team A keeps the case".into(),
        }),
    };
    assert!(matches!(
        store.merge_records(&s, &m, &chosen).await,
        Ok(MergeOutcome::Merged(_))
    ));
}

async fn records_that_are_not_a_likely_match_wait_for_a_second_manager(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let ava = held(
        &*store,
        &child("Ava", "Example"),
        world.worker_a,
        world.team_a,
    )
    .await;
    let zoe = held(
        &*store,
        &NewChild {
            given_name: "Zoe".into(),
            family_name: "Smith".into(),
            date_of_birth: Some(day(2020, 6, 1)),
            expected_date_of_birth: None,
            sex: Sex::Female,
        },
        world.worker_a,
        world.team_a,
    )
    .await;
    let manager = acting(world.manager_a, Role::TeamManager);
    let (s, m) = both(&*store, &manager, ava, zoe).await;
    let asked = MergeRequest {
        reason: "Zoe is Ava's new name after a name change".into(),
        allocation: Some(AllocationChoice {
            keep: KeepAllocation::Survivor,
            end_reason: "One worker is enough".into(),
        }),
    };
    let outcome = store.merge_records(&s, &m, &asked).await.unwrap();
    let MergeOutcome::AwaitingApproval(request_id) = outcome else {
        panic!("not a likely match, yet merged: {outcome:?}");
    };
    // Nothing moved: each record has its own history and a line saying a merge waits.
    assert!(store.merges(ava).await.unwrap().is_empty());
    for child in [ava, zoe] {
        let chronology = lines(&*store, &world, child).await;
        assert!(
            chronology
                .iter()
                .any(|(kind, summary)| kind == "merge_requested"
                    && summary.contains("waiting for a second manager")),
            "{chronology:?}"
        );
        assert!(
            store
                .audit_trail(child)
                .await
                .unwrap()
                .iter()
                .any(|a| a.action == "merge_requested")
        );
    }
    assert_eq!(
        lines(&*store, &world, zoe).await.len(),
        3,
        "registered, allocated, merge asked for"
    );
    let waiting = store.open_merge_requests().await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].id, request_id);
    assert_eq!(waiting[0].requested_by, world.manager_a);
    assert_eq!(waiting[0].keep_allocation.as_deref(), Some("survivor"));
    // Asking again while it waits is refused at the field.
    let again = store.merge_records(&s, &m, &asked).await;
    assert!(matches!(again, Err(StoreError::Invalid(ref e)) if e.message_for("merged").is_some()));
    // The manager who asked may not approve it.
    let own = store
        .decide_merge_request(&s, &m, request_id, &MergeDecision::Approve)
        .await;
    assert!(
        matches!(own, Err(StoreError::Invalid(ref e)) if e.message_for("decision").is_some()),
        "{own:?}"
    );
    assert!(store.merges(ava).await.unwrap().is_empty());
    // Proofs for other records do not decide it.
    let service = acting(world.service_manager, Role::ServiceManager);
    let (s2, m2) = both(&*store, &service, ava, zoe).await;
    let (swapped_s, swapped_m) = both(&*store, &service, zoe, ava).await;
    assert!(matches!(
        store
            .decide_merge_request(&swapped_s, &swapped_m, request_id, &MergeDecision::Approve)
            .await,
        Err(StoreError::NotFound)
    ));
    // A second manager who may open both approves: the merge is made as asked for.
    let merge = store
        .decide_merge_request(&s2, &m2, request_id, &MergeDecision::Approve)
        .await
        .unwrap()
        .unwrap();
    let merges = store.merges(ava).await.unwrap();
    assert_eq!(merges.len(), 1);
    assert_eq!(merges[0].id, merge);
    let survivor_lines = lines(&*store, &world, ava).await;
    assert!(
        survivor_lines
            .iter()
            .any(|(kind, summary)| kind == "records_merged"
                && summary.contains("(asked for by manager.a name, ")
                && summary.ends_with(&format!("approved by {})", service.display_name()))),
        "{survivor_lines:?}"
    );
    assert!(store.open_merge_requests().await.unwrap().is_empty());
    assert!(matches!(
        store
            .decide_merge_request(&s2, &m2, request_id, &MergeDecision::Approve)
            .await,
        Err(StoreError::NotFound)
    ));

    // Refused: the reason on both records, and nothing moves.
    let kim = held(
        &*store,
        &NewChild {
            given_name: "Kim".into(),
            family_name: "Jones".into(),
            date_of_birth: Some(day(2018, 1, 1)),
            expected_date_of_birth: None,
            sex: Sex::Male,
        },
        world.worker_a,
        world.team_a,
    )
    .await;
    let (s, m) = both(&*store, &manager, ava, kim).await;
    let MergeOutcome::AwaitingApproval(second) = store.merge_records(&s, &m, &asked).await.unwrap()
    else {
        panic!("not a likely match");
    };
    let (s2, m2) = both(&*store, &service, ava, kim).await;
    let decision = MergeDecision::Refuse {
        reason: "Different children: different dates of birth".into(),
    };
    assert_eq!(
        store
            .decide_merge_request(&s2, &m2, second, &decision)
            .await
            .unwrap(),
        None
    );
    for child in [ava, kim] {
        assert!(
            lines(&*store, &world, child)
                .await
                .iter()
                .any(|(kind, summary)| kind == "merge_refused"
                    && summary.ends_with("Different children: different dates of birth"))
        );
    }
    assert_eq!(store.merges(kim).await.unwrap().len(), 0);
    assert!(store.open_merge_requests().await.unwrap().is_empty());
}

async fn records_across_an_adoption_order_are_never_merged(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let ellie = NewChild {
        given_name: "Ellie".into(),
        family_name: "Marsh".into(),
        date_of_birth: Some(day(2021, 8, 3)),
        expected_date_of_birth: None,
        sex: Sex::Female,
    };
    store
        .import_children(
            &system(),
            &[ImportedChild {
                child: ellie.clone(),
                relatives: vec![],
                allocation: Some((world.worker_a, world.team_a, day(2021, 9, 1))),
                reviewing_officer: None,
                history: vec![ImportedEvent {
                    occurred_at: at(2023, 3, 8, 10),
                    kind: "adoption_order".into(),
                    summary: "Adoption order granted".into(),
                    significant: true,
                }],
            }],
        )
        .await
        .unwrap();
    let manager = acting(world.manager_a, Role::TeamManager);
    let hits = store
        .search_people(
            &manager,
            &crate::PersonQuery {
                name: "ellie marsh".into(),
                date_of_birth: None,
                limit: 5,
            },
        )
        .await
        .unwrap();
    let before = hits[0].id;
    // Her record after the order: a likely match in every way, recorded since.
    let after = held(&*store, &ellie, world.worker_a, world.team_a).await;
    for (s, m) in [(before, after), (after, before)] {
        let (sp, mp) = both(&*store, &manager, s, m).await;
        let compared = store.compare_records(&sp, &mp).await.unwrap();
        assert!(!compared.likely.is_empty(), "a likely match");
        assert!(
            compared
                .refusal
                .as_deref()
                .is_some_and(|r| r.contains("adoption order")),
            "{:?}",
            compared.refusal
        );
        let refused = store
            .merge_records(
                &sp,
                &mp,
                &MergeRequest {
                    reason: "Same child".into(),
                    allocation: Some(AllocationChoice {
                        keep: KeepAllocation::Survivor,
                        end_reason: "x".into(),
                    }),
                },
            )
            .await;
        assert!(
            matches!(refused, Err(StoreError::Invalid(ref e)) if e.message_for("merged").is_some_and(|m| m.contains("adoption order"))),
            "{refused:?}"
        );
    }
    assert!(store.merges(before).await.unwrap().is_empty());
    assert!(store.open_merge_requests().await.unwrap().is_empty());
}

async fn when_both_are_allocated_the_chosen_allocation_continues_and_undo_reopens_the_other(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let kept = held(
        &*store,
        &child("Ava", "Example"),
        world.worker_a,
        world.team_a,
    )
    .await;
    let other = held(
        &*store,
        &child("Ava", "Exampel"),
        world.worker_b,
        world.team_b,
    )
    .await;
    let service = acting(world.service_manager, Role::ServiceManager);
    let (s, m) = both(&*store, &service, kept, other).await;
    let compared = store.compare_records(&s, &m).await.unwrap();
    assert!(compared.both_allocated);
    let chosen = MergeRequest {
        reason: "Recorded twice".into(),
        allocation: Some(AllocationChoice {
            keep: KeepAllocation::Merged,
            end_reason: "Worker B knows the family".into(),
        }),
    };
    let MergeOutcome::Merged(merge) = store.merge_records(&s, &m, &chosen).await.unwrap() else {
        panic!("a likely match merges at once");
    };
    let today = day(2026, 3, 2);
    assert!(
        store
            .relationships(world.worker_a, kept, today)
            .await
            .unwrap()
            .is_empty(),
        "worker A's allocation ended"
    );
    assert_eq!(
        store
            .relationships(world.worker_b, kept, today)
            .await
            .unwrap(),
        [Relationship::AllocatedWorker],
        "worker B's continues, on the kept record"
    );
    let survivor_lines = lines(&*store, &world, kept).await;
    assert!(
        survivor_lines
            .iter()
            .any(|(kind, summary)| kind == "allocation_ended_by_merge"
                && summary.ends_with("Worker B knows the family"))
    );
    // Undone: each record has its own allocation again.
    let (s, _) = both(&*store, &service, kept, other).await;
    store.undo_merge(&s, merge).await.unwrap();
    assert_eq!(
        store
            .relationships(world.worker_a, kept, today)
            .await
            .unwrap(),
        [Relationship::AllocatedWorker]
    );
    assert_eq!(
        store
            .relationships(world.worker_b, other, today)
            .await
            .unwrap(),
        [Relationship::AllocatedWorker]
    );
    assert!(
        store
            .relationships(world.worker_b, kept, today)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        lines(&*store, &world, kept)
            .await
            .iter()
            .any(|(kind, _)| kind == "allocation_reopened")
    );
}

async fn a_merge_can_be_undone_for_thirty_days_and_no_longer(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let kept = held(
        &*store,
        &child("Ava", "Example"),
        world.worker_a,
        world.team_a,
    )
    .await;
    let manager = acting(world.manager_a, Role::TeamManager);
    let merged_at = manager.at;
    let mut merges = Vec::new();
    for name in ["Exampel", "Examble"] {
        let duplicate = store
            .register_child(&manager, &child("Ava", name))
            .await
            .unwrap();
        let (s, m) = both(&*store, &manager, kept, duplicate).await;
        let MergeOutcome::Merged(id) = store
            .merge_records(&s, &m, &request("Twice"))
            .await
            .unwrap()
        else {
            panic!("a likely match merges at once");
        };
        merges.push(id);
    }
    let listed = store.merges(kept).await.unwrap();
    assert!(
        listed
            .iter()
            .all(|m| m.undo_until == merged_at + TimeDelta::days(30))
    );
    let late = manager_at(
        &world,
        merged_at + TimeDelta::days(30) + TimeDelta::minutes(1),
    );
    let (s, _) = both(&*store, &late, kept, kept).await;
    let refused = store.undo_merge(&s, merges[0]).await;
    assert!(
        matches!(refused, Err(StoreError::Invalid(ref e)) if e.message_for("merge").is_some_and(|m| m.contains("30 days"))),
        "{refused:?}"
    );
    assert!(!listed[0].undoable(late.at));
    let in_time = manager_at(&world, merged_at + TimeDelta::days(29));
    let (s, _) = both(&*store, &in_time, kept, kept).await;
    assert!(listed[0].undoable(in_time.at));
    store.undo_merge(&s, merges[1]).await.unwrap();
}

async fn the_comparison_marks_differences_and_records_a_view_of_both(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let kept = held(
        &*store,
        &child("Ava", "Example"),
        world.worker_a,
        world.team_a,
    )
    .await;
    let manager = acting(world.manager_a, Role::TeamManager);
    let duplicate = store
        .register_child(&manager, &child("Ava", "Exampel"))
        .await
        .unwrap();
    let (s, m) = both(&*store, &manager, kept, duplicate).await;
    let compared = store.compare_records(&s, &m).await.unwrap();
    let row = |label: &str| {
        compared
            .rows
            .iter()
            .find(|r| r.label == label)
            .unwrap_or_else(|| panic!("no row {label}"))
            .clone()
    };
    assert!(!row("First name").differs);
    assert!(row("Last name").differs);
    assert_eq!(row("Last name").merged, "Exampel");
    assert!(!row("Date of birth").differs);
    assert_eq!(row("Date of birth").survivor, "28 February 2019");
    assert!(row("Allocation").differs);
    assert_eq!(row("Allocation").merged, "Not allocated");
    assert_eq!(row("Chronology entries").survivor, "2");
    assert!(!compared.needs_approval());
    assert!(compared.refusal.is_none());
    assert!(!compared.both_allocated);
    for (child, other) in [(kept, duplicate), (duplicate, kept)] {
        let access = super::inspecting(&*store, &world, child).await;
        let log = store
            .access_log(&access, &crate::AccessLogQuery::first(50))
            .await
            .unwrap()
            .entries;
        assert!(
            log.iter().any(|e| e.kind == AccessKind::ViewedRecord
                && e.staff == Some(world.manager_a)
                && e.detail == format!("compared for a merge with Journey ID {other}")),
            "{log:?}"
        );
    }
}
