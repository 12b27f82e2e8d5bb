//! HTTP handlers of programmes.

use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::mentoring::programmes::dto::{
    EnrolmentCreate, EnrolmentDto, PhasePut, ProgrammeCreate, ProgrammeDto, ProgrammePatch,
    ProgrammeQuery, SchoolOptionDto,
};
use crate::platform::etag;
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use uuid::Uuid;
use validator::Validate;

/// Programmes the caller sees: of their hubs, and those their schools are enrolled in.
#[utoipa::path(tag = "programmes", operation_id = "list_programmes",
    params(ProgrammeQuery),
    responses(
        (status = 200, body = Vec<ProgrammeDto>),
    ),
    security(("bearer" = [])))]
#[get("/programmes")]
pub async fn list_programmes(
    state: Data,
    p: Principal,
    q: web::Query<ProgrammeQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list_programmes(&state.db, &p, &q).await?))
}

/// Create a programme in a hub (its coordinators).
#[utoipa::path(tag = "programmes", operation_id = "create_programme", request_body = ProgrammeCreate,
    responses(
        (status = 201, body = ProgrammeDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/programmes")]
pub async fn create_programme(
    state: Data,
    p: Principal,
    body: web::Json<ProgrammeCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created()
        .json(service::create_programme(&state.db, &p, body.into_inner()).await?))
}

/// One programme.
#[utoipa::path(tag = "programmes", operation_id = "get_programme",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/programmes/{id}")]
pub async fn get_programme(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let dto = service::get_programme(&state.db, &p, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Change a programme (its hub's coordinators). Honours `If-Match`.
#[utoipa::path(tag = "programmes", operation_id = "update_programme", request_body = ProgrammePatch,
    params(("id" = Uuid, Path, description = "Programme id"), ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = ProgrammeDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/programmes/{id}")]
pub async fn update_programme(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ProgrammePatch>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let dto =
        service::update_programme(&state.db, &p, *id, etag::if_match(&req)?, body.into_inner())
            .await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Enrol a school with its role (the programme's coordinators). A school of another hub waits for its hub's approval; a school enrolled twice answers 409.
#[utoipa::path(tag = "programmes", operation_id = "enrol_school", request_body = EnrolmentCreate,
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 201, body = EnrolmentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/programmes/{id}/schools")]
pub async fn enrol_school(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<EnrolmentCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created()
        .json(service::enrol_school(&state.db, &p, *id, body.into_inner()).await?))
}

/// Schools the programme's coordinators may still enrol: its hub's first, then other hubs' (they join once their own hub's coordinators approve). Names only.
#[utoipa::path(tag = "programmes", operation_id = "list_programme_school_options",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, body = Vec<SchoolOptionDto>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/programmes/{id}/school-options")]
pub async fn list_programme_school_options(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::school_options(&state.db, &p, *id).await?))
}

/// An enrolled school with the phases of its current cycle and its mentoring hours.
#[utoipa::path(tag = "programmes", operation_id = "get_enrolment",
    params(("id" = Uuid, Path, description = "Enrolment id")),
    responses(
        (status = 200, body = EnrolmentDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/enrolments/{id}")]
pub async fn get_enrolment(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get_enrolment(&state.db, &p, *id).await?))
}

/// Take a school out of a programme (the programme's coordinators).
#[utoipa::path(tag = "programmes", operation_id = "remove_enrolment",
    params(("id" = Uuid, Path, description = "Enrolment id")),
    responses(
        (status = 204, description = "Done"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/enrolments/{id}")]
pub async fn remove_enrolment(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::remove_enrolment(&state.db, &p, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Approve that a school of one's hub joins another hub's programme (the school's hub coordinators).
#[utoipa::path(tag = "programmes", operation_id = "approve_enrolment",
    params(("id" = Uuid, Path, description = "Enrolment id")),
    responses(
        (status = 200, body = EnrolmentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/enrolments/{id}/approve")]
pub async fn approve_enrolment(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::approve_enrolment(&state.db, &p, *id).await?))
}

/// Set a phase of the current cycle: status, dates, notes. Phases run in any order; any may be skipped (the programme's coordinators, the school's leaders).
#[utoipa::path(tag = "programmes", operation_id = "put_enrolment_phase", request_body = PhasePut,
    params(("id" = Uuid, Path, description = "Enrolment id"), ("phase" = String, Path, description = "initiative, anchoring_meetings, joint_planning, mapping_needs, new_perspectives, development_actions or reflection")),
    responses(
        (status = 200, body = EnrolmentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/enrolments/{id}/phases/{phase}")]
pub async fn put_enrolment_phase(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, String)>,
    body: web::Json<PhasePut>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(service::put_phase(&state.db, &p, path.0, &path.1, body.into_inner()).await?))
}

/// Start a new cycle of the process model; 409 until the reflection phase is done.
#[utoipa::path(tag = "programmes", operation_id = "start_enrolment_cycle",
    params(("id" = Uuid, Path, description = "Enrolment id")),
    responses(
        (status = 200, body = EnrolmentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/enrolments/{id}/cycles")]
pub async fn start_enrolment_cycle(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::start_cycle(&state.db, &p, *id).await?))
}
