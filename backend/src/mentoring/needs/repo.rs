//! Queries of the needs mapping.

use crate::error::ApiResult;
use crate::mentoring::entity::{enrolment, finding};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set,
};
use uuid::Uuid;

/// The findings of one cycle of an enrolment, in their order.
pub async fn findings_of(
    db: &impl ConnectionTrait,
    enrolment_id: Uuid,
    cycle: i32,
) -> ApiResult<Vec<finding::Model>> {
    Ok(finding::Entity::find()
        .filter(finding::Column::EnrolmentId.eq(enrolment_id))
        .filter(finding::Column::Cycle.eq(cycle))
        .order_by_asc(finding::Column::Position)
        .all(db)
        .await?)
}

/// The findings of many enrolments (every cycle), in their order, in one statement.
pub async fn findings_of_many(
    db: &impl ConnectionTrait,
    enrolment_ids: &[Uuid],
) -> ApiResult<Vec<finding::Model>> {
    if enrolment_ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(finding::Entity::find()
        .filter(finding::Column::EnrolmentId.is_in(enrolment_ids.iter().copied()))
        .order_by_asc(finding::Column::Position)
        .all(db)
        .await?)
}

/// The findings of one cycle replaced by `rows` (in one insert).
pub async fn replace_findings(
    db: &impl ConnectionTrait,
    enrolment_id: Uuid,
    cycle: i32,
    rows: Vec<finding::Model>,
) -> ApiResult<()> {
    finding::Entity::delete_many()
        .filter(finding::Column::EnrolmentId.eq(enrolment_id))
        .filter(finding::Column::Cycle.eq(cycle))
        .exec(db)
        .await?;
    if !rows.is_empty() {
        finding::Entity::insert_many(rows.into_iter().map(IntoActiveModel::into_active_model))
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// The enrolment's needs mapping: its campaign, and a new version.
pub async fn set_needs(
    db: &impl ConnectionTrait,
    e: &enrolment::Model,
    campaign_id: Option<Uuid>,
) -> ApiResult<enrolment::Model> {
    let mut a: enrolment::ActiveModel = e.clone().into();
    a.needs_campaign_id = Set(campaign_id);
    a.needs_version = Set(e.needs_version + 1);
    Ok(a.update(db).await?)
}
