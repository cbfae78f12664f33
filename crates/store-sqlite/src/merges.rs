//! The merges capability (written once for both databases in `crates/store/sql/merges.rs`).

use crate::dialect::*;

include!("../../store/sql/merges.rs");
