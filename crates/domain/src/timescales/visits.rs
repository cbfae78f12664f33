//! Regulation 28 statutory visits to a looked-after child: the interval depends on the kind of
//! placement, whether the placement is past its first year, and whether the first review has
//! been held.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

use super::counting::Interval;
use super::error::TimescaleError;

/// The kinds of placement regulation 28 treats differently. Codes are kebab-case; the SSDA903
/// placement codes of the 2025-26 return (DfE validator rule 146) for ordinary foster,
/// residential and supported accommodation placements are accepted too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum VisitPlacement {
    /// Any placement not listed below (foster care, children's homes, residential schools...).
    Ordinary,
    /// A placement agreed to last until the child is 18.
    LongTerm,
    /// Placed with parents before the assessment is complete (regulation 19).
    WithParentsBeforeAssessment,
    /// With a connected person under temporary approval (regulation 24).
    ConnectedPersonTemporaryApproval,
    /// At home with parents under an interim care order.
    InterimCareOrderAtHome,
    /// At home with parents under a care order.
    CareOrderAtHome,
}

impl VisitPlacement {
    pub const ALL: [Self; 6] = [
        Self::Ordinary,
        Self::LongTerm,
        Self::WithParentsBeforeAssessment,
        Self::ConnectedPersonTemporaryApproval,
        Self::InterimCareOrderAtHome,
        Self::CareOrderAtHome,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Ordinary => "ordinary",
            Self::LongTerm => "long-term",
            Self::WithParentsBeforeAssessment => "with-parents-before-assessment",
            Self::ConnectedPersonTemporaryApproval => "connected-person-temporary-approval",
            Self::InterimCareOrderAtHome => "interim-care-order-at-home",
            Self::CareOrderAtHome => "care-order-at-home",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Self::Ordinary => "a placement",
            Self::LongTerm => "a placement agreed to last until the child is 18",
            Self::WithParentsBeforeAssessment => {
                "a placement with parents before the assessment is complete (regulation 19)"
            }
            Self::ConnectedPersonTemporaryApproval => {
                "a placement with a connected person under temporary approval (regulation 24)"
            }
            Self::InterimCareOrderAtHome => "a child at home under an interim care order",
            Self::CareOrderAtHome => "a child at home under a care order",
        }
    }

    fn codes_hint() -> String {
        let codes: Vec<&str> = Self::ALL.iter().map(|kind| kind.code()).collect();
        format!(
            "use one of {}, or a 2025-26 SSDA903 placement code for a foster, residential or supported accommodation placement (U1 to U6, K1, K2, K3, R1, R2, R3, R5, S1, T0 to T4, P3, Z11 to Z14)",
            codes.join(", ")
        )
    }
}

impl fmt::Display for VisitPlacement {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl FromStr for VisitPlacement {
    type Err = TimescaleError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let given = text.trim();
        if let Some(kind) = Self::ALL
            .iter()
            .find(|kind| kind.code().eq_ignore_ascii_case(given))
        {
            return Ok(*kind);
        }
        let code = given.to_ascii_uppercase();
        let ordinary = matches!(
            code.as_str(),
            "U1" | "U2"
                | "U3"
                | "U4"
                | "U5"
                | "U6"
                | "K1"
                | "K2"
                | "K3"
                | "R1"
                | "R2"
                | "R3"
                | "R5"
                | "S1"
                | "T0"
                | "T1"
                | "T2"
                | "T3"
                | "T4"
                | "P3"
                | "Z11"
                | "Z12"
                | "Z13"
                | "Z14"
        );
        if ordinary {
            return Ok(Self::Ordinary);
        }
        let hint = match code.as_str() {
            // P1 covers several regulation 28 cases with different visit intervals.
            "P1" => "P1 (placed with parents) has different visiting rules depending on the order and the assessment: use with-parents-before-assessment, interim-care-order-at-home or care-order-at-home".to_owned(),
            "A3" | "A4" | "A5" | "A6" => "a child placed for adoption is visited under the Adoption Agencies Regulations, not regulation 28".to_owned(),
            // Codes of earlier returns, not in the 2025-26 list.
            "H5" | "P2" => format!("{code} is not a 2025-26 SSDA903 placement code; {}", Self::codes_hint()),
            "Z1" => format!("Z1 is not a 2025-26 SSDA903 placement code (other placements are Z11 to Z14); {}", Self::codes_hint()),
            _ => Self::codes_hint(),
        };
        Err(TimescaleError::UnknownPlacementType {
            given: given.to_owned(),
            hint,
        })
    }
}

/// Regulation 28's intervals, each one named so an authority can tighten it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VisitIntervals {
    /// The first visit after the start of any placement.
    pub first_visit: Interval,
    /// Ordinary and long-term placements, during the placement's first year.
    pub first_year: Interval,
    /// After the first year of a placement agreed to last until 18.
    pub long_term_after_first_year: Interval,
    /// After the first year of any other ordinary placement.
    pub after_first_year: Interval,
    /// Placements with parents, connected persons, or at home under an interim care order,
    /// until the first review.
    pub before_first_review: Interval,
    /// Placed with parents before assessment, after the first review.
    pub with_parents_after_first_review: Interval,
    /// Connected person (temporary approval) or interim care order at home, after the first review.
    pub connected_person_after_first_review: Interval,
    /// At home under a care order, after the first visit.
    pub care_order_at_home: Interval,
}

impl VisitIntervals {
    pub const NATIONAL: Self = Self {
        first_visit: Interval::weeks(1),
        first_year: Interval::weeks(6),
        long_term_after_first_year: Interval::months(3),
        after_first_year: Interval::weeks(6),
        before_first_review: Interval::weeks(1),
        with_parents_after_first_review: Interval::weeks(6),
        connected_person_after_first_review: Interval::weeks(4),
        care_order_at_home: Interval::weeks(6),
    };

    /// The named parts, in the order the regulation gives them.
    pub fn parts(&self) -> Vec<(&'static str, Interval)> {
        vec![
            ("first-visit", self.first_visit),
            ("first-year", self.first_year),
            (
                "long-term-after-first-year",
                self.long_term_after_first_year,
            ),
            ("after-first-year", self.after_first_year),
            ("before-first-review", self.before_first_review),
            (
                "with-parents-after-first-review",
                self.with_parents_after_first_review,
            ),
            (
                "connected-person-after-first-review",
                self.connected_person_after_first_review,
            ),
            ("care-order-at-home", self.care_order_at_home),
        ]
    }

    pub fn part_mut(&mut self, name: &str) -> Option<&mut Interval> {
        Some(match name {
            "first-visit" => &mut self.first_visit,
            "first-year" => &mut self.first_year,
            "long-term-after-first-year" => &mut self.long_term_after_first_year,
            "after-first-year" => &mut self.after_first_year,
            "before-first-review" => &mut self.before_first_review,
            "with-parents-after-first-review" => &mut self.with_parents_after_first_review,
            "connected-person-after-first-review" => &mut self.connected_person_after_first_review,
            "care-order-at-home" => &mut self.care_order_at_home,
            _ => return None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placement_codes_read_as_kinds() {
        assert_eq!("long-term".parse(), Ok(VisitPlacement::LongTerm));
        assert_eq!("U4".parse(), Ok(VisitPlacement::Ordinary));
        assert_eq!("k2".parse(), Ok(VisitPlacement::Ordinary));
        // Supported accommodation, in the 2025-26 list (validator rule 146).
        assert_eq!("K3".parse(), Ok(VisitPlacement::Ordinary));
        assert_eq!("Z12".parse(), Ok(VisitPlacement::Ordinary));
        for kind in VisitPlacement::ALL {
            assert_eq!(kind.code().parse(), Ok(kind));
        }
    }

    #[test]
    fn ambiguous_or_unknown_codes_are_refused_with_a_hint() {
        let p1 = "P1".parse::<VisitPlacement>().unwrap_err().to_string();
        assert!(p1.contains("\"P1\" is not a placement type"), "{p1}");
        assert!(p1.contains("care-order-at-home"), "{p1}");
        let adoption = "A4".parse::<VisitPlacement>().unwrap_err().to_string();
        assert!(
            adoption.contains("Adoption Agencies Regulations"),
            "{adoption}"
        );
        // Codes dropped from the 2025-26 list are refused, each saying so.
        for old in ["H5", "P2", "Z1"] {
            let refused = old.parse::<VisitPlacement>().unwrap_err().to_string();
            assert!(
                refused.contains(&format!("{old} is not a 2025-26 SSDA903 placement code")),
                "{refused}"
            );
        }
        let nonsense = "sofa".parse::<VisitPlacement>().unwrap_err().to_string();
        assert!(nonsense.contains("long-term"), "{nonsense}");
    }

    #[test]
    fn every_part_can_be_found_by_its_name() {
        let mut intervals = VisitIntervals::NATIONAL;
        for (name, interval) in VisitIntervals::NATIONAL.parts() {
            assert_eq!(intervals.part_mut(name).copied(), Some(interval), "{name}");
        }
        assert!(intervals.part_mut("monthly").is_none());
    }
}
