//! Contract cases for the `assessments` capability (issue 11): the gates from start to a
//! manager's authorisation, each step one write with its chronology line, the sign-off queue,
//! and closing an episode "after assessment".
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::NaiveDate;
use journey_domain::access::{Action, Relationship};
use journey_domain::assessments::{
    AssessmentFactor, AssessmentKind, AssessmentOutcome, AssessmentState, AssessmentText,
    NewAssessment, Step,
};
use journey_domain::front_door::{
    ClosureReason, EpisodeClosure, NewContact, NewReferral, PrimaryNeed, ReferralId,
    ReferralSource, decision_due, national,
};
use journey_domain::ids::PersonId;
use journey_domain::staff::Role;
use journey_domain::timescales::Timescales;

use super::{Case, World, acting, inspecting, permitted};
use crate::assessments::{LIST_ASSESSMENT_TRAY, LIST_SIGN_OFF};
use crate::{AccessKind, Actor, Backend, ChildAccess, Store, StoreError};

/// Every case of this capability, by name.
pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        an_assessment_goes_from_start_to_authorisation_one_write_a_step,
        a_manager_never_authorises_their_own_and_may_return_it_to_the_worker,
        the_sign_off_queue_holds_what_waits_for_the_managers_line,
        an_episode_closes_after_assessment_only_once_one_is_authorised,
    )
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

async fn to_add(store: &dyn Store, actor: Actor, child: PersonId) -> ChildAccess {
    crate::access::check(store, actor, child, Action::AddToRecord, None)
        .await
        .unwrap()
        .unwrap_or_else(|_| panic!("the policy refused adding to {child}"))
        .access
}

/// The allocated worker's proof, and the team manager's (through the line).
async fn worker_and_manager(
    store: &dyn Store,
    world: &World,
    child: PersonId,
) -> (ChildAccess, ChildAccess) {
    let worker = to_add(store, acting(world.worker_a, Role::SocialWorker), child).await;
    let manager = permitted(
        store,
        acting(world.manager_a, Role::TeamManager),
        child,
        Relationship::LineManager,
    )
    .await;
    (worker, manager)
}

/// A contact and a referral on `date`, opening the child's episode.
pub async fn referred(store: &dyn Store, access: &ChildAccess, date: NaiveDate) -> ReferralId {
    let contact = store
        .record_contact(
            access,
            &NewContact {
                received_at: journey_domain::uk_time::from_local(
                    date.and_hms_opt(9, 0, 0).unwrap(),
                ),
                source: ReferralSource::School,
                referrer_name: "Mrs Patel".into(),
                referrer_role: "Designated safeguarding lead".into(),
                concerns: "Bruise on the arm".into(),
            },
        )
        .await
        .unwrap();
    store
        .make_referral(
            access,
            &NewReferral {
                contact,
                referral_date: date,
                primary_need: PrimaryNeed::AbuseOrNeglect,
                decision_due: decision_due(national(), date).unwrap(),
            },
        )
        .await
        .unwrap()
}

/// What a complete assessment holds.
pub fn complete_text() -> AssessmentText {
    AssessmentText {
        seen_date: Some(day(2026, 3, 2)),
        seen_alone: Some(true),
        factors: vec![
            AssessmentFactor::Neglect,
            AssessmentFactor::DomesticAbuseParent,
        ],
        analysis: "Home conditions poor; mother engaging".into(),
        wishes_and_feelings: "Wants to stay at home with her mum".into(),
        outcome: Some(AssessmentOutcome::ChildInNeedPlan),
        outcome_detail: String::new(),
        late_reason: String::new(),
    }
}

/// The worker starts and submits a complete assessment on 2 March 2026, and the manager
/// authorises it that day: what closing the episode after assessment needs.
pub async fn authorised_assessment(store: &dyn Store, worker: &ChildAccess, manager: &ChildAccess) {
    store
        .start_assessment(
            worker,
            &NewAssessment {
                kind: AssessmentKind::ChildAndFamily,
                start_date: day(2026, 3, 2),
            },
        )
        .await
        .unwrap();
    store
        .submit_assessment(worker, &complete_text(), &Timescales::national_defaults())
        .await
        .unwrap();
    store
        .authorise_assessment(manager, day(2026, 3, 2))
        .await
        .unwrap();
}

fn out_of_order(result: Result<impl std::fmt::Debug, StoreError>) -> (String, Step) {
    match result {
        Err(StoreError::AssessmentOutOfOrder(refused)) => (refused.message, refused.put_right),
        other => panic!("expected the step to be refused as out of order, got {other:?}"),
    }
}

fn field_error(result: Result<impl std::fmt::Debug, StoreError>, field: &str) -> String {
    match result {
        Err(StoreError::Invalid(errors)) => errors
            .message_for(field)
            .unwrap_or_else(|| panic!("no message for {field} in {errors:?}"))
            .to_owned(),
        other => panic!("expected a field error at {field}, got {other:?}"),
    }
}

async fn an_assessment_goes_from_start_to_authorisation_one_write_a_step(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let child = super::allocated_child(store.as_ref(), &world).await;
    let (worker, manager) = worker_and_manager(store.as_ref(), &world, child).await;
    let auditor = inspecting(store.as_ref(), &world, child).await;
    let start = NewAssessment {
        kind: AssessmentKind::ChildAndFamily,
        start_date: day(2026, 3, 2),
    };
    // No episode, no assessment: the refusal names the referral.
    let before = store.full_chronology(&auditor).await.unwrap().len();
    let (message, step) = out_of_order(store.start_assessment(&worker, &start).await);
    assert_eq!(
        message,
        "An assessment can't be started yet: Ava has no open child in need episode. Record the contact and the referral first."
    );
    assert_eq!(step, Step::Referral);
    referred(store.as_ref(), &worker, day(2026, 3, 2)).await;
    let early = NewAssessment {
        start_date: day(2026, 3, 1),
        ..start
    };
    assert!(
        field_error(store.start_assessment(&worker, &early).await, "start_date")
            .contains("on or after the referral (2 March 2026)")
    );
    store.start_assessment(&worker, &start).await.unwrap();
    // One open at a time.
    assert_eq!(
        out_of_order(store.start_assessment(&worker, &start).await).1,
        Step::Edit
    );
    // A draft keeps what is typed, however little.
    let draft = AssessmentText {
        analysis: "Begun".into(),
        ..AssessmentText::default()
    };
    store.save_assessment(&worker, &draft).await.unwrap();
    let found = store.assessments_unrecorded(&worker).await.unwrap();
    assert_eq!(found.open().unwrap().text, draft);
    assert_eq!(found.open().unwrap().state, AssessmentState::Draft);
    // Submitting an incomplete one names each missing part and changes nothing.
    let timescales = Timescales::national_defaults();
    let refused = store.submit_assessment(&worker, &draft, &timescales).await;
    assert_eq!(
        field_error(refused, "seen_date"),
        "Enter the date the child was seen"
    );
    // Nor does a manager authorise a draft.
    assert_eq!(
        out_of_order(store.authorise_assessment(&manager, day(2026, 3, 2)).await).1,
        Step::Edit
    );
    store
        .submit_assessment(&worker, &complete_text(), &timescales)
        .await
        .unwrap();
    // A submitted one is not changed by its worker, nor authorised by them.
    assert_eq!(
        out_of_order(store.save_assessment(&worker, &draft).await).1,
        Step::Authorise
    );
    let (message, _) = out_of_order(store.authorise_assessment(&worker, day(2026, 3, 2)).await);
    assert!(message.starts_with("Only a team manager or service manager"));
    store
        .authorise_assessment(&manager, day(2026, 3, 2))
        .await
        .unwrap();
    let found = store.assessments(&auditor).await.unwrap();
    let done = &found.assessments[0];
    assert_eq!(done.state, AssessmentState::Authorised);
    assert_eq!(
        done.authorised_on,
        Some(day(2026, 3, 2)),
        "the completion date"
    );
    assert_eq!(done.text, complete_text());
    assert!(found.open().is_none());
    // Start, submission and authorisation are significant chronology lines, each the same
    // event as its audit record; saving a draft is audited but not on the chronology.
    let chronology = store.full_chronology(&auditor).await.unwrap();
    let lines: Vec<_> = chronology
        .iter()
        .filter(|e| e.kind == "assessment")
        .collect();
    let summaries: Vec<&str> = lines.iter().map(|e| e.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "Child and family assessment started",
            "Child and family assessment submitted for a manager's authorisation.",
            "Child and family assessment authorised: completed on 2 March 2026. Outcome: Child in need plan. Factors: 16A 3B",
        ]
    );
    assert!(lines.iter().all(|l| l.significant));
    assert_eq!(
        chronology.len(),
        before + 2 + 3,
        "contact, referral and three steps"
    );
    let audit = store.audit_trail(child).await.unwrap();
    for action in [
        "assessment_started",
        "assessment_draft_saved",
        "assessment_submitted",
        "assessment_authorised",
    ] {
        assert_eq!(
            audit.iter().filter(|a| a.action == action).count(),
            1,
            "{action}"
        );
    }
    let authorised = audit
        .iter()
        .find(|a| a.action == "assessment_authorised")
        .unwrap();
    assert_eq!(authorised.actor, Some(world.manager_a));
    // Reading the assessments is recorded.
    let seen = store.access_by_staff(world.auditor, 10).await.unwrap();
    assert!(
        seen.iter()
            .any(|e| e.kind == AccessKind::ViewedRecord && e.detail == "assessments")
    );
}

async fn a_manager_never_authorises_their_own_and_may_return_it_to_the_worker(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let child = super::allocated_child(store.as_ref(), &world).await;
    let (worker, manager) = worker_and_manager(store.as_ref(), &world, child).await;
    referred(store.as_ref(), &worker, day(2026, 3, 2)).await;
    let start = NewAssessment {
        kind: AssessmentKind::PreBirth,
        start_date: day(2026, 3, 2),
    };
    // The team manager writes it themselves.
    store.start_assessment(&manager, &start).await.unwrap();
    let timescales = Timescales::national_defaults();
    store
        .submit_assessment(&manager, &complete_text(), &timescales)
        .await
        .unwrap();
    let (message, _) = out_of_order(store.authorise_assessment(&manager, day(2026, 3, 2)).await);
    assert!(
        message.contains("can't authorise their own assessment"),
        "{message}"
    );
    // The service manager above returns it, saying why; it is a draft again.
    let service = permitted(
        store.as_ref(),
        acting(world.service_manager, Role::ServiceManager),
        child,
        Relationship::LineManager,
    )
    .await;
    store
        .return_assessment(&service, "Add the father's views")
        .await
        .unwrap();
    let found = store.assessments_unrecorded(&worker).await.unwrap();
    let open = found.open().unwrap();
    assert_eq!(open.state, AssessmentState::Draft);
    assert_eq!(
        open.returned_reason.as_deref(),
        Some("Add the father's views")
    );
    assert_eq!(open.submitted_on, None);
    let chronology = store.full_chronology(&worker).await.unwrap();
    let returned = chronology
        .iter()
        .find(|e| e.summary.contains("returned to"))
        .unwrap();
    assert!(!returned.significant);
    // Submitted again, the service manager authorises it.
    store
        .submit_assessment(&manager, &complete_text(), &timescales)
        .await
        .unwrap();
    store
        .authorise_assessment(&service, day(2026, 3, 2))
        .await
        .unwrap();
    let found = store.assessments_unrecorded(&worker).await.unwrap();
    assert_eq!(found.assessments[0].state, AssessmentState::Authorised);
    assert_eq!(
        found.assessments[0].authorised_by_name.as_deref(),
        Some("service.manager name")
    );
}

async fn the_sign_off_queue_holds_what_waits_for_the_managers_line(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let child = super::allocated_child(store.as_ref(), &world).await;
    let (worker, _) = worker_and_manager(store.as_ref(), &world, child).await;
    referred(store.as_ref(), &worker, day(2026, 3, 2)).await;
    store
        .start_assessment(
            &worker,
            &NewAssessment {
                kind: AssessmentKind::ChildAndFamily,
                start_date: day(2026, 3, 2),
            },
        )
        .await
        .unwrap();
    let on = day(2026, 3, 2);
    // A draft is in the worker's tray and the line's, not in any sign-off queue.
    let tray = store
        .assessment_tray(&acting(world.worker_a, Role::SocialWorker), on)
        .await
        .unwrap();
    assert_eq!(tray.len(), 1);
    assert_eq!(tray[0].child, child);
    assert_eq!(tray[0].referral_date, on);
    let seen = store.access_by_staff(world.worker_a, 1).await.unwrap();
    assert_eq!(seen[0].detail, LIST_ASSESSMENT_TRAY);
    assert_eq!(seen[0].people_shown, [child]);
    let manager = acting(world.manager_a, Role::TeamManager);
    assert!(store.sign_off_queue(&manager).await.unwrap().is_empty());
    store
        .submit_assessment(&worker, &complete_text(), &Timescales::national_defaults())
        .await
        .unwrap();
    for (id, role, waits) in [
        (world.manager_a, Role::TeamManager, true),
        (world.service_manager, Role::ServiceManager, true),
        (world.manager_b, Role::TeamManager, false),
        (world.worker_a, Role::SocialWorker, false),
    ] {
        let queue = store.sign_off_queue(&acting(id, role)).await.unwrap();
        assert_eq!(queue.iter().any(|a| a.child == child), waits, "{role:?}");
        if waits {
            assert_eq!(queue[0].submitted_on, Some(on));
            assert_eq!(queue[0].author_name, "worker.a name");
        }
    }
    // Seeing the queue and the tray are each recorded as one list naming the child.
    let seen = store.access_by_staff(world.manager_a, 1).await.unwrap();
    assert_eq!(seen[0].kind, AccessKind::ListShown);
    assert_eq!(seen[0].detail, LIST_SIGN_OFF);
    assert_eq!(seen[0].people_shown, [child]);
}

async fn an_episode_closes_after_assessment_only_once_one_is_authorised(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let child = super::allocated_child(store.as_ref(), &world).await;
    let (worker, manager) = worker_and_manager(store.as_ref(), &world, child).await;
    let referral = referred(store.as_ref(), &worker, day(2026, 3, 2)).await;
    let closure = |reason| EpisodeClosure {
        referral,
        closure_date: day(2026, 3, 2),
        reason,
    };
    for reason in [
        ClosureReason::ClosedAfterAssessment,
        ClosureReason::ClosedToEarlyHelp,
    ] {
        let refused = store.close_episode(&manager, &closure(reason)).await;
        assert!(
            field_error(refused, "reason").contains("needs an authorised assessment"),
            "{reason:?}"
        );
    }
    authorised_assessment(store.as_ref(), &worker, &manager).await;
    store
        .close_episode(&manager, &closure(ClosureReason::ClosedAfterAssessment))
        .await
        .unwrap();
    let record = store.front_door_record(&worker).await.unwrap();
    assert_eq!(
        record.episodes[0].closure_reason,
        Some(ClosureReason::ClosedAfterAssessment)
    );
}
