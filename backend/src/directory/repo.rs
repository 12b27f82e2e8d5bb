//! The directory's queries.

use super::dto::{HubQuery, OrganisationQuery, SchoolQuery};
use super::entity::{hub, hub_organisation, organisation, school};
use crate::auth::entity::machine_client;
use crate::error::ApiResult;
use crate::people::entity::role_grant;
use crate::platform::pagination::{Cursor, like_pattern};
use sea_orm::sea_query::{Expr, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, FromQueryResult,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// Rows after the cursor in (folded name, id) order.
pub fn after<C: ColumnTrait>(key: C, id: C, c: &Cursor) -> Condition {
    Condition::any()
        .add(key.gt(c.key.clone()))
        .add(Condition::all().add(key.eq(c.key.clone())).add(id.gt(c.id)))
}

pub fn name_like<C: ColumnTrait>(col: C, q: &str) -> sea_orm::sea_query::SimpleExpr {
    col.like(LikeExpr::new(like_pattern(q)).escape('\\'))
}

/// The names of these schools, in one statement.
pub async fn school_names(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> ApiResult<BTreeMap<Uuid, String>> {
    Ok(school::Entity::find()
        .select_only()
        .column(school::Column::Id)
        .column(school::Column::Name)
        .filter(school::Column::Id.is_in(ids))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

pub async fn hub(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<hub::Model>> {
    Ok(hub::Entity::find_by_id(id).one(db).await?)
}

/// One page of hubs by folded name: all, or those seen; filtered by name and country.
pub async fn hubs(
    db: &impl ConnectionTrait,
    seen: Option<Vec<Uuid>>,
    q: &HubQuery,
    cursor: Option<&Cursor>,
    limit: u64,
) -> ApiResult<Vec<hub::Model>> {
    let mut sel = hub::Entity::find();
    if let Some(ids) = seen {
        sel = sel.filter(hub::Column::Id.is_in(ids));
    }
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
        sel = sel.filter(name_like(hub::Column::NameFolded, text));
    }
    if let Some(c) = &q.country {
        sel = sel.filter(hub::Column::Country.eq(c.to_uppercase()));
    }
    if let Some(c) = cursor {
        sel = sel.filter(after(hub::Column::NameFolded, hub::Column::Id, c));
    }
    Ok(sel
        .order_by_asc(hub::Column::NameFolded)
        .order_by_asc(hub::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// A new hub; the database's error as it is (a taken name is a unique violation).
pub async fn insert_hub(db: &impl ConnectionTrait, h: hub::Model) -> Result<hub::Model, DbErr> {
    h.into_active_model().insert(db).await
}

/// Every column written back if the stored version is still `version`: the hub as it is
/// now, or `None` when somebody changed it first.
pub async fn update_hub_if(
    db: &impl ConnectionTrait,
    h: hub::Model,
    version: i32,
) -> Result<Option<hub::Model>, DbErr> {
    let id = h.id;
    let res = hub::Entity::update_many()
        .set(h.into_active_model().reset_all())
        .filter(hub::Column::Id.eq(id))
        .filter(hub::Column::Version.eq(version))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    hub::Entity::find_by_id(id).one(db).await
}

/// What keeps a hub from being deleted: (schools, role grants, machine clients).
pub async fn hub_in_use(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<(u64, u64, u64)> {
    let schools = school::Entity::find()
        .filter(school::Column::HubId.eq(id))
        .count(db)
        .await?;
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::HubId.eq(id))
        .count(db)
        .await?;
    let clients = machine_client::Entity::find()
        .filter(machine_client::Column::HubId.eq(id))
        .count(db)
        .await?;
    Ok((schools, grants, clients))
}

pub async fn delete_hub(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    hub::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

pub async fn school(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<school::Model>> {
    Ok(school::Entity::find_by_id(id).one(db).await?)
}

/// One page of schools by folded name: all, or those of `reach` (hubs seen in full, single
/// schools); filtered by hub, text (the database's text index), country and kind.
pub async fn schools(
    db: &(impl ConnectionTrait + 'static),
    reach: Option<(Vec<Uuid>, Vec<Uuid>)>,
    q: &SchoolQuery,
    cursor: Option<&Cursor>,
    limit: u64,
) -> ApiResult<Vec<school::Model>> {
    let mut sel = school::Entity::find();
    if let Some((hubs, schools)) = reach {
        sel = sel.filter(
            Condition::any()
                .add(school::Column::HubId.is_in(hubs))
                .add(school::Column::Id.is_in(schools)),
        );
    }
    if let Some(h) = q.hub_id {
        sel = sel.filter(school::Column::HubId.eq(h));
    }
    let text = q.q.as_deref().filter(|t| !t.trim().is_empty());
    if let Some(text) = text {
        sel = sel.filter(
            crate::platform::search::matches(
                db.get_database_backend(),
                crate::platform::search::Target::Schools,
                text,
                crate::platform::search::Drive::Index,
            )
            .unwrap_or_else(|| Condition::all().add(name_like(school::Column::NameFolded, text))),
        );
    }
    if let Some(c) = &q.country {
        sel = sel.filter(school::Column::Country.eq(c.to_uppercase()));
    }
    if let Some(k) = q.kind {
        sel = sel.filter(school::Column::Kind.eq(k));
    }
    if let Some(c) = cursor {
        sel = sel.filter(after(school::Column::NameFolded, school::Column::Id, c));
    }
    let sel = sel
        .order_by_asc(school::Column::NameFolded)
        .order_by_asc(school::Column::Id)
        .limit(limit);
    if text.is_none() {
        return Ok(sel.all(db).await?);
    }
    // A search is planned for its words each time (see db::query_all_planned).
    let rows = crate::db::query_all_planned(db, QueryTrait::build(&sel, db.get_database_backend()))
        .await?;
    Ok(rows
        .iter()
        .map(|r| <school::Model as FromQueryResult>::from_query_result(r, ""))
        .collect::<Result<_, _>>()?)
}

/// A new school; the database's error as it is (a taken name is a unique violation).
pub async fn insert_school(
    db: &impl ConnectionTrait,
    s: school::Model,
) -> Result<school::Model, DbErr> {
    s.into_active_model().insert(db).await
}

/// Every column written back if the stored version is still `version` (see
/// [`update_hub_if`]).
pub async fn update_school_if(
    db: &impl ConnectionTrait,
    s: school::Model,
    version: i32,
) -> Result<Option<school::Model>, DbErr> {
    let id = s.id;
    let res = school::Entity::update_many()
        .set(s.into_active_model().reset_all())
        .filter(school::Column::Id.eq(id))
        .filter(school::Column::Version.eq(version))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    school::Entity::find_by_id(id).one(db).await
}

/// The school's role grants follow it to another hub.
pub async fn move_school_grants(
    db: &impl ConnectionTrait,
    school_id: Uuid,
    hub_id: Uuid,
) -> ApiResult<()> {
    role_grant::Entity::update_many()
        .col_expr(role_grant::Column::HubId, Expr::value(hub_id))
        .filter(role_grant::Column::SchoolId.eq(school_id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn school_grant_count(db: &impl ConnectionTrait, school_id: Uuid) -> ApiResult<u64> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::SchoolId.eq(school_id))
        .count(db)
        .await?)
}

pub async fn delete_school(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    school::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

pub async fn organisation(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<organisation::Model>> {
    Ok(organisation::Entity::find_by_id(id).one(db).await?)
}

/// Organisations by id.
pub async fn organisations_by_ids(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> ApiResult<HashMap<Uuid, organisation::Model>> {
    Ok(organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect())
}

/// One page of organisations by folded name, filtered by name, kind and country.
pub async fn organisations(
    db: &impl ConnectionTrait,
    q: &OrganisationQuery,
    cursor: Option<&Cursor>,
    limit: u64,
) -> ApiResult<Vec<organisation::Model>> {
    let mut sel = organisation::Entity::find();
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
        sel = sel.filter(name_like(organisation::Column::NameFolded, text));
    }
    if let Some(k) = q.kind {
        sel = sel.filter(organisation::Column::Kind.eq(k));
    }
    if let Some(c) = &q.country {
        sel = sel.filter(organisation::Column::Country.eq(c.to_uppercase()));
    }
    if let Some(c) = cursor {
        sel = sel.filter(after(
            organisation::Column::NameFolded,
            organisation::Column::Id,
            c,
        ));
    }
    Ok(sel
        .order_by_asc(organisation::Column::NameFolded)
        .order_by_asc(organisation::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// A new organisation; the database's error as it is.
pub async fn insert_organisation(
    db: &impl ConnectionTrait,
    o: organisation::Model,
) -> Result<organisation::Model, DbErr> {
    o.into_active_model().insert(db).await
}

/// Every column written back if the stored version is still `version` (see
/// [`update_hub_if`]).
pub async fn update_organisation_if(
    db: &impl ConnectionTrait,
    o: organisation::Model,
    version: i32,
) -> Result<Option<organisation::Model>, DbErr> {
    let id = o.id;
    let res = organisation::Entity::update_many()
        .set(o.into_active_model().reset_all())
        .filter(organisation::Column::Id.eq(id))
        .filter(organisation::Column::Version.eq(version))
        .exec(db)
        .await?;
    if res.rows_affected != 1 {
        return Ok(None);
    }
    organisation::Entity::find_by_id(id).one(db).await
}

pub async fn delete_organisation(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    organisation::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// The hubs an organisation takes part in.
pub async fn links_of_organisation(
    db: &impl ConnectionTrait,
    org: Uuid,
) -> ApiResult<Vec<hub_organisation::Model>> {
    Ok(hub_organisation::Entity::find()
        .filter(hub_organisation::Column::OrganisationId.eq(org))
        .all(db)
        .await?)
}

/// The organisations taking part in a hub.
pub async fn links_of_hub(
    db: &impl ConnectionTrait,
    hub_id: Uuid,
) -> ApiResult<Vec<hub_organisation::Model>> {
    Ok(hub_organisation::Entity::find()
        .filter(hub_organisation::Column::HubId.eq(hub_id))
        .all(db)
        .await?)
}

pub async fn link(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<hub_organisation::Model>> {
    Ok(hub_organisation::Entity::find_by_id(id).one(db).await?)
}

/// A new link; the database's error as it is (a second link with the role is a unique
/// violation).
pub async fn insert_link(
    db: &impl ConnectionTrait,
    l: hub_organisation::Model,
) -> Result<hub_organisation::Model, DbErr> {
    l.into_active_model().insert(db).await
}

pub async fn delete_link(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    hub_organisation::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// A hub's schools by folded name.
pub async fn schools_of_hub(
    db: &impl ConnectionTrait,
    hub_id: Uuid,
) -> ApiResult<Vec<school::Model>> {
    Ok(school::Entity::find()
        .filter(school::Column::HubId.eq(hub_id))
        .order_by_asc(school::Column::NameFolded)
        .all(db)
        .await?)
}
