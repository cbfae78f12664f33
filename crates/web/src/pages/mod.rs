//! Server-rendered pages.

pub mod admin;
pub mod assets;
pub mod children;
pub mod home;
pub mod search;
pub mod sign_in;
