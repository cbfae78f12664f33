//! The code lists of the child protection process. The category of abuse is the CIN census's
//! own (`InitialCategoryOfAbuse`, `LatestCategoryOfAbuse`: NEG, PHY, SAB, EMO, MUL); the
//! others are Journey's, named for what the people in the meeting decide.

use crate::front_door::codes::code_list;

code_list! {
    /// The agency a person at a meeting speaks for. A strategy discussion needs the local
    /// authority, the police and health at least; so does a quorate conference.
    Agency {
        LocalAuthority => ("local_authority", "Local authority children's social care"),
        Police => ("police", "Police"),
        Health => ("health", "Health"),
        Education => ("education", "Education or early years"),
        Probation => ("probation", "Probation"),
        Housing => ("housing", "Housing"),
        Family => ("family", "The child's family"),
        Other => ("other", "Other agency"),
    }
}

code_list! {
    /// What a strategy discussion decided for a child (Working Together 2023, chapter 3).
    StrategyDecision {
        Section47 => ("section_47", "Start section 47 enquiries"),
        Section17 => ("section_17", "Single-agency assessment under section 17 (child in need)"),
        NoFurtherAction => ("no_further_action", "No further action"),
    }
}

code_list! {
    /// The outcome of a section 47 enquiry, as the CIN census asks about it (whether an
    /// initial conference is to follow).
    EnquiryOutcome {
        LikelySignificantHarm => ("likely_significant_harm", "Concerns substantiated and the child is likely to suffer significant harm: initial conference"),
        SubstantiatedNotLikely => ("substantiated_not_likely", "Concerns substantiated but the child is not judged likely to suffer significant harm"),
        NotSubstantiated => ("not_substantiated", "Concerns not substantiated"),
    }
}

code_list! {
    /// What a child protection conference decided for a child.
    ConferenceDecision {
        Plan => ("plan", "The child needs a child protection plan"),
        NoPlan => ("no_plan", "No child protection plan"),
    }
}

code_list! {
    /// The category of abuse (CIN census `InitialCategoryOfAbuse`, `LatestCategoryOfAbuse`).
    AbuseCategory {
        Neglect => ("NEG", "Neglect"),
        Physical => ("PHY", "Physical abuse"),
        Sexual => ("SAB", "Sexual abuse"),
        Emotional => ("EMO", "Emotional abuse"),
        Multiple => ("MUL", "Multiple categories"),
    }
}

code_list! {
    /// Why a child protection plan ended.
    PlanEndReason {
        NoLongerAtRisk => ("no_longer_at_risk", "A review conference decided the child is no longer at risk of significant harm"),
        MovedAway => ("moved_away", "The child moved to another local authority, which took over the plan"),
        LookedAfter => ("looked_after", "The child became looked after and the plan ended"),
        Adult => ("adult", "The child reached 18"),
        Died => ("died", "The child died"),
        Other => ("other", "Another reason"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_of_abuse_are_the_census_codes() {
        let codes: Vec<_> = AbuseCategory::ALL.iter().map(|c| c.code()).collect();
        assert_eq!(codes, ["NEG", "PHY", "SAB", "EMO", "MUL"]);
        assert_eq!(
            AbuseCategory::from_code("neg"),
            Some(AbuseCategory::Neglect)
        );
        assert_eq!(AbuseCategory::from_code("SEX"), None);
    }
}
