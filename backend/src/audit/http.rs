use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::platform::pagination::{self, Cursor, Page};
use crate::state::Data;
use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntryDto {
    pub id: Uuid,
    pub at: chrono::DateTime<chrono::Utc>,
    /// `person`, `client` or `system`.
    pub actor_kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    /// The person's or client's name; absent for the system and for people who have
    /// since been erased (shown as "former user").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor_name: Option<String>,
    /// For example `role.granted`, `person.deactivated`, `school.created`.
    pub action: String,
    pub target_kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<Uuid>,
    /// The target's name (a person, hub, school, campaign, programme, …) while it exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

/// Someone who appears in the log as having done something.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditActorDto {
    pub id: Uuid,
    /// `person` or `client`.
    pub kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// Which entries: every filter narrows the list (the CSV export's query).
#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditFilter {
    /// Only entries about this hub.
    pub hub_id: Option<Uuid>,
    /// Only entries about this school.
    pub school_id: Option<Uuid>,
    /// Only what this person or client did.
    pub actor_id: Option<Uuid>,
    /// An action (`role.granted`), or every action of a kind (`campaign.`).
    #[param(max_length = 100)]
    pub action: Option<String>,
    /// Only entries about this kind of thing (`person`, `school`, `campaign`, …).
    #[param(max_length = 50)]
    pub target_kind: Option<String>,
    /// Only entries about this one thing.
    pub target_id: Option<Uuid>,
    /// From this day (UTC), inclusive.
    pub from: Option<NaiveDate>,
    /// Up to this day (UTC), inclusive.
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries about this hub.
    pub hub_id: Option<Uuid>,
    /// Only entries about this school.
    pub school_id: Option<Uuid>,
    /// Only what this person or client did.
    pub actor_id: Option<Uuid>,
    /// An action (`role.granted`), or every action of a kind (`campaign.`).
    #[param(max_length = 100)]
    pub action: Option<String>,
    /// Only entries about this kind of thing (`person`, `school`, `campaign`, …).
    #[param(max_length = 50)]
    pub target_kind: Option<String>,
    /// Only entries about this one thing.
    pub target_id: Option<Uuid>,
    /// From this day (UTC), inclusive.
    pub from: Option<NaiveDate>,
    /// Up to this day (UTC), inclusive.
    pub to: Option<NaiveDate>,
    /// 1 to 200; default 50.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

impl AuditQuery {
    fn filter(&self) -> AuditFilter {
        AuditFilter {
            hub_id: self.hub_id,
            school_id: self.school_id,
            actor_id: self.actor_id,
            action: self.action.clone(),
            target_kind: self.target_kind.clone(),
            target_id: self.target_id,
            from: self.from,
            to: self.to,
        }
    }
}

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
