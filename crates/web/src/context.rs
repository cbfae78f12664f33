//! Per-request facts every handler and the error renderer need: the request id (written into
//! audit records and logs) and the CSP nonce (written into every script tag).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;

#[derive(Debug, Clone)]
pub struct RequestContext {
    pub request_id: String,
    pub csp_nonce: String,
    /// JSON API requests get JSON errors; pages get pages.
    pub is_api: bool,
}

impl RequestContext {
    pub fn new(path: &str) -> Self {
        let mut nonce = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut nonce);
        Self {
            request_id: uuid::Uuid::new_v4().to_string(),
            csp_nonce: URL_SAFE_NO_PAD.encode(nonce),
            is_api: path.starts_with("/api/"),
        }
    }
}

/// A random token for cookies and CSRF: 256 bits, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}
