//! Queries of courses: sessions, participants, attendance and the minutes attended.

use crate::error::ApiResult;
use crate::mentoring::entity::{
    course, course_attendance as attendance, course_participant, course_session,
};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Attended minutes per (course, person), summed by the database.
pub async fn attended_minutes(
    db: &impl ConnectionTrait,
    courses: &[Uuid],
) -> ApiResult<BTreeMap<(Uuid, Uuid), u64>> {
    if courses.is_empty() {
        return Ok(BTreeMap::new());
    }
    let q = Query::select()
        .column((course_session::Entity, course_session::Column::CourseId))
        .column((attendance::Entity, attendance::Column::PersonId))
        .expr_as(
            Expr::col((
                course_session::Entity,
                course_session::Column::DurationMinutes,
            ))
            .sum(),
            Alias::new("minutes"),
        )
        .from(attendance::Entity)
        .inner_join(
            course_session::Entity,
            Expr::col((course_session::Entity, course_session::Column::Id))
                .equals((attendance::Entity, attendance::Column::SessionId)),
        )
        .and_where(
            Expr::col((course_session::Entity, course_session::Column::CourseId))
                .is_in(courses.to_vec()),
        )
        .group_by_col((course_session::Entity, course_session::Column::CourseId))
        .group_by_col((attendance::Entity, attendance::Column::PersonId))
        .to_owned();
    let mut out = BTreeMap::new();
    for r in db.query_all(&q).await? {
        let c: Uuid = r.try_get("", "course_id")?;
        let p: Uuid = r.try_get("", "person_id")?;
        let m: Option<i64> = r.try_get("", "minutes")?;
        out.insert((c, p), u64::try_from(m.unwrap_or(0)).unwrap_or(0));
    }
    Ok(out)
}

pub async fn sessions_of(
    db: &impl ConnectionTrait,
    course: Uuid,
) -> ApiResult<Vec<course_session::Model>> {
    Ok(sessions_in(db, &[course])
        .await?
        .remove(&course)
        .unwrap_or_default())
}

pub async fn participants_of(
    db: &impl ConnectionTrait,
    course: Uuid,
) -> ApiResult<Vec<course_participant::Model>> {
    Ok(participants_in(db, &[course])
        .await?
        .remove(&course)
        .unwrap_or_default())
}

/// The sessions of several courses, per course, in one statement.
pub async fn sessions_in(
    db: &impl ConnectionTrait,
    courses: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, Vec<course_session::Model>>> {
    let mut out: BTreeMap<Uuid, Vec<course_session::Model>> = BTreeMap::new();
    if courses.is_empty() {
        return Ok(out);
    }
    for x in course_session::Entity::find()
        .filter(course_session::Column::CourseId.is_in(courses.iter().copied()))
        .order_by_asc(course_session::Column::Date)
        .order_by_asc(course_session::Column::Id)
        .all(db)
        .await?
    {
        out.entry(x.course_id).or_default().push(x);
    }
    Ok(out)
}

/// The participants of several courses, per course, in one statement.
pub async fn participants_in(
    db: &impl ConnectionTrait,
    courses: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, Vec<course_participant::Model>>> {
    let mut out: BTreeMap<Uuid, Vec<course_participant::Model>> = BTreeMap::new();
    if courses.is_empty() {
        return Ok(out);
    }
    for x in course_participant::Entity::find()
        .filter(course_participant::Column::CourseId.is_in(courses.iter().copied()))
        .order_by_asc(course_participant::Column::EnrolledAt)
        .all(db)
        .await?
    {
        out.entry(x.course_id).or_default().push(x);
    }
    Ok(out)
}

pub async fn course(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<course::Model>> {
    Ok(course::Entity::find_by_id(id).one(db).await?)
}

/// A programme's courses, oldest first.
pub async fn of_programme(
    db: &impl ConnectionTrait,
    programme_id: Uuid,
) -> ApiResult<Vec<course::Model>> {
    Ok(course::Entity::find()
        .filter(course::Column::ProgrammeId.eq(programme_id))
        .order_by_asc(course::Column::CreatedAt)
        .order_by_asc(course::Column::Id)
        .all(db)
        .await?)
}

pub async fn insert(db: &impl ConnectionTrait, c: course::Model) -> ApiResult<course::Model> {
    Ok(c.into_active_model().insert(db).await?)
}

/// Every column written back (the caller holds the row's lock).
pub async fn update(db: &impl ConnectionTrait, c: course::Model) -> ApiResult<course::Model> {
    Ok(c.into_active_model().reset_all().update(db).await?)
}

pub async fn session(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<course_session::Model>> {
    Ok(course_session::Entity::find_by_id(id).one(db).await?)
}

pub async fn insert_session(db: &impl ConnectionTrait, s: course_session::Model) -> ApiResult<()> {
    course_session::Entity::insert(s.into_active_model())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn delete_session(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    course_session::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// The attendance marks of these sessions.
pub async fn attendance_of(
    db: &impl ConnectionTrait,
    sessions: &[Uuid],
) -> ApiResult<Vec<attendance::Model>> {
    if sessions.is_empty() {
        return Ok(vec![]);
    }
    Ok(attendance::Entity::find()
        .filter(attendance::Column::SessionId.is_in(sessions.iter().copied()))
        .all(db)
        .await?)
}

/// A session's attendance replaced by `marks` (in one insert).
pub async fn replace_attendance(
    db: &impl ConnectionTrait,
    session_id: Uuid,
    marks: Vec<attendance::Model>,
) -> ApiResult<()> {
    attendance::Entity::delete_many()
        .filter(attendance::Column::SessionId.eq(session_id))
        .exec(db)
        .await?;
    if !marks.is_empty() {
        attendance::Entity::insert_many(marks.into_iter().map(IntoActiveModel::into_active_model))
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// A person's attendance marks at these sessions removed.
pub async fn delete_attendance_of(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    sessions: &[Uuid],
) -> ApiResult<()> {
    attendance::Entity::delete_many()
        .filter(attendance::Column::PersonId.eq(person_id))
        .filter(attendance::Column::SessionId.is_in(sessions.iter().copied()))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn participant(
    db: &impl ConnectionTrait,
    course_id: Uuid,
    person_id: Uuid,
) -> ApiResult<Option<course_participant::Model>> {
    Ok(course_participant::Entity::find()
        .filter(course_participant::Column::CourseId.eq(course_id))
        .filter(course_participant::Column::PersonId.eq(person_id))
        .one(db)
        .await?)
}

/// A new participant; the database's error as it is (taking part twice is a unique
/// violation the caller words).
pub async fn insert_participant(
    db: &impl ConnectionTrait,
    x: course_participant::Model,
) -> Result<(), DbErr> {
    course_participant::Entity::insert(x.into_active_model())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

pub async fn delete_participant(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    course_participant::Entity::delete_by_id(id)
        .exec(db)
        .await?;
    Ok(())
}
