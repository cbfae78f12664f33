//! The plain words that changes write onto a child's chronology, the same on every backend.

use journey_domain::person::NewChild;

/// The chronology line of a newly recorded child (born, or unborn with an expected date).
pub fn child_registered(child: &NewChild) -> String {
    match child.expected_date_of_birth {
        Some(expected) => format!(
            "Record opened for unborn child of the {} family, expected {}",
            child.family_name,
            expected.format("%-d %B %Y")
        ),
        None => format!(
            "Record opened for {} {}",
            child.given_name, child.family_name
        ),
    }
}

/// The chronology line of an allocation to a worker in a team.
pub fn allocated(worker_name: &str, team_name: &str) -> String {
    format!("Allocated to {worker_name} ({team_name})")
}

/// The chronology line of a reviewing officer taking responsibility for a child.
pub fn reviewing_officer_assigned(officer_name: &str) -> String {
    format!("{officer_name} became the child's independent reviewing officer")
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use journey_domain::person::Sex;

    #[test]
    fn born_and_unborn_children_are_described_differently() {
        let mut child = NewChild {
            given_name: "Ava".into(),
            family_name: "Example".into(),
            date_of_birth: None,
            expected_date_of_birth: None,
            sex: Sex::NotKnown,
        };
        assert_eq!(child_registered(&child), "Record opened for Ava Example");
        child.expected_date_of_birth = NaiveDate::from_ymd_opt(2026, 7, 4);
        assert_eq!(
            child_registered(&child),
            "Record opened for unborn child of the Example family, expected 4 July 2026"
        );
        assert_eq!(allocated("Sam", "Team A"), "Allocated to Sam (Team A)");
    }
}
