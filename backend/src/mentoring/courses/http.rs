//! HTTP handlers of courses.

use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::mentoring::courses::dto::{
    AttendancePut, CourseDto, CourseIn, CourseParticipantIn, CoursePatch, CourseSummaryDto,
    SessionIn,
};
use crate::platform::etag;
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use uuid::Uuid;
use validator::Validate;

/// The programme's training courses with participants and completions.
#[utoipa::path(tag = "courses", operation_id = "list_courses",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, body = Vec<CourseSummaryDto>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/programmes/{id}/courses")]
pub async fn list_courses(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, &p, *id).await?))
}

/// Add a training course to a programme (the hub's coordinators and mentors).
#[utoipa::path(tag = "courses", operation_id = "create_course", request_body = CourseIn,
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 201, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/programmes/{id}/courses")]
pub async fn create_course(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<CourseIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created().json(service::create(&state.db, &p, *id, body.into_inner()).await?))
}

/// A course: sessions, and the attendance rows the caller may see (all for those who run
/// it, their school's staff for leaders, their own for participants).
#[utoipa::path(tag = "courses", operation_id = "get_course",
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, body = CourseDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/courses/{id}")]
pub async fn get_course(state: Data, p: Principal, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let dto = service::get(&state.db, &p, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Change a course's title, planned hours or description. Honours `If-Match`.
#[utoipa::path(tag = "courses", operation_id = "update_course", request_body = CoursePatch,
    params(("id" = Uuid, Path, description = "Course id"), ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/courses/{id}")]
pub async fn update_course(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<CoursePatch>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let dto = service::update(&state.db, &p, *id, etag::if_match(&req)?, body.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Add a session with its date and length.
#[utoipa::path(tag = "courses", operation_id = "add_course_session", request_body = SessionIn,
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/courses/{id}/sessions")]
pub async fn add_course_session(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<SessionIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(service::add_session(&state.db, &p, *id, body.into_inner()).await?))
}

/// Remove a session (and its attendance).
#[utoipa::path(tag = "courses", operation_id = "remove_course_session",
    params(("id" = Uuid, Path, description = "Course id"), ("session_id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/courses/{id}/sessions/{session_id}")]
pub async fn remove_course_session(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::remove_session(&state.db, &p, path.0, path.1).await?))
}

/// Enrol a teacher or leader of a school of the programme.
#[utoipa::path(tag = "courses", operation_id = "add_course_participant", request_body = CourseParticipantIn,
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/courses/{id}/participants")]
pub async fn add_course_participant(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<CourseParticipantIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(service::add_participant(&state.db, &p, *id, body.into_inner()).await?))
}

/// Take someone off a course (with their attendance).
#[utoipa::path(tag = "courses", operation_id = "remove_course_participant",
    params(("id" = Uuid, Path, description = "Course id"), ("person_id" = Uuid, Path, description = "Person id")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/courses/{id}/participants/{person_id}")]
pub async fn remove_course_participant(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::remove_participant(&state.db, &p, path.0, path.1).await?))
}

/// The attendance sheet of one session: who was present (everyone else was not).
#[utoipa::path(tag = "courses", operation_id = "put_course_attendance", request_body = AttendancePut,
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/courses/{id}/attendance")]
pub async fn put_course_attendance(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<AttendancePut>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(service::put_attendance(&state.db, &p, *id, body.into_inner()).await?))
}
