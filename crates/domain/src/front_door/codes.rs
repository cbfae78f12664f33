//! The DfE's code lists for the front door, verbatim from the CIN census code set (2025-26):
//! referral source (rule 8866), primary need (rule 8650) and reason for closure (rule 8640),
//! plus Journey's own list of the decisions a manager makes on a referral.

/// Defines a code list: the enum, every member in order, its code, its label and a parser.
/// Members serialise as their code, so JSON and stored text are the DfE's own values.
macro_rules! code_list {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => ($code:literal, $label:literal),)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant,)* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)*];

            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)* }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }

            /// The member with this code (exactly as the DfE writes it, ignoring surrounding
            /// spaces and case), or `None` for an unknown code.
            pub fn from_code(code: &str) -> Option<$name> {
                let code = code.trim();
                Self::ALL.iter().copied().find(|m| m.code().eq_ignore_ascii_case(code))
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }
    };
}
pub(crate) use code_list;

code_list! {
    /// Who made the referral (CIN census "ReferralSource").
    ReferralSource {
        FamilyMember => ("1A", "Individual: family member, relative or carer"),
        Acquaintance => ("1B", "Individual: acquaintance, including neighbours and child minders"),
        SelfReferral => ("1C", "Individual: self"),
        OtherIndividual => ("1D", "Individual: other, including strangers and MPs"),
        School => ("2A", "Schools"),
        EducationServices => ("2B", "Education services"),
        Gp => ("3A", "Health services: GP"),
        HealthVisitor => ("3B", "Health services: health visitor"),
        SchoolNurse => ("3C", "Health services: school nurse"),
        OtherPrimaryHealth => ("3D", "Health services: other primary health services"),
        EmergencyDepartment => ("3E", "Health services: A&E (emergency department)"),
        OtherHealth => ("3F", "Health services: other, for example a hospice"),
        Housing => ("4", "Housing: local authority housing or housing association"),
        SocialCare => ("5A", "LA services: social care, for example adult social care"),
        OtherInternal => ("5B", "LA services: other internal departments"),
        External => ("5C", "LA services: external, for example another authority's adult social care"),
        EarlyHelp => ("5D", "Early help"),
        Police => ("6", "Police"),
        OtherLegalAgency => ("7", "Other legal agency, including courts, probation, immigration, Cafcass and prison"),
        Other => ("8", "Other, including children's centres, independent agencies and voluntary organisations"),
        Anonymous => ("9", "Anonymous"),
        Unknown => ("10", "Unknown"),
    }
}

code_list! {
    /// The child's main need at referral (CIN census "PrimaryNeedCode").
    PrimaryNeed {
        NotStated => ("N0", "Not stated"),
        AbuseOrNeglect => ("N1", "Abuse or neglect"),
        Disability => ("N2", "Child's disability or illness"),
        ParentalIllness => ("N3", "Parental illness or disability"),
        AcuteStress => ("N4", "Family in acute stress"),
        Dysfunction => ("N5", "Family dysfunction"),
        Behaviour => ("N6", "Socially unacceptable behaviour"),
        LowIncome => ("N7", "Low income"),
        AbsentParenting => ("N8", "Absent parenting"),
        NotInNeed => ("N9", "Cases other than children in need"),
    }
}

code_list! {
    /// Why a child in need episode ended (CIN census "ReasonForClosure").
    ClosureReason {
        Adopted => ("RC1", "Adopted"),
        Died => ("RC2", "Died"),
        ChildArrangementsOrder => ("RC3", "Child arrangements order"),
        SpecialGuardianshipOrder => ("RC4", "Special guardianship order"),
        TransferredToAnotherAuthority => ("RC5", "Transferred to services of another local authority"),
        TransferredToAdultServices => ("RC6", "Transferred to adult social care services"),
        CeasedOther => ("RC7", "Services ceased for any other reason, including child no longer in need"),
        ClosedAfterAssessment => ("RC8", "Case closed after assessment, no further action"),
        ClosedToEarlyHelp => ("RC9", "Case closed after assessment, referred to early help"),
    }
}

code_list! {
    /// What the manager decides should happen next with a referral (Working Together 2023,
    /// chapter 3: a decision on the type of response within one working day).
    DecisionOption {
        NoFurtherAction => ("no_further_action", "No further action"),
        EarlyHelp => ("early_help", "Early help"),
        Assessment => ("assessment", "Assessment"),
        StrategyDiscussion => ("strategy_discussion", "Strategy discussion"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referral_sources_are_the_census_list_in_order() {
        let codes: Vec<_> = ReferralSource::ALL.iter().map(|s| s.code()).collect();
        assert_eq!(
            codes,
            [
                "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A",
                "5B", "5C", "5D", "6", "7", "8", "9", "10"
            ]
        );
        assert_eq!(
            ReferralSource::from_code("2a"),
            Some(ReferralSource::School)
        );
        assert_eq!(
            ReferralSource::from_code(" 10 "),
            Some(ReferralSource::Unknown)
        );
        assert_eq!(ReferralSource::from_code("1E"), None);
        assert_eq!(ReferralSource::from_code(""), None);
    }

    #[test]
    fn primary_needs_and_closure_reasons_are_the_census_lists() {
        let needs: Vec<_> = PrimaryNeed::ALL.iter().map(|n| n.code()).collect();
        assert_eq!(
            needs,
            ["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"]
        );
        assert_eq!(PrimaryNeed::AbuseOrNeglect.label(), "Abuse or neglect");
        let reasons: Vec<_> = ClosureReason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(
            reasons,
            [
                "RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8", "RC9"
            ]
        );
        assert_eq!(ClosureReason::from_code("RC10"), None);
    }

    #[test]
    fn codes_round_trip() {
        for source in ReferralSource::ALL {
            assert_eq!(ReferralSource::from_code(source.code()), Some(*source));
        }
        for option in DecisionOption::ALL {
            assert_eq!(DecisionOption::from_code(option.code()), Some(*option));
        }
        for need in PrimaryNeed::ALL {
            assert_eq!(PrimaryNeed::from_code(need.code()), Some(*need));
        }
    }
}
