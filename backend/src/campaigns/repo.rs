//! Campaigns' queries.

use super::entity::campaign;
use crate::error::ApiResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

pub async fn campaign(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<campaign::Model>> {
    Ok(campaign::Entity::find_by_id(id).one(db).await?)
}

/// A school's campaigns, newest first.
pub async fn of_school(
    db: &impl ConnectionTrait,
    school_id: Uuid,
) -> ApiResult<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::SchoolId.eq(school_id))
        .order_by_desc(campaign::Column::OpensOn)
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?)
}
