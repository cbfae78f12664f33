//! Access that lets people work: team functions, the front door's and duty team's screening
//! access, break-glass with its reviews on "for your attention", and restricted records.

use std::sync::Arc;

use journey_domain::access::{Action, Relationship};
use journey_domain::ids::PersonId;
use journey_domain::staff::{Role, TeamFunction};
use journey_domain::wider_access::RestrictionReason;

use super::{World, acting, allocated_child, child, inspecting, no_proof, permitted, system};
use crate::{AccessKind, AttentionKind, Backend, PersonQuery, Store, StoreError};

pub fn cases() -> Vec<(&'static str, super::Case)> {
    crate::contract_cases!(
        a_teams_function_is_set_cleared_and_audited,
        the_front_door_opens_any_unrestricted_record_recording_its_reason,
        break_glass_is_recorded_with_its_reason_and_both_managers_review_it,
        break_glass_where_no_team_holds_the_child_tells_the_front_doors_manager,
        a_restricted_record_needs_a_named_approver_and_is_absent_from_search,
    )
}

async fn check(
    store: &dyn Store,
    actor: crate::Actor,
    child: PersonId,
    action: Action,
) -> Option<crate::ChildAccess> {
    crate::access::check(store, actor, child, action, None)
        .await
        .unwrap()
        .ok()
        .map(|p| p.access)
}

async fn a_teams_function_is_set_cleared_and_audited(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let function_of = async |store: &dyn Store| {
        store
            .teams()
            .await
            .unwrap()
            .into_iter()
            .find(|t| t.id == world.team_b)
            .unwrap()
            .function
    };
    assert_eq!(function_of(store.as_ref()).await, None);
    let admin = acting(world.administrator, Role::Administrator);
    store
        .set_team_function(&admin, world.team_b, Some(TeamFunction::Duty))
        .await
        .unwrap();
    assert_eq!(function_of(store.as_ref()).await, Some(TeamFunction::Duty));
    store
        .set_team_function(&admin, world.team_b, None)
        .await
        .unwrap();
    assert_eq!(function_of(store.as_ref()).await, None);
    let audit = store.account_audit(50).await.unwrap();
    let set: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "team_function_set")
        .map(|a| (a.actor, a.subject.clone()))
        .collect();
    assert_eq!(
        set,
        [
            (
                Some(world.administrator),
                Some("Child Protection Team B: no function".into())
            ),
            (
                Some(world.administrator),
                Some("Child Protection Team B: Duty".into())
            ),
        ]
    );
    assert!(matches!(
        store
            .set_team_function(&admin, journey_domain::ids::TeamId(9_999), None)
            .await,
        Err(StoreError::NotFound)
    ));
}

async fn the_front_door_opens_any_unrestricted_record_recording_its_reason(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let worker_b = || acting(world.worker_b, Role::SocialWorker);
    // Before team B screens contacts, worker B has no way in.
    no_proof(store.as_ref(), worker_b(), id).await;
    store
        .set_team_function(&system(), world.team_b, Some(TeamFunction::FrontDoor))
        .await
        .unwrap();
    let screening = permitted(store.as_ref(), worker_b(), id, Relationship::Screening).await;
    assert_eq!(screening.reason(), Some("Screening a contact"));
    store.open_child_record(&screening).await.unwrap();
    // A contact may be recorded; nothing else is added, nothing a manager does is allowed.
    assert!(
        check(store.as_ref(), worker_b(), id, Action::RecordContact)
            .await
            .is_some()
    );
    for action in [Action::AddToRecord, Action::ViewAccessLog, Action::Allocate] {
        assert!(
            check(store.as_ref(), worker_b(), id, action)
                .await
                .is_none(),
            "{action:?}"
        );
    }
    // "Who has viewed this record" shows the opening, its relationship and its reason.
    let manager = permitted(
        store.as_ref(),
        acting(world.manager_a, Role::TeamManager),
        id,
        Relationship::LineManager,
    )
    .await;
    let log = store
        .access_log(&manager, &crate::AccessLogQuery::first(10))
        .await
        .unwrap()
        .entries;
    let opening = log
        .iter()
        .find(|e| e.staff == Some(world.worker_b) && e.kind == AccessKind::ViewedRecord)
        .unwrap();
    assert_eq!(opening.relationship, Some(Relationship::Screening));
    assert_eq!(opening.reason.as_deref(), Some("Screening a contact"));
    assert_eq!(opening.detail, "");
    // Nobody's record that does not exist; and not a restricted one.
    no_proof(store.as_ref(), worker_b(), PersonId(424_242)).await;
    store
        .restrict(&manager, RestrictionReason::StaffRelative)
        .await
        .unwrap();
    no_proof(store.as_ref(), worker_b(), id).await;
    store.lift_restriction(&manager).await.unwrap();
    permitted(store.as_ref(), worker_b(), id, Relationship::Screening).await;
}

async fn break_glass_is_recorded_with_its_reason_and_both_managers_review_it(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let worker_b = || acting(world.worker_b, Role::SocialWorker);
    no_proof(store.as_ref(), worker_b(), id).await;
    let reason = "The child's brother is on my caseload; I need the safety plan";
    let opening = store
        .break_glass(&worker_b(), id, reason, None)
        .await
        .unwrap();
    let access = permitted(store.as_ref(), worker_b(), id, Relationship::BreakGlass).await;
    assert_eq!(access.reason(), Some(reason));
    store.open_child_record(&access).await.unwrap();
    // Reading only.
    assert!(
        check(store.as_ref(), worker_b(), id, Action::AddToRecord)
            .await
            .is_none()
    );
    let log = store
        .access_log(
            &inspecting(store.as_ref(), &world, id).await,
            &crate::AccessLogQuery::first(10),
        )
        .await
        .unwrap();
    let view = log
        .entries
        .iter()
        .find(|e| e.staff == Some(world.worker_b) && e.kind == AccessKind::ViewedRecord)
        .unwrap();
    assert_eq!(view.relationship, Some(Relationship::BreakGlass));
    assert_eq!(view.reason.as_deref(), Some(reason));
    let audit = store.audit_trail(id).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "break_glass"
        && a.actor == Some(world.worker_b)
        && a.relationship.as_deref() == Some("break_glass")));
    // The child's team manager (team A) and the opener's own (team B) are told; nobody else.
    let link = format!("/break-glass/{opening}");
    for (staff, told) in [
        (world.manager_a, true),
        (world.manager_b, true),
        (world.worker_b, false),
        (world.worker_a, false),
        (world.service_manager, false),
    ] {
        let items = store.waiting_for(staff).await.unwrap();
        let review: Vec<_> = items.iter().filter(|i| i.link == link).collect();
        assert_eq!(review.len(), usize::from(told), "{staff}");
        if told {
            assert_eq!(review[0].kind, AttentionKind::BreakGlassReview);
            assert_eq!(review[0].child, Some(id));
            assert!(review[0].summary.contains(&format!("Journey ID {id}")));
            let shown = store.break_glass_opening(staff, opening).await.unwrap();
            assert_eq!(shown.reason, reason);
            assert_eq!(shown.child, id);
        } else {
            assert!(matches!(
                store.break_glass_opening(staff, opening).await,
                Err(StoreError::NotFound)
            ));
        }
    }
    // Each manager marks it reviewed: audited, and gone from their list only.
    let item_a = store.waiting_for(world.manager_a).await.unwrap()[0].id;
    let as_b = acting(world.manager_b, Role::TeamManager);
    assert!(matches!(
        store.acknowledge(&as_b, item_a).await,
        Err(StoreError::NotFound)
    ));
    let as_a = acting(world.manager_a, Role::TeamManager);
    store.acknowledge(&as_a, item_a).await.unwrap();
    assert!(store.waiting_for(world.manager_a).await.unwrap().is_empty());
    assert_eq!(store.waiting_for(world.manager_b).await.unwrap().len(), 1);
    assert!(matches!(
        store.acknowledge(&as_a, item_a).await,
        Err(StoreError::NotFound)
    ));
    let audit = store.audit_trail(id).await.unwrap();
    let acknowledged: Vec<_> = audit
        .iter()
        .filter(|a| a.action == "attention_acknowledged")
        .map(|a| (a.actor, a.subject.clone()))
        .collect();
    assert_eq!(
        acknowledged,
        [(
            Some(world.manager_a),
            Some(format!("break_glass_review {item_a}"))
        )]
    );
    // A Journey ID nobody has: nothing to open, nobody told.
    assert!(matches!(
        store
            .break_glass(&worker_b(), PersonId(424_242), reason, None)
            .await,
        Err(StoreError::NotFound)
    ));
    assert_eq!(store.waiting_for(world.manager_b).await.unwrap().len(), 1);
    // Administrators never read case content, this way or any other.
    assert!(matches!(
        store
            .break_glass(
                &acting(world.administrator, Role::Administrator),
                id,
                reason,
                None
            )
            .await,
        Err(StoreError::Invalid(_))
    ));
}

async fn break_glass_where_no_team_holds_the_child_tells_the_front_doors_manager(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    store
        .set_team_function(&system(), world.team_a, Some(TeamFunction::FrontDoor))
        .await
        .unwrap();
    // Recorded by the reviewing officer and never allocated: no team holds the child.
    let id = store
        .register_child(
            &acting(world.reviewing_officer, Role::ReviewingOfficer),
            &child("Nia", "Unheld"),
        )
        .await
        .unwrap();
    let opening = store
        .break_glass(
            &acting(world.worker_b, Role::SocialWorker),
            id,
            "Checking an address",
            None,
        )
        .await
        .unwrap();
    let link = format!("/break-glass/{opening}");
    let told = |items: Vec<crate::AttentionItem>| items.iter().any(|i| i.link == link);
    assert!(told(store.waiting_for(world.manager_a).await.unwrap()));
    assert!(told(store.waiting_for(world.manager_b).await.unwrap()));
    assert!(!told(
        store.waiting_for(world.service_manager).await.unwrap()
    ));
}

async fn a_restricted_record_needs_a_named_approver_and_is_absent_from_search(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let manager = permitted(
        store.as_ref(),
        acting(world.manager_a, Role::TeamManager),
        id,
        Relationship::LineManager,
    )
    .await;
    assert_eq!(store.restriction(&manager).await.unwrap(), None);
    store
        .restrict(&manager, RestrictionReason::HighProfile)
        .await
        .unwrap();
    let restriction = store.restriction(&manager).await.unwrap().unwrap();
    assert_eq!(restriction.reason, RestrictionReason::HighProfile);
    assert!(matches!(
        store.restrict(&manager, RestrictionReason::HighProfile).await,
        Err(StoreError::Invalid(e)) if e.message_for("reason").is_some()
    ));
    let audit = store.audit_trail(id).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "record_restricted"));
    let query = PersonQuery {
        name: "Ava Example".into(),
        date_of_birth: None,
        limit: 20,
    };
    let finds = async |actor| {
        store
            .search_people(&actor, &query)
            .await
            .unwrap()
            .iter()
            .any(|h| h.id == id)
    };
    // Absent for someone with no relationship; there for the allocated worker and an auditor.
    assert!(!finds(acting(world.worker_b, Role::SocialWorker)).await);
    assert!(finds(acting(world.worker_a, Role::SocialWorker)).await);
    assert!(finds(acting(world.auditor, Role::Auditor)).await);
    // Nor found by its Journey ID, or as a likely match.
    let worker_b = || acting(world.worker_b, Role::SocialWorker);
    assert_eq!(store.person_by_id(&worker_b(), id).await.unwrap(), None);
    let matches = store
        .likely_matches(&worker_b(), &child("Ava", "Example"), 10)
        .await
        .unwrap();
    assert!(matches.iter().all(|m| m.hit.id != id));
    // The result list recorded is the one shown.
    let recorded = store.access_by_staff(world.worker_b, 10).await.unwrap();
    assert!(
        recorded
            .iter()
            .filter(|r| r.kind == AccessKind::SearchResults)
            .all(|r| !r.people_shown.contains(&id))
    );
    // Break-glass needs a named manager's approval, and tells them.
    let reason = "Covering duty tonight";
    match store.break_glass(&worker_b(), id, reason, None).await {
        Err(StoreError::Invalid(e)) => assert!(e.message_for("approver").is_some()),
        other => panic!("expected the approver to be asked for, got {other:?}"),
    }
    match store
        .break_glass(&worker_b(), id, reason, Some(world.worker_a))
        .await
    {
        Err(StoreError::Invalid(e)) => assert!(e.message_for("approver").is_some()),
        other => panic!("a social worker cannot approve, got {other:?}"),
    }
    no_proof(store.as_ref(), worker_b(), id).await;
    let opening = store
        .break_glass(&worker_b(), id, reason, Some(world.service_manager))
        .await
        .unwrap();
    let shown = store
        .break_glass_opening(world.service_manager, opening)
        .await
        .unwrap();
    assert_eq!(shown.approver.as_deref(), Some("service.manager name"));
    permitted(store.as_ref(), worker_b(), id, Relationship::BreakGlass).await;
    // Lifted, it is found again.
    store.lift_restriction(&manager).await.unwrap();
    assert!(finds(acting(world.senior_a, Role::SeniorSocialWorker)).await);
    assert!(matches!(
        store.lift_restriction(&manager).await,
        Err(StoreError::NotFound)
    ));
}
