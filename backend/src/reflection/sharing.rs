//! Sharing a self-reflection with named colleagues, and the levels they agree on.
//! Nobody else sees a reflection: not school leaders, coordinators or admins.
//!
//! A share lasts as long as its reason: the owner and the recipient work in the same
//! school or hub. It is made on the recipient's grant that gives that reason and the
//! database deletes it when the grant is revoked; on every read the server also checks
//! that the two still share a school or hub (owners who moved, shares from before the
//! basis was recorded), so a share is never readable once its reason has ended.

use super::dto::*;
use super::entity::{agreed_level, reflection, share};
use super::repo;
use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::people::entity::{person, role_grant};
use crate::people::repo as people;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// The owner's latest submitted reflection.
async fn latest_submitted(
    db: &impl ConnectionTrait,
    owner: Uuid,
) -> ApiResult<Option<reflection::Model>> {
    repo::latest_submitted(db, owner).await
}

/// Whether `viewer` may read reflection `r` because its owner shared it with them.
async fn shared_with(
    db: &impl ConnectionTrait,
    viewer: Uuid,
    r: &reflection::Model,
) -> ApiResult<bool> {
    let shares = repo::shares(db, r.person_id, viewer).await?;
    if shares.is_empty() || !still_colleagues(db, r.person_id, viewer).await? {
        return Ok(false);
    }
    if shares.iter().any(|s| s.reflection_id == Some(r.id)) {
        return Ok(true);
    }
    if shares.iter().any(|s| s.reflection_id.is_none())
        && r.status == crate::reflection::model::ReflectionStatus::Submitted
    {
        return Ok(latest_submitted(db, r.person_id)
            .await?
            .is_some_and(|l| l.id == r.id));
    }
    Ok(false)
}

/// A reflection the caller may read: their own, or one shared with them. The flag says
/// which. Anything else is 404.
pub async fn find_readable(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<(reflection::Model, bool)> {
    let missing = || ApiError::not_found("Reflection");
    let r = repo::reflection(db, id, false).await?.ok_or_else(missing)?;
    if crate::auth::policy::sees_reflection(p, r.person_id) {
        return Ok((r, true));
    }
    match p.person() {
        Some(me) if shared_with(db, me.id, &r).await? => Ok((r, false)),
        _ => Err(missing()),
    }
}

/// Schools and hubs a person belongs to, from their grants.
async fn places(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> ApiResult<(BTreeSet<Uuid>, BTreeSet<Uuid>)> {
    let grants = people::grants_of(db, person).await?;
    Ok((
        grants.iter().filter_map(|g| g.school_id).collect(),
        grants.iter().filter_map(|g| g.hub_id).collect(),
    ))
}

/// Whether two people still work in a common school or hub (the reason a share exists).
async fn still_colleagues(
    db: &impl ConnectionTrait,
    owner: Uuid,
    grantee: Uuid,
) -> ApiResult<bool> {
    let (my_schools, my_hubs) = places(db, owner).await?;
    Ok(colleagues_among(db, &my_schools, &my_hubs, &[grantee])
        .await?
        .contains(&grantee))
}

/// Of `people`, those active and holding a grant in one of these schools or hubs
/// (one query for all of them).
async fn colleagues_among(
    db: &impl ConnectionTrait,
    schools: &BTreeSet<Uuid>,
    hubs: &BTreeSet<Uuid>,
    people: &[Uuid],
) -> ApiResult<BTreeSet<Uuid>> {
    if people.is_empty() || (schools.is_empty() && hubs.is_empty()) {
        return Ok(BTreeSet::new());
    }
    let grants = people::grants_of_many(db, people).await?;
    let qualified: BTreeSet<Uuid> = grants
        .iter()
        .filter(|g| {
            g.school_id.is_some_and(|s| schools.contains(&s))
                || g.hub_id.is_some_and(|h| hubs.contains(&h))
        })
        .map(|g| g.person_id)
        .collect();
    if qualified.is_empty() {
        return Ok(qualified);
    }
    Ok(people::active_among(db, &qualified, None)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect())
}

/// The recipient's grant that makes a share possible: one in a school of the owner's,
/// else one in a hub of the owner's.
fn basis(
    grants: &[role_grant::Model],
    schools: &BTreeSet<Uuid>,
    hubs: &BTreeSet<Uuid>,
) -> Option<Uuid> {
    grants
        .iter()
        .find(|g| g.school_id.is_some_and(|s| schools.contains(&s)))
        .or_else(|| {
            grants
                .iter()
                .find(|g| g.hub_id.is_some_and(|h| hubs.contains(&h)))
        })
        .map(|g| g.id)
}

/// Where a recipient opens a share: the reflection's report, or the list of what was
/// shared with them ("always my latest").
fn share_link(reflection: Option<Uuid>) -> String {
    match reflection {
        Some(id) => format!("/reflections/{id}/report"),
        None => "/reflections".into(),
    }
}

fn share_dto(s: share::Model, grantee: &person::Model) -> ShareDto {
    ShareDto {
        id: s.id,
        grantee_id: grantee.id,
        grantee_name: grantee.name.clone(),
        grantee_email: grantee.email.clone(),
        latest: s.reflection_id.is_none(),
        reflection_id: s.reflection_id,
        created_at: s.created_at,
    }
}

/// Share with a mentor or a peer of one's school or hub, found by e-mail address.
pub async fn create(
    db: &DatabaseConnection,
    p: &Principal,
    body: ShareCreate,
) -> ApiResult<ShareDto> {
    let me = p
        .person()
        .ok_or_else(|| ApiError::forbidden("Only people share their reflections."))?;
    let txn = crate::db::write(db).await?;
    crate::db::lock::<person::Entity>(&txn, me.id).await?;
    if let Some(rid) = body.reflection_id {
        let r = repo::reflection(&txn, rid, false).await?;
        if r.is_none_or(|r| r.person_id != me.id) {
            return Err(ApiError::field(
                "reflection_id",
                "not_found",
                "No such reflection of yours.",
            ));
        }
    }
    let nobody = |field: &str| {
        ApiError::field(
            field,
            "not_colleague",
            "This person does not work in your school or hub, so they cannot receive your reflection.",
        )
    };
    let grantee = match (&body.person_id, &body.email) {
        (Some(pid), _) => people::person(&txn, *pid)
            .await?
            .filter(|g| g.active && g.id != me.id)
            .ok_or_else(|| nobody("person_id"))?,
        (None, Some(email)) => {
            let email = crate::platform::validate::normalise_email(email);
            people::by_email(&txn, &email)
                .await?
                .filter(|g| g.active && g.id != me.id)
                .ok_or_else(|| nobody("email"))?
        }
        (None, None) => {
            return Err(ApiError::field(
                "person_id",
                "required",
                "Choose the colleague to share with.",
            ));
        }
    };
    let field = if body.person_id.is_some() {
        "person_id"
    } else {
        "email"
    };
    let (my_schools, my_hubs) = places(&txn, me.id).await?;
    let their_grants = people::grants_of(&txn, grantee.id).await?;
    let Some(basis) = basis(&their_grants, &my_schools, &my_hubs) else {
        return Err(nobody(field));
    };
    let existing = repo::shares(&txn, me.id, grantee.id)
        .await?
        .into_iter()
        .find(|s| s.reflection_id == body.reflection_id);
    let s = match existing {
        Some(s) if s.grantee_grant_id == Some(basis) => s,
        Some(s) => {
            repo::save_share(
                &txn,
                share::Model {
                    grantee_grant_id: Some(basis),
                    ..s
                },
                false,
            )
            .await?
        }
        None => {
            let s = repo::save_share(
                &txn,
                share::Model {
                    id: Uuid::now_v7(),
                    owner_id: me.id,
                    reflection_id: body.reflection_id,
                    grantee_id: grantee.id,
                    created_at: crate::db::now(),
                    grantee_grant_id: Some(basis),
                },
                true,
            )
            .await?;
            // The colleague learns that something was shared with them.
            crate::notifications::send(
                &txn,
                grantee.id,
                "reflection_shared",
                &me.name,
                &share_link(body.reflection_id),
            )
            .await?;
            s
        }
    };
    txn.commit().await?;
    Ok(share_dto(s, &grantee))
}

/// Colleagues the caller may share with (at most 50; their school's people first, then the
/// hub's mentors and coordinators, then others of the hub), optionally by part of the name.
pub async fn candidates(
    db: &DatabaseConnection,
    p: &Principal,
    q: Option<&str>,
) -> ApiResult<Vec<ShareCandidateDto>> {
    let Some(me) = p.person() else {
        return Ok(Vec::new());
    };
    let (schools, hubs) = places(db, me.id).await?;
    if schools.is_empty() && hubs.is_empty() {
        return Ok(Vec::new());
    }
    let grants = people::grants_in(db, &schools, &hubs, me.id).await?;
    let ids: BTreeSet<Uuid> = grants.iter().map(|g| g.person_id).collect();
    let found = people::active_among(db, &ids, q.map(str::trim).filter(|q| !q.is_empty())).await?;
    let school_names =
        crate::directory::repo::school_names(db, grants.iter().filter_map(|g| g.school_id)).await?;
    let mut out: Vec<ShareCandidateDto> = found
        .into_iter()
        .map(|x| {
            let theirs: Vec<&role_grant::Model> =
                grants.iter().filter(|g| g.person_id == x.id).collect();
            let same = theirs
                .iter()
                .find(|g| g.school_id.is_some_and(|s| schools.contains(&s)));
            let mut roles: Vec<crate::auth::model::Role> = theirs.iter().map(|g| g.role).collect();
            roles.sort_by_key(|r| r.as_str());
            roles.dedup();
            ShareCandidateDto {
                id: x.id,
                name: x.name,
                roles,
                school_name: theirs
                    .iter()
                    .find_map(|g| g.school_id.and_then(|s| school_names.get(&s).cloned())),
                same_school: same.is_some(),
            }
        })
        .collect();
    let rank = |c: &ShareCandidateDto| {
        let guides = c.roles.iter().any(|r| r.guides_in_hub());
        (!c.same_school, !guides, c.name.to_lowercase())
    };
    out.sort_by_key(rank);
    out.truncate(50);
    Ok(out)
}

/// The caller's shares.
pub async fn list_outgoing(db: &DatabaseConnection, p: &Principal) -> ApiResult<Vec<ShareDto>> {
    let Some(me) = p.person() else {
        return Ok(Vec::new());
    };
    let rows = repo::shares_by(db, me.id).await?;
    let grantees: Vec<Uuid> = rows.iter().map(|s| s.grantee_id).collect();
    let (schools, hubs) = places(db, me.id).await?;
    let live = colleagues_among(db, &schools, &hubs, &grantees).await?;
    let people = people::by_ids(db, &grantees).await?;
    Ok(rows
        .into_iter()
        .filter(|s| live.contains(&s.grantee_id))
        .filter_map(|s| {
            let g = people.get(&s.grantee_id)?;
            Some(share_dto(s, g))
        })
        .collect())
}

/// Revoke a share at any time (its owner).
pub async fn revoke(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    let s = repo::share(&txn, id).await?;
    match (s, p.person()) {
        (Some(s), Some(me)) if s.owner_id == me.id => {
            repo::delete_share(&txn, s.id).await?;
            txn.commit().await?;
            Ok(())
        }
        _ => Err(ApiError::not_found("Share")),
    }
}

/// Reflections shared with the caller.
pub async fn list_incoming(
    db: &DatabaseConnection,
    p: &Principal,
) -> ApiResult<Vec<IncomingShareDto>> {
    let Some(me) = p.person() else {
        return Ok(Vec::new());
    };
    let rows = repo::shares_to(db, me.id).await?;
    let owners: Vec<Uuid> = rows.iter().map(|s| s.owner_id).collect();
    let (schools, hubs) = places(db, me.id).await?;
    let live = colleagues_among(db, &schools, &hubs, &owners).await?;
    let people = people::by_ids(db, &owners).await?;
    let rows: Vec<share::Model> = rows
        .into_iter()
        .filter(|s| live.contains(&s.owner_id) && people.contains_key(&s.owner_id))
        .collect();
    // The reflections behind the shares in a fixed number of statements: the named ones
    // by id; for "always my latest", the owners' submitted ones, newest first (the first
    // per owner is theirs); then the summaries of all of them together.
    let named: BTreeSet<Uuid> = rows.iter().filter_map(|s| s.reflection_id).collect();
    let latest_of: BTreeSet<Uuid> = rows
        .iter()
        .filter(|s| s.reflection_id.is_none())
        .map(|s| s.owner_id)
        .collect();
    let mut picked: Vec<reflection::Model> = Vec::new();
    if !named.is_empty() {
        picked.extend(repo::reflections(db, &named).await?);
    }
    let mut latest: BTreeMap<Uuid, Uuid> = BTreeMap::new();
    if !latest_of.is_empty() {
        let owners: Vec<Uuid> = latest_of.into_iter().collect();
        for r in repo::submitted_of(db, &owners).await? {
            if let std::collections::btree_map::Entry::Vacant(e) = latest.entry(r.person_id) {
                e.insert(r.id);
                if !picked.iter().any(|x| x.id == r.id) {
                    picked.push(r);
                }
            }
        }
    }
    let summaries: BTreeMap<Uuid, ReflectionSummaryDto> =
        service::summaries(db, picked, &me.locale)
            .await?
            .into_iter()
            .map(|x| (x.id, x))
            .collect();
    Ok(rows
        .into_iter()
        .filter_map(|s| {
            let owner = people.get(&s.owner_id)?;
            let rid = s.reflection_id.or_else(|| latest.get(&s.owner_id).copied());
            Some(IncomingShareDto {
                share_id: s.id,
                owner_id: owner.id,
                owner_name: owner.name.clone(),
                latest: s.reflection_id.is_none(),
                reflection: rid.and_then(|id| summaries.get(&id).cloned()),
            })
        })
        .collect())
}

/// Record the level agreed for one area (people it is shared with; not its owner).
pub async fn put_agreed(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    area: &str,
    body: AgreedPut,
) -> ApiResult<AgreedDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<reflection::Entity>(&txn, id).await?;
    let (r, own) = find_readable(&txn, p, id).await?;
    if own {
        return Err(ApiError::forbidden(
            "Agreed levels are recorded by the mentor or peer you shared with.",
        ));
    }
    if r.status != crate::reflection::model::ReflectionStatus::Submitted {
        return Err(ApiError::conflict(
            ErrorCode::ReflectionNotSubmitted,
            "Levels are agreed on submitted reflections.",
        ));
    }
    let (_, def) =
        crate::instruments::service::version_by_id(&txn, r.instrument_version_id).await?;
    if !def.areas.iter().any(|a| a.key == area) {
        return Err(ApiError::field("area_key", "unknown_item", "No such area."));
    }
    let label = service::level_label(&def, &body.level).ok_or_else(|| {
        ApiError::field("level", "invalid_option", "Not a level of this instrument.")
    })?;
    let by = p.id();
    let now = crate::db::now();
    let evidence =
        serde_json::to_string(&body.evidence).map_err(|e| ApiError::internal(e.to_string()))?;
    let existing = repo::agreed(&txn, r.id, Some(area))
        .await?
        .into_iter()
        .next();
    let new = existing.is_none();
    let row = agreed_level::Model {
        level: body.level.clone(),
        comment: body.comment.clone(),
        evidence,
        by_id: by,
        at: now,
        ..existing.unwrap_or(agreed_level::Model {
            id: Uuid::now_v7(),
            reflection_id: r.id,
            area_key: area.to_string(),
            level: String::new(),
            comment: None,
            evidence: String::new(),
            by_id: by,
            at: now,
        })
    };
    repo::save_agreed(&txn, row, new).await?;
    // The teacher hears that their mentor or peer recorded a level.
    crate::notifications::send(
        &txn,
        r.person_id,
        "level_agreed",
        &p.person().map(|x| x.name.clone()).unwrap_or_default(),
        &format!("/reflections/{}/report", r.id),
    )
    .await?;
    txn.commit().await?;
    Ok(AgreedDto {
        area: area.to_string(),
        level: body.level,
        label,
        comment: body.comment,
        evidence: body.evidence,
        by_name: p.person().map(|me| me.name.clone()).unwrap_or_default(),
        at: now,
    })
}

/// The agreed levels of a reflection, for its report.
pub async fn agreed_of(
    db: &impl ConnectionTrait,
    reflection_id: Uuid,
    label: impl Fn(&str) -> String,
) -> ApiResult<Vec<AgreedDto>> {
    let rows = repo::agreed(db, reflection_id, None).await?;
    let by: Vec<Uuid> = rows.iter().map(|a| a.by_id).collect();
    let names = people::by_ids(db, &by).await?;
    let mut out = Vec::with_capacity(rows.len());
    for a in rows {
        let by_name = names
            .get(&a.by_id)
            .map(|x| x.name.clone())
            .unwrap_or_default();
        out.push(AgreedDto {
            label: label(&a.level),
            area: a.area_key,
            level: a.level,
            comment: a.comment,
            evidence: serde_json::from_str(&a.evidence).unwrap_or_default(),
            by_name,
            at: a.at,
        });
    }
    Ok(out)
}
