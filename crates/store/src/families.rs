//! Relationships and households, family history, matching before creating, merging records. (issue 3)

use async_trait::async_trait;

#[async_trait]
pub trait Families: Send + Sync {}
