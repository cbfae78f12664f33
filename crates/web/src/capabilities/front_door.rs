//! The front door: the API's typed bodies and the domain inputs they become (the pages' forms
//! become the same inputs from text), and the views both show.

mod view;

use chrono::{DateTime, Utc};
use journey_domain::front_door::{
    ClosureInput, ContactInput, DecisionCorrectionInput, DecisionInput, ReferralInput,
};
use journey_domain::uk_time;
use journey_domain::validation::FieldErrors;
use serde::Deserialize;
use utoipa::ToSchema;

pub use view::{
    AwaitingDecisionView, ContactView, DecisionVersionView, DecisionView, EpisodeView,
    TimelinessView, WaitingReferral, WaitingView, episode_views_for, sees_every_version,
    waiting_referrals,
};

use super::codes::{
    ClosureReasonCode, DecisionOptionCode, Instant, IsoDate, PrimaryNeedCode, ReferralSourceCode,
    date,
};

/// An instant as the form's date and 24-hour time on UK clocks: the domain reads contacts and
/// notes as typed in England, and the instant is put back exactly once parsed.
pub fn uk_parts(at: Option<DateTime<Utc>>) -> (Option<chrono::NaiveDate>, String) {
    match at {
        Some(at) => {
            let local = uk_time::local(at);
            (Some(local.date()), local.format("%H:%M").to_string())
        }
        None => (None, String::new()),
    }
}

/// The domain names a typed date and time as two fields; the API has one.
pub fn rename_fields(errors: FieldErrors, from: &[&str], to: &str) -> FieldErrors {
    let mut renamed = FieldErrors::new();
    for e in errors.errors {
        let field = if from.contains(&e.field.as_str()) {
            to
        } else {
            e.field.as_str()
        };
        if renamed.message_for(field).is_none() {
            renamed.add(field, e.message);
        }
    }
    renamed
}

/// A contact: when it came in, from whom, and the worries.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ContactBody {
    /// When the contact came in; any offset, held and answered in UTC.
    pub received_at: Option<Instant>,
    pub source: Option<ReferralSourceCode>,
    pub referrer_name: String,
    pub referrer_role: String,
    pub concerns: String,
}

impl ContactBody {
    pub fn input(&self) -> ContactInput {
        let (received_date, received_time) = uk_parts(self.received_at.map(|i| i.0));
        ContactInput {
            received_date,
            received_time,
            source: self.source.map(|s| s.code().to_owned()).unwrap_or_default(),
            referrer_name: self.referrer_name.clone(),
            referrer_role: self.referrer_role.clone(),
            concerns: self.concerns.clone(),
        }
    }
}

/// A contact becoming a referral, opening a child in need episode.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReferralBody {
    pub contact_id: Option<i64>,
    pub referral_date: Option<IsoDate>,
    pub primary_need: Option<PrimaryNeedCode>,
}

impl ReferralBody {
    pub fn input(&self) -> ReferralInput {
        ReferralInput {
            referral_date: date(self.referral_date),
            primary_need: self
                .primary_need
                .map(|n| n.code().to_owned())
                .unwrap_or_default(),
        }
    }
}

/// The manager's decision on a referral.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecisionBody {
    pub referral_id: Option<i64>,
    pub option: Option<DecisionOptionCode>,
    pub reasons: String,
}

impl DecisionBody {
    pub fn input(&self) -> DecisionInput {
        DecisionInput {
            option: self.option.map(|o| o.code().to_owned()).unwrap_or_default(),
            reasons: self.reasons.clone(),
        }
    }
}

/// A correction of the manager's decision, keeping the original.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct DecisionCorrectionBody {
    pub referral_id: Option<i64>,
    pub option: Option<DecisionOptionCode>,
    pub reasons: String,
    /// Why the decision is corrected.
    pub correction_reason: String,
}

impl DecisionCorrectionBody {
    pub fn input(&self) -> DecisionCorrectionInput {
        DecisionCorrectionInput {
            option: self.option.map(|o| o.code().to_owned()).unwrap_or_default(),
            reasons: self.reasons.clone(),
            correction_reason: self.correction_reason.clone(),
        }
    }
}

/// Closing a child in need episode.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ClosureBody {
    pub referral_id: Option<i64>,
    pub closure_date: Option<IsoDate>,
    pub reason: Option<ClosureReasonCode>,
}

impl ClosureBody {
    pub fn input(&self) -> ClosureInput {
        ClosureInput {
            closure_date: date(self.closure_date),
            reason: self.reason.map(|r| r.code().to_owned()).unwrap_or_default(),
        }
    }
}
