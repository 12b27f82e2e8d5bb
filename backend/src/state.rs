//! Shared application state handed to every handler.

use crate::auth::token::JwtKeys;
use crate::config::Config;
use crate::platform::mail::Mailer;
use crate::platform::metrics::Metrics;
use crate::platform::ratelimit::RateLimits;
use crate::platform::writer::Writer;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

pub struct AppState {
    pub db: DatabaseConnection,
    pub config: Arc<Config>,
    pub jwt: JwtKeys,
    pub limits: RateLimits,
    pub metrics: Metrics,
    pub mailer: Option<Mailer>,
    /// The hot write paths (autosave, anonymous answers) go through it: see `platform::writer`.
    pub writer: Writer,
}

impl AppState {
    pub fn new(db: DatabaseConnection, config: Config, jwt_secret: &str) -> Result<Self, String> {
        let mailer = match (&config.smtp_url, &config.smtp_from) {
            (Some(url), Some(from)) => Some(Mailer::new(url, from)?),
            _ => None,
        };
        Ok(AppState {
            writer: Writer::new(db.clone(), config.is_sqlite()),
            limits: RateLimits::for_database(&config, &db),
            db,
            config: Arc::new(config),
            jwt: JwtKeys::new(jwt_secret),
            metrics: Metrics::default(),
            mailer,
        })
    }
}

pub type Data = actix_web::web::Data<AppState>;
