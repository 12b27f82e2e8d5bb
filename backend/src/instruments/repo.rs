//! Instruments' queries.

use super::entity::instrument_version;
use crate::error::ApiResult;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::BTreeSet;
use uuid::Uuid;

/// The versions with these ids, in one statement.
pub async fn versions_by_ids(
    db: &impl ConnectionTrait,
    ids: &BTreeSet<Uuid>,
) -> ApiResult<Vec<instrument_version::Model>> {
    Ok(instrument_version::Entity::find()
        .filter(instrument_version::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// Every version of one instrument.
pub async fn versions_of(
    db: &impl ConnectionTrait,
    instrument_id: Uuid,
) -> ApiResult<Vec<instrument_version::Model>> {
    Ok(instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(instrument_id))
        .all(db)
        .await?)
}
