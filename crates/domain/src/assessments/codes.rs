//! The code lists of assessments. The factors are the CIN census's own
//! (`AssessmentFactors`, CIN census code set 2025-26, rule 8897Q's list); the kinds and
//! outcomes are Journey's, named as a worker and manager speak of them.

use crate::front_door::codes::code_list;

code_list! {
    /// Which assessment: a child and family assessment, or a pre-birth assessment of an
    /// unborn child. Both are due 45 working days from the referral.
    AssessmentKind {
        ChildAndFamily => ("child_and_family", "Child and family assessment"),
        PreBirth => ("pre_birth", "Pre-birth assessment"),
    }
}

code_list! {
    /// The factors identified at assessment (CIN census `AssessmentFactors`). 18A and 19A
    /// are left out: the census queries them (rules 8945Q, 8950Q) in favour of 18B/18C and
    /// 19B/19C.
    AssessmentFactor {
        AlcoholChild => ("1A", "Alcohol misuse: concerns about alcohol misuse by the child"),
        AlcoholParent => ("1B", "Alcohol misuse: concerns about alcohol misuse by a parent or carer"),
        AlcoholOther => ("1C", "Alcohol misuse: concerns about alcohol misuse by another person in the household"),
        DrugsChild => ("2A", "Drug misuse: concerns about drug misuse by the child"),
        DrugsParent => ("2B", "Drug misuse: concerns about drug misuse by a parent or carer"),
        DrugsOther => ("2C", "Drug misuse: concerns about drug misuse by another person in the household"),
        DomesticAbuseChild => ("3A", "Domestic abuse: concerns about the child being the subject of domestic abuse"),
        DomesticAbuseParent => ("3B", "Domestic abuse: concerns about a parent or carer being the subject of domestic abuse"),
        DomesticAbuseOther => ("3C", "Domestic abuse: concerns about another person in the household being the subject of domestic abuse"),
        MentalHealthChild => ("4A", "Mental health: concerns about the child's mental health"),
        MentalHealthParent => ("4B", "Mental health: concerns about a parent's or carer's mental health"),
        MentalHealthOther => ("4C", "Mental health: concerns about the mental health of another person in the household"),
        LearningDisabilityChild => ("5A", "Learning disability: concerns about the child's learning disability"),
        LearningDisabilityParent => ("5B", "Learning disability: concerns about a parent's or carer's learning disability"),
        LearningDisabilityOther => ("5C", "Learning disability: concerns about the learning disability of another person in the household"),
        PhysicalChild => ("6A", "Physical disability or illness: concerns about the child"),
        PhysicalParent => ("6B", "Physical disability or illness: concerns about a parent or carer"),
        PhysicalOther => ("6C", "Physical disability or illness: concerns about another person in the household"),
        YoungCarer => ("7A", "Young carer"),
        PrivatelyFosteredReturn => ("8B", "Privately fostered: overseas children who intend to return to their parents"),
        PrivatelyFosteredStay => ("8C", "Privately fostered: overseas children who intend to stay in the UK"),
        PrivatelyFosteredEducation => ("8D", "Privately fostered: UK children in educational placements"),
        PrivatelyFosteredAlternative => ("8E", "Privately fostered: UK children making alternative arrangements"),
        PrivatelyFosteredOther => ("8F", "Privately fostered: other"),
        Uasc => ("9A", "Unaccompanied asylum-seeking child"),
        Missing => ("10A", "Going or being missing"),
        SexualExploitation => ("11A", "Child sexual exploitation"),
        Trafficking => ("12A", "Trafficking"),
        Gangs => ("13A", "Gangs"),
        Behaviour => ("14A", "Socially unacceptable behaviour"),
        SelfHarm => ("15A", "Self-harm"),
        Neglect => ("16A", "Abuse or neglect: neglect"),
        Emotional => ("17A", "Abuse or neglect: emotional abuse"),
        PhysicalChildOnChild => ("18B", "Abuse or neglect: physical abuse, child on child"),
        PhysicalAdultOnChild => ("18C", "Abuse or neglect: physical abuse, adult on child"),
        SexualChildOnChild => ("19B", "Abuse or neglect: sexual abuse, child on child"),
        SexualAdultOnChild => ("19C", "Abuse or neglect: sexual abuse, adult on child"),
        Other => ("20", "Other"),
        NoFactors => ("21", "No factors identified"),
        Fgm => ("22A", "Female genital mutilation"),
        FaithOrBelief => ("23A", "Abuse linked to faith or belief"),
        CriminalExploitation => ("24A", "Child criminal exploitation"),
    }
}

code_list! {
    /// What the assessment concluded should happen next.
    AssessmentOutcome {
        NoFurtherAction => ("no_further_action", "No further action"),
        ChildInNeedPlan => ("child_in_need_plan", "Child in need plan"),
        StrategyDiscussion => ("strategy_discussion", "Strategy discussion"),
        Other => ("other", "Other"),
    }
}

code_list! {
    /// Where an assessment stands: written by the worker, waiting for the manager's
    /// authorisation, or authorised (completed on the day it was authorised).
    AssessmentState {
        Draft => ("draft", "Draft"),
        Submitted => ("submitted", "Waiting for authorisation"),
        Authorised => ("authorised", "Authorised"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_factors_are_the_census_codes_without_the_retired_18a_and_19a() {
        let codes: Vec<_> = AssessmentFactor::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(
            codes,
            [
                "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B",
                "5C", "6A", "6B", "6C", "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A",
                "12A", "13A", "14A", "15A", "16A", "17A", "18B", "18C", "19B", "19C", "20", "21",
                "22A", "23A", "24A"
            ]
        );
        assert_eq!(AssessmentFactor::from_code("18A"), None);
        assert_eq!(
            AssessmentFactor::from_code("3b"),
            Some(AssessmentFactor::DomesticAbuseParent)
        );
    }
}
