//! Correcting a wrongly recorded address or date (written once for both databases in
//! `crates/store/sql/person_details/corrections.rs`).

use crate::dialect::*;

include!("../../../store/sql/person_details/corrections.rs");
