//! In-app notifications: a person's list with an unread count. Other features add to it
//! inside their own transactions (so a notification exists exactly when its cause does).

pub mod entity;
pub mod mail;
pub mod repo;

use crate::auth::model::Principal;
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::Data;
use actix_web::{HttpResponse, get, post, web};
use chrono::{DateTime, Utc};
use entity::notification;
use sea_orm::ConnectionTrait;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_notifications)
        .service(mark_notifications_read);
}

crate::string_enum! {
    /// Kinds of notification (the SPA words them in the reader's language).
    NotificationKind {
        RelationshipAdded = "relationship_added",
        ActivityLogged = "activity_logged",
        RelationshipStatus = "relationship_status",
        PlanComment = "plan_comment",
        FeedbackAsked = "feedback_asked",
        EnrolmentPending = "enrolment_pending",
        ReflectionShared = "reflection_shared",
        LevelAgreed = "level_agreed",
    }
}

/// Add a notification for a person.
pub async fn send(
    db: &impl ConnectionTrait,
    person: Uuid,
    kind: &str,
    title: &str,
    link: &str,
) -> ApiResult<()> {
    repo::insert(
        db,
        notification::Model {
            id: Uuid::now_v7(),
            person_id: person,
            kind: crate::platform::enums::known(kind)?,
            title: title.chars().take(250).collect(),
            link: link.to_string(),
            created_at: crate::db::now(),
            read_at: None,
            mailed_at: None,
        },
    )
    .await
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationDto {
    pub id: Uuid,
    /// `relationship_added`, `activity_logged`, `relationship_status`, `plan_comment`,
    /// `feedback_asked`, `enrolment_pending` (a school of the reader's hub waits for their
    /// approval), `reflection_shared` (a colleague shared a self-reflection with the
    /// reader), `level_agreed` (a mentor recorded an agreed level on the reader's
    /// reflection).
    pub kind: NotificationKind,
    /// What it is about (a relationship's title, a plan's goal).
    pub title: String,
    /// The SPA path to open.
    pub link: String,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub read_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationsDto {
    pub unread: u64,
    /// The newest 50.
    pub items: Vec<NotificationDto>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MarkRead {
    /// These notifications; none: all of mine.
    #[serde(default)]
    pub ids: Option<Vec<Uuid>>,
}

fn me(p: &Principal) -> ApiResult<Uuid> {
    p.person()
        .map(|x| x.id)
        .ok_or_else(|| ApiError::not_found("Notifications"))
}

async fn mine(db: &impl ConnectionTrait, person: Uuid) -> ApiResult<NotificationsDto> {
    let unread = repo::unread(db, person).await?;
    let items = repo::newest(db, person, 50)
        .await?
        .into_iter()
        .map(|n| NotificationDto {
            id: n.id,
            kind: n.kind,
            title: n.title,
            link: n.link,
            created_at: n.created_at,
            read_at: n.read_at,
        })
        .collect();
    Ok(NotificationsDto { unread, items })
}

/// My notifications, newest first, with the unread count.
#[utoipa::path(tag = "notifications", operation_id = "list_notifications",
    responses(
        (status = 200, body = NotificationsDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/notifications")]
pub async fn list_notifications(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    let person = me(&p)?;
    Ok(HttpResponse::Ok().json(mine(&state.db, person).await?))
}

/// Mark some (or all) of my notifications read.
#[utoipa::path(tag = "notifications", operation_id = "mark_notifications_read", request_body = MarkRead,
    responses(
        (status = 200, body = NotificationsDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/notifications/read")]
pub async fn mark_notifications_read(
    state: Data,
    p: Principal,
    body: web::Json<MarkRead>,
) -> ApiResult<HttpResponse> {
    let person = me(&p)?;
    repo::mark_read(&state.db, person, body.ids.as_deref()).await?;
    Ok(HttpResponse::Ok().json(mine(&state.db, person).await?))
}
