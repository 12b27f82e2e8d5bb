//! HTTP handlers of the directory. Extract, call the service, map to DTOs.

use super::dto::*;
use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::platform::etag;
use crate::platform::pagination::{self, Cursor, Page};
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use uuid::Uuid;
use validator::Validate;

// ---------- hubs ----------

/// Hubs the caller can see, by name.
#[utoipa::path(tag = "hubs", operation_id = "list_hubs", params(HubQuery),
    responses((status = 200, body = Page<HubDto>)),
    security(("bearer" = [])))]
#[get("/hubs")]
pub async fn list_hubs(
    state: Data,
    p: Principal,
    q: web::Query<HubQuery>,
) -> ApiResult<HttpResponse> {
    let limit = pagination::limit(q.limit)?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())?;
    Ok(HttpResponse::Ok().json(service::list_hubs(&state.db, &p, &q, limit, cursor).await?))
}

/// Create a hub (admins).
#[utoipa::path(tag = "hubs", operation_id = "create_hub", request_body = HubCreate,
    responses(
        (status = 201, body = HubDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Name taken", body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/hubs")]
pub async fn create_hub(
    state: Data,
    p: Principal,
    body: web::Json<HubCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let h = service::create_hub(&state.db, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(etag::etag(h.version))
        .json(h))
}

/// One hub.
#[utoipa::path(tag = "hubs", operation_id = "get_hub", params(("id" = Uuid, Path, description = "Hub id")),
    responses(
        (status = 200, body = HubDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/hubs/{id}")]
pub async fn get_hub(state: Data, p: Principal, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let h: HubDto = service::find_visible_hub(&state.db, &p, *id).await?.into();
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(h.version))
        .json(h))
}

/// Change a hub (admins; coordinators of the hub). Honours `If-Match`.
#[utoipa::path(tag = "hubs", operation_id = "update_hub", request_body = HubPatch,
    params(("id" = Uuid, Path, description = "Hub id"),
           ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = HubDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/hubs/{id}")]
pub async fn update_hub(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<HubPatch>,
) -> ApiResult<HttpResponse> {
    let expected = etag::if_match(&req)?;
    body.validate()?;
    let h = service::update_hub(&state.db, &p, *id, body.into_inner(), expected).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(h.version))
        .json(h))
}

/// Delete an empty hub (admins). 409 while schools or roles refer to it.
#[utoipa::path(tag = "hubs", operation_id = "delete_hub", params(("id" = Uuid, Path, description = "Hub id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/hubs/{id}")]
pub async fn delete_hub(state: Data, p: Principal, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    service::delete_hub(&state.db, &p, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Organisations taking part in a hub, with their roles.
#[utoipa::path(tag = "hubs", operation_id = "list_hub_organisations", params(("id" = Uuid, Path, description = "Hub id")),
    responses(
        (status = 200, body = Vec<HubOrganisationDto>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/hubs/{id}/organisations")]
pub async fn list_hub_organisations(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list_hub_organisations(&state.db, &p, *id).await?))
}

/// Link an organisation to a hub in a role (admins; coordinators of the hub).
#[utoipa::path(tag = "hubs", operation_id = "link_hub_organisation", request_body = HubOrganisationCreate,
    params(("id" = Uuid, Path, description = "Hub id")),
    responses(
        (status = 201, body = HubOrganisationDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/hubs/{id}/organisations")]
pub async fn link_hub_organisation(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<HubOrganisationCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let l = service::link_organisation(&state.db, &p, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(l))
}

/// Remove an organisation's role in a hub.
#[utoipa::path(tag = "hubs", operation_id = "unlink_hub_organisation",
    params(("id" = Uuid, Path, description = "Hub id"), ("link_id" = Uuid, Path, description = "Link id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/hubs/{id}/organisations/{link_id}")]
pub async fn unlink_hub_organisation(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (hub, link) = path.into_inner();
    service::unlink_organisation(&state.db, &p, hub, link).await?;
    Ok(HttpResponse::NoContent().finish())
}

// ---------- schools ----------

/// Schools the caller can see, by name.
#[utoipa::path(tag = "schools", operation_id = "list_schools", params(SchoolQuery),
    responses((status = 200, body = Page<SchoolDto>)),
    security(("bearer" = [])))]
#[get("/schools")]
pub async fn list_schools(
    state: Data,
    p: Principal,
    q: web::Query<SchoolQuery>,
) -> ApiResult<HttpResponse> {
    let limit = pagination::limit(q.limit)?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())?;
    Ok(HttpResponse::Ok().json(service::list_schools(&state.db, &p, &q, limit, cursor).await?))
}

/// Add a school to a hub (admins; coordinators of the hub).
#[utoipa::path(tag = "schools", operation_id = "create_school", request_body = SchoolCreate,
    responses(
        (status = 201, body = SchoolDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/schools")]
pub async fn create_school(
    state: Data,
    p: Principal,
    body: web::Json<SchoolCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let s = service::create_school(&state.db, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(etag::etag(s.version))
        .json(s))
}

/// One school.
#[utoipa::path(tag = "schools", operation_id = "get_school", params(("id" = Uuid, Path, description = "School id")),
    responses(
        (status = 200, body = SchoolDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/schools/{id}")]
pub async fn get_school(state: Data, p: Principal, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let s: SchoolDto = service::find_visible_school(&state.db, &p, *id)
        .await?
        .into();
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(s.version))
        .json(s))
}

/// Change a school (admins; coordinators of its hub; its school leaders). Honours `If-Match`.
#[utoipa::path(tag = "schools", operation_id = "update_school", request_body = SchoolPatch,
    params(("id" = Uuid, Path, description = "School id"),
           ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = SchoolDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/schools/{id}")]
pub async fn update_school(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<SchoolPatch>,
) -> ApiResult<HttpResponse> {
    let expected = etag::if_match(&req)?;
    body.validate()?;
    let s = service::update_school(&state.db, &p, *id, body.into_inner(), expected).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(s.version))
        .json(s))
}

/// Delete a school (admins; coordinators of its hub). 409 while people hold roles there.
#[utoipa::path(tag = "schools", operation_id = "delete_school", params(("id" = Uuid, Path, description = "School id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/schools/{id}")]
pub async fn delete_school(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete_school(&state.db, &p, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

// ---------- organisations ----------

/// Universities, agencies, municipalities and others that take part in hubs.
#[utoipa::path(tag = "organisations", operation_id = "list_organisations", params(OrganisationQuery),
    responses(
        (status = 200, body = Page<OrganisationDto>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/organisations")]
pub async fn list_organisations(
    state: Data,
    p: Principal,
    q: web::Query<OrganisationQuery>,
) -> ApiResult<HttpResponse> {
    let limit = pagination::limit(q.limit)?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())?;
    Ok(HttpResponse::Ok()
        .json(service::list_organisations(&state.db, &p, &q, limit, cursor).await?))
}

/// Register an organisation (admins; hub coordinators).
#[utoipa::path(tag = "organisations", operation_id = "create_organisation", request_body = OrganisationCreate,
    responses(
        (status = 201, body = OrganisationDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/organisations")]
pub async fn create_organisation(
    state: Data,
    p: Principal,
    body: web::Json<OrganisationCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let o = service::create_organisation(&state.db, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(etag::etag(o.version))
        .json(o))
}

/// One organisation.
#[utoipa::path(tag = "organisations", operation_id = "get_organisation", params(("id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 200, body = OrganisationDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/organisations/{id}")]
pub async fn get_organisation(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let o: OrganisationDto = service::get_organisation(&state.db, &p, *id).await?.into();
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(o.version))
        .json(o))
}

/// Change an organisation (admins; coordinators of a hub it takes part in).
#[utoipa::path(tag = "organisations", operation_id = "update_organisation", request_body = OrganisationPatch,
    params(("id" = Uuid, Path, description = "Organisation id"),
           ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = OrganisationDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/organisations/{id}")]
pub async fn update_organisation(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<OrganisationPatch>,
) -> ApiResult<HttpResponse> {
    let expected = etag::if_match(&req)?;
    body.validate()?;
    let o = service::update_organisation(&state.db, &p, *id, body.into_inner(), expected).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(o.version))
        .json(o))
}

/// Delete an organisation that takes part in no hub (admins).
#[utoipa::path(tag = "organisations", operation_id = "delete_organisation", params(("id" = Uuid, Path, description = "Organisation id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/organisations/{id}")]
pub async fn delete_organisation(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::delete_organisation(&state.db, &p, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}
