//! The gates between the child protection steps and the dates they give, at fixed dates.

use chrono::NaiveDate;

use super::codes::{AbuseCategory, ConferenceDecision, EnquiryOutcome, StrategyDecision};
use super::pathway::*;
use crate::timescales::{Timeliness, Timescales};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn amelia() -> Pathway {
    Pathway {
        name: "Amelia".into(),
        ..Pathway::default()
    }
}

fn with_strategy(decision: StrategyDecision) -> Pathway {
    let mut p = amelia();
    p.strategy_discussions.push(StrategyStep {
        meeting: 1,
        held_on: d(2026, 12, 1),
        decision,
    });
    p
}

fn with_enquiry(outcome: Option<EnquiryOutcome>) -> Pathway {
    let mut p = with_strategy(StrategyDecision::Section47);
    p.enquiries.push(EnquiryStep {
        id: 10,
        strategy_meeting: 1,
        strategy_held_on: d(2026, 12, 1),
        started_on: d(2026, 12, 2),
        outcome,
        outcome_on: outcome.map(|_| d(2026, 12, 9)),
    });
    p
}

fn requested() -> Pathway {
    let mut p = with_enquiry(Some(EnquiryOutcome::LikelySignificantHarm));
    p.requests.push(RequestStep {
        id: 20,
        enquiry: Some(10),
        transfer_from: None,
        requested_on: d(2026, 12, 9),
        not_required: None,
        conference: None,
    });
    p
}

fn on_plan() -> Pathway {
    let mut p = requested();
    p.requests[0].conference = Some(30);
    p.conferences.push(ConferenceStep {
        meeting: 30,
        request: 20,
        held_on: d(2026, 12, 18),
        decision: ConferenceDecision::Plan,
    });
    p.plans.push(PlanStep {
        id: 40,
        conference: 30,
        started_on: d(2026, 12, 18),
        initial_category: AbuseCategory::Neglect,
        latest_category: AbuseCategory::Neglect,
        ended_on: None,
    });
    p
}

#[test]
fn a_conference_request_names_the_missing_step_at_each_stage() {
    let today = d(2026, 12, 10);
    let cases: Vec<(&str, Pathway, Step, &str)> = vec![
        (
            "nothing recorded",
            amelia(),
            Step::StrategyDiscussion,
            "An initial child protection conference can't be requested yet: no strategy discussion that decided to start section 47 enquiries is recorded for Amelia. Record the strategy discussion first.",
        ),
        (
            "a strategy discussion that decided on no enquiry",
            with_strategy(StrategyDecision::Section17),
            Step::StrategyDiscussion,
            "no strategy discussion that decided to start section 47 enquiries",
        ),
        (
            "a strategy discussion, no enquiry started",
            with_strategy(StrategyDecision::Section47),
            Step::StartEnquiry,
            "Start the section 47 enquiry first.",
        ),
        (
            "an enquiry without its outcome",
            with_enquiry(None),
            Step::EnquiryOutcome,
            "has no outcome yet. Record its outcome first.",
        ),
        (
            "an enquiry that did not substantiate the concerns",
            with_enquiry(Some(EnquiryOutcome::NotSubstantiated)),
            Step::StrategyDiscussion,
            "concerns not substantiated",
        ),
        (
            "a request already open",
            requested(),
            Step::Conference,
            "was requested on 9 December 2026 and has not been held",
        ),
        (
            "on a plan",
            on_plan(),
            Step::CoreGroup,
            "has been on a child protection plan since 18 December 2026",
        ),
    ];
    for (case, pathway, step, words) in cases {
        let refused = pathway
            .may_request_conference(today, false)
            .expect_err(case);
        assert_eq!(refused.put_right, step, "{case}");
        assert!(
            refused.message.contains(words),
            "{case}: {}",
            refused.message
        );
    }
    // The way round the gate is the one it names: a transfer-in.
    assert_eq!(amelia().may_request_conference(today, true), Ok(Ok(None)));
    // And the way through: an enquiry that found the child likely to suffer significant harm.
    let ready = with_enquiry(Some(EnquiryOutcome::LikelySignificantHarm));
    assert_eq!(ready.may_request_conference(today, false), Ok(Ok(Some(10))));
    // Dated before the outcome it follows: a problem at the field, not a gate.
    let early = ready.may_request_conference(d(2026, 12, 8), false).unwrap();
    assert!(early.unwrap_err().message_for("date").is_some());
}

#[test]
fn an_enquiry_starts_only_from_a_strategy_discussion_that_decided_on_one() {
    let refused = amelia().may_start_enquiry(1, d(2026, 12, 2)).unwrap_err();
    assert_eq!(refused.put_right, Step::StrategyDiscussion);
    let nfa = with_strategy(StrategyDecision::NoFurtherAction);
    assert!(nfa.may_start_enquiry(1, d(2026, 12, 2)).is_err());
    let ready = with_strategy(StrategyDecision::Section47);
    assert_eq!(ready.may_start_enquiry(1, d(2026, 12, 1)), Ok(Ok(())));
    // Before the discussion, or from another meeting: at the field.
    let before = ready.may_start_enquiry(1, d(2026, 11, 30)).unwrap();
    assert!(before.unwrap_err().message_for("start_date").is_some());
    let other = ready.may_start_enquiry(2, d(2026, 12, 2)).unwrap();
    assert!(
        other
            .unwrap_err()
            .message_for("strategy_discussion")
            .is_some()
    );
    // One enquiry per discussion: once started, the discussion no longer offers one.
    let started = with_enquiry(None);
    assert_eq!(
        started
            .may_start_enquiry(1, d(2026, 12, 3))
            .unwrap_err()
            .put_right,
        Step::StrategyDiscussion
    );
}

#[test]
fn conferences_core_groups_and_plan_ends_need_what_comes_before() {
    let no_request = with_enquiry(Some(EnquiryOutcome::LikelySignificantHarm));
    assert_eq!(
        no_request.may_hold_conference(None).unwrap_err().put_right,
        Step::RequestConference
    );
    assert_eq!(
        requested().may_hold_conference(Some(d(2026, 12, 18))),
        Ok(Ok(20))
    );
    assert!(
        requested()
            .may_hold_conference(Some(d(2026, 12, 8)))
            .unwrap()
            .is_err()
    );
    let refused = requested()
        .may_hold_core_group(d(2026, 12, 20))
        .unwrap_err();
    assert_eq!(refused.put_right, Step::Conference);
    assert!(
        refused
            .message
            .contains("Amelia is not on a child protection plan")
    );
    assert_eq!(on_plan().may_hold_core_group(d(2026, 12, 21)), Ok(Ok(40)));
    assert!(
        on_plan()
            .may_hold_core_group(d(2026, 12, 17))
            .unwrap()
            .is_err()
    );
    assert_eq!(on_plan().may_end_plan(d(2027, 3, 1)), Ok(Ok(40)));
    assert!(requested().may_end_plan(d(2027, 3, 1)).is_err());
}

#[test]
fn the_stage_follows_the_latest_step() {
    assert_eq!(amelia().stage(), Stage::NotInvolved);
    assert_eq!(
        with_strategy(StrategyDecision::Section47).stage(),
        Stage::StrategyDiscussion {
            held_on: d(2026, 12, 1)
        }
    );
    assert_eq!(
        with_enquiry(None).stage(),
        Stage::Section47 {
            since: d(2026, 12, 2)
        }
    );
    assert_eq!(
        requested().stage(),
        Stage::AwaitingConference {
            requested_on: d(2026, 12, 9)
        }
    );
    assert_eq!(
        on_plan().stage(),
        Stage::OnPlan {
            since: d(2026, 12, 18),
            category: AbuseCategory::Neglect
        }
    );
}

#[test]
fn due_dates_come_from_the_engine_over_bank_holidays() {
    let engine = Timescales::national_defaults();
    // Strategy discussion Tuesday 1 December 2026: 15 working days on is Tuesday 22
    // December, as the engine counts it and explains it.
    let due = requested().next_steps(&engine, d(2026, 12, 10));
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].step, Step::Conference);
    let expected = engine
        .due(
            crate::timescales::RuleId::InitialChildProtectionConference,
            &crate::timescales::Facts::from(d(2026, 12, 1)),
        )
        .unwrap();
    assert_eq!(due[0].due, expected.date);
    assert_eq!(due[0].due, d(2026, 12, 22));
    assert!(due[0].explanation.contains("1 December 2026"));
    // On a plan from Friday 18 December: the first core group 10 working days on, with
    // Christmas Day, Boxing Day (Monday 28th) and New Year's Day out, and the review
    // conference 3 months after the conference.
    let due = on_plan().next_steps(&engine, d(2027, 1, 8));
    let core = due.iter().find(|n| n.step == Step::CoreGroup).unwrap();
    assert_eq!(core.due, d(2027, 1, 6));
    assert!(matches!(core.timeliness, Timeliness::Overdue { .. }));
    let review = due.iter().find(|n| n.step == Step::EndPlan).unwrap();
    assert_eq!(review.due, d(2027, 3, 18));
}
