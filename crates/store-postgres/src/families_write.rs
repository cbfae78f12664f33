//! Changes to families (written once for both databases in `crates/store/sql/families_write.rs`).

use crate::dialect::*;

include!("../../store/sql/families_write.rs");

mod merge;
pub use merge::{Approval, merge_records, person_references, undo_merge};
