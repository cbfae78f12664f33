//! Password hashing: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane).
//!
//! Hashing is deliberately slow, so it runs off the async threads and at most a few at once:
//! a flood of sign-ins cannot exhaust memory or starve page requests. Unknown usernames are
//! checked against a dummy hash so they take as long as known ones (no user enumeration).

use std::sync::Arc;

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, Version};
use tokio::sync::Semaphore;

use crate::error::{WebError, WebResult};

/// OWASP Password Storage Cheat Sheet: argon2id, m=19456 KiB, t=2, p=1.
pub const MEMORY_KIB: u32 = 19_456;
pub const ITERATIONS: u32 = 2;
pub const LANES: u32 = 1;

fn argon2() -> WebResult<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, LANES, None)
        .map_err(|e| WebError::Internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password now, on this thread (for the command line and demo data).
pub fn hash_password(password: &str) -> WebResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| WebError::Internal(format!("hashing: {e}")))
}

/// The outcome of checking a password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verified {
    No,
    Yes,
    /// Correct, but hashed with weaker parameters: store this stronger hash instead.
    YesRehashed(String),
}

pub struct PasswordHasher {
    permits: Semaphore,
    dummy_hash: String,
}

impl PasswordHasher {
    /// `concurrency` hashes may run at once (each takes ~19 MiB).
    pub fn new(concurrency: usize) -> WebResult<Self> {
        Ok(Self {
            permits: Semaphore::new(concurrency.max(1)),
            dummy_hash: hash_password("journey-dummy-password-for-unknown-users")?,
        })
    }

    /// Hashes a new password off the request's thread, among the same permits as checks.
    pub async fn hash(self: &Arc<Self>, password: &str) -> WebResult<String> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| WebError::Internal("password hasher closed".into()))?;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .map_err(|e| WebError::Internal(format!("password hashing: {e}")))?
    }

    /// Checks `password` against `stored` (or against the dummy hash when the user is unknown,
    /// which always fails but takes the same time).
    pub async fn verify(
        self: &Arc<Self>,
        stored: Option<&str>,
        password: &str,
    ) -> WebResult<Verified> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| WebError::Internal("password hasher closed".into()))?;
        let known = stored.is_some();
        let stored = stored.unwrap_or(&self.dummy_hash).to_owned();
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || {
            let Ok(parsed) = PasswordHash::new(&stored) else {
                return Ok(Verified::No);
            };
            if argon2()?
                .verify_password(password.as_bytes(), &parsed)
                .is_err()
                || !known
            {
                return Ok(Verified::No);
            }
            if needs_rehash(&parsed) {
                Ok(Verified::YesRehashed(hash_password(&password)?))
            } else {
                Ok(Verified::Yes)
            }
        })
        .await
        .map_err(|e| WebError::Internal(format!("password check: {e}")))?
    }
}

fn needs_rehash(hash: &PasswordHash<'_>) -> bool {
    let param = |name: &str| hash.params.get_decimal(name).unwrap_or(0);
    hash.algorithm.as_str() != "argon2id" || param("m") < MEMORY_KIB || param("t") < ITERATIONS
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_phc_argon2id_with_owasp_parameters() {
        let hash = hash_password("correct horse battery staple").unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert_ne!(
            hash,
            hash_password("correct horse battery staple").unwrap(),
            "salted"
        );
    }

    #[tokio::test]
    async fn verify_accepts_only_the_right_password_and_upgrades_weak_hashes() {
        let hasher = Arc::new(PasswordHasher::new(2).unwrap());
        let hash = hash_password("pässwörd with ünicode").unwrap();
        assert_eq!(
            hasher
                .verify(Some(&hash), "pässwörd with ünicode")
                .await
                .unwrap(),
            Verified::Yes
        );
        assert_eq!(
            hasher
                .verify(Some(&hash), "pässwörd with ünicodex")
                .await
                .unwrap(),
            Verified::No
        );
        assert_eq!(hasher.verify(None, "anything").await.unwrap(), Verified::No);
        assert_eq!(
            hasher.verify(Some("not a hash"), "x").await.unwrap(),
            Verified::No
        );

        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        )
        .hash_password(b"old", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        match hasher.verify(Some(&weak), "old").await.unwrap() {
            Verified::YesRehashed(new) => {
                assert!(new.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"))
            }
            other => panic!("expected a rehash, got {other:?}"),
        }
    }
}
