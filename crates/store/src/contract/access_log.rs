//! Reading the access records back: "who has viewed this record" a page at a time with its
//! filters, lists of children recorded whole, and refusals of abilities that concern no child.

use std::sync::Arc;

use chrono::TimeDelta;
use journey_domain::access::{Action, Capability, Relationship};
use journey_domain::ids::StaffId;
use journey_domain::staff::Role;

use super::{World, acting, allocated_child, at, permitted};
use crate::{
    AccessKind, AccessLogQuery, Actor, Backend, LIST_AWAITING_DECISION, LIST_CASELOAD, Store,
};

pub fn cases() -> Vec<(&'static str, super::Case)> {
    crate::contract_cases!(
        the_access_log_pages_through_every_entry_newest_first,
        the_access_log_filters_by_person_and_kind_and_counts_what_matches,
        a_list_of_children_shown_is_one_record_naming_the_list_and_everyone_on_it,
        a_refused_ability_is_recorded_with_no_child_and_read_back_by_the_auditor,
    )
}

/// `who` in request `n`, `n` minutes after ten: each record tells which request left it.
fn request(who: StaffId, role: Role, n: i64) -> Actor {
    Actor::staff(
        who,
        role,
        format!("{role:?} {who}"),
        format!("request-{n}"),
        at(2026, 3, 2, 10) + TimeDelta::minutes(n),
    )
}

fn query(per_page: u32, page: u32) -> AccessLogQuery {
    AccessLogQuery {
        page,
        ..AccessLogQuery::first(per_page)
    }
}

async fn the_access_log_pages_through_every_entry_newest_first(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    for n in 0..23 {
        let worker = permitted(
            &*store,
            request(world.worker_a, Role::SocialWorker, n),
            id,
            Relationship::AllocatedWorker,
        )
        .await;
        store.open_child_record(&worker).await.unwrap();
    }
    let manager = permitted(
        &*store,
        request(world.manager_a, Role::TeamManager, 100),
        id,
        Relationship::LineManager,
    )
    .await;
    // The worker's 23 opens, five to a page: every one of them is reached, newest first, and
    // none twice. (Only the worker's, so the manager's own reads do not move the pages.)
    let theirs = |page| AccessLogQuery {
        staff: Some(world.worker_a),
        ..query(5, page)
    };
    let mut seen = Vec::new();
    for page in 1..=5 {
        let read = store.access_log(&manager, &theirs(page)).await.unwrap();
        assert_eq!((read.page, read.pages, read.total), (page, 5, 23));
        assert_eq!(read.entries.len(), if page < 5 { 5 } else { 3 });
        seen.extend(read.entries.into_iter().map(|e| e.request_id));
    }
    let newest_first: Vec<String> = (0..23).rev().map(|n| format!("request-{n}")).collect();
    assert_eq!(seen, newest_first);
    // A page past the last reads the last; a page 0 reads the first.
    let past = store.access_log(&manager, &theirs(40)).await.unwrap();
    assert_eq!(past.page, 5);
    assert_eq!(past.entries.len(), 3);
    assert_eq!(past.entries[2].request_id, "request-0");
    let zero = store.access_log(&manager, &theirs(0)).await.unwrap();
    assert_eq!(zero.page, 1);
    assert_eq!(zero.entries[0].request_id, "request-22");
    // Unfiltered, each look at the log is itself on it, first: the seven reads above.
    let all = store.access_log(&manager, &query(10, 1)).await.unwrap();
    assert_eq!(all.total, 23 + 8);
    assert_eq!(all.pages, 4);
    assert_eq!(all.entries.len(), 10);
    assert_eq!(all.entries[0].kind, AccessKind::ViewedAccessLog);
    assert_eq!(all.entries[0].staff, Some(world.manager_a));
}

async fn the_access_log_filters_by_person_and_kind_and_counts_what_matches(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let worker = permitted(
        &*store,
        request(world.worker_a, Role::SocialWorker, 1),
        id,
        Relationship::AllocatedWorker,
    )
    .await;
    store.open_child_record(&worker).await.unwrap();
    store.full_chronology(&worker).await.unwrap();
    store.full_chronology(&worker).await.unwrap();
    for n in 2..5 {
        let refused = crate::access::check(
            store.as_ref(),
            request(world.worker_b, Role::SocialWorker, n),
            id,
            Action::ViewRecord,
            None,
        )
        .await
        .unwrap();
        assert!(refused.is_err());
    }
    let manager = permitted(
        &*store,
        request(world.manager_a, Role::TeamManager, 10),
        id,
        Relationship::LineManager,
    )
    .await;
    let filtered = |staff: Option<StaffId>, kind: Option<AccessKind>| AccessLogQuery {
        staff,
        kind,
        ..query(50, 1)
    };
    let refusals = store
        .access_log(&manager, &filtered(Some(world.worker_b), None))
        .await
        .unwrap();
    assert_eq!(refusals.total, 3);
    assert!(
        refusals
            .entries
            .iter()
            .all(|e| e.kind == AccessKind::Refused
                && e.staff == Some(world.worker_b)
                && e.detail == "view_record")
    );
    let chronologies = store
        .access_log(
            &manager,
            &filtered(None, Some(AccessKind::ViewedChronology)),
        )
        .await
        .unwrap();
    assert_eq!(chronologies.total, 2);
    assert_eq!(chronologies.entries.len(), 2);
    let both = store
        .access_log(
            &manager,
            &filtered(Some(world.worker_a), Some(AccessKind::ViewedRecord)),
        )
        .await
        .unwrap();
    assert_eq!(both.total, 1);
    assert_eq!(both.entries[0].request_id, "request-1");
    let nothing = store
        .access_log(
            &manager,
            &filtered(Some(world.worker_b), Some(AccessKind::ViewedRecord)),
        )
        .await
        .unwrap();
    assert_eq!((nothing.total, nothing.pages, nothing.page), (0, 1, 1));
    assert!(nothing.entries.is_empty());
    // The "who" choices are everyone on the log, whatever the filters, once each, by name.
    let mut expected = vec![
        (world.manager_a, format!("TeamManager {}", world.manager_a)),
        (world.worker_a, format!("SocialWorker {}", world.worker_a)),
        (world.worker_b, format!("SocialWorker {}", world.worker_b)),
    ];
    expected.sort_by(|a, b| a.1.cmp(&b.1));
    assert_eq!(nothing.people, expected);
    // The manager's own looks are filtered like any other kind: five so far.
    let looks = store
        .access_log(&manager, &filtered(None, Some(AccessKind::ViewedAccessLog)))
        .await
        .unwrap();
    assert_eq!(looks.total, 5);
}

async fn a_list_of_children_shown_is_one_record_naming_the_list_and_everyone_on_it(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let id = allocated_child(store.as_ref(), &world).await;
    let worker = acting(world.worker_a, Role::SocialWorker);
    let caseload = store.caseload_shown(&worker).await.unwrap();
    assert_eq!(caseload.iter().map(|c| c.child).collect::<Vec<_>>(), [id]);
    let manager = acting(world.manager_a, Role::TeamManager);
    store.awaiting_decision_shown(&manager).await.unwrap();
    let mine = store.access_by_staff(world.worker_a, 10).await.unwrap();
    assert_eq!(mine.len(), 1, "one record for the whole list");
    assert_eq!(mine[0].kind, AccessKind::ListShown);
    assert_eq!(mine[0].detail, LIST_CASELOAD);
    assert_eq!(mine[0].child, None);
    assert_eq!(mine[0].people_shown, [id]);
    // An empty list is recorded too: looking is part of the trail.
    let theirs = store.access_by_staff(world.manager_a, 10).await.unwrap();
    let list = theirs
        .iter()
        .find(|e| e.kind == AccessKind::ListShown)
        .expect("the manager's list is recorded");
    assert_eq!(list.detail, LIST_AWAITING_DECISION);
    assert!(list.people_shown.is_empty());
    // The auditor finds both among the records about no one child, by kind and by person.
    let auditor = acting(world.auditor, Role::Auditor);
    let lists = store
        .access_beyond_records(
            &auditor,
            &AccessLogQuery {
                kind: Some(AccessKind::ListShown),
                ..query(20, 1)
            },
        )
        .await
        .unwrap()
        .expect("an auditor may read them");
    assert_eq!(lists.total, 2);
    assert_eq!(
        lists.entries.iter().map(|e| e.staff).collect::<Vec<_>>(),
        [Some(world.manager_a), Some(world.worker_a)]
    );
    let one = store
        .access_beyond_records(
            &auditor,
            &AccessLogQuery {
                staff: Some(world.worker_a),
                ..query(20, 1)
            },
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(one.total, 1);
    assert_eq!(one.entries[0].people_shown, [id]);
}

async fn a_refused_ability_is_recorded_with_no_child_and_read_back_by_the_auditor(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let admin = acting(world.administrator, Role::Administrator);
    store
        .record_capability_refusal(&admin, Capability::SearchPeople)
        .await
        .unwrap();
    let mine = store
        .access_by_staff(world.administrator, 10)
        .await
        .unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].kind, AccessKind::Refused);
    assert_eq!(mine[0].child, None);
    assert_eq!(mine[0].relationship, None);
    assert_eq!(mine[0].detail, "search_people");
    // Only an auditor reads them; anyone else's attempt is itself a refusal, recorded.
    let worker = acting(world.worker_a, Role::SocialWorker);
    assert!(
        store
            .access_beyond_records(&worker, &query(20, 1))
            .await
            .unwrap()
            .is_none()
    );
    let tried = store.access_by_staff(world.worker_a, 10).await.unwrap();
    assert_eq!(tried.len(), 1);
    assert_eq!(
        (tried[0].kind, tried[0].detail.as_str(), tried[0].child),
        (AccessKind::Refused, "read_access_records", None)
    );
    let auditor = acting(world.auditor, Role::Auditor);
    let refusals = store
        .access_beyond_records(
            &auditor,
            &AccessLogQuery {
                kind: Some(AccessKind::Refused),
                ..query(20, 1)
            },
        )
        .await
        .unwrap()
        .unwrap();
    assert_eq!(refusals.total, 2);
    assert_eq!(
        refusals
            .entries
            .iter()
            .map(|e| (e.staff, e.detail.as_str()))
            .collect::<Vec<_>>(),
        [
            (Some(world.worker_a), "read_access_records"),
            (Some(world.administrator), "search_people"),
        ]
    );
    // The auditor's own reading is on the record, the first of the list the next time.
    let everything = store
        .access_beyond_records(&auditor, &query(20, 1))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(everything.entries[0].kind, AccessKind::ViewedAccessLog);
    assert_eq!(everything.entries[0].staff, Some(world.auditor));
}
