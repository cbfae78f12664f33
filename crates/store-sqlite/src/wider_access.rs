//! Break-glass and restricted records (written once for both databases in
//! `crates/store/sql/wider_access.rs`).

use crate::dialect::*;

include!("../../store/sql/wider_access.rs");
