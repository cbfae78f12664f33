//! The case summary at the top of a child's record: derived from what is recorded, never typed,
//! so it cannot drift from the record.

use chrono::NaiveDate;
use serde::Serialize;

use super::wording::long_date;

/// The facts the summary is derived from, as the store reads them.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub date_of_death: Option<NaiveDate>,
    /// Worker, team and the date of allocation.
    pub allocation: Option<(String, String, NaiveDate)>,
    /// The current address in one line, and the date the child started living there.
    pub address: Option<(String, NaiveDate)>,
    /// Current warnings: (category label, text, from).
    pub warnings: Vec<(String, String, NaiveDate)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyDate {
    pub label: &'static str,
    pub date: NaiveDate,
}

/// The summary a page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseSummary {
    /// "7 years old", "Unborn, expected 4 July 2026", "Died on 1 March 2026, aged 7".
    pub age: String,
    /// One word or two: "Unborn", "Deceased", "Allocated", "Not allocated".
    pub status: &'static str,
    pub allocated: Option<String>,
    pub lives_at: Option<String>,
    pub key_dates: Vec<KeyDate>,
}

pub fn summarise(facts: &Facts, today: NaiveDate) -> CaseSummary {
    let age = match (
        facts.date_of_birth,
        facts.date_of_death,
        facts.expected_date_of_birth,
    ) {
        (Some(born), Some(died), _) => format!(
            "Died on {}, {}",
            long_date(died),
            age_words(born, died, "aged ")
        ),
        (Some(born), None, _) => age_words(born, today, ""),
        (None, _, Some(expected)) => format!("Unborn, expected {}", long_date(expected)),
        (None, _, None) => "Date of birth not known".to_owned(),
    };
    let status = if facts.date_of_death.is_some() {
        "Deceased"
    } else if facts.date_of_birth.is_none() {
        "Unborn"
    } else if facts.allocation.is_some() {
        "Allocated"
    } else {
        "Not allocated"
    };
    let mut key_dates = Vec::new();
    if let Some(expected) = facts.expected_date_of_birth {
        key_dates.push(KeyDate {
            label: "Expected date of birth",
            date: expected,
        });
    }
    if let Some(born) = facts.date_of_birth {
        key_dates.push(KeyDate {
            label: "Born",
            date: born,
        });
    }
    if let Some((_, _, from)) = &facts.allocation {
        key_dates.push(KeyDate {
            label: "Allocated",
            date: *from,
        });
    }
    if let Some((_, from)) = &facts.address {
        key_dates.push(KeyDate {
            label: "Living at the current address since",
            date: *from,
        });
    }
    if let Some(died) = facts.date_of_death {
        key_dates.push(KeyDate {
            label: "Died",
            date: died,
        });
    }
    key_dates.sort_by_key(|k| k.date);
    CaseSummary {
        age,
        status,
        allocated: facts
            .allocation
            .as_ref()
            .map(|(worker, team, _)| format!("{worker} ({team})")),
        lives_at: facts.address.as_ref().map(|(line, _)| line.clone()),
        key_dates,
    }
}

/// "7 years old", "11 months old", "3 weeks old", "2 days old" (or "aged ..." after a death).
fn age_words(born: NaiveDate, on: NaiveDate, prefix: &str) -> String {
    let suffix = if prefix.is_empty() { " old" } else { "" };
    let plural = |n: i64, unit: &str| {
        format!(
            "{prefix}{n} {unit}{}{suffix}",
            if n == 1 { "" } else { "s" }
        )
    };
    if let Some(years) = on.years_since(born).filter(|y| *y >= 1) {
        return plural(i64::from(years), "year");
    }
    let months = (0..12u32)
        .rev()
        .find(|m| {
            born.checked_add_months(chrono::Months::new(*m))
                .is_some_and(|d| d <= on)
        })
        .unwrap_or(0);
    if months >= 1 {
        return plural(i64::from(months), "month");
    }
    let days = (on - born).num_days().max(0);
    if days >= 7 {
        plural(days / 7, "week")
    } else {
        plural(days, "day")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn the_summary_is_derived_from_the_facts() {
        let today = date(2026, 3, 2);
        let facts = Facts {
            date_of_birth: Some(date(2019, 2, 28)),
            allocation: Some(("Sam Worker".into(), "Team A".into(), date(2026, 3, 1))),
            address: Some(("12 High Street, Northtown NT1 1AA".into(), date(2025, 6, 1))),
            ..Facts::default()
        };
        let summary = summarise(&facts, today);
        assert_eq!(summary.age, "7 years old");
        assert_eq!(summary.status, "Allocated");
        assert_eq!(summary.allocated.as_deref(), Some("Sam Worker (Team A)"));
        let labels: Vec<_> = summary.key_dates.iter().map(|k| k.label).collect();
        assert_eq!(
            labels,
            ["Born", "Living at the current address since", "Allocated"]
        );
    }

    #[test]
    fn unborn_and_deceased_children_read_differently() {
        let today = date(2026, 3, 2);
        let unborn = Facts {
            expected_date_of_birth: Some(date(2026, 7, 4)),
            ..Facts::default()
        };
        let summary = summarise(&unborn, today);
        assert_eq!(summary.age, "Unborn, expected 4 July 2026");
        assert_eq!(summary.status, "Unborn");
        let died = Facts {
            date_of_birth: Some(date(2019, 2, 28)),
            date_of_death: Some(date(2026, 2, 1)),
            ..Facts::default()
        };
        let summary = summarise(&died, today);
        assert_eq!(summary.status, "Deceased");
        assert_eq!(summary.age, "Died on 1 February 2026, aged 6 years");
    }

    #[test]
    fn babies_ages_are_in_months_weeks_and_days() {
        let born = date(2026, 1, 1);
        assert_eq!(age_words(born, date(2026, 3, 2), ""), "2 months old");
        assert_eq!(age_words(born, date(2026, 1, 20), ""), "2 weeks old");
        assert_eq!(age_words(born, date(2026, 1, 2), ""), "1 day old");
        assert_eq!(age_words(born, date(2027, 1, 1), ""), "1 year old");
    }
}
