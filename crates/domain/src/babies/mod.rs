//! Unborn and newborn babies: the pre-birth targets counted from the expected date of delivery,
//! and the plan for a baby's discharge from hospital, signed off by a team manager before the
//! baby leaves. The hospital discharges the baby, not Journey: a discharge is recorded as it
//! happened, and one without a signed plan needs a reason.

pub mod codes;
pub mod discharge;
pub mod record;
pub mod targets;

pub use codes::Destination;
pub use discharge::{DischargeInput, DischargePlanInput, NewDischarge, NewDischargePlan};
pub use record::{BabyRecord, DischargeRefused, DischargeStep, PlanStep, SignOffDue};
pub use targets::{ConferenceBooking, Target, post_birth_review, pre_birth_targets};

#[cfg(test)]
mod tests;
