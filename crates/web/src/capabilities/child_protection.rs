//! Child protection: the API's typed bodies and the pages' forms, each becoming the domain's
//! input for a step, which the domain's parser reads (so a rule is checked in one place).

use std::collections::BTreeMap;

use journey_domain::child_protection::meeting::{MAX_ATTENDEES, attendee_field};
use journey_domain::child_protection::{
    AttendeeInput, ConferenceInput, ConferenceRequestInput, CoreGroupInput, EnquiryStartInput,
    MeetingInput, OutcomeInput, PlanEndInput, StrategyDiscussionInput,
};
use journey_domain::validation::FieldErrors;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::codes::{
    AbuseCategoryCode, AgencyCode, ConferenceDecisionCode, EnquiryOutcomeCode, Instant, IsoDate,
    PlanEndReasonCode, StrategyDecisionCode, date,
};
use super::front_door::{rename_fields, uk_parts};
use crate::forms::date_from_parts;

/// How many rows for people a page's meeting form offers.
pub const FORM_ROWS: usize = 8;

// The API's bodies.

/// One person invited to a meeting.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AttendeeBody {
    pub name: String,
    pub agency: Option<AgencyCode>,
    /// Their role, for example "detective sergeant" or "health visitor".
    pub role: String,
    /// `true` if they took part, `false` if they sent apologies.
    pub attended: bool,
}

/// When and where a meeting was held, who chaired it and who was invited.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct MeetingBody {
    /// When it was held; any offset, held and answered in UTC.
    pub held_at: Option<Instant>,
    pub place: String,
    pub chair: String,
    pub attendees: Vec<AttendeeBody>,
}

impl MeetingBody {
    fn input(&self) -> MeetingInput {
        let (date, time) = uk_parts(self.held_at.map(|i| i.0));
        MeetingInput {
            date,
            time,
            place: self.place.clone(),
            chair: self.chair.clone(),
            attendees: self
                .attendees
                .iter()
                .map(|a| AttendeeInput {
                    name: a.name.clone(),
                    agency: a.agency.map(|c| c.code().to_owned()).unwrap_or_default(),
                    role: a.role.clone(),
                    attended: a.attended,
                })
                .collect(),
        }
    }
}

/// The API's names for the domain's meeting fields: `meeting.held_at` for its date and time,
/// `meeting.attendees[0].name` for a row's field.
pub fn api_fields(errors: FieldErrors) -> FieldErrors {
    let errors = rename_fields(errors, &["date", "time"], "meeting.held_at");
    let mut renamed = FieldErrors::new();
    for e in errors.errors {
        let field = match e.field.as_str() {
            "place" | "chair" | "attendees" => format!("meeting.{}", e.field),
            other => match other
                .strip_prefix("attendees-")
                .and_then(|r| r.split_once('-'))
            {
                Some((row, name)) => format!("meeting.attendees[{row}].{name}"),
                None => other.to_owned(),
            },
        };
        renamed.add(&field, e.message);
    }
    renamed
}

/// `POST /api/children/{child_id}/strategy-discussions`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct StrategyDiscussionBody {
    pub meeting: MeetingBody,
    pub information: String,
    pub decision: Option<StrategyDecisionCode>,
    pub reasons: String,
}

impl StrategyDiscussionBody {
    pub fn input(&self) -> StrategyDiscussionInput {
        StrategyDiscussionInput {
            meeting: self.meeting.input(),
            information: self.information.clone(),
            decision: code(self.decision.map(|c| c.code())),
            reasons: self.reasons.clone(),
        }
    }
}

/// `POST /api/children/{child_id}/section-47-enquiries`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct EnquiryBody {
    /// The strategy discussion (a meeting id) that decided on the enquiry.
    pub strategy_discussion: Option<i64>,
    pub start_date: Option<IsoDate>,
}

impl EnquiryBody {
    pub fn input(&self) -> EnquiryStartInput {
        EnquiryStartInput {
            strategy_discussion: self.strategy_discussion,
            start_date: date(self.start_date),
        }
    }
}

/// `POST /api/children/{child_id}/section-47-enquiries/outcome`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct OutcomeBody {
    pub outcome: Option<EnquiryOutcomeCode>,
    pub date: Option<IsoDate>,
    pub reasons: String,
}

impl OutcomeBody {
    pub fn input(&self) -> OutcomeInput {
        OutcomeInput {
            outcome: code(self.outcome.map(|c| c.code())),
            date: date(self.date),
            reasons: self.reasons.clone(),
        }
    }
}

/// `POST /api/children/{child_id}/conference-requests`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ConferenceRequestBody {
    pub date: Option<IsoDate>,
    /// For a child moving in on another authority's plan: that authority. Leave out otherwise.
    pub transfer_from: Option<String>,
}

impl ConferenceRequestBody {
    pub fn input(&self) -> ConferenceRequestInput {
        ConferenceRequestInput {
            date: date(self.date),
            transfer_in: self.transfer_from.is_some(),
            transfer_from: self.transfer_from.clone().unwrap_or_default(),
        }
    }
}

/// `POST /api/children/{child_id}/conference-requests/not-required`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct NotRequiredBody {
    pub reason: String,
}

/// `POST /api/children/{child_id}/initial-conferences`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ConferenceBody {
    pub meeting: MeetingBody,
    pub decision: Option<ConferenceDecisionCode>,
    /// The category of abuse, for a plan.
    pub category: Option<AbuseCategoryCode>,
    pub reasons: String,
    /// Why the conference went ahead without the local authority, the police and health.
    pub inquorate_reason: String,
}

impl ConferenceBody {
    pub fn input(&self) -> ConferenceInput {
        ConferenceInput {
            meeting: self.meeting.input(),
            decision: code(self.decision.map(|c| c.code())),
            category: code(self.category.map(|c| c.code())),
            reasons: self.reasons.clone(),
            inquorate_reason: self.inquorate_reason.clone(),
        }
    }
}

/// `POST /api/children/{child_id}/core-groups`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CoreGroupBody {
    pub meeting: MeetingBody,
    /// What the core group reviewed and agreed.
    pub summary: String,
}

impl CoreGroupBody {
    pub fn input(&self) -> CoreGroupInput {
        CoreGroupInput {
            meeting: self.meeting.input(),
            summary: self.summary.clone(),
        }
    }
}

/// `POST /api/children/{child_id}/child-protection-plan/end`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PlanEndBody {
    pub date: Option<IsoDate>,
    pub reason: Option<PlanEndReasonCode>,
}

impl PlanEndBody {
    pub fn input(&self) -> PlanEndInput {
        PlanEndInput {
            date: date(self.date),
            reason: code(self.reason.map(|c| c.code())),
        }
    }
}

fn code(code: Option<&'static str>) -> String {
    code.unwrap_or_default().to_owned()
}

// The pages' forms: every field as typed, by name, so a form shows again exactly as sent.

/// A step's form as typed.
pub type Fields = BTreeMap<String, String>;

fn text(fields: &Fields, name: &str) -> String {
    fields.get(name).cloned().unwrap_or_default()
}

/// A GOV.UK date input named `name` (`name-day`, `name-month`, `name-year`).
pub fn form_date(
    errors: &mut FieldErrors,
    fields: &Fields,
    name: &str,
    what: &str,
) -> Option<chrono::NaiveDate> {
    date_from_parts(
        errors,
        name,
        what,
        &text(fields, &format!("{name}-day")),
        &text(fields, &format!("{name}-month")),
        &text(fields, &format!("{name}-year")),
    )
}

/// The meeting's part of a form: its date, time, place, chair and rows of people (a row's
/// `attendees-N-apologies` box ticked means they sent apologies).
pub fn form_meeting(errors: &mut FieldErrors, fields: &Fields, what: &str) -> MeetingInput {
    let date = form_date(errors, fields, "date", what);
    MeetingInput {
        date,
        time: text(fields, "time"),
        place: text(fields, "place"),
        chair: text(fields, "chair"),
        attendees: (0..MAX_ATTENDEES.min(FORM_ROWS))
            .map(|i| AttendeeInput {
                name: text(fields, &attendee_field(i, "name")),
                agency: text(fields, &attendee_field(i, "agency")),
                role: text(fields, &attendee_field(i, "role")),
                attended: text(fields, &attendee_field(i, "apologies")).is_empty(),
            })
            .collect(),
    }
}

pub fn form_strategy_discussion(
    errors: &mut FieldErrors,
    fields: &Fields,
) -> StrategyDiscussionInput {
    StrategyDiscussionInput {
        meeting: form_meeting(errors, fields, "Date of the strategy discussion"),
        information: text(fields, "information"),
        decision: text(fields, "decision"),
        reasons: text(fields, "reasons"),
    }
}

pub fn form_enquiry(errors: &mut FieldErrors, fields: &Fields) -> EnquiryStartInput {
    let chosen = text(fields, "strategy_discussion");
    EnquiryStartInput {
        strategy_discussion: chosen.trim().parse().ok(),
        start_date: form_date(errors, fields, "start_date", "Date the enquiry started"),
    }
}

pub fn form_outcome(errors: &mut FieldErrors, fields: &Fields) -> OutcomeInput {
    OutcomeInput {
        outcome: text(fields, "outcome"),
        date: form_date(errors, fields, "date", "Date of the outcome"),
        reasons: text(fields, "reasons"),
    }
}

pub fn form_request(errors: &mut FieldErrors, fields: &Fields) -> ConferenceRequestInput {
    ConferenceRequestInput {
        date: form_date(errors, fields, "date", "Date requested"),
        transfer_in: text(fields, "transfer_in") == "yes",
        transfer_from: text(fields, "transfer_from"),
    }
}

pub fn form_conference(errors: &mut FieldErrors, fields: &Fields) -> ConferenceInput {
    ConferenceInput {
        meeting: form_meeting(errors, fields, "Date of the conference"),
        decision: text(fields, "decision"),
        category: text(fields, "category"),
        reasons: text(fields, "reasons"),
        inquorate_reason: text(fields, "inquorate_reason"),
    }
}

pub fn form_core_group(errors: &mut FieldErrors, fields: &Fields) -> CoreGroupInput {
    CoreGroupInput {
        meeting: form_meeting(errors, fields, "Date of the core group"),
        summary: text(fields, "summary"),
    }
}

pub fn form_plan_end(errors: &mut FieldErrors, fields: &Fields) -> PlanEndInput {
    PlanEndInput {
        date: form_date(errors, fields, "date", "Date the plan ended"),
        reason: text(fields, "reason"),
    }
}

pub fn form_reason(fields: &Fields) -> String {
    text(fields, "reason")
}
