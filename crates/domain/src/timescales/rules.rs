//! The catalogue: every timescale in children's social care that Journey tracks, as data, each
//! with its tier and source. Local-practice defaults here are what an authority gets until its
//! configuration says otherwise.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::counting::Interval;
use super::error::TimescaleError;
use super::schedule::{Phase, Schedule};
use super::visits::VisitIntervals;

/// How binding a timescale is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// Statute or regulation: must.
    Statute,
    /// Statutory guidance: should, and a departure needs recorded reasons.
    StatutoryGuidance,
    /// The authority's own procedures: set in its configuration.
    LocalPractice,
}

impl Tier {
    pub fn describe(self) -> &'static str {
        match self {
            Self::Statute => "statute",
            Self::StatutoryGuidance => "statutory guidance",
            Self::LocalPractice => "local practice",
        }
    }

    /// National tiers may be tightened locally but never loosened.
    pub fn is_national(self) -> bool {
        !matches!(self, Self::LocalPractice)
    }
}

impl fmt::Display for Tier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.describe())
    }
}

/// The part of the child's journey a rule belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Area {
    ReferralAndAssessment,
    ChildProtection,
    PreBirth,
    LookedAfter,
    CareLeavers,
    Adoption,
    EmergencyProtection,
    Workforce,
}

impl Area {
    pub fn describe(self) -> &'static str {
        match self {
            Self::ReferralAndAssessment => "Referral and assessment",
            Self::ChildProtection => "Child protection",
            Self::PreBirth => "Pre-birth",
            Self::LookedAfter => "Children looked after",
            Self::CareLeavers => "Care leavers",
            Self::Adoption => "Adoption",
            Self::EmergencyProtection => "Emergency protection",
            Self::Workforce => "Workforce",
        }
    }
}

macro_rules! rule_ids {
    ($($variant:ident => $slug:literal,)*) => {
        /// Every timescale rule, by the name the rest of Journey uses for it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "kebab-case")]
        pub enum RuleId { $($variant,)* }

        impl RuleId {
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            /// The kebab-case name used on the command line and in configuration.
            pub fn slug(self) -> &'static str {
                match self { $(RuleId::$variant => $slug,)* }
            }
        }
    };
}

rule_ids! {
    ReferralDecision => "referral-decision",
    ChildAndFamilyAssessment => "child-and-family-assessment",
    StrategyDiscussion => "strategy-discussion",
    StrategyDiscussionRecord => "strategy-discussion-record",
    InitialChildProtectionConference => "initial-child-protection-conference",
    ConferenceMinutes => "conference-minutes",
    FirstCoreGroup => "first-core-group",
    CoreGroupMeeting => "core-group-meeting",
    ReviewChildProtectionConference => "review-child-protection-conference",
    ChildProtectionVisit => "child-protection-visit",
    PreBirthAssessmentStart => "pre-birth-assessment-start",
    PreBirthConferenceBooking => "pre-birth-conference-booking",
    PreBirthConference => "pre-birth-conference",
    PostBirthReview => "post-birth-review",
    DischargePlanSignOff => "discharge-plan-sign-off",
    CarePlan => "care-plan",
    PlacementPlan => "placement-plan",
    PlacementNotification => "placement-notification",
    InitialHealthAssessment => "initial-health-assessment",
    ReviewHealthAssessment => "review-health-assessment",
    PersonalEducationPlan => "personal-education-plan",
    LookedAfterReview => "looked-after-review",
    StatutoryVisit => "statutory-visit",
    IroAppointment => "iro-appointment",
    IroDisputeResolution => "iro-dispute-resolution",
    CareLeaverNeedsAssessment => "care-leaver-needs-assessment",
    PathwayPlanReview => "pathway-plan-review",
    AdoptionReviewBeforePlacement => "adoption-review-before-placement",
    AdoptionReviewAfterPlacement => "adoption-review-after-placement",
    EmergencyProtectionOrderEnds => "emergency-protection-order-ends",
    EmergencyProtectionOrderExtension => "emergency-protection-order-extension",
    ChildAssessmentOrderEnds => "child-assessment-order-ends",
    PoliceProtectionEnds => "police-protection-ends",
    Supervision => "supervision",
    SupervisionNewlyQualified => "supervision-newly-qualified",
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}

impl FromStr for RuleId {
    type Err = TimescaleError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let given = text.trim();
        let wanted = given.to_ascii_lowercase().replace(['_', ' '], "-");
        Self::ALL
            .iter()
            .copied()
            .find(|id| id.slug() == wanted)
            .ok_or_else(|| TimescaleError::UnknownRule {
                given: given.to_owned(),
                suggestion: closest_slug(&wanted).map(str::to_owned),
            })
    }
}

/// The rule whose name shares the most words with what was typed, for "did you mean".
fn closest_slug(wanted: &str) -> Option<&'static str> {
    let words: Vec<&str> = wanted.split('-').filter(|w| w.len() > 2).collect();
    RuleId::ALL
        .iter()
        .map(|id| {
            let shared = id
                .slug()
                .split('-')
                .filter(|part| {
                    words
                        .iter()
                        .any(|w| part.starts_with(w) || w.starts_with(part))
                })
                .count();
            (shared, id.slug())
        })
        .filter(|(shared, _)| *shared > 0)
        .max_by_key(|(shared, _)| *shared)
        .map(|(_, slug)| slug)
}

/// One timescale: what is due, counted from what, how long, how binding, and on whose authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    pub id: RuleId,
    /// What a social worker calls it.
    pub name: &'static str,
    pub area: Area,
    /// The event the clock starts from, as it reads after "after": "the referral".
    pub start_event: &'static str,
    /// The event a repeat is counted from: "the previous review".
    pub previous_event: &'static str,
    /// "due by" for work to be done; "ends no later than" for orders that lapse.
    pub deadline_words: &'static str,
    pub schedule: Schedule,
    pub tier: Tier,
    /// Short form for explanations: "Working Together 2023".
    pub citation: &'static str,
    /// The regulation or guidance paragraph, in full.
    pub source: &'static str,
    /// What the rule's words add to plain counting, where they add something.
    pub proviso: Option<Proviso>,
}

/// A rule's words that change the date beyond counting the interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Proviso {
    /// "N days beginning with" the start: the start day is the first of them, so the last is
    /// N - 1 days after it (Children Act 1989 s43(5)).
    BeginningWith,
    /// An emergency protection order whose last day is a public holiday (Christmas Day, Good
    /// Friday, a bank holiday or a Sunday) may end at noon on the first later day that is not
    /// one (Children Act 1989 s45(2)).
    NoonAfterPublicHoliday,
    /// Due by the earlier of the interval and the child's first looked-after review.
    ByFirstReview,
    /// Also due whenever the young person asks for one, or the authority thinks one necessary.
    OnRequest,
}

const WORKING_TOGETHER: &str = "Working Together 2023";

struct Draft {
    id: RuleId,
    name: &'static str,
    area: Area,
    start_event: &'static str,
    previous_event: &'static str,
    schedule: Schedule,
    tier: Tier,
    citation: &'static str,
    source: &'static str,
}

impl Draft {
    fn due(self) -> Rule {
        self.with_words("due by")
    }

    fn ends(self) -> Rule {
        self.with_words("ends no later than")
    }

    fn with_words(self, deadline_words: &'static str) -> Rule {
        Rule {
            id: self.id,
            name: self.name,
            area: self.area,
            start_event: self.start_event,
            previous_event: self.previous_event,
            deadline_words,
            schedule: self.schedule,
            tier: self.tier,
            citation: self.citation,
            source: self.source,
            proviso: None,
        }
    }
}

impl Rule {
    fn with(mut self, proviso: Proviso) -> Rule {
        self.proviso = Some(proviso);
        self
    }
}

/// The national catalogue with Journey's local-practice defaults, one entry per [`RuleId`].
pub fn catalogue() -> Vec<Rule> {
    use Area::*;
    use Tier::*;
    vec![
        Draft {
            id: RuleId::ReferralDecision,
            name: "Decision on a referral",
            area: ReferralAndAssessment,
            start_event: "the referral was received",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(1) },
            tier: StatutoryGuidance,
            citation: WORKING_TOGETHER,
            source: "Working Together to Safeguard Children 2023, chapter 3: within one working day of a referral, a decision about the type of response required",
        }
        .due(),
        Draft {
            id: RuleId::ChildAndFamilyAssessment,
            name: "Child and family assessment completed",
            area: ReferralAndAssessment,
            start_event: "the referral",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(45) },
            tier: StatutoryGuidance,
            citation: WORKING_TOGETHER,
            source: "Working Together to Safeguard Children 2023, chapter 3: a maximum of 45 working days from the point of referral; reasons recorded if exceeded (CIN census rule 8670Q)",
        }
        .due(),
        Draft {
            id: RuleId::StrategyDiscussion,
            name: "Strategy discussion held",
            area: ChildProtection,
            start_event: "the concern that there may be significant harm",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(1) },
            tier: LocalPractice,
            citation: "the authority's child protection procedures",
            source: "No national timescale. Local procedures: within 24 hours (Blackburn with Darwen, Tees), within 3 days (Bexley). Journey's default: 1 working day",
        }
        .due(),
        Draft {
            id: RuleId::StrategyDiscussionRecord,
            name: "Strategy discussion record circulated",
            area: ChildProtection,
            start_event: "the strategy discussion",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(1) },
            tier: LocalPractice,
            citation: "the authority's child protection procedures",
            source: "No national timescale. Local procedures (e.g. Lewisham): record circulated within 1 working day",
        }
        .due(),
        Draft {
            id: RuleId::InitialChildProtectionConference,
            name: "Initial child protection conference",
            area: ChildProtection,
            start_event: "the strategy discussion that started section 47 enquiries",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(15) },
            tier: StatutoryGuidance,
            citation: WORKING_TOGETHER,
            source: "Working Together to Safeguard Children 2023, chapter 3: within 15 working days of the strategy discussion, or the last one if several, at which section 47 enquiries were initiated (CIN census rules 8675Q, 8870Q)",
        }
        .due(),
        Draft {
            id: RuleId::ConferenceMinutes,
            name: "Child protection conference minutes circulated",
            area: ChildProtection,
            start_event: "the conference",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(15) },
            tier: LocalPractice,
            citation: "the authority's child protection procedures",
            source: "No national timescale. Journey's default: 15 working days after the conference; set it to the authority's procedure",
        }
        .due(),
        Draft {
            id: RuleId::FirstCoreGroup,
            name: "First core group meeting",
            area: ChildProtection,
            start_event: "the initial child protection conference",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(10) },
            tier: StatutoryGuidance,
            citation: WORKING_TOGETHER,
            source: "Working Together to Safeguard Children 2023, chapter 3: the first core group meets within 10 working days of the initial child protection conference",
        }
        .due(),
        Draft {
            id: RuleId::CoreGroupMeeting,
            name: "Core group meeting",
            area: ChildProtection,
            start_event: "the first core group",
            previous_event: "the previous core group",
            schedule: Schedule::Every { every: Interval::weeks(6) },
            tier: LocalPractice,
            citation: "the authority's child protection procedures",
            source: "No national timescale after the first core group. Local procedures: monthly to 6-weekly. Journey's default: every 6 weeks",
        }
        .due(),
        Draft {
            id: RuleId::ReviewChildProtectionConference,
            name: "Review conference",
            area: ChildProtection,
            start_event: "the initial conference",
            previous_event: "the previous review conference",
            schedule: Schedule::Reviews {
                first: Interval::months(3),
                second: None,
                then: Interval::months(6),
            },
            tier: StatutoryGuidance,
            citation: WORKING_TOGETHER,
            source: "Working Together to Safeguard Children 2023, chapter 3: the first review conference within 3 months of the initial conference, later ones at intervals of not more than 6 months",
        }
        .due(),
        Draft {
            id: RuleId::ChildProtectionVisit,
            name: "Child protection visit (child seen)",
            area: ChildProtection,
            start_event: "the child protection plan started",
            previous_event: "the previous visit",
            schedule: Schedule::Every { every: Interval::working_days(10) },
            tier: LocalPractice,
            citation: "the authority's child protection procedures",
            source: "No national frequency. Local procedures: at least every 10 days (Camden), within 15 working days (Blackburn with Darwen). Journey's default: every 10 working days",
        }
        .due(),
        Draft {
            id: RuleId::PreBirthAssessmentStart,
            name: "Pre-birth assessment started",
            area: PreBirth,
            start_event: "the expected date of delivery",
            previous_event: "",
            schedule: Schedule::GestationWeek { week: Interval::gestation_week(20) },
            tier: LocalPractice,
            citation: "the authority's pre-birth procedures",
            source: "No national timescale. Local procedures ask for the pre-birth assessment to start early enough to inform a conference by week 28. Journey's default: week 20, set it to the authority's own",
        }
        .due(),
        Draft {
            id: RuleId::PreBirthConferenceBooking,
            name: "Pre-birth conference booked",
            area: PreBirth,
            start_event: "the expected date of delivery",
            previous_event: "",
            schedule: Schedule::GestationWeek { week: Interval::gestation_week(25) },
            tier: LocalPractice,
            citation: "the authority's child protection procedures",
            source: "No national timescale. An initial conference is held within 15 working days of being asked for (Working Together 2023), so a conference by week 28 needs asking for by week 25. Journey's default: week 25",
        }
        .due(),
        Draft {
            id: RuleId::PreBirthConference,
            name: "Pre-birth child protection conference",
            area: PreBirth,
            start_event: "the expected date of delivery",
            previous_event: "",
            schedule: Schedule::GestationWeek { week: Interval::gestation_week(28) },
            tier: LocalPractice,
            citation: "the authority's child protection procedures",
            source: "No national timescale. Local procedures: ideally by week 28 of pregnancy (Sussex 2022), by week 34 (Sefton). Journey's default: week 28",
        }
        .due(),
        Draft {
            id: RuleId::PostBirthReview,
            name: "Post-birth review (conference or core group)",
            area: PreBirth,
            start_event: "the baby's birth",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::calendar_days(10) },
            tier: LocalPractice,
            citation: "the authority's child protection procedures",
            source: "No national timescale. London Child Protection Procedures: within 10 days of the birth (20 if the mother is unwell)",
        }
        .due(),
        Draft {
            id: RuleId::DischargePlanSignOff,
            name: "Discharge plan signed off by a team manager",
            area: PreBirth,
            start_event: "the planned discharge from hospital",
            previous_event: "",
            schedule: Schedule::Before { before: Interval::working_days(1) },
            tier: LocalPractice,
            citation: "the authority's pre-birth procedures",
            source: "No national timescale. Serious case reviews ask for a baby's discharge plan to be agreed by a team manager before the baby leaves hospital. Journey's default: 1 working day before the planned discharge",
        }
        .due(),
        Draft {
            id: RuleId::CarePlan,
            name: "Care plan",
            area: LookedAfter,
            start_event: "the start of the first placement",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(10) },
            tier: Statute,
            citation: "CPPCR 2010 reg 4",
            source: "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 4(2): before the first placement or, if not practicable, within 10 working days of its start",
        }
        .due(),
        Draft {
            id: RuleId::PlacementPlan,
            name: "Placement plan",
            area: LookedAfter,
            start_event: "the start of the placement",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(5) },
            tier: Statute,
            citation: "CPPCR 2010 reg 9",
            source: "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 9: before the placement or, if not practicable, within 5 working days of its start (to be checked against the regulation's text)",
        }
        .due(),
        Draft {
            id: RuleId::PlacementNotification,
            name: "Notification of an emergency placement",
            area: LookedAfter,
            start_event: "the start of the placement",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(5) },
            tier: Statute,
            citation: "CPPCR 2010 reg 13",
            source: "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 13: notify the child, parents, GP, health body, school and IRO before the placement or, in an emergency, within 5 working days",
        }
        .due(),
        Draft {
            id: RuleId::InitialHealthAssessment,
            name: "Initial health assessment",
            area: LookedAfter,
            start_event: "the child became looked after",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(20) },
            tier: Statute,
            citation: "CPPCR 2010 reg 7",
            source: "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 7: before the first placement or, if not practicable, before the child's first review; Promoting the health and well-being of looked-after children (statutory guidance): within 20 working days of becoming looked after. Due by whichever comes first",
        }
        .due()
        .with(Proviso::ByFirstReview),
        Draft {
            id: RuleId::ReviewHealthAssessment,
            name: "Review health assessment",
            area: LookedAfter,
            start_event: "the initial health assessment",
            previous_event: "the previous health assessment",
            schedule: Schedule::ByAge {
                age_years: 5,
                younger: Interval::months(6),
                older: Interval::months(12),
            },
            tier: Statute,
            citation: "CPPCR 2010 reg 7",
            source: "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 7: at least every 6 months before the child's 5th birthday and at least every 12 months after",
        }
        .due(),
        Draft {
            id: RuleId::PersonalEducationPlan,
            name: "Personal education plan",
            area: LookedAfter,
            start_event: "the child became looked after",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(10) },
            tier: StatutoryGuidance,
            citation: "Promoting the education of looked-after children",
            source: "Promoting the education of looked-after and previously looked-after children (statutory guidance): the PEP is part of the care plan; in an emergency placement, within 10 working days, and available for the first review",
        }
        .due(),
        Draft {
            id: RuleId::LookedAfterReview,
            name: "Looked-after review",
            area: LookedAfter,
            start_event: "the child became looked after",
            previous_event: "the previous review",
            schedule: Schedule::Reviews {
                first: Interval::working_days(20),
                second: Some(Interval::months(3)),
                then: Interval::months(6),
            },
            tier: Statute,
            citation: "CPPCR 2010 reg 33",
            source: "Care Planning, Placement and Case Review (England) Regulations 2010, regulations 32 and 33: first review within 20 working days of becoming looked after, second within 3 months of the first, later ones within 6 months of the one before",
        }
        .due(),
        Draft {
            id: RuleId::StatutoryVisit,
            name: "Statutory visit to a looked-after child",
            area: LookedAfter,
            start_event: "the start of the placement",
            previous_event: "the previous visit",
            schedule: Schedule::PlacementVisits(VisitIntervals::NATIONAL),
            tier: Statute,
            citation: "CPPCR 2010 reg 28",
            source: "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 28: within 1 week of the start of any placement; at most 6-weekly in the first year, then 3-monthly if the placement is to last until 18, else 6-weekly; weekly until the first review for placements with parents before assessment (then 6-weekly) and connected-person temporary approval or interim care order at home (then 4-weekly); care order at home 6-weekly",
        }
        .due(),
        Draft {
            id: RuleId::IroAppointment,
            name: "Independent reviewing officer appointed",
            area: LookedAfter,
            start_event: "the child became looked after",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(5) },
            tier: LocalPractice,
            citation: "good practice in the IRO Handbook 2010",
            source: "Children Act 1989 s25A: an IRO for every looked-after child, with no time set for the appointment. The IRO Handbook 2010 calls appointment within 5 working days good practice, not a duty (the IRO meets the child before the first review). Journey's default: 5 working days",
        }
        .due(),
        Draft {
            id: RuleId::IroDisputeResolution,
            name: "IRO formal dispute resolution concluded",
            area: LookedAfter,
            start_event: "the issue was raised",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::working_days(20) },
            tier: StatutoryGuidance,
            citation: "IRO Handbook 2010, 6.2",
            source: "IRO Handbook 2010 (statutory guidance), paragraph 6.2: the formal dispute resolution process concludes within 20 working days",
        }
        .due(),
        Draft {
            id: RuleId::CareLeaverNeedsAssessment,
            name: "Care leaver needs assessment",
            area: CareLeavers,
            start_event: "the young person's 16th birthday or becoming eligible, if later",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::months(3) },
            tier: Statute,
            citation: "CPPCR 2010 reg 42",
            source: "Care Planning, Placement and Case Review (England) Regulations 2010, regulation 42: needs assessment within 3 months of the 16th birthday or of becoming an eligible child",
        }
        .due(),
        Draft {
            id: RuleId::PathwayPlanReview,
            name: "Pathway plan review",
            area: CareLeavers,
            start_event: "the pathway plan",
            previous_event: "the previous review",
            schedule: Schedule::Every { every: Interval::months(6) },
            tier: Statute,
            citation: "Care Leavers (England) Regulations 2010 reg 7",
            source: "Care Leavers (England) Regulations 2010, regulation 7: the pathway plan is reviewed if the young person asks for a review, if the authority or the personal adviser thinks one necessary, and otherwise at intervals of not more than 6 months (the plan itself: CPPCR 2010 reg 43)",
        }
        .due()
        .with(Proviso::OnRequest),
        Draft {
            id: RuleId::AdoptionReviewBeforePlacement,
            name: "Adoption review (authorised to place, not yet placed)",
            area: Adoption,
            start_event: "the authority to place for adoption",
            previous_event: "the previous review",
            schedule: Schedule::Reviews {
                first: Interval::months(3),
                second: None,
                then: Interval::months(6),
            },
            tier: Statute,
            citation: "Adoption Agencies Regulations 2005 reg 36",
            source: "Adoption Agencies Regulations 2005, regulation 36 (as made; amended 2020, to be checked): within 3 months of the authority to place, then at most every 6 months",
        }
        .due(),
        Draft {
            id: RuleId::AdoptionReviewAfterPlacement,
            name: "Adoption review (placed for adoption)",
            area: Adoption,
            start_event: "the placement for adoption",
            previous_event: "the previous review",
            schedule: Schedule::Reviews {
                first: Interval::weeks(4),
                second: Some(Interval::months(3)),
                then: Interval::months(6),
            },
            tier: Statute,
            citation: "Adoption Agencies Regulations 2005 reg 36",
            source: "Adoption Agencies Regulations 2005, regulation 36 (as made; amended 2020, to be checked): within 4 weeks of placement, then within 3 months, then at most every 6 months",
        }
        .due(),
        Draft {
            id: RuleId::EmergencyProtectionOrderEnds,
            name: "Emergency protection order",
            area: EmergencyProtection,
            start_event: "the order was made",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::calendar_days(8) },
            tier: Statute,
            citation: "Children Act 1989 s45",
            source: "Children Act 1989, section 45(1) and (2): an emergency protection order has effect for the period the order specifies, not exceeding 8 days; where the last of those 8 days is a public holiday (Christmas Day, Good Friday, a bank holiday or a Sunday) the court may specify a period ending at noon on the first later day that is not such a holiday. It may be extended once (emergency-protection-order-extension)",
        }
        .ends()
        .with(Proviso::NoonAfterPublicHoliday),
        Draft {
            id: RuleId::EmergencyProtectionOrderExtension,
            name: "Emergency protection order (extended)",
            area: EmergencyProtection,
            start_event: "the order was due to end",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::calendar_days(7) },
            tier: Statute,
            citation: "Children Act 1989 s45(5)",
            source: "Children Act 1989, section 45(4) to (6): on the application of whoever holds parental responsibility under the order and may apply for a care order, the court may extend it by up to 7 days, once only",
        }
        .ends(),
        Draft {
            id: RuleId::ChildAssessmentOrderEnds,
            name: "Child assessment order",
            area: EmergencyProtection,
            start_event: "the date the order specifies",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::calendar_days(7) },
            tier: Statute,
            citation: "Children Act 1989 s43",
            source: "Children Act 1989, section 43(5): a child assessment order specifies the date by which the assessment is to begin, and has effect for the period it specifies, not exceeding 7 days beginning with that date (so the last day is the sixth day after it)",
        }
        .ends()
        .with(Proviso::BeginningWith),
        Draft {
            id: RuleId::PoliceProtectionEnds,
            name: "Police protection",
            area: EmergencyProtection,
            start_event: "the child was taken into police protection",
            previous_event: "",
            schedule: Schedule::Once { within: Interval::calendar_days(3) },
            tier: Statute,
            citation: "Children Act 1989 s46",
            source: "Children Act 1989, section 46(6): no child may be kept in police protection for more than 72 hours (counted here as 3 calendar days; the hour matters)",
        }
        .ends(),
        Draft {
            id: RuleId::Supervision,
            name: "Supervision",
            area: Workforce,
            start_event: "the start of employment",
            previous_event: "the previous supervision",
            schedule: Schedule::Every { every: Interval::months(1) },
            tier: LocalPractice,
            citation: "LGA Employer Standard 5",
            source: "LGA Standards for employers of social workers, standard 5: at least monthly, at least 1.5 hours uninterrupted; set by the authority's supervision policy",
        }
        .due(),
        Draft {
            id: RuleId::SupervisionNewlyQualified,
            name: "Supervision (newly qualified social worker)",
            area: Workforce,
            start_event: "the start of employment",
            previous_event: "the previous supervision",
            schedule: Schedule::Tapering {
                phases: vec![
                    Phase {
                        name: "first-6-weeks",
                        during: "in the first 6 weeks of employment",
                        until: Interval::weeks(6),
                        every: Interval::weeks(1),
                    },
                    Phase {
                        name: "to-6-months",
                        during: "up to 6 months of employment",
                        until: Interval::months(6),
                        every: Interval::weeks(2),
                    },
                ],
                then: Interval::months(1),
            },
            tier: LocalPractice,
            citation: "LGA Employer Standard 5",
            source: "LGA Standards for employers of social workers, standard 5: newly qualified social workers weekly for the first 6 weeks, fortnightly to 6 months, then at least monthly",
        }
        .due(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_id_has_exactly_one_catalogue_entry_in_order() {
        let rules = catalogue();
        assert_eq!(rules.len(), RuleId::ALL.len());
        for (rule, id) in rules.iter().zip(RuleId::ALL) {
            assert_eq!(rule.id, *id);
            assert!(!rule.name.is_empty() && !rule.source.is_empty() && !rule.citation.is_empty());
            assert!(!rule.start_event.is_empty(), "{id}");
            let repeats = matches!(
                rule.schedule,
                Schedule::Every { .. }
                    | Schedule::Reviews { .. }
                    | Schedule::ByAge { .. }
                    | Schedule::PlacementVisits(_)
                    | Schedule::Tapering { .. }
            );
            assert_eq!(repeats, !rule.previous_event.is_empty(), "{id}");
        }
    }

    #[test]
    fn slugs_are_kebab_case_and_read_back() {
        for id in RuleId::ALL {
            let slug = id.slug();
            assert!(
                slug.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{slug}"
            );
            assert_eq!(slug.parse::<RuleId>(), Ok(*id));
        }
        assert_eq!(
            "Initial_Child_Protection_Conference".parse::<RuleId>(),
            Ok(RuleId::InitialChildProtectionConference)
        );
    }

    #[test]
    fn an_unknown_rule_is_named_with_a_suggestion() {
        let err = "review-conference".parse::<RuleId>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "there is no timescale rule called \"review-conference\" (did you mean \"review-child-protection-conference\"? `journey timescales` lists them all)"
        );
        let err = "xyzzy".parse::<RuleId>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "there is no timescale rule called \"xyzzy\" (`journey timescales` lists them all)"
        );
    }

    #[test]
    fn the_issue_examples_are_in_the_catalogue_with_their_tiers() {
        let rules = catalogue();
        let find = |id: RuleId| rules.iter().find(|rule| rule.id == id).unwrap();
        let cases = [
            (
                RuleId::ReferralDecision,
                "within 1 working day",
                Tier::StatutoryGuidance,
            ),
            (
                RuleId::ChildAndFamilyAssessment,
                "within 45 working days",
                Tier::StatutoryGuidance,
            ),
            (
                RuleId::InitialChildProtectionConference,
                "within 15 working days",
                Tier::StatutoryGuidance,
            ),
            (
                RuleId::FirstCoreGroup,
                "within 10 working days",
                Tier::StatutoryGuidance,
            ),
            (
                RuleId::ReviewChildProtectionConference,
                "within 3 months, then every 6 months",
                Tier::StatutoryGuidance,
            ),
            (
                RuleId::LookedAfterReview,
                "within 20 working days, then 3 months, then every 6 months",
                Tier::Statute,
            ),
            (
                RuleId::ReviewHealthAssessment,
                "every 6 months under 5, every 12 months from 5",
                Tier::Statute,
            ),
            (RuleId::PathwayPlanReview, "every 6 months", Tier::Statute),
            (
                RuleId::PreBirthConference,
                "by week 28 of pregnancy",
                Tier::LocalPractice,
            ),
            (RuleId::Supervision, "every 1 month", Tier::LocalPractice),
        ];
        for (id, summary, tier) in cases {
            assert_eq!(find(id).schedule.summary(), summary, "{id}");
            assert_eq!(find(id).tier, tier, "{id}");
        }
    }
}
