//! The audit log's queries.

use super::dto::AuditFilter;
use super::entity::audit_entry;
use crate::error::ApiResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

pub async fn insert(db: &impl ConnectionTrait, entry: audit_entry::Model) -> ApiResult<()> {
    audit_entry::Entity::insert(entry.into_active_model())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The entries of these hubs (all with `None`), with the filters applied.
pub fn select(hubs: Option<&[Uuid]>, f: &AuditFilter) -> Select<audit_entry::Entity> {
    let mut q = audit_entry::Entity::find();
    if let Some(hubs) = hubs {
        q = q.filter(audit_entry::Column::HubId.is_in(hubs.iter().copied()));
    }
    if let Some(h) = f.hub_id {
        q = q.filter(audit_entry::Column::HubId.eq(h));
    }
    if let Some(s) = f.school_id {
        q = q.filter(audit_entry::Column::SchoolId.eq(s));
    }
    if let Some(a) = f.actor_id {
        q = q.filter(audit_entry::Column::ActorId.eq(a));
    }
    if let Some(action) = f.action.as_deref().map(str::trim).filter(|a| !a.is_empty()) {
        // `campaign.` (ending in a dot) is every action of that kind.
        q = match action.strip_suffix('.') {
            Some(prefix) => q.filter(audit_entry::Column::Action.starts_with(format!("{prefix}."))),
            None => q.filter(audit_entry::Column::Action.eq(action)),
        };
    }
    if let Some(k) = f.target_kind.as_deref().filter(|k| !k.is_empty()) {
        q = q.filter(audit_entry::Column::TargetKind.eq(k));
    }
    if let Some(t) = f.target_id {
        q = q.filter(audit_entry::Column::TargetId.eq(t));
    }
    if let Some(from) = f.from {
        q = q.filter(audit_entry::Column::At.gte(from.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    if let Some(to) = f.to {
        let next = to + chrono::Duration::days(1);
        q = q.filter(audit_entry::Column::At.lt(next.and_time(chrono::NaiveTime::MIN).and_utc()));
    }
    q
}

/// Newest first: at most `limit` entries older than `before`.
pub async fn page(
    db: &impl ConnectionTrait,
    q: Select<audit_entry::Entity>,
    before: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<audit_entry::Model>> {
    let q = match before {
        Some(id) => q.filter(audit_entry::Column::Id.lt(id)),
        None => q,
    };
    Ok(q.order_by_desc(audit_entry::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// The distinct (kind, id) of the actors of the entries (at most `limit`).
pub async fn actors(
    db: &impl ConnectionTrait,
    q: Select<audit_entry::Entity>,
    limit: u64,
) -> ApiResult<Vec<(String, Option<Uuid>)>> {
    Ok(q.select_only()
        .column(audit_entry::Column::ActorKind)
        .column(audit_entry::Column::ActorId)
        .filter(audit_entry::Column::ActorId.is_not_null())
        .distinct()
        .limit(limit)
        .into_tuple::<(String, Option<Uuid>)>()
        .all(db)
        .await?)
}

/// `SELECT id, <column> FROM <table> WHERE id IN (…)` — the audit log's one look into the
/// tables it names things from (it only reads names).
pub async fn names_in(
    db: &impl ConnectionTrait,
    table: &'static str,
    column: &'static str,
    ids: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    let ids: BTreeSet<Uuid> = ids.iter().copied().collect();
    let mut out = BTreeMap::new();
    // Bounded lists: a page holds at most 200 entries; the CSV is chunked.
    let all: Vec<Uuid> = ids.into_iter().collect();
    for chunk in all.chunks(500) {
        let q = Query::select()
            .column(Alias::new("id"))
            .expr_as(Expr::col(Alias::new(column)), Alias::new("name"))
            .from(Alias::new(table))
            .and_where(Expr::col(Alias::new("id")).is_in(chunk.iter().copied()))
            .to_owned();
        for row in db.query_all(&q).await? {
            let id: Uuid = row.try_get("", "id")?;
            let name: String = row.try_get("", "name")?;
            out.insert(id, name);
        }
    }
    Ok(out)
}
