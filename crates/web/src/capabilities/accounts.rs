//! Signing in, for the sign-in page and `POST /api/session`; and the rules for a new staff
//! account added on the administrator's page (the command line's `journey user add` keeps its own).

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

/// The shortest password a new account may be given, as `journey user add` requires.
pub const MIN_PASSWORD: usize = 12;

/// A new member of staff as the administrator typed them, checked: what the store's
/// `create_staff` needs but the password's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccount {
    pub display_name: String,
    pub username: String,
    pub role: journey_domain::staff::Role,
    pub team: Option<journey_domain::ids::TeamId>,
}

/// Checks a new account field by field: every problem at its field, or the account. `teams`
/// are the authority's teams, one of which (or none) the account joins.
pub fn parse_new_account(
    display_name: &str,
    username: &str,
    role: &str,
    team: &str,
    password: &str,
    teams: &[journey_domain::ids::TeamId],
) -> Result<NewAccount, FieldErrors> {
    use journey_domain::validation::refuse_disguise;
    let mut errors = FieldErrors::new();
    let display_name = display_name.trim();
    if display_name.is_empty() {
        errors.add("display_name", "Enter their full name");
    } else if display_name.chars().count() > 100 {
        errors.add("display_name", "Full name must be 100 characters or fewer");
    } else {
        refuse_disguise(&mut errors, "display_name", "full name", display_name);
    }
    let username = username.trim();
    if username.is_empty() {
        errors.add("username", "Enter a username");
    } else if username.chars().count() > 50 {
        errors.add("username", "Username must be 50 characters or fewer");
    } else if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        errors.add(
            "username",
            "Username must contain only letters, numbers, full stops, hyphens and underscores, such as jane.smith",
        );
    }
    let role = journey_domain::staff::Role::from_code(role.trim());
    if role.is_none() {
        errors.add("role", "Select a role");
    }
    let team = match team.trim() {
        "" => None,
        id => {
            let id = id
                .parse::<i64>()
                .ok()
                .map(journey_domain::ids::TeamId)
                .filter(|id| teams.contains(id));
            if id.is_none() {
                errors.add("team", "Select a team from the list, or no team");
            }
            id
        }
    };
    if password.chars().count() < MIN_PASSWORD {
        errors.add(
            "password",
            format!("Password must be at least {MIN_PASSWORD} characters"),
        );
    }
    match role {
        Some(role) if errors.is_empty() => Ok(NewAccount {
            display_name: display_name.to_owned(),
            username: username.to_owned(),
            role,
            team,
        }),
        _ => Err(errors),
    }
}
