//! Request id, security headers, metrics and error logging for every response.

use crate::state::Data;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use std::time::Instant;
use uuid::Uuid;

#[derive(Debug, Clone, Copy)]
pub struct RequestId(pub Uuid);

const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; \
font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; \
frame-ancestors 'none'";

/// The vendored Swagger UI sets a few inline styles; only its pages get this allowance.
const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; \
form-action 'self'; frame-ancestors 'none'";

/// The path as it may be logged: anonymous respondents' paths carry their access code,
/// so only their shape is kept.
pub fn loggable(path: &str) -> String {
    match path.strip_prefix("/api/v1/respond/") {
        Some(rest) => {
            let tail: Vec<&str> = rest.split('/').skip(1).map(|_| "…").collect();
            let mut out = String::from("/api/v1/respond/{code}");
            for t in tail {
                out.push('/');
                out.push_str(t);
            }
            out
        }
        None => path.to_string(),
    }
}

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let started = Instant::now();
    let id = Uuid::new_v4();
    req.extensions_mut().insert(RequestId(id));
    let method = req.method().to_string();
    let path = req.path().to_string();
    let state = req.app_data::<Data>().cloned();
    // X-Forwarded-Proto counts only from a trusted proxy: anyone else could send it and
    // have HSTS pinned on a plain-HTTP server.
    let https = state.as_ref().is_some_and(|s| {
        super::client::forwarded_https(
            req.peer_addr().map(|a| a.ip()),
            req.headers()
                .get("x-forwarded-proto")
                .and_then(|v| v.to_str().ok()),
            &s.config.trusted_proxies,
        )
    });
    let (res, statements) = crate::db::statements::scoped(next.call(req)).await;
    let mut res = res?;
    let path = loggable(&path);
    let status = res.status();
    let route = res.request().match_pattern().unwrap_or_else(|| {
        if path.starts_with("/api/") {
            "unmatched".into()
        } else {
            "static".into()
        }
    });
    if let Some(state) = &state {
        state.metrics.observe(
            &method,
            &route,
            status.as_u16(),
            started.elapsed().as_secs_f64(),
        );
    }
    if status.is_server_error() {
        let cause = res
            .response()
            .error()
            .map(|e| format!("{e}"))
            .unwrap_or_default();
        tracing::error!(request_id = %id, %method, %path, status = status.as_u16(), %cause, "request failed");
    } else {
        tracing::debug!(request_id = %id, %method, %path, status = status.as_u16(), "request");
    }
    let h = res.headers_mut();
    let set = |h: &mut actix_web::http::header::HeaderMap, k: &'static str, v: &str| {
        if let Ok(v) = HeaderValue::from_str(v) {
            h.insert(HeaderName::from_static(k), v);
        }
    };
    set(h, "x-request-id", &id.to_string());
    if state.as_ref().is_some_and(|s| s.config.statement_header) {
        set(h, "x-db-statements", &statements.to_string());
    }
    let csp = if path.starts_with("/api/docs") {
        DOCS_CSP
    } else {
        CSP
    };
    set(h, "content-security-policy", csp);
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "no-referrer");
    set(h, "x-frame-options", "DENY");
    set(h, "cross-origin-opener-policy", "same-origin");
    let secure = https
        || state
            .as_ref()
            .is_some_and(|s| s.config.public_url.starts_with("https://"));
    if secure {
        set(
            h,
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    if path.starts_with("/api/") && !h.contains_key("cache-control") {
        set(h, "cache-control", "no-store");
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    #[test]
    fn respondent_paths_are_logged_without_their_code() {
        let cases = [
            ("/api/v1/respond/K7QX-M2PD-R8TW", "/api/v1/respond/{code}"),
            (
                "/api/v1/respond/K7QX-M2PD-R8TW/responses/5f0c/answers/lead.time",
                "/api/v1/respond/{code}/…/…/…/…",
            ),
            ("/api/v1/schools", "/api/v1/schools"),
        ];
        for (path, logged) in cases {
            assert_eq!(super::loggable(path), logged);
            assert!(!super::loggable(path).contains("K7QX"));
        }
    }
}
