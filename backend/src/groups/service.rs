//! Teacher groups: created by school leaders, mentors or coordinators; teachers join by
//! accepting, which is their consent to add their latest submitted reflection to the
//! group's anonymous aggregate. Leaving withdraws it.

use super::entity::{member, teacher_group};
use super::model::{self, GroupKind, MemberStatus};
use super::repo;
use crate::auth::model::Principal;
use crate::auth::policy;
use crate::directory::entity::school;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::instruments::dto::ScaleLevelDto;
use crate::instruments::model::Localised;
use crate::instruments::service as instruments;
use crate::reflection::service::DEFAULT_INSTRUMENT;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub const KINDS: &[&str] = super::model::GroupKind::NAMES;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GroupCreate {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub name: String,
    /// `school_staff`, `course_cohort` or `peer_circle`.
    #[schema(value_type = crate::groups::model::GroupKind)]
    pub kind: String,
    /// The school (a school's staff; a school's own peer circle).
    pub school_id: Option<Uuid>,
    /// The hub (cohorts and circles across the hub's schools).
    pub hub_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberInvite {
    #[validate(email, length(max = 254))]
    pub email: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MembershipPut {
    /// `true`: join, and add my latest submitted reflection to the group's anonymous
    /// aggregate; `false`: decline, or leave and withdraw it.
    pub accept: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberDto {
    pub person_id: Uuid,
    pub name: String,
    /// `invited`, `active` or `left`.
    pub status: crate::groups::model::MemberStatus,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupDto {
    pub id: Uuid,
    pub name: String,
    pub kind: crate::groups::model::GroupKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_id: Option<Uuid>,
    pub hub_id: Uuid,
    /// The caller runs the group (invites members).
    pub manages: bool,
    /// The caller's own membership, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub my_status: Option<crate::groups::model::MemberStatus>,
    /// Members (for those who run the group).
    pub members: Vec<MemberDto>,
    pub active_members: u64,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct CompetenceDistributionDto {
    pub key: String,
    pub statement: String,
    /// level → number of contributors
    pub distribution: BTreeMap<String, u64>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Snapshot {
    published_at: Option<DateTime<Utc>>,
    contributors: u64,
    /// item key → level → count
    counts: BTreeMap<String, BTreeMap<String, u64>>,
}

/// The group's anonymous aggregate: distributions per competence, shown only from k
/// contributors, changing only when k contributions changed (see `groups::model`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupReportDto {
    pub group_id: Uuid,
    pub name: String,
    pub threshold: u64,
    pub active_members: u64,
    /// When the shown aggregate was made; none while fewer than k have contributed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub published_at: Option<DateTime<Utc>>,
    /// Contributors behind the shown aggregate.
    pub contributors: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    pub levels: Vec<ScaleLevelDto>,
    pub competences: Vec<CompetenceDistributionDto>,
}

fn manages(p: &Principal, g: &teacher_group::Model) -> bool {
    policy::manages_group(p, g.created_by, g.school_id, g.hub_id)
}

fn may_create(p: &Principal, kind: &str, school: Option<&school::Model>, hub: Uuid) -> bool {
    policy::creates_group(p, kind == "school_staff", school.map(|s| s.id), hub)
}

async fn my_membership(
    db: &impl ConnectionTrait,
    p: &Principal,
    group: Uuid,
) -> ApiResult<Option<member::Model>> {
    let Some(me) = p.person() else {
        return Ok(None);
    };
    repo::membership(db, group, me.id).await
}

async fn find_visible(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<(teacher_group::Model, Option<member::Model>)> {
    let g = repo::group(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Group"))?;
    let mine = my_membership(db, p, g.id).await?;
    if manages(p, &g) || mine.is_some() {
        Ok((g, mine))
    } else {
        Err(ApiError::not_found("Group"))
    }
}

async fn to_dto(
    db: &impl ConnectionTrait,
    p: &Principal,
    g: &teacher_group::Model,
    mine: Option<&member::Model>,
) -> ApiResult<GroupDto> {
    let mine = mine.map(|m| (g.id, m.clone())).into_iter().collect();
    to_dtos(db, p, vec![g.clone()], mine)
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("a group without its summary"))
}

/// The DTOs of groups in a fixed number of statements: every member in one query and
/// their names (for the groups the caller runs) in another.
async fn to_dtos(
    db: &impl ConnectionTrait,
    p: &Principal,
    groups: Vec<teacher_group::Model>,
    mut mine: BTreeMap<Uuid, member::Model>,
) -> ApiResult<Vec<GroupDto>> {
    if groups.is_empty() {
        return Ok(Vec::new());
    }
    let mut members: BTreeMap<Uuid, Vec<member::Model>> = BTreeMap::new();
    let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
    for m in repo::members_of(db, &ids).await? {
        members.entry(m.group_id).or_default().push(m);
    }
    let named: BTreeSet<Uuid> = groups
        .iter()
        .filter(|g| manages(p, g))
        .flat_map(|g| members.get(&g.id).into_iter().flatten())
        .map(|m| m.person_id)
        .collect();
    let named: Vec<Uuid> = named.into_iter().collect();
    let names = crate::people::repo::names_of(db, &named).await?;
    Ok(groups
        .into_iter()
        .map(|g| {
            let rows = members.remove(&g.id).unwrap_or_default();
            let active = rows
                .iter()
                .filter(|m| m.status == MemberStatus::Active)
                .count() as u64;
            let can = manages(p, &g);
            let members = if can {
                rows.into_iter()
                    .map(|m| MemberDto {
                        name: names.get(&m.person_id).cloned().unwrap_or_default(),
                        person_id: m.person_id,
                        status: m.status,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            GroupDto {
                id: g.id,
                name: g.name,
                kind: g.kind,
                school_id: g.school_id,
                hub_id: g.hub_id,
                manages: can,
                my_status: mine.remove(&g.id).map(|m| m.status),
                members,
                active_members: active,
                created_at: g.created_at,
            }
        })
        .collect())
}

pub async fn create(
    db: &DatabaseConnection,
    p: &Principal,
    body: GroupCreate,
) -> ApiResult<GroupDto> {
    let me = p
        .person()
        .ok_or_else(|| ApiError::forbidden("Only people run teacher groups."))?;
    if !KINDS.contains(&body.kind.as_str()) {
        return Err(ApiError::field(
            "kind",
            "kind",
            "Use school_staff, course_cohort or peer_circle.",
        ));
    }
    let txn = crate::db::write(db).await?;
    let (school, hub) = match (body.school_id, body.hub_id) {
        (Some(s), _) => {
            let s = crate::directory::service::find_visible_school(&txn, p, s)
                .await
                .map_err(|_| ApiError::field("school_id", "not_found", "No such school."))?;
            let hub = s.hub_id;
            (Some(s), hub)
        }
        (None, Some(h)) => {
            let h = crate::directory::service::find_visible_hub(&txn, p, h)
                .await
                .map_err(|_| ApiError::field("hub_id", "not_found", "No such hub."))?;
            (None, h.id)
        }
        (None, None) => {
            return Err(ApiError::field(
                "school_id",
                "required",
                "Name the school or the hub.",
            ));
        }
    };
    if !may_create(p, &body.kind, school.as_ref(), hub) {
        return Err(ApiError::forbidden(
            "School leaders, mentors and coordinators start teacher groups.",
        ));
    }
    let g = repo::insert_group(
        &txn,
        teacher_group::Model {
            id: Uuid::now_v7(),
            name: body.name.trim().to_string(),
            kind: crate::platform::enums::input::<GroupKind>("kind", &body.kind)?,
            school_id: school.as_ref().map(|s| s.id),
            hub_id: hub,
            created_by: me.id,
            created_at: crate::db::now(),
            snapshot: None,
            snapshot_basis: "[]".into(),
        },
    )
    .await?;
    let dto = to_dto(&txn, p, &g, None).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Groups the caller runs or belongs to (or is invited to), found by the database.
pub async fn list(db: &DatabaseConnection, p: &Principal) -> ApiResult<Vec<GroupDto>> {
    let Some(me) = p.person() else {
        return Ok(Vec::new());
    };
    let reach = policy::group_reach(p);
    let groups = repo::reached(
        db,
        me.id,
        (!reach.all).then_some((reach.hubs, reach.schools)),
    )
    .await?;
    let ids: Vec<Uuid> = groups.iter().map(|g| g.id).collect();
    let mine: BTreeMap<Uuid, member::Model> = repo::memberships_of(db, me.id, &ids)
        .await?
        .into_iter()
        .map(|m| (m.group_id, m))
        .collect();
    to_dtos(db, p, groups, mine).await
}

pub async fn get(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<GroupDto> {
    let (g, mine) = find_visible(db, p, id).await?;
    to_dto(db, p, &g, mine.as_ref()).await
}

/// Invite a teacher of the group's school (or hub) by e-mail address.
pub async fn invite(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    body: MemberInvite,
) -> ApiResult<GroupDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<teacher_group::Entity>(&txn, id).await?;
    let (g, mine) = find_visible(&txn, p, id).await?;
    if !manages(p, &g) {
        return Err(ApiError::forbidden(
            "Only those who run the group invite to it.",
        ));
    }
    let nobody = || {
        ApiError::field(
            "email",
            "not_found",
            "Nobody with this e-mail address teaches in the group's school or hub.",
        )
    };
    let email = crate::platform::validate::normalise_email(&body.email);
    let who = crate::people::repo::by_email(&txn, &email)
        .await?
        .filter(|x| x.active)
        .ok_or_else(nobody)?;
    let grants = crate::people::repo::grants_of(&txn, who.id).await?;
    let fits = grants.iter().any(|gr| match g.school_id {
        Some(s) => gr.school_id == Some(s),
        None => gr.hub_id == Some(g.hub_id),
    });
    if !fits {
        return Err(nobody());
    }
    let existing = repo::membership(&txn, g.id, who.id).await?;
    match existing {
        Some(m) if m.status == MemberStatus::Left => {
            repo::save_member(
                &txn,
                member::Model {
                    status: MemberStatus::Invited,
                    invited_by: p.id(),
                    invited_at: crate::db::now(),
                    ..m
                },
                false,
            )
            .await?;
        }
        Some(_) => {
            return Err(ApiError::conflict(
                ErrorCode::AlreadyMember,
                "Already invited or a member.",
            ));
        }
        None => {
            repo::save_member(
                &txn,
                member::Model {
                    id: Uuid::now_v7(),
                    group_id: g.id,
                    person_id: who.id,
                    status: MemberStatus::Invited,
                    invited_by: p.id(),
                    invited_at: crate::db::now(),
                    joined_at: None,
                },
                true,
            )
            .await?;
        }
    }
    let dto = to_dto(&txn, p, &g, mine.as_ref()).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Accept (join, with consent to the anonymous aggregate) or decline/leave.
pub async fn set_membership(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    body: MembershipPut,
) -> ApiResult<GroupDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<teacher_group::Entity>(&txn, id).await?;
    let (g, mine) = find_visible(&txn, p, id).await?;
    let Some(m) = mine else {
        return Err(ApiError::forbidden(
            "You have not been invited to this group.",
        ));
    };
    let mut changed = m.clone();
    if body.accept {
        if m.status == MemberStatus::Left {
            return Err(ApiError::conflict(
                ErrorCode::RejoinNeedsInvitation,
                "Ask to be invited again to rejoin.",
            ));
        }
        changed.status = MemberStatus::Active;
        changed.joined_at = Some(crate::db::now());
    } else {
        changed.status = MemberStatus::Left;
    }
    let m = repo::save_member(&txn, changed, false).await?;
    let dto = to_dto(&txn, p, &g, Some(&m)).await?;
    txn.commit().await?;
    Ok(dto)
}

/// The current contributions: each active member's latest submitted reflection on the
/// teacher instrument, as "person:reflection".
async fn contributions(
    db: &impl ConnectionTrait,
    g: &teacher_group::Model,
    versions: &[Uuid],
) -> ApiResult<BTreeMap<String, Uuid>> {
    let members = repo::active_members(db, g.id).await?;
    // Every submitted reflection of the members in one statement, newest first: the first
    // per person is their latest.
    let mut out = BTreeMap::new();
    if members.is_empty() {
        return Ok(out);
    }
    let mut seen = BTreeSet::new();
    let people: Vec<Uuid> = members.iter().map(|m| m.person_id).collect();
    for r in crate::reflection::repo::submitted_of_on(db, &people, versions).await? {
        if seen.insert(r.person_id) {
            out.insert(format!("{}:{}", r.person_id, r.id), r.id);
        }
    }
    Ok(out)
}

use super::repo::count_levels;

pub async fn report(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    lang: &str,
    k: u64,
) -> ApiResult<GroupReportDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<teacher_group::Entity>(&txn, id).await?;
    let (g, mine) = find_visible(&txn, p, id).await?;
    if !manages(p, &g)
        && mine
            .as_ref()
            .is_none_or(|m| m.status != MemberStatus::Active)
    {
        return Err(ApiError::not_found("Group"));
    }
    let (inst, v, def) = instruments::find_version(&txn, DEFAULT_INSTRUMENT, "current").await?;
    let versions: Vec<Uuid> = crate::instruments::repo::versions_of(&txn, inst.id)
        .await?
        .into_iter()
        .map(|x| x.id)
        .collect();
    let current = contributions(&txn, &g, &versions).await?;
    let published: BTreeSet<String> = serde_json::from_str(&g.snapshot_basis).unwrap_or_default();
    let keys: BTreeSet<String> = current.keys().cloned().collect();
    let mut snapshot: Snapshot = g
        .snapshot
        .as_deref()
        .and_then(|s| serde_json::from_str(s).ok())
        .unwrap_or_default();
    if model::should_publish(&published, &keys, k as usize) {
        snapshot = Snapshot {
            published_at: Some(crate::db::now()),
            contributors: keys.len() as u64,
            counts: count_levels(&txn, current.values().copied().collect()).await?,
        };
        repo::set_snapshot(
            &txn,
            g.id,
            serde_json::to_string(&snapshot).map_err(|e| ApiError::internal(e.to_string()))?,
            serde_json::to_string(&keys).map_err(|e| ApiError::internal(e.to_string()))?,
        )
        .await?;
    }
    let active = repo::active_members(&txn, g.id).await?.len() as u64;
    txn.commit().await?;
    let (en, t) = instruments::texts_for(db, v.id, lang).await?;
    let loc = Localised {
        def: &def,
        en: &en,
        t: &t,
    };
    let levels = instruments::first_ordinal_levels(&def, &loc);
    let shown = snapshot.published_at.is_some();
    Ok(GroupReportDto {
        group_id: g.id,
        name: g.name,
        threshold: k,
        active_members: active,
        published_at: snapshot.published_at,
        contributors: snapshot.contributors,
        hidden_reason: (!shown).then(|| {
            format!("Shown once at least {k} members have joined and submitted a reflection.")
        }),
        levels,
        competences: if shown {
            def.items
                .iter()
                .map(|it| CompetenceDistributionDto {
                    key: it.key.clone(),
                    statement: loc.statement(&it.key).to_string(),
                    distribution: snapshot.counts.get(&it.key).cloned().unwrap_or_default(),
                })
                .collect()
        } else {
            Vec::new()
        },
    })
}

/// Teacher competence across a hub: the sum of the published (k-safe) aggregates of the
/// hub's teacher groups. A teacher in two groups counts in both; every part has already
/// passed the group rules, and the sum changes only when one of them does.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HubCompetenceDto {
    /// Contributions behind the shown distributions (summed over groups).
    pub contributions: u64,
    pub groups: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    pub levels: Vec<ScaleLevelDto>,
    pub competences: Vec<CompetenceDistributionDto>,
}

pub async fn hub_competence(
    db: &DatabaseConnection,
    hub_id: Uuid,
    lang: &str,
    k: u64,
) -> ApiResult<HubCompetenceDto> {
    let groups = repo::of_hub(db, hub_id).await?;
    let mut counts: BTreeMap<String, BTreeMap<String, u64>> = BTreeMap::new();
    let (mut contributions, mut used) = (0u64, 0u64);
    for g in &groups {
        let Some(s) = g
            .snapshot
            .as_deref()
            .and_then(|s| serde_json::from_str::<Snapshot>(s).ok())
        else {
            continue;
        };
        if s.published_at.is_none() {
            continue;
        }
        used += 1;
        contributions += s.contributors;
        for (item, levels) in s.counts {
            let e = counts.entry(item).or_default();
            for (lvl, n) in levels {
                *e.entry(lvl).or_default() += n;
            }
        }
    }
    let (_, v, def) = instruments::find_version(db, DEFAULT_INSTRUMENT, "current").await?;
    let (en, t) = instruments::texts_for(db, v.id, lang).await?;
    let loc = Localised {
        def: &def,
        en: &en,
        t: &t,
    };
    let levels = instruments::first_ordinal_levels(&def, &loc);
    let shown = contributions >= k && used > 0;
    Ok(HubCompetenceDto {
        contributions: if shown { contributions } else { 0 },
        groups: used,
        hidden_reason: (!shown).then(|| {
            format!("Shown once the hub's teacher groups have published aggregates from at least {k} contributions.")
        }),
        levels,
        competences: if shown {
            def.items
                .iter()
                .map(|it| CompetenceDistributionDto {
                    key: it.key.clone(),
                    statement: loc.statement(&it.key).to_string(),
                    distribution: counts.get(&it.key).cloned().unwrap_or_default(),
                })
                .collect()
        } else {
            Vec::new()
        },
    })
}

/// Mean level score per DigCompEdu area of a school, from the published (k-safe)
/// aggregate of its `school_staff` groups; none while nothing is published.
pub async fn school_competence_means(
    db: &impl ConnectionTrait,
    school_id: Uuid,
) -> ApiResult<Option<BTreeMap<String, f64>>> {
    let groups = repo::staff_groups_of(db, school_id).await?;
    Ok(competence_means(db, &groups)
        .await?
        .remove(&school_id)
        .map(|(_, m)| m))
}

/// [`school_competence_means`] of many schools, in two statements, each with the time its
/// latest staff aggregate was published.
pub async fn schools_competence_means(
    db: &impl ConnectionTrait,
    schools: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, (DateTime<Utc>, BTreeMap<String, f64>)>> {
    let mut out = BTreeMap::new();
    for chunk in schools.chunks(500) {
        let groups = repo::staff_groups_of_schools(db, chunk).await?;
        out.append(&mut competence_means(db, &groups).await?);
    }
    Ok(out)
}

/// Per school of `groups`: the latest publication and the mean level score per area over
/// its published staff aggregates (schools with none left out).
async fn competence_means(
    db: &impl ConnectionTrait,
    groups: &[teacher_group::Model],
) -> ApiResult<BTreeMap<Uuid, (DateTime<Utc>, BTreeMap<String, f64>)>> {
    use crate::instruments::model::ScaleKind;
    type Counts = BTreeMap<String, BTreeMap<String, u64>>;
    let mut per_school: BTreeMap<Uuid, (DateTime<Utc>, Counts)> = BTreeMap::new();
    for g in groups {
        let Some(school) = g.school_id else {
            continue;
        };
        let Some((at, s)) = g
            .snapshot
            .as_deref()
            .and_then(|s| serde_json::from_str::<Snapshot>(s).ok())
            .and_then(|s| Some((s.published_at?, s)))
        else {
            continue;
        };
        let e = per_school
            .entry(school)
            .or_insert_with(|| (at, BTreeMap::new()));
        e.0 = e.0.max(at);
        for (item, levels) in s.counts {
            let c = e.1.entry(item).or_default();
            for (lvl, n) in levels {
                *c.entry(lvl).or_default() += n;
            }
        }
    }
    if per_school.is_empty() {
        return Ok(BTreeMap::new());
    }
    let (_, _, def) = instruments::find_version(db, DEFAULT_INSTRUMENT, "current").await?;
    let score = |scale: &str, value: &str| -> Option<f64> {
        match &def.scales.iter().find(|s| s.key == scale)?.kind {
            ScaleKind::Ordinal { options } => options.iter().find(|o| o.value == value)?.score,
            ScaleKind::Text { .. } => None,
        }
    };
    let mut out = BTreeMap::new();
    for (school, (at, counts)) in per_school {
        if counts.is_empty() {
            continue;
        }
        let mut means = BTreeMap::new();
        for a in &def.areas {
            let (mut sum, mut n) = (0.0, 0u64);
            for it in def.items.iter().filter(|i| i.area == a.key) {
                for (lvl, c) in counts.get(&it.key).into_iter().flatten() {
                    if let Some(s) = score(&it.scale, lvl) {
                        sum += s * *c as f64;
                        n += c;
                    }
                }
            }
            if n > 0 {
                means.insert(a.key.clone(), (sum / n as f64 * 100.0).round() / 100.0);
            }
        }
        out.insert(school, (at, means));
    }
    Ok(out)
}
