//! CSRF protection: every state-changing form carries the session's secret token (or, before
//! sign-in, a token bound to a short-lived cookie); the API sends it in `X-CSRF-Token`.
//! Cookies are also `SameSite=Strict`, so this is the second of two locks.

use subtle::ConstantTimeEq;

use crate::error::{WebError, WebResult};

pub const HEADER: &str = "x-csrf-token";

/// Compares tokens in constant time. An empty expected token never matches.
pub fn check(expected: &str, presented: &str) -> WebResult<()> {
    if !expected.is_empty() && bool::from(expected.as_bytes().ct_eq(presented.as_bytes())) {
        Ok(())
    } else {
        Err(WebError::Csrf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_exact_token_passes() {
        assert!(check("abc", "abc").is_ok());
        assert!(check("abc", "abd").is_err());
        assert!(check("abc", "").is_err());
        assert!(check("", "").is_err());
    }
}
