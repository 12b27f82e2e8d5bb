//! School digital development plans: goals (from a readiness campaign's focus items or
//! written by hand) on an area's scale, actions with owners, due dates and evidence,
//! comments. The school's leaders own the plan; its mentors comment and propose actions;
//! each goal shows the area's value as measured now, so progress is measured, not claimed.

use super::repo;
use crate::audit::service::{self as audit, Where};
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::directory::entity::school;
use crate::error::{ApiError, ApiResult};
use crate::mentoring::entity::{plan, plan_action, plan_comment, plan_goal};
use crate::mentoring::model::PlanActionStatus;
use crate::mentoring::plans::dto::{
    MeasuredFromDto, PlanActionDto, PlanActionIn, PlanActionPatch, PlanCommentDto, PlanCommentIn,
    PlanCreate, PlanDto, PlanGoalDto, PlanGoalIn, PlanGoalPatch, PlanPatch, PlanRightsDto,
    PlanSummaryDto,
};
use crate::mentoring::shared::{json_list, to_json};
use crate::platform::dates::day;
use crate::platform::enums::input as from_input;
use crate::platform::etag;
use sea_orm::{ConnectionTrait, DatabaseConnection};
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

/// The value a goal is measured by among a school's measured values (`measured`'s keys):
/// its statement's, for a goal made from one, otherwise its area's.
pub fn goal_value(
    values: &BTreeMap<String, f64>,
    area: &str,
    source_item: Option<&str>,
) -> Option<f64> {
    match source_item {
        Some(item) => values.get(&format!("item:{item}")).copied(),
        None => values.get(area).copied(),
    }
}

/// Whether a goal is reached: the measured value has come to the target, from the side of
/// the starting value (a goal whose target lies below its start is reached at or below
/// it; without a start, at or above it) — where the goal's progress shows 100 %.
pub fn goal_reached(current: Option<f64>, target: f64, measured: f64) -> bool {
    match current {
        Some(start) if target < start => measured <= target,
        _ => measured >= target,
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
    repo::mentored_schools(db, me, None).await
}

pub(crate) async fn mentors_school(
    db: &impl ConnectionTrait,
    p: &Principal,
    school: Uuid,
) -> ApiResult<bool> {
    let Some(me) = p.person().map(|x| x.id) else {
        return Ok(false);
    };
    Ok(!repo::mentored_schools(db, me, Some(school))
        .await?
        .is_empty())
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
    let school = crate::directory::repo::school(db, school_id)
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
    let plan = repo::plan(db, id)
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
    let goals = repo::goals_of(db, &[l.plan.id]).await?;
    let goal_ids: Vec<Uuid> = goals.iter().map(|g| g.id).collect();
    let actions = repo::actions_of(db, &goal_ids).await?;
    let comments = repo::comments_of(db, l.plan.id).await?;
    let mut who: Vec<Uuid> = comments.iter().map(|c| c.author_id).collect();
    who.extend(actions.iter().filter_map(|a| a.proposed_by));
    who.extend(actions.iter().filter_map(|a| a.owner_id));
    who.extend(goals.iter().filter_map(|g| g.owner_id));
    let names = crate::people::repo::names_of(db, &who).await?;
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
            let now = goal_value(&values, &g.area, g.source_item.as_deref());
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
    let works_there = crate::people::repo::grants_of(db, id)
        .await?
        .iter()
        .any(|g| g.school_id == Some(school));
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
    repo::update_plan(
        db,
        plan::Model {
            updated_at: crate::db::now(),
            version: l.plan.version + 1,
            ..l.plan.clone()
        },
    )
    .await
}

pub async fn list(
    db: &DatabaseConnection,
    p: &Principal,
    school_id: Uuid,
) -> ApiResult<Vec<PlanSummaryDto>> {
    standing(db, p, school_id).await?;
    let plans = repo::of_school(db, school_id).await?;
    // Goals and actions of every plan in two statements.
    let ids: Vec<Uuid> = plans.iter().map(|x| x.id).collect();
    let goals = repo::goals_of(db, &ids).await?;
    let plan_of: BTreeMap<Uuid, Uuid> = goals.iter().map(|g| (g.id, g.plan_id)).collect();
    let mut counts: BTreeMap<Uuid, (u64, u64, u64)> = BTreeMap::new();
    for g in &goals {
        counts.entry(g.plan_id).or_default().0 += 1;
    }
    if !plan_of.is_empty() {
        let goal_ids: Vec<Uuid> = plan_of.keys().copied().collect();
        for a in repo::actions_of(db, &goal_ids).await? {
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
            let c = crate::campaigns::repo::campaign(&txn, cid)
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
    let pl = repo::insert_plan(
        &txn,
        plan::Model {
            id,
            school_id,
            title: input.title.trim().to_string(),
            campaign_id: input.campaign_id,
            created_by: p.id(),
            created_at: now,
            updated_at: now,
            version: 1,
        },
    )
    .await?;
    let goals =
        focus
            .iter()
            .enumerate()
            .map(|(i, f)| {
                // Start from the statement's own mean: the goal is measured on it.
                let current = f.item_mean;
                plan_goal::Model {
                    id: Uuid::now_v7(),
                    plan_id: id,
                    position: i32::try_from(i).unwrap_or(0),
                    title: f.statement.clone(),
                    area: format!("{READINESS}:{}", f.area),
                    source_item: Some(f.item.clone()),
                    current_value: current,
                    target_value: current.map_or(4.0, |c| (c + 0.5).min(5.0)),
                    indicator:
                        "The statement's mean in the next readiness campaign reaches the target."
                            .into(),
                    owner_id: None,
                    owner_name: None,
                }
            })
            .collect();
    repo::insert_goals(&txn, goals).await?;
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
    let mut m = l.plan.clone();
    if let Some(t) = input.title {
        m.title = t.trim().to_string();
    }
    m.updated_at = crate::db::now();
    m.version = l.plan.version + 1;
    l.plan = repo::update_plan(&txn, m).await?;
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
    let n = repo::goals_of(&txn, &[id]).await?.len();
    repo::insert_goals(
        &txn,
        vec![plan_goal::Model {
            id: Uuid::now_v7(),
            plan_id: id,
            position: i32::try_from(n).unwrap_or(0),
            title: input.title.trim().to_string(),
            area: input.area.clone(),
            source_item: None,
            current_value: input.current_value,
            target_value: input.target_value,
            indicator: input.indicator.trim().to_string(),
            owner_id: owner,
            owner_name: if owner.is_some() {
                None
            } else {
                text_or_none(input.owner_name)
            },
        }],
    )
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
    let mut m = g.clone();
    if let Some(t) = input.title {
        m.title = t.trim().to_string();
    }
    if let Some(t) = input.target_value {
        m.target_value = t;
    }
    if let Some(i) = input.indicator {
        m.indicator = i.trim().to_string();
    }
    if let Some(o) = input.owner_id {
        let o = school_person(&txn, l.st.school.id, o).await?;
        m.owner_id = o;
        if o.is_some() {
            m.owner_name = None;
        }
    }
    if let Some(o) = input.owner_name {
        let o = text_or_none(o);
        if o.is_some() {
            m.owner_id = None;
        }
        m.owner_name = o;
    }
    repo::update_goal(&txn, m).await?;
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
    let a = repo::action(db, action)
        .await?
        .ok_or_else(|| ApiError::not_found("Action"))?;
    goal_of(db, plan, a.goal_id)
        .await
        .map_err(|_| ApiError::not_found("Action"))?;
    Ok(a)
}

async fn goal_of(db: &impl ConnectionTrait, plan: Uuid, goal: Uuid) -> ApiResult<plan_goal::Model> {
    repo::goal(db, goal)
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
    repo::delete_goal(&txn, g.id).await?;
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
    let n = repo::actions_of(&txn, &[g.id]).await?.len();
    repo::save_action(
        &txn,
        plan_action::Model {
            id: Uuid::now_v7(),
            goal_id: g.id,
            position: i32::try_from(n).unwrap_or(0),
            title: input.title.trim().to_string(),
            owner_name: if owner_id.is_some() {
                None
            } else {
                text_or_none(input.owner_name)
            },
            owner_id,
            due_on: input.due_on.map(day),
            status,
            evidence: to_json(&input.evidence),
            proposed_by: (!owner).then(|| p.id()),
            updated_at: crate::db::now(),
        },
        true,
    )
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
    let mut m = a;
    if let Some(t) = input.title {
        m.title = t.trim().to_string();
    }
    if let Some(o) = input.owner_id {
        let o = school_person(&txn, l.st.school.id, o).await?;
        m.owner_id = o;
        if o.is_some() {
            m.owner_name = None;
        }
    }
    if let Some(o) = input.owner_name {
        m.owner_name = text_or_none(Some(o));
        m.owner_id = None;
    }
    if let Some(d) = input.due_on {
        m.due_on = Some(day(d));
    }
    if let Some(s) = &input.status {
        m.status = from_input::<PlanActionStatus>("status", s)?;
    }
    if let Some(e) = &input.evidence {
        m.evidence = to_json(e);
    }
    m.updated_at = crate::db::now();
    let a = repo::save_action(&txn, m, false).await?;
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
    repo::delete_action(&txn, a.id).await?;
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
    let leaders = crate::mentoring::activities::repo::school_grants(
        db,
        vec![l.plan.school_id],
        &[crate::auth::model::Role::SchoolLeader],
    )
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
    repo::insert_comment(
        &txn,
        plan_comment::Model {
            id: Uuid::now_v7(),
            plan_id: id,
            goal_id: input.goal_id,
            author_id: p.id(),
            text: input.text.trim().to_string(),
            at: crate::db::now(),
        },
    )
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
