//! The allocations capability (written once for both databases in
//! `crates/store/sql/allocations.rs`).

use crate::dialect::*;

include!("../../store/sql/allocations.rs");

mod caseloads;
