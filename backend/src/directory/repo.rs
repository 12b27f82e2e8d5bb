//! The directory's queries.

use super::entity::school;
use crate::error::ApiResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::BTreeMap;
use uuid::Uuid;

/// The names of these schools, in one statement.
pub async fn school_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> ApiResult<BTreeMap<Uuid, String>> {
    Ok(school::Entity::find()
        .filter(school::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect())
}
