//! Sign-in, sessions, CSRF and sign-in throttling.

pub mod csrf;
pub mod password;
pub mod session;
pub mod throttle;

pub use session::Viewer;
