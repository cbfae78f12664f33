//! Each step of the child protection process as typed, and what it becomes once read: the
//! checks that need no records (the order of steps is [`super::pathway`]'s).

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::codes::{
    AbuseCategory, Agency, ConferenceDecision, EnquiryOutcome, PlanEndReason, StrategyDecision,
};
use super::meeting::{MeetingDetails, MeetingInput, parse_meeting};
use crate::uk_time;
use crate::validation::{FieldErrors, required_name, required_text};

/// How long the free-text parts of a step may be: a long record, not a document store.
const LONG_TEXT: usize = 20_000;

fn code<T>(
    errors: &mut FieldErrors,
    field: &str,
    message: &str,
    text: &str,
    from_code: fn(&str) -> Option<T>,
) -> Option<T> {
    let found = from_code(text);
    if found.is_none() {
        errors.add(field, message);
    }
    found
}

fn past_date(
    errors: &mut FieldErrors,
    field: &str,
    what: &str,
    date: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<NaiveDate> {
    match date {
        None if errors.message_for(field).is_none() => {
            errors.add(field, format!("Enter {what}"));
            None
        }
        Some(date) if date > today => {
            errors.add(
                field,
                format!("{} must be today or in the past", capitalise(what)),
            );
            None
        }
        other => other,
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A strategy discussion as typed.
#[derive(Debug, Clone, Default)]
pub struct StrategyDiscussionInput {
    pub meeting: MeetingInput,
    pub information: String,
    pub decision: String,
    pub reasons: String,
}

/// A strategy discussion read: the meeting, what was shared, and the decision for the child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewStrategyDiscussion {
    pub meeting: MeetingDetails,
    pub information: String,
    pub decision: StrategyDecision,
    pub reasons: String,
}

impl NewStrategyDiscussion {
    /// The police and health must have taken part (Working Together 2023, chapter 3: a
    /// strategy discussion involves the local authority, the police and health at least; the
    /// local authority is the one recording it).
    pub fn parse(
        input: &StrategyDiscussionInput,
        now: DateTime<Utc>,
    ) -> Result<NewStrategyDiscussion, FieldErrors> {
        let mut errors = FieldErrors::new();
        let meeting = parse_meeting(&mut errors, &input.meeting, "the strategy discussion", now);
        if let Some(meeting) = &meeting {
            let missing: Vec<&str> = meeting
                .missing_agencies()
                .into_iter()
                .filter(|a| *a != Agency::LocalAuthority)
                .map(Agency::label)
                .collect();
            if !missing.is_empty() {
                errors.add(
                    "attendees",
                    format!(
                        "A strategy discussion needs the police and health: add who took part for {}",
                        missing.join(" and ").to_lowercase()
                    ),
                );
            }
        }
        let information = required_text(
            &mut errors,
            "information",
            "the information shared",
            &input.information,
            LONG_TEXT,
        );
        let decision = code(
            &mut errors,
            "decision",
            "Choose what the strategy discussion decided",
            &input.decision,
            StrategyDecision::from_code,
        );
        let reasons = required_text(
            &mut errors,
            "reasons",
            "the reasons for the decision",
            &input.reasons,
            LONG_TEXT,
        );
        match (meeting, decision) {
            (Some(meeting), Some(decision)) if errors.is_empty() => Ok(NewStrategyDiscussion {
                meeting,
                information,
                decision,
                reasons,
            }),
            _ => Err(errors),
        }
    }
}

/// Starting a section 47 enquiry, as typed: from which strategy discussion, and when.
#[derive(Debug, Clone, Default)]
pub struct EnquiryStartInput {
    pub strategy_discussion: Option<i64>,
    pub start_date: Option<NaiveDate>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NewEnquiry {
    pub strategy_discussion: i64,
    pub start_date: NaiveDate,
}

impl NewEnquiry {
    pub fn parse(input: &EnquiryStartInput, today: NaiveDate) -> Result<NewEnquiry, FieldErrors> {
        let mut errors = FieldErrors::new();
        if input.strategy_discussion.is_none() {
            errors.add(
                "strategy_discussion",
                "Choose the strategy discussion that decided to start the enquiry",
            );
        }
        let start = past_date(
            &mut errors,
            "start_date",
            "the date the enquiry started",
            input.start_date,
            today,
        );
        match (input.strategy_discussion, start) {
            (Some(strategy_discussion), Some(start_date)) if errors.is_empty() => Ok(NewEnquiry {
                strategy_discussion,
                start_date,
            }),
            _ => Err(errors),
        }
    }
}

/// A section 47 enquiry's outcome, as typed.
#[derive(Debug, Clone, Default)]
pub struct OutcomeInput {
    pub outcome: String,
    pub date: Option<NaiveDate>,
    pub reasons: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewOutcome {
    pub outcome: EnquiryOutcome,
    pub date: NaiveDate,
    pub reasons: String,
}

impl NewOutcome {
    pub fn parse(input: &OutcomeInput, today: NaiveDate) -> Result<NewOutcome, FieldErrors> {
        let mut errors = FieldErrors::new();
        let outcome = code(
            &mut errors,
            "outcome",
            "Choose the outcome of the enquiry",
            &input.outcome,
            EnquiryOutcome::from_code,
        );
        let date = past_date(
            &mut errors,
            "date",
            "the date of the outcome",
            input.date,
            today,
        );
        let reasons = required_text(
            &mut errors,
            "reasons",
            "the reasons for the outcome",
            &input.reasons,
            LONG_TEXT,
        );
        match (outcome, date) {
            (Some(outcome), Some(date)) if errors.is_empty() => Ok(NewOutcome {
                outcome,
                date,
                reasons,
            }),
            _ => Err(errors),
        }
    }
}

/// Asking for an initial conference, as typed: when, and for a child moving in from another
/// authority on a plan, which authority.
#[derive(Debug, Clone, Default)]
pub struct ConferenceRequestInput {
    pub date: Option<NaiveDate>,
    pub transfer_in: bool,
    pub transfer_from: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewConferenceRequest {
    pub date: NaiveDate,
    /// The authority the child moves from, for a transfer-in conference.
    pub transfer_from: Option<String>,
}

impl NewConferenceRequest {
    pub fn parse(
        input: &ConferenceRequestInput,
        today: NaiveDate,
    ) -> Result<NewConferenceRequest, FieldErrors> {
        let mut errors = FieldErrors::new();
        let date = past_date(
            &mut errors,
            "date",
            "the date the conference was requested",
            input.date,
            today,
        );
        let transfer_from = input.transfer_in.then(|| {
            required_name(
                &mut errors,
                "transfer_from",
                "the local authority the child is moving from",
                &input.transfer_from,
                200,
            )
        });
        match date {
            Some(date) if errors.is_empty() => Ok(NewConferenceRequest {
                date,
                transfer_from,
            }),
            _ => Err(errors),
        }
    }
}

/// A conference found not to be needed after it was requested: the reason is required.
pub fn not_required_reason(reason: &str) -> Result<String, FieldErrors> {
    let mut errors = FieldErrors::new();
    let reason = required_text(
        &mut errors,
        "reason",
        "why the conference is not required",
        reason,
        LONG_TEXT,
    );
    errors.into_result(reason)
}

/// An initial child protection conference, as typed.
#[derive(Debug, Clone, Default)]
pub struct ConferenceInput {
    pub meeting: MeetingInput,
    pub decision: String,
    pub category: String,
    pub reasons: String,
    pub inquorate_reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewConference {
    pub meeting: MeetingDetails,
    pub decision: ConferenceDecision,
    /// The category of abuse, for a plan.
    pub category: Option<AbuseCategory>,
    pub reasons: String,
    /// Why it went ahead without the local authority, the police and health all there.
    pub inquorate_reason: Option<String>,
}

impl NewConference {
    /// Quorate is the local authority, the police and health taking part; an inquorate
    /// conference goes ahead only with the chair's reason recorded. A plan needs its
    /// category of abuse; no plan has none.
    pub fn parse(
        input: &ConferenceInput,
        now: DateTime<Utc>,
    ) -> Result<NewConference, FieldErrors> {
        let mut errors = FieldErrors::new();
        let meeting = parse_meeting(&mut errors, &input.meeting, "the conference", now);
        let missing = meeting
            .as_ref()
            .map(MeetingDetails::missing_agencies)
            .unwrap_or_default();
        let inquorate_reason = if missing.is_empty() {
            None
        } else {
            let names: Vec<String> = missing.iter().map(|a| a.label().to_lowercase()).collect();
            let reason = input.inquorate_reason.trim();
            if reason.is_empty() {
                errors.add(
                    "inquorate_reason",
                    format!(
                        "Nobody took part for {}: the conference is not quorate. Enter the chair's reason for going ahead",
                        names.join(" or ")
                    ),
                );
                None
            } else {
                Some(required_text(
                    &mut errors,
                    "inquorate_reason",
                    "the chair's reason for going ahead",
                    reason,
                    LONG_TEXT,
                ))
            }
        };
        let decision = code(
            &mut errors,
            "decision",
            "Choose what the conference decided",
            &input.decision,
            ConferenceDecision::from_code,
        );
        let category = match decision {
            Some(ConferenceDecision::Plan) => code(
                &mut errors,
                "category",
                "Choose the category of abuse for the plan",
                &input.category,
                AbuseCategory::from_code,
            ),
            _ => None,
        };
        let reasons = required_text(
            &mut errors,
            "reasons",
            "the reasons for the decision",
            &input.reasons,
            LONG_TEXT,
        );
        match (meeting, decision) {
            (Some(meeting), Some(decision)) if errors.is_empty() => Ok(NewConference {
                meeting,
                decision,
                category,
                reasons,
                inquorate_reason,
            }),
            _ => Err(errors),
        }
    }
}

/// A core group meeting, as typed.
#[derive(Debug, Clone, Default)]
pub struct CoreGroupInput {
    pub meeting: MeetingInput,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewCoreGroup {
    pub meeting: MeetingDetails,
    pub summary: String,
}

impl NewCoreGroup {
    pub fn parse(input: &CoreGroupInput, now: DateTime<Utc>) -> Result<NewCoreGroup, FieldErrors> {
        let mut errors = FieldErrors::new();
        let meeting = parse_meeting(&mut errors, &input.meeting, "the core group", now);
        let summary = required_text(
            &mut errors,
            "summary",
            "what the core group reviewed and agreed",
            &input.summary,
            LONG_TEXT,
        );
        match meeting {
            Some(meeting) if errors.is_empty() => Ok(NewCoreGroup { meeting, summary }),
            _ => Err(errors),
        }
    }
}

/// Ending a child protection plan, as typed.
#[derive(Debug, Clone, Default)]
pub struct PlanEndInput {
    pub date: Option<NaiveDate>,
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PlanEnd {
    pub date: NaiveDate,
    pub reason: PlanEndReason,
}

impl PlanEnd {
    pub fn parse(input: &PlanEndInput, today: NaiveDate) -> Result<PlanEnd, FieldErrors> {
        let mut errors = FieldErrors::new();
        let date = past_date(
            &mut errors,
            "date",
            "the date the plan ended",
            input.date,
            today,
        );
        let reason = code(
            &mut errors,
            "reason",
            "Choose why the plan ended",
            &input.reason,
            PlanEndReason::from_code,
        );
        match (date, reason) {
            (Some(date), Some(reason)) if errors.is_empty() => Ok(PlanEnd { date, reason }),
            _ => Err(errors),
        }
    }
}

/// The day a meeting was held, on UK clocks, for comparing with the dates of other steps.
pub fn day_of(at: DateTime<Utc>) -> NaiveDate {
    uk_time::local_date(at)
}
