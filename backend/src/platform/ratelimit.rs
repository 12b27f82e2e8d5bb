//! Per-client-address limits on login, password reset and invitation acceptance.

use crate::config::Config;
use crate::error::{ApiError, ApiResult};
use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};
use std::num::NonZeroU32;

type Keyed = RateLimiter<String, DefaultKeyedStateStore<String>, DefaultClock>;

#[derive(Debug, Clone, Copy)]
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
    /// When idle addresses were last dropped from the tables.
    swept: std::sync::Mutex<std::time::Instant>,
}

/// How often the tables drop addresses that are back to a full allowance.
const SWEEP_EVERY: std::time::Duration = std::time::Duration::from_secs(60);

fn limiter(per_minute: u32) -> Keyed {
    let n = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
    RateLimiter::keyed(Quota::per_minute(n))
}

impl RateLimits {
    pub fn new(c: &Config) -> Self {
        RateLimits {
            login: limiter(c.rate_login_per_minute),
            reset: limiter(c.rate_reset_per_minute),
            invitation: limiter(c.rate_invitation_per_minute),
            code: limiter(c.rate_code_per_minute),
            swept: std::sync::Mutex::new(std::time::Instant::now()),
        }
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
        let due = match self.swept.lock() {
            Ok(mut at) if at.elapsed() >= SWEEP_EVERY => {
                *at = std::time::Instant::now();
                true
            }
            _ => false,
        };
        if due {
            self.sweep();
        }
    }

    pub fn check(&self, bucket: Bucket, key: &str) -> ApiResult<()> {
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
            let _ = limits.check(Bucket::Login, &format!("198.51.100.{}:{i}", i % 250));
        }
        assert_eq!(limits.tracked(), 1000);
        // 600 a minute: one request's worth comes back every 100 ms.
        std::thread::sleep(std::time::Duration::from_millis(250));
        limits.sweep();
        assert_eq!(limits.tracked(), 0, "idle entries are released");
        // A busy address stays (its allowance is not full again).
        for _ in 0..50 {
            let _ = limits.check(Bucket::Login, "203.0.113.1");
        }
        limits.sweep();
        assert_eq!(limits.tracked(), 1);
    }
}
