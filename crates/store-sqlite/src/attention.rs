//! The "for your attention" list (written once for both databases in
//! `crates/store/sql/attention.rs`).

use crate::dialect::*;

include!("../../store/sql/attention.rs");
