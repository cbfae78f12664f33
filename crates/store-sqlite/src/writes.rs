//! The pieces of a change to children's records (written once for both databases in `crates/store/sql/writes.rs`).

use crate::dialect::*;

include!("../../store/sql/writes.rs");
