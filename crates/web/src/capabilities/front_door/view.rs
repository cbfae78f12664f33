//! What the front door's pages and the API both show: the stored records with the DfE codes
//! (and their labels), every version of a corrected decision for those who see them, and how
//! long a referral has waited for its decision.

use chrono::{DateTime, NaiveDate, Utc};
use journey_domain::access::Relationship;
use journey_domain::front_door::{Waiting, waiting};
use journey_domain::timescales::Timescales;
use journey_store::{AwaitingDecision, Contact, Decision, DecisionVersion, Episode};
use serde::Serialize;
use utoipa::ToSchema;

use crate::capabilities::codes::{
    ClosureReasonCode, DecisionOptionCode, PrimaryNeedCode, ReferralSourceCode,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct ContactView {
    pub id: i64,
    pub received_at: DateTime<Utc>,
    pub source: ReferralSourceCode,
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
            source: ReferralSourceCode(c.source),
            source_label: c.source.label(),
            referrer_name: c.referrer_name.clone(),
            referrer_role: c.referrer_role.clone(),
            concerns: c.concerns.clone(),
            recorded_by: c.recorded_by.clone(),
            referral: c.referral.map(|r| r.0),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EpisodeView {
    pub referral: i64,
    pub contact: i64,
    pub referral_date: NaiveDate,
    pub source: ReferralSourceCode,
    pub source_label: &'static str,
    pub primary_need: PrimaryNeedCode,
    pub primary_need_label: &'static str,
    pub re_referral: bool,
    pub decision_due: NaiveDate,
    pub open: bool,
    pub decision: Option<DecisionView>,
    /// For a referral still without a decision: how long it has waited.
    #[schema(value_type = Option<WaitingView>)]
    pub waiting: Option<Waiting>,
    pub closure_date: Option<NaiveDate>,
    pub closure_reason: Option<ClosureReasonCode>,
    pub closure_reason_label: Option<&'static str>,
}

/// The decision as everyone sees it: its current version, marked when it has been corrected.
#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionView {
    pub option: DecisionOptionCode,
    pub option_label: &'static str,
    pub reasons: String,
    pub decided_by: String,
    pub decided_at: DateTime<Utc>,
    pub corrected: bool,
    /// The latest correction's author, time and reason, when corrected.
    pub corrected_by: Option<String>,
    pub corrected_at: Option<DateTime<Utc>>,
    pub correction_reason: Option<String>,
    /// Every version, oldest first, for those who see them (managers in the child's line and
    /// auditors); empty for everyone else.
    pub versions: Vec<DecisionVersionView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionVersionView {
    pub version: i32,
    pub option: DecisionOptionCode,
    pub option_label: &'static str,
    pub reasons: String,
    pub recorded_by: String,
    pub recorded_at: DateTime<Utc>,
    pub correction_reason: Option<String>,
}

impl From<&DecisionVersion> for DecisionVersionView {
    fn from(v: &DecisionVersion) -> Self {
        DecisionVersionView {
            version: v.version,
            option: DecisionOptionCode(v.option),
            option_label: v.option.label(),
            reasons: v.reasons.clone(),
            recorded_by: v.recorded_by.clone(),
            recorded_at: v.recorded_at,
            correction_reason: v.correction_reason.clone(),
        }
    }
}

fn decision_view(d: &Decision, every_version: bool) -> DecisionView {
    let latest = d.current().filter(|_| d.is_corrected());
    DecisionView {
        option: DecisionOptionCode(d.option),
        option_label: d.option.label(),
        reasons: d.reasons.clone(),
        decided_by: d.decided_by.clone(),
        decided_at: d.decided_at,
        corrected: d.is_corrected(),
        corrected_by: latest.map(|v| v.recorded_by.clone()),
        corrected_at: latest.map(|v| v.recorded_at),
        correction_reason: latest.and_then(|v| v.correction_reason.clone()),
        versions: if every_version {
            d.versions.iter().map(DecisionVersionView::from).collect()
        } else {
            Vec::new()
        },
    }
}

/// Managers in the child's line and auditors see every version of a corrected note or
/// decision; others see the current version, marked as corrected.
pub fn sees_every_version(relationship: Relationship) -> bool {
    matches!(
        relationship,
        Relationship::LineManager | Relationship::Auditor
    )
}

/// The episodes, with every version of each decision when `every_version`; waiting is counted
/// in the authority's working days.
pub fn episode_views_for(
    timescales: &Timescales,
    episodes: &[Episode],
    today: NaiveDate,
    every_version: bool,
) -> Vec<EpisodeView> {
    episodes
        .iter()
        .map(|e| EpisodeView {
            referral: e.referral.0,
            contact: e.contact.0,
            referral_date: e.referral_date,
            source: ReferralSourceCode(e.source),
            source_label: e.source.label(),
            primary_need: PrimaryNeedCode(e.primary_need),
            primary_need_label: e.primary_need.label(),
            re_referral: e.re_referral,
            decision_due: e.decision_due,
            open: e.is_open(),
            decision: e.decision.as_ref().map(|d| decision_view(d, every_version)),
            waiting: (e.decision.is_none() && e.is_open())
                .then(|| waiting(timescales, e.referral_date, e.decision_due, today)),
            closure_date: e.closure_date,
            closure_reason: e.closure_reason.map(ClosureReasonCode),
            closure_reason_label: e.closure_reason.map(|r| r.label()),
        })
        .collect()
}

/// One row of "Referrals awaiting a decision".
#[derive(Debug, Serialize, ToSchema)]
pub struct WaitingReferral {
    #[serde(flatten)]
    #[schema(value_type = AwaitingDecisionView)]
    pub referral: AwaitingDecision,
    #[schema(value_type = WaitingView)]
    pub waiting: Waiting,
}

pub fn waiting_referrals(
    timescales: &Timescales,
    awaiting: &[AwaitingDecision],
    today: NaiveDate,
) -> Vec<WaitingReferral> {
    awaiting
        .iter()
        .map(|a| WaitingReferral {
            referral: a.clone(),
            waiting: waiting(timescales, a.referral_date, a.decision_due, today),
        })
        .collect()
}

/// The schema of [`Waiting`] (a domain type): how long a referral has waited for its decision.
#[derive(ToSchema)]
#[allow(dead_code)] // documents the JSON of `Waiting`, never built
pub struct WaitingView {
    /// Working days since the referral date (0 on the day itself).
    working_days: i64,
    timeliness: TimelinessView,
    overdue: bool,
    /// "Waiting 3 working days: overdue by 2 working days (4 calendar days)".
    description: String,
}

/// The schema of `Timeliness`: `on-time` or `due-soon` with the working days left, or
/// `overdue` by so many working (and calendar) days.
#[derive(ToSchema)]
#[serde(tag = "status", rename_all = "kebab-case")]
#[allow(dead_code)] // documents the JSON of `Timeliness`, never built
pub enum TimelinessView {
    OnTime {
        working_days_left: i64,
    },
    DueSoon {
        working_days_left: i64,
    },
    Overdue {
        working_days: i64,
        calendar_days: i64,
    },
}

/// The schema of [`AwaitingDecision`] (a store type).
#[derive(ToSchema)]
#[allow(dead_code)] // documents the JSON of `AwaitingDecision`, never built
pub struct AwaitingDecisionView {
    referral: i64,
    child: i64,
    given_name: String,
    family_name: String,
    referral_date: NaiveDate,
    received_at: DateTime<Utc>,
    decision_due: NaiveDate,
    re_referral: bool,
    team_name: String,
}
