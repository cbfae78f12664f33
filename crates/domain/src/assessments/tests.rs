//! The assessment gates and due date at fixed dates.

use chrono::{NaiveDate, TimeZone, Utc};

use super::*;
use crate::front_door::ClosureReason;
use crate::ids::StaffId;
use crate::timescales::Timescales;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
}

const WORKER: StaffId = StaffId(7);
const MANAGER: StaffId = StaffId(3);

/// Referred on Monday 2 November 2026: due by 7 January 2027, counting round Christmas
/// Day, the Boxing Day holiday on Monday 28 December and New Year's Day.
fn referral() -> Episode {
    Episode {
        referral: 10,
        referral_date: d(2026, 11, 2),
    }
}

fn assessment(state: AssessmentState) -> AssessmentRecord {
    AssessmentRecord {
        id: 1,
        kind: AssessmentKind::ChildAndFamily,
        referral: 10,
        referral_date: d(2026, 11, 2),
        start_date: d(2026, 11, 4),
        state,
        author: WORKER,
        author_name: "Sam Worker".into(),
        text: AssessmentText::default(),
        saved_at: Utc
            .with_ymd_and_hms(2026, 11, 4, 10, 0, 0)
            .single()
            .unwrap_or_default(),
        submitted_on: (state != AssessmentState::Draft).then_some(d(2026, 12, 1)),
        authorised_on: (state == AssessmentState::Authorised).then_some(d(2026, 12, 2)),
        authorised_by_name: None,
        returned_reason: None,
    }
}

fn child(open_episode: Option<Episode>, list: Vec<AssessmentRecord>) -> Assessments {
    Assessments {
        name: "Amelia".into(),
        open_episode,
        assessments: list,
    }
}

fn complete() -> AssessmentText {
    AssessmentText {
        seen_date: Some(d(2026, 11, 5)),
        seen_alone: Some(true),
        factors: vec![AssessmentFactor::Neglect],
        analysis: "Analysis".into(),
        wishes_and_feelings: "Wants to stay at home".into(),
        outcome: Some(AssessmentOutcome::ChildInNeedPlan),
        outcome_detail: String::new(),
        late_reason: String::new(),
    }
}

#[test]
fn due_45_working_days_from_the_referral_across_christmas_and_new_year() {
    let timescales = Timescales::national_defaults();
    let due = Assessments::due(&assessment(AssessmentState::Draft), &timescales);
    let due = due.map(|d| (d.date, d.explanation.contains("45 working days")));
    assert_eq!(due, Some((d(2027, 1, 7), true)));
}

#[test]
fn starting_an_assessment() {
    let cases: Vec<(&str, Assessments, NaiveDate, Result<bool, Step>)> = vec![
        (
            "no episode",
            child(None, vec![]),
            d(2026, 11, 4),
            Err(Step::Referral),
        ),
        (
            "open episode",
            child(Some(referral()), vec![]),
            d(2026, 11, 4),
            Ok(true),
        ),
        (
            "on the referral day",
            child(Some(referral()), vec![]),
            d(2026, 11, 2),
            Ok(true),
        ),
        (
            "before the referral",
            child(Some(referral()), vec![]),
            d(2026, 11, 1),
            Ok(false),
        ),
        (
            "another open",
            child(Some(referral()), vec![assessment(AssessmentState::Draft)]),
            d(2026, 11, 4),
            Err(Step::Edit),
        ),
        (
            "another waiting for authorisation",
            child(
                Some(referral()),
                vec![assessment(AssessmentState::Submitted)],
            ),
            d(2026, 11, 4),
            Err(Step::Edit),
        ),
        (
            "the last one authorised",
            child(
                Some(referral()),
                vec![assessment(AssessmentState::Authorised)],
            ),
            d(2026, 12, 4),
            Ok(true),
        ),
    ];
    for (case, child, start, expected) in cases {
        let got = child
            .may_start(start)
            .map(|r| r.is_ok())
            .map_err(|e| e.put_right);
        assert_eq!(got, expected, "{case}");
    }
    let refused = child(None, vec![]).may_start(d(2026, 11, 4));
    assert!(refused.err().is_some_and(|e| {
        e.message
            .contains("Record the contact and the referral first")
    }));
}

#[test]
fn submitting_needs_every_part_and_past_its_due_date_a_reason() {
    let timescales = Timescales::national_defaults();
    let draft = child(Some(referral()), vec![assessment(AssessmentState::Draft)]);
    let on_time = d(2026, 12, 1);
    let late = d(2027, 1, 8);
    let with = |f: fn(&mut AssessmentText)| {
        let mut text = complete();
        f(&mut text);
        text
    };
    let cases: Vec<(&str, AssessmentText, NaiveDate, Option<&str>)> = vec![
        ("complete", complete(), on_time, None),
        ("complete on its due day", complete(), d(2027, 1, 7), None),
        (
            "not seen",
            with(|t| t.seen_date = None),
            on_time,
            Some("seen_date"),
        ),
        (
            "seen before it started",
            with(|t| t.seen_date = Some(d(2026, 11, 3))),
            on_time,
            Some("seen_date"),
        ),
        (
            "seen alone unanswered",
            with(|t| t.seen_alone = None),
            on_time,
            Some("seen_alone"),
        ),
        (
            "no factors",
            with(|t| t.factors.clear()),
            on_time,
            Some("factors"),
        ),
        (
            "no analysis",
            with(|t| t.analysis.clear()),
            on_time,
            Some("analysis"),
        ),
        (
            "no outcome",
            with(|t| t.outcome = None),
            on_time,
            Some("outcome"),
        ),
        (
            "other outcome unexplained",
            with(|t| t.outcome = Some(AssessmentOutcome::Other)),
            on_time,
            Some("outcome_detail"),
        ),
        (
            "late without a reason",
            complete(),
            late,
            Some("late_reason"),
        ),
        (
            "late with a reason",
            with(|t| t.late_reason = "The family were away".into()),
            late,
            None,
        ),
    ];
    for (case, text, today, problem) in cases {
        let got = draft.may_submit(&text, &timescales, today);
        match (got, problem) {
            (Ok(Ok(id)), None) => assert_eq!(id, 1, "{case}"),
            (Ok(Err(errors)), Some(field)) => {
                assert!(errors.message_for(field).is_some(), "{case}: {errors:?}")
            }
            (other, _) => panic!("{case}: {other:?}"),
        }
    }
    let waiting = child(
        Some(referral()),
        vec![assessment(AssessmentState::Submitted)],
    );
    assert_eq!(
        waiting
            .may_submit(&complete(), &timescales, on_time)
            .map(|_| ())
            .map_err(|e| e.put_right),
        Err(Step::Authorise)
    );
    let none = child(Some(referral()), vec![]);
    assert_eq!(
        none.may_submit(&complete(), &timescales, on_time)
            .map(|_| ())
            .map_err(|e| e.put_right),
        Err(Step::Start)
    );
}

#[test]
fn a_pre_birth_assessment_does_not_ask_whether_the_unborn_child_was_seen_alone() {
    let mut pre_birth = assessment(AssessmentState::Draft);
    pre_birth.kind = AssessmentKind::PreBirth;
    let mut text = complete();
    text.seen_alone = None;
    let got = child(Some(referral()), vec![pre_birth]).may_submit(
        &text,
        &Timescales::national_defaults(),
        d(2026, 12, 1),
    );
    assert_eq!(got, Ok(Ok(1)));
}

/// case, state, who, date, allowed (or the refusal's words)
type AuthoriseCase = (
    &'static str,
    AssessmentState,
    Authoriser,
    NaiveDate,
    Result<bool, &'static str>,
);

#[test]
fn only_a_manager_in_the_line_who_did_not_write_it_authorises() {
    let manager = Authoriser {
        staff: MANAGER,
        manages_the_line: true,
    };
    let cases: Vec<AuthoriseCase> = vec![
        (
            "manager",
            AssessmentState::Submitted,
            manager,
            d(2026, 12, 2),
            Ok(true),
        ),
        (
            "same day as submitted",
            AssessmentState::Submitted,
            manager,
            d(2026, 12, 1),
            Ok(true),
        ),
        (
            "before submitted",
            AssessmentState::Submitted,
            manager,
            d(2026, 11, 30),
            Ok(false),
        ),
        (
            "still a draft",
            AssessmentState::Draft,
            manager,
            d(2026, 12, 2),
            Err("submits it"),
        ),
        (
            "a worker",
            AssessmentState::Submitted,
            Authoriser {
                staff: StaffId(9),
                manages_the_line: false,
            },
            d(2026, 12, 2),
            Err("Only a team manager"),
        ),
        (
            "the author",
            AssessmentState::Submitted,
            Authoriser {
                staff: WORKER,
                manages_the_line: true,
            },
            d(2026, 12, 2),
            Err("can't authorise their own"),
        ),
        (
            "already authorised",
            AssessmentState::Authorised,
            manager,
            d(2026, 12, 2),
            Err("no assessment is waiting"),
        ),
    ];
    for (case, state, who, on, expected) in cases {
        let list = child(Some(referral()), vec![assessment(state)]);
        match (list.may_authorise(who, on), expected) {
            (Ok(result), Ok(allowed)) => assert_eq!(result.is_ok(), allowed, "{case}"),
            (Err(refused), Err(words)) => {
                assert!(
                    refused.message.contains(words),
                    "{case}: {}",
                    refused.message
                )
            }
            (other, _) => panic!("{case}: {other:?}"),
        }
    }
}

#[test]
fn closing_after_assessment_needs_an_authorised_one() {
    let authorised = child(
        Some(referral()),
        vec![assessment(AssessmentState::Authorised)],
    );
    let waiting = child(
        Some(referral()),
        vec![assessment(AssessmentState::Submitted)],
    );
    let cases = [
        (
            ClosureReason::ClosedAfterAssessment,
            waiting.authorised_in(10),
            false,
        ),
        (
            ClosureReason::ClosedToEarlyHelp,
            waiting.authorised_in(10),
            false,
        ),
        (
            ClosureReason::ClosedAfterAssessment,
            authorised.authorised_in(10),
            true,
        ),
        (
            ClosureReason::ClosedAfterAssessment,
            authorised.authorised_in(11),
            false,
        ),
        (
            ClosureReason::ClosedToEarlyHelp,
            authorised.authorised_in(10),
            true,
        ),
        (ClosureReason::ALL[0], false, true),
    ];
    for (reason, has, allowed) in cases {
        let got = check_closure_reason(reason, has, "Amelia");
        assert_eq!(got.is_ok(), allowed, "{reason:?} {has}");
        if let Err(errors) = got {
            assert!(
                errors
                    .message_for("reason")
                    .is_some_and(|m| m.contains("needs an authorised assessment"))
            );
        }
    }
}

#[test]
fn a_draft_refuses_unknown_repeated_and_retired_factors_and_future_dates() {
    let today = d(2026, 12, 1);
    let cases: Vec<(&str, TextInput, Option<&str>)> = vec![
        ("empty draft", TextInput::default(), None),
        (
            "known factors",
            TextInput {
                factors: vec!["3B".into(), "16A".into()],
                ..TextInput::default()
            },
            None,
        ),
        (
            "unknown",
            TextInput {
                factors: vec!["99Z".into()],
                ..TextInput::default()
            },
            Some("factors"),
        ),
        (
            "retired 18A",
            TextInput {
                factors: vec!["18A".into()],
                ..TextInput::default()
            },
            Some("factors"),
        ),
        (
            "twice",
            TextInput {
                factors: vec!["1A".into(), "1a".into()],
                ..TextInput::default()
            },
            Some("factors"),
        ),
        (
            "21 with another",
            TextInput {
                factors: vec!["21".into(), "1A".into()],
                ..TextInput::default()
            },
            Some("factors"),
        ),
        (
            "seen tomorrow",
            TextInput {
                seen_date: Some(d(2026, 12, 2)),
                ..TextInput::default()
            },
            Some("seen_date"),
        ),
        (
            "unknown outcome",
            TextInput {
                outcome: "adoption".into(),
                ..TextInput::default()
            },
            Some("outcome"),
        ),
    ];
    for (case, input, problem) in cases {
        let got = AssessmentText::parse(&input, today);
        match problem {
            None => assert!(got.is_ok(), "{case}: {got:?}"),
            Some(field) => assert!(
                got.err().is_some_and(|e| e.message_for(field).is_some()),
                "{case}"
            ),
        }
    }
    let start = NewAssessment::parse(
        &StartInput {
            kind: "child_and_family".into(),
            start_date: Some(d(2026, 12, 2)),
        },
        today,
    );
    assert!(
        start
            .err()
            .is_some_and(|e| e.message_for("start_date").is_some())
    );
}

#[test]
fn waiting_time_counts_working_days() {
    let timescales = Timescales::national_defaults();
    // Thursday 24 December to Tuesday 29 December: the 28th is the Boxing Day holiday.
    assert_eq!(
        waiting_days(d(2026, 12, 24), d(2026, 12, 29), &timescales),
        1
    );
    assert_eq!(waiting_days(d(2026, 12, 1), d(2026, 12, 1), &timescales), 0);
}
