//! What a rule's words add to counting its interval: "beginning with" the start day, an order
//! whose last day is a public holiday, the earlier of an interval and the first review, and
//! reviews asked for. Each changes the date, the words of the explanation, or both.

use chrono::{Datelike, Days, NaiveDate, Weekday};

use super::calendar::WorkingCalendar;
use super::counting::Interval;
use super::due::Facts;
use super::format::{long_date, long_date_with_day};
use super::rules::{Proviso, Rule};

/// The interval as counted, before any proviso.
pub(crate) struct Counted<'a> {
    pub interval: Interval,
    pub from: NaiveDate,
    pub event: &'a str,
    pub date: NaiveDate,
}

/// The date after the rule's proviso, and how the explanation says it.
pub(crate) struct Applied {
    pub date: NaiveDate,
    /// The deadline as it follows "due by" or "ends no later than": "29 December 2026", or
    /// "noon on 29 December 2026".
    pub deadline: String,
    /// What the date is counted as: "3 months after the initial conference on 14 February 2026".
    pub relation: String,
    /// Sentences after the citation.
    pub sentences: Vec<String>,
    pub caveats: Vec<String>,
}

pub(crate) fn apply(
    rule: &Rule,
    facts: &Facts,
    counted: &Counted<'_>,
    calendar: &WorkingCalendar,
) -> Applied {
    let after = format!(
        "{} after {} on {}",
        counted.interval,
        counted.event,
        long_date(counted.from)
    );
    let mut applied = Applied {
        date: counted.date,
        deadline: long_date(counted.date),
        relation: after.clone(),
        sentences: Vec::new(),
        caveats: Vec::new(),
    };
    match rule.proviso {
        None => {}
        Some(Proviso::BeginningWith) => {
            // The start day is the first of the days, so the last is one day earlier than
            // counting them after it.
            if let Some(last) = counted.date.checked_sub_days(Days::new(1)) {
                applied.date = last;
                applied.deadline = long_date(last);
            }
            applied.relation = format!(
                "{} beginning with {}, {}",
                counted.interval,
                counted.event,
                long_date(counted.from)
            );
        }
        Some(Proviso::NoonAfterPublicHoliday) => {
            if is_public_holiday(counted.date, calendar) {
                let mut later = counted.date;
                while let Some(next) = later.succ_opt() {
                    later = next;
                    if !is_public_holiday(later, calendar) {
                        break;
                    }
                }
                applied.date = later;
                applied.deadline = format!("noon on {}", long_date(later));
                applied.sentences.push(format!(
                    "The last of those days, {}, is a public holiday, so the court may set the order to end at noon on the first later day that is not one (section 45(2)).",
                    long_date_with_day(counted.date)
                ));
            }
            if !calendar.covers(counted.date) {
                applied.caveats.push(format!(
                    "Journey's bank holiday calendar does not reach {}: a bank holiday then is not known until the authority adds it to its configuration.",
                    long_date(counted.date)
                ));
            }
        }
        Some(Proviso::ByFirstReview) => match facts.first_review {
            Some(review) if review >= counted.from && review < counted.date => {
                applied.date = review;
                applied.deadline = long_date(review);
                applied.relation = format!(
                    "by the first looked-after review on {}, which comes before {after}",
                    long_date(review)
                );
            }
            Some(_) => {}
            None => applied.sentences.push(
                "If the first looked-after review is held sooner, it is due by that review."
                    .to_owned(),
            ),
        },
        Some(Proviso::OnRequest) => match facts.requested {
            // A request made before the date counted from was answered by that review.
            Some(asked) if asked >= counted.from && asked < counted.date => {
                applied.date = asked;
                applied.deadline = long_date(asked);
                applied.relation = format!(
                    "a review was asked for on {}, sooner than {after}",
                    long_date(asked)
                );
                applied.sentences.push(
                    "The regulations set no time for a review asked for: Journey counts it due from the day it was asked for."
                        .to_owned(),
                );
            }
            _ => applied.sentences.push(
                "A review is also due whenever the young person asks for one, or the authority or the personal adviser thinks one necessary."
                    .to_owned(),
            ),
        },
    }
    applied
}

/// Children Act 1989 s45(2): "a public holiday (that is to say, Christmas Day, Good Friday, a
/// bank holiday or a Sunday)". Saturdays are not. Good Friday and the bank holidays are the
/// calendar's; Christmas Day is 25 December whatever the day of the week.
pub fn is_public_holiday(date: NaiveDate, calendar: &WorkingCalendar) -> bool {
    date.weekday() == Weekday::Sun
        || (date.month() == 12 && date.day() == 25)
        || calendar.is_bank_holiday(date)
}
