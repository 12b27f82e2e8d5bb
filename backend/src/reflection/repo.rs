//! Reflection's queries.

use super::entity::reflection;
use super::model::ReflectionStatus;
use crate::error::ApiResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// A person's submitted reflections on any of these versions, oldest first.
pub async fn submitted_on(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    version_ids: impl IntoIterator<Item = Uuid>,
) -> ApiResult<Vec<reflection::Model>> {
    Ok(reflection::Entity::find()
        .filter(reflection::Column::PersonId.eq(person_id))
        .filter(reflection::Column::Status.eq(ReflectionStatus::Submitted))
        .filter(reflection::Column::InstrumentVersionId.is_in(version_ids))
        .order_by_asc(reflection::Column::SubmittedAt)
        .order_by_asc(reflection::Column::Id)
        .all(db)
        .await?)
}
