//! Identifiers, demographics, addresses, warnings, birth and death of the people on a record. (issue 3)

use async_trait::async_trait;

#[async_trait]
pub trait PersonDetails: Send + Sync {}
