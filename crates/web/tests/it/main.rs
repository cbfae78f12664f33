//! Journey's web interface, driven over real HTTP against a real server on a fresh database,
//! on SQLite and on PostgreSQL. One integration test binary for the crate.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code: failing loudly is the point

mod harness;

mod access;
mod access_log;
mod admin;
mod allocations;
mod api;
mod api_likely_matches;
mod api_typed;
mod assessments;
mod babies;
mod bad_input;
mod case_notes;
mod caseloads;
mod child_protection;
mod decision_corrections;
mod decision_timescale;
mod details_corrections;
mod error_pages;
mod families;
mod families_household;
mod families_people;
mod front_door;
mod headers;
mod hidden_characters;
mod link_proposals;
mod merges;
mod people_details;
mod person_details;
mod requests;
mod search;
mod sessions;
mod uk_time;
mod wider_access;
