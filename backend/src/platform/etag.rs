//! Optimistic concurrency: `ETag: "v<version>"` on reads, `If-Match` on updates.

use crate::error::{ApiError, ApiResult, ErrorCode};
use actix_web::HttpRequest;
use actix_web::http::header::{ETAG, IF_MATCH};

pub fn etag(version: i32) -> (actix_web::http::header::HeaderName, String) {
    (ETAG, format!("\"v{version}\""))
}

/// The version the client expects, if it sent `If-Match` (`*` means any).
pub fn if_match(req: &HttpRequest) -> ApiResult<Option<i32>> {
    let Some(h) = req.headers().get(IF_MATCH) else {
        return Ok(None);
    };
    let bad = || {
        ApiError::bad_request(
            ErrorCode::InvalidHeader,
            "If-Match must be an ETag from a GET of this resource.",
        )
    };
    let text = h.to_str().map_err(|_| bad())?.trim();
    if text == "*" {
        return Ok(None);
    }
    let text = text.strip_prefix("W/").unwrap_or(text);
    let inner = text
        .strip_prefix("\"v")
        .and_then(|t| t.strip_suffix('"'))
        .ok_or_else(bad)?;
    inner.parse::<i32>().map(Some).map_err(|_| bad())
}

/// 412 when the client's expected version is not the current one.
pub fn check(expected: Option<i32>, current: i32) -> ApiResult<()> {
    match expected {
        Some(v) if v != current => Err(ApiError::precondition_failed()),
        _ => Ok(()),
    }
}
