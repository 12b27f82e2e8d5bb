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
}

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
        }
    }

    pub fn check(&self, bucket: Bucket, key: &str) -> ApiResult<()> {
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

/// The key a request is limited under: its peer address, or the forwarded client
/// address when the server is configured to trust its proxy.
pub fn client_key(req: &actix_web::HttpRequest, trust_proxy: bool) -> String {
    if trust_proxy && let Some(ip) = req.connection_info().realip_remote_addr() {
        return ip.to_string();
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}
