//! Whose details a change is about (written once for both databases in
//! `crates/store/sql/person_details/subject.rs`).

use crate::dialect::*;

include!("../../../store/sql/person_details/subject.rs");
