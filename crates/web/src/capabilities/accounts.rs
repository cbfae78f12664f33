//! Signing in, for the sign-in page and `POST /api/session`.

use journey_domain::ids::StaffId;
use journey_domain::validation::FieldErrors;
use journey_store::{Actor, SignInOutcome};

use crate::auth::password::Verified;
use crate::error::{WebError, WebResult};
use crate::state::AppState;

/// The username and password as given, or a message at each empty field.
pub fn credentials_present(username: &str, password: &str) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if username.trim().is_empty() {
        errors.add("username", "Enter your username");
    }
    if password.is_empty() {
        errors.add("password", "Enter your password");
    }
    errors
}

/// Checks a username and password. The same answer, in similar time, whether the username is
/// unknown, the account disabled or the password wrong. Throttled per username. Every attempt
/// is audited with the username it tried, whatever its outcome.
pub async fn authenticate(
    state: &AppState,
    request_id: &str,
    username: &str,
    password: &str,
) -> WebResult<Option<StaffId>> {
    let now = state.clock.now();
    let nobody = Actor::anonymous(request_id, now);
    if !state.throttle.reserve(username, now) {
        state
            .store
            .record_sign_in(&nobody, username, SignInOutcome::HeldBack)
            .await?;
        return Err(WebError::Throttled);
    }
    let login = state.store.staff_login(username).await?;
    let stored = login
        .as_ref()
        .filter(|l| !l.disabled)
        .map(|l| l.password_hash.as_str());
    let verified = state.passwords.verify(stored, password).await?;
    let signed_in = match (login, verified) {
        (Some(login), Verified::Yes) => login,
        (Some(login), Verified::YesRehashed(stronger)) => {
            state
                .store
                .replace_password_hash(login.id, &stronger)
                .await?;
            login
        }
        _ => {
            // The attempt reserved above stays counted as a failure.
            tracing::info!("sign-in failed");
            state
                .store
                .record_sign_in(&nobody, username, SignInOutcome::Refused)
                .await?;
            return Ok(None);
        }
    };
    state.throttle.record_success(username);
    let actor = Actor::staff(
        signed_in.id,
        signed_in.role,
        signed_in.display_name,
        request_id.to_owned(),
        now,
    );
    state
        .store
        .record_sign_in(&actor, username, SignInOutcome::SignedIn)
        .await?;
    Ok(Some(signed_in.id))
}
