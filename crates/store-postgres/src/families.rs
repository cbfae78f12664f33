//! The `families` capability (written once for both databases in `crates/store/sql/families.rs`).

use crate::dialect::*;

include!("../../store/sql/families.rs");
