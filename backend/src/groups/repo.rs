//! Teacher groups' queries.

use super::entity::{member, teacher_group};
use super::model::{GroupKind, MemberStatus};
use crate::error::ApiResult;
use crate::reflection::entity::reflection_answer;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use std::collections::BTreeMap;
use uuid::Uuid;

pub async fn group(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<teacher_group::Model>> {
    Ok(teacher_group::Entity::find_by_id(id).one(db).await?)
}

pub async fn insert_group(
    db: &impl ConnectionTrait,
    g: teacher_group::Model,
) -> ApiResult<teacher_group::Model> {
    Ok(g.into_active_model().insert(db).await?)
}

/// Groups newest first: all, or those a person made, belongs to (or is invited to), or
/// that live in `hubs` or `schools`.
pub async fn reached(
    db: &impl ConnectionTrait,
    person: Uuid,
    reach: Option<(Vec<Uuid>, Vec<Uuid>)>,
) -> ApiResult<Vec<teacher_group::Model>> {
    let mut q = teacher_group::Entity::find();
    if let Some((hubs, schools)) = reach {
        let mine = Query::select()
            .column(member::Column::GroupId)
            .from(member::Entity)
            .and_where(Expr::col(member::Column::PersonId).eq(person))
            .to_owned();
        q = q.filter(
            Condition::any()
                .add(teacher_group::Column::CreatedBy.eq(person))
                .add(teacher_group::Column::Id.in_subquery(mine))
                .add(teacher_group::Column::HubId.is_in(hubs))
                .add(teacher_group::Column::SchoolId.is_in(schools)),
        );
    }
    Ok(q.order_by_desc(teacher_group::Column::Id).all(db).await?)
}

pub async fn of_hub(
    db: &impl ConnectionTrait,
    hub_id: Uuid,
) -> ApiResult<Vec<teacher_group::Model>> {
    Ok(teacher_group::Entity::find()
        .filter(teacher_group::Column::HubId.eq(hub_id))
        .all(db)
        .await?)
}

/// A school's staff groups.
pub async fn staff_groups_of(
    db: &impl ConnectionTrait,
    school_id: Uuid,
) -> ApiResult<Vec<teacher_group::Model>> {
    Ok(teacher_group::Entity::find()
        .filter(teacher_group::Column::SchoolId.eq(school_id))
        .filter(teacher_group::Column::Kind.eq(GroupKind::SchoolStaff))
        .all(db)
        .await?)
}

/// The staff groups of these schools.
pub async fn staff_groups_of_schools(
    db: &impl ConnectionTrait,
    schools: &[Uuid],
) -> ApiResult<Vec<teacher_group::Model>> {
    Ok(teacher_group::Entity::find()
        .filter(teacher_group::Column::SchoolId.is_in(schools.iter().copied()))
        .filter(teacher_group::Column::Kind.eq(GroupKind::SchoolStaff))
        .all(db)
        .await?)
}

/// A group's published aggregate and what it rests on (only those columns).
pub async fn set_snapshot(
    db: &impl ConnectionTrait,
    id: Uuid,
    snapshot: String,
    basis: String,
) -> ApiResult<()> {
    teacher_group::Entity::update_many()
        .col_expr(teacher_group::Column::Snapshot, Expr::value(Some(snapshot)))
        .col_expr(teacher_group::Column::SnapshotBasis, Expr::value(basis))
        .filter(teacher_group::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn membership(
    db: &impl ConnectionTrait,
    group: Uuid,
    person: Uuid,
) -> ApiResult<Option<member::Model>> {
    Ok(member::Entity::find()
        .filter(member::Column::GroupId.eq(group))
        .filter(member::Column::PersonId.eq(person))
        .one(db)
        .await?)
}

/// A person's memberships of these groups.
pub async fn memberships_of(
    db: &impl ConnectionTrait,
    person: Uuid,
    groups: &[Uuid],
) -> ApiResult<Vec<member::Model>> {
    Ok(member::Entity::find()
        .filter(member::Column::PersonId.eq(person))
        .filter(member::Column::GroupId.is_in(groups.iter().copied()))
        .all(db)
        .await?)
}

/// The members of these groups, by invitation time.
pub async fn members_of(
    db: &impl ConnectionTrait,
    groups: &[Uuid],
) -> ApiResult<Vec<member::Model>> {
    Ok(member::Entity::find()
        .filter(member::Column::GroupId.is_in(groups.iter().copied()))
        .order_by_asc(member::Column::InvitedAt)
        .all(db)
        .await?)
}

pub async fn active_members(
    db: &impl ConnectionTrait,
    group: Uuid,
) -> ApiResult<Vec<member::Model>> {
    Ok(member::Entity::find()
        .filter(member::Column::GroupId.eq(group))
        .filter(member::Column::Status.eq(MemberStatus::Active))
        .all(db)
        .await?)
}

/// A membership written: inserted when new, else every column written back (callers hold
/// the group's lock).
pub async fn save_member(
    db: &impl ConnectionTrait,
    m: member::Model,
    new: bool,
) -> ApiResult<member::Model> {
    let a = m.into_active_model();
    Ok(if new {
        a.insert(db).await?
    } else {
        a.reset_all().update(db).await?
    })
}

/// Level counts per item over some reflections, counted by the database.
pub async fn count_levels(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> ApiResult<BTreeMap<String, BTreeMap<String, u64>>> {
    let mut out: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let q = Query::select()
        .column(reflection_answer::Column::ItemKey)
        .column(reflection_answer::Column::Value)
        .expr_as(
            Expr::col(reflection_answer::Column::ReflectionId).count(),
            Alias::new("n"),
        )
        .from(reflection_answer::Entity)
        .and_where(Expr::col(reflection_answer::Column::ReflectionId).is_in(ids))
        .group_by_col(reflection_answer::Column::ItemKey)
        .group_by_col(reflection_answer::Column::Value)
        .to_owned();
    for r in db.query_all(&q).await? {
        let item: String = r.try_get("", "item_key")?;
        let value: String = r.try_get("", "value")?;
        let n: i64 = r.try_get("", "n")?;
        out.entry(item)
            .or_default()
            .insert(value, u64::try_from(n).unwrap_or(0));
    }
    Ok(out)
}
