//! Babies' discharge from hospital: the API's typed bodies and the pages' forms, each becoming
//! the domain's input, which the domain's parser reads (so a rule is checked in one place).

use journey_domain::babies::{DischargeInput, DischargePlanInput};
use journey_domain::validation::FieldErrors;
use serde::Deserialize;
use utoipa::ToSchema;

use super::child_protection::{Fields, form_date};
use super::codes::{DestinationCode, IsoDate, date};

/// `POST /api/children/{child_id}/discharge-plans`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DischargePlanBody {
    /// The day the hospital plans to discharge the baby: today or later.
    pub planned_discharge: Option<IsoDate>,
    pub destination: Option<DestinationCode>,
    /// Who the baby will be with.
    pub going_with: String,
    /// What is arranged for the day and the first weeks.
    pub arrangements: String,
    /// Who supports the family, and how.
    pub support: String,
    /// What happens if the plan breaks down, and who acts.
    pub contingency: String,
}

impl DischargePlanBody {
    pub fn input(&self) -> DischargePlanInput {
        DischargePlanInput {
            planned_discharge: date(self.planned_discharge),
            destination: code(self.destination),
            going_with: self.going_with.clone(),
            arrangements: self.arrangements.clone(),
            support: self.support.clone(),
            contingency: self.contingency.clone(),
        }
    }
}

/// `POST /api/children/{child_id}/discharge-plans/sign-off`: the signed-in manager signs off
/// the open plan as it was written.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct SignOffBody {
    /// `true`: the manager has read the plan and agrees the baby can leave hospital on it (the
    /// page's button says the same).
    pub confirm: bool,
}

impl SignOffBody {
    pub fn check(&self) -> Result<(), FieldErrors> {
        if self.confirm {
            Ok(())
        } else {
            Err(FieldErrors::single(
                "confirm",
                "Confirm you have read the plan and agree the baby can leave hospital on it",
            ))
        }
    }
}

/// `POST /api/children/{child_id}/hospital-discharges`
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DischargeBody {
    /// The day the baby left hospital: on or after the birth, not in the future.
    pub date: Option<IsoDate>,
    pub destination: Option<DestinationCode>,
    /// Who the baby left with.
    pub going_with: String,
    /// Why the baby left without a signed discharge plan; needed only then.
    pub reason: String,
}

impl DischargeBody {
    pub fn input(&self) -> DischargeInput {
        DischargeInput {
            date: date(self.date),
            destination: code(self.destination),
            going_with: self.going_with.clone(),
            reason: self.reason.clone(),
        }
    }
}

fn code(code: Option<DestinationCode>) -> String {
    code.map(|c| c.code().to_owned()).unwrap_or_default()
}

fn text(fields: &Fields, name: &str) -> String {
    fields.get(name).cloned().unwrap_or_default()
}

pub fn form_plan(errors: &mut FieldErrors, fields: &Fields) -> DischargePlanInput {
    DischargePlanInput {
        planned_discharge: form_date(
            errors,
            fields,
            "planned_discharge",
            "Planned discharge date",
        ),
        destination: text(fields, "destination"),
        going_with: text(fields, "going_with"),
        arrangements: text(fields, "arrangements"),
        support: text(fields, "support"),
        contingency: text(fields, "contingency"),
    }
}

pub fn form_discharge(errors: &mut FieldErrors, fields: &Fields) -> DischargeInput {
    DischargeInput {
        date: form_date(errors, fields, "date", "Date the baby left hospital"),
        destination: text(fields, "destination"),
        going_with: text(fields, "going_with"),
        reason: text(fields, "reason"),
    }
}
