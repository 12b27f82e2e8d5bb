//! The demo campaign (`ihub seed --demo`).

use super::definition::campaign_definition;
use super::dto::CustomItem;
use super::entity::{campaign, campaign_code, response, response_answer};
use super::model::{self, RespondentGroup, ResponseStatus};
use super::service::{DEFAULT_INSTRUMENT, GROUPS, group_items, json};
use crate::auth::token;
use crate::directory::entity::school;
use crate::error::{ApiError, ApiResult};
use crate::instruments::service as instruments;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A finished demo campaign at a school that has none: every group above the anonymity
/// threshold, answers that differ by group, so the report shows something on first start.
/// The answers come from a fixed pseudo-random sequence: every run gives the same report.
pub async fn seed_demo(db: &impl ConnectionTrait, school_id: Uuid, by: Uuid) -> ApiResult<()> {
    use sea_orm::PaginatorTrait;
    if campaign::Entity::find()
        .filter(campaign::Column::SchoolId.eq(school_id))
        .count(db)
        .await?
        > 0
    {
        return Ok(());
    }
    let s = school::Entity::find_by_id(school_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal("demo school missing"))?;
    let (_, v, def) = instruments::find_version(db, DEFAULT_INSTRUMENT, "current").await?;
    let now = crate::db::now();
    let id = Uuid::now_v7();
    let expected: BTreeMap<String, u32> = [("leader", 3), ("teacher", 24), ("student", 120)]
        .iter()
        .map(|(g, n)| (g.to_string(), *n))
        .collect();
    let c = campaign::ActiveModel {
        id: Set(id),
        school_id: Set(s.id),
        instrument_version_id: Set(v.id),
        name: Set("Autumn 2026 readiness check".into()),
        groups: Set(GROUPS.join(",")),
        optional_items: Set("[]".into()),
        custom_items: Set(json(&vec![CustomItem {
            key: Some("phone_rules".into()),
            statement: "Our school's rules on phones in lessons are clear to everyone.".into(),
            translations: BTreeMap::new(),
            groups: Vec::new(),
        }])?),
        expected: Set(json(&expected)?),
        opens_on: Set("2026-10-05".into()),
        closes_on: Set("2026-10-16".into()),
        time_zone: Set(s.time_zone.clone()),
        closed_early_at: Set(None),
        focus_items: Set("[]".into()),
        shared_with_mentors: Set(true),
        shared_with_coordinator: Set(true),
        created_by: Set(Some(by)),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(db)
    .await?;
    let mut rng = rand::rng();
    for &g in GROUPS {
        campaign_code::ActiveModel {
            id: Set(Uuid::new_v4()),
            campaign_id: Set(id),
            respondent_group: Set(crate::platform::enums::known(g)?),
            code: Set(model::new_code(&mut rng)),
        }
        .insert(db)
        .await?;
    }
    let full = campaign_definition(&def, &c);
    let mut next = sequence(0x5eed_2026);
    for (group, count, lean) in [
        (RespondentGroup::Leader, 2u32, 4.1f64),
        (RespondentGroup::Teacher, 14, 3.4),
        (RespondentGroup::Student, 38, 3.0),
    ] {
        answer(db, &full, id, group, count, lean, "2026-10-05", &mut next).await?;
    }
    Ok(())
}

/// A small linear congruential sequence: reproducible, good enough for demo answers.
fn sequence(seed: u64) -> impl FnMut() -> u32 {
    let mut state = seed;
    move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) as u32
    }
}

/// `count` submitted responses of a group, leaning to `lean` on the 1–5 scale (lower in
/// infrastructure and assessment, higher in leadership), started on the days after
/// `first_day`.
#[allow(clippy::too_many_arguments)]
async fn answer(
    db: &impl ConnectionTrait,
    full: &crate::instruments::model::Definition,
    campaign_id: Uuid,
    group: RespondentGroup,
    count: u32,
    lean: f64,
    first_day: &str,
    next: &mut impl FnMut() -> u32,
) -> ApiResult<()> {
    let first = crate::platform::dates::parse_day(first_day)?;
    for r in 0..count {
        let rid = Uuid::new_v4();
        response::ActiveModel {
            id: Set(rid),
            campaign_id: Set(campaign_id),
            respondent_group: Set(group),
            token_hash: Set(token::hash_token(&token::random_token(24))),
            status: Set(ResponseStatus::Submitted),
            started_on: Set(crate::platform::dates::day(
                first + chrono::Duration::days(i64::from(r % 8)),
            )),
        }
        .insert(db)
        .await?;
        for (i, it) in group_items(full, group.as_str()).into_iter().enumerate() {
            // Infrastructure and security run lower, leadership higher, with noise.
            let area_shift = match it.area.as_str() {
                "infrastructure" => -0.8,
                "leadership" => 0.4,
                "assessment" => -0.4,
                _ => 0.0,
            };
            let noise = f64::from(next() % 100) / 100.0 * 2.0 - 1.0;
            let value = if next().is_multiple_of(23) {
                "n_a".to_string()
            } else {
                let x = (lean + area_shift + noise + if i % 7 == 0 { 0.5 } else { 0.0 })
                    .round()
                    .clamp(1.0, 5.0);
                format!("a{x}")
            };
            response_answer::ActiveModel {
                response_id: Set(rid),
                item_key: Set(it.key.clone()),
                value: Set(value),
            }
            .insert(db)
            .await?;
        }
    }
    Ok(())
}

/// Name of the demo's earlier readiness check (and the mark that it was made).
const HISTORY: &str = "Spring readiness check";

/// A school's readiness history for the hub's readiness-change panel: an earlier teachers'
/// check (about eight months before today, or two months before the school's first
/// campaign) and, at a school with no campaign yet, a later one about a month ago; both
/// closed and shared with the hub. `gain` is how much higher teachers lean the second time
/// (mentee schools more than the others); `teachers` how many answer each time.
pub async fn seed_history(
    db: &impl ConnectionTrait,
    school_id: Uuid,
    by: Option<Uuid>,
    gain: f64,
    teachers: u32,
) -> ApiResult<()> {
    use sea_orm::QueryOrder;
    let existing = campaign::Entity::find()
        .filter(campaign::Column::SchoolId.eq(school_id))
        .order_by_asc(campaign::Column::OpensOn)
        .all(db)
        .await?;
    if existing.iter().any(|c| c.name == HISTORY) {
        return Ok(());
    }
    let s = school::Entity::find_by_id(school_id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::internal("demo school missing"))?;
    let (_, v, def) = instruments::find_version(db, DEFAULT_INSTRUMENT, "current").await?;
    let today = crate::platform::dates::today(&s.time_zone);
    let mut first_opens = today - chrono::Duration::days(250);
    if let Some(c) = existing.first() {
        first_opens = first_opens
            .min(crate::platform::dates::parse_day(&c.opens_on)? - chrono::Duration::days(60));
    }
    let base = 3.4 - gain;
    let mut next = sequence(u64::from_le_bytes(
        school_id.as_bytes()[..8].try_into().unwrap_or_default(),
    ));
    let mut rounds = vec![(HISTORY, first_opens, base)];
    if existing.is_empty() {
        rounds.push((
            "Autumn readiness check",
            today - chrono::Duration::days(40),
            3.4,
        ));
    }
    let now = crate::db::now();
    for (name, opens, lean) in rounds {
        // Ids are time-ordered ("newest first" lists sort by them): made as of the day the
        // campaign opened, not of today.
        let secs = opens
            .and_hms_opt(6, 0, 0)
            .map(|t| t.and_utc().timestamp())
            .and_then(|t| u64::try_from(t).ok())
            .unwrap_or_default();
        let id = Uuid::new_v7(uuid::Timestamp::from_unix(uuid::NoContext, secs, 0));
        let expected: BTreeMap<String, u32> = [("teacher".to_string(), teachers + 4)].into();
        let c = campaign::ActiveModel {
            id: Set(id),
            school_id: Set(s.id),
            instrument_version_id: Set(v.id),
            name: Set(name.into()),
            groups: Set("teacher".into()),
            optional_items: Set("[]".into()),
            custom_items: Set("[]".into()),
            expected: Set(json(&expected)?),
            opens_on: Set(crate::platform::dates::day(opens)),
            closes_on: Set(crate::platform::dates::day(
                opens + chrono::Duration::days(10),
            )),
            time_zone: Set(s.time_zone.clone()),
            closed_early_at: Set(None),
            focus_items: Set("[]".into()),
            shared_with_mentors: Set(true),
            shared_with_coordinator: Set(true),
            created_by: Set(by),
            created_at: Set(now),
            updated_at: Set(now),
            version: Set(1),
        }
        .insert(db)
        .await?;
        campaign_code::ActiveModel {
            id: Set(Uuid::new_v4()),
            campaign_id: Set(id),
            respondent_group: Set(RespondentGroup::Teacher),
            code: Set(model::new_code(&mut rand::rng())),
        }
        .insert(db)
        .await?;
        let full = campaign_definition(&def, &c);
        let day = crate::platform::dates::day(opens);
        answer(
            db,
            &full,
            id,
            RespondentGroup::Teacher,
            teachers,
            lean,
            &day,
            &mut next,
        )
        .await?;
    }
    Ok(())
}
