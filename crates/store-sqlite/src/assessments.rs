//! The assessments capability (written once for both databases in
//! `crates/store/sql/assessments.rs`).

use crate::dialect::*;

include!("../../store/sql/assessments.rs");
