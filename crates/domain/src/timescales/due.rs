//! Working out a due date from a rule and the facts of the case, with the reasons in plain English.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use super::calendar::WorkingCalendar;
use super::counting::{Counting, FULL_TERM_WEEKS, Interval};
use super::error::TimescaleError;
use super::format::{long_date, long_date_with_day};
use super::provisos;
use super::rules::{Rule, RuleId, Tier};
use super::schedule::Schedule;
use super::visits::{VisitIntervals, VisitPlacement};

/// What is known about the case, as much as the rule needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Facts {
    /// The rule's start event: the referral, the strategy discussion, the placement start, the
    /// expected date of delivery for a pre-birth conference...
    pub start: NaiveDate,
    /// The last time it happened (previous review, visit, supervision), for repeating rules.
    pub previous: Option<NaiveDate>,
    /// How many have been held so far, where the second interval differs from later ones
    /// (looked-after reviews). When unknown, the previous one is taken to be the first, which
    /// gives the earlier of the possible due dates.
    pub held: Option<u32>,
    pub date_of_birth: Option<NaiveDate>,
    /// For regulation 28 visits.
    pub placement: Option<VisitPlacement>,
    /// The child's first looked-after review, where visits are weekly until it and the initial
    /// health assessment is due by it.
    pub first_review: Option<NaiveDate>,
    /// When a review was asked for (a pathway plan review the young person asked for).
    pub requested: Option<NaiveDate>,
}

impl Facts {
    pub fn from(start: NaiveDate) -> Self {
        Self {
            start,
            previous: None,
            held: None,
            date_of_birth: None,
            placement: None,
            first_review: None,
            requested: None,
        }
    }

    pub fn previous(mut self, date: NaiveDate) -> Self {
        self.previous = Some(date);
        self
    }

    pub fn held(mut self, count: u32) -> Self {
        self.held = Some(count);
        self
    }

    pub fn date_of_birth(mut self, date: NaiveDate) -> Self {
        self.date_of_birth = Some(date);
        self
    }

    pub fn placement(mut self, placement: VisitPlacement) -> Self {
        self.placement = Some(placement);
        self
    }

    pub fn first_review(mut self, date: NaiveDate) -> Self {
        self.first_review = Some(date);
        self
    }

    pub fn requested(mut self, date: NaiveDate) -> Self {
        self.requested = Some(date);
        self
    }
}

/// A due date and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueDate {
    pub rule: RuleId,
    pub date: NaiveDate,
    /// The date counted from: the start event or the previous occurrence.
    pub counted_from: NaiveDate,
    pub interval: Interval,
    pub tier: Tier,
    /// "Review conference due by 14 May 2026: 3 months after the initial conference on
    /// 14 February 2026 (Working Together 2023)."
    pub explanation: String,
    /// Things the reader should know that do not change the date (a calendar that runs out).
    pub caveats: Vec<String>,
}

/// The interval chosen for these facts, what it counts from, and why that one.
struct Basis {
    part: &'static str,
    interval: Interval,
    from: NaiveDate,
    event: String,
    reason: Option<String>,
    /// A sentence saying what was assumed where the facts left a choice.
    assumption: Option<String>,
}

/// Works out when `rule` is due. `national` is the catalogue's version of the same rule, so the
/// explanation can say when the authority has set a shorter timescale.
pub fn due_date(
    rule: &Rule,
    national: Option<&Rule>,
    facts: &Facts,
    calendar: &WorkingCalendar,
) -> Result<DueDate, TimescaleError> {
    if let Some(previous) = facts.previous
        && previous < facts.start
    {
        return Err(TimescaleError::PreviousBeforeStart {
            event: rule.start_event.to_owned(),
            start: facts.start,
            previous,
        });
    }
    let basis = basis(rule, facts)?;
    let counted = if matches!(rule.schedule, Schedule::Before { .. }) {
        basis.interval.before(basis.from, calendar)
    } else {
        basis.interval.after(basis.from, calendar)
    }
    .ok_or(TimescaleError::OutOfRange { from: basis.from })?;
    let applied = provisos::apply(
        rule,
        facts,
        &provisos::Counted {
            interval: basis.interval,
            from: basis.from,
            event: &basis.event,
            date: counted,
        },
        calendar,
    );
    let date = applied.date;

    let mut explanation = match basis.interval.counting {
        Counting::GestationWeeks => format!(
            "{} {} {}: {}, {} weeks before {} on {}",
            rule.name,
            rule.deadline_words,
            applied.deadline,
            basis.interval,
            FULL_TERM_WEEKS.saturating_sub(basis.interval.amount),
            basis.event,
            long_date(basis.from)
        ),
        _ if matches!(rule.schedule, Schedule::Before { .. }) => format!(
            "{} {} {}: {} before {} on {}",
            rule.name,
            rule.deadline_words,
            applied.deadline,
            basis.interval,
            basis.event,
            long_date(basis.from)
        ),
        _ => format!(
            "{} {} {}: {}",
            rule.name, rule.deadline_words, applied.deadline, applied.relation
        ),
    };
    if let Some(reason) = &basis.reason {
        explanation.push_str(", ");
        explanation.push_str(reason);
    }
    let mut cited = citation(rule);
    if let Some(national) = national
        .and_then(|national| part(&national.schedule, basis.part))
        .filter(|national| *national != basis.interval)
    {
        cited.push_str(&format!(
            "; the authority has set {} where the default is {national}",
            basis.interval
        ));
    }
    explanation.push_str(&format!(" ({cited})."));
    for sentence in &applied.sentences {
        explanation.push(' ');
        explanation.push_str(sentence);
    }
    if let Some(assumption) = &basis.assumption {
        explanation.push(' ');
        explanation.push_str(assumption);
    }
    // A calendar-counted deadline can land on a weekend or bank holiday: the work still has to
    // be done by then, so say which working day that means rather than moving the date later.
    if rule.deadline_words == "due by"
        && !calendar.is_working_day(date)
        && let Some(last) = calendar.last_working_day_on_or_before(date)
    {
        let what = calendar
            .bank_holiday_name(date)
            .map(|name| format!("a bank holiday ({name})"))
            .unwrap_or_else(|| format!("a {}", date.format("%A")));
        explanation.push_str(&format!(
            " {} is {what}: the last working day before it is {}.",
            long_date(date),
            long_date_with_day(last)
        ));
    }

    let mut caveats = applied.caveats;
    if basis.interval.counting == Counting::WorkingDays && !calendar.covers(date) {
        caveats.push(coverage_caveat(calendar));
    }
    Ok(DueDate {
        rule: rule.id,
        date,
        counted_from: basis.from,
        interval: basis.interval,
        tier: rule.tier,
        explanation,
        caveats,
    })
}

fn coverage_caveat(calendar: &WorkingCalendar) -> String {
    match calendar.years_covered() {
        Some((_, last)) => format!(
            "Journey's bank holiday calendar runs to the end of {last}: bank holidays after that are not counted until the authority adds them to its configuration."
        ),
        None => "Journey has no bank holidays loaded: only weekends are counted.".to_owned(),
    }
}

fn citation(rule: &Rule) -> String {
    match rule.tier {
        Tier::LocalPractice => format!("local practice: {}", rule.citation),
        Tier::Statute | Tier::StatutoryGuidance => rule.citation.to_owned(),
    }
}

fn part(schedule: &Schedule, name: &str) -> Option<Interval> {
    schedule
        .parts()
        .into_iter()
        .find(|(part, _)| *part == name)
        .map(|(_, interval)| interval)
}

fn basis(rule: &Rule, facts: &Facts) -> Result<Basis, TimescaleError> {
    let from_start = |part, interval| Basis {
        part,
        interval,
        from: facts.start,
        event: rule.start_event.to_owned(),
        reason: None,
        assumption: None,
    };
    let from_previous = |part, interval, previous| Basis {
        part,
        interval,
        from: previous,
        event: rule.previous_event.to_owned(),
        reason: None,
        assumption: None,
    };
    Ok(match &rule.schedule {
        Schedule::Once { within } => from_start("within", *within),
        Schedule::GestationWeek { week } => from_start("week", *week),
        Schedule::Before { before } => from_start("before", *before),
        Schedule::Every { every } => match facts.previous {
            Some(previous) => from_previous("every", *every, previous),
            None => from_start("every", *every),
        },
        Schedule::Reviews {
            first,
            second,
            then,
        } => match (facts.previous, second) {
            (None, _) => from_start("first", *first),
            (Some(previous), None) => from_previous("then", *then, previous),
            (Some(previous), Some(second)) => match facts.held {
                Some(held) if held >= 2 => from_previous("then", *then, previous),
                Some(_) => Basis {
                    event: rule.previous_event.replacen("previous", "first", 1),
                    ..from_previous("second", *second, previous)
                },
                None => Basis {
                    assumption: Some(format!(
                        "This takes {} to be the first: once two have been held, each is due {then} after the one before.",
                        rule.previous_event
                    )),
                    ..from_previous("second", *second, previous)
                },
            },
        },
        Schedule::ByAge {
            age_years,
            younger,
            older,
        } => {
            let born = facts
                .date_of_birth
                .ok_or_else(|| missing(rule, "the child's date of birth"))?;
            let (from, event) = match facts.previous {
                Some(previous) => (previous, rule.previous_event),
                None => (facts.start, rule.start_event),
            };
            let age = age_on(born, from);
            let (part, interval, reason) = if age < i64::from(*age_years) {
                (
                    "younger",
                    *younger,
                    format!("as the child was under {age_years} then"),
                )
            } else {
                (
                    "older",
                    *older,
                    format!("as the child was {age_years} or over then"),
                )
            };
            Basis {
                part,
                interval,
                from,
                event: event.to_owned(),
                reason: Some(reason),
                assumption: None,
            }
        }
        Schedule::PlacementVisits(visits) => visit_basis(rule, visits, facts)?,
        Schedule::Tapering { phases, then } => {
            let from = facts.previous.unwrap_or(facts.start);
            let event = if facts.previous.is_some() {
                rule.previous_event
            } else {
                rule.start_event
            };
            let phase = phases.iter().find(|phase| {
                phase
                    .until
                    .after(facts.start, &WorkingCalendar::empty())
                    .is_some_and(|end| from < end)
            });
            match phase {
                Some(phase) => Basis {
                    part: phase.name,
                    interval: phase.every,
                    from,
                    event: event.to_owned(),
                    reason: Some(phase.during.to_owned()),
                    assumption: None,
                },
                None => Basis {
                    part: "then",
                    interval: *then,
                    from,
                    event: event.to_owned(),
                    reason: None,
                    assumption: None,
                },
            }
        }
    })
}

fn visit_basis(
    rule: &Rule,
    visits: &VisitIntervals,
    facts: &Facts,
) -> Result<Basis, TimescaleError> {
    let placement = facts
        .placement
        .ok_or_else(|| missing(rule, "the placement type"))?;
    let Some(previous) = facts.previous else {
        return Ok(Basis {
            part: "first-visit",
            interval: visits.first_visit,
            from: facts.start,
            event: rule.start_event.to_owned(),
            reason: Some(format!("the first visit to {}", placement.describe())),
            assumption: None,
        });
    };
    let before_first_review = facts.first_review.is_none_or(|review| previous < review);
    let first_year_ends = facts.start.checked_add_months(chrono::Months::new(12));
    let in_first_year = first_year_ends.is_none_or(|end| previous < end);
    let (part, interval, reason) = match placement {
        VisitPlacement::Ordinary | VisitPlacement::LongTerm if in_first_year => (
            "first-year",
            visits.first_year,
            "in the first year of the placement".to_owned(),
        ),
        VisitPlacement::LongTerm => (
            "long-term-after-first-year",
            visits.long_term_after_first_year,
            "after the first year of a placement agreed to last until the child is 18".to_owned(),
        ),
        VisitPlacement::Ordinary => (
            "after-first-year",
            visits.after_first_year,
            "after the first year of the placement".to_owned(),
        ),
        VisitPlacement::WithParentsBeforeAssessment
        | VisitPlacement::ConnectedPersonTemporaryApproval
        | VisitPlacement::InterimCareOrderAtHome
            if before_first_review =>
        {
            (
                "before-first-review",
                visits.before_first_review,
                format!("until the first review, for {}", placement.describe()),
            )
        }
        VisitPlacement::WithParentsBeforeAssessment => (
            "with-parents-after-first-review",
            visits.with_parents_after_first_review,
            format!("after the first review, for {}", placement.describe()),
        ),
        VisitPlacement::ConnectedPersonTemporaryApproval
        | VisitPlacement::InterimCareOrderAtHome => (
            "connected-person-after-first-review",
            visits.connected_person_after_first_review,
            format!("after the first review, for {}", placement.describe()),
        ),
        VisitPlacement::CareOrderAtHome => (
            "care-order-at-home",
            visits.care_order_at_home,
            format!("for {}", placement.describe()),
        ),
    };
    Ok(Basis {
        part,
        interval,
        from: previous,
        event: rule.previous_event.to_owned(),
        reason: Some(reason),
        assumption: None,
    })
}

fn missing(rule: &Rule, what: &'static str) -> TimescaleError {
    TimescaleError::MissingFact {
        rule: rule.name.to_owned(),
        what,
    }
}

/// Age in whole years on `on`; a 29 February birthday counts from 1 March in other years.
pub fn age_on(born: NaiveDate, on: NaiveDate) -> i64 {
    let years = i64::from(on.year()) - i64::from(born.year());
    let had_birthday = (on.month(), on.day()) >= (born.month(), born.day());
    if had_birthday { years } else { years - 1 }
}
