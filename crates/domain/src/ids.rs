//! Identifiers. Each kind of record has its own type so a staff id can never be passed as a child's.

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(
    /// A person known to the authority: a child (born or unborn) or an adult around them.
    PersonId
);
id_type!(
    /// A member of staff with a Journey account.
    StaffId
);
id_type!(
    /// A service or a team within it.
    TeamId
);
id_type!(
    /// One written event: the audit record of a change, shared by its chronology entries.
    EventId
);
