//! The front door: contacts, referrals, child in need episodes, the manager's decision within
//! one working day, closure and re-referral. Codes are the DfE's (CIN census).

pub mod codes;
pub mod correction;
pub mod dating;
pub mod rules;
pub mod timing;
pub mod wording;

pub use codes::{ClosureReason, DecisionOption, PrimaryNeed, ReferralSource};
pub use correction::{
    CorrectionFacts, DecisionCorrection, DecisionCorrectionInput, check_correction,
};
pub use rules::{
    ClosureInput, ContactId, ContactInput, DecisionInput, EpisodeClosure, NewContact, NewDecision,
    NewReferral, ReferralFacts, ReferralId, ReferralInput, check_closure, check_decision,
    check_referral, is_re_referral,
};
pub use timing::{Waiting, decision_due, national, waiting};
