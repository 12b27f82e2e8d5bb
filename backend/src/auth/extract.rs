//! The `Principal` extractor: a bearer JWT naming an active person or machine client.

use super::model::{ClientPrincipal, ClientScope, Principal};
use super::token::SubjectKind;
use crate::error::{ApiError, ErrorCode};
use crate::state::Data;
use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

impl FromRequest for Principal {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<Data>().cloned();
        let header = req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("state missing"))?;
            let token = header
                .as_deref()
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
            match claims.kind {
                SubjectKind::Person => {
                    let p = super::repo::load_principal(&state.db, claims.sub)
                        .await?
                        .ok_or_else(|| {
                            ApiError::unauthenticated(
                                ErrorCode::AccountDeactivated,
                                "This account is not active.",
                            )
                        })?;
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
        })
    }
}
