//! Is it on time? Classifies a due date against a date to check (today, from the injected clock,
//! or a date the user names).

use chrono::NaiveDate;
use serde::Serialize;

use super::calendar::WorkingCalendar;
use super::counting::Interval;
use super::format::long_date;

/// Where a piece of work stands on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Timeliness {
    /// More than the "due soon" window away.
    OnTime { working_days_left: i64 },
    /// Within the window (including the due day itself, with 0 working days left).
    DueSoon { working_days_left: i64 },
    /// Past the due date. `working_days` counts the working days after the due date up to the
    /// date checked, and is at least 1: a deadline missed on Friday is 1 working day overdue all
    /// weekend, and so is one that fell on a Saturday.
    Overdue {
        working_days: i64,
        calendar_days: i64,
    },
}

impl Timeliness {
    pub fn is_overdue(self) -> bool {
        matches!(self, Self::Overdue { .. })
    }

    /// "overdue by 4 working days (6 calendar days)".
    pub fn describe(self) -> String {
        match self {
            Self::OnTime { working_days_left } => {
                format!("on time: {} left", working_days(working_days_left))
            }
            Self::DueSoon {
                working_days_left: 0,
            } => "due soon: due today".to_owned(),
            Self::DueSoon { working_days_left } => {
                format!("due soon: {} left", working_days(working_days_left))
            }
            Self::Overdue {
                working_days: wd,
                calendar_days,
            } => format!(
                "overdue by {} ({calendar_days} calendar day{})",
                working_days(wd),
                if calendar_days == 1 { "" } else { "s" }
            ),
        }
    }
}

fn working_days(n: i64) -> String {
    format!("{n} working day{}", if n == 1 { "" } else { "s" })
}

/// Classifies `due` as seen on `check`. `due_soon` is the authority's warning window.
pub fn classify(
    due: NaiveDate,
    check: NaiveDate,
    due_soon: Interval,
    calendar: &WorkingCalendar,
) -> Timeliness {
    if check > due {
        return Timeliness::Overdue {
            working_days: calendar.working_days_between(due, check).max(1),
            calendar_days: (check - due).num_days(),
        };
    }
    let working_days_left = calendar.working_days_between(check, due);
    let window_ends = due_soon.after(check, calendar).unwrap_or(NaiveDate::MAX);
    // A deadline on a weekend or bank holiday has to be met on the working day before it, so
    // that is the day the warning window is measured to.
    let act_by = calendar.last_working_day_on_or_before(due).unwrap_or(due);
    if act_by <= window_ends {
        Timeliness::DueSoon { working_days_left }
    } else {
        Timeliness::OnTime { working_days_left }
    }
}

/// Whether something already done was done in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "status", rename_all = "kebab-case")]
pub enum Completion {
    InTime,
    Late {
        working_days: i64,
        calendar_days: i64,
    },
}

pub fn completion(due: NaiveDate, done_on: NaiveDate, calendar: &WorkingCalendar) -> Completion {
    if done_on <= due {
        return Completion::InTime;
    }
    Completion::Late {
        working_days: calendar.working_days_between(due, done_on).max(1),
        calendar_days: (done_on - due).num_days(),
    }
}

impl Completion {
    pub fn describe(self, due: NaiveDate) -> String {
        match self {
            Self::InTime => format!("done in time (due by {})", long_date(due)),
            Self::Late {
                working_days: wd, ..
            } => format!("done {} late (due by {})", working_days(wd), long_date(due)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn classification_at_fixed_dates() {
        let calendar = WorkingCalendar::england_and_wales();
        let window = Interval::working_days(5);
        let due = d(2026, 5, 14); // a Thursday
        let cases = [
            (
                d(2026, 4, 30),
                Timeliness::OnTime {
                    working_days_left: 9,
                },
            ), // 4 May is a bank holiday
            (
                d(2026, 5, 7),
                Timeliness::DueSoon {
                    working_days_left: 5,
                },
            ),
            (
                d(2026, 5, 14),
                Timeliness::DueSoon {
                    working_days_left: 0,
                },
            ),
            (
                d(2026, 5, 15),
                Timeliness::Overdue {
                    working_days: 1,
                    calendar_days: 1,
                },
            ),
            (
                d(2026, 5, 16),
                Timeliness::Overdue {
                    working_days: 1,
                    calendar_days: 2,
                },
            ), // Saturday: only Friday missed
            (
                d(2026, 5, 20),
                Timeliness::Overdue {
                    working_days: 4,
                    calendar_days: 6,
                },
            ),
        ];
        for (check, expected) in cases {
            assert_eq!(
                classify(due, check, window, &calendar),
                expected,
                "checked {check}"
            );
        }
        assert_eq!(
            classify(due, d(2026, 5, 20), window, &calendar).describe(),
            "overdue by 4 working days (6 calendar days)"
        );
        assert_eq!(
            classify(due, d(2026, 5, 14), window, &calendar).describe(),
            "due soon: due today"
        );
    }

    #[test]
    fn a_calendar_deadline_on_a_saturday_is_overdue_on_sunday() {
        let calendar = WorkingCalendar::england_and_wales();
        let due = d(2026, 3, 28); // Saturday
        assert_eq!(
            classify(due, d(2026, 3, 29), Interval::working_days(5), &calendar),
            Timeliness::Overdue {
                working_days: 1,
                calendar_days: 1
            }
        );
    }

    #[test]
    fn completion_in_time_or_late() {
        let calendar = WorkingCalendar::england_and_wales();
        let due = d(2022, 6, 1);
        assert_eq!(
            completion(due, d(2022, 6, 1), &calendar),
            Completion::InTime
        );
        // Thursday and Friday were the jubilee bank holidays: Monday is the first working day late.
        assert_eq!(
            completion(due, d(2022, 6, 6), &calendar),
            Completion::Late {
                working_days: 1,
                calendar_days: 5
            }
        );
        assert_eq!(
            completion(due, d(2022, 6, 6), &calendar).describe(due),
            "done 1 working day late (due by 1 June 2022)"
        );
    }
}
