//! The `Principal` extractor: a bearer JWT naming an active person or machine client; and
//! `Caller`, its lighter form for hot writes.

use super::model::{ClientPrincipal, ClientScope, Principal};
use super::token::{Claims, SubjectKind};
use crate::error::{ApiError, ErrorCode};
use crate::state::Data;
use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

/// The bearer token's claims, checked for signature and expiry (401 otherwise).
fn claims_of(req: &HttpRequest) -> Result<(Data, Claims), ApiError> {
    let state = req
        .app_data::<Data>()
        .cloned()
        .ok_or_else(|| ApiError::internal("state missing"))?;
    let token = req
        .headers()
        .get(AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| {
            h.strip_prefix("Bearer ")
                .or_else(|| h.strip_prefix("bearer "))
        })
        .map(str::trim)
        .ok_or_else(|| {
            ApiError::unauthenticated(
                ErrorCode::Unauthenticated,
                "Sign in first: send an Authorization: Bearer token.",
            )
        })?;
    let claims = state.jwt.verify(token).ok_or_else(|| {
        ApiError::unauthenticated(
            ErrorCode::TokenInvalid,
            "The access token is invalid or has expired.",
        )
    })?;
    Ok((state, claims))
}

/// The active person or machine client the claims name (401 when there is none).
async fn principal(state: Data, claims: Claims) -> Result<Principal, ApiError> {
    match claims.kind {
        SubjectKind::Person => {
            let p = super::repo::load_principal(&state.db, claims.sub)
                .await?
                .ok_or_else(deactivated_person)?;
            Ok(Principal::Person(p))
        }
        SubjectKind::Client => {
            let c = super::repo::client(&state.db, claims.sub)
                .await?
                .filter(|c| c.active)
                .ok_or_else(|| {
                    ApiError::unauthenticated(
                        ErrorCode::AccountDeactivated,
                        "This client is not active.",
                    )
                })?;
            // The token's scopes can only narrow what the client holds now.
            let held = ClientScope::parse_list(&c.scopes);
            let scopes = match &claims.scope {
                Some(s) => ClientScope::parse_list(s)
                    .into_iter()
                    .filter(|x| held.contains(x))
                    .collect(),
                None => held,
            };
            Ok(Principal::Client(ClientPrincipal {
                id: c.id,
                name: c.name,
                scopes,
                hub_id: c.hub_id,
            }))
        }
    }
}

/// 401 for a person whose account is gone or deactivated.
pub fn deactivated_person() -> ApiError {
    ApiError::unauthenticated(ErrorCode::AccountDeactivated, "This account is not active.")
}

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let claims = claims_of(req);
        Box::pin(async move {
            let (state, claims) = claims?;
            principal(state, claims).await
        })
    }
}

/// The caller of a hot write (autosave), read from the database only when it is a machine
/// client. For a person, only the token is checked here (signature, expiry): the use case
/// checks in its own write transaction that the person is active (`deactivated_person`
/// otherwise), together with everything else it checks, so the request reads nothing
/// before it writes.
pub enum Caller {
    /// A person's token; whether the account is active is not known yet.
    Person(Uuid),
    /// Anyone else, loaded and checked as [`Principal`] is.
    Other(Principal),
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let claims = claims_of(req);
        Box::pin(async move {
            let (state, claims) = claims?;
            match claims.kind {
                SubjectKind::Person => Ok(Caller::Person(claims.sub)),
                SubjectKind::Client => Ok(Caller::Other(principal(state, claims).await?)),
            }
        })
    }
}
