//! The relationship proposals capability (written once for both databases in
//! `crates/store/sql/relationship_proposals.rs`).

use crate::dialect::*;

include!("../../store/sql/relationship_proposals.rs");
