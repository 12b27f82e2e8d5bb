//! Directory use cases: hubs, schools, organisations and their links.

use super::dto::*;
use super::entity::{hub, hub_organisation, organisation, school};
use crate::audit::service::{self as audit, Where};
use crate::auth::entity::machine_client;
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action, directory_view};
use crate::error::{ApiError, ApiResult, ErrorCode, is_unique_violation};
use crate::people::entity::role_grant;
use crate::platform::etag;
use crate::platform::pagination::{self, Cursor, Page, like_pattern};
use crate::platform::validate::{fold, join_languages};
use sea_orm::sea_query::LikeExpr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
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
    let mut sel = hub::Entity::find();
    if !view.all {
        sel = sel.filter(hub::Column::Id.is_in(view.hubs_seen.iter().copied()));
    }
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
        sel = sel.filter(name_like(hub::Column::NameFolded, text));
    }
    if let Some(c) = &q.country {
        sel = sel.filter(hub::Column::Country.eq(c.to_uppercase()));
    }
    if let Some(c) = &cursor {
        sel = sel.filter(after(hub::Column::NameFolded, hub::Column::Id, c));
    }
    let rows = sel
        .order_by_asc(hub::Column::NameFolded)
        .order_by_asc(hub::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
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
    let h = hub::Entity::find_by_id(id).one(db).await?;
    match h {
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
    let m = hub::ActiveModel {
        id: Set(id),
        name: Set(input.name.trim().to_string()),
        name_folded: Set(fold(&input.name)),
        country: Set(input.country),
        region: Set(input
            .region
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())),
        languages: Set(join_languages(&input.languages)),
        time_zone: Set(input.time_zone),
        description: Set(input.description.filter(|d| !d.trim().is_empty())),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(&txn)
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
    let mut m: hub::ActiveModel = current.into();
    if let Some(n) = patch.name {
        m.name_folded = Set(fold(&n));
        m.name = Set(n.trim().to_string());
    }
    if let Some(c) = patch.country {
        m.country = Set(c);
    }
    if let Some(r) = patch.region {
        m.region = Set(r.map(|r| r.trim().to_string()).filter(|r| !r.is_empty()));
    }
    if let Some(l) = patch.languages {
        m.languages = Set(join_languages(&l));
    }
    if let Some(tz) = patch.time_zone {
        m.time_zone = Set(tz);
    }
    if let Some(d) = patch.description {
        m.description = Set(d.filter(|d| !d.trim().is_empty()));
    }
    m.version = Set(version + 1);
    m.updated_at = Set(chrono::Utc::now());
    let res = hub::Entity::update_many()
        .set(m)
        .filter(hub::Column::Id.eq(id))
        .filter(hub::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(|e| name_conflict(e, "hub"))?;
    if res.rows_affected != 1 {
        return Err(ApiError::precondition_failed());
    }
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
    let updated = hub::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("Hub"))?;
    txn.commit().await?;
    Ok(updated.into())
}

pub async fn delete_hub(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    let h = find_visible_hub(&txn, p, id).await?;
    policy::must_allow(p, Action::HubDelete { hub: id })?;
    let schools = school::Entity::find()
        .filter(school::Column::HubId.eq(id))
        .count(&txn)
        .await?;
    if schools > 0 {
        return Err(ApiError::conflict(
            ErrorCode::InUse,
            format!("The hub still has {schools} school(s); move or delete them first."),
        ));
    }
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::HubId.eq(id))
        .count(&txn)
        .await?;
    if grants > 0 {
        return Err(ApiError::conflict(
            ErrorCode::InUse,
            format!("{grants} role(s) are held in this hub; revoke them first."),
        ));
    }
    let clients = machine_client::Entity::find()
        .filter(machine_client::Column::HubId.eq(id))
        .count(&txn)
        .await?;
    if clients > 0 {
        return Err(ApiError::conflict(
            ErrorCode::InUse,
            format!("{clients} machine client(s) belong to this hub; remove them first."),
        ));
    }
    hub::Entity::delete_by_id(id).exec(&txn).await?;
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
    let mut sel = school::Entity::find();
    if !view.all {
        sel = sel.filter(
            Condition::any()
                .add(school::Column::HubId.is_in(view.hubs_full.iter().copied()))
                .add(school::Column::Id.is_in(view.schools.iter().copied())),
        );
    }
    if let Some(h) = q.hub_id {
        sel = sel.filter(school::Column::HubId.eq(h));
    }
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
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
        sel = sel.filter(school::Column::Kind.eq(k.as_str()));
    }
    if let Some(c) = &cursor {
        sel = sel.filter(after(school::Column::NameFolded, school::Column::Id, c));
    }
    let rows = sel
        .order_by_asc(school::Column::NameFolded)
        .order_by_asc(school::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
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
    match school::Entity::find_by_id(id).one(db).await? {
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
    let m = school::ActiveModel {
        id: Set(id),
        hub_id: Set(input.hub_id),
        name: Set(input.name.trim().to_string()),
        name_folded: Set(fold(&input.name)),
        country: Set(input.country),
        municipality: Set(input
            .municipality
            .map(|x| x.trim().to_string())
            .filter(|x| !x.is_empty())),
        kind: Set(input.kind),
        languages: Set(join_languages(&input.languages)),
        time_zone: Set(input.time_zone),
        teacher_count: Set(input.teacher_count),
        student_count: Set(input.student_count),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(&txn)
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
    let mut m: school::ActiveModel = current.into();
    if let Some(h) = moved_to {
        m.hub_id = Set(h);
    }
    if let Some(n) = patch.name {
        m.name_folded = Set(fold(&n));
        m.name = Set(n.trim().to_string());
    }
    if let Some(c) = patch.country {
        m.country = Set(c);
    }
    if let Some(x) = patch.municipality {
        m.municipality = Set(x.map(|x| x.trim().to_string()).filter(|x| !x.is_empty()));
    }
    if let Some(k) = patch.kind {
        m.kind = Set(k);
    }
    if let Some(l) = patch.languages {
        m.languages = Set(join_languages(&l));
    }
    if let Some(tz) = patch.time_zone {
        m.time_zone = Set(tz);
    }
    if let Some(t) = patch.teacher_count {
        m.teacher_count = Set(t);
    }
    if let Some(s) = patch.student_count {
        m.student_count = Set(s);
    }
    m.version = Set(version + 1);
    m.updated_at = Set(chrono::Utc::now());
    let res = school::Entity::update_many()
        .set(m)
        .filter(school::Column::Id.eq(id))
        .filter(school::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(|e| name_conflict(e, "school in this hub"))?;
    if res.rows_affected != 1 {
        return Err(ApiError::precondition_failed());
    }
    if let Some(h) = moved_to {
        // School roles carry the school's hub; keep them in step.
        role_grant::Entity::update_many()
            .col_expr(
                role_grant::Column::HubId,
                sea_orm::sea_query::Expr::value(h),
            )
            .filter(role_grant::Column::SchoolId.eq(id))
            .exec(&txn)
            .await?;
    }
    let details = match moved_to {
        Some(h) => json!({"moved_from_hub": old_hub, "moved_to_hub": h}),
        None => serde_json::Value::Null,
    };
    let updated = school::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("School"))?;
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
    let grants = role_grant::Entity::find()
        .filter(role_grant::Column::SchoolId.eq(id))
        .count(&txn)
        .await?;
    if grants > 0 {
        return Err(ApiError::conflict(
            ErrorCode::InUse,
            format!("{grants} role(s) are held at this school; revoke them first."),
        ));
    }
    school::Entity::delete_by_id(id).exec(&txn).await?;
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
    let mut sel = organisation::Entity::find();
    if let Some(text) = q.q.as_deref().filter(|t| !t.trim().is_empty()) {
        sel = sel.filter(name_like(organisation::Column::NameFolded, text));
    }
    if let Some(k) = q.kind {
        sel = sel.filter(organisation::Column::Kind.eq(k.as_str()));
    }
    if let Some(c) = &q.country {
        sel = sel.filter(organisation::Column::Country.eq(c.to_uppercase()));
    }
    if let Some(c) = &cursor {
        sel = sel.filter(after(
            organisation::Column::NameFolded,
            organisation::Column::Id,
            c,
        ));
    }
    let rows = sel
        .order_by_asc(organisation::Column::NameFolded)
        .order_by_asc(organisation::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
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
    organisation::Entity::find_by_id(id)
        .one(db)
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
    let m = organisation::ActiveModel {
        id: Set(id),
        name: Set(input.name.trim().to_string()),
        name_folded: Set(fold(&input.name)),
        kind: Set(input.kind),
        country: Set(input.country),
        website: Set(input.website),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(&txn)
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
    let links = hub_organisation::Entity::find()
        .filter(hub_organisation::Column::OrganisationId.eq(org))
        .all(db)
        .await?;
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
    let mut m: organisation::ActiveModel = current.into();
    if let Some(n) = patch.name {
        m.name_folded = Set(fold(&n));
        m.name = Set(n.trim().to_string());
    }
    if let Some(k) = patch.kind {
        m.kind = Set(k);
    }
    if let Some(c) = patch.country {
        m.country = Set(c);
    }
    if let Some(w) = patch.website {
        m.website = Set(w);
    }
    m.version = Set(version + 1);
    m.updated_at = Set(chrono::Utc::now());
    let res = organisation::Entity::update_many()
        .set(m)
        .filter(organisation::Column::Id.eq(id))
        .filter(organisation::Column::Version.eq(version))
        .exec(&txn)
        .await
        .map_err(|e| name_conflict(e, "organisation"))?;
    if res.rows_affected != 1 {
        return Err(ApiError::precondition_failed());
    }
    audit::record(
        &txn,
        p.into(),
        "organisation.updated",
        ("organisation", Some(id)),
        Where::default(),
        serde_json::Value::Null,
    )
    .await?;
    let updated = organisation::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("Organisation"))?;
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
    let links = hub_organisation::Entity::find()
        .filter(hub_organisation::Column::OrganisationId.eq(id))
        .count(&txn)
        .await?;
    if links > 0 {
        return Err(ApiError::conflict(
            ErrorCode::InUse,
            format!("The organisation takes part in {links} hub(s); unlink it first."),
        ));
    }
    organisation::Entity::delete_by_id(id).exec(&txn).await?;
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
    let links = hub_organisation::Entity::find()
        .filter(hub_organisation::Column::HubId.eq(hub_id))
        .all(db)
        .await?;
    let orgs: std::collections::HashMap<Uuid, organisation::Model> = organisation::Entity::find()
        .filter(organisation::Column::Id.is_in(links.iter().map(|l| l.organisation_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
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
    let org = organisation::Entity::find_by_id(input.organisation_id)
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::field("organisation_id", "not_found", "No such organisation."))?;
    let id = Uuid::now_v7();
    let link = hub_organisation::ActiveModel {
        id: Set(id),
        hub_id: Set(hub_id),
        organisation_id: Set(org.id),
        role: Set(input.role),
        created_at: Set(chrono::Utc::now()),
    }
    .insert(&txn)
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
    let link = hub_organisation::Entity::find_by_id(link_id)
        .filter(hub_organisation::Column::HubId.eq(hub_id))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("Link"))?;
    policy::must_allow(p, Action::HubOrganisationsManage { hub: hub_id })?;
    hub_organisation::Entity::delete_by_id(link_id)
        .exec(&txn)
        .await?;
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
