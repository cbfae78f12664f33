//! Contract cases for the `front door` capability (issue 3).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::contract::{no_proof, permitted};
use std::sync::Arc;

use chrono::NaiveDate;
use journey_domain::access::Relationship;
use journey_domain::front_door::{
    ClosureReason, ContactId, DecisionCorrection, DecisionOption, EpisodeClosure, NewContact,
    NewDecision, NewReferral, PrimaryNeed, ReferralId, ReferralInput, ReferralSource, decision_due,
    national,
};
use journey_domain::ids::PersonId;
use journey_domain::staff::Role;
use journey_domain::timescales::{AuthorityConfig, Timescales};

use super::{Case, World, acting, at, child};
use crate::{AccessKind, Backend, ChildAccess, NewAllocation, Store, StoreError};

/// Every case of this capability, by name.
pub fn cases() -> Vec<(&'static str, Case)> {
    crate::contract_cases!(
        contact_referral_decision_and_closure_each_write_state_chronology_and_audit,
        referral_rules_are_checked_against_the_database_and_save_nothing_when_refused,
        a_referral_soon_after_a_closure_is_a_re_referral,
        awaiting_decisions_follow_the_managers_line,
        opening_the_front_door_record_is_recorded,
        a_corrected_decision_keeps_every_version_with_chronology_and_audit,
        corrections_are_refused_without_a_decision_a_change_or_an_open_episode,
        the_decision_is_due_when_the_authoritys_timescales_say,
        a_contact_typed_three_days_late_is_dated_when_it_was_received,
    )
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Ava, born 28 February 2019, allocated to worker A in team A from 1 March 2026.
async fn ava(store: &dyn Store, world: &World) -> PersonId {
    held_by_worker_a(store, world, "Ava", "Example").await
}

/// A child recorded by the team manager and allocated to worker A in team A.
async fn held_by_worker_a(store: &dyn Store, world: &World, given: &str, family: &str) -> PersonId {
    let manager = acting(world.manager_a, Role::TeamManager);
    let id = store
        .register_child(&manager, &child(given, family))
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

async fn as_worker(store: &dyn Store, world: &World, child: PersonId) -> ChildAccess {
    permitted(
        store,
        acting(world.worker_a, Role::SocialWorker),
        child,
        Relationship::AllocatedWorker,
    )
    .await
}

async fn as_manager(store: &dyn Store, world: &World, child: PersonId) -> ChildAccess {
    permitted(
        store,
        acting(world.manager_a, Role::TeamManager),
        child,
        Relationship::LineManager,
    )
    .await
}

fn school_contact() -> NewContact {
    NewContact {
        received_at: at(2026, 3, 2, 9),
        source: ReferralSource::School,
        referrer_name: "Mrs Patel".into(),
        referrer_role: "Designated safeguarding lead".into(),
        concerns: "Bruise on the arm; Ava says she fell".into(),
    }
}

fn referral(contact: ContactId, date: NaiveDate) -> NewReferral {
    NewReferral {
        contact,
        referral_date: date,
        primary_need: PrimaryNeed::AbuseOrNeglect,
        decision_due: decision_due(national(), date).unwrap(),
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

async fn contact_referral_decision_and_closure_each_write_state_chronology_and_audit(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let id = ava(store.as_ref(), &world).await;
    let worker = as_worker(&*store, &world, id).await;
    let contact = store
        .record_contact(&worker, &school_contact())
        .await
        .unwrap();
    let referral_id = store
        .make_referral(&worker, &referral(contact, day(2026, 3, 2)))
        .await
        .unwrap();

    let record = store.front_door_record(&worker).await.unwrap();
    assert_eq!(record.contacts.len(), 1);
    assert_eq!(record.contacts[0].referral, Some(referral_id));
    assert_eq!(record.contacts[0].source, ReferralSource::School);
    assert_eq!(record.contacts[0].received_at, at(2026, 3, 2, 9));
    let episode = &record.episodes[0];
    assert!(episode.is_open());
    assert!(!episode.re_referral);
    assert_eq!(episode.decision_due, day(2026, 3, 3), "one working day");
    assert_eq!(episode.primary_need, PrimaryNeed::AbuseOrNeglect);
    assert!(episode.decision.is_none());

    let manager = as_manager(&*store, &world, id).await;
    store
        .record_decision(
            &manager,
            &NewDecision {
                referral: referral_id,
                option: DecisionOption::StrategyDiscussion,
                reasons: "Unexplained injury to a young child".into(),
            },
        )
        .await
        .unwrap();
    let again = store
        .record_decision(
            &manager,
            &NewDecision {
                referral: referral_id,
                option: DecisionOption::NoFurtherAction,
                reasons: "Second thoughts".into(),
            },
        )
        .await;
    assert_eq!(
        field_error(again, "option"),
        "A decision has already been recorded on this referral"
    );
    let early = store
        .close_episode(
            &manager,
            &EpisodeClosure {
                referral: referral_id,
                closure_date: day(2026, 3, 1),
                reason: ClosureReason::ClosedAfterAssessment,
            },
        )
        .await;
    assert!(
        field_error(early, "closure_date").contains("on or after the date the episode started")
    );
    // RC8 ("closed after assessment") needs the assessment authorised first.
    crate::contract::assessments::authorised_assessment(&*store, &worker, &manager).await;
    let closure = EpisodeClosure {
        referral: referral_id,
        closure_date: day(2026, 3, 2),
        reason: ClosureReason::ClosedAfterAssessment,
    };
    store.close_episode(&manager, &closure).await.unwrap();
    assert_eq!(
        field_error(
            store.close_episode(&manager, &closure).await,
            "closure_date"
        ),
        "This episode is already closed"
    );

    let record = store.front_door_record(&worker).await.unwrap();
    let episode = &record.episodes[0];
    let decision = episode.decision.as_ref().unwrap();
    assert_eq!(decision.option, DecisionOption::StrategyDiscussion);
    assert_eq!(
        decision.decided_by,
        format!("TeamManager {}", world.manager_a)
    );
    assert_eq!(episode.closure_date, Some(day(2026, 3, 2)));
    assert_eq!(
        episode.closure_reason,
        Some(ClosureReason::ClosedAfterAssessment)
    );

    // Each step is on the chronology in plain words, as the same event as its audit record.
    let chronology = store.full_chronology(&worker).await.unwrap();
    let ours: Vec<_> = chronology
        .iter()
        .filter(|e| {
            [
                "contact_received",
                "referral_accepted",
                "referral_decision",
                "episode_closed",
            ]
            .contains(&e.kind.as_str())
        })
        .collect();
    let summaries: Vec<_> = ours.iter().map(|e| e.summary.as_str()).collect();
    assert_eq!(
        summaries,
        [
            "Contact received from Mrs Patel (Designated safeguarding lead), Schools (2A): Bruise on the arm; Ava says she fell",
            "Referral accepted; child in need episode opened (N1 Abuse or neglect). Manager's decision due by 3 March 2026.",
            &format!(
                "Decision by TeamManager {}: strategy discussion. Reasons: Unexplained injury to a young child",
                world.manager_a
            ),
            "Episode closed: RC8 Case closed after assessment, no further action",
        ]
    );
    let audit = store.audit_trail(id).await.unwrap();
    for entry in &ours {
        let event = audit.iter().find(|a| a.event == entry.event).unwrap();
        assert_eq!(event.action, entry.kind);
        assert_eq!(event.child, Some(id));
    }
    let decided = audit
        .iter()
        .find(|a| a.action == "referral_decision")
        .unwrap();
    assert_eq!(decided.actor, Some(world.manager_a));
    assert_eq!(decided.relationship.as_deref(), Some("line_manager"));
    assert_eq!(decided.request_id, format!("req-{}", world.manager_a));
}

async fn referral_rules_are_checked_against_the_database_and_save_nothing_when_refused(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let id = ava(store.as_ref(), &world).await;
    let worker = as_worker(&*store, &world, id).await;
    let contact = store
        .record_contact(&worker, &school_contact())
        .await
        .unwrap();
    let before = store.full_chronology(&worker).await.unwrap().len();
    let before_birth = store
        .make_referral(&worker, &referral(contact, day(2019, 2, 27)))
        .await;
    assert_eq!(
        field_error(before_birth, "referral_date"),
        "The referral date must be on or after the child's date of birth (28 February 2019)"
    );
    let before_contact = store
        .make_referral(&worker, &referral(contact, day(2026, 3, 1)))
        .await;
    assert!(field_error(before_contact, "referral_date").contains("the contact was received"));
    assert_eq!(store.full_chronology(&worker).await.unwrap().len(), before);
    assert!(
        store
            .front_door_record(&worker)
            .await
            .unwrap()
            .episodes
            .is_empty()
    );

    store
        .make_referral(&worker, &referral(contact, day(2026, 3, 2)))
        .await
        .unwrap();
    let twice = store
        .make_referral(&worker, &referral(contact, day(2026, 3, 2)))
        .await;
    assert_eq!(
        field_error(twice, "contact"),
        "This contact has already become a referral"
    );
    let second = store
        .record_contact(&worker, &school_contact())
        .await
        .unwrap();
    let while_open = store
        .make_referral(&worker, &referral(second, day(2026, 3, 2)))
        .await;
    assert!(field_error(while_open, "referral_date").contains("open child in need episode"));

    // A contact or referral of another child, or of nobody, is not found.
    let other = held_by_worker_a(store.as_ref(), &world, "Ben", "Other").await;
    let elsewhere = as_worker(&*store, &world, other).await;
    assert!(matches!(
        store
            .make_referral(&elsewhere, &referral(second, day(2026, 3, 2)))
            .await,
        Err(StoreError::NotFound)
    ));
    assert!(matches!(
        store
            .record_decision(
                &as_manager(&*store, &world, other).await,
                &NewDecision {
                    referral: ReferralId(1),
                    option: DecisionOption::Assessment,
                    reasons: "x".into()
                }
            )
            .await,
        Err(StoreError::NotFound)
    ));
    no_proof(
        &*store,
        acting(world.worker_a, Role::SocialWorker),
        PersonId(909_090),
    )
    .await;
    assert_eq!(
        store
            .front_door_record(&worker)
            .await
            .unwrap()
            .episodes
            .len(),
        1
    );
}

async fn a_referral_soon_after_a_closure_is_a_re_referral(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = ava(store.as_ref(), &world).await;
    let worker = as_worker(&*store, &world, id).await;
    let first = store
        .record_contact(
            &worker,
            &NewContact {
                received_at: at(2025, 1, 6, 9),
                ..school_contact()
            },
        )
        .await
        .unwrap();
    let first = store
        .make_referral(&worker, &referral(first, day(2025, 1, 6)))
        .await
        .unwrap();
    store
        .close_episode(
            &as_manager(&*store, &world, id).await,
            &EpisodeClosure {
                referral: first,
                closure_date: day(2025, 6, 30),
                reason: ClosureReason::CeasedOther,
            },
        )
        .await
        .unwrap();
    let second = store
        .record_contact(&worker, &school_contact())
        .await
        .unwrap();
    store
        .make_referral(&worker, &referral(second, day(2026, 3, 2)))
        .await
        .unwrap();
    let record = store.front_door_record(&worker).await.unwrap();
    assert_eq!(record.episodes.len(), 2);
    assert!(record.episodes[0].re_referral, "newest first, flagged");
    assert!(!record.episodes[1].re_referral);
    let chronology = store.full_chronology(&worker).await.unwrap();
    assert!(chronology.iter().any(|e| {
        e.summary
            .ends_with("This is a re-referral within 12 months.")
    }));
}

async fn awaiting_decisions_follow_the_managers_line(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = ava(store.as_ref(), &world).await;
    let worker = as_worker(&*store, &world, id).await;
    let contact = store
        .record_contact(&worker, &school_contact())
        .await
        .unwrap();
    let referral_id = store
        .make_referral(&worker, &referral(contact, day(2026, 3, 2)))
        .await
        .unwrap();
    let on = day(2026, 3, 4);
    let waiting = store.awaiting_decision(world.manager_a, on).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].referral, referral_id);
    assert_eq!(waiting[0].child, id);
    assert_eq!(waiting[0].given_name, "Ava");
    assert_eq!(waiting[0].decision_due, day(2026, 3, 3));
    assert_eq!(waiting[0].received_at, at(2026, 3, 2, 9));
    assert_eq!(waiting[0].team_name, "Assessment Team A");
    assert_eq!(
        store
            .awaiting_decision(world.service_manager, on)
            .await
            .unwrap()
            .len(),
        1,
        "the service above the team"
    );
    for other in [world.manager_b, world.worker_a, world.auditor] {
        assert!(
            store.awaiting_decision(other, on).await.unwrap().is_empty(),
            "{other:?} is not in the line"
        );
    }
    store
        .record_decision(
            &as_manager(&*store, &world, id).await,
            &NewDecision {
                referral: referral_id,
                option: DecisionOption::Assessment,
                reasons: "Needs a single assessment".into(),
            },
        )
        .await
        .unwrap();
    assert!(
        store
            .awaiting_decision(world.manager_a, on)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn opening_the_front_door_record_is_recorded(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = ava(store.as_ref(), &world).await;
    let worker = as_worker(&*store, &world, id).await;
    store
        .record_contact(&worker, &school_contact())
        .await
        .unwrap();
    let record = store.open_front_door(&worker).await.unwrap();
    assert_eq!(record.contacts.len(), 1);
    let mine = store.access_by_staff(world.worker_a, 10).await.unwrap();
    assert_eq!(mine[0].kind, AccessKind::ViewedRecord);
    assert_eq!(mine[0].detail, "front_door");
    assert_eq!(mine[0].relationship, Some(Relationship::AllocatedWorker));
}

/// Ava with a referral of 2 March 2026 decided "early help" by manager A.
pub(super) async fn decided(store: &dyn Store, world: &World) -> (PersonId, ReferralId) {
    let id = ava(store, world).await;
    let worker = as_worker(store, world, id).await;
    let contact = store
        .record_contact(&worker, &school_contact())
        .await
        .unwrap();
    let referral_id = store
        .make_referral(&worker, &referral(contact, day(2026, 3, 2)))
        .await
        .unwrap();
    store
        .record_decision(
            &as_manager(store, world, id).await,
            &NewDecision {
                referral: referral_id,
                option: DecisionOption::EarlyHelp,
                reasons: "Family asked for help with routines".into(),
            },
        )
        .await
        .unwrap();
    (id, referral_id)
}

pub(super) fn correction(
    referral: ReferralId,
    option: DecisionOption,
    reasons: &str,
) -> DecisionCorrection {
    DecisionCorrection {
        referral,
        option,
        reasons: reasons.into(),
        correction_reason: "Early help was selected by mistake".into(),
    }
}

async fn a_corrected_decision_keeps_every_version_with_chronology_and_audit(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let (id, referral_id) = decided(store.as_ref(), &world).await;
    let service_manager = permitted(
        &*store,
        acting(world.service_manager, Role::ServiceManager),
        id,
        Relationship::LineManager,
    )
    .await;
    let event = store
        .correct_decision(
            &service_manager,
            &correction(
                referral_id,
                DecisionOption::Assessment,
                "Injury needs assessing",
            ),
        )
        .await
        .unwrap();
    store
        .correct_decision(
            &as_manager(&*store, &world, id).await,
            &DecisionCorrection {
                correction_reason: "Reasons were incomplete".into(),
                ..correction(
                    referral_id,
                    DecisionOption::Assessment,
                    "Injury needs assessing; school worried",
                )
            },
        )
        .await
        .unwrap();

    let record = store.front_door_record(&service_manager).await.unwrap();
    let decision = record.episodes[0].decision.as_ref().unwrap();
    // The current version is used everywhere; the one first decided stays.
    assert_eq!(decision.option, DecisionOption::Assessment);
    assert_eq!(decision.reasons, "Injury needs assessing; school worried");
    assert_eq!(
        decision.decided_by,
        format!("TeamManager {}", world.manager_a)
    );
    assert!(decision.is_corrected());
    let versions: Vec<_> = decision
        .versions
        .iter()
        .map(|v| {
            (
                v.version,
                v.option,
                v.reasons.as_str(),
                v.correction_reason.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        versions,
        [
            (
                1,
                DecisionOption::EarlyHelp,
                "Family asked for help with routines",
                None
            ),
            (
                2,
                DecisionOption::Assessment,
                "Injury needs assessing",
                Some("Early help was selected by mistake")
            ),
            (
                3,
                DecisionOption::Assessment,
                "Injury needs assessing; school worried",
                Some("Reasons were incomplete")
            ),
        ]
    );
    assert_eq!(
        decision.versions[1].recorded_by,
        format!("ServiceManager {}", world.service_manager)
    );
    assert!(
        store
            .awaiting_decision(world.manager_a, day(2026, 3, 4))
            .await
            .unwrap()
            .is_empty(),
        "a corrected decision is still a decision"
    );

    // One chronology line and one audit record per correction, as the same event.
    let chronology = store
        .full_chronology(&as_worker(&*store, &world, id).await)
        .await
        .unwrap();
    let lines: Vec<_> = chronology
        .iter()
        .filter(|e| e.kind == "referral_decision_corrected")
        .collect();
    assert_eq!(lines.len(), 2);
    let first = lines.iter().find(|e| e.event == event).unwrap();
    assert_eq!(
        first.summary,
        format!(
            "Decision corrected by ServiceManager {}: assessment (was early help). Reason for the correction: Early help was selected by mistake",
            world.service_manager
        )
    );
    assert!(first.significant);
    assert!(lines.iter().any(|e| e.summary.starts_with(&format!(
        "Decision corrected by TeamManager {}: assessment, reasons changed.",
        world.manager_a
    ))));
    let audit = store.audit_trail(id).await.unwrap();
    let audited = audit.iter().find(|a| a.event == event).unwrap();
    assert_eq!(audited.action, "referral_decision_corrected");
    assert_eq!(audited.actor, Some(world.service_manager));
    assert_eq!(audited.relationship.as_deref(), Some("line_manager"));
}

async fn corrections_are_refused_without_a_decision_a_change_or_an_open_episode(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let (id, referral_id) = decided(store.as_ref(), &world).await;
    let manager = as_manager(&*store, &world, id).await;
    let before = store.full_chronology(&manager).await.unwrap().len();

    // Nothing to change.
    let same = store
        .correct_decision(
            &manager,
            &correction(
                referral_id,
                DecisionOption::EarlyHelp,
                "Family asked for help with routines",
            ),
        )
        .await;
    assert!(field_error(same, "option").contains("the same as the current decision"));

    // No decision yet on a second child's referral.
    let other = held_by_worker_a(store.as_ref(), &world, "Ben", "Other").await;
    let other_worker = as_worker(&*store, &world, other).await;
    let contact = store
        .record_contact(&other_worker, &school_contact())
        .await
        .unwrap();
    let undecided = store
        .make_referral(&other_worker, &referral(contact, day(2026, 3, 2)))
        .await
        .unwrap();
    let none = store
        .correct_decision(
            &as_manager(&*store, &world, other).await,
            &correction(undecided, DecisionOption::Assessment, "x"),
        )
        .await;
    assert!(field_error(none, "option").starts_with("No decision has been recorded"));

    // A referral of another child is not found through this child.
    assert!(matches!(
        store
            .correct_decision(
                &manager,
                &correction(undecided, DecisionOption::Assessment, "x")
            )
            .await,
        Err(StoreError::NotFound)
    ));

    // Once the episode is closed, the decision stands as it is.
    store
        .close_episode(
            &manager,
            &EpisodeClosure {
                referral: referral_id,
                closure_date: day(2026, 3, 2),
                reason: ClosureReason::CeasedOther,
            },
        )
        .await
        .unwrap();
    let closed = store
        .correct_decision(
            &manager,
            &correction(referral_id, DecisionOption::Assessment, "Too late"),
        )
        .await;
    assert!(field_error(closed, "option").contains("closed episode cannot be corrected"));

    let record = store.front_door_record(&manager).await.unwrap();
    let decision = record.episodes[0].decision.as_ref().unwrap();
    assert_eq!(decision.versions.len(), 1, "nothing was saved");
    assert_eq!(decision.option, DecisionOption::EarlyHelp);
    let after = store.full_chronology(&manager).await.unwrap();
    assert_eq!(after.len(), before + 1, "only the closure's line was added");
}

async fn the_decision_is_due_when_the_authoritys_timescales_say(store: Arc<dyn Store>, _: Backend) {
    let world = World::build(store.as_ref()).await;
    let id = ava(store.as_ref(), &world).await;
    let worker = as_worker(&*store, &world, id).await;
    // An authority that keeps Tuesday 3 March 2026 as a local holiday.
    let local = Timescales::from_config(
        AuthorityConfig::parse(
            "[calendar]\nextra-bank-holidays = [2026-03-03]\n",
            "test",
            None,
        )
        .unwrap(),
    );
    let contact = store
        .record_contact(&worker, &school_contact())
        .await
        .unwrap();
    let parsed = NewReferral::parse(
        &ReferralInput {
            referral_date: Some(day(2026, 3, 2)),
            primary_need: "N1".into(),
        },
        contact,
        day(2026, 3, 2),
        &local,
    )
    .unwrap();
    store.make_referral(&worker, &parsed).await.unwrap();
    let record = store.front_door_record(&worker).await.unwrap();
    assert_eq!(record.episodes[0].decision_due, day(2026, 3, 4));
    let waiting = store
        .awaiting_decision(world.manager_a, day(2026, 3, 4))
        .await
        .unwrap();
    assert_eq!(waiting[0].decision_due, day(2026, 3, 4));
    let chronology = store.full_chronology(&worker).await.unwrap();
    assert!(chronology.iter().any(|e| {
        e.summary
            .ends_with("Manager's decision due by 4 March 2026.")
    }));
}

/// Issue 10, part 4: the chronology tells the story in the order it happened. A contact
/// received on 2 March and typed on 5 March is dated 2 March, sorted and filtered by that
/// date, and says when it was recorded and by whom; so is the referral made from it.
async fn a_contact_typed_three_days_late_is_dated_when_it_was_received(
    store: Arc<dyn Store>,
    _: Backend,
) {
    let world = World::build(store.as_ref()).await;
    let id = ava(store.as_ref(), &world).await;
    let worker_on = |at| {
        let actor = crate::Actor::staff(
            world.worker_a,
            Role::SocialWorker,
            format!("SocialWorker {}", world.worker_a),
            format!("req-{}", world.worker_a),
            at,
        );
        let store = store.clone();
        async move { permitted(&*store, actor, id, Relationship::AllocatedWorker).await }
    };
    // Something recorded on 3 March, in between.
    let on_3_march = worker_on(super::at(2026, 3, 3, 11)).await;
    store
        .add_chronology_entry(
            &on_3_march,
            &crate::NewChronologyEntry {
                occurred_at: super::at(2026, 3, 3, 11),
                summary: "School nurse called".into(),
                significant: false,
            },
        )
        .await
        .unwrap();
    // On 5 March the worker types the contact received at 09:00 on 2 March, and refers it.
    let typed_at = super::at(2026, 3, 5, 10);
    let on_5_march = worker_on(typed_at).await;
    let contact = store
        .record_contact(&on_5_march, &school_contact())
        .await
        .unwrap();
    store
        .make_referral(&on_5_march, &referral(contact, day(2026, 3, 2)))
        .await
        .unwrap();

    let chronology = store.full_chronology(&on_5_march).await.unwrap();
    let kinds: Vec<_> = chronology.iter().map(|e| e.kind.as_str()).collect();
    let position = |kind: &str| kinds.iter().position(|k| *k == kind).unwrap();
    assert!(
        position("contact_received") < position("significant_event"),
        "sorted by when it happened: {kinds:?}"
    );
    let entry = |kind: &str| chronology.iter().find(|e| e.kind == kind).unwrap();
    let received = entry("contact_received");
    assert_eq!(received.occurred_at, super::at(2026, 3, 2, 9));
    assert_eq!(received.recorded_at, typed_at);
    assert_eq!(
        received.recorded_by,
        format!("SocialWorker {}", world.worker_a)
    );
    assert!(received.recorded_late());
    // The referral, on its referral date, follows its contact of the same day.
    let referred = entry("referral_accepted");
    assert_eq!(referred.occurred_at, super::at(2026, 3, 2, 9));
    assert_eq!(referred.recorded_at, typed_at);
    assert!(position("contact_received") < position("referral_accepted"));
    // Recorded the day it happened: no more to say.
    let same_day = entry("significant_event");
    assert_eq!(same_day.recorded_at, super::at(2026, 3, 3, 11));
    assert!(!same_day.recorded_late());

    // The record page's latest entries and the filtered chronology use the same date.
    let record = store.open_child_record(&on_5_march).await.unwrap();
    let newest_first: Vec<_> = record
        .recent_chronology
        .iter()
        .map(|e| e.kind.as_str())
        .collect();
    assert_eq!(
        newest_first.first(),
        Some(&"significant_event"),
        "{newest_first:?}"
    );
    assert_eq!(
        record
            .recent_chronology
            .iter()
            .find(|e| e.kind == "contact_received")
            .map(|e| (e.occurred_at, e.recorded_at)),
        Some((super::at(2026, 3, 2, 9), typed_at))
    );
    let on_the_day = journey_domain::case_notes::ChronologyFilter {
        from: Some(day(2026, 3, 2)),
        to: Some(day(2026, 3, 2)),
        ..Default::default()
    };
    let view = store
        .chronology_view(&on_5_march, &on_the_day, &[])
        .await
        .unwrap();
    let shown: Vec<_> = view.lines.iter().map(|l| l.entry.kind.as_str()).collect();
    // 2 March: the contact at 09:00 and its referral, then the record made at 10:00.
    assert_eq!(
        shown,
        [
            "contact_received",
            "referral_accepted",
            "child_registered",
            "allocated"
        ]
    );
    let typed_day = journey_domain::case_notes::ChronologyFilter {
        from: Some(day(2026, 3, 5)),
        to: Some(day(2026, 3, 5)),
        ..Default::default()
    };
    let view = store
        .chronology_view(&on_5_march, &typed_day, &[])
        .await
        .unwrap();
    assert!(
        view.lines
            .iter()
            .all(|l| !["contact_received", "referral_accepted"].contains(&l.entry.kind.as_str())),
        "filtered by when it happened, not when it was typed"
    );
}
