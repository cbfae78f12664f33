//! What is recorded about a baby's discharge, and the gates that keep its steps in order: a
//! plan is written, signed off by a manager who did not write it, and the discharge recorded
//! after the birth. Each gate refuses with a [`DischargeRefused`] that says what to do instead.

use chrono::NaiveDate;
use serde::Serialize;

use crate::ids::StaffId;
use crate::timescales::{Check, Facts, RuleId, Timescales};
use crate::uk_time::long_date;
use crate::validation::FieldErrors;

/// A step refused because the record is not ready for it: what, and which page puts it right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct DischargeRefused {
    pub message: String,
    /// The page under the child's discharge pages that puts it right ("plan", "sign-off"),
    /// or the record itself when empty.
    pub put_right: &'static str,
}

fn refuse<T>(message: String, put_right: &'static str) -> Result<T, DischargeRefused> {
    Err(DischargeRefused { message, put_right })
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanStep {
    pub id: i64,
    pub planned_discharge: NaiveDate,
    pub written_by: StaffId,
    pub written_on: NaiveDate,
    pub signed_off_on: Option<NaiveDate>,
    /// The discharge that ended the plan, once the baby has left hospital.
    pub discharge: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DischargeStep {
    pub id: i64,
    pub plan: Option<i64>,
    pub discharged_on: NaiveDate,
    /// Recorded without a signed plan.
    pub unsigned: bool,
}

/// The child's record as the gates need it: name, birth and the plans and discharges, oldest
/// first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct BabyRecord {
    pub name: String,
    pub date_of_birth: Option<NaiveDate>,
    pub expected_date_of_birth: Option<NaiveDate>,
    pub plans: Vec<PlanStep>,
    pub discharges: Vec<DischargeStep>,
}

/// An unsigned plan's sign-off, due from the timescale engine, and the days to the planned
/// discharge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SignOffDue {
    pub plan: i64,
    pub planned_discharge: NaiveDate,
    pub check: Check,
    /// Working days from the day checked to the planned discharge; negative once it has passed.
    pub working_days_to_discharge: i64,
}

impl BabyRecord {
    /// The plan not yet ended by a discharge: the one being signed off or carried out.
    pub fn open_plan(&self) -> Option<&PlanStep> {
        self.plans.iter().rev().find(|p| p.discharge.is_none())
    }

    pub fn last_discharge(&self) -> Option<&DischargeStep> {
        self.discharges.last()
    }

    /// A plan may be written while none is open and the baby has not yet left hospital.
    pub fn may_write_plan(
        &self,
        planned: NaiveDate,
    ) -> Result<Result<(), FieldErrors>, DischargeRefused> {
        if let Some(open) = self.open_plan() {
            return refuse(
                format!(
                    "A discharge plan for {} is already written (planned discharge {}). Record the discharge when the baby leaves hospital.",
                    self.name,
                    long_date(open.planned_discharge)
                ),
                "",
            );
        }
        if let Some(left) = self.last_discharge() {
            return refuse(
                format!(
                    "{} left hospital on {}: a discharge plan is written before the baby leaves.",
                    self.name,
                    long_date(left.discharged_on)
                ),
                "",
            );
        }
        if let Some(born) = self.date_of_birth
            && planned < born
        {
            return Ok(Err(FieldErrors::single(
                "planned_discharge",
                format!(
                    "The planned discharge must be on or after the baby's birth ({})",
                    long_date(born)
                ),
            )));
        }
        Ok(Ok(()))
    }

    /// The open plan, unsigned, may be signed off by anyone but its author (the store checks
    /// the signer manages the author's team). Returns the plan.
    pub fn may_sign_off(&self, signer: StaffId) -> Result<i64, DischargeRefused> {
        let Some(plan) = self.open_plan() else {
            return refuse(
                format!(
                    "There is no discharge plan for {} to sign off. The baby's social worker writes it first.",
                    self.name
                ),
                "plan",
            );
        };
        if let Some(on) = plan.signed_off_on {
            return refuse(
                format!(
                    "The discharge plan for {} was already signed off on {}.",
                    self.name,
                    long_date(on)
                ),
                "",
            );
        }
        if plan.written_by == signer {
            return refuse(
                "You wrote this discharge plan: another team manager over the worker's team signs it off.".to_owned(),
                "",
            );
        }
        Ok(plan.id)
    }

    /// The discharge may be recorded once the birth is, on or after it and not in the future
    /// (checked when typed), once per plan. Without a signed plan, a reason is needed. Returns
    /// the open plan, if any, and whether it was signed.
    pub fn may_record_discharge(
        &self,
        on: NaiveDate,
        reason: &str,
    ) -> Result<Result<(Option<i64>, bool), FieldErrors>, DischargeRefused> {
        let Some(born) = self.date_of_birth else {
            return refuse(
                format!(
                    "{} is not born yet: record the birth on the child's record first, then the discharge.",
                    self.name
                ),
                "birth",
            );
        };
        let open = self.open_plan();
        if open.is_none()
            && let Some(left) = self.last_discharge()
        {
            return refuse(
                format!(
                    "{} left hospital on {}, as already recorded.",
                    self.name,
                    long_date(left.discharged_on)
                ),
                "",
            );
        }
        let mut errors = FieldErrors::new();
        if on < born {
            errors.add(
                "date",
                format!(
                    "The date the baby left hospital must be on or after the birth ({})",
                    long_date(born)
                ),
            );
        }
        let signed = open.is_some_and(|p| p.signed_off_on.is_some());
        if !signed && reason.trim().is_empty() {
            errors.add(
                "reason",
                match open {
                    Some(_) => {
                        "Say why the baby left hospital before the discharge plan was signed off"
                    }
                    None => "Say why the baby left hospital without a discharge plan",
                },
            );
        }
        if !errors.is_empty() {
            return Ok(Err(errors));
        }
        Ok(Ok((open.map(|p| p.id), signed)))
    }

    /// The open plan's sign-off while it is unsigned, as the engine dates it.
    pub fn sign_off_due(&self, timescales: &Timescales, on: NaiveDate) -> Option<SignOffDue> {
        let plan = self.open_plan().filter(|p| p.signed_off_on.is_none())?;
        let check = timescales
            .check(
                RuleId::DischargePlanSignOff,
                &Facts::from(plan.planned_discharge),
                on,
            )
            .ok()?;
        Some(SignOffDue {
            plan: plan.id,
            planned_discharge: plan.planned_discharge,
            check,
            working_days_to_discharge: timescales
                .calendar()
                .working_days_between(on, plan.planned_discharge),
        })
    }
}
