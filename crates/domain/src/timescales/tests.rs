//! Table-driven tests for every rule at fixed dates, the shipped configuration, refusals of bad
//! configuration, and properties of due dates. Expected dates were worked out by hand from the
//! calendar (comments say how where it is not obvious).

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate, TimeZone, Utc};
use proptest::prelude::*;

use super::*;
use crate::FixedClock;
use crate::caseloads::{CaseloadPolicy, Weighted};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

const SHIPPED_CONFIG: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../config/authority.toml");

struct Case {
    rule: RuleId,
    facts: Facts,
    due: NaiveDate,
    /// A fragment the explanation must contain, if the case is about wording.
    says: Option<&'static str>,
}

/// A case whose explanation must contain `says`.
fn case(rule: RuleId, facts: Facts, due: NaiveDate, says: &'static str) -> Case {
    Case {
        rule,
        facts,
        due,
        says: Some(says),
    }
}

/// A case about the calendar: `_why` says what it exercises.
fn case_why(rule: RuleId, facts: Facts, due: NaiveDate, _why: &'static str) -> Case {
    Case {
        rule,
        facts,
        due,
        says: None,
    }
}

fn every_rule_cases() -> Vec<Case> {
    use RuleId::*;
    use VisitPlacement::*;
    vec![
        // Referral and assessment.
        case_why(
            ReferralDecision,
            Facts::from(d(2022, 6, 1)),
            d(2022, 6, 6),
            "jubilee: Thursday and Friday were bank holidays",
        ),
        case(
            ReferralDecision,
            Facts::from(d(2026, 12, 24)),
            d(2026, 12, 29),
            "1 working day after the referral was received on 24 December 2026",
        ),
        case_why(
            ReferralDecision,
            Facts::from(d(2026, 2, 14)),
            d(2026, 2, 16),
            "a Saturday referral is decided on Monday",
        ),
        case(
            ChildAndFamilyAssessment,
            Facts::from(d(2026, 3, 2)),
            d(2026, 5, 7),
            "45 working days after the referral on 2 March 2026",
        ),
        case_why(
            ChildAndFamilyAssessment,
            Facts::from(d(2026, 12, 1)),
            d(2027, 2, 5),
            "across Christmas and New Year",
        ),
        // Child protection.
        case_why(
            StrategyDiscussion,
            Facts::from(d(2023, 5, 5)),
            d(2023, 5, 9),
            "coronation Monday",
        ),
        case_why(
            StrategyDiscussionRecord,
            Facts::from(d(2022, 9, 16)),
            d(2022, 9, 20),
            "the Queen's funeral Monday",
        ),
        case(
            InitialChildProtectionConference,
            Facts::from(d(2026, 2, 27)),
            d(2026, 3, 20),
            "15 working days after the strategy discussion that started section 47 enquiries on 27 February 2026",
        ),
        case_why(
            InitialChildProtectionConference,
            Facts::from(d(2026, 3, 25)),
            d(2026, 4, 17),
            "across Easter",
        ),
        case_why(
            ConferenceMinutes,
            Facts::from(d(2020, 5, 1)),
            d(2020, 5, 26),
            "VE day and the spring bank holiday",
        ),
        case(
            FirstCoreGroup,
            Facts::from(d(2026, 12, 18)),
            d(2027, 1, 6),
            "10 working days after the initial child protection conference",
        ),
        case(
            CoreGroupMeeting,
            Facts::from(d(2026, 1, 31)),
            d(2026, 3, 14),
            "the last working day before it is Friday 13 March 2026",
        ),
        case(
            CoreGroupMeeting,
            Facts::from(d(2026, 1, 31)).previous(d(2026, 3, 13)),
            d(2026, 4, 24),
            "6 weeks after the previous core group on 13 March 2026",
        ),
        case(
            ReviewChildProtectionConference,
            Facts::from(d(2026, 2, 14)),
            d(2026, 5, 14),
            "3 months after the initial conference on 14 February 2026",
        ),
        case(
            ReviewChildProtectionConference,
            Facts::from(d(2026, 2, 14)).previous(d(2026, 5, 14)),
            d(2026, 11, 14),
            "6 months after the previous review conference on 14 May 2026",
        ),
        case_why(
            ReviewChildProtectionConference,
            Facts::from(d(2025, 11, 30)),
            d(2026, 2, 28),
            "month end clamps to 28 February",
        ),
        case_why(
            ReviewChildProtectionConference,
            Facts::from(d(2027, 11, 30)),
            d(2028, 2, 29),
            "leap year: 29 February",
        ),
        case(
            ChildProtectionVisit,
            Facts::from(d(2026, 4, 1)),
            d(2026, 4, 17),
            "10 working days after the child protection plan started",
        ),
        case(
            ChildProtectionVisit,
            Facts::from(d(2026, 4, 1)).previous(d(2026, 4, 20)),
            d(2026, 5, 5),
            "10 working days after the previous visit on 20 April 2026",
        ),
        // Pre-birth.
        case(
            PreBirthConference,
            Facts::from(d(2026, 5, 24)),
            d(2026, 3, 1),
            "week 28 of pregnancy, 12 weeks before the expected date of delivery on 24 May 2026",
        ),
        case(
            PreBirthAssessmentStart,
            Facts::from(d(2026, 5, 24)),
            d(2026, 1, 4),
            "week 20 of pregnancy, 20 weeks before the expected date of delivery on 24 May 2026",
        ),
        case(
            PreBirthConferenceBooking,
            Facts::from(d(2026, 5, 24)),
            d(2026, 2, 8),
            "week 25 of pregnancy, 15 weeks before the expected date of delivery on 24 May 2026",
        ),
        // Friday 11 December 2026 is the working day before Monday 14 December.
        case(
            DischargePlanSignOff,
            Facts::from(d(2026, 12, 14)),
            d(2026, 12, 11),
            "1 working day before the planned discharge from hospital on 14 December 2026",
        ),
        case(
            PostBirthReview,
            Facts::from(d(2026, 12, 20)),
            d(2026, 12, 30),
            "10 calendar days after the baby's birth",
        ),
        // Looked after.
        case(
            CarePlan,
            Facts::from(d(2026, 3, 30)),
            d(2026, 4, 15),
            "10 working days after the start of the first placement",
        ),
        case_why(
            PlacementPlan,
            Facts::from(d(2022, 5, 30)),
            d(2022, 6, 8),
            "30 May 2022 was an ordinary day: the holiday moved",
        ),
        case_why(
            PlacementNotification,
            Facts::from(d(2023, 5, 3)),
            d(2023, 5, 11),
            "coronation",
        ),
        case(
            InitialHealthAssessment,
            Facts::from(d(2026, 12, 14)),
            d(2027, 1, 14),
            "20 working days after the child became looked after",
        ),
        case(
            ReviewHealthAssessment,
            Facts::from(d(2026, 2, 1))
                .previous(d(2026, 8, 31))
                .date_of_birth(d(2022, 2, 28)),
            d(2027, 2, 28),
            "as the child was under 5 then",
        ),
        case(
            ReviewHealthAssessment,
            Facts::from(d(2026, 2, 1))
                .previous(d(2026, 8, 31))
                .date_of_birth(d(2021, 2, 28)),
            d(2027, 8, 31),
            "as the child was 5 or over then",
        ),
        case_why(
            ReviewHealthAssessment,
            Facts::from(d(2028, 1, 4))
                .previous(d(2028, 2, 28))
                .date_of_birth(d(2024, 2, 29)),
            d(2028, 8, 28),
            "born on 29 February: still 3 on 28 February",
        ),
        case_why(
            PersonalEducationPlan,
            Facts::from(d(2024, 3, 27)),
            d(2024, 4, 12),
            "across Easter 2024",
        ),
        case(
            LookedAfterReview,
            Facts::from(d(2026, 3, 9)),
            d(2026, 4, 8),
            "20 working days after the child became looked after on 9 March 2026",
        ),
        case(
            LookedAfterReview,
            Facts::from(d(2025, 12, 31))
                .previous(d(2026, 1, 31))
                .held(1),
            d(2026, 4, 30),
            "3 months after the first review on 31 January 2026 (CPPCR 2010 reg 33)",
        ),
        case(
            LookedAfterReview,
            Facts::from(d(2025, 12, 31))
                .previous(d(2026, 4, 30))
                .held(2),
            d(2026, 10, 30),
            "6 months after the previous review on 30 April 2026",
        ),
        case(
            LookedAfterReview,
            Facts::from(d(2025, 12, 31)).previous(d(2026, 1, 31)),
            d(2026, 4, 30),
            "(CPPCR 2010 reg 33). This takes the previous review to be the first: once two have been held, each is due 6 months after the one before.",
        ),
        case(
            StatutoryVisit,
            Facts::from(d(2026, 2, 14)).placement(Ordinary),
            d(2026, 2, 21),
            "1 week after the start of the placement on 14 February 2026, the first visit to a placement",
        ),
        case(
            StatutoryVisit,
            Facts::from(d(2026, 2, 14))
                .previous(d(2026, 3, 1))
                .placement(Ordinary),
            d(2026, 4, 12),
            "in the first year of the placement",
        ),
        case(
            StatutoryVisit,
            Facts::from(d(2025, 1, 10))
                .previous(d(2026, 2, 1))
                .placement(LongTerm),
            d(2026, 5, 1),
            "3 months after the previous visit on 1 February 2026, after the first year of a placement agreed to last until the child is 18",
        ),
        case(
            StatutoryVisit,
            Facts::from(d(2025, 1, 10))
                .previous(d(2026, 2, 1))
                .placement(Ordinary),
            d(2026, 3, 15),
            "after the first year of the placement",
        ),
        case(
            StatutoryVisit,
            Facts::from(d(2026, 1, 5))
                .previous(d(2026, 1, 12))
                .placement(WithParentsBeforeAssessment),
            d(2026, 1, 19),
            "until the first review",
        ),
        case(
            StatutoryVisit,
            Facts::from(d(2026, 1, 5))
                .previous(d(2026, 1, 12))
                .first_review(d(2026, 1, 10))
                .placement(WithParentsBeforeAssessment),
            d(2026, 2, 23),
            "6 weeks after the previous visit",
        ),
        case(
            StatutoryVisit,
            Facts::from(d(2026, 1, 5))
                .previous(d(2026, 1, 12))
                .first_review(d(2026, 1, 10))
                .placement(ConnectedPersonTemporaryApproval),
            d(2026, 2, 9),
            "4 weeks after the previous visit",
        ),
        case(
            StatutoryVisit,
            Facts::from(d(2026, 1, 5))
                .previous(d(2026, 1, 12))
                .placement(CareOrderAtHome),
            d(2026, 2, 23),
            "for a child at home under a care order",
        ),
        case_why(
            IroAppointment,
            Facts::from(d(2022, 12, 22)),
            d(2023, 1, 3),
            "across Christmas 2022 substitute days",
        ),
        case_why(
            IroDisputeResolution,
            Facts::from(d(2020, 4, 8)),
            d(2020, 5, 11),
            "Easter 2020 and VE day",
        ),
        // Care leavers.
        case(
            CareLeaverNeedsAssessment,
            Facts::from(d(2026, 1, 31)),
            d(2026, 4, 30),
            "3 months after",
        ),
        case(
            PathwayPlanReview,
            Facts::from(d(2025, 8, 31)),
            d(2026, 2, 28),
            "6 months after the pathway plan on 31 August 2025",
        ),
        case(
            PathwayPlanReview,
            Facts::from(d(2025, 8, 31)).previous(d(2026, 2, 28)),
            d(2026, 8, 28),
            "6 months after the previous review",
        ),
        // Adoption.
        case(
            AdoptionReviewBeforePlacement,
            Facts::from(d(2026, 1, 31)),
            d(2026, 4, 30),
            "3 months after the authority to place for adoption",
        ),
        case(
            AdoptionReviewAfterPlacement,
            Facts::from(d(2026, 2, 14)),
            d(2026, 3, 14),
            "4 weeks after the placement for adoption",
        ),
        case(
            AdoptionReviewAfterPlacement,
            Facts::from(d(2026, 2, 14)).previous(d(2026, 3, 13)).held(1),
            d(2026, 6, 13),
            "3 months after the first review on 13 March 2026",
        ),
        // Emergency protection: orders end, they are not "due".
        case(
            EmergencyProtectionOrderEnds,
            Facts::from(d(2026, 12, 28)),
            d(2027, 1, 5),
            "Emergency protection order ends no later than 5 January 2027: 8 calendar days after the order was made",
        ),
        case(
            EmergencyProtectionOrderExtension,
            Facts::from(d(2027, 1, 5)),
            d(2027, 1, 12),
            "Emergency protection order (extended) ends no later than 12 January 2027: 7 calendar days after the order was due to end on 5 January 2027",
        ),
        case(
            ChildAssessmentOrderEnds,
            Facts::from(d(2026, 2, 27)),
            d(2026, 3, 5),
            "7 calendar days beginning with the date the order specifies, 27 February 2026",
        ),
        case(
            PoliceProtectionEnds,
            Facts::from(d(2026, 2, 27)),
            d(2026, 3, 2),
            "3 calendar days",
        ),
        // Workforce.
        case(
            Supervision,
            Facts::from(d(2025, 9, 1)).previous(d(2026, 1, 31)),
            d(2026, 2, 28),
            "1 month after the previous supervision on 31 January 2026",
        ),
        case(
            SupervisionNewlyQualified,
            Facts::from(d(2026, 1, 5)).previous(d(2026, 1, 26)),
            d(2026, 2, 2),
            "in the first 6 weeks of employment",
        ),
        case(
            SupervisionNewlyQualified,
            Facts::from(d(2026, 1, 5)).previous(d(2026, 3, 2)),
            d(2026, 3, 16),
            "up to 6 months of employment",
        ),
        case(
            SupervisionNewlyQualified,
            Facts::from(d(2026, 1, 5)).previous(d(2026, 7, 6)),
            d(2026, 8, 6),
            "1 month after the previous supervision",
        ),
    ]
}

#[test]
fn every_rule_gives_the_expected_due_date_at_fixed_dates() {
    let timescales = Timescales::national_defaults();
    let cases = every_rule_cases();
    for case in &cases {
        let due = timescales
            .due(case.rule, &case.facts)
            .unwrap_or_else(|err| panic!("{}: {err}", case.rule));
        assert_eq!(due.date, case.due, "{}: {}", case.rule, due.explanation);
        if let Some(says) = case.says {
            assert!(
                due.explanation.contains(says),
                "{}: {:?} does not say {:?}",
                case.rule,
                due.explanation,
                says
            );
        }
    }
    let covered: BTreeSet<RuleId> = cases.iter().map(|case| case.rule).collect();
    let all: BTreeSet<RuleId> = RuleId::ALL.iter().copied().collect();
    assert_eq!(covered, all, "every rule has at least one case");
}

#[test]
fn working_day_rules_never_fall_due_on_a_weekend_or_bank_holiday_in_the_table() {
    let timescales = Timescales::national_defaults();
    for case in every_rule_cases() {
        let due = timescales.due(case.rule, &case.facts).unwrap();
        if due.interval.counting == Counting::WorkingDays {
            assert!(
                timescales.calendar().is_working_day(due.date),
                "{}",
                case.rule
            );
        }
    }
}

#[test]
fn the_issue_example_reads_exactly() {
    let timescales = Timescales::national_defaults();
    let due = timescales
        .due(
            RuleId::ReviewChildProtectionConference,
            &Facts::from(d(2026, 2, 14)),
        )
        .unwrap();
    assert_eq!(
        due.explanation,
        "Review conference due by 14 May 2026: 3 months after the initial conference on 14 February 2026 (Working Together 2023)."
    );
}

#[test]
fn calendar_deadlines_on_a_weekend_or_bank_holiday_say_when_to_act() {
    let timescales = Timescales::national_defaults();
    let pre_birth = timescales
        .due(RuleId::PreBirthConference, &Facts::from(d(2026, 5, 24)))
        .unwrap();
    assert_eq!(
        pre_birth.explanation,
        "Pre-birth child protection conference due by 1 March 2026: week 28 of pregnancy, 12 weeks before the expected date of delivery on 24 May 2026 (local practice: the authority's child protection procedures). 1 March 2026 is a Sunday: the last working day before it is Friday 27 February 2026."
    );
    // 28 December 2026 is the Boxing Day substitute.
    let review = timescales
        .due(
            RuleId::ReviewChildProtectionConference,
            &Facts::from(d(2026, 9, 28)),
        )
        .unwrap();
    assert_eq!(review.date, d(2026, 12, 28));
    assert!(
        review.explanation.ends_with(
            "28 December 2026 is a bank holiday (Boxing Day (substitute day)): the last working day before it is Thursday 24 December 2026."
        ),
        "{}",
        review.explanation
    );
}

#[test]
fn classification_uses_the_injected_clock_not_the_system_clock() {
    let timescales = Timescales::national_defaults();
    let facts = Facts::from(d(2026, 2, 14));
    let clock = FixedClock::new(Utc.with_ymd_and_hms(2026, 5, 20, 10, 0, 0).unwrap());
    let check = timescales
        .check_today(RuleId::ReviewChildProtectionConference, &facts, &clock)
        .unwrap();
    assert_eq!(check.checked_on, d(2026, 5, 20));
    assert_eq!(
        check.timeliness,
        Timeliness::Overdue {
            working_days: 4,
            calendar_days: 6
        }
    );
    clock.set(Utc.with_ymd_and_hms(2026, 5, 11, 10, 0, 0).unwrap());
    let check = timescales
        .check_today(RuleId::ReviewChildProtectionConference, &facts, &clock)
        .unwrap();
    assert_eq!(
        check.timeliness,
        Timeliness::DueSoon {
            working_days_left: 3
        }
    );
    clock.set(Utc.with_ymd_and_hms(2026, 3, 1, 10, 0, 0).unwrap());
    let check = timescales
        .check_today(RuleId::ReviewChildProtectionConference, &facts, &clock)
        .unwrap();
    assert!(matches!(check.timeliness, Timeliness::OnTime { .. }));
}

#[test]
fn bad_input_is_named() {
    let timescales = Timescales::national_defaults();
    let err = timescales
        .check(
            RuleId::InitialChildProtectionConference,
            &Facts::from(d(2026, 3, 2)),
            d(2026, 3, 1),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "the date to check (1 March 2026) is before the strategy discussion that started section 47 enquiries (2 March 2026): check a date on or after it"
    );
    let err = parse_date("2026-02-30").unwrap_err();
    assert_eq!(
        err.to_string(),
        "\"2026-02-30\" is not a date: give it as YYYY-MM-DD, for example 2026-02-14"
    );
    let err = timescales
        .due(RuleId::StatutoryVisit, &Facts::from(d(2026, 3, 2)))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Statutory visit to a looked-after child needs the placement type"
    );
    let err = timescales
        .due(
            RuleId::ReviewHealthAssessment,
            &Facts::from(d(2026, 3, 2)).previous(d(2026, 9, 1)),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Review health assessment needs the child's date of birth"
    );
    let err = timescales
        .due(
            RuleId::LookedAfterReview,
            &Facts::from(d(2026, 3, 2)).previous(d(2026, 3, 1)),
        )
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the previous occurrence (1 March 2026) is before"),
        "{err}"
    );
}

#[test]
fn a_pre_birth_conference_can_be_checked_before_the_expected_date_of_delivery() {
    let timescales = Timescales::national_defaults();
    let check = timescales
        .check(
            RuleId::PreBirthConference,
            &Facts::from(d(2026, 5, 24)),
            d(2026, 2, 20),
        )
        .unwrap();
    assert_eq!(check.due.date, d(2026, 3, 1));
    assert_eq!(
        check.timeliness,
        Timeliness::DueSoon {
            working_days_left: 5
        }
    );
}

#[test]
fn beyond_the_calendar_a_caveat_is_given() {
    let timescales = Timescales::national_defaults();
    let due = timescales
        .due(
            RuleId::ChildAndFamilyAssessment,
            &Facts::from(d(2030, 12, 1)),
        )
        .unwrap();
    assert_eq!(due.caveats.len(), 1);
    assert!(due.caveats[0].contains("runs to the end of 2030"));
    let inside = timescales
        .due(
            RuleId::ChildAndFamilyAssessment,
            &Facts::from(d(2026, 1, 5)),
        )
        .unwrap();
    assert!(inside.caveats.is_empty());
}

// ----- The authority configuration -----

#[test]
fn the_shipped_configuration_loads_and_matches_the_defaults() {
    let config = AuthorityConfig::load(Path::new(SHIPPED_CONFIG)).unwrap();
    assert_eq!(
        config.authority_name.as_deref(),
        Some("Example Children's Services")
    );
    assert_eq!(config.due_soon, Interval::working_days(5));
    assert_eq!(config.caseload, CaseloadPolicy::DEFAULT);
    let set: BTreeSet<RuleId> = config.rule_settings.iter().map(|s| s.rule).collect();
    for id in [
        RuleId::StrategyDiscussion,
        RuleId::StrategyDiscussionRecord,
        RuleId::ConferenceMinutes,
        RuleId::CoreGroupMeeting,
        RuleId::ChildProtectionVisit,
        RuleId::PreBirthAssessmentStart,
        RuleId::PreBirthConferenceBooking,
        RuleId::PreBirthConference,
        RuleId::PostBirthReview,
        RuleId::DischargePlanSignOff,
        RuleId::Supervision,
        RuleId::SupervisionNewlyQualified,
    ] {
        assert!(set.contains(&id), "{id} is written out in the shipped file");
    }
    // The shipped file writes out the defaults, so it changes no rule.
    let loaded = Timescales::from_config(config);
    assert_eq!(loaded.rules(), Timescales::national_defaults().rules());
    // Every local-practice rule has a setting in the shipped file.
    for rule in loaded.rules() {
        if rule.tier == Tier::LocalPractice {
            assert!(
                set.contains(&rule.id),
                "{} is not in config/authority.toml",
                rule.id
            );
        }
    }
}

fn refused(toml: &str) -> Vec<String> {
    match AuthorityConfig::parse(toml, "test.toml", None) {
        Ok(config) => panic!("accepted: {config:?}"),
        Err(err) => {
            let problems: Vec<String> = err.problems().iter().map(ToString::to_string).collect();
            if problems.is_empty() {
                vec![err.to_string()]
            } else {
                problems
            }
        }
    }
}

#[test]
fn each_kind_of_bad_configuration_is_refused_with_a_message_naming_it() {
    let cases: [(&str, &str); 19] = [
        (
            "[rules]\nreview-conference = \"3 months\"\n",
            "[rules] review-conference: there is no timescale rule by that name (did you mean review-child-protection-conference?)",
        ),
        (
            "[rules]\nchild-protection-visit = \"-5 working days\"\n",
            "[rules] child-protection-visit: -5 working days is negative; a timescale must be a positive amount of time",
        ),
        (
            "[rules]\nchild-protection-visit = -5\n",
            "[rules] child-protection-visit: -5 is negative; a timescale must be a positive amount of time",
        ),
        (
            "[rules]\nsupervision = \"0 weeks\"\n",
            "[rules] supervision: 0 weeks is zero; a timescale must be a positive amount of time",
        ),
        (
            "[rules]\nchild-and-family-assessment = \"50 working days\"\n",
            "[rules] child-and-family-assessment: 50 working days is looser than the national timescale of 45 working days (statutory guidance, Working Together 2023); local configuration may only shorten it",
        ),
        (
            "[rules]\nlooked-after-review = { then = \"7 months\" }\n",
            "[rules] looked-after-review.then: 7 months is looser than the national timescale of 6 months (statute, CPPCR 2010 reg 33); local configuration may only shorten it",
        ),
        (
            "[rules]\ninitial-child-protection-conference = \"3 weeks\"\n",
            "[rules] initial-child-protection-conference: the national timescale is counted in working days (statutory guidance, Working Together 2023); give a shorter amount in working days rather than 3 weeks",
        ),
        (
            "[rules]\nlooked-after-review = \"15 working days\"\n",
            "[rules] looked-after-review: this rule has several parts (first, second, then); set them as a table, e.g. looked-after-review = { first = \"20 working days\", second = \"3 months\", then = \"6 months\" }",
        ),
        (
            "[rules]\nlooked-after-review = { third = \"2 months\" }\n",
            "[rules] looked-after-review.third: this rule has no part by that name; its parts are first, second, then",
        ),
        (
            "[rules]\npre-birth-conference = \"28 weeks\"\n",
            "[rules] pre-birth-conference: give a week of pregnancy, e.g. \"week 28\"",
        ),
        (
            "[rules]\npre-birth-conference = \"week 50\"\n",
            "[rules] pre-birth-conference: week 50 of pregnancy is not a week of pregnancy (1 to 42)",
        ),
        (
            "[rules]\nsupervision = \"monthly\"\n",
            "[rules] supervision: \"monthly\" is not a timescale: write an amount and a unit, such as \"10 working days\", \"14 calendar days\", \"6 weeks\", \"3 months\" or \"week 28\" (of pregnancy)",
        ),
        (
            "[calendar]\nextra-bank-holidays = [\"2031-13-01\"]\n",
            "[calendar] extra-bank-holidays: 2031-13-01 is not a date (write YYYY-MM-DD)",
        ),
        (
            "[caseload]\nwarn-at = 30\nlimit = 25\n",
            "[caseload] warn-at (30) must be below limit (25), so managers are warned before the limit is reached",
        ),
        (
            "[caseload]\nlimit = -1\n",
            "[caseload] limit = -1: a caseload threshold must be a positive number of children",
        ),
        (
            "[caseload]\nreviewing-officer-warn-at = 80\n",
            "[caseload] reviewing-officer-warn-at (80) must be below reviewing-officer-limit (70), so managers are warned before the limit is reached",
        ),
        (
            "[caseload.weights]\nlooked_after = 1.0\n",
            "[caseload] weights.looked_after: not a kind of case (the kinds are care-proceedings, child-protection-plan, looked-after, unborn, child-in-need)",
        ),
        (
            "[caseload.weights]\nunborn = 1.25\n",
            "[caseload] weights.unborn = 1.25: a weight is a number above 0 with at most one decimal place, such as 1.5",
        ),
        (
            "[timescales]\ndue-soon = \"0 working days\"\n",
            "[timescales] due-soon: \"0 working days\" is zero: a timescale must be a positive amount of time",
        ),
    ];
    for (toml, message) in cases {
        assert_eq!(refused(toml), vec![message.to_owned()], "for {toml}");
    }
}

#[test]
fn caseload_weights_and_reviewing_officer_thresholds_are_read() {
    let config = AuthorityConfig::parse(
        "[caseload]\nreviewing-officer-warn-at = 40\nreviewing-officer-limit = 60\n\
         [caseload.weights]\nchild-protection-plan = 2\nchild-in-need = 0.5\n",
        "test.toml",
        None,
    )
    .unwrap();
    let policy = config.caseload;
    assert_eq!(policy.weights.child_protection_plan, Weighted(20));
    assert_eq!(policy.weights.child_in_need, Weighted(5));
    // Kinds not named keep Journey's weights.
    assert_eq!(
        policy.weights.unborn,
        CaseloadPolicy::DEFAULT.weights.unborn
    );
    assert_eq!(
        (
            policy.reviewing_officer.warn_at,
            policy.reviewing_officer.limit
        ),
        (40, 60)
    );
    assert_eq!(policy.worker, CaseloadPolicy::DEFAULT.worker);
}

#[test]
fn unknown_sections_and_bad_toml_are_refused() {
    let err = AuthorityConfig::parse("[rulez]\n", "test.toml", None).unwrap_err();
    assert!(matches!(err, ConfigError::Syntax { .. }), "{err}");
    assert!(err.to_string().contains("rulez"), "{err}");
    let err = AuthorityConfig::parse("[rules\n", "test.toml", None).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("the authority configuration test.toml is not valid TOML"),
        "{err}"
    );
    let err = AuthorityConfig::load(Path::new("/no/such/authority.toml")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("could not read the authority configuration /no/such/authority.toml"),
        "{err}"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let err = AuthorityConfig::parse(
        "[rules]\nassessment = \"40 working days\"\nsupervision = \"0 weeks\"\n",
        "authority.toml",
        None,
    )
    .unwrap_err();
    assert_eq!(err.problems().len(), 2);
    let text = err.to_string();
    assert!(
        text.starts_with(
            "the authority configuration authority.toml was refused:\n  - [rules] assessment"
        ),
        "{text}"
    );
}

#[test]
fn tightening_a_national_rule_is_allowed_and_explained() {
    let config = AuthorityConfig::parse(
        "[rules]\nchild-and-family-assessment = \"35 working days\"\nlooked-after-review = { first = \"15 working days\" }\nchild-protection-visit = \"2 weeks\"\n[timescales]\ndue-soon = \"3 working days\"\n",
        "test.toml",
        None,
    )
    .unwrap();
    let timescales = Timescales::from_config(config);
    let due = timescales
        .due(
            RuleId::ChildAndFamilyAssessment,
            &Facts::from(d(2026, 3, 2)),
        )
        .unwrap();
    // 45 working days was 7 May; 35 is ten working days earlier (4 May is a bank holiday).
    assert_eq!(due.date, d(2026, 4, 22));
    assert_eq!(
        due.explanation,
        "Child and family assessment completed due by 22 April 2026: 35 working days after the referral on 2 March 2026 (Working Together 2023; the authority has set 35 working days where the default is 45 working days)."
    );
    let review = timescales
        .due(RuleId::LookedAfterReview, &Facts::from(d(2026, 3, 9)))
        .unwrap();
    assert_eq!(review.date, d(2026, 3, 30));
    // A local rule may change its counting.
    let visit = timescales
        .due(RuleId::ChildProtectionVisit, &Facts::from(d(2026, 3, 2)))
        .unwrap();
    assert_eq!(visit.date, d(2026, 3, 16));
    assert_eq!(timescales.due_soon_window(), Interval::working_days(3));
}

#[test]
fn extra_bank_holidays_extend_the_calendar_without_a_rebuild() {
    let config = AuthorityConfig::parse(
        "[calendar]\nextra-bank-holidays = [2026-06-01, \"2026-06-02\"]\n",
        "test.toml",
        None,
    )
    .unwrap();
    let timescales = Timescales::from_config(config);
    // Friday 29 May + 1 working day skips the two new holidays.
    let due = timescales
        .due(RuleId::ReferralDecision, &Facts::from(d(2026, 5, 29)))
        .unwrap();
    assert_eq!(due.date, d(2026, 6, 3));
}

#[test]
fn an_extra_bank_holiday_file_is_read_beside_the_configuration() {
    let folder = std::env::temp_dir().join(format!("journey-timescales-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("extra.txt"),
        "# 2031\n2031-01-01 # New Year's Day\n",
    )
    .unwrap();
    std::fs::write(
        folder.join("authority.toml"),
        "[calendar]\nextra-bank-holidays-file = \"extra.txt\"\n",
    )
    .unwrap();
    let timescales = Timescales::load(&folder.join("authority.toml")).unwrap();
    assert_eq!(
        timescales.calendar().bank_holiday_name(d(2031, 1, 1)),
        Some("New Year's Day")
    );
    std::fs::write(folder.join("extra.txt"), "1 Jan 2031\n").unwrap();
    let err = Timescales::load(&folder.join("authority.toml")).unwrap_err();
    assert!(
        err.to_string()
            .contains("line 1: \"1 Jan 2031\" is not a date"),
        "{err}"
    );
    std::fs::remove_dir_all(&folder).unwrap();
}

// ----- Properties -----

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..(15 * 365)).prop_map(|offset| d(2015, 1, 1) + Days::new(offset))
}

fn any_rule() -> impl Strategy<Value = RuleId> {
    (0..RuleId::ALL.len()).prop_map(|i| RuleId::ALL.get(i).copied().unwrap())
}

proptest! {
    #[test]
    fn a_working_day_rule_is_never_due_on_a_weekend_or_bank_holiday(
        rule in any_rule(),
        start in any_date(),
        gap in 0u64..400,
        held in 0u32..4,
    ) {
        let timescales = Timescales::national_defaults();
        let facts = Facts::from(start)
            .previous(start + Days::new(gap))
            .held(held)
            .date_of_birth(d(2012, 2, 29))
            .placement(VisitPlacement::Ordinary);
        let due = timescales.due(rule, &facts).unwrap();
        if due.interval.counting == Counting::WorkingDays {
            prop_assert!(timescales.calendar().is_working_day(due.date), "{}", due.explanation);
        }
        let counts_back = timescales.rule(rule).unwrap().schedule.counts_back();
        prop_assert!(due.date >= due.counted_from || counts_back);
        prop_assert!(!counts_back || due.date <= due.counted_from);
        prop_assert!(due.explanation.contains(&format::long_date(due.date)));
    }

    #[test]
    fn classification_agrees_with_the_order_of_dates(due in any_date(), check in any_date()) {
        let timescales = Timescales::national_defaults();
        let status = timescales.classify(due, check);
        prop_assert_eq!(status.is_overdue(), check > due);
        if let Timeliness::Overdue { working_days, calendar_days } = status {
            prop_assert!(working_days >= 1 && working_days <= calendar_days);
        }
    }

    #[test]
    fn months_never_run_into_the_next_month(start in any_date(), months in 1u32..25) {
        let due = Interval::months(months).after(start, &WorkingCalendar::empty()).unwrap();
        let expected_month = (start.month0() + months) % 12;
        prop_assert_eq!(due.month0(), expected_month);
        prop_assert!(due.day() <= start.day());
    }
}

/// Issue 10, part 6: each defect in the timescales at fixed dates.
#[test]
fn a_child_assessment_order_ends_on_the_sixth_day_after_its_date() {
    // "not exceeding 7 days beginning with that date" (s43(5)): 1 May is the first of the 7.
    let due = Timescales::national_defaults()
        .due(
            RuleId::ChildAssessmentOrderEnds,
            &Facts::from(d(2026, 5, 1)),
        )
        .unwrap();
    assert_eq!(due.date, d(2026, 5, 7));
    assert_eq!(
        due.explanation,
        "Child assessment order ends no later than 7 May 2026: 7 calendar days beginning with the date the order specifies, 1 May 2026 (Children Act 1989 s43)."
    );
}

#[test]
fn an_emergency_protection_order_whose_last_day_is_a_public_holiday_may_run_to_noon_the_next_day_that_is_not()
 {
    let timescales = Timescales::national_defaults();
    let ends = |made| {
        timescales
            .due(RuleId::EmergencyProtectionOrderEnds, &Facts::from(made))
            .unwrap()
    };
    // Made Saturday 19 December 2026: the eighth day is Sunday 27th, and Monday 28th is the
    // Boxing Day substitute bank holiday, so noon on Tuesday 29th.
    let christmas = ends(d(2026, 12, 19));
    assert_eq!(christmas.date, d(2026, 12, 29));
    assert_eq!(
        christmas.explanation,
        "Emergency protection order ends no later than noon on 29 December 2026: 8 calendar days after the order was made on 19 December 2026 (Children Act 1989 s45). The last of those days, Sunday 27 December 2026, is a public holiday, so the court may set the order to end at noon on the first later day that is not one (section 45(2))."
    );
    // Good Friday 2026 is 3 April; a Saturday is not a public holiday.
    assert_eq!(ends(d(2026, 3, 26)).date, d(2026, 4, 4));
    // Christmas Day 2025 (a Thursday), then Boxing Day, then Saturday 27th.
    assert_eq!(ends(d(2025, 12, 17)).date, d(2025, 12, 27));
    // An ordinary last day moves nothing and says nothing more.
    let plain = ends(d(2026, 12, 28));
    assert_eq!(plain.date, d(2027, 1, 5));
    assert!(
        !plain.explanation.contains("public holiday"),
        "{}",
        plain.explanation
    );
}

#[test]
fn an_emergency_protection_order_can_be_extended_once_by_up_to_7_days() {
    let timescales = Timescales::national_defaults();
    let rule = timescales
        .rule(RuleId::EmergencyProtectionOrderExtension)
        .unwrap();
    assert_eq!(rule.tier, Tier::Statute);
    assert!(rule.source.contains("once only"), "{}", rule.source);
    let extended = timescales
        .due(
            RuleId::EmergencyProtectionOrderExtension,
            &Facts::from(d(2026, 12, 29)),
        )
        .unwrap();
    assert_eq!(extended.date, d(2027, 1, 5));
}

#[test]
fn the_initial_health_assessment_is_due_by_the_first_review_if_that_is_sooner() {
    let timescales = Timescales::national_defaults();
    let looked_after = d(2026, 12, 14);
    // 20 working days from 14 December 2026 is 14 January 2027; the first review is sooner.
    let due = timescales
        .due(
            RuleId::InitialHealthAssessment,
            &Facts::from(looked_after).first_review(d(2027, 1, 8)),
        )
        .unwrap();
    assert_eq!(due.date, d(2027, 1, 8));
    assert!(
        due.explanation.starts_with(
            "Initial health assessment due by 8 January 2027: by the first looked-after review on 8 January 2027, which comes before 20 working days after the child became looked after on 14 December 2026"
        ),
        "{}",
        due.explanation
    );
    // A first review after the 20 working days changes nothing.
    let later = timescales
        .due(
            RuleId::InitialHealthAssessment,
            &Facts::from(looked_after).first_review(d(2027, 1, 20)),
        )
        .unwrap();
    assert_eq!(later.date, d(2027, 1, 14));
}

#[test]
fn statutory_visits_take_the_2025_26_placement_codes() {
    let timescales = Timescales::national_defaults();
    let supported: VisitPlacement = "K3".parse().unwrap();
    let due = timescales
        .due(
            RuleId::StatutoryVisit,
            &Facts::from(d(2026, 2, 14)).placement(supported),
        )
        .unwrap();
    assert_eq!(due.date, d(2026, 2, 21));
    for old in ["H5", "P2", "Z1"] {
        assert!(old.parse::<VisitPlacement>().is_err(), "{old}");
    }
}

#[test]
fn pathway_plan_reviews_cite_the_care_leavers_regulations_and_happen_on_request() {
    let timescales = Timescales::national_defaults();
    let rule = timescales.rule(RuleId::PathwayPlanReview).unwrap();
    assert_eq!(
        rule.citation,
        "Care Leavers (England) Regulations 2010 reg 7"
    );
    let facts = Facts::from(d(2025, 8, 31)).previous(d(2026, 2, 28));
    let regular = timescales.due(RuleId::PathwayPlanReview, &facts).unwrap();
    assert_eq!(regular.date, d(2026, 8, 28));
    assert!(
        regular
            .explanation
            .contains("whenever the young person asks for one")
    );
    let asked = timescales
        .due(RuleId::PathwayPlanReview, &facts.requested(d(2026, 3, 3)))
        .unwrap();
    assert_eq!(asked.date, d(2026, 3, 3));
    assert_eq!(
        asked.explanation,
        "Pathway plan review due by 3 March 2026: a review was asked for on 3 March 2026, sooner than 6 months after the previous review on 28 February 2026 (Care Leavers (England) Regulations 2010 reg 7). The regulations set no time for a review asked for: Journey counts it due from the day it was asked for."
    );
}

#[test]
fn the_iro_appointment_in_5_working_days_is_good_practice_not_a_duty() {
    let timescales = Timescales::national_defaults();
    let rule = timescales.rule(RuleId::IroAppointment).unwrap();
    assert_eq!(rule.tier, Tier::LocalPractice);
    let due = timescales
        .due(RuleId::IroAppointment, &Facts::from(d(2026, 3, 2)))
        .unwrap();
    assert!(
        due.explanation
            .ends_with("(local practice: good practice in the IRO Handbook 2010)."),
        "{}",
        due.explanation
    );
}

#[test]
fn working_together_2023_referral_assessment_and_child_protection_is_chapter_3() {
    for rule in rules::catalogue() {
        if rule.source.starts_with("Working Together") {
            assert!(
                rule.source.contains("chapter 3"),
                "{}: {}",
                rule.id,
                rule.source
            );
            assert!(!rule.source.contains("chapter 4"), "{}", rule.id);
        }
    }
}
