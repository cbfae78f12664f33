//! What the pages and the JSON API share, one module per capability, so neither imports the
//! other: the typed API bodies and how they become the domain's input (the pages' forms
//! become the same input from text), the reads both show, and the steps both take (signing
//! in, recording a new child). Whatever arrives, the domain's own parser (`NewChild::parse`,
//! `NewNote::parse`, ...) makes the value that is stored, so a rule is checked in one place.

pub mod accounts;
pub mod allocations;
pub mod assessments;
pub mod babies;
pub mod case_notes;
pub mod caseloads;
pub mod child_protection;
pub mod children;
pub mod codes;
pub mod families;
pub mod front_door;
pub mod merges;
pub mod person_details;
pub mod search;
