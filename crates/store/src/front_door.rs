//! Contacts, referrals, child in need episodes, decisions and closure. (issue 3)

use async_trait::async_trait;

#[async_trait]
pub trait FrontDoor: Send + Sync {}
