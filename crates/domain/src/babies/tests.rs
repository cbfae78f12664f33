//! The discharge gates and the pre-birth targets at fixed dates.

use chrono::NaiveDate;

use super::*;
use crate::ids::StaffId;
use crate::timescales::{RuleId, Timeliness, Timescales};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const WORKER: StaffId = StaffId(7);
const MANAGER: StaffId = StaffId(3);

fn plan(signed_off_on: Option<NaiveDate>, discharge: Option<i64>) -> PlanStep {
    PlanStep {
        id: 1,
        planned_discharge: d(2026, 12, 14),
        written_by: WORKER,
        written_on: d(2026, 12, 1),
        signed_off_on,
        discharge,
    }
}

fn baby(
    born: Option<NaiveDate>,
    plans: Vec<PlanStep>,
    discharges: Vec<DischargeStep>,
) -> BabyRecord {
    BabyRecord {
        name: "Baby Shaw".to_owned(),
        date_of_birth: born,
        expected_date_of_birth: Some(d(2026, 12, 10)),
        plans,
        discharges,
    }
}

fn left(on: NaiveDate) -> DischargeStep {
    DischargeStep {
        id: 9,
        plan: Some(1),
        discharged_on: on,
        unsigned: false,
    }
}

#[test]
fn a_plan_is_written_once_before_the_baby_leaves() {
    let born = Some(d(2026, 12, 8));
    let cases: Vec<(&str, BabyRecord, NaiveDate, Result<bool, &str>)> = vec![
        (
            "unborn, no plan",
            baby(None, vec![], vec![]),
            d(2026, 12, 14),
            Ok(true),
        ),
        (
            "born, no plan",
            baby(born, vec![], vec![]),
            d(2026, 12, 14),
            Ok(true),
        ),
        (
            "planned before the birth",
            baby(born, vec![], vec![]),
            d(2026, 12, 7),
            Ok(false),
        ),
        (
            "a plan is open",
            baby(born, vec![plan(None, None)], vec![]),
            d(2026, 12, 14),
            Err("already written"),
        ),
        (
            "already left",
            baby(born, vec![plan(None, Some(9))], vec![left(d(2026, 12, 9))]),
            d(2026, 12, 14),
            Err("left hospital on 9 December 2026"),
        ),
    ];
    for (name, record, planned, expected) in cases {
        match (record.may_write_plan(planned), expected) {
            (Ok(fields), Ok(ok)) => assert_eq!(fields.is_ok(), ok, "{name}"),
            (Err(refused), Err(says)) => assert!(
                refused.message.contains(says),
                "{name}: {}",
                refused.message
            ),
            (got, want) => panic!("{name}: got {got:?}, wanted {want:?}"),
        }
    }
}

#[test]
fn only_someone_other_than_its_author_signs_off_an_open_unsigned_plan() {
    let cases: Vec<(&str, BabyRecord, StaffId, Result<i64, &str>)> = vec![
        (
            "manager signs",
            baby(None, vec![plan(None, None)], vec![]),
            MANAGER,
            Ok(1),
        ),
        (
            "author signs",
            baby(None, vec![plan(None, None)], vec![]),
            WORKER,
            Err("You wrote this"),
        ),
        (
            "no plan",
            baby(None, vec![], vec![]),
            MANAGER,
            Err("no discharge plan"),
        ),
        (
            "signed already",
            baby(None, vec![plan(Some(d(2026, 12, 2)), None)], vec![]),
            MANAGER,
            Err("already signed off on 2 December 2026"),
        ),
    ];
    for (name, record, signer, expected) in cases {
        match (record.may_sign_off(signer), expected) {
            (Ok(id), Ok(want)) => assert_eq!(id, want, "{name}"),
            (Err(refused), Err(says)) => assert!(
                refused.message.contains(says),
                "{name}: {}",
                refused.message
            ),
            (got, want) => panic!("{name}: got {got:?}, wanted {want:?}"),
        }
    }
}

#[test]
fn a_discharge_needs_the_birth_and_a_reason_without_a_signed_plan() {
    let born = Some(d(2026, 12, 8));
    let signed = plan(Some(d(2026, 12, 2)), None);
    type Want = Result<Result<(Option<i64>, bool), &'static str>, &'static str>;
    let cases: Vec<(&str, BabyRecord, NaiveDate, &str, Want)> = vec![
        (
            "signed plan, no reason",
            baby(born, vec![signed.clone()], vec![]),
            d(2026, 12, 10),
            "",
            Ok(Ok((Some(1), true))),
        ),
        (
            "unsigned plan, no reason",
            baby(born, vec![plan(None, None)], vec![]),
            d(2026, 12, 10),
            "",
            Ok(Err("reason")),
        ),
        (
            "unsigned plan with reason",
            baby(born, vec![plan(None, None)], vec![]),
            d(2026, 12, 10),
            "Mother discharged herself",
            Ok(Ok((Some(1), false))),
        ),
        (
            "no plan, no reason",
            baby(born, vec![], vec![]),
            d(2026, 12, 10),
            "",
            Ok(Err("reason")),
        ),
        (
            "no plan with reason",
            baby(born, vec![], vec![]),
            d(2026, 12, 10),
            "Left at night",
            Ok(Ok((None, false))),
        ),
        (
            "before the birth",
            baby(born, vec![signed.clone()], vec![]),
            d(2026, 12, 7),
            "",
            Ok(Err("date")),
        ),
        (
            "not born",
            baby(None, vec![signed.clone()], vec![]),
            d(2026, 12, 7),
            "",
            Err("not born yet"),
        ),
        (
            "already left",
            baby(
                born,
                vec![plan(Some(d(2026, 12, 2)), Some(9))],
                vec![left(d(2026, 12, 9))],
            ),
            d(2026, 12, 10),
            "x",
            Err("as already recorded"),
        ),
    ];
    for (name, record, on, reason, expected) in cases {
        match (record.may_record_discharge(on, reason), expected) {
            (Ok(Ok(got)), Ok(Ok(want))) => assert_eq!(got, want, "{name}"),
            (Ok(Err(fields)), Ok(Err(field))) => {
                assert!(fields.message_for(field).is_some(), "{name}: {fields:?}")
            }
            (Err(refused), Err(says)) => assert!(
                refused.message.contains(says),
                "{name}: {}",
                refused.message
            ),
            (got, want) => panic!("{name}: got {got:?}, wanted {want:?}"),
        }
    }
}

#[test]
fn an_unsigned_plan_is_due_from_the_engine_with_the_days_to_discharge() {
    let timescales = Timescales::national_defaults();
    // Monday 14 December 2026; checked on Wednesday 9th: 3 working days to go.
    let record = baby(None, vec![plan(None, None)], vec![]);
    let due = record.sign_off_due(&timescales, d(2026, 12, 9)).unwrap();
    assert_eq!(due.working_days_to_discharge, 3);
    assert_eq!(due.check.due.date, d(2026, 12, 11));
    assert!(
        due.check
            .due
            .explanation
            .contains("before the planned discharge from hospital on 14 December 2026"),
        "{}",
        due.check.due.explanation
    );
    assert!(matches!(
        due.check.timeliness,
        Timeliness::DueSoon {
            working_days_left: 2
        }
    ));
    let signed = baby(None, vec![plan(Some(d(2026, 12, 2)), None)], vec![]);
    assert_eq!(signed.sign_off_due(&timescales, d(2026, 12, 9)), None);
}

#[test]
fn pre_birth_targets_count_back_from_the_expected_date() {
    let timescales = Timescales::national_defaults();
    // Due 24 May 2026; checked on 15 February 2026, week 26 of pregnancy.
    let expected = d(2026, 5, 24);
    let on = d(2026, 2, 15);
    let cases = [
        (
            ConferenceBooking::NotBooked,
            vec![
                (RuleId::PreBirthAssessmentStart, d(2026, 1, 4)),
                (RuleId::PreBirthConferenceBooking, d(2026, 2, 8)),
                (RuleId::PreBirthConference, d(2026, 3, 1)),
            ],
        ),
        (
            ConferenceBooking::Booked,
            vec![
                (RuleId::PreBirthAssessmentStart, d(2026, 1, 4)),
                (RuleId::PreBirthConference, d(2026, 3, 1)),
            ],
        ),
        (
            ConferenceBooking::Held,
            vec![(RuleId::PreBirthAssessmentStart, d(2026, 1, 4))],
        ),
    ];
    for (booking, want) in cases {
        let got: Vec<(RuleId, NaiveDate)> = pre_birth_targets(&timescales, expected, booking, on)
            .iter()
            .map(|t| (t.rule, t.check.due.date))
            .collect();
        assert_eq!(got, want, "{booking:?}");
    }
    let booking = &pre_birth_targets(&timescales, expected, ConferenceBooking::NotBooked, on)[1];
    assert!(booking.check.timeliness.is_overdue());
    assert!(
        booking
            .check
            .due
            .explanation
            .contains("week 25 of pregnancy")
    );
}

#[test]
fn the_post_birth_review_counts_from_the_birth() {
    let timescales = Timescales::national_defaults();
    let review = post_birth_review(&timescales, d(2026, 12, 20), d(2026, 12, 21)).unwrap();
    assert_eq!(review.check.due.date, d(2026, 12, 30));
}

#[test]
fn plans_and_discharges_are_read_from_their_fields() {
    let today = d(2026, 12, 9);
    let input = DischargePlanInput {
        planned_discharge: Some(d(2026, 12, 8)),
        destination: "somewhere".to_owned(),
        ..DischargePlanInput::default()
    };
    let errors = NewDischargePlan::parse(&input, today).unwrap_err();
    for field in [
        "planned_discharge",
        "destination",
        "going_with",
        "arrangements",
        "support",
        "contingency",
    ] {
        assert!(errors.message_for(field).is_some(), "{field}");
    }
    let good = DischargePlanInput {
        planned_discharge: Some(today),
        destination: "parent_and_baby".to_owned(),
        going_with: "Mother".to_owned(),
        arrangements: "a".to_owned(),
        support: "b".to_owned(),
        contingency: "c".to_owned(),
    };
    assert_eq!(
        NewDischargePlan::parse(&good, today).unwrap().destination,
        Destination::ParentAndBaby
    );
    let future = DischargeInput {
        date: Some(d(2026, 12, 10)),
        destination: "home_with_parents".to_owned(),
        going_with: "Parents".to_owned(),
        reason: String::new(),
    };
    let errors = NewDischarge::parse(&future, today).unwrap_err();
    assert!(errors.message_for("date").is_some());
    assert_eq!(errors.errors.len(), 1);
}
