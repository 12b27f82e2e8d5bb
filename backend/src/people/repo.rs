//! People's queries.

use super::entity::person;
use crate::error::ApiResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A person's name, if the person exists.
pub async fn name_of(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<String>> {
    Ok(person::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|p| p.name))
}

/// The names of these people, in one statement (none read for no ids).
pub async fn names_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect())
}
