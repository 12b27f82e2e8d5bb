use super::dto::*;
use super::model::Principal;
use super::service;
use crate::error::{ApiError, ApiResult, ErrorCode, Problem};
use crate::platform::ratelimit::{Bucket, client_key};
use crate::state::{AppState, Data};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use sea_orm::EntityTrait;
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
    let person = crate::people::entity::person::Entity::find_by_id(person_id)
        .one(&state.db)
        .await?
        .ok_or_else(|| ApiError::internal("person vanished"))?;
    let user = crate::people::service::person_dto(&state.db, person).await?;
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
    state.limits.check(
        Bucket::Login,
        &client_key(&req, &state.config.trusted_proxies),
    )?;
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
    state.limits.check(
        Bucket::Reset,
        &client_key(&req, &state.config.trusted_proxies),
    )?;
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
    state.limits.check(
        Bucket::Reset,
        &client_key(&req, &state.config.trusted_proxies),
    )?;
    body.validate()?;
    service::confirm_reset(&state.db, body.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Machine clients of partners: OAuth 2.0 client-credentials grant.
#[utoipa::path(tag = "auth", operation_id = "client_token", request_body = TokenRequest,
    responses(
        (status = 200, body = TokenResponse),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[post("/auth/token")]
pub async fn client_token(
    state: Data,
    req: HttpRequest,
    body: web::Json<TokenRequest>,
) -> ApiResult<HttpResponse> {
    state.limits.check(
        Bucket::Login,
        &client_key(&req, &state.config.trusted_proxies),
    )?;
    body.validate()?;
    Ok(HttpResponse::Ok().json(service::client_token(&state, body.into_inner()).await?))
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
