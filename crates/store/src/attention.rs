//! "For your attention": one list per member of staff of things that need them (a break-glass
//! to review, later a decision on their referral, a meeting to prepare). An item is posted in
//! the transaction of the event that causes it, and stays until its owner acknowledges it,
//! which is audited.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use journey_domain::ids::{PersonId, StaffId};
use serde::Serialize;

use crate::{Actor, StoreResult};

/// What an item asks of its owner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AttentionKind {
    /// Someone opened a record without a working relationship: review their reason.
    BreakGlassReview,
    /// A manager decided the referral this member of staff made.
    ReferralDecided,
    /// A baby left hospital without a discharge plan signed off by a team manager.
    DischargeWithoutSignedPlan,
}

impl AttentionKind {
    pub const ALL: [AttentionKind; 3] = [
        AttentionKind::BreakGlassReview,
        AttentionKind::ReferralDecided,
        AttentionKind::DischargeWithoutSignedPlan,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AttentionKind::BreakGlassReview => "break_glass_review",
            AttentionKind::ReferralDecided => "referral_decided",
            AttentionKind::DischargeWithoutSignedPlan => "discharge_without_signed_plan",
        }
    }

    pub fn from_code(code: &str) -> Option<AttentionKind> {
        AttentionKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// What acknowledging it is called on its button.
    pub fn acknowledgement(self) -> &'static str {
        match self {
            AttentionKind::BreakGlassReview => "Mark as reviewed",
            AttentionKind::ReferralDecided | AttentionKind::DischargeWithoutSignedPlan => {
                "Mark as seen"
            }
        }
    }
}

/// One item waiting for its owner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AttentionItem {
    pub id: i64,
    pub kind: AttentionKind,
    /// The record it concerns, if any. Its summary never names a child its owner may not open.
    pub child: Option<PersonId>,
    pub summary: String,
    /// Where its owner deals with it.
    pub link: String,
    pub created_at: DateTime<Utc>,
}

/// An item to post to someone's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttention {
    pub staff: StaffId,
    pub kind: AttentionKind,
    pub child: Option<PersonId>,
    pub summary: String,
    pub link: String,
}

#[async_trait]
pub trait Attention: Send + Sync {
    /// The items waiting for a member of staff, oldest first.
    async fn waiting_for(&self, staff: StaffId) -> StoreResult<Vec<AttentionItem>>;
    /// The actor acknowledges one of their own waiting items, with an audit record.
    /// `NotFound` for an item that is not theirs or is already acknowledged.
    async fn acknowledge(&self, actor: &Actor, item: i64) -> StoreResult<()>;
}
