//! Contract cases for the `case notes` capability (issue 3).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::Case;

/// Every case of this capability, by name.
pub fn cases() -> Vec<(&'static str, Case)> {
    vec![]
}
