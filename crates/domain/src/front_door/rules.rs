//! The front door's rules: what a contact, a referral, a decision and a closure must say, and
//! when each step is allowed. Parsing gives a value or every problem at its field; the state
//! checks take the facts the store reads inside the transaction that makes the change.

use chrono::{DateTime, Months, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use super::codes::{ClosureReason, DecisionOption, PrimaryNeed, ReferralSource};
use super::timing::decision_due;
use crate::timescales::Timescales;
use crate::timescales::format::long_date;
use crate::uk_time;
use crate::validation::{FieldErrors, refuse_disguise, required_name, required_text};

/// One contact: information received about a child, before anyone decides it is a referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ContactId(pub i64);

/// One referral, and the child in need episode it opened (one each, always together).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ReferralId(pub i64);

impl std::fmt::Display for ContactId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for ReferralId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

const NAME_CHARS: usize = 100;
const TEXT_CHARS: usize = 5000;

/// A contact as typed: the date already read from its three boxes (or `None`).
#[derive(Debug, Clone, Default)]
pub struct ContactInput {
    pub received_date: Option<NaiveDate>,
    pub received_time: String,
    pub source: String,
    pub referrer_name: String,
    pub referrer_role: String,
    pub concerns: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewContact {
    pub received_at: DateTime<Utc>,
    pub source: ReferralSource,
    pub referrer_name: String,
    /// Their role or organisation, if given ("Designated safeguarding lead, Hill Primary").
    pub referrer_role: String,
    pub concerns: String,
}

/// Reads "9:05", "09:05" or "14.30".
fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim().replace('.', ":");
    NaiveTime::parse_from_str(&text, "%H:%M").ok()
}

impl NewContact {
    /// `now` is the request's time: a contact cannot be received in the future.
    pub fn parse(input: &ContactInput, now: DateTime<Utc>) -> Result<NewContact, FieldErrors> {
        let mut errors = FieldErrors::new();
        if input.received_date.is_none() {
            errors.add("received_date", "Enter the date the contact was received");
        }
        let time = if input.received_time.trim().is_empty() {
            errors.add(
                "received_time",
                "Enter the time the contact was received, for example 09:30",
            );
            None
        } else {
            let time = parse_time(&input.received_time);
            if time.is_none() {
                errors.add(
                    "received_time",
                    "Time received must be a real time on the 24-hour clock, for example 14:30",
                );
            }
            time
        };
        let source = ReferralSource::from_code(&input.source);
        if source.is_none() {
            errors.add("source", "Select who made the contact");
        }
        let referrer_name = required_name(
            &mut errors,
            "referrer_name",
            "the name of the person who made contact",
            &input.referrer_name,
            NAME_CHARS,
        );
        let referrer_role = input.referrer_role.trim().to_owned();
        if referrer_role.chars().count() > NAME_CHARS {
            errors.add(
                "referrer_role",
                format!("Their role or organisation must be {NAME_CHARS} characters or fewer"),
            );
        } else {
            refuse_disguise(
                &mut errors,
                "referrer_role",
                "their role or organisation",
                &referrer_role,
            );
        }
        let concerns = required_text(
            &mut errors,
            "concerns",
            "the concerns that were raised",
            &input.concerns,
            TEXT_CHARS,
        );
        let received_at = input
            .received_date
            .zip(time)
            .map(|(date, time)| uk_time::from_local(date.and_time(time)));
        if received_at.is_some_and(|at| at > now) {
            errors.add(
                "received_date",
                "The date and time received must not be in the future",
            );
        }
        match (received_at, source) {
            (Some(received_at), Some(source)) if errors.is_empty() => Ok(NewContact {
                received_at,
                source,
                referrer_name,
                referrer_role,
                concerns,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Default)]
pub struct ReferralInput {
    pub referral_date: Option<NaiveDate>,
    pub primary_need: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewReferral {
    pub contact: ContactId,
    pub referral_date: NaiveDate,
    pub primary_need: PrimaryNeed,
    /// When the manager's decision is due, from the authority's timescales.
    pub decision_due: NaiveDate,
}

impl NewReferral {
    /// `timescales` are the authority's: the decision's due date comes from its
    /// `referral-decision` rule and its working-day calendar.
    pub fn parse(
        input: &ReferralInput,
        contact: ContactId,
        today: NaiveDate,
        timescales: &Timescales,
    ) -> Result<NewReferral, FieldErrors> {
        let mut errors = FieldErrors::new();
        match input.referral_date {
            None => errors.add("referral_date", "Enter the date of the referral"),
            Some(date) if date > today => errors.add(
                "referral_date",
                "The referral date must be today or in the past",
            ),
            Some(_) => {}
        }
        let primary_need = PrimaryNeed::from_code(&input.primary_need);
        if primary_need.is_none() {
            errors.add("primary_need", "Select the child's primary need");
        }
        let due = match input.referral_date {
            Some(date) if errors.is_empty() => match decision_due(timescales, date) {
                Ok(due) => Some(due),
                Err(_) => {
                    errors.add(
                        "referral_date",
                        "Journey's working-day calendar does not cover this date",
                    );
                    None
                }
            },
            _ => None,
        };
        match (input.referral_date, primary_need, due) {
            (Some(referral_date), Some(primary_need), Some(decision_due)) if errors.is_empty() => {
                Ok(NewReferral {
                    contact,
                    referral_date,
                    primary_need,
                    decision_due,
                })
            }
            _ => Err(errors),
        }
    }
}

/// What the store knows, inside the transaction, when a contact is about to become a referral.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferralFacts {
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub contact_received: NaiveDate,
    pub contact_already_referred: bool,
    pub open_episode: bool,
}

/// CIN census rule 8606: a referral no more than 40 weeks before the (expected) birth.
const PRE_BIRTH_WEEKS: i64 = 40;

/// Whether the contact may become a referral on `date`.
pub fn check_referral(facts: &ReferralFacts, date: NaiveDate) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    if facts.contact_already_referred {
        errors.add("contact", "This contact has already become a referral");
        return Err(errors);
    }
    if facts.open_episode {
        errors.add(
            "referral_date",
            "The child already has an open child in need episode: close it before recording a new referral",
        );
        return Err(errors);
    }
    if let Some(born) = facts.date_of_birth {
        if date < born {
            errors.add(
                "referral_date",
                format!(
                    "The referral date must be on or after the child's date of birth ({})",
                    long_date(born)
                ),
            );
        }
    } else if let Some(expected) = facts.expected_date_of_birth
        && (expected - date).num_weeks() > PRE_BIRTH_WEEKS
    {
        errors.add(
            "referral_date",
            "A referral for an unborn child must be no more than 40 weeks before the expected date of birth",
        );
    }
    if errors.is_empty() && date < facts.contact_received {
        errors.add(
            "referral_date",
            format!(
                "The referral date must be on or after the date the contact was received ({})",
                long_date(facts.contact_received)
            ),
        );
    }
    errors.into_result(())
}

/// A referral is a re-referral when it comes within 12 months of a previous referral (the
/// DfE's published measure) or of the end of the previous episode (what a worker means by
/// "the case came straight back"). `previous` holds every earlier episode's referral and
/// closure dates.
pub fn is_re_referral(date: NaiveDate, previous: &[(NaiveDate, Option<NaiveDate>)]) -> bool {
    let within_a_year = |earlier: NaiveDate| {
        earlier <= date
            && earlier
                .checked_add_months(Months::new(12))
                .is_some_and(|year_later| date <= year_later)
    };
    previous
        .iter()
        .any(|(referred, closed)| within_a_year(*referred) || closed.is_some_and(within_a_year))
}

#[derive(Debug, Clone, Default)]
pub struct DecisionInput {
    pub option: String,
    pub reasons: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewDecision {
    pub referral: ReferralId,
    pub option: DecisionOption,
    pub reasons: String,
}

impl NewDecision {
    pub fn parse(input: &DecisionInput, referral: ReferralId) -> Result<NewDecision, FieldErrors> {
        let mut errors = FieldErrors::new();
        let option = DecisionOption::from_code(&input.option);
        if option.is_none() {
            errors.add("option", "Select the decision");
        }
        let reasons = required_text(
            &mut errors,
            "reasons",
            "the reasons for the decision",
            &input.reasons,
            TEXT_CHARS,
        );
        match option {
            Some(option) if errors.is_empty() => Ok(NewDecision {
                referral,
                option,
                reasons,
            }),
            _ => Err(errors),
        }
    }
}

/// A decision is recorded once. A mistake in it is corrected as a new version (see
/// `correction`); what the manager decided at the time is never edited.
pub fn check_decision(already_decided: bool) -> Result<(), FieldErrors> {
    if already_decided {
        Err(FieldErrors::single(
            "option",
            "A decision has already been recorded on this referral",
        ))
    } else {
        Ok(())
    }
}

#[derive(Debug, Clone, Default)]
pub struct ClosureInput {
    pub closure_date: Option<NaiveDate>,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EpisodeClosure {
    pub referral: ReferralId,
    pub closure_date: NaiveDate,
    pub reason: ClosureReason,
}

impl EpisodeClosure {
    pub fn parse(
        input: &ClosureInput,
        referral: ReferralId,
        today: NaiveDate,
    ) -> Result<EpisodeClosure, FieldErrors> {
        let mut errors = FieldErrors::new();
        match input.closure_date {
            None => errors.add("closure_date", "Enter the date the episode closed"),
            Some(date) if date > today => errors.add(
                "closure_date",
                "The closure date must be today or in the past",
            ),
            Some(_) => {}
        }
        let reason = ClosureReason::from_code(&input.reason);
        if reason.is_none() {
            errors.add("reason", "Select the reason for closure");
        }
        match (input.closure_date, reason) {
            (Some(closure_date), Some(reason)) if errors.is_empty() => Ok(EpisodeClosure {
                referral,
                closure_date,
                reason,
            }),
            _ => Err(errors),
        }
    }
}

/// Whether an episode that started on `started` may close on `date` (CIN census rule 8630).
pub fn check_closure(
    started: NaiveDate,
    already_closed: bool,
    date: NaiveDate,
) -> Result<(), FieldErrors> {
    if already_closed {
        return Err(FieldErrors::single(
            "closure_date",
            "This episode is already closed",
        ));
    }
    if date < started {
        return Err(FieldErrors::single(
            "closure_date",
            format!(
                "The closure date must be on or after the date the episode started ({})",
                long_date(started)
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap()
    }

    fn contact() -> ContactInput {
        ContactInput {
            received_date: Some(d(2026, 3, 2)),
            received_time: "9:15".into(),
            source: "2A".into(),
            referrer_name: " Mrs Patel ".into(),
            referrer_role: "Designated safeguarding lead".into(),
            concerns: "Bruise on the arm; says she fell".into(),
        }
    }

    #[test]
    fn a_contact_is_read_whole() {
        let parsed = NewContact::parse(&contact(), now()).unwrap();
        assert_eq!(
            parsed.received_at,
            Utc.with_ymd_and_hms(2026, 3, 2, 9, 15, 0).unwrap()
        );
        assert_eq!(parsed.source, ReferralSource::School);
        assert_eq!(parsed.referrer_name, "Mrs Patel");
    }

    #[test]
    fn a_time_received_is_a_uk_clock_time() {
        // 09:15 on 1 June is BST: 08:15 UTC. At 08:30 UTC (09:30 in London) it is not future.
        let summer = ContactInput {
            received_date: Some(d(2026, 6, 1)),
            ..contact()
        };
        let at = Utc.with_ymd_and_hms(2026, 6, 1, 8, 30, 0).unwrap();
        assert_eq!(
            NewContact::parse(&summer, at).unwrap().received_at,
            Utc.with_ymd_and_hms(2026, 6, 1, 8, 15, 0).unwrap()
        );
        // 09:15 in London is still to come at 08:00 UTC.
        let early = Utc.with_ymd_and_hms(2026, 6, 1, 8, 0, 0).unwrap();
        assert!(NewContact::parse(&summer, early).is_err());
    }

    #[test]
    fn a_bad_contact_names_every_field() {
        let input = ContactInput {
            received_date: None,
            received_time: "25:00".into(),
            source: "1E".into(),
            referrer_name: "".into(),
            referrer_role: "x".repeat(101),
            concerns: "  ".into(),
        };
        let errors = NewContact::parse(&input, now()).unwrap_err();
        for field in [
            "received_date",
            "received_time",
            "source",
            "referrer_name",
            "referrer_role",
            "concerns",
        ] {
            assert!(errors.message_for(field).is_some(), "{field}");
        }
        assert_eq!(
            errors.message_for("source"),
            Some("Select who made the contact")
        );
        let future = ContactInput {
            received_time: "10:01".into(),
            ..contact()
        };
        assert_eq!(
            NewContact::parse(&future, now())
                .unwrap_err()
                .message_for("received_date"),
            Some("The date and time received must not be in the future")
        );
        let dotted = ContactInput {
            received_time: "09.59".into(),
            ..contact()
        };
        assert!(NewContact::parse(&dotted, now()).is_ok());
    }

    fn facts() -> ReferralFacts {
        ReferralFacts {
            date_of_birth: Some(d(2019, 2, 28)),
            expected_date_of_birth: None,
            contact_received: d(2026, 3, 1),
            contact_already_referred: false,
            open_episode: false,
        }
    }

    #[test]
    fn a_referral_cannot_come_before_birth_or_the_contact() {
        assert!(check_referral(&facts(), d(2026, 3, 2)).is_ok());
        let before_birth = check_referral(&facts(), d(2019, 2, 27)).unwrap_err();
        assert_eq!(
            before_birth.message_for("referral_date"),
            Some(
                "The referral date must be on or after the child's date of birth (28 February 2019)"
            )
        );
        let before_contact = check_referral(&facts(), d(2026, 2, 28)).unwrap_err();
        assert!(
            before_contact
                .message_for("referral_date")
                .unwrap()
                .contains("the contact was received (1 March 2026)")
        );
        let unborn = ReferralFacts {
            date_of_birth: None,
            expected_date_of_birth: Some(d(2026, 12, 1)),
            contact_received: d(2025, 1, 1),
            ..facts()
        };
        assert!(check_referral(&unborn, d(2026, 3, 2)).is_ok());
        assert!(check_referral(&unborn, d(2025, 2, 1)).is_err());
    }

    #[test]
    fn a_contact_becomes_a_referral_once_and_one_episode_is_open_at_a_time() {
        let once = ReferralFacts {
            contact_already_referred: true,
            ..facts()
        };
        assert_eq!(
            check_referral(&once, d(2026, 3, 2))
                .unwrap_err()
                .message_for("contact"),
            Some("This contact has already become a referral")
        );
        let open = ReferralFacts {
            open_episode: true,
            ..facts()
        };
        assert!(check_referral(&open, d(2026, 3, 2)).is_err());
    }

    #[test]
    fn referral_input_needs_a_past_date_and_a_known_need() {
        let ok = NewReferral::parse(
            &ReferralInput {
                referral_date: Some(d(2026, 3, 2)),
                primary_need: "N1".into(),
            },
            ContactId(1),
            d(2026, 3, 2),
            super::super::timing::national(),
        )
        .unwrap();
        assert_eq!(ok.primary_need, PrimaryNeed::AbuseOrNeglect);
        assert_eq!(ok.decision_due, d(2026, 3, 3));
        let bad = NewReferral::parse(
            &ReferralInput {
                referral_date: Some(d(2026, 3, 3)),
                primary_need: "N10".into(),
            },
            ContactId(1),
            d(2026, 3, 2),
            super::super::timing::national(),
        )
        .unwrap_err();
        assert_eq!(
            bad.message_for("referral_date"),
            Some("The referral date must be today or in the past")
        );
        assert_eq!(
            bad.message_for("primary_need"),
            Some("Select the child's primary need")
        );
    }

    #[test]
    fn re_referrals_are_within_twelve_months_of_a_referral_or_a_closure() {
        let previous = [(d(2024, 1, 10), Some(d(2025, 4, 1)))];
        assert!(
            is_re_referral(d(2026, 4, 1), &previous),
            "closure a year ago"
        );
        assert!(!is_re_referral(d(2026, 4, 2), &previous));
        let recent = [(d(2025, 6, 1), Some(d(2025, 6, 2)))];
        assert!(is_re_referral(d(2026, 5, 31), &recent));
        assert!(!is_re_referral(d(2026, 3, 2), &[]));
        // An earlier episode that closed without a date is judged on its referral alone.
        assert!(!is_re_referral(d(2026, 3, 2), &[(d(2024, 1, 1), None)]));
    }

    #[test]
    fn decisions_need_an_option_and_reasons_and_are_made_once() {
        let bad = NewDecision::parse(
            &DecisionInput {
                option: "maybe".into(),
                reasons: " ".into(),
            },
            ReferralId(3),
        )
        .unwrap_err();
        assert_eq!(bad.message_for("option"), Some("Select the decision"));
        assert_eq!(
            bad.message_for("reasons"),
            Some("Enter the reasons for the decision")
        );
        let ok = NewDecision::parse(
            &DecisionInput {
                option: "strategy_discussion".into(),
                reasons: "Injury unexplained".into(),
            },
            ReferralId(3),
        )
        .unwrap();
        assert_eq!(ok.option, DecisionOption::StrategyDiscussion);
        assert!(check_decision(false).is_ok());
        assert!(check_decision(true).is_err());
    }

    #[test]
    fn an_episode_closes_once_and_not_before_it_started() {
        let parsed = EpisodeClosure::parse(
            &ClosureInput {
                closure_date: Some(d(2026, 3, 2)),
                reason: "rc8".into(),
            },
            ReferralId(1),
            d(2026, 3, 2),
        )
        .unwrap();
        assert_eq!(parsed.reason, ClosureReason::ClosedAfterAssessment);
        assert!(check_closure(d(2026, 3, 1), false, d(2026, 3, 2)).is_ok());
        assert!(check_closure(d(2026, 3, 1), false, d(2026, 3, 1)).is_ok());
        assert_eq!(
            check_closure(d(2026, 3, 1), false, d(2026, 2, 28))
                .unwrap_err()
                .message_for("closure_date"),
            Some(
                "The closure date must be on or after the date the episode started (1 March 2026)"
            )
        );
        assert!(check_closure(d(2026, 3, 1), true, d(2026, 3, 2)).is_err());
        let unknown = EpisodeClosure::parse(
            &ClosureInput {
                closure_date: None,
                reason: "RC0".into(),
            },
            ReferralId(1),
            d(2026, 3, 2),
        )
        .unwrap_err();
        assert!(unknown.message_for("closure_date").is_some());
        assert!(unknown.message_for("reason").is_some());
    }
}
