//! HTTP handlers of school readiness campaigns: management (school leaders) and the
//! anonymous respondent endpoints (no account; a group code and a response token).

use super::dto::*;
use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiError, ApiResult, Problem};
use crate::platform::etag;
use crate::platform::ratelimit::{Bucket, client_key};
use crate::platform::validate::text_language;
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, get, patch, post, put, web};
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangParam {
    /// Language of the texts (falls back to English where a translation has gaps).
    #[param(pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    pub lang: Option<String>,
}

fn response_token(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get("x-response-token")
        .and_then(|v| v.to_str().ok())
}

async fn limit_codes(state: &Data, req: &HttpRequest) -> ApiResult<()> {
    state
        .limits
        .check(
            Bucket::Code,
            &client_key(req, &state.config.trusted_proxies),
        )
        .await
}

/// Start a readiness campaign at a school (its leaders; admins). Each group gets its own
/// access code.
#[utoipa::path(tag = "campaigns", operation_id = "create_campaign", request_body = CampaignCreate,
    params(("id" = Uuid, Path, description = "School id")),
    responses(
        (status = 201, body = CampaignDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/schools/{id}/campaigns")]
pub async fn create_campaign(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<CampaignCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let c = service::create(&state.db, &p, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created()
        .insert_header(etag::etag(c.etag_version))
        .json(c))
}

/// A school's campaigns the caller may see (its leaders; coordinators and mentors when
/// shared with them), newest first.
#[utoipa::path(tag = "campaigns", operation_id = "list_school_campaigns",
    params(("id" = Uuid, Path, description = "School id")),
    responses(
        (status = 200, body = Vec<CampaignDto>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/schools/{id}/campaigns")]
pub async fn list_school_campaigns(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, &p, *id).await?))
}

/// One campaign with live participation per group (codes for those who manage it).
#[utoipa::path(tag = "campaigns", operation_id = "get_campaign",
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses(
        (status = 200, body = CampaignDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/campaigns/{id}")]
pub async fn get_campaign(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let c = service::get(&state.db, &p, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(c.etag_version))
        .json(c))
}

/// Choose focus items, share the report, or move the close date (the school's leaders).
#[utoipa::path(tag = "campaigns", operation_id = "update_campaign", request_body = CampaignPatch,
    params(("id" = Uuid, Path, description = "Campaign id"),
           ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = CampaignDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/campaigns/{id}")]
pub async fn update_campaign(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<CampaignPatch>,
) -> ApiResult<HttpResponse> {
    let expected = etag::if_match(&req)?;
    body.validate()?;
    let c = service::update(&state.db, &p, *id, body.into_inner(), expected).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(c.etag_version))
        .json(c))
}

/// Close a campaign before its close date (the school's leaders). 409 when closed.
#[utoipa::path(tag = "campaigns", operation_id = "close_campaign",
    params(("id" = Uuid, Path, description = "Campaign id")),
    responses(
        (status = 200, body = CampaignDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/campaigns/{id}/close")]
pub async fn close_campaign(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::close(&state.db, &p, *id).await?))
}

/// The school report: per area and item, each group's mean and distribution; anonymous
/// groups below the anonymity threshold are hidden with the reason.
#[utoipa::path(tag = "campaigns", operation_id = "get_campaign_report",
    params(("id" = Uuid, Path, description = "Campaign id"), LangParam),
    responses(
        (status = 200, body = CampaignReportDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/campaigns/{id}/report")]
pub async fn get_campaign_report(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<LangParam>,
) -> ApiResult<HttpResponse> {
    let lang = text_language(p.locale(), q.lang.as_deref());
    let k = u64::from(state.config.anonymity_threshold);
    Ok(HttpResponse::Ok().json(service::report(&state.db, &p, *id, &lang, k).await?))
}

/// The school report as CSV (aggregates only; hidden groups say why).
#[utoipa::path(tag = "campaigns", operation_id = "get_campaign_report_csv",
    params(("id" = Uuid, Path, description = "Campaign id"), LangParam),
    responses(
        (status = 200, description = "CSV", content_type = "text/csv", body = String),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/campaigns/{id}/report.csv")]
pub async fn get_campaign_report_csv(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<LangParam>,
) -> ApiResult<HttpResponse> {
    let lang = text_language(p.locale(), q.lang.as_deref());
    let k = u64::from(state.config.anonymity_threshold);
    let r = service::report(&state.db, &p, *id, &lang, k).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"readiness-{}.csv\"", r.campaign_id),
        ))
        .body(service::report_csv(&r)))
}

/// A QR code (SVG) of a group's link, to show in a classroom (the school's leaders).
#[utoipa::path(tag = "campaigns", operation_id = "get_campaign_qr",
    params(("id" = Uuid, Path, description = "Campaign id"),
           ("group" = String, Path, description = "Respondent group")),
    responses(
        (status = 200, description = "SVG", content_type = "image/svg+xml", body = String),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/campaigns/{id}/codes/{group}/qr.svg")]
pub async fn get_campaign_qr(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, String)>,
) -> ApiResult<HttpResponse> {
    let (id, group) = path.into_inner();
    let c = service::get(&state.db, &p, id).await?;
    let code = c
        .codes
        .iter()
        .find(|k| k.group == group)
        .ok_or_else(|| ApiError::not_found("Access code"))?;
    let url = format!(
        "{}{}",
        state.config.public_url.trim_end_matches('/'),
        code.path
    );
    let qr = qrcode::QrCode::new(url.as_bytes()).map_err(|e| ApiError::internal(e.to_string()))?;
    let svg = qr
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(240, 240)
        .build();
    Ok(HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header(("cache-control", "no-store"))
        .body(svg))
}

// ---------- anonymous respondents ----------

/// The questionnaire behind an access code, for its group. No account; rate-limited per
/// client address. 404 unknown code, 409 not open yet, 410 closed.
#[utoipa::path(tag = "respond", operation_id = "get_questionnaire",
    params(("code" = String, Path, description = "Access code, e.g. K7QX-M2PD-R8TW"), LangParam),
    responses(
        (status = 200, body = RespondFormDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 410, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[get("/respond/{code}")]
pub async fn get_questionnaire(
    state: Data,
    req: HttpRequest,
    code: web::Path<String>,
    q: web::Query<LangParam>,
) -> ApiResult<HttpResponse> {
    limit_codes(&state, &req).await?;
    let lang = text_language(None, q.lang.as_deref());
    Ok(HttpResponse::Ok().json(service::form(&state.db, &code, &lang).await?))
}

/// Begin an anonymous response. Keep the token on the device to resume.
#[utoipa::path(tag = "respond", operation_id = "start_response",
    params(("code" = String, Path, description = "Access code")),
    responses(
        (status = 201, body = ResponseStartedDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 410, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[post("/respond/{code}/responses")]
pub async fn start_response(
    state: Data,
    req: HttpRequest,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    limit_codes(&state, &req).await?;
    Ok(HttpResponse::Created().json(service::start_response(&state.writer, &code).await?))
}

/// Send a whole response in one request (kiosks, partners' forms, a page that has every
/// answer): each answer is checked as `put_response_answer` checks it, every required item
/// must be answered as `submit_response` requires, and the response is stored submitted —
/// all of it or nothing. No token is issued: a submitted response never changes.
#[utoipa::path(tag = "respond", operation_id = "submit_whole_response", request_body = ResponseSubmitWhole,
    params(("code" = String, Path, description = "Access code")),
    responses(
        (status = 201, body = ResponseDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 410, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[post("/respond/{code}/submissions")]
pub async fn submit_whole_response(
    state: Data,
    req: HttpRequest,
    code: web::Path<String>,
    body: web::Json<ResponseSubmitWhole>,
) -> ApiResult<HttpResponse> {
    limit_codes(&state, &req).await?;
    let r = service::submit_whole_response(&state.writer, &code, body.into_inner().answers).await?;
    Ok(HttpResponse::Created().json(r))
}

/// The answers of one's own response so far (with `X-Response-Token`).
#[utoipa::path(tag = "respond", operation_id = "get_response",
    params(("code" = String, Path, description = "Access code"),
           ("id" = Uuid, Path, description = "Response id"),
           ("X-Response-Token" = String, Header, description = "Token from start_response")),
    responses(
        (status = 200, body = ResponseDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 410, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[get("/respond/{code}/responses/{id}")]
pub async fn get_response(
    state: Data,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (code, id) = path.into_inner();
    Ok(HttpResponse::Ok()
        .json(service::get_response(&state.db, &code, id, response_token(&req)).await?))
}

/// Save one answer (idempotent). 409 after submitting, 410 after the campaign closed.
#[utoipa::path(tag = "respond", operation_id = "put_response_answer", request_body = ResponseAnswerPut,
    params(("code" = String, Path, description = "Access code"),
           ("id" = Uuid, Path, description = "Response id"),
           ("item_key" = String, Path, description = "Item key"),
           ("X-Response-Token" = String, Header, description = "Token from start_response")),
    responses(
        (status = 204, description = "Saved"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 410, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[put("/respond/{code}/responses/{id}/answers/{item_key}")]
pub async fn put_response_answer(
    state: Data,
    req: HttpRequest,
    path: web::Path<(String, Uuid, String)>,
    body: web::Json<ResponseAnswerPut>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let (code, id, item) = path.into_inner();
    service::put_answer(
        &state.writer,
        &code,
        id,
        response_token(&req),
        &item,
        &body.value,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Submit the response: every required item answered ("not applicable" counts).
#[utoipa::path(tag = "respond", operation_id = "submit_response",
    params(("code" = String, Path, description = "Access code"),
           ("id" = Uuid, Path, description = "Response id"),
           ("X-Response-Token" = String, Header, description = "Token from start_response")),
    responses(
        (status = 200, body = ResponseDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 410, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[post("/respond/{code}/responses/{id}/submit")]
pub async fn submit_response(
    state: Data,
    req: HttpRequest,
    path: web::Path<(String, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (code, id) = path.into_inner();
    Ok(HttpResponse::Ok()
        .json(service::submit_response(&state.writer, &code, id, response_token(&req)).await?))
}
