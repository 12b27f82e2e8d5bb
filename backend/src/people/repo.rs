//! People's queries: people, their grants and invitations, and the people list.

use super::dto::{GrantDto, PeopleQuery};
use super::entity::{invitation, person, role_grant};
use crate::auth::model::Role;
use crate::auth::policy::Reach;
use crate::db::ForWrite;
use crate::directory::entity::{hub, school};
use crate::directory::repo::{after, name_like};
use crate::error::ApiResult;
use crate::platform::pagination::Cursor;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::ExprTrait;
use sea_orm::sea_query::{Alias, Asterisk, Expr, Order, Query, SelectStatement, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, Condition, DbErr, FromQueryResult, IntoActiveModel, QueryOrder, QueryResult,
    QuerySelect, QueryTrait,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// A person's name, if the person exists.
pub async fn name_of(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<String>> {
    Ok(person::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|p| p.name))
}

/// The names of these people, in one statement (none read for no ids).
pub async fn names_of(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, String>> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(person::Entity::find()
        .select_only()
        .column(person::Column::Id)
        .column(person::Column::Name)
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .into_tuple::<(Uuid, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

pub async fn person(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<person::Model>> {
    Ok(person::Entity::find_by_id(id).one(db).await?)
}

/// A person by (normalised) e-mail address.
pub async fn by_email(db: &impl ConnectionTrait, email: &str) -> ApiResult<Option<person::Model>> {
    Ok(person::Entity::find()
        .filter(person::Column::Email.eq(email))
        .one(db)
        .await?)
}

/// People by id, in one statement (none read for no ids).
pub async fn by_ids(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, person::Model>> {
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect())
}

/// Of these people, the active ones whose folded name contains `q` (all with `None`).
pub async fn active_among(
    db: &impl ConnectionTrait,
    ids: &BTreeSet<Uuid>,
    q: Option<&str>,
) -> ApiResult<Vec<person::Model>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let mut sel = person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .filter(person::Column::Active.eq(true));
    if let Some(q) = q {
        sel = sel
            .filter(person::Column::NameFolded.like(crate::platform::pagination::like_pattern(q)));
    }
    Ok(sel.all(db).await?)
}

/// A person's role grants.
pub async fn grants_of(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> ApiResult<Vec<role_grant::Model>> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::PersonId.eq(person_id))
        .all(db)
        .await?)
}

/// The role grants of these people, in one statement.
pub async fn grants_of_many(
    db: &impl ConnectionTrait,
    people: &[Uuid],
) -> ApiResult<Vec<role_grant::Model>> {
    if people.is_empty() {
        return Ok(vec![]);
    }
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::PersonId.is_in(people.iter().copied()))
        .all(db)
        .await?)
}

/// The grants held in these schools or hubs by anyone but `except`.
pub async fn grants_in(
    db: &impl ConnectionTrait,
    schools: &BTreeSet<Uuid>,
    hubs: &BTreeSet<Uuid>,
    except: Uuid,
) -> ApiResult<Vec<role_grant::Model>> {
    Ok(role_grant::Entity::find()
        .filter(
            role_grant::Column::SchoolId
                .is_in(schools.iter().copied())
                .or(role_grant::Column::HubId.is_in(hubs.iter().copied())),
        )
        .filter(role_grant::Column::PersonId.ne(except))
        .all(db)
        .await?)
}

/// A person's grants with the names of their hubs and schools, in one statement.
pub async fn grants_with_places(
    db: &impl ConnectionTrait,
    person_id: Uuid,
) -> ApiResult<Vec<GrantDto>> {
    let g = role_grant::Entity;
    let mut q = Query::select().from(g).to_owned();
    with_grant_places(&mut q);
    q.and_where(Expr::col((g, role_grant::Column::PersonId)).eq(person_id));
    let mut out = Vec::new();
    for r in db.query_all(&q).await? {
        out.extend(grant_of(&r)?);
    }
    Ok(out)
}

/// A select that holds `role_grants` gets each grant's columns (as `g_…`) with its hub's and
/// school's names, in the grants' order.
fn with_grant_places(q: &mut SelectStatement) {
    let g = role_grant::Entity;
    q.expr_as(Expr::col((g, role_grant::Column::Id)), Alias::new("g_id"))
        .expr_as(
            Expr::col((g, role_grant::Column::Role)),
            Alias::new("g_role"),
        )
        .expr_as(
            Expr::col((g, role_grant::Column::HubId)),
            Alias::new("g_hub_id"),
        )
        .expr_as(
            Expr::col((g, role_grant::Column::SchoolId)),
            Alias::new("g_school_id"),
        )
        .expr_as(
            Expr::col((g, role_grant::Column::CreatedAt)),
            Alias::new("g_created_at"),
        )
        .expr_as(
            Expr::col((hub::Entity, hub::Column::Name)),
            Alias::new("hub_name"),
        )
        .expr_as(
            Expr::col((school::Entity, school::Column::Name)),
            Alias::new("school_name"),
        )
        .left_join(
            hub::Entity,
            Expr::col((hub::Entity, hub::Column::Id)).equals((g, role_grant::Column::HubId)),
        )
        .left_join(
            school::Entity,
            Expr::col((school::Entity, school::Column::Id))
                .equals((g, role_grant::Column::SchoolId)),
        )
        .order_by((g, role_grant::Column::CreatedAt), Order::Asc)
        .order_by((g, role_grant::Column::Id), Order::Asc);
}

/// The grant of a row made by [`with_grant_places`]; none on a row without one (a person
/// with no grant, left-joined) or with a role this version does not know.
fn grant_of(r: &QueryResult) -> ApiResult<Option<GrantDto>> {
    let Some(id) = r.try_get::<Option<Uuid>>("", "g_id")? else {
        return Ok(None);
    };
    let role: String = r.try_get("", "g_role")?;
    let Some(role) = Role::parse(&role) else {
        return Ok(None);
    };
    Ok(Some(GrantDto {
        id,
        role,
        hub_id: r.try_get("", "g_hub_id")?,
        hub_name: r.try_get("", "hub_name")?,
        school_id: r.try_get("", "g_school_id")?,
        school_name: r.try_get("", "school_name")?,
        created_at: r.try_get("", "g_created_at")?,
    }))
}

fn in_scope_condition(scope: &Reach) -> Condition {
    Condition::all().add(has_grant(
        Condition::any()
            .add(role_grant::Column::HubId.is_in(scope.hubs.clone()))
            .add(role_grant::Column::SchoolId.is_in(scope.schools.clone())),
    ))
}

/// The person has a grant that meets `c`. A correlated `EXISTS` (one look-up in the grants'
/// person index per person considered), not `IN (every person of the hub)`: a hub of
/// 250 schools has thousands of people, and a page or a search needs a few of them.
fn has_grant(c: Condition) -> SimpleExpr {
    Expr::exists(
        Query::select()
            .expr(Expr::val(1))
            .from(role_grant::Entity)
            .and_where(
                Expr::col((role_grant::Entity, role_grant::Column::PersonId))
                    .equals((person::Entity, person::Column::Id)),
            )
            .cond_where(c)
            .to_owned(),
    )
}

/// The person is one of those with a grant that meets `c`: the list of them first, for
/// conditions that pick few people (a school's, a role few hold).
fn among_grantees(c: Condition) -> SimpleExpr {
    person::Column::Id.in_subquery(
        Query::select()
            .column(role_grant::Column::PersonId)
            .from(role_grant::Entity)
            .cond_where(c)
            .to_owned(),
    )
}

/// One page of the people a caller with `scope` sees, by folded name, with the list's
/// filters.
pub async fn page(
    db: &(impl ConnectionTrait + 'static),
    scope: &Reach,
    q: &PeopleQuery,
    cursor: Option<&Cursor>,
    limit: u64,
) -> ApiResult<Vec<(Listed, Vec<GrantDto>)>> {
    use crate::platform::search::{self, Drive, Target};
    let school_scope = !scope.all && scope.hubs.is_empty();
    let narrow =
        school_scope || q.school_id.is_some() || q.role.is_some_and(|r| r != Role::Teacher);
    let mut sel = person::Entity::find();
    if school_scope {
        sel = sel.filter(among_grantees(
            Condition::all().add(role_grant::Column::SchoolId.is_in(scope.schools.clone())),
        ));
    } else if !scope.all && !q.hub_id.is_some_and(|h| scope.hubs.contains(&h)) {
        // (A hub of the caller's asked for: its grant below already puts each person in
        // reach, so the reach is not checked a second time per person.)
        sel = sel.filter(in_scope_condition(scope));
    }
    let text = q.q.as_deref().filter(|t| !t.trim().is_empty());
    let searching = text.is_some();
    if let Some(text) = text {
        // Driven by the text index only when the words match few people (and the list is
        // wide); otherwise the index is asked about the people the walk meets.
        let drive = if !narrow && search::few_matches(db, Target::People, text).await? {
            Drive::Index
        } else {
            Drive::Probe
        };
        sel = sel.filter(
            search::matches(db.get_database_backend(), Target::People, text, drive).unwrap_or_else(
                || {
                    Condition::any()
                        .add(name_like(person::Column::NameFolded, text))
                        .add(name_like(person::Column::Email, text))
                },
            ),
        );
    }
    if q.role.is_some() || q.hub_id.is_some() || q.school_id.is_some() {
        let mut c = Condition::all();
        if let Some(r) = q.role {
            c = c.add(role_grant::Column::Role.eq(r.as_str()));
        }
        if let Some(h) = q.hub_id {
            c = c.add(role_grant::Column::HubId.eq(h));
        }
        if let Some(s) = q.school_id {
            c = c.add(role_grant::Column::SchoolId.eq(s));
        }
        if narrow {
            sel = sel.filter(among_grantees(c));
        } else {
            sel = sel.filter(Condition::all().add(has_grant(c)));
        }
    }
    if let Some(a) = q.active {
        sel = sel.filter(person::Column::Active.eq(a));
    }
    if let Some(c) = cursor {
        sel = sel.filter(after(person::Column::NameFolded, person::Column::Id, c));
    }
    let sel = sel
        .order_by_asc(person::Column::NameFolded)
        .order_by_asc(person::Column::Id)
        .limit(limit);
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        return page_by_ids(db, sel, searching).await;
    }
    // SQLite: the page's people with their grants and the grants' places, in one
    // statement: a row per grant (one without grant columns for a person who has none), in
    // the page's order. With a search text the page is first only ids in name order, and
    // the rows are read for the page alone; without one the walk skips few people.
    let (p, g) = (Alias::new("p"), role_grant::Entity);
    let mut q = if searching {
        Query::select()
            .columns(LISTED.map(|c| (person::Entity, c)))
            .from_subquery(
                sel.select_only()
                    .column(person::Column::Id)
                    .column(person::Column::NameFolded)
                    .into_query(),
                p.clone(),
            )
            .inner_join(
                person::Entity,
                Expr::col((person::Entity, person::Column::Id))
                    .equals((p.clone(), person::Column::Id)),
            )
            .to_owned()
    } else {
        Query::select()
            .column((p.clone(), Asterisk))
            .from_subquery(sel.select_only().columns(LISTED).into_query(), p.clone())
            .to_owned()
    };
    q.left_join(
        g,
        Expr::col((g, role_grant::Column::PersonId)).equals((p.clone(), person::Column::Id)),
    )
    .order_by((p.clone(), person::Column::NameFolded), Order::Asc)
    .order_by((p, person::Column::Id), Order::Asc);
    with_grant_places(&mut q);
    people_with_grants(db.query_all(&q).await?)
}

/// PostgreSQL: the page's ids in name order first, then their rows with their grants and
/// the grants' places, by id.
///
/// The name index carries the search text, so the walk for the ids tests the names it
/// skips without visiting their rows (a common word skips thousands). A search is planned
/// for its words each time (see `db::query_all_planned`), and a list for its hub's size
/// (PostgreSQL keeps custom plans for it); planning one statement over the people twice,
/// the grants twice, the hubs and the schools cost more than running it. The ids alone
/// are a plan over the people and the grants; the rows by id keep one prepared plan.
/// pgbench, national data, 16 connections, the coordinator's search for "tamm": the ids
/// 3,690/s and the rows 12,000/s, against 1,708/s for the one statement; through the
/// server 1,290 -> 1,520 searches/s (p95 24 -> 18 ms) and 1,550 -> 1,640 pages of a
/// hub's people/s.
async fn page_by_ids(
    db: &(impl ConnectionTrait + 'static),
    sel: sea_orm::Select<person::Entity>,
    searching: bool,
) -> ApiResult<Vec<(Listed, Vec<GrantDto>)>> {
    let ids_q = sel.select_only().column(person::Column::Id).into_query();
    let stmt = db.get_database_backend().build(&ids_q);
    let rows = if searching {
        crate::db::query_all_planned(db, stmt).await?
    } else {
        db.query_all_raw(stmt).await?
    };
    let ids = rows
        .iter()
        .map(|r| r.try_get::<Uuid>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let g = role_grant::Entity;
    let mut q = Query::select()
        .columns(LISTED.map(|c| (person::Entity, c)))
        .from(person::Entity)
        .and_where(Expr::col((person::Entity, person::Column::Id)).is_in(ids))
        .left_join(
            g,
            Expr::col((g, role_grant::Column::PersonId))
                .equals((person::Entity, person::Column::Id)),
        )
        .order_by((person::Entity, person::Column::NameFolded), Order::Asc)
        .order_by((person::Entity, person::Column::Id), Order::Asc)
        .to_owned();
    with_grant_places(&mut q);
    people_with_grants(db.query_all(&q).await?)
}

/// What a list shows of a person: read without the columns it does not show (the password
/// hash, the search text, the statistics key), which a page of 50 people would otherwise
/// carry from the database and decode.
#[derive(Debug, Clone, sea_orm::FromQueryResult)]
pub struct Listed {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    pub name_folded: String,
    pub locale: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

const LISTED: [person::Column; 7] = [
    person::Column::Id,
    person::Column::Email,
    person::Column::Name,
    person::Column::NameFolded,
    person::Column::Locale,
    person::Column::Active,
    person::Column::CreatedAt,
];

/// People from rows made with [`with_grant_places`], a row per grant (one without grant
/// columns for a person who has none), in the page's order.
fn people_with_grants(rows: Vec<QueryResult>) -> ApiResult<Vec<(Listed, Vec<GrantDto>)>> {
    let mut out: Vec<(Listed, Vec<GrantDto>)> = Vec::new();
    for r in rows {
        let id: Uuid = r.try_get("", "id")?;
        if out.last().is_none_or(|(last, _)| last.id != id) {
            out.push((Listed::from_query_result(&r, "")?, Vec::new()));
        }
        if let (Some(grant), Some((_, grants))) = (grant_of(&r)?, out.last_mut()) {
            grants.push(grant);
        }
    }
    Ok(out)
}

/// A person; with `lock`, their row is locked until the transaction ends.
pub async fn person_for(
    db: &impl ConnectionTrait,
    id: Uuid,
    lock: bool,
) -> ApiResult<Option<person::Model>> {
    let mut q = person::Entity::find_by_id(id);
    if lock {
        q = q.for_write();
    }
    Ok(q.one(db).await?)
}

/// A new person; the database's error as it is (a taken address is a unique violation).
pub async fn insert_person(
    db: &impl ConnectionTrait,
    p: person::Model,
) -> Result<person::Model, DbErr> {
    p.into_active_model().insert(db).await
}

/// Every column written back (the caller holds the person's lock).
pub async fn update_person(
    db: &impl ConnectionTrait,
    p: person::Model,
) -> ApiResult<person::Model> {
    Ok(p.into_active_model().reset_all().update(db).await?)
}

/// Whether a person holds a role in a scope (its key).
pub async fn holds(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    role: Role,
    scope_key: &str,
) -> ApiResult<bool> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::PersonId.eq(person_id))
        .filter(role_grant::Column::Role.eq(role))
        .filter(role_grant::Column::ScopeKey.eq(scope_key))
        .one(db)
        .await?
        .is_some())
}

pub async fn grant(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<role_grant::Model>> {
    Ok(role_grant::Entity::find_by_id(id).one(db).await?)
}

/// A new grant; the database's error as it is (a second one is a unique violation).
pub async fn insert_grant(
    db: &impl ConnectionTrait,
    g: role_grant::Model,
) -> Result<role_grant::Model, DbErr> {
    g.into_active_model().insert(db).await
}

pub async fn delete_grant(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    role_grant::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// Everyone's grants of a role, locked in id order (two transactions lock them in the same
/// order, so they never wait on each other in a circle).
pub async fn holders_locked(
    db: &impl ConnectionTrait,
    role: Role,
) -> ApiResult<Vec<role_grant::Model>> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::Role.eq(role))
        .order_by_asc(role_grant::Column::Id)
        .for_write()
        .all(db)
        .await?)
}

/// Pending invitations of the same address, role and place withdrawn.
pub async fn revoke_pending_invitations(
    db: &impl ConnectionTrait,
    email: &str,
    role: Role,
    hub_id: Option<Uuid>,
    school_id: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    invitation::Entity::update_many()
        .col_expr(invitation::Column::RevokedAt, Expr::value(now))
        .filter(invitation::Column::Email.eq(email))
        .filter(invitation::Column::Role.eq(role))
        .filter(match school_id {
            Some(s) => invitation::Column::SchoolId.eq(s),
            None => invitation::Column::SchoolId.is_null(),
        })
        .filter(match hub_id {
            Some(h) => invitation::Column::HubId.eq(h),
            None => invitation::Column::HubId.is_null(),
        })
        .filter(invitation::Column::AcceptedAt.is_null())
        .filter(invitation::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn insert_invitation(
    db: &impl ConnectionTrait,
    i: invitation::Model,
) -> ApiResult<invitation::Model> {
    Ok(i.into_active_model().insert(db).await?)
}

/// Every column written back (the caller holds the invitation's lock).
pub async fn update_invitation(db: &impl ConnectionTrait, i: invitation::Model) -> ApiResult<()> {
    i.into_active_model().reset_all().update(db).await?;
    Ok(())
}

/// An invitation, its row locked until the transaction ends.
pub async fn invitation_locked(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<invitation::Model>> {
    Ok(invitation::Entity::find_by_id(id)
        .for_write()
        .one(db)
        .await?)
}

/// An invitation by its token's hash; with `lock`, its row is locked.
pub async fn invitation_by_token(
    db: &impl ConnectionTrait,
    hash: &str,
    lock: bool,
) -> ApiResult<Option<invitation::Model>> {
    let mut q = invitation::Entity::find().filter(invitation::Column::TokenHash.eq(hash));
    if lock {
        q = q.for_write();
    }
    Ok(q.one(db).await?)
}

/// Where an invitation stands, for the list's filter.
#[derive(Debug, Clone, Copy)]
pub enum InvitationState {
    Pending,
    Accepted,
    Revoked,
    Expired,
}

/// One page of the invitations a caller with `scope` sees, newest first, before an id.
pub async fn invitations(
    db: &impl ConnectionTrait,
    scope: &Reach,
    state: Option<InvitationState>,
    now: DateTime<Utc>,
    before: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<invitation::Model>> {
    let mut sel = invitation::Entity::find();
    if !scope.all {
        sel = sel.filter(
            Condition::any()
                .add(invitation::Column::HubId.is_in(scope.hubs.clone()))
                .add(invitation::Column::SchoolId.is_in(scope.schools.clone())),
        );
    }
    sel = match state {
        Some(InvitationState::Pending) => sel
            .filter(invitation::Column::AcceptedAt.is_null())
            .filter(invitation::Column::RevokedAt.is_null())
            .filter(invitation::Column::ExpiresAt.gt(now)),
        Some(InvitationState::Accepted) => sel.filter(invitation::Column::AcceptedAt.is_not_null()),
        Some(InvitationState::Revoked) => sel.filter(invitation::Column::RevokedAt.is_not_null()),
        Some(InvitationState::Expired) => sel
            .filter(invitation::Column::AcceptedAt.is_null())
            .filter(invitation::Column::RevokedAt.is_null())
            .filter(invitation::Column::ExpiresAt.lte(now)),
        None => sel,
    };
    if let Some(id) = before {
        sel = sel.filter(invitation::Column::Id.lt(id));
    }
    Ok(sel
        .order_by_desc(invitation::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}
