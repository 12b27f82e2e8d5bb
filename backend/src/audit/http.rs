use super::entity::audit_entry;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::platform::pagination::{self, Cursor, Page};
use crate::state::Data;
use actix_web::{HttpResponse, get, web};
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
    /// For example `role.granted`, `person.deactivated`, `school.created`.
    pub action: String,
    pub target_kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<serde_json::Value>,
}

impl From<audit_entry::Model> for AuditEntryDto {
    fn from(m: audit_entry::Model) -> Self {
        AuditEntryDto {
            id: m.id,
            at: m.at,
            actor_kind: m.actor_kind,
            actor_id: m.actor_id,
            action: m.action,
            target_kind: m.target_kind,
            target_id: m.target_id,
            hub_id: m.hub_id,
            school_id: m.school_id,
            details: m.details.and_then(|d| serde_json::from_str(&d).ok()),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Only entries about this hub.
    pub hub_id: Option<Uuid>,
    /// 1 to 200; default 50.
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

/// The audit log, newest first (admins: all; hub coordinators: their hubs).
#[utoipa::path(
    tag = "audit",
    operation_id = "list_audit",
    params(AuditQuery),
    responses(
        (status = 200, body = Page<AuditEntryDto>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
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
    let page = super::service::list(&state.db, &p, q.hub_id, limit, cursor).await?;
    Ok(HttpResponse::Ok().json(page))
}
