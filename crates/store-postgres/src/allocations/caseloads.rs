//! Caseloads (written once for both databases in `crates/store/sql/caseloads.rs`): a module
//! of allocations, whose line and day fragments it counts over.

use crate::dialect::*;

include!("../../../store/sql/caseloads.rs");
