//! Typed configuration from flags and environment variables, shared by the commands.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use journey_web::WebConfig;

/// Where the data lives. SQLite by default: a file under the data folder.
#[derive(clap::Args, Clone)]
pub struct DatabaseArgs {
    /// `sqlite://path/journey.db` or `postgres://user:password@host/db`.
    #[arg(
        long,
        env = "JOURNEY_DATABASE_URL",
        default_value = "sqlite://data/journey.db"
    )]
    pub database_url: String,
}

impl std::fmt::Debug for DatabaseArgs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DatabaseArgs")
            .field("database_url", &redact_url(&self.database_url))
            .finish()
    }
}

/// How the web server runs.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, env = "JOURNEY_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,
    /// The council's name in the header.
    #[arg(
        long,
        env = "JOURNEY_COUNCIL_NAME",
        default_value = "Northshire County Council"
    )]
    pub council_name: String,
    /// Set when Journey is served over TLS by a proxy in front of it: cookies become `Secure`
    /// and responses carry HSTS.
    #[arg(long, env = "JOURNEY_BEHIND_TLS_PROXY", default_value_t = false)]
    pub behind_tls_proxy: bool,
    /// Minutes of inactivity before a session ends.
    #[arg(long, env = "JOURNEY_IDLE_TIMEOUT_MINUTES", default_value_t = 15)]
    pub idle_timeout_minutes: u64,
    /// Hours after sign-in before a session ends, however active.
    #[arg(long, env = "JOURNEY_ABSOLUTE_TIMEOUT_HOURS", default_value_t = 12)]
    pub absolute_timeout_hours: u64,
    /// The authority's configuration (timescales, working-day calendar, caseload). Default:
    /// config/authority.toml if it exists, else the national defaults. A file with problems
    /// stops Journey from starting, naming each one.
    #[arg(long, env = "JOURNEY_AUTHORITY_CONFIG")]
    pub authority_config: Option<PathBuf>,
}

impl ServeArgs {
    pub fn web_config(&self) -> WebConfig {
        WebConfig {
            council_name: self.council_name.clone(),
            secure_cookies: self.behind_tls_proxy,
            idle_timeout: Duration::from_secs(self.idle_timeout_minutes.max(1) * 60),
            absolute_timeout: Duration::from_secs(self.absolute_timeout_hours.max(1) * 3600),
            ..WebConfig::default()
        }
    }
}

/// Hides a password in a database URL, for logs: `postgres://journey:***@db/journey`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.split_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or("");
            if credentials.contains(':') {
                format!("{scheme}://{user}:***@{host}")
            } else {
                format!("{scheme}://{user}@{host}")
            }
        }
        None => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_never_reach_the_logs() {
        assert_eq!(
            redact_url("postgres://journey:s3cret@db.internal:5432/journey"),
            "postgres://journey:***@db.internal:5432/journey"
        );
        assert_eq!(
            redact_url("postgres://journey@db/j"),
            "postgres://journey@db/j"
        );
        assert_eq!(
            redact_url("sqlite://data/journey.db"),
            "sqlite://data/journey.db"
        );
        let args = DatabaseArgs {
            database_url: "postgres://a:b@c/d".into(),
        };
        assert!(!format!("{args:?}").contains(":b@"));
    }
}
