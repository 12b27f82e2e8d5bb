use super::dto::{AuditActorDto, AuditEntryDto, AuditFilter, AuditQuery};
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::platform::pagination::{self, Cursor, Page};
use crate::state::Data;
use actix_web::{HttpResponse, get, web};

/// The audit log, newest first (admins: all; hub coordinators: their hubs), with the
/// names of who did it and what it was about.
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit",
    params(AuditQuery),
    responses(
        (status = 200, body = Page<AuditEntryDto>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit")]
pub async fn list_audit(
    state: Data,
    p: Principal,
    q: web::Query<AuditQuery>,
) -> ApiResult<HttpResponse> {
    let limit = pagination::limit(q.limit)?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())?;
    let page = super::service::list(&state.db, &p, &q.filter(), limit, cursor).await?;
    Ok(HttpResponse::Ok().json(page))
}

/// The audit log as CSV with the same filters (newest first, at most 50,000 rows).
#[utoipa::path(
    tag = "audit",
    operation_id = "audit_csv",
    params(AuditFilter),
    responses(
        (status = 200, description = "CSV", content_type = "text/csv", body = String),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit.csv")]
pub async fn audit_csv(
    state: Data,
    p: Principal,
    q: web::Query<AuditFilter>,
) -> ApiResult<HttpResponse> {
    let body = super::service::csv(&state.db, &p, &q).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            "attachment; filename=\"audit-log.csv\"",
        ))
        .body(body))
}

/// Everyone who did something in the entries the caller may read (for a filter).
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit_actors",
    responses(
        (status = 200, body = Vec<AuditActorDto>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/audit/actors")]
pub async fn list_audit_actors(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(super::service::actors(&state.db, &p).await?))
}
