//! Someone related to a child (written once for both databases in
//! `crates/store/sql/families_read/related.rs`).

use crate::dialect::*;

include!("../../../store/sql/families_read/related.rs");
