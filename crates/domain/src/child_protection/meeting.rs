//! Meetings: strategy discussions, child protection conferences and core groups are all
//! meetings: when, where, who chaired, who was invited for which agency and who came. The
//! meetings issue adds minutes and their distribution on top of this.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use super::codes::Agency;
use crate::uk_time;
use crate::validation::{FieldErrors, required_name, required_text};

/// The kinds of meeting the child protection process holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    StrategyDiscussion,
    InitialConference,
    CoreGroup,
}

impl MeetingKind {
    pub fn code(self) -> &'static str {
        match self {
            MeetingKind::StrategyDiscussion => "strategy_discussion",
            MeetingKind::InitialConference => "initial_conference",
            MeetingKind::CoreGroup => "core_group",
        }
    }

    pub fn from_code(code: &str) -> Option<MeetingKind> {
        [
            MeetingKind::StrategyDiscussion,
            MeetingKind::InitialConference,
            MeetingKind::CoreGroup,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            MeetingKind::StrategyDiscussion => "Strategy discussion",
            MeetingKind::InitialConference => "Initial child protection conference",
            MeetingKind::CoreGroup => "Core group meeting",
        }
    }
}

/// The agencies a strategy discussion and a quorate conference need (Working Together 2023,
/// chapter 3: the local authority, the police and health at least).
pub const CORE_AGENCIES: [Agency; 3] = [Agency::LocalAuthority, Agency::Police, Agency::Health];

/// How many people a form offers rows for; the API takes any number up to the limit.
pub const MAX_ATTENDEES: usize = 30;

/// One person invited, as typed.
#[derive(Debug, Clone, Default)]
pub struct AttendeeInput {
    pub name: String,
    pub agency: String,
    pub role: String,
    /// `true` if they took part; `false` if they sent apologies.
    pub attended: bool,
}

/// One person invited: who, for which agency, in what role, and whether they took part.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attendee {
    pub name: String,
    pub agency: Agency,
    pub role: String,
    pub attended: bool,
}

/// When and where, as typed.
#[derive(Debug, Clone, Default)]
pub struct MeetingInput {
    pub date: Option<NaiveDate>,
    pub time: String,
    pub place: String,
    pub chair: String,
    pub attendees: Vec<AttendeeInput>,
}

/// A meeting that has been read: held at a moment on UK clocks, somewhere, chaired by someone,
/// with the people invited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MeetingDetails {
    pub held_at: DateTime<Utc>,
    pub place: String,
    pub chair: String,
    pub attendees: Vec<Attendee>,
}

impl MeetingDetails {
    /// The core agencies nobody took part for.
    pub fn missing_agencies(&self) -> Vec<Agency> {
        CORE_AGENCIES
            .into_iter()
            .filter(|a| !self.attendees.iter().any(|p| p.attended && p.agency == *a))
            .collect()
    }

    /// The day it was held, on UK clocks.
    pub fn held_on(&self) -> NaiveDate {
        uk_time::local_date(self.held_at)
    }
}

fn parse_time(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    let (h, m) = text.split_once(':').or_else(|| text.split_once('.'))?;
    if h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    if !h.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveTime::from_hms_opt(h.parse().ok()?, m.parse().ok()?, 0)
}

/// Names each field of a meeting's rows `attendees[N].field`, as the pages and the API do.
pub fn attendee_field(index: usize, field: &str) -> String {
    format!("attendees-{index}-{field}")
}

/// Reads a meeting: a real date and time that is not in the future (`now`), a place and a
/// chair, and the people invited (empty rows are skipped; a row with anything typed needs a
/// name, an agency and a role). `what` names the meeting in messages ("the strategy
/// discussion").
pub fn parse_meeting(
    errors: &mut FieldErrors,
    input: &MeetingInput,
    what: &str,
    now: DateTime<Utc>,
) -> Option<MeetingDetails> {
    if input.date.is_none() && errors.message_for("date").is_none() {
        errors.add("date", format!("Enter the date of {what}"));
    }
    let time = if input.time.trim().is_empty() {
        errors.add(
            "time",
            format!("Enter the time of {what}, for example 09:30"),
        );
        None
    } else {
        let time = parse_time(&input.time);
        if time.is_none() {
            errors.add(
                "time",
                "The time must be a real time on the 24-hour clock, for example 14:30",
            );
        }
        time
    };
    let held_at = input
        .date
        .zip(time)
        .map(|(d, t)| uk_time::from_local(d.and_time(t)));
    if held_at.is_some_and(|at| at > now) {
        errors.add(
            "date",
            format!("The date and time of {what} must not be in the future: record it once it has happened"),
        );
    }
    let place = required_text(
        errors,
        "place",
        "where it was held (a place, or how people joined)",
        &input.place,
        200,
    );
    let chair = required_name(errors, "chair", "the name of the chair", &input.chair, 200);
    let attendees = parse_attendees(errors, &input.attendees);
    if attendees.is_empty() && errors.message_for("attendees").is_none() {
        errors.add(
            "attendees",
            "Enter at least one person who took part, with their agency and role",
        );
    }
    match held_at {
        Some(held_at) if errors.is_empty() => Some(MeetingDetails {
            held_at,
            place,
            chair,
            attendees,
        }),
        _ => None,
    }
}

fn parse_attendees(errors: &mut FieldErrors, rows: &[AttendeeInput]) -> Vec<Attendee> {
    if rows.len() > MAX_ATTENDEES {
        errors.add(
            "attendees",
            format!("Enter {MAX_ATTENDEES} people or fewer"),
        );
        return Vec::new();
    }
    let mut attendees = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let blank = row.name.trim().is_empty()
            && row.agency.trim().is_empty()
            && row.role.trim().is_empty();
        if blank {
            continue;
        }
        let name = required_name(
            errors,
            &attendee_field(i, "name"),
            "their name",
            &row.name,
            200,
        );
        let agency = Agency::from_code(&row.agency);
        if agency.is_none() {
            errors.add(
                &attendee_field(i, "agency"),
                "Choose the agency they spoke for",
            );
        }
        let role = required_text(
            errors,
            &attendee_field(i, "role"),
            "their role (for example, detective sergeant or health visitor)",
            &row.role,
            200,
        );
        if let Some(agency) = agency {
            attendees.push(Attendee {
                name,
                agency,
                role,
                attended: row.attended,
            });
        }
    }
    attendees
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn person(name: &str, agency: &str, attended: bool) -> AttendeeInput {
        AttendeeInput {
            name: name.into(),
            agency: agency.into(),
            role: "Role".into(),
            attended,
        }
    }

    fn input() -> MeetingInput {
        MeetingInput {
            date: NaiveDate::from_ymd_opt(2026, 6, 1),
            time: "10:00".into(),
            place: "Police station".into(),
            chair: "Sam Chair".into(),
            attendees: vec![
                person("Ann", "local_authority", true),
                person("Bob", "police", true),
                AttendeeInput::default(),
                person("Cat", "health", false),
            ],
        }
    }

    #[test]
    fn a_meeting_is_read_on_uk_clocks_and_knows_which_agencies_were_missing() {
        let now = Utc.with_ymd_and_hms(2026, 6, 2, 9, 0, 0).unwrap();
        let mut errors = FieldErrors::new();
        let meeting = parse_meeting(&mut errors, &input(), "the meeting", now).unwrap();
        // 10:00 BST is 09:00 UTC.
        assert_eq!(
            meeting.held_at,
            Utc.with_ymd_and_hms(2026, 6, 1, 9, 0, 0).unwrap()
        );
        assert_eq!(meeting.attendees.len(), 3);
        // Health sent apologies: not there.
        assert_eq!(meeting.missing_agencies(), vec![Agency::Health]);
    }

    #[test]
    fn a_bad_meeting_names_every_field() {
        let now = Utc.with_ymd_and_hms(2026, 5, 1, 9, 0, 0).unwrap();
        let mut bad = input();
        bad.time = "25:00".into();
        bad.chair = " ".into();
        bad.attendees = vec![person("", "navy", true)];
        let mut errors = FieldErrors::new();
        assert!(parse_meeting(&mut errors, &bad, "the meeting", now).is_none());
        let fields: Vec<_> = errors.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(
            fields,
            [
                "time",
                "chair",
                "attendees-0-name",
                "attendees-0-agency",
                "attendees"
            ]
        );
        // In the future.
        let mut errors = FieldErrors::new();
        assert!(parse_meeting(&mut errors, &input(), "the meeting", now).is_none());
        assert!(errors.message_for("date").unwrap().contains("future"));
    }
}
