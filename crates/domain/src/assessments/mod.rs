//! Assessments: the child and family assessment and the pre-birth assessment, written by the
//! worker as drafts, submitted for authorisation and completed by a manager's authorisation
//! (the authorisation date is the completion date, as the CIN census counts it). Due 45
//! working days from the referral (Working Together 2023, chapter 3).

pub mod codes;
pub mod gates;
pub mod text;

pub use codes::{AssessmentFactor, AssessmentKind, AssessmentOutcome, AssessmentState};
pub use gates::{
    AssessmentRecord, Assessments, Authoriser, Episode, OutOfOrder, Step, check_closure_reason,
    due_from_referral, waiting_days,
};
pub use text::{
    AssessmentText, DecisionInput, NewAssessment, StartInput, TextInput, authorisation_date,
    return_reason,
};

#[cfg(test)]
mod tests;
