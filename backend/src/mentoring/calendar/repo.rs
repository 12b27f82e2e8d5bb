//! Queries of the calendar feed.

use crate::error::ApiResult;
use crate::mentoring::entity::{
    activity, calendar_feed, course, course_participant, course_session,
};
use crate::mentoring::model::ActivityState;
use chrono::NaiveDate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A person's feed in use (the newest not revoked).
pub async fn active(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> ApiResult<Option<calendar_feed::Model>> {
    Ok(calendar_feed::Entity::find()
        .filter(calendar_feed::Column::PersonId.eq(person))
        .filter(calendar_feed::Column::RevokedAt.is_null())
        .order_by_desc(calendar_feed::Column::CreatedAt)
        .one(db)
        .await?)
}

/// The feed behind a secret's hash, unless revoked.
pub async fn by_hash(
    db: &impl ConnectionTrait,
    token_hash: &str,
) -> ApiResult<Option<calendar_feed::Model>> {
    Ok(calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(token_hash))
        .filter(calendar_feed::Column::RevokedAt.is_null())
        .one(db)
        .await?)
}

pub async fn revoke_all(db: &impl ConnectionTrait, person: Uuid) -> ApiResult<()> {
    calendar_feed::Entity::update_many()
        .col_expr(
            calendar_feed::Column::RevokedAt,
            Expr::value(Some(crate::db::now())),
        )
        .filter(calendar_feed::Column::PersonId.eq(person))
        .filter(calendar_feed::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn insert(db: &impl ConnectionTrait, f: calendar_feed::Model) -> ApiResult<()> {
    calendar_feed::Entity::insert(f.into_active_model())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Planned activities of these relationships from a day on, by date.
pub async fn planned_activities(
    db: &impl ConnectionTrait,
    relationships: &[Uuid],
    from: NaiveDate,
) -> ApiResult<Vec<activity::Model>> {
    Ok(activity::Entity::find()
        .filter(activity::Column::RelationshipId.is_in(relationships.iter().copied()))
        .filter(activity::Column::State.eq(ActivityState::Planned))
        .filter(activity::Column::Date.gte(from.format("%Y-%m-%d").to_string()))
        .order_by_asc(activity::Column::Date)
        .all(db)
        .await?)
}

/// The time zones of these hubs.
pub async fn time_zones(
    db: &impl ConnectionTrait,
    hubs: impl IntoIterator<Item = Uuid>,
) -> ApiResult<BTreeMap<Uuid, String>> {
    use crate::directory::entity::hub;
    Ok(hub::Entity::find()
        .filter(hub::Column::Id.is_in(hubs))
        .all(db)
        .await?
        .into_iter()
        .map(|h| (h.id, h.time_zone))
        .collect())
}

/// The courses a person takes part in, with their titles.
pub async fn courses_of(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> ApiResult<BTreeMap<Uuid, String>> {
    let ids: Vec<Uuid> = course_participant::Entity::find()
        .filter(course_participant::Column::PersonId.eq(person))
        .all(db)
        .await?
        .into_iter()
        .map(|c| c.course_id)
        .collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(course::Entity::find()
        .filter(course::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c.title))
        .collect())
}

/// Sessions of these courses from a day on, by date.
pub async fn sessions(
    db: &impl ConnectionTrait,
    courses: impl IntoIterator<Item = Uuid>,
    from: NaiveDate,
) -> ApiResult<Vec<course_session::Model>> {
    Ok(course_session::Entity::find()
        .filter(course_session::Column::CourseId.is_in(courses))
        .filter(course_session::Column::Date.gte(from.format("%Y-%m-%d").to_string()))
        .order_by_asc(course_session::Column::Date)
        .all(db)
        .await?)
}
