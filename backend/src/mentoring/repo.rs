//! Queries the mentoring sub-features share: the hub, programmes, enrolments with their
//! schools.

use crate::directory::entity::{hub, school};
use crate::error::{ApiError, ApiResult};
use crate::mentoring::entity::{enrolment, programme};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use std::collections::BTreeMap;
use uuid::Uuid;

pub(crate) async fn load_hub(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<hub::Model> {
    hub::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("Hub"))
}

/// The enrolments of several programmes with their schools, in two statements.
pub(crate) async fn enrolled_in(
    db: &impl ConnectionTrait,
    programmes: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, Vec<(enrolment::Model, school::Model)>>> {
    let mut out: BTreeMap<Uuid, Vec<(enrolment::Model, school::Model)>> = BTreeMap::new();
    if programmes.is_empty() {
        return Ok(out);
    }
    // One statement, one row per enrolment with its school.
    let to_school: sea_orm::RelationDef = enrolment::Entity::belongs_to(school::Entity)
        .from(enrolment::Column::SchoolId)
        .to(school::Column::Id)
        .into();
    let rows = enrolment::Entity::find()
        .select_also(school::Entity)
        .join(sea_orm::JoinType::InnerJoin, to_school)
        .filter(enrolment::Column::ProgrammeId.is_in(programmes.iter().copied()))
        .order_by_asc(enrolment::Column::CreatedAt)
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?;
    for (e, s) in rows {
        if let Some(s) = s {
            out.entry(e.programme_id).or_default().push((e, s));
        }
    }
    Ok(out)
}

pub(crate) async fn programme(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<programme::Model>> {
    Ok(programme::Entity::find_by_id(id).one(db).await?)
}

pub(crate) async fn enrolment(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<enrolment::Model>> {
    Ok(enrolment::Entity::find_by_id(id).one(db).await?)
}
