//! The pre-birth targets of an unborn child, each from the timescale engine with its
//! explanation: the assessment's start, the conference booked and held (weeks of pregnancy set
//! locally); and, once born, the post-birth review.

use chrono::NaiveDate;
use serde::Serialize;

use crate::timescales::{Check, Facts, RuleId, Timescales};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub rule: RuleId,
    pub what: &'static str,
    pub check: Check,
}

fn target(
    timescales: &Timescales,
    rule: RuleId,
    what: &'static str,
    from: NaiveDate,
    on: NaiveDate,
) -> Option<Target> {
    let check = timescales.check(rule, &Facts::from(from), on).ok()?;
    Some(Target { rule, what, check })
}

/// How far the pre-birth conference has got: a conference request or a conference in the
/// child protection record counts as booked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ConferenceBooking {
    NotBooked,
    Booked,
    Held,
}

/// The targets counted back from the expected date of delivery that are still to meet: the
/// booking until a conference is asked for, the conference until it is held. The assessment's
/// start is always shown (assessments are recorded elsewhere).
pub fn pre_birth_targets(
    timescales: &Timescales,
    expected: NaiveDate,
    conference: ConferenceBooking,
    on: NaiveDate,
) -> Vec<Target> {
    let mut rules = vec![(
        RuleId::PreBirthAssessmentStart,
        "Start the pre-birth assessment",
    )];
    if conference == ConferenceBooking::NotBooked {
        rules.push((
            RuleId::PreBirthConferenceBooking,
            "Ask for the pre-birth conference",
        ));
    }
    if conference != ConferenceBooking::Held {
        rules.push((RuleId::PreBirthConference, "Hold the pre-birth conference"));
    }
    rules
        .into_iter()
        .filter_map(|(rule, what)| target(timescales, rule, what, expected, on))
        .collect()
}

/// The review after the birth of a baby whose record began before it.
pub fn post_birth_review(
    timescales: &Timescales,
    born: NaiveDate,
    on: NaiveDate,
) -> Option<Target> {
    target(
        timescales,
        RuleId::PostBirthReview,
        "Hold the post-birth review",
        born,
        on,
    )
}
