//! Child protection, from strategy discussion to plan: the meetings, the steps as typed and
//! read, and the pathway whose gates keep them in order (Working Together 2023, chapter 3).

pub mod codes;
pub mod meeting;
pub mod pathway;
pub mod steps;

pub use codes::{
    AbuseCategory, Agency, ConferenceDecision, EnquiryOutcome, PlanEndReason, StrategyDecision,
};
pub use meeting::{Attendee, AttendeeInput, MeetingDetails, MeetingInput, MeetingKind};
pub use pathway::{NextStep, OutOfOrder, Pathway, Stage, Step};
pub use steps::*;

#[cfg(test)]
mod tests;
