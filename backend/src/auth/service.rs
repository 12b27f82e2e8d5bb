//! Sign-in, refresh-token rotation with reuse detection, passwords, machine clients.

use super::dto::*;
use super::entity::{machine_client, password_reset, refresh_token};
use super::model::{ClientScope, Principal};
use super::policy::{self, Action};
use super::{password, token};
use crate::audit::service::{self as audit, Actor, Where};
use crate::db::ForWrite;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::people::entity::person;
use crate::platform::validate::normalise_email;
use crate::state::AppState;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
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
    let found = person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(db)
        .await?;
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
    refresh_token::ActiveModel {
        id: Set(Uuid::now_v7()),
        person_id: Set(person_id),
        family_id: Set(family.unwrap_or_else(Uuid::new_v4)),
        token_hash: Set(token::hash_token(&t)),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::days(state.config.refresh_token_ttl_days)),
        used_at: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
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
    let found = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .one(&txn)
        .await?
        .ok_or_else(invalid_refresh)?;
    let now = chrono::Utc::now();
    if found.revoked_at.is_some() || found.expires_at <= now {
        return Err(invalid_refresh());
    }
    let claimed = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(found.id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(&txn)
        .await?;
    if claimed.rows_affected != 1 {
        // Reuse of a rotated token: somebody else may hold it. End the whole family.
        refresh_token::Entity::update_many()
            .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
            .filter(refresh_token::Column::FamilyId.eq(found.family_id))
            .filter(refresh_token::Column::RevokedAt.is_null())
            .exec(&txn)
            .await?;
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
    let p = person::Entity::find_by_id(found.person_id)
        .one(&txn)
        .await?;
    if !p.is_some_and(|p| p.active) {
        return Err(invalid_refresh());
    }
    let next = create_refresh(&txn, state, found.person_id, Some(found.family_id)).await?;
    txn.commit().await?;
    Ok((found.person_id, next))
}

pub async fn logout(db: &DatabaseConnection, presented: &str) -> ApiResult<()> {
    let hash = token::hash_token(presented);
    if let Some(t) = refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .one(db)
        .await?
    {
        refresh_token::Entity::update_many()
            .col_expr(
                refresh_token::Column::RevokedAt,
                Expr::value(chrono::Utc::now()),
            )
            .filter(refresh_token::Column::FamilyId.eq(t.family_id))
            .filter(refresh_token::Column::RevokedAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(())
}

pub async fn revoke_all_sessions(db: &impl ConnectionTrait, person_id: Uuid) -> ApiResult<()> {
    refresh_token::Entity::update_many()
        .col_expr(
            refresh_token::Column::RevokedAt,
            Expr::value(chrono::Utc::now()),
        )
        .filter(refresh_token::Column::PersonId.eq(person_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
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
    let id = p.id;
    let version = p.version;
    let mut m: person::ActiveModel = p.into();
    m.password_hash = Set(Some(hash));
    m.updated_at = Set(chrono::Utc::now());
    m.version = Set(version + 1);
    m.update(db).await?;
    revoke_all_sessions(db, id).await
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
    let current = person::Entity::find_by_id(me.id)
        .for_write()
        .one(&txn)
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
    password_reset::ActiveModel {
        id: Set(Uuid::now_v7()),
        person_id: Set(person_id),
        token_hash: Set(token::hash_token(&t)),
        created_at: Set(now),
        expires_at: Set(expires),
        used_at: Set(None),
        created_by: Set(created_by),
    }
    .insert(db)
    .await?;
    Ok((t, expires))
}

/// Send a reset link if the account exists and e-mail is configured. Never tells which.
pub async fn request_reset(state: &AppState, email: &str) -> ApiResult<()> {
    let Some(mailer) = &state.mailer else {
        return Ok(());
    };
    let email = normalise_email(email);
    let Some(p) = person::Entity::find()
        .filter(person::Column::Email.eq(email.clone()))
        .one(&state.db)
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
    let r = password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(token::hash_token(&input.token)))
        .for_write()
        .one(&txn)
        .await?
        .ok_or_else(invalid)?;
    let now = chrono::Utc::now();
    if r.used_at.is_some() || r.expires_at <= now {
        return Err(invalid());
    }
    let p = person::Entity::find_by_id(r.person_id)
        .one(&txn)
        .await?
        .filter(|p| p.active)
        .ok_or_else(invalid)?;
    let pid = p.id;
    set_password(&txn, p, &input.new_password).await?;
    // Every outstanding reset link of this person ends with this one.
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::PersonId.eq(pid))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(&txn)
        .await?;
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
    let c = machine_client::Entity::find()
        .filter(machine_client::Column::ClientId.eq(client_id))
        .one(&state.db)
        .await?;
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
    let mut m: machine_client::ActiveModel = c.into();
    m.last_used_at = Set(Some(chrono::Utc::now()));
    m.update(&state.db).await?;
    Ok(TokenResponse {
        access_token: t,
        token_type: "Bearer".into(),
        expires_in: ttl,
        scope,
    })
}

pub async fn list_clients(db: &DatabaseConnection, p: &Principal) -> ApiResult<Vec<ClientDto>> {
    policy::must_allow(p, Action::ClientsManage)?;
    Ok(machine_client::Entity::find()
        .order_by_asc(machine_client::Column::Name)
        .all(db)
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
    let c = machine_client::ActiveModel {
        id: Set(id),
        name: Set(input.name.trim().to_string()),
        client_id: Set(format!("ihub_{}", token::random_token(12))),
        secret_hash: Set(password::hash(&secret).map_err(ApiError::internal)?),
        scopes: Set(scopes.join(" ")),
        hub_id: Set(input.hub_id),
        active: Set(true),
        created_at: Set(chrono::Utc::now()),
        created_by: Set(Some(p.id())),
        last_used_at: Set(None),
    }
    .insert(&txn)
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
    let c = machine_client::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("Client"))?;
    let hub_id = c.hub_id;
    let mut m: machine_client::ActiveModel = c.into();
    m.active = Set(false);
    let c = m.update(&txn).await?;
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
