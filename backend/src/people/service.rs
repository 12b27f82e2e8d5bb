//! People, their role grants, invitations and profiles.

use super::dto::*;
use super::entity::{invitation, person, role_grant};
use crate::audit::service::{self as audit, Actor, Where};
use crate::auth::model::{Grant, Principal, Role, ScopeKind};
use crate::auth::policy::{self, Action, Reach};
use crate::auth::{password, token};
use crate::db::ForWrite;
use crate::directory::entity::{hub, school};
use crate::directory::service::{after, find_visible_school, name_like};
use crate::error::{ApiError, ApiResult, ErrorCode, is_unique_violation};
use crate::platform::pagination::{self, Cursor, Page};
use crate::platform::validate::{fold, normalise_email};
use crate::state::AppState;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

pub const INVITATION_DAYS: i64 = 7;

/// People with their grants (hub and school names filled in), in one query.
pub async fn people_dtos(
    db: &impl ConnectionTrait,
    people: Vec<person::Model>,
) -> ApiResult<Vec<PersonDto>> {
    let mut by_person: HashMap<Uuid, Vec<GrantDto>> = HashMap::new();
    if !people.is_empty() {
        let ids: Vec<Uuid> = people.iter().map(|p| p.id).collect();
        let g = role_grant::Entity;
        let q = Query::select()
            .columns([
                (g, role_grant::Column::Id),
                (g, role_grant::Column::PersonId),
                (g, role_grant::Column::Role),
                (g, role_grant::Column::HubId),
                (g, role_grant::Column::SchoolId),
                (g, role_grant::Column::CreatedAt),
            ])
            .expr_as(
                Expr::col((hub::Entity, hub::Column::Name)),
                sea_orm::sea_query::Alias::new("hub_name"),
            )
            .expr_as(
                Expr::col((school::Entity, school::Column::Name)),
                sea_orm::sea_query::Alias::new("school_name"),
            )
            .from(g)
            .left_join(
                hub::Entity,
                Expr::col((hub::Entity, hub::Column::Id)).equals((g, role_grant::Column::HubId)),
            )
            .left_join(
                school::Entity,
                Expr::col((school::Entity, school::Column::Id))
                    .equals((g, role_grant::Column::SchoolId)),
            )
            .and_where(Expr::col((g, role_grant::Column::PersonId)).is_in(ids))
            .order_by((g, role_grant::Column::CreatedAt), sea_orm::Order::Asc)
            .order_by((g, role_grant::Column::Id), sea_orm::Order::Asc)
            .to_owned();
        for r in db.query_all(&q).await? {
            let role: String = r.try_get("", "role")?;
            let Some(role) = Role::parse(&role) else {
                continue;
            };
            let person_id: Uuid = r.try_get("", "person_id")?;
            by_person.entry(person_id).or_default().push(GrantDto {
                id: r.try_get("", "id")?,
                role,
                hub_id: r.try_get("", "hub_id")?,
                hub_name: r.try_get("", "hub_name")?,
                school_id: r.try_get("", "school_id")?,
                school_name: r.try_get("", "school_name")?,
                created_at: r.try_get("", "created_at")?,
            });
        }
    }
    Ok(people
        .into_iter()
        .map(|p| PersonDto {
            grants: by_person.remove(&p.id).unwrap_or_default(),
            id: p.id,
            email: p.email,
            name: p.name,
            locale: p.locale,
            active: p.active,
            created_at: p.created_at,
            notify_by_email: None,
            email_available: None,
        })
        .collect())
}

pub async fn person_dto(db: &impl ConnectionTrait, p: person::Model) -> ApiResult<PersonDto> {
    people_dtos(db, vec![p])
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("person vanished"))
}

/// One person as the API shows them, by id (the signed-in user after a sign-in).
pub async fn person_dto_by_id(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<PersonDto> {
    let p = person::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal("person vanished"))?;
    person_dto(db, p).await
}

/// The people the caller may see (`policy::people_reach`).
fn people_scope(p: &Principal) -> Reach {
    policy::people_reach(p)
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

pub async fn list_people(
    db: &DatabaseConnection,
    p: &Principal,
    q: &PeopleQuery,
    limit: u64,
    cursor: Option<Cursor>,
) -> ApiResult<Page<PersonDto>> {
    use crate::platform::search::{self, Drive, Target};
    policy::must_allow(p, Action::PeopleList)?;
    let scope = people_scope(p);
    // A narrow list (the people of a few schools, or of a role few hold) is read from the
    // grants: a few dozen people, then sorted. A wide one (a hub's people, everyone's) walks
    // the name order and checks each person with one index look-up, stopping when the page
    // is full: a hub of 250 schools has thousands of people, and a page needs 50.
    let school_scope = !scope.all && scope.hubs.is_empty();
    let narrow =
        school_scope || q.school_id.is_some() || q.role.is_some_and(|r| r != Role::Teacher);
    let mut sel = person::Entity::find();
    if school_scope {
        sel = sel.filter(among_grantees(
            Condition::all().add(role_grant::Column::SchoolId.is_in(scope.schools.clone())),
        ));
    } else if !scope.all {
        sel = sel.filter(in_scope_condition(&scope));
    }
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
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
    if let Some(c) = &cursor {
        sel = sel.filter(after(person::Column::NameFolded, person::Column::Id, c));
    }
    let rows = sel
        .order_by_asc(person::Column::NameFolded)
        .order_by_asc(person::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    let more = rows.len() as u64 > limit;
    let mut rows = rows;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| {
            Cursor {
                key: r.name_folded.clone(),
                id: r.id,
            }
            .encode()
        })
    } else {
        None
    };
    Ok(Page {
        items: people_dtos(db, rows).await?,
        next_cursor,
    })
}

async fn person_grants(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Vec<role_grant::Model>> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::PersonId.eq(id))
        .all(db)
        .await?)
}

/// 404 unless the caller may see this person.
pub async fn find_visible_person(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<person::Model> {
    find_person(db, p, id, false).await
}

/// The same, with the person's row locked for the rest of the transaction: changes to
/// one person's account and roles happen one after another (PostgreSQL included).
async fn lock_visible_person(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<person::Model> {
    find_person(db, p, id, true).await
}

async fn find_person(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
    lock: bool,
) -> ApiResult<person::Model> {
    let mut q = person::Entity::find_by_id(id);
    if lock {
        q = q.for_write();
    }
    let found = q.one(db).await?;
    let Some(found) = found else {
        return Err(ApiError::not_found("Person"));
    };
    if p.id() == id {
        return Ok(found);
    }
    let scope = people_scope(p);
    if scope.all {
        return Ok(found);
    }
    let grants = person_grants(db, id).await?;
    let visible = grants.iter().any(|g| {
        g.hub_id.is_some_and(|h| scope.hubs.contains(&h))
            || g.school_id.is_some_and(|s| scope.schools.contains(&s))
    });
    if visible {
        Ok(found)
    } else {
        Err(ApiError::not_found("Person"))
    }
}

fn assign_action(g: &role_grant::Model) -> Action {
    Action::AssignRole {
        role: g.role,
        hub: g.hub_id,
        school: g.school_id,
    }
}

/// May the caller manage this person as a whole (deactivate, reactivate, reset)?
fn may_manage_person(p: &Principal, target: Uuid, grants: &[role_grant::Model]) -> bool {
    let assignable: Vec<Action> = grants.iter().map(assign_action).collect();
    policy::manages_person(p, target, &assignable)
}

/// Resolve a requested scope for a role: school roles carry their school's hub.
async fn resolve_scope(
    db: &impl ConnectionTrait,
    p: &Principal,
    role: Role,
    hub_id: Option<Uuid>,
    school_id: Option<Uuid>,
) -> ApiResult<(Option<Uuid>, Option<Uuid>)> {
    match role.scope_kind() {
        ScopeKind::Platform => {
            if hub_id.is_some() || school_id.is_some() {
                return Err(ApiError::field(
                    "role",
                    "scope",
                    "The admin role is platform-wide; give no hub or school.",
                ));
            }
            Ok((None, None))
        }
        ScopeKind::Hub => {
            let h = hub_id
                .ok_or_else(|| ApiError::field("hub_id", "required", "This role needs a hub."))?;
            if school_id.is_some() {
                return Err(ApiError::field(
                    "school_id",
                    "scope",
                    "This role belongs to a hub, not a school.",
                ));
            }
            crate::directory::service::find_visible_hub(db, p, h)
                .await
                .map_err(|_| ApiError::field("hub_id", "not_found", "No such hub."))?;
            Ok((Some(h), None))
        }
        ScopeKind::School => {
            let s = school_id.ok_or_else(|| {
                ApiError::field("school_id", "required", "This role needs a school.")
            })?;
            let school = find_visible_school(db, p, s)
                .await
                .map_err(|_| ApiError::field("school_id", "not_found", "No such school."))?;
            if hub_id.is_some_and(|h| h != school.hub_id) {
                return Err(ApiError::field(
                    "hub_id",
                    "scope",
                    "The school is not in this hub.",
                ));
            }
            Ok((Some(school.hub_id), Some(s)))
        }
    }
}

/// The scope of a role the caller wants to hand out, checked against the policy.
async fn authorised_scope(
    db: &impl ConnectionTrait,
    p: &Principal,
    role: Role,
    hub_id: Option<Uuid>,
    school_id: Option<Uuid>,
) -> ApiResult<(Option<Uuid>, Option<Uuid>)> {
    let (hub, school) = resolve_scope(db, p, role, hub_id, school_id).await?;
    policy::must_allow(p, Action::AssignRole { role, hub, school })?;
    Ok((hub, school))
}

/// Does the person hold this role in this place already?
async fn holds_grant(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    role: Role,
    hub_id: Option<Uuid>,
    school_id: Option<Uuid>,
) -> ApiResult<bool> {
    Ok(role_grant::Entity::find()
        .filter(role_grant::Column::PersonId.eq(person_id))
        .filter(role_grant::Column::Role.eq(role.as_str()))
        .filter(role_grant::Column::ScopeKey.eq(Grant::scope_key(role, hub_id, school_id)))
        .one(db)
        .await?
        .is_some())
}

async fn insert_grant(
    db: &impl ConnectionTrait,
    actor: Actor,
    person_id: Uuid,
    role: Role,
    hub_id: Option<Uuid>,
    school_id: Option<Uuid>,
) -> ApiResult<role_grant::Model> {
    let g = role_grant::ActiveModel {
        id: Set(Uuid::now_v7()),
        person_id: Set(person_id),
        role: Set(role),
        hub_id: Set(hub_id),
        school_id: Set(school_id),
        scope_key: Set(Grant::scope_key(role, hub_id, school_id)),
        created_at: Set(chrono::Utc::now()),
        created_by: Set(actor.id),
    }
    .insert(db)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::conflict(
                ErrorCode::RoleAlreadyHeld,
                "The person already holds this role here.",
            )
        } else {
            e.into()
        }
    })?;
    audit::record(
        db,
        actor,
        "role.granted",
        ("person", Some(person_id)),
        Where { hub_id, school_id },
        json!({"role": role.as_str(), "grant_id": g.id}),
    )
    .await?;
    Ok(g)
}

pub async fn grant_role(
    db: &DatabaseConnection,
    p: &Principal,
    person_id: Uuid,
    input: GrantCreate,
) -> ApiResult<PersonDto> {
    let txn = crate::db::write(db).await?;
    let target = lock_visible_person(&txn, p, person_id).await?;
    let (hub_id, school_id) =
        authorised_scope(&txn, p, input.role, input.hub_id, input.school_id).await?;
    if !target.active {
        return Err(ApiError::conflict(
            ErrorCode::AccountDeactivated,
            "The person is deactivated; reactivate them first.",
        ));
    }
    insert_grant(&txn, p.into(), person_id, input.role, hub_id, school_id).await?;
    let dto = person_dto(&txn, target).await?;
    txn.commit().await?;
    Ok(dto)
}

pub async fn revoke_grant(
    db: &DatabaseConnection,
    p: &Principal,
    person_id: Uuid,
    grant_id: Uuid,
) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    lock_visible_person(&txn, p, person_id).await?;
    let g = role_grant::Entity::find_by_id(grant_id)
        .filter(role_grant::Column::PersonId.eq(person_id))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("Grant"))?;
    let action = assign_action(&g);
    policy::must_allow(p, action)?;
    if g.role.must_remain_held() {
        // Locked in one order: two admins revoking each other at once cannot both pass.
        let admins = role_grant::Entity::find()
            .filter(role_grant::Column::Role.eq(g.role))
            .order_by_asc(role_grant::Column::Id)
            .for_write()
            .all(&txn)
            .await?;
        if admins.len() <= 1 {
            return Err(ApiError::conflict(
                ErrorCode::LastAdmin,
                "This is the last admin; grant the role to someone else first.",
            ));
        }
    }
    role_grant::Entity::delete_by_id(grant_id)
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        p.into(),
        "role.revoked",
        ("person", Some(person_id)),
        Where {
            hub_id: g.hub_id,
            school_id: g.school_id,
        },
        json!({"role": g.role, "grant_id": g.id}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn set_active(
    state: &AppState,
    p: &Principal,
    person_id: Uuid,
    active: bool,
) -> ApiResult<PersonDto> {
    let db = &state.db;
    let txn = crate::db::write(db).await?;
    let target = lock_visible_person(&txn, p, person_id).await?;
    let grants = person_grants(&txn, person_id).await?;
    if !may_manage_person(p, person_id, &grants) {
        return Err(ApiError::forbidden(if p.id() == person_id {
            "You cannot change your own account's status."
        } else {
            "You may not manage this person."
        }));
    }
    if target.active == active {
        let dto = person_dto(&txn, target).await?;
        txn.commit().await?;
        return Ok(dto);
    }
    let now = chrono::Utc::now();
    let version = target.version;
    let mut m: person::ActiveModel = target.into();
    m.active = Set(active);
    m.deactivated_at = Set(if active { None } else { Some(now) });
    m.updated_at = Set(now);
    m.version = Set(version + 1);
    let updated = m.update(&txn).await?;
    if !active {
        crate::auth::service::revoke_all_sessions(&txn, person_id).await?;
    }
    let first = grants.first();
    audit::record(
        &txn,
        p.into(),
        if active {
            "person.reactivated"
        } else {
            "person.deactivated"
        },
        ("person", Some(person_id)),
        Where {
            hub_id: first.and_then(|g| g.hub_id),
            school_id: first.and_then(|g| g.school_id),
        },
        serde_json::Value::Null,
    )
    .await?;
    let dto = person_dto(&txn, updated).await?;
    txn.commit().await?;
    Ok(dto)
}

/// For admins: a one-time password-reset link for someone else.
pub async fn issue_reset(
    state: &AppState,
    p: &Principal,
    person_id: Uuid,
) -> ApiResult<PasswordResetLink> {
    let txn = crate::db::write(&state.db).await?;
    lock_visible_person(&txn, p, person_id).await?;
    policy::must_allow(p, Action::PasswordResetIssue)?;
    let (token, expires_at) =
        crate::auth::service::create_reset(&txn, person_id, Some(p.id())).await?;
    audit::record(
        &txn,
        p.into(),
        "password_reset.issued",
        ("person", Some(person_id)),
        Where::default(),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(PasswordResetLink {
        url: format!("{}/reset-password#token={token}", state.config.public_url),
        expires_at,
    })
}

// ---------- profile ----------

/// One's own profile, with the e-mail preference.
async fn own_dto(db: &impl ConnectionTrait, m: person::Model, mail: bool) -> ApiResult<PersonDto> {
    let wants = m.notify_by_email;
    let mut dto = person_dto(db, m).await?;
    dto.notify_by_email = Some(wants);
    dto.email_available = Some(mail);
    Ok(dto)
}

pub async fn me(db: &DatabaseConnection, p: &Principal, mail: bool) -> ApiResult<PersonDto> {
    let Principal::Person(me) = p else {
        return Err(ApiError::not_found("Person"));
    };
    let m = person::Entity::find_by_id(me.id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("Person"))?;
    own_dto(db, m, mail).await
}

pub async fn update_me(
    db: &DatabaseConnection,
    p: &Principal,
    patch: MePatch,
    mail: bool,
) -> ApiResult<PersonDto> {
    let Principal::Person(me) = p else {
        return Err(ApiError::not_found("Person"));
    };
    let txn = crate::db::write(db).await?;
    let m = person::Entity::find_by_id(me.id)
        .for_write()
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("Person"))?;
    let version = m.version;
    let mut am: person::ActiveModel = m.into();
    if let Some(n) = patch.name {
        am.name_folded = Set(fold(&n));
        am.name = Set(n.trim().to_string());
    }
    if let Some(l) = patch.locale {
        am.locale = Set(l);
    }
    if let Some(n) = patch.notify_by_email {
        am.notify_by_email = Set(n);
    }
    am.updated_at = Set(chrono::Utc::now());
    am.version = Set(version + 1);
    let updated = am.update(&txn).await?;
    let dto = own_dto(&txn, updated, mail).await?;
    txn.commit().await?;
    Ok(dto)
}

// ---------- invitations ----------

fn invitation_status(i: &invitation::Model, now: chrono::DateTime<chrono::Utc>) -> &'static str {
    if i.accepted_at.is_some() {
        "accepted"
    } else if i.revoked_at.is_some() {
        "revoked"
    } else if i.expires_at <= now {
        "expired"
    } else {
        "pending"
    }
}

fn invitation_dto(i: invitation::Model) -> InvitationDto {
    let now = chrono::Utc::now();
    InvitationDto {
        status: invitation_status(&i, now).to_string(),
        id: i.id,
        email: i.email,
        name: i.name,
        role: i.role,
        hub_id: i.hub_id,
        school_id: i.school_id,
        created_at: i.created_at,
        expires_at: i.expires_at,
    }
}

pub async fn create_invitation(
    state: &AppState,
    p: &Principal,
    input: InvitationCreate,
) -> ApiResult<InvitationCreated> {
    let db = &state.db;
    let email = normalise_email(&input.email);
    let txn = crate::db::write(db).await?;
    let (hub_id, school_id) =
        authorised_scope(&txn, p, input.role, input.hub_id, input.school_id).await?;
    let existing = person::Entity::find()
        .filter(person::Column::Email.eq(email.clone()))
        .one(&txn)
        .await?;
    if let Some(existing) = existing
        && holds_grant(&txn, existing.id, input.role, hub_id, school_id).await?
    {
        return Err(ApiError::conflict(
            ErrorCode::RoleAlreadyHeld,
            "This person already holds this role here.",
        ));
    }
    let now = chrono::Utc::now();
    // A new invitation for the same person, role and place replaces a pending one.
    invitation::Entity::update_many()
        .col_expr(
            invitation::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(now),
        )
        .filter(invitation::Column::Email.eq(email.clone()))
        .filter(invitation::Column::Role.eq(input.role.as_str()))
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
        .exec(&txn)
        .await?;
    let token = token::random_token(32);
    let id = Uuid::now_v7();
    let inv = invitation::ActiveModel {
        id: Set(id),
        email: Set(email.clone()),
        name: Set(input
            .name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty())),
        role: Set(input.role),
        hub_id: Set(hub_id),
        school_id: Set(school_id),
        token_hash: Set(token::hash_token(&token)),
        invited_by: Set(Some(p.id())),
        created_at: Set(now),
        expires_at: Set(now + chrono::Duration::days(INVITATION_DAYS)),
        accepted_at: Set(None),
        accepted_person_id: Set(None),
        revoked_at: Set(None),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        p.into(),
        "invitation.created",
        ("invitation", Some(id)),
        Where { hub_id, school_id },
        json!({"role": input.role.as_str(), "email": email}),
    )
    .await?;
    txn.commit().await?;
    let url = format!("{}/invitation#token={token}", state.config.public_url);
    let mut emailed = false;
    if let Some(mailer) = &state.mailer {
        let body = format!(
            "You have been invited to iHub as {}.\n\nOpen this link within {INVITATION_DAYS} days to accept:\n{url}\n\nIf you did not expect this, ignore this message.\n",
            input.role.as_str().replace('_', " ")
        );
        match mailer.send(&email, "Your invitation to iHub", body).await {
            Ok(()) => emailed = true,
            Err(e) => {
                tracing::warn!(error = %e, "invitation e-mail failed; the link is shown to the inviter")
            }
        }
    }
    Ok(InvitationCreated {
        invitation: invitation_dto(inv),
        emailed,
        url: if emailed { None } else { Some(url) },
    })
}

pub async fn list_invitations(
    db: &DatabaseConnection,
    p: &Principal,
    q: &InvitationQuery,
    limit: u64,
    cursor: Option<Cursor>,
) -> ApiResult<Page<InvitationDto>> {
    policy::must_allow(p, Action::PeopleList)?;
    let scope = people_scope(p);
    let mut sel = invitation::Entity::find();
    if !scope.all {
        sel = sel.filter(
            Condition::any()
                .add(invitation::Column::HubId.is_in(scope.hubs.clone()))
                .add(invitation::Column::SchoolId.is_in(scope.schools.clone())),
        );
    }
    let now = chrono::Utc::now();
    match q.status.as_deref().unwrap_or("pending") {
        "pending" => {
            sel = sel
                .filter(invitation::Column::AcceptedAt.is_null())
                .filter(invitation::Column::RevokedAt.is_null())
                .filter(invitation::Column::ExpiresAt.gt(now));
        }
        "accepted" => sel = sel.filter(invitation::Column::AcceptedAt.is_not_null()),
        "revoked" => sel = sel.filter(invitation::Column::RevokedAt.is_not_null()),
        "expired" => {
            sel = sel
                .filter(invitation::Column::AcceptedAt.is_null())
                .filter(invitation::Column::RevokedAt.is_null())
                .filter(invitation::Column::ExpiresAt.lte(now));
        }
        "all" => {}
        _ => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidQuery,
                "status must be pending, accepted, revoked, expired or all.",
            ));
        }
    }
    if let Some(c) = &cursor {
        sel = sel.filter(invitation::Column::Id.lt(c.id));
    }
    let rows = sel
        .order_by_desc(invitation::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
    Ok(pagination::finish_by_id(
        rows,
        limit,
        |r| r.id,
        invitation_dto,
    ))
}

pub async fn revoke_invitation(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    let inv = invitation::Entity::find_by_id(id)
        .for_write()
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("Invitation"))?;
    let role = inv.role;
    let scope = people_scope(p);
    let visible = scope.all
        || inv.hub_id.is_some_and(|h| scope.hubs.contains(&h))
        || inv.school_id.is_some_and(|s| scope.schools.contains(&s));
    policy::must_see(visible, "Invitation")?;
    policy::must_allow(
        p,
        Action::AssignRole {
            role,
            hub: inv.hub_id,
            school: inv.school_id,
        },
    )?;
    if inv.accepted_at.is_some() {
        return Err(ApiError::conflict(
            ErrorCode::InvitationAccepted,
            "The invitation was already accepted; revoke the role instead.",
        ));
    }
    let (hub_id, school_id) = (inv.hub_id, inv.school_id);
    let mut m: invitation::ActiveModel = inv.into();
    m.revoked_at = Set(Some(chrono::Utc::now()));
    m.update(&txn).await?;
    audit::record(
        &txn,
        p.into(),
        "invitation.revoked",
        ("invitation", Some(id)),
        Where { hub_id, school_id },
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A pending invitation by its token; `lock` holds its row until the transaction ends,
/// so one invitation is accepted once however many requests arrive at the same moment.
async fn usable_invitation(
    db: &impl ConnectionTrait,
    token: &str,
    lock: bool,
) -> ApiResult<invitation::Model> {
    let mut q = invitation::Entity::find()
        .filter(invitation::Column::TokenHash.eq(token::hash_token(token)));
    if lock {
        q = q.for_write();
    }
    let inv = q.one(db).await?;
    match inv {
        Some(i) if invitation_status(&i, chrono::Utc::now()) == "pending" => Ok(i),
        _ => Err(ApiError::bad_request(
            ErrorCode::InvitationInvalid,
            "This invitation link is not valid: it may have expired, been used or been withdrawn.",
        )),
    }
}

pub async fn preview_invitation(
    db: &DatabaseConnection,
    token: &str,
) -> ApiResult<InvitationPreview> {
    let inv = usable_invitation(db, token, false).await?;
    let hub_name = match inv.hub_id {
        Some(h) => hub::Entity::find_by_id(h).one(db).await?.map(|h| h.name),
        None => None,
    };
    let school_name = match inv.school_id {
        Some(s) => school::Entity::find_by_id(s).one(db).await?.map(|s| s.name),
        None => None,
    };
    let existing = person::Entity::find()
        .filter(person::Column::Email.eq(inv.email.clone()))
        .one(db)
        .await?
        .is_some();
    Ok(InvitationPreview {
        email: inv.email,
        name: inv.name,
        role: inv.role,
        hub_name,
        school_name,
        expires_at: inv.expires_at,
        existing_account: existing,
    })
}

/// Accept an invitation: creates the account (or, for an existing one, checks its
/// password), grants the role, and returns the person to sign in.
pub async fn accept_invitation(
    db: &DatabaseConnection,
    input: InvitationAccept,
) -> ApiResult<person::Model> {
    let txn = crate::db::write(db).await?;
    let inv = usable_invitation(&txn, &input.token, true).await?;
    let role = inv.role;
    let now = chrono::Utc::now();
    let existing = person::Entity::find()
        .filter(person::Column::Email.eq(inv.email.clone()))
        .one(&txn)
        .await?;
    let person = match existing {
        Some(existing) => {
            let ok = existing
                .password_hash
                .as_deref()
                .is_some_and(|h| password::verify(h, &input.password));
            if !ok {
                return Err(ApiError::unauthenticated(
                    ErrorCode::InvalidCredentials,
                    "An account with this e-mail exists; enter its password to accept.",
                ));
            }
            if !existing.active {
                return Err(ApiError::conflict(
                    ErrorCode::AccountDeactivated,
                    "This account is deactivated.",
                ));
            }
            existing
        }
        None => {
            let name = input
                .name
                .clone()
                .or(inv.name.clone())
                .ok_or_else(|| ApiError::field("name", "required", "Tell us your name."))?;
            let locale = input.locale.clone().unwrap_or_else(|| "en".into());
            create_person_with_password(&txn, &inv.email, &name, &input.password, &locale).await?
        }
    };
    let actor = Actor::person(person.id);
    if !holds_grant(&txn, person.id, role, inv.hub_id, inv.school_id).await? {
        insert_grant(&txn, actor, person.id, role, inv.hub_id, inv.school_id).await?;
    }
    let (hub_id, school_id, inv_id) = (inv.hub_id, inv.school_id, inv.id);
    let mut m: invitation::ActiveModel = inv.into();
    m.accepted_at = Set(Some(now));
    m.accepted_person_id = Set(Some(person.id));
    m.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        "invitation.accepted",
        ("invitation", Some(inv_id)),
        Where { hub_id, school_id },
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(person)
}

/// Create a person with a password directly (CLI and demo seed), optionally with grants.
pub async fn create_person_with_password(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
    password_text: &str,
    locale: &str,
) -> ApiResult<person::Model> {
    let email = normalise_email(email);
    if let Some(w) = password::check(password_text, Some(&email)) {
        return Err(ApiError::field("password", w.code(), w.message()));
    }
    let hash = password::hash(password_text).map_err(ApiError::internal)?;
    let now = chrono::Utc::now();
    person::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email),
        name: Set(name.trim().to_string()),
        name_folded: Set(fold(name)),
        password_hash: Set(Some(hash)),
        locale: Set(locale.to_string()),
        active: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        deactivated_at: Set(None),
        version: Set(1),
        notify_by_email: Set(true),
    }
    .insert(db)
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::conflict(
                ErrorCode::EmailTaken,
                "An account with this e-mail already exists.",
            )
        } else {
            e.into()
        }
    })
}

/// Grant a role as the system (CLI, seed); idempotent.
pub async fn ensure_grant(
    db: &impl ConnectionTrait,
    person_id: Uuid,
    role: Role,
    hub_id: Option<Uuid>,
    school_id: Option<Uuid>,
) -> ApiResult<()> {
    if !holds_grant(db, person_id, role, hub_id, school_id).await? {
        insert_grant(db, Actor::SYSTEM, person_id, role, hub_id, school_id).await?;
    }
    Ok(())
}
