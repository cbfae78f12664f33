//! Staff accounts and teams (written once for both databases in `crates/store/sql/directory.rs`).

use crate::dialect::*;

include!("../../store/sql/directory.rs");
