//! What every handler shares.

use std::sync::Arc;

use journey_domain::Clock;
use journey_store::Store;
use minijinja::Environment;

use crate::auth::password::PasswordHasher;
use crate::auth::throttle::SignInThrottle;
use crate::config::WebConfig;

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub clock: Arc<dyn Clock>,
    pub config: Arc<WebConfig>,
    pub templates: Arc<Environment<'static>>,
    pub passwords: Arc<PasswordHasher>,
    pub throttle: Arc<SignInThrottle>,
}
