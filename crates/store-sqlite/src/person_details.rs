//! The `person details` capability (written once for both databases in
//! `crates/store/sql/person_details.rs`).

mod corrections;
mod subject;

use crate::dialect::*;

include!("../../store/sql/person_details.rs");
