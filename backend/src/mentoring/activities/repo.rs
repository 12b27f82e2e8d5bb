//! Queries of activities: the rows, their attendees and ratings.

use crate::auth::model::Role;
use crate::error::{ApiError, ApiResult};
use crate::mentoring::entity::{activity, attendee, rating};
use crate::mentoring::model::{ActivityState, AttendeeRole};
use crate::mentoring::repo::Stamped;
use crate::people::entity::role_grant;
use crate::platform::pagination::Cursor;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

pub async fn activity(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<activity::Model>> {
    Ok(activity::Entity::find_by_id(id).one(db).await?)
}

/// A new activity; its programme's or relationship's activity stamp is renewed in the
/// same transaction.
pub async fn insert(db: &impl ConnectionTrait, a: activity::Model) -> ApiResult<activity::Model> {
    let a = a.into_active_model().insert(db).await?;
    renew_stamp(db, &a).await?;
    Ok(a)
}

/// Every column written back (the caller holds the row's lock); the activity stamp is
/// renewed (an activity never changes programme or relationship).
pub async fn update(db: &impl ConnectionTrait, a: activity::Model) -> ApiResult<activity::Model> {
    let a = a.into_active_model().reset_all().update(db).await?;
    renew_stamp(db, &a).await?;
    Ok(a)
}

/// The activity and its attendees (cascade); its activity stamp is renewed.
pub async fn delete(db: &impl ConnectionTrait, a: &activity::Model) -> ApiResult<()> {
    activity::Entity::delete_by_id(a.id).exec(db).await?;
    renew_stamp(db, a).await
}

/// Renew the activity stamp of an activity's programme (migration 19) or relationship
/// (migration 21; a relationship's activities carry its programme, so a programme's stamp
/// covers its relationships'): every write to activities or their attendees goes through
/// `insert`, `update` or `delete` here, in the transaction of the write. One row per
/// programme or relationship, so concurrent writes to its activities take turns on it;
/// readers read it before summing.
async fn renew_stamp(db: &impl ConnectionTrait, a: &activity::Model) -> ApiResult<()> {
    if let Some(id) = a.programme_id {
        renew_stamps(db, Stamped::Programme, Expr::col(Alias::new("id")).eq(id)).await?;
    }
    if let Some(id) = a.relationship_id {
        renew_stamps(
            db,
            Stamped::Relationship,
            Expr::col(Alias::new("id")).eq(id),
        )
        .await?;
    }
    Ok(())
}

/// Renew the activity stamps of every programme and relationship at once: for bulk loads
/// that write activities without `insert` (the scale and demo generators).
pub async fn renew_all_stamps(db: &impl ConnectionTrait) -> ApiResult<()> {
    // (SQLite reads `ON CONFLICT` after a bare `SELECT … FROM t` as a join constraint: a
    // `WHERE` ends the select.)
    for of in [Stamped::Programme, Stamped::Relationship] {
        renew_stamps(db, of, Expr::cust("1 = 1")).await?;
    }
    Ok(())
}

/// One fresh stamp for the programmes or relationships that meet `which` (a stamp need
/// only differ from the earlier ones).
async fn renew_stamps(db: &impl ConnectionTrait, of: Stamped, which: SimpleExpr) -> ApiResult<()> {
    let (table, key, source) = of.names();
    let stamp = Alias::new("stamp");
    let q = Query::insert()
        .into_table(Alias::new(table))
        .columns([Alias::new(key), stamp.clone()])
        .select_from(
            Query::select()
                .column(Alias::new("id"))
                .expr(Expr::val(Uuid::now_v7()))
                .from(Alias::new(source))
                .and_where(which)
                .to_owned(),
        )
        .map_err(|e| ApiError::internal(e.to_string()))?
        .on_conflict(
            OnConflict::column(Alias::new(key))
                .update_column(stamp)
                .to_owned(),
        )
        .to_owned();
    db.execute(&q).await?;
    Ok(())
}

/// The grants of these roles in these schools.
pub async fn school_grants(
    db: &impl ConnectionTrait,
    schools: Vec<Uuid>,
    roles: &[Role],
) -> ApiResult<Vec<role_grant::Model>> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::SchoolId.is_in(schools))
        .filter(role_grant::Column::Role.is_in(roles.iter().copied()))
        .all(db)
        .await?)
}

/// The grants of these roles in a hub.
pub async fn hub_grants(
    db: &impl ConnectionTrait,
    hub_id: Uuid,
    roles: &[Role],
) -> ApiResult<Vec<role_grant::Model>> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::HubId.eq(hub_id))
        .filter(role_grant::Column::Role.is_in(roles.iter().copied()))
        .all(db)
        .await?)
}

/// An activity's attendees replaced by `list` (in one insert).
pub async fn replace_attendees(
    db: &impl ConnectionTrait,
    activity_id: Uuid,
    list: &[(Uuid, AttendeeRole)],
) -> ApiResult<()> {
    attendee::Entity::delete_many()
        .filter(attendee::Column::ActivityId.eq(activity_id))
        .exec(db)
        .await?;
    if !list.is_empty() {
        attendee::Entity::insert_many(list.iter().map(|(person_id, role)| {
            attendee::Model {
                id: Uuid::now_v7(),
                activity_id,
                person_id: *person_id,
                role: *role,
            }
            .into_active_model()
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// The attendees of these activities.
pub async fn attendees_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<Vec<attendee::Model>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(attendee::Entity::find()
        .filter(attendee::Column::ActivityId.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// The ratings of these activities.
pub async fn ratings_of(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<Vec<rating::Model>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    Ok(rating::Entity::find()
        .filter(rating::Column::ActivityId.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// Whether a person attended an activity.
pub async fn attended(
    db: &impl ConnectionTrait,
    activity_id: Uuid,
    person: Uuid,
) -> ApiResult<bool> {
    Ok(attendee::Entity::find()
        .filter(attendee::Column::ActivityId.eq(activity_id))
        .filter(attendee::Column::PersonId.eq(person))
        .one(db)
        .await?
        .is_some())
}

/// A person's rating of an activity.
pub async fn rating(
    db: &impl ConnectionTrait,
    activity_id: Uuid,
    person: Uuid,
) -> ApiResult<Option<rating::Model>> {
    Ok(rating::Entity::find()
        .filter(rating::Column::ActivityId.eq(activity_id))
        .filter(rating::Column::PersonId.eq(person))
        .one(db)
        .await?)
}

/// A rating written: updated when it exists, inserted when new.
pub async fn save_rating(db: &impl ConnectionTrait, r: rating::Model, new: bool) -> ApiResult<()> {
    if new {
        rating::Entity::insert(r.into_active_model())
            .exec_without_returning(db)
            .await?;
    } else {
        r.into_active_model().reset_all().update(db).await?;
    }
    Ok(())
}

/// Planned activities of these relationships between two days (`YYYY-MM-DD`), soonest
/// first, at most `limit`.
pub async fn planned_between(
    db: &impl ConnectionTrait,
    rels: Vec<Uuid>,
    from: String,
    to: String,
    limit: u64,
) -> ApiResult<Vec<activity::Model>> {
    Ok(activity::Entity::find()
        .filter(activity::Column::RelationshipId.is_in(rels))
        .filter(activity::Column::State.eq(ActivityState::Planned))
        .filter(activity::Column::Date.gte(from))
        .filter(activity::Column::Date.lte(to))
        .order_by_asc(activity::Column::Date)
        .order_by_asc(activity::Column::StartTime)
        .limit(limit)
        .all(db)
        .await?)
}

/// A relationship's activities newest first, after a (date, id) cursor, at most `limit`.
pub async fn of_relationship(
    db: &impl ConnectionTrait,
    rel: Uuid,
    cursor: Option<Cursor>,
    limit: u64,
) -> ApiResult<Vec<activity::Model>> {
    let mut sel = activity::Entity::find().filter(activity::Column::RelationshipId.eq(rel));
    if let Some(c) = cursor {
        sel = sel.filter(
            Condition::any()
                .add(activity::Column::Date.lt(c.key.clone()))
                .add(
                    Condition::all()
                        .add(activity::Column::Date.eq(c.key))
                        .add(activity::Column::Id.lt(c.id)),
                ),
        );
    }
    Ok(sel
        .order_by_desc(activity::Column::Date)
        .order_by_desc(activity::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// A programme's own activities (of no relationship), newest first.
pub async fn of_programme(
    db: &impl ConnectionTrait,
    programme_id: Uuid,
) -> ApiResult<Vec<activity::Model>> {
    Ok(activity::Entity::find()
        .filter(activity::Column::ProgrammeId.eq(programme_id))
        .filter(activity::Column::RelationshipId.is_null())
        .order_by_desc(activity::Column::Date)
        .order_by_desc(activity::Column::Id)
        .all(db)
        .await?)
}
