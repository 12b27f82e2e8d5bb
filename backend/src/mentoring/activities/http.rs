//! HTTP handlers of activities.

use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::mentoring::activities::dto::{
    ActivityDto, ActivityIn, ActivityPageQuery, ProgrammeActivitiesDto, RatingIn,
};
use crate::platform::etag;
use crate::platform::pagination::{self, Cursor, Page};
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use uuid::Uuid;
use validator::Validate;

/// The caller's coming activities (planned, next 60 days) in the relationships they take
/// part in, directly or through a school they lead.
#[utoipa::path(tag = "relationships", operation_id = "list_upcoming_activities",
    responses((status = 200, body = Vec<ActivityDto>)),
    security(("bearer" = [])))]
#[get("/me/upcoming-activities")]
pub async fn list_upcoming_activities(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::upcoming(&state.db, &p).await?))
}

/// The relationship's activities, newest first (by date, then by when they were logged).
#[utoipa::path(tag = "relationships", operation_id = "list_relationship_activities",
    params(("id" = Uuid, Path, description = "Relationship id"), ActivityPageQuery),
    responses(
        (status = 200, body = Page<ActivityDto>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/relationships/{id}/activities")]
pub async fn list_relationship_activities(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<ActivityPageQuery>,
) -> ApiResult<HttpResponse> {
    let limit = pagination::limit(q.limit)?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())?;
    Ok(HttpResponse::Ok()
        .json(service::list_for_relationship(&state.db, &p, *id, limit, cursor).await?))
}

/// A programme's own activities (events for all its schools), newest first, for those who see the programme.
#[utoipa::path(tag = "programmes", operation_id = "list_programme_activities",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeActivitiesDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/programmes/{id}/activities")]
pub async fn list_programme_activities(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list_for_programme(&state.db, &p, *id).await?))
}

/// Log an activity on a relationship (its mentors, facilitators, peers; the hub's coordinators) or a programme (its coordinators).
#[utoipa::path(tag = "activities", operation_id = "log_activity", request_body = ActivityIn,
    responses(
        (status = 201, body = ActivityDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/activities")]
pub async fn log_activity(
    state: Data,
    p: Principal,
    body: web::Json<ActivityIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created().json(service::log(&state.db, &p, body.into_inner()).await?))
}

/// One activity.
#[utoipa::path(tag = "activities", operation_id = "get_activity",
    params(("id" = Uuid, Path, description = "Activity id")),
    responses(
        (status = 200, body = ActivityDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/activities/{id}")]
pub async fn get_activity(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let dto = service::get(&state.db, &p, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Replace an activity's details (its author; the hub's coordinators). Honours `If-Match`.
#[utoipa::path(tag = "activities", operation_id = "update_activity", request_body = ActivityIn,
    params(("id" = Uuid, Path, description = "Activity id"), ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = ActivityDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/activities/{id}")]
pub async fn update_activity(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ActivityIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let dto = service::update(&state.db, &p, *id, etag::if_match(&req)?, body.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Delete an activity (its author; the hub's coordinators).
#[utoipa::path(tag = "activities", operation_id = "delete_activity",
    params(("id" = Uuid, Path, description = "Activity id")),
    responses(
        (status = 204, description = "Done"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/activities/{id}")]
pub async fn delete_activity(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete(&state.db, &p, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Rate how useful an activity was (1–5, with a comment): those who took part.
#[utoipa::path(tag = "activities", operation_id = "rate_activity", request_body = RatingIn,
    params(("id" = Uuid, Path, description = "Activity id")),
    responses(
        (status = 200, body = ActivityDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/activities/{id}/rating")]
pub async fn rate_activity(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<RatingIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(service::rate(&state.db, &p, *id, body.into_inner()).await?))
}
