//! Reflection's queries.

use super::entity::{agreed_level, change, pair, reflection, reflection_answer, share};
use super::model::ReflectionStatus;
use crate::db::ForWrite;
use crate::error::ApiResult;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// A person's submitted reflections on any of these versions, oldest first.
pub async fn submitted_on(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    version_ids: impl IntoIterator<Item = Uuid>,
) -> ApiResult<Vec<reflection::Model>> {
    Ok(reflection::Entity::find()
        .filter(reflection::Column::PersonId.eq(person_id))
        .filter(reflection::Column::Status.eq(ReflectionStatus::Submitted))
        .filter(reflection::Column::InstrumentVersionId.is_in(version_ids))
        .order_by_asc(reflection::Column::SubmittedAt)
        .order_by_asc(reflection::Column::Id)
        .all(db)
        .await?)
}

pub async fn answers_of(
    db: &impl ConnectionTrait,
    reflection_id: Uuid,
) -> ApiResult<BTreeMap<String, String>> {
    Ok(reflection_answer::Entity::find()
        .filter(reflection_answer::Column::ReflectionId.eq(reflection_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.item_key, a.value))
        .collect())
}

/// The answers of several reflections, per reflection, in one statement.
pub async fn answers_of_many(
    db: &impl ConnectionTrait,
    reflections: impl Iterator<Item = Uuid>,
) -> ApiResult<BTreeMap<Uuid, BTreeMap<String, String>>> {
    let ids: Vec<Uuid> = reflections.collect();
    let mut out: BTreeMap<Uuid, BTreeMap<String, String>> = BTreeMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    for a in reflection_answer::Entity::find()
        .filter(reflection_answer::Column::ReflectionId.is_in(ids))
        .all(db)
        .await?
    {
        out.entry(a.reflection_id)
            .or_default()
            .insert(a.item_key, a.value);
    }
    Ok(out)
}

/// A reflection by id; with `lock`, its row is locked until the transaction ends.
pub async fn reflection(
    db: &impl ConnectionTrait,
    id: Uuid,
    lock: bool,
) -> ApiResult<Option<reflection::Model>> {
    let mut q = reflection::Entity::find_by_id(id);
    if lock {
        q = q.for_write();
    }
    Ok(q.one(db).await?)
}

/// A person's reflection in progress on any of these versions (the newest).
pub async fn in_progress(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    version_ids: Vec<Uuid>,
) -> ApiResult<Option<reflection::Model>> {
    Ok(reflection::Entity::find()
        .filter(reflection::Column::PersonId.eq(person_id))
        .filter(reflection::Column::Status.eq(ReflectionStatus::InProgress))
        .filter(reflection::Column::InstrumentVersionId.is_in(version_ids))
        .order_by_desc(reflection::Column::StartedAt)
        .one(db)
        .await?)
}

/// A person's reflections newest first: of a status, on some versions, before an id.
pub async fn of_person(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    status: Option<&str>,
    versions: Option<Vec<Uuid>>,
    before: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<reflection::Model>> {
    let mut q = reflection::Entity::find().filter(reflection::Column::PersonId.eq(person_id));
    if let Some(s) = status {
        q = q.filter(reflection::Column::Status.eq(s));
    }
    if let Some(v) = versions {
        q = q.filter(reflection::Column::InstrumentVersionId.is_in(v));
    }
    if let Some(id) = before {
        q = q.filter(reflection::Column::Id.lt(id));
    }
    Ok(q.order_by_desc(reflection::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

pub async fn insert(
    db: &impl ConnectionTrait,
    r: reflection::Model,
) -> ApiResult<reflection::Model> {
    Ok(r.into_active_model().insert(db).await?)
}

/// Every column written back (the caller holds the row's lock).
pub async fn update(
    db: &impl ConnectionTrait,
    r: reflection::Model,
) -> ApiResult<reflection::Model> {
    Ok(r.into_active_model().reset_all().update(db).await?)
}

pub async fn delete(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    reflection::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

pub async fn delete_answer(
    db: &impl ConnectionTrait,
    reflection_id: Uuid,
    item_key: String,
) -> ApiResult<()> {
    reflection_answer::Entity::delete_by_id((reflection_id, item_key))
        .exec(db)
        .await?;
    Ok(())
}

/// These reflections, in one statement.
pub async fn reflections(
    db: &impl ConnectionTrait,
    ids: &BTreeSet<Uuid>,
) -> ApiResult<Vec<reflection::Model>> {
    Ok(reflection::Entity::find()
        .filter(reflection::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?)
}

/// The submitted reflections of these people, newest first.
pub async fn submitted_of(
    db: &impl ConnectionTrait,
    people: &[Uuid],
) -> ApiResult<Vec<reflection::Model>> {
    Ok(reflection::Entity::find()
        .filter(reflection::Column::PersonId.is_in(people.iter().copied()))
        .filter(reflection::Column::Status.eq(ReflectionStatus::Submitted))
        .order_by_desc(reflection::Column::SubmittedAt)
        .order_by_desc(reflection::Column::Id)
        .all(db)
        .await?)
}

/// An owner's shares with one person.
pub async fn shares(
    db: &impl ConnectionTrait,
    owner: Uuid,
    grantee: Uuid,
) -> ApiResult<Vec<share::Model>> {
    Ok(share::Entity::find()
        .filter(share::Column::OwnerId.eq(owner))
        .filter(share::Column::GranteeId.eq(grantee))
        .all(db)
        .await?)
}

/// An owner's shares, newest first.
pub async fn shares_by(db: &impl ConnectionTrait, owner: Uuid) -> ApiResult<Vec<share::Model>> {
    Ok(share::Entity::find()
        .filter(share::Column::OwnerId.eq(owner))
        .order_by_desc(share::Column::Id)
        .all(db)
        .await?)
}

/// The shares with a person, newest first.
pub async fn shares_to(db: &impl ConnectionTrait, grantee: Uuid) -> ApiResult<Vec<share::Model>> {
    Ok(share::Entity::find()
        .filter(share::Column::GranteeId.eq(grantee))
        .order_by_desc(share::Column::Id)
        .all(db)
        .await?)
}

pub async fn share(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<share::Model>> {
    Ok(share::Entity::find_by_id(id).one(db).await?)
}

/// A share written: inserted when new, else every column written back.
pub async fn save_share(
    db: &impl ConnectionTrait,
    s: share::Model,
    new: bool,
) -> ApiResult<share::Model> {
    let a = s.into_active_model();
    Ok(if new {
        a.insert(db).await?
    } else {
        a.reset_all().update(db).await?
    })
}

pub async fn delete_share(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    share::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// The agreed levels of a reflection (of one area, if named).
pub async fn agreed(
    db: &impl ConnectionTrait,
    reflection_id: Uuid,
    area: Option<&str>,
) -> ApiResult<Vec<agreed_level::Model>> {
    let mut q =
        agreed_level::Entity::find().filter(agreed_level::Column::ReflectionId.eq(reflection_id));
    if let Some(a) = area {
        q = q.filter(agreed_level::Column::AreaKey.eq(a));
    }
    Ok(q.all(db).await?)
}

/// An agreed level written: inserted when new, else every column written back.
pub async fn save_agreed(
    db: &impl ConnectionTrait,
    a: agreed_level::Model,
    new: bool,
) -> ApiResult<()> {
    let m = a.into_active_model();
    if new {
        m.insert(db).await?;
    } else {
        m.reset_all().update(db).await?;
    }
    Ok(())
}

/// A person's latest submitted reflection.
pub async fn latest_submitted(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> ApiResult<Option<reflection::Model>> {
    Ok(reflection::Entity::find()
        .filter(reflection::Column::PersonId.eq(person))
        .filter(reflection::Column::Status.eq(ReflectionStatus::Submitted))
        .order_by_desc(reflection::Column::SubmittedAt)
        .order_by_desc(reflection::Column::Id)
        .one(db)
        .await?)
}

/// The submitted reflections of these people on these versions, newest first.
pub async fn submitted_of_on(
    db: &impl ConnectionTrait,
    people: &[Uuid],
    versions: &[Uuid],
) -> ApiResult<Vec<reflection::Model>> {
    Ok(reflection::Entity::find()
        .filter(reflection::Column::PersonId.is_in(people.iter().copied()))
        .filter(reflection::Column::Status.eq(ReflectionStatus::Submitted))
        .filter(reflection::Column::InstrumentVersionId.is_in(versions.iter().copied()))
        .order_by_desc(reflection::Column::SubmittedAt)
        .order_by_desc(reflection::Column::Id)
        .all(db)
        .await?)
}

/// These reflections, each locked for writing (PostgreSQL) in the order of their ids, with
/// whether its owner's account is active and its version's definition hash: what an
/// autosave batch checks, in one statement (the people and the versions are read, not
/// locked).
pub async fn for_write_with_owner(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> ApiResult<Vec<(reflection::Model, bool, String)>> {
    use crate::instruments::entity::instrument_version as iv;
    use crate::people::entity::person;
    use sea_orm::sea_query::{ExprTrait, LockType, Order, Query};
    use sea_orm::{FromQueryResult, Iterable};
    let r = reflection::Entity;
    let mut q = Query::select();
    for c in reflection::Column::iter() {
        q.column((r, c));
    }
    q.expr_as(
        Expr::col((person::Entity, person::Column::Active)),
        sea_orm::sea_query::Alias::new("owner_active"),
    )
    .expr_as(
        Expr::col((iv::Entity, iv::Column::DefinitionHash)),
        sea_orm::sea_query::Alias::new("definition_hash"),
    )
    .from(r)
    .inner_join(
        person::Entity,
        Expr::col((person::Entity, person::Column::Id)).equals((r, reflection::Column::PersonId)),
    )
    .inner_join(
        iv::Entity,
        Expr::col((iv::Entity, iv::Column::Id))
            .equals((r, reflection::Column::InstrumentVersionId)),
    )
    .and_where(Expr::col((r, reflection::Column::Id)).is_in(ids))
    .order_by((r, reflection::Column::Id), Order::Asc);
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        q.lock_with_tables(LockType::NoKeyUpdate, [r]);
    }
    let mut out = Vec::new();
    for row in db.query_all(&q).await? {
        out.push((
            reflection::Model::from_query_result(&row, "")?,
            row.try_get::<bool>("", "owner_active")?,
            row.try_get::<String>("", "definition_hash")?,
        ));
    }
    Ok(out)
}

/// The stored answers to any of these items in any of these reflections (a superset of
/// the pairs asked about; the caller picks).
pub async fn answers_among(
    db: &impl ConnectionTrait,
    reflection_ids: Vec<Uuid>,
    item_keys: Vec<String>,
) -> ApiResult<Vec<reflection_answer::Model>> {
    Ok(reflection_answer::Entity::find()
        .filter(reflection_answer::Column::ReflectionId.is_in(reflection_ids))
        .filter(reflection_answer::Column::ItemKey.is_in(item_keys))
        .all(db)
        .await?)
}

/// Answers written as given, inserted or replacing the stored one, many per statement.
pub async fn put_answers(
    db: &impl ConnectionTrait,
    rows: Vec<reflection_answer::Model>,
) -> ApiResult<()> {
    crate::db::insert_in_chunks(
        db,
        rows.into_iter().map(IntoActiveModel::into_active_model),
        Some(
            OnConflict::columns([
                reflection_answer::Column::ReflectionId,
                reflection_answer::Column::ItemKey,
            ])
            .update_columns([
                reflection_answer::Column::Value,
                reflection_answer::Column::UpdatedAt,
            ])
            .to_owned(),
        ),
    )
    .await?;
    Ok(())
}

/// The reflections' time moved on.
pub async fn touch_many(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    reflection::Entity::update_many()
        .col_expr(reflection::Column::UpdatedAt, Expr::value(now))
        .filter(reflection::Column::Id.is_in(ids))
        .exec(db)
        .await?;
    Ok(())
}

// ---------- paired changes ----------

/// Lock a person's row until the transaction ends: the pairs of their reflections are
/// worked out one writer at a time (two submissions at once would both pair with the same
/// earlier reflection).
pub async fn lock_person(db: &impl ConnectionTrait, person_id: Uuid) -> ApiResult<()> {
    crate::people::entity::person::Entity::find_by_id(person_id)
        .select_only()
        .column(crate::people::entity::person::Column::Id)
        .for_write()
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    Ok(())
}

/// The people who have a submitted reflection whose pair is not worked out yet.
pub async fn people_with_unpaired(db: &impl ConnectionTrait) -> ApiResult<Vec<Uuid>> {
    use sea_orm::sea_query::Query;
    let paired = Query::select()
        .column(pair::Column::ReflectionId)
        .from(pair::Entity)
        .to_owned();
    Ok(reflection::Entity::find()
        .select_only()
        .column(reflection::Column::PersonId)
        .distinct()
        .filter(reflection::Column::Status.eq(ReflectionStatus::Submitted))
        .filter(reflection::Column::Id.not_in_subquery(paired))
        .into_tuple::<Uuid>()
        .all(db)
        .await?)
}

/// Which of these reflections have their pair worked out.
pub async fn paired_among(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<BTreeSet<Uuid>> {
    Ok(pair::Entity::find()
        .select_only()
        .column(pair::Column::ReflectionId)
        .filter(pair::Column::ReflectionId.is_in(ids.iter().copied()))
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// Replace the pairs and changes of some reflections.
pub async fn save_pairs(
    db: &impl ConnectionTrait,
    pairs: Vec<pair::Model>,
    changes: Vec<change::Model>,
) -> ApiResult<()> {
    if pairs.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = pairs.iter().map(|p| p.reflection_id).collect();
    for chunk in ids.chunks(500) {
        change::Entity::delete_many()
            .filter(change::Column::ReflectionId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
        pair::Entity::delete_many()
            .filter(pair::Column::ReflectionId.is_in(chunk.iter().copied()))
            .exec(db)
            .await?;
    }
    for chunk in pairs.chunks(1_000) {
        pair::Entity::insert_many(
            chunk
                .iter()
                .cloned()
                .map(IntoActiveModel::into_active_model),
        )
        .exec_without_returning(db)
        .await?;
    }
    for chunk in changes.chunks(1_000) {
        change::Entity::insert_many(
            chunk
                .iter()
                .cloned()
                .map(IntoActiveModel::into_active_model),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}
