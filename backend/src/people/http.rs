use super::dto::*;
use super::service;
use crate::auth::dto::LoginResponse;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::platform::pagination::{self, Cursor, Page};
use crate::platform::ratelimit::{Bucket, client_key};
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use uuid::Uuid;
use validator::Validate;

/// The signed-in person, with their roles.
#[utoipa::path(tag = "me", operation_id = "get_me",
    responses((status = 200, body = PersonDto), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/me")]
pub async fn get_me(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::me(&state.db, &p, state.mailer.is_some()).await?))
}

/// Change one's own name, interface language or whether notifications also come by e-mail.
#[utoipa::path(tag = "me", operation_id = "update_me", request_body = MePatch,
    responses(
        (status = 200, body = PersonDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/me")]
pub async fn update_me(
    state: Data,
    p: Principal,
    body: web::Json<MePatch>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(service::update_me(&state.db, &p, body.into_inner(), state.mailer.is_some()).await?))
}

/// People in the caller's scope (admins: all; coordinators: their hub; school leaders: their school).
#[utoipa::path(tag = "people", operation_id = "list_people", params(PeopleQuery),
    responses(
        (status = 200, body = Page<PersonDto>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/people")]
pub async fn list_people(
    state: Data,
    p: Principal,
    q: web::Query<PeopleQuery>,
) -> ApiResult<HttpResponse> {
    let limit = pagination::limit(q.limit)?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())?;
    Ok(HttpResponse::Ok().json(service::list_people(&state.db, &p, &q, limit, cursor).await?))
}

/// One person with their roles.
#[utoipa::path(tag = "people", operation_id = "get_person", params(("id" = Uuid, Path, description = "Person id")),
    responses((status = 200, body = PersonDto), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
#[get("/people/{id}")]
pub async fn get_person(state: Data, p: Principal, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let m = service::find_visible_person(&state.db, &p, *id).await?;
    Ok(HttpResponse::Ok().json(service::person_dto(&state.db, m).await?))
}

/// Grant a role in a scope the caller manages.
#[utoipa::path(tag = "people", operation_id = "grant_role", request_body = GrantCreate,
    params(("id" = Uuid, Path, description = "Person id")),
    responses(
        (status = 201, body = PersonDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/people/{id}/grants")]
pub async fn grant_role(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<GrantCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created()
        .json(service::grant_role(&state.db, &p, *id, body.into_inner()).await?))
}

/// Revoke a role.
#[utoipa::path(tag = "people", operation_id = "revoke_role",
    params(("id" = Uuid, Path, description = "Person id"), ("grant_id" = Uuid, Path, description = "Grant id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/people/{id}/grants/{grant_id}")]
pub async fn revoke_role(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (person, grant) = path.into_inner();
    service::revoke_grant(&state.db, &p, person, grant).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Deactivate a person: they can no longer sign in and their sessions end at once.
#[utoipa::path(tag = "people", operation_id = "deactivate_person", params(("id" = Uuid, Path, description = "Person id")),
    responses(
        (status = 200, body = PersonDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/people/{id}/deactivate")]
pub async fn deactivate_person(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::set_active(&state, &p, *id, false).await?))
}

/// Reactivate a deactivated person.
#[utoipa::path(tag = "people", operation_id = "reactivate_person", params(("id" = Uuid, Path, description = "Person id")),
    responses(
        (status = 200, body = PersonDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/people/{id}/reactivate")]
pub async fn reactivate_person(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::set_active(&state, &p, *id, true).await?))
}

/// Issue a one-time password-reset link for someone (admins); pass it on to them.
#[utoipa::path(tag = "people", operation_id = "issue_password_reset", params(("id" = Uuid, Path, description = "Person id")),
    responses(
        (status = 201, body = PasswordResetLink),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/people/{id}/password-reset")]
pub async fn issue_password_reset(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::issue_reset(&state, &p, *id).await?))
}

/// Invite someone by e-mail into a role in a scope the caller manages. Valid 7 days.
#[utoipa::path(tag = "invitations", operation_id = "create_invitation", request_body = InvitationCreate,
    responses(
        (status = 201, body = InvitationCreated),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/invitations")]
pub async fn create_invitation(
    state: Data,
    p: Principal,
    body: web::Json<InvitationCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created()
        .json(service::create_invitation(&state, &p, body.into_inner()).await?))
}

/// Invitations in the caller's scope, newest first.
#[utoipa::path(tag = "invitations", operation_id = "list_invitations", params(InvitationQuery),
    responses(
        (status = 200, body = Page<InvitationDto>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/invitations")]
pub async fn list_invitations(
    state: Data,
    p: Principal,
    q: web::Query<InvitationQuery>,
) -> ApiResult<HttpResponse> {
    let limit = pagination::limit(q.limit)?;
    let cursor = Cursor::decode_opt(q.cursor.as_deref())?;
    Ok(HttpResponse::Ok().json(service::list_invitations(&state.db, &p, &q, limit, cursor).await?))
}

/// Withdraw a pending invitation.
#[utoipa::path(tag = "invitations", operation_id = "revoke_invitation", params(("id" = Uuid, Path, description = "Invitation id")),
    responses(
        (status = 204, description = "Withdrawn"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/invitations/{id}")]
pub async fn revoke_invitation(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::revoke_invitation(&state.db, &p, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// What an invitation link offers, before accepting it. Rate-limited.
#[utoipa::path(tag = "invitations", operation_id = "preview_invitation", params(InvitationLookupQuery),
    responses(
        (status = 200, body = InvitationPreview),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[get("/invitations/preview")]
pub async fn preview_invitation(
    state: Data,
    req: HttpRequest,
    q: web::Query<InvitationLookupQuery>,
) -> ApiResult<HttpResponse> {
    state
        .limits
        .check(
            Bucket::Invitation,
            &client_key(&req, &state.config.trusted_proxies),
        )
        .await?;
    Ok(HttpResponse::Ok().json(service::preview_invitation(&state.db, &q.token).await?))
}

/// Accept an invitation: creates the account (or adds the role to an existing one) and
/// signs in. Rate-limited.
#[utoipa::path(tag = "invitations", operation_id = "accept_invitation", request_body = InvitationAccept,
    responses(
        (status = 200, body = LoginResponse),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 429, body = Problem, content_type = "application/problem+json"),
    ),
    security(()))]
#[post("/invitations/accept")]
pub async fn accept_invitation(
    state: Data,
    req: HttpRequest,
    body: web::Json<InvitationAccept>,
) -> ApiResult<HttpResponse> {
    state
        .limits
        .check(
            Bucket::Invitation,
            &client_key(&req, &state.config.trusted_proxies),
        )
        .await?;
    body.validate()?;
    let person = service::accept_invitation(&state.db, body.into_inner()).await?;
    crate::auth::http::signed_in(&state, person.id).await
}
