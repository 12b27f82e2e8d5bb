//! Liveness, readiness and metrics.

use crate::error::{ApiError, ApiResult, Problem};
use crate::state::Data;
use actix_web::{HttpResponse, get};
use sea_orm::ConnectionTrait;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// Always `ok` when the process answers.
    pub status: String,
    pub version: String,
}

/// Liveness: the process answers.
#[utoipa::path(
    tag = "platform",
    operation_id = "health",
    responses((status = 200, body = Health)),
    security(())
)]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}

/// Readiness: the database is reachable.
#[utoipa::path(
    tag = "platform",
    operation_id = "ready",
    responses(
        (status = 200, body = Health),
        (status = 503, description = "Database unreachable", body = Problem, content_type = "application/problem+json")
    ),
    security(())
)]
#[get("/ready")]
pub async fn ready(state: Data) -> ApiResult<HttpResponse> {
    db_ping(&state).await?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    }))
}

async fn db_ping(state: &Data) -> ApiResult<()> {
    state
        .db
        .execute_unprepared("SELECT 1")
        .await
        .map(|_| ())
        .map_err(|e| ApiError::unavailable(e.to_string()))
}

/// Prometheus metrics in the text exposition format. With `IHUB_METRICS_TOKEN` set, send
/// it as `Authorization: Bearer …`; without one, only a direct loopback connection (not
/// one relayed by a proxy) may read them.
#[utoipa::path(
    tag = "platform",
    operation_id = "metrics",
    responses(
        (status = 200, description = "Prometheus text format", body = String, content_type = "text/plain"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[get("/metrics")]
pub async fn metrics(state: Data, req: actix_web::HttpRequest) -> ApiResult<HttpResponse> {
    metrics_allowed(&state, &req)?;
    let up = db_ping(&state).await.is_ok();
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render(up) + &state.writer.render_metrics()))
}

fn metrics_allowed(state: &Data, req: &actix_web::HttpRequest) -> ApiResult<()> {
    use super::secret::hash_token;
    match &state.config.metrics_token {
        Some(want) => {
            let sent = req
                .headers()
                .get(actix_web::http::header::AUTHORIZATION)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("Bearer "))
                .unwrap_or("");
            // Compared as digests: the time taken says nothing about the token.
            if hash_token(sent) == hash_token(want) {
                Ok(())
            } else {
                Err(ApiError::unauthenticated(
                    crate::error::ErrorCode::TokenInvalid,
                    "Send the metrics token as Authorization: Bearer.",
                ))
            }
        }
        None => {
            let direct = !req.headers().contains_key("x-forwarded-for")
                && !req.headers().contains_key("forwarded");
            let loopback = req.peer_addr().is_some_and(|a| a.ip().is_loopback());
            if direct && loopback {
                Ok(())
            } else {
                Err(ApiError::forbidden(
                    "Metrics are served to loopback connections only; set IHUB_METRICS_TOKEN to read them from elsewhere.",
                ))
            }
        }
    }
}
