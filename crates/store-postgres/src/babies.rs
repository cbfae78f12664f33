//! Babies' discharge from hospital (written once for both databases in
//! `crates/store/sql/babies.rs`).

use crate::dialect::*;

include!("../../store/sql/babies.rs");
