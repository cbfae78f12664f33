//! Server-rendered pages.

pub mod access;
pub mod access_log;
pub mod admin;
pub mod allocations;
pub mod assessments;
pub mod assets;
pub mod case_notes;
pub mod child_protection;
pub mod children;
pub mod chronology_line;
pub mod families;
pub mod front_door;
pub mod home;
pub mod person_details;
pub mod search;
pub mod sign_in;
