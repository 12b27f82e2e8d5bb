//! School digital development plans: goals (from a readiness campaign's focus items or
//! written by hand) on an area's scale, actions with owners, due dates and evidence,
//! comments. The school's leaders own the plan; its mentors comment and propose actions;
//! each goal shows the area's value as measured now, so progress is measured, not claimed.

use crate::audit::service::{self as audit, Where};
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::campaigns::entity::campaign;
use crate::directory::entity::school;
use crate::error::{ApiError, ApiResult};
use crate::mentoring::entity::{
    participant, plan, plan_action, plan_comment, plan_goal, relationship,
};
use crate::mentoring::model::PlanActionStatus;
use crate::mentoring::plans::dto::{
    MeasuredFromDto, PlanActionDto, PlanActionIn, PlanActionPatch, PlanCommentDto, PlanCommentIn,
    PlanCreate, PlanDto, PlanGoalDto, PlanGoalIn, PlanGoalPatch, PlanPatch, PlanRightsDto,
    PlanSummaryDto,
};
use crate::mentoring::shared::{json_list, to_json};
use crate::people::entity::person;
use crate::platform::dates::day;
use crate::platform::enums::input as from_input;
use crate::platform::etag;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use std::collections::BTreeMap;
use uuid::Uuid;

const READINESS: &str = crate::campaigns::service::DEFAULT_INSTRUMENT;

/// The scale of an area: mean agreement 1–5 for readiness, level score 0–5 for competence.
fn scale_of(area: &str) -> (f64, f64) {
    if area.starts_with(READINESS) {
        (1.0, 5.0)
    } else {
        (0.0, 5.0)
    }
}

/// Does the caller mentor the school: a mentor or facilitator in a (not cancelled)
/// relationship in which the school, or someone taking part for it, is a mentee?
/// The schools the caller mentors (mentor or facilitator in a live relationship where the
/// school is a mentee), in three statements whatever their number.
pub(crate) async fn schools_mentored(
    db: &impl ConnectionTrait,
    p: &Principal,
) -> ApiResult<std::collections::BTreeSet<Uuid>> {
    let Some(me) = p.person().map(|x| x.id) else {
        return Ok(Default::default());
    };
    let mine: Vec<Uuid> = participant::Entity::find()
        .filter(participant::Column::PersonId.eq(me))
        .filter(participant::Column::Role.is_in(["mentor", "facilitator"]))
        .all(db)
        .await?
        .into_iter()
        .map(|x| x.relationship_id)
        .collect();
    if mine.is_empty() {
        return Ok(Default::default());
    }
    let live: Vec<Uuid> = relationship::Entity::find()
        .filter(relationship::Column::Id.is_in(mine))
        .filter(relationship::Column::Status.ne("cancelled"))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    if live.is_empty() {
        return Ok(Default::default());
    }
    Ok(participant::Entity::find()
        .filter(participant::Column::RelationshipId.is_in(live))
        .filter(participant::Column::Role.eq("mentee"))
        .filter(participant::Column::SchoolId.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|x| x.school_id)
        .collect())
}

pub(crate) async fn mentors_school(
    db: &impl ConnectionTrait,
    p: &Principal,
    school: Uuid,
) -> ApiResult<bool> {
    let Some(me) = p.person().map(|x| x.id) else {
        return Ok(false);
    };
    let mine: Vec<Uuid> = participant::Entity::find()
        .filter(participant::Column::PersonId.eq(me))
        .filter(participant::Column::Role.is_in(["mentor", "facilitator"]))
        .all(db)
        .await?
        .into_iter()
        .map(|x| x.relationship_id)
        .collect();
    if mine.is_empty() {
        return Ok(false);
    }
    let live: Vec<Uuid> = relationship::Entity::find()
        .filter(relationship::Column::Id.is_in(mine))
        .filter(relationship::Column::Status.ne("cancelled"))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    Ok(!live.is_empty()
        && participant::Entity::find()
            .filter(participant::Column::RelationshipId.is_in(live))
            .filter(participant::Column::Role.eq("mentee"))
            .filter(participant::Column::SchoolId.eq(school))
            .one(db)
            .await?
            .is_some())
}

struct Standing {
    school: school::Model,
    mentors: bool,
}

async fn standing(
    db: &impl ConnectionTrait,
    p: &Principal,
    school_id: Uuid,
) -> ApiResult<Standing> {
    let school = school::Entity::find_by_id(school_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("School"))?;
    let mentors = mentors_school(db, p, school_id).await?;
    policy::must_see(
        policy::sees_plan(p, school.id, school.hub_id, mentors),
        "School",
    )?;
    Ok(Standing { school, mentors })
}

struct Loaded {
    plan: plan::Model,
    st: Standing,
}

async fn visible(db: &impl ConnectionTrait, p: &Principal, id: Uuid) -> ApiResult<Loaded> {
    let plan = plan::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("Plan"))?;
    let st = standing(db, p, plan.school_id)
        .await
        .map_err(|_| ApiError::not_found("Plan"))?;
    Ok(Loaded { plan, st })
}

fn owns(p: &Principal, l: &Loaded) -> bool {
    policy::allows(
        p,
        Action::PlanOwn {
            school: l.plan.school_id,
        },
    )
}

fn must_own(p: &Principal, l: &Loaded) -> ApiResult<()> {
    if owns(p, l) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "The school's leaders own the plan; mentors comment and propose actions.",
        ))
    }
}

fn place(s: &school::Model) -> Where {
    Where {
        hub_id: Some(s.hub_id),
        school_id: Some(s.id),
    }
}

fn check_values(area: &str, current: Option<f64>, target: f64) -> ApiResult<()> {
    let (lo, hi) = scale_of(area);
    let mut errs = Vec::new();
    for (field, v) in [("current_value", current), ("target_value", Some(target))] {
        if let Some(v) = v
            && !(lo..=hi).contains(&v)
        {
            errs.push(crate::error::FieldError {
                field: field.into(),
                code: "range".into(),
                message: format!("On this area's scale: from {lo} to {hi}."),
            });
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errs))
    }
}

async fn measured(
    db: &impl ConnectionTrait,
    p: &Principal,
    school: &school::Model,
    k: u64,
) -> ApiResult<(
    Option<crate::campaigns::service::AreaMeans>,
    BTreeMap<String, f64>,
)> {
    let shared_only = !policy::sees_unshared_results(p, school.id);
    let readiness =
        crate::campaigns::service::latest_area_means(db, school.id, shared_only, k).await?;
    let mut values: BTreeMap<String, f64> = BTreeMap::new();
    if let Some(r) = &readiness {
        for (a, v) in &r.areas {
            values.insert(format!("{READINESS}:{a}"), *v);
        }
        // Statements, for goals made from one: `item:<key>`.
        for (i, v) in &r.items {
            values.insert(format!("item:{i}"), *v);
        }
    }
    if let Some(c) = crate::groups::service::school_competence_means(db, school.id).await? {
        for (a, v) in c {
            values.insert(
                format!("{}:{a}", crate::reflection::service::DEFAULT_INSTRUMENT),
                v,
            );
        }
    }
    Ok((readiness, values))
}

async fn to_dto(
    db: &impl ConnectionTrait,
    p: &Principal,
    l: &Loaded,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    let goals = plan_goal::Entity::find()
        .filter(plan_goal::Column::PlanId.eq(l.plan.id))
        .order_by_asc(plan_goal::Column::Position)
        .all(db)
        .await?;
    let goal_ids: Vec<Uuid> = goals.iter().map(|g| g.id).collect();
    let actions = if goal_ids.is_empty() {
        vec![]
    } else {
        plan_action::Entity::find()
            .filter(plan_action::Column::GoalId.is_in(goal_ids))
            .order_by_asc(plan_action::Column::Position)
            .order_by_asc(plan_action::Column::Id)
            .all(db)
            .await?
    };
    let comments = plan_comment::Entity::find()
        .filter(plan_comment::Column::PlanId.eq(l.plan.id))
        .order_by_asc(plan_comment::Column::At)
        .all(db)
        .await?;
    let mut who: Vec<Uuid> = comments.iter().map(|c| c.author_id).collect();
    who.extend(actions.iter().filter_map(|a| a.proposed_by));
    who.extend(actions.iter().filter_map(|a| a.owner_id));
    who.extend(goals.iter().filter_map(|g| g.owner_id));
    let names: BTreeMap<Uuid, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(who))
        .all(db)
        .await?
        .into_iter()
        .map(|x| (x.id, x.name))
        .collect();
    let titles: BTreeMap<String, String> =
        crate::mentoring::lists::service::focus_options(db, lang)
            .await?
            .into_iter()
            .map(|f| (f.key, f.title))
            .collect();
    let (readiness, values) = measured(db, p, &l.st.school, k).await?;
    let goals = goals
        .into_iter()
        .map(|g| {
            let acts: Vec<PlanActionDto> = actions
                .iter()
                .filter(|a| a.goal_id == g.id)
                .map(|a| {
                    Ok(PlanActionDto {
                        id: a.id,
                        title: a.title.clone(),
                        owner_id: a.owner_id,
                        owner_name: owner_name(&names, a.owner_id, &a.owner_name),
                        due_on: a
                            .due_on
                            .as_deref()
                            .map(crate::platform::dates::parse_day)
                            .transpose()?,
                        status: a.status,
                        evidence: json_list(&a.evidence),
                        proposed_by_name: a.proposed_by.and_then(|x| names.get(&x).cloned()),
                    })
                })
                .collect::<ApiResult<_>>()?;
            let (lo, hi) = scale_of(&g.area);
            // A goal made from a statement is measured on that statement, not on the
            // statement's whole area.
            let now = match &g.source_item {
                Some(item) => values.get(&format!("item:{item}")).copied(),
                None => values.get(&g.area).copied(),
            };
            let progress = match (g.current_value, now) {
                (Some(start), Some(now)) if (g.target_value - start).abs() > f64::EPSILON => Some(
                    ((now - start) / (g.target_value - start) * 100.0)
                        .clamp(0.0, 100.0)
                        .round(),
                ),
                _ => None,
            };
            Ok(PlanGoalDto {
                id: g.id,
                area_title: titles
                    .get(&g.area)
                    .cloned()
                    .unwrap_or_else(|| g.area.clone()),
                title: g.title,
                area: g.area,
                source_item: g.source_item,
                scale_min: lo,
                scale_max: hi,
                current_value: g.current_value,
                target_value: g.target_value,
                measured_value: now,
                progress_percent: progress,
                indicator: g.indicator,
                owner_name: owner_name(&names, g.owner_id, &g.owner_name),
                owner_id: g.owner_id,
                actions_done: acts
                    .iter()
                    .filter(|a| a.status == PlanActionStatus::Done)
                    .count() as u64,
                actions: acts,
            })
        })
        .collect::<ApiResult<_>>()?;
    let mentors = l.st.mentors;
    let (sid, hub) = (l.st.school.id, l.st.school.hub_id);
    Ok(PlanDto {
        id: l.plan.id,
        school_id: sid,
        school_name: l.st.school.name.clone(),
        title: l.plan.title.clone(),
        campaign_id: l.plan.campaign_id,
        goals,
        comments: comments
            .into_iter()
            .map(|c| PlanCommentDto {
                id: c.id,
                goal_id: c.goal_id,
                author_name: names.get(&c.author_id).cloned().unwrap_or_default(),
                text: c.text,
                at: c.at,
            })
            .collect(),
        rights: PlanRightsDto {
            edit: owns(p, l),
            comment: policy::comments_plan(p, sid, hub, mentors),
            propose: policy::proposes_plan_actions(p, hub, mentors),
        },
        measured_from: readiness.map(|r| MeasuredFromDto {
            campaign_id: r.campaign_id,
            campaign_name: r.campaign_name,
            closes_on: r.closes_on,
        }),
        updated_at: l.plan.updated_at,
        etag_version: l.plan.version,
    })
}

/// The name to show for an owner: the person's, else the free text.
fn owner_name(
    names: &BTreeMap<Uuid, String>,
    id: Option<Uuid>,
    text: &Option<String>,
) -> Option<String> {
    id.and_then(|i| names.get(&i).cloned())
        .or_else(|| text.clone().filter(|t| !t.trim().is_empty()))
}

/// An owner must be one of the school's people (a leader or teacher there); 422 otherwise.
async fn school_person(
    db: &impl ConnectionTrait,
    school: Uuid,
    owner: Option<Uuid>,
) -> ApiResult<Option<Uuid>> {
    let Some(id) = owner else {
        return Ok(None);
    };
    let works_there = crate::people::entity::role_grant::Entity::find()
        .filter(crate::people::entity::role_grant::Column::PersonId.eq(id))
        .filter(crate::people::entity::role_grant::Column::SchoolId.eq(school))
        .one(db)
        .await?
        .is_some();
    if works_there {
        Ok(Some(id))
    } else {
        Err(ApiError::field(
            "owner_id",
            "not_school_person",
            "The owner is one of the school's people (or leave it empty and write a name).",
        ))
    }
}

fn text_or_none(t: Option<String>) -> Option<String> {
    t.map(|x| x.trim().to_string()).filter(|x| !x.is_empty())
}

/// The end of a change to a plan: its version moves on, the change is audited, and the
/// plan comes back as the caller now sees it.
async fn finish(
    txn: sea_orm::DatabaseTransaction,
    p: &Principal,
    mut l: Loaded,
    action: &str,
    details: serde_json::Value,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    l.plan = touch(&txn, &l).await?;
    audit::record(
        &txn,
        p.into(),
        action,
        ("plan", Some(l.plan.id)),
        place(&l.st.school),
        details,
    )
    .await?;
    let dto = to_dto(&txn, p, &l, lang, k).await?;
    txn.commit().await?;
    Ok(dto)
}

async fn touch(db: &impl ConnectionTrait, l: &Loaded) -> ApiResult<plan::Model> {
    let mut a: plan::ActiveModel = l.plan.clone().into();
    a.updated_at = Set(crate::db::now());
    a.version = Set(l.plan.version + 1);
    Ok(a.update(db).await?)
}

pub async fn list(
    db: &DatabaseConnection,
    p: &Principal,
    school_id: Uuid,
) -> ApiResult<Vec<PlanSummaryDto>> {
    standing(db, p, school_id).await?;
    let plans = plan::Entity::find()
        .filter(plan::Column::SchoolId.eq(school_id))
        .order_by_desc(plan::Column::CreatedAt)
        .all(db)
        .await?;
    // Goals and actions of every plan in two statements.
    let goals = plan_goal::Entity::find()
        .filter(plan_goal::Column::PlanId.is_in(plans.iter().map(|x| x.id)))
        .all(db)
        .await?;
    let plan_of: BTreeMap<Uuid, Uuid> = goals.iter().map(|g| (g.id, g.plan_id)).collect();
    let mut counts: BTreeMap<Uuid, (u64, u64, u64)> = BTreeMap::new();
    for g in &goals {
        counts.entry(g.plan_id).or_default().0 += 1;
    }
    if !plan_of.is_empty() {
        for a in plan_action::Entity::find()
            .filter(plan_action::Column::GoalId.is_in(plan_of.keys().copied()))
            .all(db)
            .await?
        {
            if let Some(plan) = plan_of.get(&a.goal_id) {
                let c = counts.entry(*plan).or_default();
                c.1 += 1;
                if a.status == PlanActionStatus::Done {
                    c.2 += 1;
                }
            }
        }
    }
    Ok(plans
        .into_iter()
        .map(|pl| {
            let (goals, actions, actions_done) = counts.get(&pl.id).copied().unwrap_or_default();
            PlanSummaryDto {
                id: pl.id,
                school_id: pl.school_id,
                title: pl.title,
                goals,
                actions,
                actions_done,
                updated_at: pl.updated_at,
            }
        })
        .collect())
}

/// Start a plan; with a campaign, each of its focus items becomes a goal measured on that
/// statement, with the statement's mean in that campaign as the current value and half a
/// point more as a first target.
pub async fn create(
    db: &DatabaseConnection,
    p: &Principal,
    school_id: Uuid,
    input: PlanCreate,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<school::Entity>(&txn, school_id).await?;
    let st = standing(&txn, p, school_id).await?;
    policy::must_allow(p, Action::PlanOwn { school: school_id })?;
    let focus = match input.campaign_id {
        Some(cid) => {
            let c = campaign::Entity::find_by_id(cid)
                .one(&txn)
                .await?
                .filter(|c| c.school_id == school_id)
                .ok_or_else(|| {
                    ApiError::field(
                        "campaign_id",
                        "not_found",
                        "No such campaign at this school.",
                    )
                })?;
            crate::campaigns::service::focus_items(&txn, c, lang, k).await?
        }
        None => vec![],
    };
    let now = crate::db::now();
    let id = Uuid::now_v7();
    let pl = plan::ActiveModel {
        id: Set(id),
        school_id: Set(school_id),
        title: Set(input.title.trim().to_string()),
        campaign_id: Set(input.campaign_id),
        created_by: Set(p.id()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(&txn)
    .await?;
    for (i, f) in focus.iter().enumerate() {
        // Start from the statement's own mean: the goal is measured on it.
        let current = f.item_mean;
        plan_goal::ActiveModel {
            id: Set(Uuid::now_v7()),
            plan_id: Set(id),
            position: Set(i32::try_from(i).unwrap_or(0)),
            title: Set(f.statement.clone()),
            area: Set(format!("{READINESS}:{}", f.area)),
            source_item: Set(Some(f.item.clone())),
            current_value: Set(current),
            target_value: Set(current.map_or(4.0, |c| (c + 0.5).min(5.0))),
            indicator: Set(
                "The statement's mean in the next readiness campaign reaches the target.".into(),
            ),
            owner_id: Set(None),
            owner_name: Set(None),
        }
        .insert(&txn)
        .await?;
    }
    audit::record(
        &txn,
        p.into(),
        "plan.created",
        ("plan", Some(id)),
        place(&st.school),
        json!({"title": pl.title, "goals_from_focus": focus.len()}),
    )
    .await?;
    let l = Loaded { plan: pl, st };
    let dto = to_dto(&txn, p, &l, lang, k).await?;
    txn.commit().await?;
    Ok(dto)
}

pub async fn get(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    let l = visible(db, p, id).await?;
    to_dto(db, p, &l, lang, k).await
}

pub async fn update(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: PlanPatch,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<plan::Entity>(&txn, id).await?;
    let mut l = visible(&txn, p, id).await?;
    must_own(p, &l)?;
    etag::check(expected, l.plan.version)?;
    let mut a: plan::ActiveModel = l.plan.clone().into();
    if let Some(t) = input.title {
        a.title = Set(t.trim().to_string());
    }
    a.updated_at = Set(crate::db::now());
    a.version = Set(l.plan.version + 1);
    l.plan = a.update(&txn).await?;
    audit::record(
        &txn,
        p.into(),
        "plan.updated",
        ("plan", Some(id)),
        place(&l.st.school),
        json!({}),
    )
    .await?;
    let dto = to_dto(&txn, p, &l, lang, k).await?;
    txn.commit().await?;
    Ok(dto)
}

pub async fn add_goal(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    input: PlanGoalIn,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    check_values(&input.area, input.current_value, input.target_value)?;
    let txn = crate::db::write(db).await?;
    crate::db::lock::<plan::Entity>(&txn, id).await?;
    let l = visible(&txn, p, id).await?;
    must_own(p, &l)?;
    let owner = school_person(&txn, l.st.school.id, input.owner_id).await?;
    let n = plan_goal::Entity::find()
        .filter(plan_goal::Column::PlanId.eq(id))
        .all(&txn)
        .await?
        .len();
    plan_goal::ActiveModel {
        id: Set(Uuid::now_v7()),
        plan_id: Set(id),
        position: Set(i32::try_from(n).unwrap_or(0)),
        title: Set(input.title.trim().to_string()),
        area: Set(input.area.clone()),
        source_item: Set(None),
        current_value: Set(input.current_value),
        target_value: Set(input.target_value),
        indicator: Set(input.indicator.trim().to_string()),
        owner_id: Set(owner),
        owner_name: Set(if owner.is_some() {
            None
        } else {
            text_or_none(input.owner_name)
        }),
    }
    .insert(&txn)
    .await?;
    finish(
        txn,
        p,
        l,
        "plan.goal_added",
        json!({"area": input.area}),
        lang,
        k,
    )
    .await
}

/// Change a goal's title, target, indicator or owner (the school's leaders).
#[allow(clippy::too_many_arguments)]
pub async fn update_goal(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    goal: Uuid,
    input: PlanGoalPatch,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<plan::Entity>(&txn, id).await?;
    let l = visible(&txn, p, id).await?;
    must_own(p, &l)?;
    let g = goal_of(&txn, id, goal).await?;
    if let Some(t) = input.target_value {
        check_values(&g.area, None, t)?;
    }
    let mut m: plan_goal::ActiveModel = g.clone().into();
    if let Some(t) = input.title {
        m.title = Set(t.trim().to_string());
    }
    if let Some(t) = input.target_value {
        m.target_value = Set(t);
    }
    if let Some(i) = input.indicator {
        m.indicator = Set(i.trim().to_string());
    }
    if let Some(o) = input.owner_id {
        let o = school_person(&txn, l.st.school.id, o).await?;
        m.owner_id = Set(o);
        if o.is_some() {
            m.owner_name = Set(None);
        }
    }
    if let Some(o) = input.owner_name {
        let o = text_or_none(o);
        if o.is_some() {
            m.owner_id = Set(None);
        }
        m.owner_name = Set(o);
    }
    m.update(&txn).await?;
    finish(
        txn,
        p,
        l,
        "plan.goal_updated",
        json!({"title": g.title}),
        lang,
        k,
    )
    .await
}

/// An action of one of the plan's goals; 404 for an action of another plan.
async fn action_of(
    db: &impl ConnectionTrait,
    plan: Uuid,
    action: Uuid,
) -> ApiResult<plan_action::Model> {
    let a = plan_action::Entity::find_by_id(action)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("Action"))?;
    goal_of(db, plan, a.goal_id)
        .await
        .map_err(|_| ApiError::not_found("Action"))?;
    Ok(a)
}

async fn goal_of(db: &impl ConnectionTrait, plan: Uuid, goal: Uuid) -> ApiResult<plan_goal::Model> {
    plan_goal::Entity::find_by_id(goal)
        .one(db)
        .await?
        .filter(|g| g.plan_id == plan)
        .ok_or_else(|| ApiError::not_found("Goal"))
}

pub async fn remove_goal(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    goal: Uuid,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<plan::Entity>(&txn, id).await?;
    let l = visible(&txn, p, id).await?;
    must_own(p, &l)?;
    let g = goal_of(&txn, id, goal).await?;
    plan_goal::Entity::delete_by_id(g.id).exec(&txn).await?;
    finish(
        txn,
        p,
        l,
        "plan.goal_removed",
        json!({"title": g.title}),
        lang,
        k,
    )
    .await
}

/// Add an action to a goal: the leaders plan it; a mentor's or coordinator's becomes a
/// proposal the leaders take up (or drop).
#[allow(clippy::too_many_arguments)]
pub async fn add_action(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    goal: Uuid,
    input: PlanActionIn,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<plan::Entity>(&txn, id).await?;
    let mut l = visible(&txn, p, id).await?;
    let owner = owns(p, &l);
    let proposer = policy::proposes_plan_actions(p, l.st.school.hub_id, l.st.mentors);
    if !owner && !proposer {
        return Err(ApiError::forbidden(
            "The school's leaders add actions; its mentors propose them.",
        ));
    }
    let g = goal_of(&txn, id, goal).await?;
    let owner_id = school_person(&txn, l.st.school.id, input.owner_id).await?;
    let status = match (owner, &input.status) {
        (true, Some(s)) => from_input("status", s)?,
        (true, None) => PlanActionStatus::Planned,
        (false, _) => PlanActionStatus::Proposed,
    };
    let n = plan_action::Entity::find()
        .filter(plan_action::Column::GoalId.eq(g.id))
        .all(&txn)
        .await?
        .len();
    plan_action::ActiveModel {
        id: Set(Uuid::now_v7()),
        goal_id: Set(g.id),
        position: Set(i32::try_from(n).unwrap_or(0)),
        title: Set(input.title.trim().to_string()),
        owner_name: Set(if owner_id.is_some() {
            None
        } else {
            text_or_none(input.owner_name)
        }),
        owner_id: Set(owner_id),
        due_on: Set(input.due_on.map(day)),
        status: Set(status),
        evidence: Set(to_json(&input.evidence)),
        proposed_by: Set((!owner).then(|| p.id())),
        updated_at: Set(crate::db::now()),
    }
    .insert(&txn)
    .await?;
    l.plan = touch(&txn, &l).await?;
    audit::record(
        &txn,
        p.into(),
        "plan.action_added",
        ("plan", Some(id)),
        place(&l.st.school),
        json!({"goal": g.title, "status": status}),
    )
    .await?;
    if !owner {
        notify_leaders(&txn, &l, p, "plan_comment").await?;
    }
    let dto = to_dto(&txn, p, &l, lang, k).await?;
    txn.commit().await?;
    Ok(dto)
}

#[allow(clippy::too_many_arguments)]
pub async fn update_action(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    action: Uuid,
    input: PlanActionPatch,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<plan::Entity>(&txn, id).await?;
    let l = visible(&txn, p, id).await?;
    must_own(p, &l)?;
    let a = action_of(&txn, id, action).await?;
    let before = a.status;
    let mut m: plan_action::ActiveModel = a.into();
    if let Some(t) = input.title {
        m.title = Set(t.trim().to_string());
    }
    if let Some(o) = input.owner_id {
        let o = school_person(&txn, l.st.school.id, o).await?;
        m.owner_id = Set(o);
        if o.is_some() {
            m.owner_name = Set(None);
        }
    }
    if let Some(o) = input.owner_name {
        m.owner_name = Set(text_or_none(Some(o)));
        m.owner_id = Set(None);
    }
    if let Some(d) = input.due_on {
        m.due_on = Set(Some(day(d)));
    }
    if let Some(s) = &input.status {
        m.status = Set(from_input::<PlanActionStatus>("status", s)?);
    }
    if let Some(e) = &input.evidence {
        m.evidence = Set(to_json(e));
    }
    m.updated_at = Set(crate::db::now());
    let a = m.update(&txn).await?;
    finish(
        txn,
        p,
        l,
        "plan.action_updated",
        json!({"action": a.title, "from": before, "to": a.status}),
        lang,
        k,
    )
    .await
}

pub async fn remove_action(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    action: Uuid,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<plan::Entity>(&txn, id).await?;
    let l = visible(&txn, p, id).await?;
    must_own(p, &l)?;
    let a = action_of(&txn, id, action).await?;
    plan_action::Entity::delete_by_id(a.id).exec(&txn).await?;
    finish(
        txn,
        p,
        l,
        "plan.action_removed",
        json!({"action": a.title}),
        lang,
        k,
    )
    .await
}

async fn notify_leaders(
    db: &impl ConnectionTrait,
    l: &Loaded,
    p: &Principal,
    kind: &str,
) -> ApiResult<()> {
    let leaders = crate::people::entity::role_grant::Entity::find()
        .filter(crate::people::entity::role_grant::Column::SchoolId.eq(l.plan.school_id))
        .filter(crate::people::entity::role_grant::Column::Role.eq("school_leader"))
        .all(db)
        .await?;
    for g in leaders.into_iter().filter(|g| g.person_id != p.id()) {
        crate::notifications::send(
            db,
            g.person_id,
            kind,
            &l.plan.title,
            &format!("/plans/{}", l.plan.id),
        )
        .await?;
    }
    Ok(())
}

pub async fn comment(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    input: PlanCommentIn,
    lang: &str,
    k: u64,
) -> ApiResult<PlanDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<plan::Entity>(&txn, id).await?;
    let l = visible(&txn, p, id).await?;
    if !policy::comments_plan(p, l.st.school.id, l.st.school.hub_id, l.st.mentors) {
        return Err(ApiError::forbidden(
            "The school's leaders, its mentors and the hub's coordinators comment on the plan.",
        ));
    }
    if let Some(g) = input.goal_id {
        goal_of(&txn, id, g)
            .await
            .map_err(|_| ApiError::field("goal_id", "not_found", "No such goal in this plan."))?;
    }
    plan_comment::ActiveModel {
        id: Set(Uuid::now_v7()),
        plan_id: Set(id),
        goal_id: Set(input.goal_id),
        author_id: Set(p.id()),
        text: Set(input.text.trim().to_string()),
        at: Set(crate::db::now()),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        p.into(),
        "plan.commented",
        ("plan", Some(id)),
        place(&l.st.school),
        json!({}),
    )
    .await?;
    notify_leaders(&txn, &l, p, "plan_comment").await?;
    let dto = to_dto(&txn, p, &l, lang, k).await?;
    txn.commit().await?;
    Ok(dto)
}
