//! Queries of the hub's own mentoring lists.

use crate::error::ApiResult;
use crate::mentoring::entity::vocabulary;
use crate::mentoring::model::MentoringList;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

/// The hub's own values of every list (or of one), in the order they were added.
pub async fn values(
    db: &impl ConnectionTrait,
    hub_id: Uuid,
    list: Option<MentoringList>,
) -> ApiResult<Vec<vocabulary::Model>> {
    let mut q = vocabulary::Entity::find().filter(vocabulary::Column::HubId.eq(hub_id));
    if let Some(list) = list {
        q = q.filter(vocabulary::Column::List.eq(list));
    }
    Ok(q.order_by_asc(vocabulary::Column::Position).all(db).await?)
}

/// One stored value of one of the hub's lists.
pub async fn value(
    db: &impl ConnectionTrait,
    hub_id: Uuid,
    list: MentoringList,
    value: &str,
) -> ApiResult<Option<vocabulary::Model>> {
    Ok(vocabulary::Entity::find()
        .filter(vocabulary::Column::HubId.eq(hub_id))
        .filter(vocabulary::Column::List.eq(list))
        .filter(vocabulary::Column::Value.eq(value))
        .one(db)
        .await?)
}

pub async fn insert(
    db: &impl ConnectionTrait,
    hub_id: Uuid,
    list: MentoringList,
    value: &str,
    position: i32,
) -> ApiResult<()> {
    vocabulary::ActiveModel {
        id: Set(Uuid::now_v7()),
        hub_id: Set(hub_id),
        list: Set(list),
        value: Set(value.to_string()),
        position: Set(position),
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    vocabulary::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}
