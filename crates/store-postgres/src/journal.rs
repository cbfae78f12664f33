//! The one write path (written once for both databases in `crates/store/sql/journal.rs`).

use crate::dialect::*;

include!("../../store/sql/journal.rs");
