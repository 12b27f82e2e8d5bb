//! Auth's queries. Who is calling: the person behind an access token, with their role
//! grants, or a machine client. Identity is auth's; the people feature owns the records,
//! not the loading of a principal.

use super::entity::machine_client;
use super::model::{Grant, PersonPrincipal};
use crate::error::ApiResult;
use crate::people::entity::{person, role_grant};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, EntityTrait};
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
