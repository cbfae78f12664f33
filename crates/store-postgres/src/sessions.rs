//! Server-side sessions (written once for both databases in `crates/store/sql/sessions.rs`).

use crate::dialect::*;

include!("../../store/sql/sessions.rs");
