//! What the front door's pages show: the stored records with the DfE codes' labels, and how
//! long a referral has waited for its decision.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::front_door::{Waiting, waiting};
use journey_store::{AwaitingDecision, Contact, Episode};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct ContactView {
    pub id: i64,
    pub received_at: DateTime<Utc>,
    pub source: &'static str,
    pub source_label: &'static str,
    pub referrer_name: String,
    pub referrer_role: String,
    pub concerns: String,
    pub recorded_by: String,
    pub referral: Option<i64>,
}

impl From<&Contact> for ContactView {
    fn from(c: &Contact) -> Self {
        ContactView {
            id: c.id.0,
            received_at: c.received_at,
            source: c.source.code(),
            source_label: c.source.label(),
            referrer_name: c.referrer_name.clone(),
            referrer_role: c.referrer_role.clone(),
            concerns: c.concerns.clone(),
            recorded_by: c.recorded_by.clone(),
            referral: c.referral.map(|r| r.0),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct EpisodeView {
    pub referral: i64,
    pub contact: i64,
    pub referral_date: NaiveDate,
    pub source: &'static str,
    pub source_label: &'static str,
    pub primary_need: &'static str,
    pub primary_need_label: &'static str,
    pub re_referral: bool,
    pub decision_due: NaiveDate,
    pub open: bool,
    pub decision: Option<DecisionView>,
    /// For a referral still without a decision: how long it has waited.
    pub waiting: Option<Waiting>,
    pub closure_date: Option<NaiveDate>,
    pub closure_reason: Option<&'static str>,
    pub closure_reason_label: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct DecisionView {
    pub option: &'static str,
    pub option_label: &'static str,
    pub reasons: String,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
}

pub fn episode_views(episodes: &[Episode], today: NaiveDate) -> Vec<EpisodeView> {
    episodes
        .iter()
        .map(|e| EpisodeView {
            referral: e.referral.0,
            contact: e.contact.0,
            referral_date: e.referral_date,
            source: e.source.code(),
            source_label: e.source.label(),
            primary_need: e.primary_need.code(),
            primary_need_label: e.primary_need.label(),
            re_referral: e.re_referral,
            decision_due: e.decision_due,
            open: e.is_open(),
            decision: e.decision.as_ref().map(|d| DecisionView {
                option: d.option.code(),
                option_label: d.option.label(),
                reasons: d.reasons.clone(),
                decided_by: d.decided_by.clone(),
                decided_at: d.decided_at,
            }),
            waiting: (e.decision.is_none() && e.is_open())
                .then(|| waiting(e.referral_date, e.decision_due, today)),
            closure_date: e.closure_date,
            closure_reason: e.closure_reason.map(|r| r.code()),
            closure_reason_label: e.closure_reason.map(|r| r.label()),
        })
        .collect()
}

/// One row of "Referrals awaiting a decision".
#[derive(Debug, Serialize)]
pub struct WaitingReferral {
    #[serde(flatten)]
    pub referral: AwaitingDecision,
    pub waiting: Waiting,
}

pub fn waiting_referrals(awaiting: &[AwaitingDecision], today: NaiveDate) -> Vec<WaitingReferral> {
    awaiting
        .iter()
        .map(|a| WaitingReferral {
            referral: a.clone(),
            waiting: waiting(a.referral_date, a.decision_due, today),
        })
        .collect()
}

/// `{value, text}` items for a GOV.UK select or radios, from a code list.
pub fn code_items<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
    with_code: bool,
) -> Vec<serde_json::Value> {
    all.iter()
        .map(|m| {
            let text = if with_code {
                format!("{} {}", code(*m), label(*m))
            } else {
                label(*m).to_owned()
            };
            serde_json::json!({ "value": code(*m), "text": text })
        })
        .collect()
}
