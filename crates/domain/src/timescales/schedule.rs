//! The shapes a timescale takes: once after an event, repeating, by age, by placement, by week
//! of pregnancy. Each shape names its parts so an authority's configuration can set them.

use serde::Serialize;

use super::counting::Interval;
use super::visits::VisitIntervals;

/// A stage of a tapering schedule: while less than `until` has passed since the start,
/// the next one is due `every` after the last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Phase {
    pub name: &'static str,
    /// How the phase reads in an explanation: "in the first 6 weeks of employment".
    pub during: &'static str,
    pub until: Interval,
    pub every: Interval,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "shape", rename_all = "kebab-case")]
pub enum Schedule {
    /// Due once, this long after the start event.
    Once { within: Interval },
    /// Due this long after the previous one, or after the start event when there is none yet.
    Every { every: Interval },
    /// Reviews: the first after the start event, the second (where it differs) after the first,
    /// and every later one after the one before.
    Reviews {
        first: Interval,
        second: Option<Interval>,
        then: Interval,
    },
    /// Repeats at an interval set by the child's age on the day of the previous one.
    ByAge {
        age_years: u32,
        younger: Interval,
        older: Interval,
    },
    /// Regulation 28 visits.
    PlacementVisits(VisitIntervals),
    /// Frequent at first, then settling (newly qualified social workers' supervision).
    Tapering { phases: Vec<Phase>, then: Interval },
    /// By a week of pregnancy, counted back from the expected date of delivery.
    GestationWeek { week: Interval },
    /// This long before the start event, which is a date planned ahead (the planned discharge
    /// of a baby from hospital).
    Before { before: Interval },
}

impl Schedule {
    /// The named parts, as used in the authority configuration.
    pub fn parts(&self) -> Vec<(&'static str, Interval)> {
        match self {
            Self::Once { within } => vec![("within", *within)],
            Self::Every { every } => vec![("every", *every)],
            Self::Reviews {
                first,
                second,
                then,
            } => {
                let mut parts = vec![("first", *first)];
                if let Some(second) = second {
                    parts.push(("second", *second));
                }
                parts.push(("then", *then));
                parts
            }
            Self::ByAge { younger, older, .. } => vec![("younger", *younger), ("older", *older)],
            Self::PlacementVisits(visits) => visits.parts(),
            Self::Tapering { phases, then } => {
                let mut parts: Vec<_> = phases.iter().map(|p| (p.name, p.every)).collect();
                parts.push(("then", *then));
                parts
            }
            Self::GestationWeek { week } => vec![("week", *week)],
            Self::Before { before } => vec![("before", *before)],
        }
    }

    /// Counts back from its start event (a date still ahead) rather than forward.
    pub fn counts_back(&self) -> bool {
        matches!(self, Self::GestationWeek { .. } | Self::Before { .. })
    }

    pub fn part_mut(&mut self, name: &str) -> Option<&mut Interval> {
        match (self, name) {
            (Self::Once { within }, "within") => Some(within),
            (Self::Every { every }, "every") => Some(every),
            (Self::Reviews { first, .. }, "first") => Some(first),
            (Self::Reviews { second, .. }, "second") => second.as_mut(),
            (Self::Reviews { then, .. }, "then") => Some(then),
            (Self::ByAge { younger, .. }, "younger") => Some(younger),
            (Self::ByAge { older, .. }, "older") => Some(older),
            (Self::PlacementVisits(visits), name) => visits.part_mut(name),
            (Self::Tapering { then, .. }, "then") => Some(then),
            (Self::Tapering { phases, .. }, name) => phases
                .iter_mut()
                .find(|phase| phase.name == name)
                .map(|phase| &mut phase.every),
            (Self::GestationWeek { week }, "week") => Some(week),
            (Self::Before { before }, "before") => Some(before),
            _ => None,
        }
    }

    /// One line for the list of rules: "20 working days, then 3 months, then 6 months".
    pub fn summary(&self) -> String {
        match self {
            Self::Once { within } => format!("within {within}"),
            Self::Every { every } => format!("every {every}"),
            Self::Reviews {
                first,
                second,
                then,
            } => match second {
                Some(second) => format!("within {first}, then {second}, then every {then}"),
                None => format!("within {first}, then every {then}"),
            },
            Self::ByAge {
                age_years,
                younger,
                older,
            } => format!("every {younger} under {age_years}, every {older} from {age_years}"),
            Self::PlacementVisits(v) => format!(
                "within {} of any placement, then every {} in its first year, then every {} ({} if agreed to last until 18); weekly until the first review for placements with parents or connected persons",
                v.first_visit, v.first_year, v.after_first_year, v.long_term_after_first_year
            ),
            Self::Tapering { phases, then } => {
                let mut text: Vec<String> = phases
                    .iter()
                    .map(|phase| format!("every {} {}", phase.every, phase.during))
                    .collect();
                text.push(format!("then every {then}"));
                text.join(", ")
            }
            Self::GestationWeek { week } => format!("by {week}"),
            Self::Before { before } => format!("{before} before"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_named_and_settable() {
        let mut reviews = Schedule::Reviews {
            first: Interval::working_days(20),
            second: Some(Interval::months(3)),
            then: Interval::months(6),
        };
        assert_eq!(
            reviews
                .parts()
                .iter()
                .map(|(name, _)| *name)
                .collect::<Vec<_>>(),
            ["first", "second", "then"]
        );
        *reviews.part_mut("first").unwrap() = Interval::working_days(15);
        assert_eq!(reviews.parts()[0].1, Interval::working_days(15));
        assert!(reviews.part_mut("every").is_none());
        assert_eq!(
            reviews.summary(),
            "within 15 working days, then 3 months, then every 6 months"
        );
    }
}
