//! Case notes and visit records, drafts saved as the user types, finalised versions. (issue 3)

use async_trait::async_trait;

#[async_trait]
pub trait CaseNotes: Send + Sync {}
