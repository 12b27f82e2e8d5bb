//! Directory use cases: hubs, schools, organisations and their links.

use super::dto::*;
use super::entity::{hub, hub_organisation, organisation, school};
use super::repo;
use crate::audit::service::{self as audit, Where};
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action, directory_view};
use crate::error::{ApiError, ApiResult, ErrorCode, is_unique_violation};
use crate::platform::etag;
use crate::platform::pagination::{self, Cursor, Page};
use crate::platform::validate::{fold, join_languages};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use uuid::Uuid;

pub use super::repo::{after, name_like};

fn name_conflict(e: sea_orm::DbErr, what: &str) -> ApiError {
    if is_unique_violation(&e) {
        ApiError::conflict(
            ErrorCode::NameTaken,
            format!("A {what} with this name already exists."),
        )
    } else {
        e.into()
    }
}

// ---------- hubs ----------

pub async fn list_hubs(
    db: &DatabaseConnection,
    p: &Principal,
    q: &HubQuery,
    limit: u64,
    cursor: Option<Cursor>,
) -> ApiResult<Page<HubDto>> {
    let view = directory_view(p);
    let seen: Option<Vec<Uuid>> = (!view.all).then(|| view.hubs_seen.iter().copied().collect());
    let rows = repo::hubs(db, seen, q, cursor.as_ref(), limit + 1).await?;
    Ok(pagination::finish(
        rows,
        limit,
        |r| Cursor {
            key: r.name_folded.clone(),
            id: r.id,
        },
        HubDto::from,
    ))
}

pub async fn find_visible_hub(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<hub::Model> {
    let view = directory_view(p);
    match repo::hub(db, id).await? {
        Some(h) if view.sees_hub(h.id) => Ok(h),
        _ => Err(ApiError::not_found("Hub")),
    }
}

pub async fn create_hub(
    db: &DatabaseConnection,
    p: &Principal,
    input: HubCreate,
) -> ApiResult<HubDto> {
    policy::must_allow(p, Action::HubCreate)?;
    let now = chrono::Utc::now();
    let id = Uuid::now_v7();
    let txn = crate::db::write(db).await?;
    let m = repo::insert_hub(
        &txn,
        hub::Model {
            id,
            name: input.name.trim().to_string(),
            name_folded: fold(&input.name),
            country: input.country,
            region: input
                .region
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty()),
            languages: join_languages(&input.languages),
            time_zone: input.time_zone,
            description: input.description.filter(|d| !d.trim().is_empty()),
            created_at: now,
            updated_at: now,
            version: 1,
        },
    )
    .await
    .map_err(|e| name_conflict(e, "hub"))?;
    audit::record(
        &txn,
        p.into(),
        "hub.created",
        ("hub", Some(id)),
        Where {
            hub_id: Some(id),
            school_id: None,
        },
        json!({"name": m.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(m.into())
}

pub async fn update_hub(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    patch: HubPatch,
    expected: Option<i32>,
) -> ApiResult<HubDto> {
    let txn = crate::db::write(db).await?;
    let current = find_visible_hub(&txn, p, id).await?;
    policy::must_allow(p, Action::HubUpdate { hub: id })?;
    etag::check(expected, current.version)?;
    let version = current.version;
    let mut m = current;
    if let Some(n) = patch.name {
        m.name_folded = fold(&n);
        m.name = n.trim().to_string();
    }
    if let Some(c) = patch.country {
        m.country = c;
    }
    if let Some(r) = patch.region {
        m.region = r.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
    }
    if let Some(l) = patch.languages {
        m.languages = join_languages(&l);
    }
    if let Some(tz) = patch.time_zone {
        m.time_zone = tz;
    }
    if let Some(d) = patch.description {
        m.description = d.filter(|d| !d.trim().is_empty());
    }
    m.version = version + 1;
    m.updated_at = chrono::Utc::now();
    let updated = repo::update_hub_if(&txn, m, version)
        .await
        .map_err(|e| name_conflict(e, "hub"))?
        .ok_or_else(ApiError::precondition_failed)?;
    audit::record(
        &txn,
        p.into(),
        "hub.updated",
        ("hub", Some(id)),
        Where {
            hub_id: Some(id),
            school_id: None,
        },
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(updated.into())
}

pub async fn delete_hub(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    let h = find_visible_hub(&txn, p, id).await?;
    policy::must_allow(p, Action::HubDelete { hub: id })?;
    let (schools, grants, clients) = repo::hub_in_use(&txn, id).await?;
    if schools > 0 {
        return Err(ApiError::conflict(
            ErrorCode::InUse,
            format!("The hub still has {schools} school(s); move or delete them first."),
        ));
    }
    if grants > 0 {
        return Err(ApiError::conflict(
            ErrorCode::InUse,
            format!("{grants} role(s) are held in this hub; revoke them first."),
        ));
    }
    if clients > 0 {
        return Err(ApiError::conflict(
            ErrorCode::InUse,
            format!("{clients} machine client(s) belong to this hub; remove them first."),
        ));
    }
    repo::delete_hub(&txn, id).await?;
    audit::record(
        &txn,
        p.into(),
        "hub.deleted",
        ("hub", Some(id)),
        Where {
            hub_id: Some(id),
            school_id: None,
        },
        json!({"name": h.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- schools ----------

pub async fn list_schools(
    db: &DatabaseConnection,
    p: &Principal,
    q: &SchoolQuery,
    limit: u64,
    cursor: Option<Cursor>,
) -> ApiResult<Page<SchoolDto>> {
    let view = directory_view(p);
    let reach = (!view.all).then(|| {
        (
            view.hubs_full.iter().copied().collect::<Vec<_>>(),
            view.schools.iter().copied().collect::<Vec<_>>(),
        )
    });
    let rows = repo::schools(db, reach, q, cursor.as_ref(), limit + 1).await?;
    Ok(pagination::finish(
        rows,
        limit,
        |r| Cursor {
            key: r.name_folded.clone(),
            id: r.id,
        },
        SchoolDto::from,
    ))
}

pub async fn find_visible_school(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<school::Model> {
    let view = directory_view(p);
    match repo::school(db, id).await? {
        Some(s) if view.sees_school(s.id, s.hub_id) => Ok(s),
        _ => Err(ApiError::not_found("School")),
    }
}

/// A hub named in a request body: invisible or missing hubs are a field error.
async fn target_hub(db: &impl ConnectionTrait, p: &Principal, id: Uuid) -> ApiResult<hub::Model> {
    find_visible_hub(db, p, id)
        .await
        .map_err(|_| ApiError::field("hub_id", "not_found", "No such hub."))
}

pub async fn create_school(
    db: &DatabaseConnection,
    p: &Principal,
    input: SchoolCreate,
) -> ApiResult<SchoolDto> {
    let txn = crate::db::write(db).await?;
    target_hub(&txn, p, input.hub_id).await?;
    policy::must_allow(p, Action::SchoolCreate { hub: input.hub_id })?;
    let now = chrono::Utc::now();
    let id = Uuid::now_v7();
    let m = repo::insert_school(
        &txn,
        school::Model {
            id,
            hub_id: input.hub_id,
            name: input.name.trim().to_string(),
            name_folded: fold(&input.name),
            country: input.country,
            municipality: input
                .municipality
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty()),
            kind: input.kind,
            languages: join_languages(&input.languages),
            time_zone: input.time_zone,
            teacher_count: input.teacher_count,
            student_count: input.student_count,
            created_at: now,
            updated_at: now,
            version: 1,
        },
    )
    .await
    .map_err(|e| name_conflict(e, "school in this hub"))?;
    audit::record(
        &txn,
        p.into(),
        "school.created",
        ("school", Some(id)),
        Where {
            hub_id: Some(m.hub_id),
            school_id: Some(id),
        },
        json!({"name": m.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(m.into())
}

pub async fn update_school(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    patch: SchoolPatch,
    expected: Option<i32>,
) -> ApiResult<SchoolDto> {
    let txn = crate::db::write(db).await?;
    let current = find_visible_school(&txn, p, id).await?;
    policy::must_allow(
        p,
        Action::SchoolUpdate {
            hub: current.hub_id,
            school: id,
        },
    )?;
    etag::check(expected, current.version)?;
    let version = current.version;
    let old_hub = current.hub_id;
    let mut moved_to = None;
    if let Some(h) = patch.hub_id
        && h != old_hub
    {
        target_hub(&txn, p, h).await?;
        policy::must_allow(p, Action::SchoolCreate { hub: h })?;
        moved_to = Some(h);
    }
    let mut m = current;
    if let Some(h) = moved_to {
        m.hub_id = h;
    }
    if let Some(n) = patch.name {
        m.name_folded = fold(&n);
        m.name = n.trim().to_string();
    }
    if let Some(c) = patch.country {
        m.country = c;
    }
    if let Some(x) = patch.municipality {
        m.municipality = x.map(|x| x.trim().to_string()).filter(|x| !x.is_empty());
    }
    if let Some(k) = patch.kind {
        m.kind = k;
    }
    if let Some(l) = patch.languages {
        m.languages = join_languages(&l);
    }
    if let Some(tz) = patch.time_zone {
        m.time_zone = tz;
    }
    if let Some(t) = patch.teacher_count {
        m.teacher_count = t;
    }
    if let Some(s) = patch.student_count {
        m.student_count = s;
    }
    m.version = version + 1;
    m.updated_at = chrono::Utc::now();
    let updated = repo::update_school_if(&txn, m, version)
        .await
        .map_err(|e| name_conflict(e, "school in this hub"))?
        .ok_or_else(ApiError::precondition_failed)?;
    if let Some(h) = moved_to {
        // School roles carry the school's hub; keep them in step.
        repo::move_school_grants(&txn, id, h).await?;
    }
    let details = match moved_to {
        Some(h) => json!({"moved_from_hub": old_hub, "moved_to_hub": h}),
        None => serde_json::Value::Null,
    };
    audit::record(
        &txn,
        p.into(),
        "school.updated",
        ("school", Some(id)),
        Where {
            hub_id: Some(updated.hub_id),
            school_id: Some(id),
        },
        details,
    )
    .await?;
    txn.commit().await?;
    Ok(updated.into())
}

pub async fn delete_school(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    let s = find_visible_school(&txn, p, id).await?;
    policy::must_allow(
        p,
        Action::SchoolDelete {
            hub: s.hub_id,
            school: id,
        },
    )?;
    let grants = repo::school_grant_count(&txn, id).await?;
    if grants > 0 {
        return Err(ApiError::conflict(
            ErrorCode::InUse,
            format!("{grants} role(s) are held at this school; revoke them first."),
        ));
    }
    repo::delete_school(&txn, id).await?;
    audit::record(
        &txn,
        p.into(),
        "school.deleted",
        ("school", Some(id)),
        Where {
            hub_id: Some(s.hub_id),
            school_id: Some(id),
        },
        json!({"name": s.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- organisations ----------

fn must_see_organisations(p: &Principal) -> ApiResult<()> {
    match p {
        Principal::Person(_) => Ok(()),
        Principal::Client(_)
            if directory_view(p).all || !directory_view(p).hubs_seen.is_empty() =>
        {
            Ok(())
        }
        Principal::Client(_) => Err(ApiError::forbidden(
            "This client lacks the directory:read scope.",
        )),
    }
}

pub async fn list_organisations(
    db: &DatabaseConnection,
    p: &Principal,
    q: &OrganisationQuery,
    limit: u64,
    cursor: Option<Cursor>,
) -> ApiResult<Page<OrganisationDto>> {
    must_see_organisations(p)?;
    let rows = repo::organisations(db, q, cursor.as_ref(), limit + 1).await?;
    Ok(pagination::finish(
        rows,
        limit,
        |r| Cursor {
            key: r.name_folded.clone(),
            id: r.id,
        },
        OrganisationDto::from,
    ))
}

pub async fn get_organisation(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<organisation::Model> {
    must_see_organisations(p).map_err(|_| ApiError::not_found("Organisation"))?;
    repo::organisation(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Organisation"))
}

pub async fn create_organisation(
    db: &DatabaseConnection,
    p: &Principal,
    input: OrganisationCreate,
) -> ApiResult<OrganisationDto> {
    policy::must_allow(p, Action::OrganisationCreate)?;
    let now = chrono::Utc::now();
    let id = Uuid::now_v7();
    let txn = crate::db::write(db).await?;
    let m = repo::insert_organisation(
        &txn,
        organisation::Model {
            id,
            name: input.name.trim().to_string(),
            name_folded: fold(&input.name),
            kind: input.kind,
            country: input.country,
            website: input.website,
            created_at: now,
            updated_at: now,
            version: 1,
        },
    )
    .await
    .map_err(|e| name_conflict(e, "organisation"))?;
    audit::record(
        &txn,
        p.into(),
        "organisation.created",
        ("organisation", Some(id)),
        Where::default(),
        json!({"name": m.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(m.into())
}

async fn coordinates_linked_hub(
    db: &impl ConnectionTrait,
    p: &Principal,
    org: Uuid,
) -> ApiResult<bool> {
    let links = repo::links_of_organisation(db, org).await?;
    let hubs: Vec<Uuid> = links.iter().map(|l| l.hub_id).collect();
    Ok(policy::coordinates_any(p, &hubs))
}

pub async fn update_organisation(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    patch: OrganisationPatch,
    expected: Option<i32>,
) -> ApiResult<OrganisationDto> {
    let txn = crate::db::write(db).await?;
    let current = get_organisation(&txn, p, id).await?;
    let linked = coordinates_linked_hub(&txn, p, id).await?;
    policy::must_allow(
        p,
        Action::OrganisationUpdate {
            coordinates_linked_hub: linked,
        },
    )?;
    etag::check(expected, current.version)?;
    let version = current.version;
    let mut m = current;
    if let Some(n) = patch.name {
        m.name_folded = fold(&n);
        m.name = n.trim().to_string();
    }
    if let Some(k) = patch.kind {
        m.kind = k;
    }
    if let Some(c) = patch.country {
        m.country = c;
    }
    if let Some(w) = patch.website {
        m.website = w;
    }
    m.version = version + 1;
    m.updated_at = chrono::Utc::now();
    let updated = repo::update_organisation_if(&txn, m, version)
        .await
        .map_err(|e| name_conflict(e, "organisation"))?
        .ok_or_else(ApiError::precondition_failed)?;
    audit::record(
        &txn,
        p.into(),
        "organisation.updated",
        ("organisation", Some(id)),
        Where::default(),
        serde_json::Value::Null,
    )
    .await?;
    txn.commit().await?;
    Ok(updated.into())
}

pub async fn delete_organisation(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    let o = get_organisation(&txn, p, id).await?;
    policy::must_allow(p, Action::OrganisationDelete)?;
    let links = repo::links_of_organisation(&txn, id).await?.len();
    if links > 0 {
        return Err(ApiError::conflict(
            ErrorCode::InUse,
            format!("The organisation takes part in {links} hub(s); unlink it first."),
        ));
    }
    repo::delete_organisation(&txn, id).await?;
    audit::record(
        &txn,
        p.into(),
        "organisation.deleted",
        ("organisation", Some(id)),
        Where::default(),
        json!({"name": o.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

pub async fn list_hub_organisations(
    db: &DatabaseConnection,
    p: &Principal,
    hub_id: Uuid,
) -> ApiResult<Vec<HubOrganisationDto>> {
    find_visible_hub(db, p, hub_id).await?;
    let links = repo::links_of_hub(db, hub_id).await?;
    let orgs = repo::organisations_by_ids(db, links.iter().map(|l| l.organisation_id)).await?;
    let mut out: Vec<HubOrganisationDto> = links
        .into_iter()
        .filter_map(|l| {
            orgs.get(&l.organisation_id)
                .cloned()
                .map(|o| HubOrganisationDto::new(l, o))
        })
        .collect();
    out.sort_by(|a, b| {
        (a.role.as_str(), a.organisation.name.to_lowercase())
            .cmp(&(b.role.as_str(), b.organisation.name.to_lowercase()))
    });
    Ok(out)
}

pub async fn link_organisation(
    db: &DatabaseConnection,
    p: &Principal,
    hub_id: Uuid,
    input: HubOrganisationCreate,
) -> ApiResult<HubOrganisationDto> {
    let txn = crate::db::write(db).await?;
    find_visible_hub(&txn, p, hub_id).await?;
    policy::must_allow(p, Action::HubOrganisationsManage { hub: hub_id })?;
    let org = repo::organisation(&txn, input.organisation_id)
        .await?
        .ok_or_else(|| ApiError::field("organisation_id", "not_found", "No such organisation."))?;
    let id = Uuid::now_v7();
    let link = repo::insert_link(
        &txn,
        hub_organisation::Model {
            id,
            hub_id,
            organisation_id: org.id,
            role: input.role,
            created_at: chrono::Utc::now(),
        },
    )
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::conflict(
                ErrorCode::AlreadyLinked,
                "The organisation already has this role in the hub.",
            )
        } else {
            e.into()
        }
    })?;
    audit::record(
        &txn,
        p.into(),
        "hub.organisation_linked",
        ("organisation", Some(org.id)),
        Where {
            hub_id: Some(hub_id),
            school_id: None,
        },
        json!({"role": input.role.as_str()}),
    )
    .await?;
    txn.commit().await?;
    Ok(HubOrganisationDto::new(link, org))
}

pub async fn unlink_organisation(
    db: &DatabaseConnection,
    p: &Principal,
    hub_id: Uuid,
    link_id: Uuid,
) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    find_visible_hub(&txn, p, hub_id).await?;
    let link = repo::link(&txn, link_id)
        .await?
        .filter(|l| l.hub_id == hub_id)
        .ok_or_else(|| ApiError::not_found("Link"))?;
    policy::must_allow(p, Action::HubOrganisationsManage { hub: hub_id })?;
    repo::delete_link(&txn, link_id).await?;
    audit::record(
        &txn,
        p.into(),
        "hub.organisation_unlinked",
        ("organisation", Some(link.organisation_id)),
        Where {
            hub_id: Some(hub_id),
            school_id: None,
        },
        json!({"role": link.role}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
