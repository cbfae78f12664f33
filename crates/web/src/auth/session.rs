//! Server-side sessions: the cookie holds a random token; the database holds its SHA-256.
//! A session ends on sign-out, after the idle or absolute timeout, or when its account is
//! disabled (the store deletes it in the same transaction).

use axum::extract::FromRequestParts;
use axum::http::HeaderMap;
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::request::Parts;
use axum::response::Response;
use chrono::TimeDelta;
use journey_domain::ids::{StaffId, TeamId};
use journey_domain::staff::Role;
use journey_store::{Actor, NewSession};
use sha2::{Digest, Sha256};

use crate::context::{RequestContext, random_token};
use crate::error::{WebError, WebResult};
use crate::state::AppState;

/// Sessions record activity at most this often, so reads do not turn into writes.
const TOUCH_EVERY: TimeDelta = TimeDelta::seconds(60);

/// The signed-in member of staff behind a request.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub staff: StaffId,
    pub role: Role,
    /// The team the account belongs to, if any.
    pub team: Option<TeamId>,
    pub username: String,
    pub display_name: String,
    pub csrf_token: String,
    token_hash: Vec<u8>,
}

impl Viewer {
    /// The actor for audit and access records of this request.
    pub fn actor(&self, ctx: &RequestContext, state: &AppState) -> Actor {
        Actor::staff(
            self.staff,
            self.role,
            self.display_name.clone(),
            ctx.request_id.clone(),
            state.clock.now(),
        )
    }

    pub fn token_hash(&self) -> &[u8] {
        &self.token_hash
    }
}

pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Reads one cookie's value from the request headers.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// A `Set-Cookie` value with Journey's attributes: HttpOnly, SameSite=Strict, Path=/, and
/// Secure when served over TLS. `max_age` of zero deletes the cookie.
pub fn set_cookie(state: &AppState, name: &str, value: &str, max_age: Option<i64>) -> String {
    let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Strict");
    if state.config.secure_cookies {
        cookie.push_str("; Secure");
    }
    if let Some(seconds) = max_age {
        cookie.push_str(&format!("; Max-Age={seconds}"));
    }
    cookie
}

pub fn append_cookie(response: &mut Response, cookie: String) {
    if let Ok(value) = cookie.parse() {
        response.headers_mut().append(SET_COOKIE, value);
    }
}

/// Starts a session for a member of staff; returns the cookie to set.
pub async fn start(state: &AppState, staff: StaffId) -> WebResult<(String, String)> {
    let token = random_token();
    let csrf_token = random_token();
    state
        .store
        .create_session(&NewSession {
            token_hash: hash_token(&token),
            staff,
            csrf_token: csrf_token.clone(),
            created_at: state.clock.now(),
        })
        .await?;
    Ok((
        set_cookie(state, state.config.session_cookie_name(), &token, None),
        csrf_token,
    ))
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(viewer) = parts.extensions.get::<Viewer>() {
            return Ok(viewer.clone());
        }
        let viewer = signed_in(&parts.headers, state).await?;
        parts.extensions.insert(viewer.clone());
        Ok(viewer)
    }
}

/// The member of staff whose live session the request's cookie names: `NotSignedIn` without
/// one, or when it has timed out (ending it). The extractor's check, and the error page's, so
/// a page Journey could not serve still shows the navigation and sign-out to whoever is
/// signed in.
pub async fn signed_in(headers: &HeaderMap, state: &AppState) -> WebResult<Viewer> {
    let token = cookie(headers, state.config.session_cookie_name()).ok_or(WebError::NotSignedIn)?;
    let token_hash = hash_token(token);
    let session = state
        .store
        .session(&token_hash)
        .await?
        .ok_or(WebError::NotSignedIn)?;
    let now = state.clock.now();
    let idle = TimeDelta::from_std(state.config.idle_timeout).unwrap_or(TimeDelta::minutes(15));
    let absolute =
        TimeDelta::from_std(state.config.absolute_timeout).unwrap_or(TimeDelta::hours(12));
    // `last_seen_at` lags the last request by up to TOUCH_EVERY (reads are not all writes),
    // so the idle timeout counts from it plus that much: it may fire up to a minute late,
    // never early on someone who was working.
    if now - session.last_seen_at >= idle + TOUCH_EVERY || now - session.created_at >= absolute {
        state.store.end_session(&token_hash).await?;
        return Err(WebError::NotSignedIn);
    }
    if now - session.last_seen_at >= TOUCH_EVERY {
        state.store.touch_session(&token_hash, now).await?;
    }
    let viewer = Viewer {
        staff: session.staff,
        role: session.role,
        team: session.team,
        username: session.username,
        display_name: session.display_name,
        csrf_token: session.csrf_token,
        token_hash,
    };
    Ok(viewer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn finds_a_cookie_among_several_headers_and_pairs() {
        let mut headers = HeaderMap::new();
        headers.append(COOKIE, HeaderValue::from_static("a=1; journey-session=tok"));
        headers.append(COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(cookie(&headers, "journey-session"), Some("tok"));
        assert_eq!(cookie(&headers, "b"), Some("2"));
        assert_eq!(cookie(&headers, "journey"), None);
    }

    #[test]
    fn token_hashes_are_sha256() {
        assert_eq!(hash_token("x").len(), 32);
        assert_ne!(hash_token("x"), hash_token("y"));
    }
}
