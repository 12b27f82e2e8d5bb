//! Queries of development plans: plans, goals, actions, comments, and who mentors a school.

use crate::error::ApiResult;
use crate::mentoring::entity::{
    participant, plan, plan_action, plan_comment, plan_goal, relationship,
};
use crate::mentoring::model::{ParticipantRole, RelationshipStatus};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::BTreeSet;
use uuid::Uuid;

/// The schools (or the one asked about) that are mentees in a relationship, not cancelled,
/// in which the person is a mentor or facilitator — in one statement.
pub async fn mentored_schools(
    db: &impl ConnectionTrait,
    person: Uuid,
    school: Option<Uuid>,
) -> ApiResult<BTreeSet<Uuid>> {
    let guided = Query::select()
        .column(participant::Column::RelationshipId)
        .from(participant::Entity)
        .and_where(Expr::col(participant::Column::PersonId).eq(person))
        .and_where(
            Expr::col(participant::Column::Role)
                .is_in([ParticipantRole::Mentor, ParticipantRole::Facilitator]),
        )
        .to_owned();
    let live = Query::select()
        .column(relationship::Column::Id)
        .from(relationship::Entity)
        .and_where(Expr::col(relationship::Column::Id).in_subquery(guided))
        .and_where(Expr::col(relationship::Column::Status).ne(RelationshipStatus::Cancelled))
        .to_owned();
    let mut q = participant::Entity::find()
        .select_only()
        .column(participant::Column::SchoolId)
        .distinct()
        .filter(participant::Column::RelationshipId.in_subquery(live))
        .filter(participant::Column::Role.eq(ParticipantRole::Mentee))
        .filter(participant::Column::SchoolId.is_not_null());
    if let Some(s) = school {
        q = q.filter(participant::Column::SchoolId.eq(s));
    }
    let rows: Vec<Option<Uuid>> = q.into_tuple().all(db).await?;
    Ok(rows.into_iter().flatten().collect())
}

pub async fn plan(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<plan::Model>> {
    Ok(plan::Entity::find_by_id(id).one(db).await?)
}

/// A school's plans, newest first.
pub async fn of_school(db: &impl ConnectionTrait, school_id: Uuid) -> ApiResult<Vec<plan::Model>> {
    Ok(plan::Entity::find()
        .filter(plan::Column::SchoolId.eq(school_id))
        .order_by_desc(plan::Column::CreatedAt)
        .all(db)
        .await?)
}

pub async fn insert_plan(db: &impl ConnectionTrait, p: plan::Model) -> ApiResult<plan::Model> {
    Ok(p.into_active_model().insert(db).await?)
}

/// Every column written back (the caller holds the plan's lock).
pub async fn update_plan(db: &impl ConnectionTrait, p: plan::Model) -> ApiResult<plan::Model> {
    Ok(p.into_active_model().reset_all().update(db).await?)
}

/// The goals of these plans, in their order.
pub async fn goals_of(
    db: &impl ConnectionTrait,
    plans: &[Uuid],
) -> ApiResult<Vec<plan_goal::Model>> {
    if plans.is_empty() {
        return Ok(vec![]);
    }
    Ok(plan_goal::Entity::find()
        .filter(plan_goal::Column::PlanId.is_in(plans.iter().copied()))
        .order_by_asc(plan_goal::Column::Position)
        .all(db)
        .await?)
}

pub async fn goal(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<plan_goal::Model>> {
    Ok(plan_goal::Entity::find_by_id(id).one(db).await?)
}

/// New goals, in one insert.
pub async fn insert_goals(
    db: &impl ConnectionTrait,
    goals: Vec<plan_goal::Model>,
) -> ApiResult<()> {
    if !goals.is_empty() {
        plan_goal::Entity::insert_many(goals.into_iter().map(IntoActiveModel::into_active_model))
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Every column written back (the caller holds the plan's lock).
pub async fn update_goal(db: &impl ConnectionTrait, g: plan_goal::Model) -> ApiResult<()> {
    g.into_active_model().reset_all().update(db).await?;
    Ok(())
}

pub async fn delete_goal(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    plan_goal::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// The actions of these goals, in their order.
pub async fn actions_of(
    db: &impl ConnectionTrait,
    goals: &[Uuid],
) -> ApiResult<Vec<plan_action::Model>> {
    if goals.is_empty() {
        return Ok(vec![]);
    }
    Ok(plan_action::Entity::find()
        .filter(plan_action::Column::GoalId.is_in(goals.iter().copied()))
        .order_by_asc(plan_action::Column::Position)
        .order_by_asc(plan_action::Column::Id)
        .all(db)
        .await?)
}

pub async fn action(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<plan_action::Model>> {
    Ok(plan_action::Entity::find_by_id(id).one(db).await?)
}

/// An action written: inserted when new, else every column written back (the caller holds
/// the plan's lock).
pub async fn save_action(
    db: &impl ConnectionTrait,
    a: plan_action::Model,
    new: bool,
) -> ApiResult<plan_action::Model> {
    let m = a.into_active_model();
    Ok(if new {
        m.insert(db).await?
    } else {
        m.reset_all().update(db).await?
    })
}

pub async fn delete_action(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    plan_action::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// A plan's comments, oldest first.
pub async fn comments_of(
    db: &impl ConnectionTrait,
    plan_id: Uuid,
) -> ApiResult<Vec<plan_comment::Model>> {
    Ok(plan_comment::Entity::find()
        .filter(plan_comment::Column::PlanId.eq(plan_id))
        .order_by_asc(plan_comment::Column::At)
        .all(db)
        .await?)
}

pub async fn insert_comment(db: &impl ConnectionTrait, c: plan_comment::Model) -> ApiResult<()> {
    plan_comment::Entity::insert(c.into_active_model())
        .exec_without_returning(db)
        .await?;
    Ok(())
}
