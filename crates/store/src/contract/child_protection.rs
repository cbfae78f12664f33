//! Contract cases for the `child_protection` capability (issue 11): the gates between the
//! steps, each step one write with its chronology line dated when it happened, and the work
//! tray.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::access::{Action, Relationship};
use journey_domain::child_protection::{
    AbuseCategory, Agency, Attendee, ConferenceDecision, EnquiryOutcome, MeetingDetails,
    NewConference, NewConferenceRequest, NewCoreGroup, NewEnquiry, NewOutcome,
    NewStrategyDiscussion, PlanEnd, PlanEndReason, Stage, Step, StrategyDecision,
};
use journey_domain::ids::PersonId;
use journey_domain::staff::Role;

use super::{Case, World, acting, at, inspecting};
use crate::{AccessKind, Actor, Backend, ChildAccess, Store, StoreError};

/// Every case of this capability, by name.
pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        a_conference_is_refused_until_the_strategy_discussion_and_enquiry_are_recorded,
        each_step_is_one_write_dated_when_it_happened_and_a_plan_follows_the_conference,
        a_proof_that_cannot_add_to_the_record_records_no_step,
        the_work_tray_holds_the_children_with_open_steps_of_the_worker_and_the_managers_line,
    )
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// The proof a page gets to add to `child`'s record.
async fn to_add(store: &dyn Store, actor: Actor, child: PersonId) -> ChildAccess {
    crate::access::check(store, actor, child, Action::AddToRecord, None)
        .await
        .unwrap()
        .unwrap_or_else(|_| panic!("the policy refused adding to {child}"))
        .access
}

fn person(name: &str, agency: Agency) -> Attendee {
    Attendee {
        name: name.into(),
        agency,
        role: "Role".into(),
        attended: true,
    }
}

fn meeting(held_at: DateTime<Utc>) -> MeetingDetails {
    MeetingDetails {
        held_at,
        place: "Northtown police station".into(),
        chair: "Pat Chair".into(),
        attendees: vec![
            person("Sam Worker", Agency::LocalAuthority),
            person("DS Jones", Agency::Police),
            person("Health Visitor Lee", Agency::Health),
        ],
    }
}

pub fn strategy_discussion(held_at: DateTime<Utc>) -> NewStrategyDiscussion {
    NewStrategyDiscussion {
        meeting: meeting(held_at),
        information: "Police hold a record of domestic abuse at the address".into(),
        decision: StrategyDecision::Section47,
        reasons: "Unexplained bruising to a non-mobile baby".into(),
    }
}

fn out_of_order(result: Result<impl std::fmt::Debug, StoreError>) -> (String, Step) {
    match result {
        Err(StoreError::OutOfOrder(refused)) => (refused.message, refused.put_right),
        other => panic!("expected the step to be refused as out of order, got {other:?}"),
    }
}

/// Takes the child from a strategy discussion on 16 February 2026 to a plan (conference on
/// 27 February) and its first core group (1 March): every step a merge must move.
pub async fn through_a_plan_with_a_core_group(store: &dyn Store, access: &ChildAccess) {
    store
        .record_strategy_discussion(access, &strategy_discussion(at(2026, 2, 16, 10)))
        .await
        .unwrap();
    let pathway = store.pathway(access).await.unwrap();
    let discussion = pathway.strategy_discussions[0].meeting;
    store
        .start_enquiry(
            access,
            &NewEnquiry {
                strategy_discussion: discussion,
                start_date: day(2026, 2, 16),
            },
        )
        .await
        .unwrap();
    store
        .record_enquiry_outcome(
            access,
            &NewOutcome {
                outcome: EnquiryOutcome::LikelySignificantHarm,
                date: day(2026, 2, 20),
                reasons: "Injuries consistent with a non-accidental cause".into(),
            },
        )
        .await
        .unwrap();
    store
        .request_conference(
            access,
            &NewConferenceRequest {
                date: day(2026, 2, 20),
                transfer_from: None,
            },
        )
        .await
        .unwrap();
    store
        .record_conference(
            access,
            &NewConference {
                meeting: meeting(at(2026, 2, 27, 14)),
                decision: ConferenceDecision::Plan,
                category: Some(AbuseCategory::Physical),
                reasons: "Likely to suffer significant harm".into(),
                inquorate_reason: None,
            },
        )
        .await
        .unwrap();
    store
        .record_core_group(
            access,
            &NewCoreGroup {
                meeting: meeting(at(2026, 3, 1, 11)),
                summary: "Plan reviewed; nursery place agreed".into(),
            },
        )
        .await
        .unwrap();
}

async fn a_conference_is_refused_until_the_strategy_discussion_and_enquiry_are_recorded(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let child = super::allocated_child(store.as_ref(), &world).await;
    let worker = to_add(
        store.as_ref(),
        acting(world.worker_a, Role::SocialWorker),
        child,
    )
    .await;
    let request = NewConferenceRequest {
        date: day(2026, 3, 2),
        transfer_from: None,
    };
    let auditor = inspecting(store.as_ref(), &world, child).await;
    let before = store.full_chronology(&auditor).await.unwrap().len();
    let (message, step) = out_of_order(store.request_conference(&worker, &request).await);
    assert_eq!(
        message,
        "An initial child protection conference can't be requested yet: no strategy discussion that decided to start section 47 enquiries is recorded for Ava. Record the strategy discussion first."
    );
    assert_eq!(step, Step::StrategyDiscussion);
    // Nor can an enquiry start, a conference be recorded, or a core group meet.
    assert_eq!(
        out_of_order(
            store
                .start_enquiry(
                    &worker,
                    &NewEnquiry {
                        strategy_discussion: 1,
                        start_date: day(2026, 3, 2)
                    }
                )
                .await
        )
        .1,
        Step::StrategyDiscussion
    );
    let conference = NewConference {
        meeting: meeting(at(2026, 3, 2, 9)),
        decision: ConferenceDecision::NoPlan,
        category: None,
        reasons: "No".into(),
        inquorate_reason: None,
    };
    assert_eq!(
        out_of_order(store.record_conference(&worker, &conference).await).1,
        Step::RequestConference
    );
    assert_eq!(
        store.full_chronology(&auditor).await.unwrap().len(),
        before,
        "nothing was written"
    );

    // A strategy discussion that decided on a section 17 assessment starts no enquiry.
    let mut s17 = strategy_discussion(at(2026, 2, 26, 10));
    s17.decision = StrategyDecision::Section17;
    store
        .record_strategy_discussion(&worker, &s17)
        .await
        .unwrap();
    assert_eq!(
        out_of_order(store.request_conference(&worker, &request).await).1,
        Step::StrategyDiscussion
    );
    // One that decided on enquiries: the enquiry is next.
    store
        .record_strategy_discussion(&worker, &strategy_discussion(at(2026, 2, 27, 10)))
        .await
        .unwrap();
    let (message, step) = out_of_order(store.request_conference(&worker, &request).await);
    assert_eq!(step, Step::StartEnquiry);
    assert!(message.contains("27 February 2026"), "{message}");
    let pathway = store.pathway(&worker).await.unwrap();
    let decided = pathway
        .strategy_discussions
        .iter()
        .find(|s| s.decision == StrategyDecision::Section47)
        .unwrap()
        .meeting;
    // An enquiry dated before its strategy discussion is a problem at the field.
    let early = store
        .start_enquiry(
            &worker,
            &NewEnquiry {
                strategy_discussion: decided,
                start_date: day(2026, 2, 26),
            },
        )
        .await;
    assert!(matches!(early, Err(StoreError::Invalid(e)) if e.message_for("start_date").is_some()));
    store
        .start_enquiry(
            &worker,
            &NewEnquiry {
                strategy_discussion: decided,
                start_date: day(2026, 2, 27),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        out_of_order(store.request_conference(&worker, &request).await).1,
        Step::EnquiryOutcome
    );
    // The way round the gate it names: a child transferring in.
    let transfer = NewConferenceRequest {
        date: day(2026, 3, 2),
        transfer_from: Some("Southshire County Council".into()),
    };
    store.request_conference(&worker, &transfer).await.unwrap();
    assert_eq!(
        store.pathway(&worker).await.unwrap().stage(),
        Stage::AwaitingConference {
            requested_on: day(2026, 3, 2)
        }
    );
}

async fn each_step_is_one_write_dated_when_it_happened_and_a_plan_follows_the_conference(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let child = super::allocated_child(store.as_ref(), &world).await;
    let worker = to_add(
        store.as_ref(),
        acting(world.worker_a, Role::SocialWorker),
        child,
    )
    .await;
    through_a_plan_with_a_core_group(store.as_ref(), &worker).await;
    let record = store.child_protection(&worker).await.unwrap();
    assert_eq!(
        record.pathway.stage(),
        Stage::OnPlan {
            since: day(2026, 2, 27),
            category: AbuseCategory::Physical
        }
    );
    // Newest first: the core group, the conference, the strategy discussion.
    let kinds: Vec<_> = record.meetings.iter().map(|m| m.kind.code()).collect();
    assert_eq!(
        kinds,
        ["core_group", "initial_conference", "strategy_discussion"]
    );
    assert_eq!(record.meetings[2].attendees.len(), 3);
    assert_eq!(record.meetings[1].category, Some(AbuseCategory::Physical));
    assert_eq!(record.meetings[0].recorded_by, "worker.a name");

    // The chronology dates each step when it happened, not when it was typed (2 March).
    let chronology = store
        .full_chronology(&inspecting(store.as_ref(), &world, child).await)
        .await
        .unwrap();
    let dated = |kind: &str| -> Vec<DateTime<Utc>> {
        chronology
            .iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.occurred_at)
            .collect()
    };
    assert_eq!(dated("strategy_discussion"), [at(2026, 2, 16, 10)]);
    assert_eq!(dated("initial_conference"), [at(2026, 2, 27, 14)]);
    assert_eq!(dated("core_group"), [at(2026, 3, 1, 11)]);
    assert_eq!(dated("section_47_enquiry").len(), 2);
    // The plan's start carries the kind a sibling's family history reads.
    let plan = chronology
        .iter()
        .find(|e| e.kind == "child_protection_plan")
        .unwrap();
    assert_eq!(plan.occurred_at, at(2026, 2, 27, 14));
    assert!(plan.summary.contains("physical abuse"), "{}", plan.summary);
    let strategy = chronology
        .iter()
        .find(|e| e.kind == "strategy_discussion")
        .unwrap();
    assert!(
        strategy.summary.contains("police, health took part"),
        "{}",
        strategy.summary
    );

    // A second plan cannot start while this one is open: a new request is refused.
    let (message, _) = out_of_order(
        store
            .request_conference(
                &worker,
                &NewConferenceRequest {
                    date: day(2026, 3, 2),
                    transfer_from: Some("Anywhere".into()),
                },
            )
            .await,
    );
    assert!(message.contains("has been on a child protection plan since 27 February 2026"));
    // The plan ends with its reason, not before it began.
    let early = store
        .end_plan(
            &worker,
            &PlanEnd {
                date: day(2026, 2, 26),
                reason: PlanEndReason::NoLongerAtRisk,
            },
        )
        .await;
    assert!(matches!(early, Err(StoreError::Invalid(e)) if e.message_for("date").is_some()));
    store
        .end_plan(
            &worker,
            &PlanEnd {
                date: day(2026, 3, 2),
                reason: PlanEndReason::NoLongerAtRisk,
            },
        )
        .await
        .unwrap();
    let pathway = store.pathway(&worker).await.unwrap();
    assert_eq!(pathway.stage(), Stage::NotInvolved);
    assert_eq!(pathway.previous_plans(), 1);
    // The record read is recorded as a view.
    let log = store.access_by_staff(world.worker_a, 20).await.unwrap();
    assert!(
        log.iter().any(|e| e.kind == AccessKind::ViewedRecord
            && e.child == Some(child)
            && e.detail == "child protection"),
        "{log:?}"
    );
}

async fn a_proof_that_cannot_add_to_the_record_records_no_step(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let child = super::allocated_child(store.as_ref(), &world).await;
    // The auditor may read the record, not add to it.
    let auditor = inspecting(store.as_ref(), &world, child).await;
    assert_eq!(auditor.relationship(), Relationship::Auditor);
    let result = store
        .record_strategy_discussion(&auditor, &strategy_discussion(at(2026, 2, 16, 10)))
        .await;
    assert!(matches!(result, Err(StoreError::NotFound)), "{result:?}");
    assert!(
        store
            .pathway(&auditor)
            .await
            .unwrap()
            .strategy_discussions
            .is_empty()
    );
}

async fn the_work_tray_holds_the_children_with_open_steps_of_the_worker_and_the_managers_line(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let child = super::allocated_child(store.as_ref(), &world).await;
    let worker = acting(world.worker_a, Role::SocialWorker);
    let on = day(2026, 3, 2);
    // A strategy discussion that decided on enquiries, with none started, is open work.
    let access = to_add(store.as_ref(), worker.clone(), child).await;
    store
        .record_strategy_discussion(&access, &strategy_discussion(at(2026, 2, 27, 10)))
        .await
        .unwrap();
    let tray = store.child_protection_tray(&worker, on).await.unwrap();
    assert_eq!(tray.len(), 1);
    assert_eq!(
        tray[0].pathway.stage(),
        Stage::StrategyDiscussion {
            held_on: day(2026, 2, 27)
        }
    );
    let discussion = store.pathway(&access).await.unwrap().strategy_discussions[0].meeting;
    store
        .start_enquiry(
            &access,
            &NewEnquiry {
                strategy_discussion: discussion,
                start_date: day(2026, 2, 27),
            },
        )
        .await
        .unwrap();
    let tray = store.child_protection_tray(&worker, on).await.unwrap();
    assert_eq!(tray.len(), 1);
    assert_eq!(tray[0].child, child);
    assert_eq!(tray[0].pathway.enquiries.len(), 1);
    assert_eq!(tray[0].worker_name.as_deref(), Some("worker.a name"));
    // The team's manager and the service manager above see it; the other team's does not.
    for (id, role, holds) in [
        (world.manager_a, Role::TeamManager, true),
        (world.service_manager, Role::ServiceManager, true),
        (world.manager_b, Role::TeamManager, false),
        (world.worker_b, Role::SocialWorker, false),
    ] {
        let tray = store
            .child_protection_tray(&acting(id, role), on)
            .await
            .unwrap();
        assert_eq!(tray.iter().any(|c| c.child == child), holds, "{role:?}");
    }
    // Seeing the tray is recorded as one list naming the child.
    let seen = store.access_by_staff(world.manager_a, 1).await.unwrap();
    assert_eq!(seen[0].kind, AccessKind::ListShown);
    assert_eq!(seen[0].detail, "child protection work tray");
    assert_eq!(seen[0].people_shown, [child]);
    // A child transferring in on another authority's plan has a request and no meeting yet:
    // still read, and in the tray.
    let moving = super::allocated_child(store.as_ref(), &world).await;
    let moving_access = to_add(store.as_ref(), worker.clone(), moving).await;
    store
        .request_conference(
            &moving_access,
            &NewConferenceRequest {
                date: on,
                transfer_from: Some("Southshire County Council".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(
        store.pathway(&moving_access).await.unwrap().stage(),
        Stage::AwaitingConference { requested_on: on }
    );
    let tray = store.child_protection_tray(&worker, on).await.unwrap();
    assert!(tray.iter().any(|c| c.child == moving));
}
