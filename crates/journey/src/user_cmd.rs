//! `journey user add`: creating accounts from the command line (the first administrator, or
//! any account before single sign-on arrives). The password is read from standard input so it
//! never appears in the process list or shell history.

use std::io::BufRead;

use journey_domain::Clock;
use journey_domain::staff::Role;
use journey_store::{Actor, NewStaff, StoreError};

use crate::open::open_store;
use crate::settings::DatabaseArgs;

#[derive(clap::Subcommand, Debug)]
pub enum UserCommand {
    /// Add a staff account. Reads the password from standard input.
    Add {
        #[command(flatten)]
        database: DatabaseArgs,
        #[arg(long)]
        username: String,
        /// The name shown to colleagues.
        #[arg(long)]
        name: String,
        /// social_worker, senior_social_worker, team_manager, service_manager,
        /// reviewing_officer, business_support, auditor or administrator.
        #[arg(long)]
        role: String,
        /// The team's name, exactly as recorded.
        #[arg(long)]
        team: Option<String>,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum UserCommandError {
    #[error("unknown role {0:?}; use one of: {1}")]
    UnknownRole(String, String),
    #[error("no team is called {0:?}")]
    UnknownTeam(String),
    #[error(
        "the {0} must not contain hidden formatting characters, such as a zero-width space or a right-to-left mark"
    )]
    HiddenCharacters(&'static str),
    #[error("the password must be at least 12 characters (read from standard input)")]
    WeakPassword,
    #[error("could not read the password: {0}")]
    Read(#[from] std::io::Error),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Hash(#[from] journey_web::error::WebError),
}

pub async fn run(command: UserCommand, clock: &dyn Clock) -> Result<String, UserCommandError> {
    match command {
        UserCommand::Add {
            database,
            username,
            name,
            role,
            team,
        } => {
            let role = Role::from_code(&role).ok_or_else(|| {
                let codes: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
                UserCommandError::UnknownRole(role.clone(), codes.join(", "))
            })?;
            for (what, typed) in [("username", &username), ("name", &name)] {
                if typed.chars().any(journey_domain::validation::is_disguising) {
                    return Err(UserCommandError::HiddenCharacters(what));
                }
            }
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password)?;
            let password = password.trim_end_matches(['\r', '\n']);
            if password.chars().count() < 12 {
                return Err(UserCommandError::WeakPassword);
            }
            let store = open_store(&database.database_url).await?;
            let team = match team {
                Some(name) => Some(
                    store
                        .teams()
                        .await?
                        .into_iter()
                        .find(|t| t.name == name)
                        .map(|t| t.id)
                        .ok_or(UserCommandError::UnknownTeam(name))?,
                ),
                None => None,
            };
            let password_hash = journey_web::auth::password::hash_password(password)?;
            let actor = Actor::system("user add", clock.now());
            let id = store
                .create_staff(
                    &actor,
                    &NewStaff {
                        username: username.clone(),
                        display_name: name,
                        role,
                        team,
                        password_hash,
                    },
                )
                .await?;
            Ok(format!(
                "Added {username} ({}) as staff {id}.",
                role.label()
            ))
        }
    }
}
