//! Per-client-address limits on login, password reset, invitation acceptance and campaign
//! codes.
//!
//! With SQLite one server runs, and it keeps the limits in memory (GCRA, `governor`). On
//! PostgreSQL several servers may share one database behind a load balancer: then every
//! check counts in the `rate_counts` table — hits per address and bucket in one-minute
//! windows, the previous window weighing by the part of it still inside the last minute
//! (a sliding window) — so the limit holds for the address across all servers, not once
//! per server. One statement per check; only the rare requests that are limited (sign-in,
//! resets, invitations, opening or starting with a campaign code) pay it.

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, Statement};
use std::num::NonZeroU32;

type Keyed = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Login,
    Reset,
    Invitation,
    /// Campaign access codes (anonymous respondents).
    Code,
}

pub struct RateLimits {
    login: Keyed,
    reset: Keyed,
    invitation: Keyed,
    code: Keyed,
    /// Allowances per minute: login, reset, invitation, code.
    per_minute: [u32; 4],
    /// When idle addresses were last dropped from the tables.
    swept: std::sync::Mutex<std::time::Instant>,
    /// PostgreSQL: the servers of the database count together in `rate_counts`.
    shared: Option<DatabaseConnection>,
}

/// How often the tables drop addresses that are back to a full allowance.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

fn limiter(per_minute: u32) -> Keyed {
    let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(Quota::per_minute(n))
}

impl RateLimits {
    /// Limits kept in this process (SQLite: one server).
    pub fn new(c: &Config) -> Self {
        RateLimits {
            login: limiter(c.rate_login_per_minute),
            reset: limiter(c.rate_reset_per_minute),
            invitation: limiter(c.rate_invitation_per_minute),
            code: limiter(c.rate_code_per_minute),
            per_minute: [
                c.rate_login_per_minute,
                c.rate_reset_per_minute,
                c.rate_invitation_per_minute,
                c.rate_code_per_minute,
            ],
            swept: std::sync::Mutex::new(std::time::Instant::now()),
            shared: None,
        }
    }

    /// Limits for this database: shared by every server on PostgreSQL, in memory on SQLite.
    pub fn for_database(c: &Config, db: &DatabaseConnection) -> Self {
        let mut l = RateLimits::new(c);
        if db.get_database_backend() == DatabaseBackend::Postgres {
            l.shared = Some(db.clone());
        }
        l
    }

    fn allowance(&self, bucket: Bucket) -> u32 {
        let i = match bucket {
            Bucket::Login => 0,
            Bucket::Reset => 1,
            Bucket::Invitation => 2,
            Bucket::Code => 3,
        };
        self.per_minute[i].max(1)
    }

    fn all(&self) -> [&Keyed; 4] {
        [&self.login, &self.reset, &self.invitation, &self.code]
    }

    /// Addresses kept in the tables (each costs memory until it is swept).
    pub fn tracked(&self) -> usize {
        self.all().iter().map(|l| l.len()).sum()
    }

    /// Drop every address whose allowance has refilled: it would be limited exactly as a
    /// new one, so keeping it only costs memory. Runs at most once a minute from `check`.
    pub fn sweep(&self) {
        for l in self.all() {
            l.retain_recent();
            l.shrink_to_fit();
        }
    }

    fn maybe_sweep(&self) {
        if self.sweep_due() {
            self.sweep();
        }
    }

    /// Count one request of this address in this bucket; 429 with `Retry-After` when the
    /// address is over its allowance.
    pub async fn check(&self, bucket: Bucket, key: &str) -> ApiResult<()> {
        match &self.shared {
            Some(db) => self.check_shared(db, bucket, key).await,
            None => self.check_local(bucket, key),
        }
    }

    async fn check_shared(
        &self,
        db: &DatabaseConnection,
        bucket: Bucket,
        key: &str,
    ) -> ApiResult<()> {
        let now = chrono::Utc::now().timestamp_millis();
        let window = now.div_euclid(60_000) * 60;
        let name = format!("{bucket:?}").to_lowercase();
        let key: String = key.chars().take(100).collect();
        let row = db
            .query_one_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "WITH up AS (INSERT INTO rate_counts (bucket, client_key, window_start, hits) \
                 VALUES ($1, $2, $3, 1) ON CONFLICT (bucket, client_key, window_start) \
                 DO UPDATE SET hits = rate_counts.hits + 1 RETURNING hits) \
                 SELECT (SELECT hits FROM up) AS cur, COALESCE((SELECT hits FROM rate_counts \
                 WHERE bucket = $1 AND client_key = $2 AND window_start = $4), 0) AS prev",
                [name.into(), key.into(), window.into(), (window - 60).into()],
            ))
            .await?;
        let (cur, prev): (i32, i32) = match row {
            Some(r) => (r.try_get("", "cur")?, r.try_get("", "prev")?),
            None => (1, 0),
        };
        if self.sweep_due() {
            db.execute_raw(Statement::from_sql_and_values(
                DatabaseBackend::Postgres,
                "DELETE FROM rate_counts WHERE window_start < $1",
                [(window - 60).into()],
            ))
            .await?;
        }
        // The share of the previous window still inside the last minute.
        let into_window = (now - window * 1000) as f64 / 60_000.0;
        let seen = f64::from(cur) + f64::from(prev) * (1.0 - into_window);
        if seen <= f64::from(self.allowance(bucket)) {
            Ok(())
        } else {
            let left = 60 - (now / 1000 - window);
            Err(ApiError::rate_limited(left.clamp(1, 60) as u64))
        }
    }

    fn sweep_due(&self) -> bool {
        match self.swept.lock() {
            Ok(mut at) if at.elapsed() >= SWEEP_EVERY => {
                *at = std::time::Instant::now();
                true
            }
            _ => false,
        }
    }

    /// The in-memory limit of this process.
    pub fn check_local(&self, bucket: Bucket, key: &str) -> ApiResult<()> {
        self.maybe_sweep();
        let l = match bucket {
            Bucket::Login => &self.login,
            Bucket::Reset => &self.reset,
            Bucket::Invitation => &self.invitation,
            Bucket::Code => &self.code,
        };
        match l.check_key(&key.to_string()) {
            Ok(()) => Ok(()),
            Err(not_until) => {
                let wait = not_until.wait_time_from(DefaultClock::default().now());
                Err(ApiError::rate_limited(wait.as_secs() + 1))
            }
        }
    }
}

/// The key a request is limited under: the client's address — the peer, or behind a
/// trusted proxy the address that proxy saw (never an entry the client wrote itself).
pub fn client_key(req: &actix_web::HttpRequest, proxies: &[super::client::Net]) -> String {
    super::client::client_ip(req, proxies)
        .map(|ip| ip.to_string())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_addresses_are_swept_from_the_tables() {
        let mut map = std::collections::HashMap::new();
        map.insert("IHUB_RATE_LOGIN_PER_MINUTE".to_string(), "600".to_string());
        let Ok(c) = Config::from_sources(None, &map) else {
            panic!("config")
        };
        let limits = RateLimits::new(&c);
        for i in 0..1000 {
            let _ = limits.check_local(Bucket::Login, &format!("198.51.100.{}:{i}", i % 250));
        }
        assert_eq!(limits.tracked(), 1000);
        // 600 a minute: one request's worth comes back every 100 ms.
        std::thread::sleep(std::time::Duration::from_millis(250));
        limits.sweep();
        assert_eq!(limits.tracked(), 0, "idle entries are released");
        // A busy address stays (its allowance is not full again).
        for _ in 0..50 {
            let _ = limits.check_local(Bucket::Login, "203.0.113.1");
        }
        limits.sweep();
        assert_eq!(limits.tracked(), 1);
    }
}
