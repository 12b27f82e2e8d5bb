//! Instruments' queries.

use super::entity::{instrument, instrument_version};
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

pub async fn instrument(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<instrument::Model>> {
    Ok(instrument::Entity::find_by_id(id).one(db).await?)
}

pub async fn by_key(db: &impl ConnectionTrait, key: &str) -> ApiResult<Option<instrument::Model>> {
    Ok(instrument::Entity::find()
        .filter(instrument::Column::Key.eq(key))
        .one(db)
        .await?)
}

/// The instruments with these ids, in one statement.
pub async fn instruments_by_ids(
    db: &impl ConnectionTrait,
    ids: &BTreeSet<Uuid>,
) -> ApiResult<Vec<instrument::Model>> {
    Ok(instrument::Entity::find()
        .filter(instrument::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}
