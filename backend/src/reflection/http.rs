//! HTTP handlers of teachers' self-reflections.

use super::dto::*;
use super::service;
use crate::auth::extract::Caller;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::platform::pagination::{self, Cursor, Page};
use crate::platform::validate::text_language;
use crate::state::Data;
use actix_web::{HttpResponse, delete, get, post, put, web};
use uuid::Uuid;
use validator::Validate;

/// Start a self-reflection on the current version of an instrument, or get back the one
/// in progress (200).
#[utoipa::path(tag = "reflections", operation_id = "start_reflection", request_body = ReflectionStart,
    params(ReportQuery),
    responses(
        (status = 201, description = "Started", body = ReflectionFormDto),
        (status = 200, description = "The reflection already in progress", body = ReflectionFormDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/reflections")]
pub async fn start_reflection(
    state: Data,
    p: Principal,
    q: web::Query<ReportQuery>,
    body: web::Json<ReflectionStart>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let lang = text_language(p.locale(), q.lang.as_deref());
    let (f, created) = service::start(&state.db, &p, body.into_inner(), &lang).await?;
    Ok(if created {
        HttpResponse::Created().json(f)
    } else {
        HttpResponse::Ok().json(f)
    })
}

/// The caller's own reflections, newest first.
#[utoipa::path(tag = "reflections", operation_id = "list_my_reflections", params(ReflectionQuery),
    responses((status = 200, body = Page<ReflectionSummaryDto>)),
    security(("bearer" = [])))]
#[get("/reflections")]
pub async fn list_my_reflections(
    state: Data,
    p: Principal,
    q: web::Query<ReflectionQuery>,
) -> ApiResult<HttpResponse> {
    let limit = pagination::limit(q.limit)?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())?;
    Ok(HttpResponse::Ok().json(service::list_mine(&state.db, &p, &q, limit, cursor).await?))
}

/// One reflection with its questions and answers (its owner only).
#[utoipa::path(tag = "reflections", operation_id = "get_reflection",
    params(("id" = Uuid, Path, description = "Reflection id"), ReportQuery),
    responses(
        (status = 200, body = ReflectionFormDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/reflections/{id}")]
pub async fn get_reflection(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<ReportQuery>,
) -> ApiResult<HttpResponse> {
    let lang = text_language(p.locale(), q.lang.as_deref());
    Ok(HttpResponse::Ok().json(service::get_form(&state.db, &p, *id, &lang).await?))
}

/// Delete one's own reflection and its answers.
#[utoipa::path(tag = "reflections", operation_id = "delete_reflection",
    params(("id" = Uuid, Path, description = "Reflection id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/reflections/{id}")]
pub async fn delete_reflection(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete(&state.db, &p, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Save one answer (autosave; idempotent). 409 once the reflection is submitted.
#[utoipa::path(tag = "reflections", operation_id = "put_reflection_answer", request_body = AnswerPut,
    params(("id" = Uuid, Path, description = "Reflection id"),
           ("item_key" = String, Path, description = "Item key")),
    responses(
        (status = 200, body = AnswerDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/reflections/{id}/answers/{item_key}")]
pub async fn put_reflection_answer(
    state: Data,
    p: Caller,
    path: web::Path<(Uuid, String)>,
    body: web::Json<AnswerPut>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let (id, item) = path.into_inner();
    let a = service::put_answer(&state.writer, p, id, &item, &body.value).await?;
    Ok(HttpResponse::Ok().json(a))
}

/// Take an answer back (before submitting).
#[utoipa::path(tag = "reflections", operation_id = "delete_reflection_answer",
    params(("id" = Uuid, Path, description = "Reflection id"),
           ("item_key" = String, Path, description = "Item key")),
    responses(
        (status = 204, description = "Removed"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/reflections/{id}/answers/{item_key}")]
pub async fn delete_reflection_answer(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, String)>,
) -> ApiResult<HttpResponse> {
    let (id, item) = path.into_inner();
    service::delete_answer(&state.writer, &p, id, &item).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Submit: needs every required item answered (422 lists the rest); afterwards the
/// reflection never changes (409).
#[utoipa::path(tag = "reflections", operation_id = "submit_reflection",
    params(("id" = Uuid, Path, description = "Reflection id"), ReportQuery),
    responses(
        (status = 200, body = ReflectionFormDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/reflections/{id}/submit")]
pub async fn submit_reflection(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<ReportQuery>,
) -> ApiResult<HttpResponse> {
    let lang = text_language(p.locale(), q.lang.as_deref());
    Ok(HttpResponse::Ok().json(service::submit(&state.db, &p, *id, &lang).await?))
}

/// Results per competence, per area and overall, with what each level means, next steps,
/// strongest and weakest competences, growth and history.
#[utoipa::path(tag = "reflections", operation_id = "get_reflection_report",
    params(("id" = Uuid, Path, description = "Reflection id"), ReportQuery),
    responses(
        (status = 200, body = ReflectionReportDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/reflections/{id}/report")]
pub async fn get_reflection_report(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<ReportQuery>,
) -> ApiResult<HttpResponse> {
    let lang = text_language(p.locale(), q.lang.as_deref());
    Ok(HttpResponse::Ok().json(super::report::report(&state.db, &p, *id, &lang).await?))
}

/// Share a reflection (or "always my latest") with a mentor or peer of one's school or
/// hub: a person from the candidates, or by their e-mail address. Someone who does not
/// work in the teacher's school or hub is refused (422 `not_colleague`).
#[utoipa::path(tag = "reflections", operation_id = "create_reflection_share", request_body = ShareCreate,
    responses(
        (status = 201, body = ShareDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/reflection-shares")]
pub async fn create_reflection_share(
    state: Data,
    p: Principal,
    body: web::Json<ShareCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created()
        .json(super::sharing::create(&state.db, &p, body.into_inner()).await?))
}

/// Colleagues the caller may share a reflection with (their school's and hub's people).
#[utoipa::path(tag = "reflections", operation_id = "list_share_candidates",
    params(CandidateQuery),
    responses((status = 200, body = Vec<ShareCandidateDto>)),
    security(("bearer" = [])))]
#[get("/reflection-shares/candidates")]
pub async fn list_share_candidates(
    state: Data,
    p: Principal,
    q: web::Query<CandidateQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(super::sharing::candidates(&state.db, &p, q.q.as_deref()).await?))
}

/// The caller's shares.
#[utoipa::path(tag = "reflections", operation_id = "list_reflection_shares",
    responses((status = 200, body = Vec<ShareDto>)),
    security(("bearer" = [])))]
#[get("/reflection-shares")]
pub async fn list_reflection_shares(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(super::sharing::list_outgoing(&state.db, &p).await?))
}

/// Reflections colleagues shared with the caller.
#[utoipa::path(tag = "reflections", operation_id = "list_incoming_reflection_shares",
    responses((status = 200, body = Vec<IncomingShareDto>)),
    security(("bearer" = [])))]
#[get("/reflection-shares/incoming")]
pub async fn list_incoming_reflection_shares(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(super::sharing::list_incoming(&state.db, &p).await?))
}

/// Revoke a share (its owner), at any time.
#[utoipa::path(tag = "reflections", operation_id = "revoke_reflection_share",
    params(("id" = Uuid, Path, description = "Share id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/reflection-shares/{id}")]
pub async fn revoke_reflection_share(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    super::sharing::revoke(&state.db, &p, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Record the level agreed for an area of a shared reflection (the mentor or peer it is
/// shared with), with a comment and evidence links.
#[utoipa::path(tag = "reflections", operation_id = "put_agreed_level", request_body = AgreedPut,
    params(("id" = Uuid, Path, description = "Reflection id"),
           ("area_key" = String, Path, description = "Area key")),
    responses(
        (status = 200, body = AgreedDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/reflections/{id}/agreed/{area_key}")]
pub async fn put_agreed_level(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, String)>,
    body: web::Json<AgreedPut>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let (id, area) = path.into_inner();
    Ok(HttpResponse::Ok()
        .json(super::sharing::put_agreed(&state.db, &p, id, &area, body.into_inner()).await?))
}
