//! Someone already on record moving in with the child: what the form must say.

use chrono::NaiveDate;

use crate::ids::PersonId;
use crate::validation::FieldErrors;

/// Someone already on Journey who lives with the child from a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Joining {
    pub person: PersonId,
    pub from: NaiveDate,
}

impl Joining {
    /// `person` is the chosen Journey ID as typed or selected; `moved_in` the date read from the
    /// form (`None` when left empty). Every problem is reported at its field.
    pub fn parse(
        person: &str,
        moved_in: Option<NaiveDate>,
        child: PersonId,
        today: NaiveDate,
    ) -> Result<Joining, FieldErrors> {
        let mut errors = FieldErrors::new();
        let person = person.trim().parse::<i64>().ok().filter(|id| *id > 0);
        match person {
            None => errors.add("person", "Select who lives with the child now"),
            Some(id) if id == child.0 => {
                errors.add("person", "Select someone other than the child")
            }
            Some(_) => {}
        }
        match moved_in {
            None => errors.add("moved_in", "Enter the date they moved in"),
            Some(date) if date > today => errors.add(
                "moved_in",
                "The date they moved in must be today or in the past",
            ),
            Some(_) => {}
        }
        match (person, moved_in) {
            (Some(id), Some(from)) if errors.is_empty() => Ok(Joining {
                person: PersonId(id),
                from,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn a_person_and_a_date_not_in_the_future_are_needed() {
        let today = day(2026, 3, 2);
        let child = PersonId(7);
        assert_eq!(
            Joining::parse(" 12 ", Some(today), child, today),
            Ok(Joining {
                person: PersonId(12),
                from: today
            })
        );
        let both = Joining::parse("", None, child, today).unwrap_err();
        assert!(both.message_for("person").is_some());
        assert_eq!(
            both.message_for("moved_in"),
            Some("Enter the date they moved in")
        );
        let own = Joining::parse("7", Some(today), child, today).unwrap_err();
        assert_eq!(
            own.message_for("person"),
            Some("Select someone other than the child")
        );
        let future = Joining::parse("12", Some(day(2026, 3, 3)), child, today).unwrap_err();
        assert!(future.message_for("moved_in").is_some());
        assert!(Joining::parse("x1", Some(today), child, today).is_err());
    }
}
