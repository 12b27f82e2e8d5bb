//! Queries of programmes, enrolments and their phases.

use crate::directory::entity::{hub, school};
use crate::error::ApiResult;
use crate::mentoring::entity::{enrolment, phase, programme, relationship};
use crate::mentoring::model::Phase;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use std::collections::BTreeMap;
use uuid::Uuid;

pub async fn insert_programme(
    db: &impl ConnectionTrait,
    m: programme::Model,
) -> ApiResult<programme::Model> {
    Ok(m.into_active_model().insert(db).await?)
}

pub async fn update_programme(
    db: &impl ConnectionTrait,
    m: programme::Model,
) -> ApiResult<programme::Model> {
    Ok(m.into_active_model().reset_all().update(db).await?)
}

/// Programmes by start (newest first): all, or those of `hubs` and those in which a
/// school of `schools` or of a school of `hubs` is enrolled; of one hub if asked.
pub async fn candidates(
    db: &impl ConnectionTrait,
    reach: Option<(Vec<Uuid>, Vec<Uuid>)>,
    hub_id: Option<Uuid>,
) -> ApiResult<Vec<programme::Model>> {
    let mut sel = programme::Entity::find();
    if let Some((hubs, schools)) = reach {
        let via_schools = Query::select()
            .column(enrolment::Column::ProgrammeId)
            .from(enrolment::Entity)
            .and_where(
                Expr::col(enrolment::Column::SchoolId)
                    .is_in(schools)
                    .or(Expr::col(enrolment::Column::SchoolId).in_subquery(
                        Query::select()
                            .column(school::Column::Id)
                            .from(school::Entity)
                            .and_where(Expr::col(school::Column::HubId).is_in(hubs.clone()))
                            .to_owned(),
                    )),
            )
            .to_owned();
        sel = sel.filter(
            programme::Column::HubId
                .is_in(hubs)
                .or(programme::Column::Id.in_subquery(via_schools)),
        );
    }
    if let Some(h) = hub_id {
        sel = sel.filter(programme::Column::HubId.eq(h));
    }
    Ok(sel
        .order_by_desc(programme::Column::StartsOn)
        .order_by_asc(programme::Column::Id)
        .all(db)
        .await?)
}

/// Hubs by id (all of them with `None`).
pub async fn hubs(
    db: &impl ConnectionTrait,
    ids: Option<Vec<Uuid>>,
) -> ApiResult<BTreeMap<Uuid, hub::Model>> {
    let mut q = hub::Entity::find();
    if let Some(ids) = ids {
        q = q.filter(hub::Column::Id.is_in(ids));
    }
    Ok(q.all(db).await?.into_iter().map(|h| (h.id, h)).collect())
}

/// Every school, by folded name.
pub async fn all_schools(db: &impl ConnectionTrait) -> ApiResult<Vec<school::Model>> {
    Ok(school::Entity::find()
        .order_by_asc(school::Column::NameFolded)
        .all(db)
        .await?)
}

/// A new enrolment; the database's error as it is (a second one of a school is a unique
/// violation the caller words).
pub async fn insert_enrolment(
    db: &impl ConnectionTrait,
    e: enrolment::Model,
) -> Result<enrolment::Model, DbErr> {
    e.into_active_model().insert(db).await
}

pub async fn update_enrolment(
    db: &impl ConnectionTrait,
    e: enrolment::Model,
) -> ApiResult<enrolment::Model> {
    Ok(e.into_active_model().reset_all().update(db).await?)
}

pub async fn delete_enrolment(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    enrolment::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// The phase rows of one cycle of an enrolment.
pub async fn phases(
    db: &impl ConnectionTrait,
    enrolment_id: Uuid,
    cycle: i32,
) -> ApiResult<Vec<phase::Model>> {
    Ok(phase::Entity::find()
        .filter(phase::Column::EnrolmentId.eq(enrolment_id))
        .filter(phase::Column::Cycle.eq(cycle))
        .all(db)
        .await?)
}

/// The phase rows of many enrolments (every cycle), in one statement.
pub async fn phases_of_many(
    db: &impl ConnectionTrait,
    enrolment_ids: &[Uuid],
) -> ApiResult<Vec<phase::Model>> {
    Ok(phase::Entity::find()
        .filter(phase::Column::EnrolmentId.is_in(enrolment_ids.iter().copied()))
        .all(db)
        .await?)
}

pub async fn phase(
    db: &impl ConnectionTrait,
    enrolment_id: Uuid,
    cycle: i32,
    phase: Phase,
) -> ApiResult<Option<phase::Model>> {
    Ok(phase::Entity::find()
        .filter(phase::Column::EnrolmentId.eq(enrolment_id))
        .filter(phase::Column::Cycle.eq(cycle))
        .filter(phase::Column::Phase.eq(phase))
        .one(db)
        .await?)
}

/// A phase row written: updated when it exists, inserted when new. Updates write every
/// column back (`reset_all`): the callers hold the row's lock.
pub async fn save_phase(db: &impl ConnectionTrait, row: phase::Model, new: bool) -> ApiResult<()> {
    if new {
        phase::Entity::insert(row.into_active_model())
            .exec_without_returning(db)
            .await?;
    } else {
        row.into_active_model().reset_all().update(db).await?;
    }
    Ok(())
}

/// The relationships of a programme.
pub async fn relationships(
    db: &impl ConnectionTrait,
    programme_id: Uuid,
) -> ApiResult<Vec<relationship::Model>> {
    Ok(relationship::Entity::find()
        .filter(relationship::Column::ProgrammeId.eq(programme_id))
        .order_by_asc(relationship::Column::CreatedAt)
        .order_by_asc(relationship::Column::Id)
        .all(db)
        .await?)
}
