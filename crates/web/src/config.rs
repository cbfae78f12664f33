//! How the web interface behaves: set by the binary from flags and environment variables.

use std::sync::Arc;
use std::time::Duration;

use journey_domain::timescales::Timescales;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// The council's name, shown in the header (council branding, not GOV.UK's).
    pub council_name: String,
    /// Cookies carry `Secure` (and the `__Host-` prefix) and responses carry HSTS. On whenever
    /// Journey is served over TLS or behind a TLS-terminating proxy.
    pub secure_cookies: bool,
    /// A session unused for this long ends.
    pub idle_timeout: Duration,
    /// A session ends this long after sign-in, however busy.
    pub absolute_timeout: Duration,
    /// Failed sign-ins for one username within `throttle_window` before it is held back.
    pub throttle_failures: u32,
    pub throttle_window: Duration,
    /// The authority's statutory and local timescales (its configuration file, checked at
    /// start-up), which due dates are worked out with.
    pub timescales: Arc<Timescales>,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            council_name: "Northshire County Council".to_owned(),
            secure_cookies: false,
            idle_timeout: Duration::from_secs(15 * 60),
            absolute_timeout: Duration::from_secs(12 * 60 * 60),
            throttle_failures: 5,
            throttle_window: Duration::from_secs(15 * 60),
            timescales: Arc::new(Timescales::national_defaults()),
        }
    }
}

impl WebConfig {
    pub fn session_cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-journey-session"
        } else {
            "journey-session"
        }
    }

    pub fn sign_in_cookie_name(&self) -> &'static str {
        if self.secure_cookies {
            "__Host-journey-sign-in"
        } else {
            "journey-sign-in"
        }
    }
}
