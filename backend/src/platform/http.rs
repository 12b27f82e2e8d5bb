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

/// Prometheus metrics in the text exposition format.
#[utoipa::path(
    tag = "platform",
    operation_id = "metrics",
    responses((status = 200, description = "Prometheus text format", body = String, content_type = "text/plain")),
    security(())
)]
#[get("/metrics")]
pub async fn metrics(state: Data) -> HttpResponse {
    let up = db_ping(&state).await.is_ok();
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(state.metrics.render(up))
}
