//! Auth's queries. Who is calling: the person behind an access token, with their role
//! grants, or a machine client. Identity is auth's; the people feature owns the records,
//! not the loading of a principal.

use super::entity::{machine_client, password_reset, refresh_token};
use super::model::{Grant, PersonPrincipal};
use crate::db::ForWrite;
use crate::error::ApiResult;
use crate::people::entity::{person, role_grant};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

/// The active person behind an access token, with grants; `None` if missing or inactive.
pub async fn load_principal(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<PersonPrincipal>> {
    // One statement on every authenticated request: the person joined with their grants
    // (a row per grant, one row with no grant columns for a person without any).
    let q = Query::select()
        .columns([
            (person::Entity, person::Column::Email),
            (person::Entity, person::Column::Name),
            (person::Entity, person::Column::Locale),
        ])
        .expr_as(
            Expr::col((role_grant::Entity, role_grant::Column::Id)),
            Alias::new("grant_id"),
        )
        .columns([
            (role_grant::Entity, role_grant::Column::Role),
            (role_grant::Entity, role_grant::Column::HubId),
            (role_grant::Entity, role_grant::Column::SchoolId),
        ])
        .from(person::Entity)
        .left_join(
            role_grant::Entity,
            Expr::col((role_grant::Entity, role_grant::Column::PersonId))
                .equals((person::Entity, person::Column::Id)),
        )
        .and_where(Expr::col((person::Entity, person::Column::Id)).eq(id))
        .and_where(Expr::col((person::Entity, person::Column::Active)).eq(true))
        .to_owned();
    let rows = db.query_all(&q).await?;
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let mut grants = Vec::with_capacity(rows.len());
    for r in &rows {
        let Some(grant_id) = r.try_get::<Option<Uuid>>("", "grant_id")? else {
            continue;
        };
        let role: String = r.try_get("", "role")?;
        grants.push(Grant {
            id: grant_id,
            role: crate::platform::enums::known(&role)?,
            hub_id: r.try_get("", "hub_id")?,
            school_id: r.try_get("", "school_id")?,
        });
    }
    Ok(Some(PersonPrincipal {
        id,
        email: first.try_get("", "email")?,
        name: first.try_get("", "name")?,
        locale: first.try_get("", "locale")?,
        grants,
    }))
}

/// A machine client by id.
pub async fn client(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<machine_client::Model>> {
    Ok(machine_client::Entity::find_by_id(id).one(db).await?)
}

/// A machine client by its public client id.
pub async fn client_by_client_id(
    db: &impl ConnectionTrait,
    client_id: &str,
) -> ApiResult<Option<machine_client::Model>> {
    Ok(machine_client::Entity::find()
        .filter(machine_client::Column::ClientId.eq(client_id))
        .one(db)
        .await?)
}

/// Every machine client, by name.
pub async fn clients(db: &impl ConnectionTrait) -> ApiResult<Vec<machine_client::Model>> {
    Ok(machine_client::Entity::find()
        .order_by_asc(machine_client::Column::Name)
        .all(db)
        .await?)
}

pub async fn insert_client(
    db: &impl ConnectionTrait,
    c: machine_client::Model,
) -> ApiResult<machine_client::Model> {
    Ok(c.into_active_model().insert(db).await?)
}

/// A client's last use recorded (only that column: a deactivation at the same moment
/// stays).
pub async fn client_used(db: &impl ConnectionTrait, id: Uuid, now: DateTime<Utc>) -> ApiResult<()> {
    use sea_orm::sea_query::Expr;
    machine_client::Entity::update_many()
        .col_expr(machine_client::Column::LastUsedAt, Expr::value(Some(now)))
        .filter(machine_client::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A client deactivated; the client as it is now, if it exists.
pub async fn deactivate_client(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<machine_client::Model>> {
    use sea_orm::sea_query::Expr;
    Ok(machine_client::Entity::update_many()
        .col_expr(machine_client::Column::Active, Expr::value(false))
        .filter(machine_client::Column::Id.eq(id))
        .exec_with_returning(db)
        .await?
        .into_iter()
        .next())
}

pub async fn insert_refresh(db: &impl ConnectionTrait, t: refresh_token::Model) -> ApiResult<()> {
    refresh_token::Entity::insert(t.into_active_model())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn refresh_by_hash(
    db: &impl ConnectionTrait,
    hash: &str,
) -> ApiResult<Option<refresh_token::Model>> {
    Ok(refresh_token::Entity::find()
        .filter(refresh_token::Column::TokenHash.eq(hash))
        .one(db)
        .await?)
}

/// Mark a refresh token used, unless it was used or revoked already: whether this call did.
pub async fn claim_refresh(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<bool> {
    use sea_orm::sea_query::Expr;
    let r = refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::UsedAt, Expr::value(now))
        .filter(refresh_token::Column::Id.eq(id))
        .filter(refresh_token::Column::UsedAt.is_null())
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Every live token of a family revoked.
pub async fn revoke_family(
    db: &impl ConnectionTrait,
    family: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    use sea_orm::sea_query::Expr;
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::FamilyId.eq(family))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Every live token of a person revoked.
pub async fn revoke_sessions_of(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    use sea_orm::sea_query::Expr;
    refresh_token::Entity::update_many()
        .col_expr(refresh_token::Column::RevokedAt, Expr::value(now))
        .filter(refresh_token::Column::PersonId.eq(person_id))
        .filter(refresh_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// A person, their row locked until the transaction ends.
pub async fn person_locked(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<person::Model>> {
    Ok(person::Entity::find_by_id(id).for_write().one(db).await?)
}

/// A person's new password hash (and a new version of the person's record); only those
/// columns, so an edit of the profile at the same moment stays.
pub async fn set_password_hash(
    db: &impl ConnectionTrait,
    id: Uuid,
    hash: &str,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    use sea_orm::sea_query::{Expr, ExprTrait};
    person::Entity::update_many()
        .col_expr(
            person::Column::PasswordHash,
            Expr::value(Some(hash.to_string())),
        )
        .col_expr(person::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            person::Column::Version,
            Expr::col(person::Column::Version).add(1),
        )
        .filter(person::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn insert_reset(db: &impl ConnectionTrait, r: password_reset::Model) -> ApiResult<()> {
    password_reset::Entity::insert(r.into_active_model())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// A reset link by its hash, its row locked until the transaction ends.
pub async fn reset_locked(
    db: &impl ConnectionTrait,
    hash: &str,
) -> ApiResult<Option<password_reset::Model>> {
    Ok(password_reset::Entity::find()
        .filter(password_reset::Column::TokenHash.eq(hash))
        .for_write()
        .one(db)
        .await?)
}

/// Every outstanding reset link of a person marked used.
pub async fn use_resets_of(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    use sea_orm::sea_query::Expr;
    password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(now))
        .filter(password_reset::Column::PersonId.eq(person_id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Which of these people have an active account.
pub async fn active_among(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> ApiResult<std::collections::HashSet<Uuid>> {
    use sea_orm::QuerySelect;
    Ok(person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .filter(person::Column::Id.is_in(ids))
        .filter(person::Column::Active.eq(true))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}
