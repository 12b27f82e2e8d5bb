//! Sign-in, refresh-token rotation with reuse detection, passwords, machine clients.

use super::dto::*;
use super::entity::{machine_client, password_reset, refresh_token};
use super::model::{ClientScope, Principal};
use super::policy::{self, Action};
use super::repo;
use super::{password, token};
use crate::audit::service::{self as audit, Actor, Where};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::people::entity::person;
use crate::platform::validate::normalise_email;
use crate::state::AppState;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

pub const RESET_HOURS: i64 = 24;

fn bad_credentials() -> ApiError {
    ApiError::unauthenticated(
        ErrorCode::InvalidCredentials,
        "The e-mail or password is wrong.",
    )
}

/// Check e-mail and password; returns the person.
pub async fn authenticate(
    db: &DatabaseConnection,
    email: &str,
    password_text: &str,
) -> ApiResult<person::Model> {
    let email = normalise_email(email);
    let found = crate::people::repo::by_email(db, &email).await?;
    let Some(p) = found else {
        password::dummy_verify(password_text);
        return Err(bad_credentials());
    };
    let ok = p
        .password_hash
        .as_deref()
        .is_some_and(|h| password::verify(h, password_text));
    if !ok {
        return Err(bad_credentials());
    }
    if !p.active {
        return Err(ApiError::unauthenticated(
            ErrorCode::AccountDeactivated,
            "This account has been deactivated.",
        ));
    }
    Ok(p)
}

/// A new refresh token (returned in clear once) in a family.
pub async fn create_refresh(
    db: &impl ConnectionTrait,
    state: &AppState,
    person_id: Uuid,
    family: Option<Uuid>,
) -> ApiResult<String> {
    let t = token::random_token(32);
    let now = chrono::Utc::now();
    repo::insert_refresh(
        db,
        refresh_token::Model {
            id: Uuid::now_v7(),
            person_id,
            family_id: family.unwrap_or_else(Uuid::new_v4),
            token_hash: token::hash_token(&t),
            created_at: now,
            expires_at: now + chrono::Duration::days(state.config.refresh_token_ttl_days),
            used_at: None,
            revoked_at: None,
        },
    )
    .await?;
    Ok(t)
}

pub fn access_token(state: &AppState, person_id: Uuid) -> ApiResult<String> {
    state
        .jwt
        .issue(
            person_id,
            token::SubjectKind::Person,
            state.config.access_token_ttl_secs,
            None,
        )
        .map_err(ApiError::internal)
}

fn invalid_refresh() -> ApiError {
    ApiError::unauthenticated(
        ErrorCode::RefreshTokenInvalid,
        "The session has ended; sign in again.",
    )
}

/// Rotate a refresh token. A token that was already used revokes its whole family.
pub async fn rotate(state: &AppState, presented: &str) -> ApiResult<(Uuid, String)> {
    let db = &state.db;
    let hash = token::hash_token(presented);
    let txn = crate::db::write(db).await?;
    let found = repo::refresh_by_hash(&txn, &hash)
        .await?
        .ok_or_else(invalid_refresh)?;
    let now = chrono::Utc::now();
    if found.revoked_at.is_some() || found.expires_at <= now {
        return Err(invalid_refresh());
    }
    if !repo::claim_refresh(&txn, found.id, now).await? {
        // Reuse of a rotated token: somebody else may hold it. End the whole family.
        repo::revoke_family(&txn, found.family_id, now).await?;
        audit::record(
            &txn,
            Actor::person(found.person_id),
            "session.refresh_reuse_detected",
            ("person", Some(found.person_id)),
            Where::default(),
            serde_json::Value::Null,
        )
        .await?;
        txn.commit().await?;
        return Err(ApiError::unauthenticated(
            ErrorCode::RefreshTokenReused,
            "This session was used elsewhere and has been ended for safety; sign in again.",
        ));
    }
    let p = crate::people::repo::person(&txn, found.person_id).await?;
    if !p.is_some_and(|p| p.active) {
        return Err(invalid_refresh());
    }
    let next = create_refresh(&txn, state, found.person_id, Some(found.family_id)).await?;
    txn.commit().await?;
    Ok((found.person_id, next))
}

pub async fn logout(db: &DatabaseConnection, presented: &str) -> ApiResult<()> {
    let hash = token::hash_token(presented);
    if let Some(t) = repo::refresh_by_hash(db, &hash).await? {
        repo::revoke_family(db, t.family_id, chrono::Utc::now()).await?;
    }
    Ok(())
}

pub async fn revoke_all_sessions(db: &impl ConnectionTrait, person_id: Uuid) -> ApiResult<()> {
    repo::revoke_sessions_of(db, person_id, chrono::Utc::now()).await
}

async fn set_password(
    db: &impl ConnectionTrait,
    p: person::Model,
    new_password: &str,
) -> ApiResult<()> {
    if let Some(w) = password::check(new_password, Some(&p.email)) {
        return Err(ApiError::field("new_password", w.code(), w.message()));
    }
    let hash = password::hash(new_password).map_err(ApiError::internal)?;
    repo::set_password_hash(db, p.id, &hash, chrono::Utc::now()).await?;
    revoke_all_sessions(db, p.id).await
}

pub async fn change_password(
    db: &DatabaseConnection,
    p: &Principal,
    input: PasswordChange,
) -> ApiResult<Uuid> {
    let Principal::Person(me) = p else {
        return Err(ApiError::forbidden("Machine clients have no password."));
    };
    let txn = crate::db::write(db).await?;
    let current = repo::person_locked(&txn, me.id)
        .await?
        .ok_or_else(|| ApiError::not_found("Person"))?;
    let ok = current
        .password_hash
        .as_deref()
        .is_some_and(|h| password::verify(h, &input.current_password));
    if !ok {
        return Err(ApiError::field(
            "current_password",
            "wrong_password",
            "The current password is wrong.",
        ));
    }
    set_password(&txn, current, &input.new_password).await?;
    audit::record(
        &txn,
        p.into(),
        "password.changed",
        ("person", Some(me.id)),
        Where::default(),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(me.id)
}

/// A one-time reset token (returned in clear once), valid for a day.
pub async fn create_reset(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    created_by: Option<Uuid>,
) -> ApiResult<(String, chrono::DateTime<chrono::Utc>)> {
    let t = token::random_token(32);
    let now = chrono::Utc::now();
    let expires = now + chrono::Duration::hours(RESET_HOURS);
    repo::insert_reset(
        db,
        password_reset::Model {
            id: Uuid::now_v7(),
            person_id,
            token_hash: token::hash_token(&t),
            created_at: now,
            expires_at: expires,
            used_at: None,
            created_by,
        },
    )
    .await?;
    Ok((t, expires))
}

/// Send a reset link if the account exists and e-mail is configured. Never tells which.
pub async fn request_reset(state: &AppState, email: &str) -> ApiResult<()> {
    let Some(mailer) = &state.mailer else {
        return Ok(());
    };
    let email = normalise_email(email);
    let Some(p) = crate::people::repo::by_email(&state.db, &email)
        .await?
        .filter(|p| p.active)
    else {
        return Ok(());
    };
    let (t, _) = create_reset(&state.db, p.id, None).await?;
    let url = format!("{}/reset-password#token={t}", state.config.public_url);
    let body = format!(
        "Someone asked to reset the password of your iHub account.\n\nOpen this link within {RESET_HOURS} hours to choose a new one:\n{url}\n\nIf it was not you, ignore this message; your password stays as it is.\n"
    );
    if let Err(e) = mailer.send(&email, "Reset your iHub password", body).await {
        tracing::warn!(error = %e, "password reset e-mail failed");
    }
    Ok(())
}

pub async fn confirm_reset(db: &DatabaseConnection, input: ResetConfirm) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    let invalid = || {
        ApiError::bad_request(
            ErrorCode::ResetTokenInvalid,
            "This reset link is not valid or has expired; ask for a new one.",
        )
    };
    // Locked: two requests with the same link at once — the second sees it used.
    let r = repo::reset_locked(&txn, &token::hash_token(&input.token))
        .await?
        .ok_or_else(invalid)?;
    let now = chrono::Utc::now();
    if r.used_at.is_some() || r.expires_at <= now {
        return Err(invalid());
    }
    let p = crate::people::repo::person(&txn, r.person_id)
        .await?
        .filter(|p| p.active)
        .ok_or_else(invalid)?;
    let pid = p.id;
    set_password(&txn, p, &input.new_password).await?;
    // Every outstanding reset link of this person ends with this one.
    repo::use_resets_of(&txn, pid, now).await?;
    audit::record(
        &txn,
        Actor::person(pid),
        "password.reset",
        ("person", Some(pid)),
        Where::default(),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- machine clients ----------

fn client_dto(c: machine_client::Model) -> ClientDto {
    ClientDto {
        scopes: ClientScope::parse_list(&c.scopes),
        id: c.id,
        name: c.name,
        client_id: c.client_id,
        hub_id: c.hub_id,
        active: c.active,
        created_at: c.created_at,
        last_used_at: c.last_used_at,
    }
}

pub async fn client_token(state: &AppState, input: TokenRequest) -> ApiResult<TokenResponse> {
    if input.grant_type != "client_credentials" {
        return Err(ApiError::field(
            "grant_type",
            "unsupported",
            "Only client_credentials is supported.",
        ));
    }
    let bad = || {
        ApiError::unauthenticated(
            ErrorCode::InvalidCredentials,
            "The client id or secret is wrong.",
        )
    };
    let (Some(client_id), Some(secret)) = (input.client_id.clone(), input.client_secret.clone())
    else {
        return Err(ApiError::unauthenticated(
            ErrorCode::InvalidCredentials,
            "Authenticate the client: HTTP Basic, or client_id and client_secret in the body.",
        ));
    };
    let c = repo::client_by_client_id(&state.db, &client_id).await?;
    let Some(c) = c else {
        password::dummy_verify(&secret);
        return Err(bad());
    };
    if !password::verify(&c.secret_hash, &secret) || !c.active {
        return Err(bad());
    }
    let held = ClientScope::parse_list(&c.scopes);
    let granted: Vec<ClientScope> = match &input.scope {
        None => held,
        Some(s) => {
            let asked: Vec<&str> = s.split_whitespace().collect();
            let mut out = Vec::new();
            for a in asked {
                match ClientScope::parse(a) {
                    Some(x) if held.contains(&x) => out.push(x),
                    _ => {
                        return Err(ApiError::field(
                            "scope",
                            "invalid_scope",
                            format!("The client does not hold the scope {a:?}."),
                        ));
                    }
                }
            }
            out
        }
    };
    let scope = granted
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let ttl = state.config.access_token_ttl_secs;
    let t = state
        .jwt
        .issue(c.id, token::SubjectKind::Client, ttl, Some(scope.clone()))
        .map_err(ApiError::internal)?;
    repo::client_used(&state.db, c.id, chrono::Utc::now()).await?;
    Ok(TokenResponse {
        access_token: t,
        token_type: "Bearer".into(),
        expires_in: ttl,
        scope,
    })
}

pub async fn list_clients(db: &DatabaseConnection, p: &Principal) -> ApiResult<Vec<ClientDto>> {
    policy::must_allow(p, Action::ClientsManage)?;
    Ok(repo::clients(db)
        .await?
        .into_iter()
        .map(client_dto)
        .collect())
}

pub async fn create_client(
    db: &DatabaseConnection,
    p: &Principal,
    input: ClientCreate,
) -> ApiResult<ClientCreated> {
    policy::must_allow(p, Action::ClientsManage)?;
    let txn = crate::db::write(db).await?;
    if let Some(h) = input.hub_id {
        crate::directory::service::find_visible_hub(&txn, p, h)
            .await
            .map_err(|_| ApiError::field("hub_id", "not_found", "No such hub."))?;
    }
    let secret = token::random_token(32);
    let id = Uuid::now_v7();
    let mut scopes: Vec<&str> = input.scopes.iter().map(|s| s.as_str()).collect();
    scopes.sort();
    scopes.dedup();
    let c = repo::insert_client(
        &txn,
        machine_client::Model {
            id,
            name: input.name.trim().to_string(),
            client_id: format!("ihub_{}", token::random_token(12)),
            secret_hash: password::hash(&secret).map_err(ApiError::internal)?,
            scopes: scopes.join(" "),
            hub_id: input.hub_id,
            active: true,
            created_at: chrono::Utc::now(),
            created_by: Some(p.id()),
            last_used_at: None,
        },
    )
    .await?;
    audit::record(
        &txn,
        p.into(),
        "client.created",
        ("client", Some(id)),
        Where {
            hub_id: input.hub_id,
            school_id: None,
        },
        serde_json::json!({"scopes": c.scopes}),
    )
    .await?;
    txn.commit().await?;
    Ok(ClientCreated {
        client: client_dto(c),
        client_secret: secret,
    })
}

pub async fn deactivate_client(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
) -> ApiResult<ClientDto> {
    policy::must_allow(p, Action::ClientsManage)?;
    let txn = crate::db::write(db).await?;
    let c = repo::deactivate_client(&txn, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Client"))?;
    let hub_id = c.hub_id;
    audit::record(
        &txn,
        p.into(),
        "client.deactivated",
        ("client", Some(id)),
        Where {
            hub_id,
            school_id: None,
        },
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(client_dto(c))
}
