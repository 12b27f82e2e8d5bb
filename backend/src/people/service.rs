//! People, their role grants, invitations and profiles.

use super::dto::*;
use super::entity::{invitation, person, role_grant};
use crate::audit::service::{self as audit, Actor, Where};
use crate::auth::model::{Grant, Principal, Role, ScopeKind};
use crate::auth::policy::{self, Action, Reach};
use crate::auth::{password, token};
use crate::directory::service::find_visible_school;
use crate::error::{ApiError, ApiResult, ErrorCode, is_unique_violation};
use crate::platform::pagination::{self, Cursor, Page};
use crate::platform::validate::{fold, normalise_email};
use crate::state::AppState;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

pub const INVITATION_DAYS: i64 = 7;

fn person_dto_with(p: person::Model, grants: Vec<GrantDto>) -> PersonDto {
    PersonDto {
        grants,
        id: p.id,
        email: p.email,
        name: p.name,
        locale: p.locale,
        active: p.active,
        created_at: p.created_at,
        notify_by_email: None,
        email_available: None,
        in_statistics: None,
    }
}

/// A person of a list with their grants.
fn listed_dto(p: super::repo::Listed, grants: Vec<GrantDto>) -> PersonDto {
    PersonDto {
        grants,
        id: p.id,
        email: p.email,
        name: p.name,
        locale: p.locale,
        active: p.active,
        created_at: p.created_at,
        notify_by_email: None,
        email_available: None,
        in_statistics: None,
    }
}

/// A person with their grants (hub and school names filled in).
pub async fn person_dto(db: &impl ConnectionTrait, p: person::Model) -> ApiResult<PersonDto> {
    let grants = super::repo::grants_with_places(db, p.id).await?;
    Ok(person_dto_with(p, grants))
}

/// One person as the API shows them, by id (the signed-in user after a sign-in).
pub async fn person_dto_by_id(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<PersonDto> {
    let p = super::repo::person(db, id)
        .await?
        .ok_or_else(|| ApiError::internal("person vanished"))?;
    person_dto(db, p).await
}

/// The people the caller may see (`policy::people_reach`).
fn people_scope(p: &Principal) -> Reach {
    policy::people_reach(p)
}

pub async fn list_people(
    db: &DatabaseConnection,
    p: &Principal,
    q: &PeopleQuery,
    limit: u64,
    cursor: Option<Cursor>,
) -> ApiResult<Page<PersonDto>> {
    policy::must_allow(p, Action::PeopleList)?;
    let scope = people_scope(p);
    // A narrow list (the people of a few schools, or of a role few hold) is read from the
    // grants: a few dozen people, then sorted. A wide one (a hub's people, everyone's) walks
    // the name order and checks each person with one index look-up, stopping when the page
    // is full: a hub of 250 schools has thousands of people, and a page needs 50.
    let rows = super::repo::page(db, &scope, q, cursor.as_ref(), limit + 1).await?;
    let more = rows.len() as u64 > limit;
    let mut rows = rows;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|(r, _)| {
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
        items: rows
            .into_iter()
            .map(|(p, grants)| listed_dto(p, grants))
            .collect(),
        next_cursor,
    })
}

use super::repo::grants_of as person_grants;

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
    let found = super::repo::person_for(db, id, lock).await?;
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
    super::repo::holds(
        db,
        person_id,
        role,
        &Grant::scope_key(role, hub_id, school_id),
    )
    .await
}

async fn insert_grant(
    db: &impl ConnectionTrait,
    actor: Actor,
    person_id: Uuid,
    role: Role,
    hub_id: Option<Uuid>,
    school_id: Option<Uuid>,
) -> ApiResult<role_grant::Model> {
    let g = super::repo::insert_grant(
        db,
        role_grant::Model {
            id: Uuid::now_v7(),
            person_id,
            role,
            hub_id,
            school_id,
            scope_key: Grant::scope_key(role, hub_id, school_id),
            created_at: chrono::Utc::now(),
            created_by: actor.id,
        },
    )
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
    let g = super::repo::grant(&txn, grant_id)
        .await?
        .filter(|g| g.person_id == person_id)
        .ok_or_else(|| ApiError::not_found("Grant"))?;
    let action = assign_action(&g);
    policy::must_allow(p, action)?;
    if g.role.must_remain_held() {
        // Locked in one order: two admins revoking each other at once cannot both pass.
        let admins = super::repo::holders_locked(&txn, g.role).await?;
        if admins.len() <= 1 {
            return Err(ApiError::conflict(
                ErrorCode::LastAdmin,
                "This is the last admin; grant the role to someone else first.",
            ));
        }
    }
    super::repo::delete_grant(&txn, grant_id).await?;
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
    let updated = super::repo::update_person(
        &txn,
        person::Model {
            active,
            deactivated_at: if active { None } else { Some(now) },
            updated_at: now,
            version: version + 1,
            ..target
        },
    )
    .await?;
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
    let counted = m.in_statistics;
    let mut dto = person_dto(db, m).await?;
    dto.notify_by_email = Some(wants);
    dto.in_statistics = Some(counted);
    dto.email_available = Some(mail);
    Ok(dto)
}

pub async fn me(db: &DatabaseConnection, p: &Principal, mail: bool) -> ApiResult<PersonDto> {
    let Principal::Person(me) = p else {
        return Err(ApiError::not_found("Person"));
    };
    let m = super::repo::person(db, me.id)
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
    let mut am = super::repo::person_for(&txn, me.id, true)
        .await?
        .ok_or_else(|| ApiError::not_found("Person"))?;
    if let Some(n) = patch.name {
        am.name_folded = fold(&n);
        am.name = n.trim().to_string();
    }
    if let Some(l) = patch.locale {
        am.locale = l;
    }
    if let Some(n) = patch.notify_by_email {
        am.notify_by_email = n;
    }
    if let Some(c) = patch.in_statistics {
        am.in_statistics = c;
    }
    am.updated_at = chrono::Utc::now();
    am.version += 1;
    let updated = super::repo::update_person(&txn, am).await?;
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
    let existing = super::repo::by_email(&txn, &email).await?;
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
    super::repo::revoke_pending_invitations(&txn, &email, input.role, hub_id, school_id, now)
        .await?;
    let token = token::random_token(32);
    let id = Uuid::now_v7();
    let inv = super::repo::insert_invitation(
        &txn,
        invitation::Model {
            id,
            email: email.clone(),
            name: input
                .name
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            role: input.role,
            hub_id,
            school_id,
            token_hash: token::hash_token(&token),
            invited_by: Some(p.id()),
            created_at: now,
            expires_at: now + chrono::Duration::days(INVITATION_DAYS),
            accepted_at: None,
            accepted_person_id: None,
            revoked_at: None,
        },
    )
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
    let status = match q.status.as_deref().unwrap_or("pending") {
        "pending" => Some(super::repo::InvitationState::Pending),
        "accepted" => Some(super::repo::InvitationState::Accepted),
        "revoked" => Some(super::repo::InvitationState::Revoked),
        "expired" => Some(super::repo::InvitationState::Expired),
        "all" => None,
        _ => {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidQuery,
                "status must be pending, accepted, revoked, expired or all.",
            ));
        }
    };
    let rows = super::repo::invitations(
        db,
        &scope,
        status,
        chrono::Utc::now(),
        cursor.map(|c| c.id),
        limit + 1,
    )
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
    let inv = super::repo::invitation_locked(&txn, id)
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
    super::repo::update_invitation(
        &txn,
        invitation::Model {
            revoked_at: Some(chrono::Utc::now()),
            ..inv
        },
    )
    .await?;
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
    let inv = super::repo::invitation_by_token(db, &token::hash_token(token), lock).await?;
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
        Some(h) => crate::directory::repo::hub(db, h).await?.map(|h| h.name),
        None => None,
    };
    let school_name = match inv.school_id {
        Some(s) => crate::directory::repo::school(db, s).await?.map(|s| s.name),
        None => None,
    };
    let existing = super::repo::by_email(db, &inv.email).await?.is_some();
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
    let existing = super::repo::by_email(&txn, &inv.email).await?;
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
    super::repo::update_invitation(
        &txn,
        invitation::Model {
            accepted_at: Some(now),
            accepted_person_id: Some(person.id),
            ..inv
        },
    )
    .await?;
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
    create_person_with_hash(db, &email, name, hash, locale).await
}

/// Create a person whose password is already hashed (the demo seed's generated staff share
/// one hash instead of spending a second on each).
pub async fn create_person_with_hash(
    db: &impl ConnectionTrait,
    email: &str,
    name: &str,
    hash: String,
    locale: &str,
) -> ApiResult<person::Model> {
    let email = normalise_email(email);
    let now = chrono::Utc::now();
    super::repo::insert_person(
        db,
        person::Model {
            id: Uuid::now_v7(),
            email,
            name: name.trim().to_string(),
            name_folded: fold(name),
            password_hash: Some(hash),
            locale: locale.to_string(),
            active: true,
            created_at: now,
            updated_at: now,
            deactivated_at: None,
            version: 1,
            notify_by_email: true,
            in_statistics: true,
            stat_key: crate::analytics::model::new_stat_key(),
        },
    )
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
