//! Journey's domain: the rules of children's social care, with no I/O.
//!
//! Everything here is pure: time arrives through [`Clock`], storage and HTTP live in other crates.

pub mod access;
pub mod allocations;
pub mod assessments;
pub mod babies;
pub mod case_notes;
pub mod caseloads;
pub mod child_protection;
pub mod clock;
pub mod dates;
pub mod families;
pub mod front_door;
pub mod ids;
pub mod person;
pub mod person_details;
pub mod staff;
pub mod timescales;
pub mod uk_time;
pub mod validation;
pub mod wider_access;

pub use clock::{Clock, FixedClock, SystemClock};
