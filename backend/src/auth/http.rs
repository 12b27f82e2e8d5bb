use super::dto::*;
use super::model::Principal;
use super::service;
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::platform::ratelimit::{Bucket, client_key};
use crate::state::{AppState, Data};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use uuid::Uuid;
use validator::Validate;

pub const REFRESH_COOKIE: &str = "ihub_refresh";
pub const COOKIE_PATH: &str = "/api/v1/auth";

fn refresh_cookie(state: &AppState, value: String) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.config.secure_cookies())
        .max_age(CookieDuration::days(state.config.refresh_token_ttl_days))
        .finish()
}

fn cleared_cookie(state: &AppState) -> Cookie<'static> {
    let mut c = refresh_cookie(state, String::new());
    c.make_removal();
    c
}

/// Start a session for a person: access token in the body, refresh token in the cookie.
pub async fn signed_in(state: &AppState, person_id: Uuid) -> ApiResult<HttpResponse> {
    let refresh_token = service::create_refresh(&state.db, state, person_id, None).await?;
    session_response(state, person_id, refresh_token).await
}

async fn session_response(
    state: &AppState,
    person_id: Uuid,
    refresh_token: String,
) -> ApiResult<HttpResponse> {
    let access = service::access_token(state, person_id)?;
    let user = crate::people::service::person_dto_by_id(&state.db, person_id).await?;
    Ok(HttpResponse::Ok()
        .cookie(refresh_cookie(state, refresh_token))
        .json(LoginResponse {
            access_token: access,
            token_type: "Bearer".into(),
            expires_in: state.config.access_token_ttl_secs,
            user,
        }))
}

/// Sign in with e-mail and password. Rate-limited per client address.
#[utoipa::path(tag = "auth", operation_id = "login", request_body = LoginRequest,
    responses(
        (status = 200, body = LoginResponse, headers(("Set-Cookie" = String, description = "The refresh token (HttpOnly)"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[post("/auth/login")]
pub async fn login(
    state: Data,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    state
        .limits
        .check(
            Bucket::Login,
            &client_key(&req, &state.config.trusted_proxies),
        )
        .await?;
    body.validate()?;
    let p = service::authenticate(&state.db, &body.email, &body.password).await?;
    signed_in(&state, p.id).await
}

/// Exchange the refresh cookie for a new access token; the cookie rotates. A reused
/// (already rotated) refresh token ends the whole session family.
#[utoipa::path(tag = "auth", operation_id = "refresh",
    responses(
        (status = 200, body = LoginResponse),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[post("/auth/refresh")]
pub async fn refresh(state: Data, req: HttpRequest) -> ApiResult<HttpResponse> {
    let Some(c) = req.cookie(REFRESH_COOKIE).filter(|c| !c.value().is_empty()) else {
        return Err(ApiError::unauthenticated(
            ErrorCode::RefreshTokenInvalid,
            "There is no session; sign in.",
        ));
    };
    match service::rotate(&state, c.value()).await {
        Ok((person_id, next)) => session_response(&state, person_id, next).await,
        Err(e) if e.status.as_u16() == 401 => {
            let mut res = actix_web::ResponseError::error_response(&e);
            let _ = res.add_cookie(&cleared_cookie(&state));
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

/// End the session of this browser.
#[utoipa::path(tag = "auth", operation_id = "logout",
    responses((status = 204, description = "Signed out")),
    security(()))]
#[post("/auth/logout")]
pub async fn logout(state: Data, req: HttpRequest) -> ApiResult<HttpResponse> {
    if let Some(c) = req.cookie(REFRESH_COOKIE) {
        service::logout(&state.db, c.value()).await?;
    }
    Ok(HttpResponse::NoContent()
        .cookie(cleared_cookie(&state))
        .finish())
}

/// Change one's own password. Ends every other session; this one continues.
#[utoipa::path(tag = "me", operation_id = "change_password", request_body = PasswordChange,
    responses(
        (status = 200, body = LoginResponse),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/me/password")]
pub async fn change_password(
    state: Data,
    p: Principal,
    body: web::Json<PasswordChange>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let id = service::change_password(&state.db, &p, body.into_inner()).await?;
    signed_in(&state, id).await
}

/// Ask for a password-reset link by e-mail. Always 202, whether or not the account exists.
#[utoipa::path(tag = "auth", operation_id = "request_password_reset", request_body = ResetRequest,
    responses(
        (status = 202, description = "If the account exists and e-mail is set up, a link is on its way"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[post("/auth/password-reset/request")]
pub async fn request_password_reset(
    state: Data,
    req: HttpRequest,
    body: web::Json<ResetRequest>,
) -> ApiResult<HttpResponse> {
    state
        .limits
        .check(
            Bucket::Reset,
            &client_key(&req, &state.config.trusted_proxies),
        )
        .await?;
    body.validate()?;
    service::request_reset(&state, &body.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Choose a new password with a one-time reset token. Ends every session.
#[utoipa::path(tag = "auth", operation_id = "confirm_password_reset", request_body = ResetConfirm,
    responses(
        (status = 204, description = "Password changed"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[post("/auth/password-reset/confirm")]
pub async fn confirm_password_reset(
    state: Data,
    req: HttpRequest,
    body: web::Json<ResetConfirm>,
) -> ApiResult<HttpResponse> {
    state
        .limits
        .check(
            Bucket::Reset,
            &client_key(&req, &state.config.trusted_proxies),
        )
        .await?;
    body.validate()?;
    service::confirm_reset(&state.db, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Machine clients of partners: the OAuth 2.0 client-credentials grant (RFC 6749 §4.4).
/// Send `grant_type=client_credentials` form-encoded (or as JSON), authenticate with HTTP
/// Basic or `client_id`/`client_secret` in the body. Errors are RFC 6749 §5.2 JSON
/// (`{"error": "invalid_client", …}`) so that standard OAuth libraries understand them.
#[utoipa::path(tag = "auth", operation_id = "client_token",
    request_body(content(
        (TokenRequest = "application/x-www-form-urlencoded"),
        (TokenRequest = "application/json"),
    )),
    responses(
        (status = 200, body = TokenResponse),
        (status = 400, body = OAuthError),
        (status = 401, body = OAuthError),
        (status = 415, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("basic" = [])))]
#[post("/auth/token")]
pub async fn client_token(
    state: Data,
    req: HttpRequest,
    body: web::Bytes,
) -> ApiResult<HttpResponse> {
    state
        .limits
        .check(
            Bucket::Login,
            &client_key(&req, &state.config.trusted_proxies),
        )
        .await?;
    let basic = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        })
        .map(str::trim);
    let answer = match token_request(&req, &body, basic) {
        Ok(input) => service::client_token(&state, input).await,
        Err(e) => Err(e),
    };
    Ok(match answer {
        Ok(t) => HttpResponse::Ok()
            .insert_header(("cache-control", "no-store"))
            .json(t),
        Err(e)
            if e.status.as_u16() == 429
                || e.status.is_server_error()
                || e.status.as_u16() == 415 =>
        {
            return Err(e);
        }
        Err(e) => oauth_error(&e, basic.is_some()),
    })
}

/// The grant request from a form or JSON body and, if sent, HTTP Basic credentials.
fn token_request(req: &HttpRequest, body: &[u8], basic: Option<&str>) -> ApiResult<TokenRequest> {
    let ct = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bad = |m: &str| ApiError::bad_request(ErrorCode::InvalidJson, m.to_string());
    let mut input: TokenRequest = if ct.starts_with("application/x-www-form-urlencoded") {
        let text = std::str::from_utf8(body).map_err(|_| bad("The form is not UTF-8."))?;
        web::Query::<TokenRequest>::from_query(text)
            .map_err(|e| bad(&format!("The form is not valid: {e}")))?
            .into_inner()
    } else if ct.starts_with("application/json") {
        serde_json::from_slice(body)
            .map_err(|e| bad(&format!("The body is not valid JSON: {e}")))?
    } else {
        return Err(ApiError::new(
            actix_web::http::StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::UnsupportedMediaType,
            "Send the grant as application/x-www-form-urlencoded (or application/json).",
        ));
    };
    if let Some(b) = basic {
        use base64::Engine;
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(b)
            .ok()
            .and_then(|d| String::from_utf8(d).ok())
            .ok_or_else(|| {
                ApiError::unauthenticated(
                    ErrorCode::InvalidCredentials,
                    "The Basic credentials cannot be read.",
                )
            })?;
        let (id, secret) = decoded.split_once(':').ok_or_else(|| {
            ApiError::unauthenticated(
                ErrorCode::InvalidCredentials,
                "The Basic credentials cannot be read.",
            )
        })?;
        // RFC 6749 §2.3.1: both parts are form-encoded before they are joined.
        let (id, secret) = (form_decode(id), form_decode(secret));
        if input.client_id.as_ref().is_some_and(|x| *x != id) {
            return Err(ApiError::field(
                "client_id",
                "conflict",
                "The client id in the body differs from the one in the Authorization header.",
            ));
        }
        input.client_id = Some(id);
        input.client_secret = Some(secret);
    }
    input.validate()?;
    Ok(input)
}

/// `application/x-www-form-urlencoded` decoding of one value (`+` is a space).
fn form_decode(s: &str) -> String {
    web::Query::<std::collections::HashMap<String, String>>::from_query(&format!("v={s}"))
        .ok()
        .and_then(|q| q.into_inner().remove("v"))
        .unwrap_or_else(|| s.to_string())
}

/// An API error in RFC 6749 §5.2 words (problem fields kept beside them).
fn oauth_error(e: &ApiError, used_basic: bool) -> HttpResponse {
    let fields = e.errors.as_deref().unwrap_or_default();
    let (status, error) = match e.code {
        ErrorCode::InvalidCredentials | ErrorCode::AccountDeactivated => (401, "invalid_client"),
        _ if fields.iter().any(|f| f.code == "invalid_scope") => (400, "invalid_scope"),
        _ if fields
            .iter()
            .any(|f| f.field == "grant_type" && f.code == "unsupported") =>
        {
            (400, "unsupported_grant_type")
        }
        _ => (400, "invalid_request"),
    };
    let detail = match fields.first() {
        Some(f) => format!("{}: {}", f.field, f.message),
        None => e.detail.clone().unwrap_or_default(),
    };
    let mut res = HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::BAD_REQUEST),
    );
    res.insert_header(("cache-control", "no-store"));
    if status == 401 && used_basic {
        res.insert_header(("www-authenticate", "Basic realm=\"ihub\""));
    }
    res.json(OAuthError {
        error: error.into(),
        error_description: detail.clone(),
        status,
        code: e.code.as_str().into(),
        title: if status == 401 {
            "Unauthorized"
        } else {
            "Bad Request"
        }
        .into(),
        detail,
    })
}

/// Partners' machine clients (admins).
#[utoipa::path(tag = "clients", operation_id = "list_clients",
    responses((status = 200, body = Vec<ClientDto>), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/clients")]
pub async fn list_clients(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list_clients(&state.db, &p).await?))
}

/// Register a machine client; its secret is shown once (admins).
#[utoipa::path(tag = "clients", operation_id = "create_client", request_body = ClientCreate,
    responses(
        (status = 201, body = ClientCreated),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/clients")]
pub async fn create_client(
    state: Data,
    p: Principal,
    body: web::Json<ClientCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created()
        .json(service::create_client(&state.db, &p, body.into_inner()).await?))
}

/// Switch a machine client off; its tokens stop working at once (admins).
#[utoipa::path(tag = "clients", operation_id = "deactivate_client", params(("id" = Uuid, Path, description = "Client id")),
    responses(
        (status = 200, body = ClientDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/clients/{id}/deactivate")]
pub async fn deactivate_client(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::deactivate_client(&state.db, &p, *id).await?))
}
