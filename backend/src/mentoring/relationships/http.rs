//! HTTP handlers of relationships.

use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::mentoring::relationships::dto::{
    FeedbackIn, ParticipantIn, RelationshipCreate, RelationshipDto, RelationshipPatch,
    RelationshipQuery, RelationshipSummaryDto, TransitionIn,
};
use crate::platform::etag;
use crate::platform::pagination::{self, Cursor, Page};
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use uuid::Uuid;
use validator::Validate;

/// Relationships the caller sees, newest first: those they take part in (or their school
/// does), and all of the hubs they coordinate.
#[utoipa::path(tag = "relationships", operation_id = "list_relationships",
    params(RelationshipQuery),
    responses(
        (status = 200, body = Page<RelationshipSummaryDto>),
    ),
    security(("bearer" = [])))]
#[get("/relationships")]
pub async fn list_relationships(
    state: Data,
    p: Principal,
    q: web::Query<RelationshipQuery>,
) -> ApiResult<HttpResponse> {
    let limit = pagination::limit(q.limit)?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())?;
    Ok(HttpResponse::Ok().json(service::list(&state.db, &p, &q, limit, cursor).await?))
}

/// Set up a mentoring relationship (the hub's coordinators and mentors). It starts as `proposed`.
#[utoipa::path(tag = "relationships", operation_id = "create_relationship", request_body = RelationshipCreate,
    responses(
        (status = 201, body = RelationshipDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/relationships")]
pub async fn create_relationship(
    state: Data,
    p: Principal,
    body: web::Json<RelationshipCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created().json(service::create(&state.db, &p, body.into_inner()).await?))
}

/// One relationship: participants, goals, lifecycle history, hours, the caller's rights.
#[utoipa::path(tag = "relationships", operation_id = "get_relationship",
    params(("id" = Uuid, Path, description = "Relationship id")),
    responses(
        (status = 200, body = RelationshipDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/relationships/{id}")]
pub async fn get_relationship(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let dto = service::get(&state.db, &p, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Change title, focus, agreement, meeting rhythm or goals (its mentors and facilitators, the hub's coordinators). Honours `If-Match`.
#[utoipa::path(tag = "relationships", operation_id = "update_relationship", request_body = RelationshipPatch,
    params(("id" = Uuid, Path, description = "Relationship id"), ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = RelationshipDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/relationships/{id}")]
pub async fn update_relationship(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<RelationshipPatch>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let dto = service::update(&state.db, &p, *id, etag::if_match(&req)?, body.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Add a person or a school with a role.
#[utoipa::path(tag = "relationships", operation_id = "add_relationship_participant", request_body = ParticipantIn,
    params(("id" = Uuid, Path, description = "Relationship id")),
    responses(
        (status = 200, body = RelationshipDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/relationships/{id}/participants")]
pub async fn add_relationship_participant(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<ParticipantIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(service::add_participant(&state.db, &p, *id, body.into_inner()).await?))
}

/// Remove a participant.
#[utoipa::path(tag = "relationships", operation_id = "remove_relationship_participant",
    params(("id" = Uuid, Path, description = "Relationship id"), ("participant_id" = Uuid, Path, description = "Participant id")),
    responses(
        (status = 200, body = RelationshipDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/relationships/{id}/participants/{participant_id}")]
pub async fn remove_relationship_participant(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::remove_participant(&state.db, &p, path.0, path.1).await?))
}

/// Move along the lifecycle: proposed → active → paused ⇄ active → completed, or → cancelled. Other moves answer 409.
#[utoipa::path(tag = "relationships", operation_id = "transition_relationship", request_body = TransitionIn,
    params(("id" = Uuid, Path, description = "Relationship id")),
    responses(
        (status = 200, body = RelationshipDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/relationships/{id}/transitions")]
pub async fn transition_relationship(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<TransitionIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(service::transition(&state.db, &p, *id, body.into_inner()).await?))
}

/// Give a mentor (or mentee, or peer) feedback once the relationship is completed.
#[utoipa::path(tag = "relationships", operation_id = "give_relationship_feedback", request_body = FeedbackIn,
    params(("id" = Uuid, Path, description = "Relationship id")),
    responses(
        (status = 200, body = RelationshipDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/relationships/{id}/feedback")]
pub async fn give_relationship_feedback(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<FeedbackIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(service::give_feedback(&state.db, &p, *id, body.into_inner()).await?))
}
