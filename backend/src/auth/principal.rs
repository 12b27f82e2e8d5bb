//! Who is calling: the person behind an access token, with their role grants. Identity is
//! auth's; the people feature owns the records, not the loading of a principal.

use super::model::{Grant, PersonPrincipal};
use crate::error::ApiResult;
use crate::people::entity::{person, role_grant};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// The active person behind an access token, with grants; `None` if missing or inactive.
pub async fn load_principal(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<PersonPrincipal>> {
    let Some(p) = person::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    if !p.active {
        return Ok(None);
    }
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::PersonId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|g| Grant {
            id: g.id,
            role: g.role,
            hub_id: g.hub_id,
            school_id: g.school_id,
        })
        .collect();
    Ok(Some(PersonPrincipal {
        id: p.id,
        email: p.email,
        name: p.name,
        locale: p.locale,
        grants,
    }))
}
