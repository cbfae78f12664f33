//! The child protection capability (written once for both databases in
//! `crates/store/sql/child_protection.rs`).

use crate::dialect::*;

include!("../../store/sql/child_protection.rs");
