//! HTTP handlers of the instruments: list, view, publish, translations.

use super::dto::*;
use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::platform::etag;
use crate::platform::validate::text_language;
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, put, web};
use validator::Validate;

/// Instruments with their versions and the state of each translation.
#[utoipa::path(tag = "instruments", operation_id = "list_instruments", params(LangQuery),
    responses((status = 200, body = Vec<InstrumentDto>)),
    security(("bearer" = [])))]
#[get("/instruments")]
pub async fn list_instruments(
    state: Data,
    p: Principal,
    q: web::Query<LangQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .json(service::list(&state.db, &text_language(p.locale(), q.lang.as_deref())).await?))
}

/// Publish a new instrument or a new version of one (admins). A definition with problems
/// is refused with 422 listing every problem; an existing version is 409.
#[utoipa::path(tag = "instruments", operation_id = "publish_instrument", request_body = PublishInstrument,
    responses(
        (status = 201, body = VersionDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/instruments")]
pub async fn publish_instrument(
    state: Data,
    p: Principal,
    body: web::Json<PublishInstrument>,
) -> ApiResult<HttpResponse> {
    let v = service::publish(&state.db, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(v))
}

/// One version (`current` for the newest) with texts in one language.
#[utoipa::path(tag = "instruments", operation_id = "get_instrument_version",
    params(("key" = String, Path, description = "Instrument key"),
           ("version" = String, Path, description = "Version, or `current`"), LangQuery),
    responses(
        (status = 200, body = VersionDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/instruments/{key}/versions/{version}")]
pub async fn get_instrument_version(
    state: Data,
    p: Principal,
    path: web::Path<(String, String)>,
    q: web::Query<LangQuery>,
) -> ApiResult<HttpResponse> {
    let (key, version) = path.into_inner();
    let v = service::get_version(
        &state.db,
        &key,
        &version,
        &text_language(p.locale(), q.lang.as_deref()),
    )
    .await?;
    Ok(HttpResponse::Ok().json(v))
}

/// The texts of one language as stored, with the English texts it still lacks.
#[utoipa::path(tag = "instruments", operation_id = "get_instrument_texts",
    params(("key" = String, Path, description = "Instrument key"),
           ("version" = String, Path, description = "Version, or `current`"),
           ("language" = String, Path, description = "Language code")),
    responses(
        (status = 200, body = TextsDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/instruments/{key}/versions/{version}/texts/{language}")]
pub async fn get_instrument_texts(
    state: Data,
    _p: Principal,
    path: web::Path<(String, String, String)>,
) -> ApiResult<HttpResponse> {
    let (key, version, lang) = path.into_inner();
    let (t, n) = service::get_texts(&state.db, &key, &version, &lang).await?;
    Ok(HttpResponse::Ok().insert_header(etag::etag(n)).json(t))
}

/// Add or correct a translation (admins, hub coordinators). Never makes a new version.
/// Honours `If-Match`.
#[utoipa::path(tag = "instruments", operation_id = "put_instrument_texts", request_body = PutTexts,
    params(("key" = String, Path, description = "Instrument key"),
           ("version" = String, Path, description = "Version, or `current`"),
           ("language" = String, Path, description = "Language code"),
           ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = TextsDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/instruments/{key}/versions/{version}/texts/{language}")]
pub async fn put_instrument_texts(
    state: Data,
    p: Principal,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<PutTexts>,
) -> ApiResult<HttpResponse> {
    let expected = etag::if_match(&req)?;
    let (key, version, lang) = path.into_inner();
    let (t, n) = service::put_texts(
        &state.db,
        &p,
        &key,
        &version,
        &lang,
        body.into_inner(),
        expected,
    )
    .await?;
    Ok(HttpResponse::Ok().insert_header(etag::etag(n)).json(t))
}

/// Mark a translation draft or reviewed (admins, hub coordinators). Honours `If-Match`.
#[utoipa::path(tag = "instruments", operation_id = "set_instrument_texts_status", request_body = TextStatusPatch,
    params(("key" = String, Path, description = "Instrument key"),
           ("version" = String, Path, description = "Version, or `current`"),
           ("language" = String, Path, description = "Language code"),
           ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = TextsDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/instruments/{key}/versions/{version}/texts/{language}")]
pub async fn set_instrument_texts_status(
    state: Data,
    p: Principal,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
    body: web::Json<TextStatusPatch>,
) -> ApiResult<HttpResponse> {
    let expected = etag::if_match(&req)?;
    body.validate()?;
    let (key, version, lang) = path.into_inner();
    let (t, n) =
        service::set_text_status(&state.db, &p, &key, &version, &lang, &body.status, expected)
            .await?;
    Ok(HttpResponse::Ok().insert_header(etag::etag(n)).json(t))
}
