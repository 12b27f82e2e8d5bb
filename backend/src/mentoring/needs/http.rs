//! HTTP handlers of needs.

use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::mentoring::dto::LangQuery;
use crate::mentoring::needs::dto::{NeedsDto, NeedsPut};
use crate::mentoring::shared::{k, lang};
use crate::platform::etag;
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, get, put, web};
use uuid::Uuid;
use validator::Validate;

/// An enrolled school's needs mapping in its current cycle: the readiness campaign it starts from (with its area means and focus items when its report is visible to the caller), the hub's infrastructure and security checklist, the findings, and the previous cycle's findings (the programme's coordinators, the school's hub, staff and mentors; 403 for others who see the programme).
#[utoipa::path(tag = "programmes", operation_id = "get_enrolment_needs",
    params(("id" = Uuid, Path, description = "Enrolment id"), LangQuery),
    responses(
        (status = 200, body = NeedsDto, headers(("ETag" = String, description = "Send as If-Match when saving"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/enrolments/{id}/needs")]
pub async fn get_enrolment_needs(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<LangQuery>,
) -> ApiResult<HttpResponse> {
    let dto = service::get(&state.db, &p, *id, &lang(&p, &q), k(&state)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Save the needs mapping of the current cycle as a whole: the linked campaign and the findings (item of the hub's checklist, state, note, priority). 412 when If-Match is stale; 409 while the school's hub has not approved its enrolment (the programme's coordinators, the school's leaders and mentors).
#[utoipa::path(tag = "programmes", operation_id = "put_enrolment_needs", request_body = NeedsPut,
    params(("id" = Uuid, Path, description = "Enrolment id"), LangQuery,
        ("If-Match" = Option<String>, Header, description = "The ETag of the last read")),
    responses(
        (status = 200, body = NeedsDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/enrolments/{id}/needs")]
pub async fn put_enrolment_needs(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    q: web::Query<LangQuery>,
    body: web::Json<NeedsPut>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let expected = etag::if_match(&req)?;
    let dto = service::put(
        &state.db,
        &p,
        *id,
        expected,
        body.into_inner(),
        &lang(&p, &q),
        k(&state),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}
