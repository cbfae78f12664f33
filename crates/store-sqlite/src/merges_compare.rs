//! What a merge is decided on (written once for both databases in `crates/store/sql/merges_compare.rs`).

use crate::dialect::*;

include!("../../store/sql/merges_compare.rs");
