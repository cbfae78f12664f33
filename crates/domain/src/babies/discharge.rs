//! The discharge plan and the discharge as typed, and what they become once read: the checks
//! that need no records (the order of steps is [`super::record`]'s).

use chrono::NaiveDate;
use serde::Serialize;

use super::codes::Destination;
use crate::validation::{FieldErrors, required_text};

/// How long each part of the plan may be: a plan, not a document store.
const LONG_TEXT: usize = 20_000;
/// A place or a person's name and role.
const SHORT_TEXT: usize = 500;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DischargePlanInput {
    pub planned_discharge: Option<NaiveDate>,
    pub destination: String,
    pub going_with: String,
    pub arrangements: String,
    pub support: String,
    pub contingency: String,
}

/// A discharge plan as written by the baby's worker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewDischargePlan {
    pub planned_discharge: NaiveDate,
    pub destination: Destination,
    /// Who the baby will be with: "Mother (Amy Shaw), with maternal grandmother".
    pub going_with: String,
    /// What is arranged for the day and the first weeks: where, who collects, health visiting.
    pub arrangements: String,
    /// Who supports the family, and how (agencies and family).
    pub support: String,
    /// What happens if the plan breaks down, and who acts.
    pub contingency: String,
}

fn destination(errors: &mut FieldErrors, text: &str) -> Option<Destination> {
    let found = Destination::from_code(text);
    if found.is_none() {
        errors.add("destination", "Choose where the baby will go");
    }
    found
}

impl NewDischargePlan {
    /// A plan is written ahead: its planned discharge is today or later.
    pub fn parse(input: &DischargePlanInput, today: NaiveDate) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let planned = match input.planned_discharge {
            None => {
                errors.add("planned_discharge", "Enter the planned discharge date");
                None
            }
            Some(date) if date < today => {
                errors.add(
                    "planned_discharge",
                    "The planned discharge date must be today or later: record a discharge that has happened instead",
                );
                None
            }
            other => other,
        };
        let destination = destination(&mut errors, &input.destination);
        let going_with = required_text(
            &mut errors,
            "going_with",
            "who the baby will be with",
            &input.going_with,
            SHORT_TEXT,
        );
        let arrangements = required_text(
            &mut errors,
            "arrangements",
            "the arrangements for the discharge",
            &input.arrangements,
            LONG_TEXT,
        );
        let support = required_text(
            &mut errors,
            "support",
            "who will support the family",
            &input.support,
            LONG_TEXT,
        );
        let contingency = required_text(
            &mut errors,
            "contingency",
            "the contingency plan",
            &input.contingency,
            LONG_TEXT,
        );
        match (planned, destination) {
            (Some(planned_discharge), Some(destination)) if errors.is_empty() => Ok(Self {
                planned_discharge,
                destination,
                going_with,
                arrangements,
                support,
                contingency,
            }),
            _ => Err(errors),
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DischargeInput {
    pub date: Option<NaiveDate>,
    pub destination: String,
    pub going_with: String,
    /// Why the baby left without a signed plan; needed only then (the record's gate says).
    pub reason: String,
}

/// A discharge as it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NewDischarge {
    pub date: NaiveDate,
    pub destination: Destination,
    pub going_with: String,
    /// Empty when a signed plan was in place.
    pub reason: String,
}

impl NewDischarge {
    pub fn parse(input: &DischargeInput, today: NaiveDate) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let date = match input.date {
            None => {
                errors.add("date", "Enter the date the baby left hospital");
                None
            }
            Some(date) if date > today => {
                errors.add(
                    "date",
                    "The date the baby left hospital must be today or in the past",
                );
                None
            }
            other => other,
        };
        let destination = destination(&mut errors, &input.destination);
        let going_with = required_text(
            &mut errors,
            "going_with",
            "who the baby left with",
            &input.going_with,
            SHORT_TEXT,
        );
        let reason = input.reason.trim().to_owned();
        if reason.chars().count() > LONG_TEXT {
            errors.add(
                "reason",
                format!("The reason must be {LONG_TEXT} characters or fewer"),
            );
        }
        match (date, destination) {
            (Some(date), Some(destination)) if errors.is_empty() => Ok(Self {
                date,
                destination,
                going_with,
                reason,
            }),
            _ => Err(errors),
        }
    }
}
