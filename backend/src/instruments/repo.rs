//! Instruments' queries.

use super::entity::{instrument, instrument_text, instrument_version};
use crate::error::ApiResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, UnionType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::{BTreeMap, BTreeSet};
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

/// Every version of one instrument, newest first.
pub async fn versions_of(
    db: &impl ConnectionTrait,
    instrument_id: Uuid,
) -> ApiResult<Vec<instrument_version::Model>> {
    Ok(instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(instrument_id))
        .order_by_desc(instrument_version::Column::Seq)
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

/// Version id → (instrument key, version label), for the versions with these ids, in one
/// statement that reads no definition (lists show only the labels).
pub async fn version_labels(
    db: &impl ConnectionTrait,
    ids: &BTreeSet<Uuid>,
) -> ApiResult<BTreeMap<Uuid, (String, String)>> {
    let (v, i) = (instrument_version::Entity, instrument::Entity);
    let q = Query::select()
        .column((v, instrument_version::Column::Id))
        .column((v, instrument_version::Column::Version))
        .column((i, instrument::Column::Key))
        .from(v)
        .inner_join(
            i,
            Expr::col((i, instrument::Column::Id))
                .equals((v, instrument_version::Column::InstrumentId)),
        )
        .and_where(Expr::col((v, instrument_version::Column::Id)).is_in(ids.iter().copied()))
        .to_owned();
    let mut out = BTreeMap::new();
    for r in db.query_all(&q).await? {
        out.insert(
            r.try_get("", "id")?,
            (r.try_get("", "key")?, r.try_get("", "version")?),
        );
    }
    Ok(out)
}

/// Every instrument, by key.
pub async fn instruments(db: &impl ConnectionTrait) -> ApiResult<Vec<instrument::Model>> {
    Ok(instrument::Entity::find()
        .order_by_asc(instrument::Column::Key)
        .all(db)
        .await?)
}

pub async fn insert_instrument(
    db: &impl ConnectionTrait,
    m: instrument::Model,
) -> ApiResult<instrument::Model> {
    Ok(m.into_active_model().insert(db).await?)
}

/// An instrument's version by name, or its newest with `None`.
pub async fn version(
    db: &impl ConnectionTrait,
    instrument_id: Uuid,
    name: Option<&str>,
) -> ApiResult<Option<instrument_version::Model>> {
    let mut q = instrument_version::Entity::find()
        .filter(instrument_version::Column::InstrumentId.eq(instrument_id));
    if let Some(n) = name {
        q = q.filter(instrument_version::Column::Version.eq(n));
    }
    Ok(q.order_by_desc(instrument_version::Column::Seq)
        .one(db)
        .await?)
}

pub async fn version_by_id(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<instrument_version::Model>> {
    Ok(instrument_version::Entity::find_by_id(id).one(db).await?)
}

/// A version's instrument and the hash of its definition (the definition itself is taken
/// from the cache when it is there).
pub async fn version_head(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<(Uuid, String)>> {
    Ok(instrument_version::Entity::find_by_id(id)
        .select_only()
        .column(instrument_version::Column::InstrumentId)
        .column(instrument_version::Column::DefinitionHash)
        .into_tuple()
        .one(db)
        .await?)
}

/// Only the hash of a version's definition (to find it in the cache without reading it).
pub async fn definition_hash(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<String>> {
    Ok(instrument_version::Entity::find_by_id(id)
        .select_only()
        .column(instrument_version::Column::DefinitionHash)
        .into_tuple()
        .one(db)
        .await?)
}

/// A version written: inserted when new, else every column written back.
pub async fn save_version(
    db: &impl ConnectionTrait,
    v: instrument_version::Model,
    new: bool,
) -> ApiResult<instrument_version::Model> {
    let a = v.into_active_model();
    Ok(if new {
        a.insert(db).await?
    } else {
        a.reset_all().update(db).await?
    })
}

/// The texts of every language of a version, by language.
pub async fn texts(
    db: &impl ConnectionTrait,
    version_id: Uuid,
) -> ApiResult<Vec<instrument_text::Model>> {
    Ok(instrument_text::Entity::find()
        .filter(instrument_text::Column::VersionId.eq(version_id))
        .order_by_asc(instrument_text::Column::Language)
        .all(db)
        .await?)
}

/// The texts of a version in one language.
pub async fn text(
    db: &impl ConnectionTrait,
    version_id: Uuid,
    language: &str,
) -> ApiResult<Option<instrument_text::Model>> {
    Ok(instrument_text::Entity::find()
        .filter(instrument_text::Column::VersionId.eq(version_id))
        .filter(instrument_text::Column::Language.eq(language))
        .one(db)
        .await?)
}

pub async fn text_by_id(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<instrument_text::Model>> {
    Ok(instrument_text::Entity::find_by_id(id).one(db).await?)
}

/// (id, language, content hash, status) of a version's English and `lang` texts: enough
/// to find them in the cache without reading them.
pub async fn text_heads(
    db: &impl ConnectionTrait,
    version_id: Uuid,
    lang: &str,
) -> ApiResult<Vec<(Uuid, String, String, String)>> {
    Ok(instrument_text::Entity::find()
        .select_only()
        .column(instrument_text::Column::Id)
        .column(instrument_text::Column::Language)
        .column(instrument_text::Column::TextsHash)
        .column(instrument_text::Column::Status)
        .filter(instrument_text::Column::VersionId.eq(version_id))
        .filter(instrument_text::Column::Language.is_in(["en", lang]))
        .into_tuple()
        .all(db)
        .await?)
}

/// Texts written: inserted when new, else every column written back.
pub async fn save_text(
    db: &impl ConnectionTrait,
    t: instrument_text::Model,
    new: bool,
) -> ApiResult<instrument_text::Model> {
    let a = t.into_active_model();
    Ok(if new {
        a.insert(db).await?
    } else {
        a.reset_all().update(db).await?
    })
}

/// The tables whose rows record something asked on a version. Instruments are data below
/// the features that use them: they know these tables by name from the schema (the
/// migrations), not by importing the features.
const VERSION_USERS: [&str; 2] = ["reflections", "campaigns"];

/// Which of these versions are in use (see `service::version_in_use`), in one statement.
pub async fn versions_in_use(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<BTreeSet<Uuid>> {
    if ids.is_empty() {
        return Ok(BTreeSet::new());
    }
    let col = Alias::new("instrument_version_id");
    let select = |table: &str| {
        Query::select()
            .distinct()
            .column(col.clone())
            .from(Alias::new(table))
            .and_where(Expr::col(col.clone()).is_in(ids.iter().copied()))
            .to_owned()
    };
    let mut q = select(VERSION_USERS[0]);
    for t in &VERSION_USERS[1..] {
        q.union(UnionType::Distinct, select(t));
    }
    let rows = db.query_all(&q).await?;
    let mut out = BTreeSet::new();
    for r in rows {
        out.insert(r.try_get::<Uuid>("", "instrument_version_id")?);
    }
    Ok(out)
}
