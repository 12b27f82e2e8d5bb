//! The kept results of closed campaigns: the queries behind `campaign_group_results` and
//! `campaign_item_results`.
//!
//! A closed campaign takes no responses and cannot be reopened, so its results never
//! change. They are worked out once — by the first read after closing, in one write
//! transaction for every campaign that lacks them — and kept, so that reports and the hub
//! overview do not recount the raw answers on every request. The kept rows hold exactly
//! what the live count gives (hidden groups included: whether a group shows is decided on
//! reading, against the threshold of the day).
//!
//! Keeping waits for every submit still in flight: respondents hold a shared lock on the
//! campaign row (PostgreSQL) or the write lock (SQLite) while they check that the campaign
//! is open and write, and keeping takes the campaign rows for writing and checks again
//! that each is closed. No response can arrive after the results are kept.

use super::definition::{definitions, scorer, status_of};
use super::entity::{campaign, group_result, item_result, response, response_answer};
use super::model::{self, CampaignStatus, ItemStats};
use crate::db::ForWrite;
use crate::error::ApiResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// Rows per INSERT: well under SQLite's limit of bound values.
const CHUNK: usize = 1_000;

/// The kept counts of one campaign.
pub struct Kept {
    /// Group → submitted responses (every group of the campaign).
    pub responses: BTreeMap<String, u64>,
    /// (group, item) → the answers.
    pub stats: BTreeMap<(String, String), ItemStats>,
}

/// Per group of one campaign: the submitted responses, and per area the mean of the
/// statement means of the area (statements nobody scored left out).
#[derive(Default, Clone)]
pub struct KeptAreas {
    pub responses: BTreeMap<String, u64>,
    /// (group, area) → mean of the statement means.
    pub areas: BTreeMap<(String, String), f64>,
}

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Keep the results of those of `campaigns` that are closed and not kept yet.
pub async fn keep(db: &DatabaseConnection, campaigns: &[campaign::Model]) -> ApiResult<()> {
    let mut closed = Vec::new();
    for c in campaigns {
        if status_of(c)? == CampaignStatus::Closed {
            closed.push(c.id);
        }
    }
    if closed.is_empty() || missing(db, &closed).await?.is_empty() {
        return Ok(());
    }
    let txn = crate::db::write(db).await?;
    // In id order, so that two readers keeping overlapping sets never wait on each other
    // in a circle.
    let locked = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(closed.iter().copied()))
        .order_by_asc(campaign::Column::Id)
        .for_write()
        .all(&txn)
        .await?;
    let todo: BTreeSet<Uuid> = missing(&txn, &closed).await?.into_iter().collect();
    let mut chosen = Vec::new();
    for c in locked {
        if todo.contains(&c.id) && status_of(&c)? == CampaignStatus::Closed {
            chosen.push(c);
        }
    }
    if chosen.is_empty() {
        return Ok(());
    }
    let ids: Vec<Uuid> = chosen.iter().map(|c| c.id).collect();
    let responses = submitted_counts(&txn, &ids).await?;
    let mut answers: BTreeMap<Uuid, Vec<(String, String, String, u64)>> = BTreeMap::new();
    for (cid, g, item, value, n) in answer_counts(&txn, &ids).await? {
        answers.entry(cid).or_default().push((g, item, value, n));
    }
    let at = crate::db::now();
    let defs = definitions(&txn, &chosen).await?;
    let mut groups = Vec::new();
    let mut items = Vec::new();
    for c in &chosen {
        let Some(def) = defs.get(&c.id) else {
            continue;
        };
        for g in c.groups.split(',') {
            groups.push(group_result::ActiveModel {
                campaign_id: sea_orm::Set(c.id),
                respondent_group: sea_orm::Set(crate::platform::enums::known(g)?),
                responses: sea_orm::Set(
                    i64::try_from(
                        responses
                            .get(&(c.id, g.to_string()))
                            .copied()
                            .unwrap_or_default(),
                    )
                    .unwrap_or(i64::MAX),
                ),
                taken_at: sea_orm::Set(at),
            });
        }
        let stats = model::item_stats(
            answers.get(&c.id).map(Vec::as_slice).unwrap_or_default(),
            scorer(def),
        );
        for ((g, item), st) in stats {
            let area = def
                .items
                .iter()
                .find(|i| i.key == item)
                .map(|i| i.area.clone())
                .unwrap_or_default();
            items.push(item_result::ActiveModel {
                campaign_id: sea_orm::Set(c.id),
                respondent_group: sea_orm::Set(crate::platform::enums::known(&g)?),
                item_key: sea_orm::Set(item),
                area_key: sea_orm::Set(area),
                n: sea_orm::Set(i64::try_from(st.n).unwrap_or(i64::MAX)),
                unscored: sea_orm::Set(i64::try_from(st.unscored).unwrap_or(i64::MAX)),
                mean: sea_orm::Set(st.mean),
                distribution: sea_orm::Set(
                    serde_json::to_string(&st.distribution).unwrap_or_else(|_| "{}".into()),
                ),
            });
        }
    }
    for chunk in groups.chunks(CHUNK) {
        group_result::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    for chunk in items.chunks(CHUNK) {
        item_result::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Those of `ids` whose results are not kept.
async fn missing(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<Vec<Uuid>> {
    let kept: BTreeSet<Uuid> = group_result::Entity::find()
        .select_only()
        .column(group_result::Column::CampaignId)
        .filter(group_result::Column::CampaignId.is_in(ids.iter().copied()))
        .distinct()
        .into_tuple::<Uuid>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(ids.iter().copied().filter(|i| !kept.contains(i)).collect())
}

/// (campaign, group) → submitted responses, for many campaigns at once.
async fn submitted_counts(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<BTreeMap<(Uuid, String), u64>> {
    let q = Query::select()
        .column(response::Column::CampaignId)
        .column(response::Column::RespondentGroup)
        .expr_as(Expr::col(response::Column::Id).count(), Alias::new("n"))
        .from(response::Entity)
        .and_where(Expr::col(response::Column::CampaignId).is_in(ids.iter().copied()))
        .and_where(Expr::col(response::Column::Status).eq("submitted"))
        .group_by_col(response::Column::CampaignId)
        .group_by_col(response::Column::RespondentGroup)
        .to_owned();
    let mut out = BTreeMap::new();
    for r in db.query_all(&q).await? {
        let c: Uuid = r.try_get("", "campaign_id")?;
        let g: String = r.try_get("", "respondent_group")?;
        let n: i64 = r.try_get("", "n")?;
        out.insert((c, g), count(n));
    }
    Ok(out)
}

/// (campaign, group, item, value, count) of submitted answers, for many campaigns at once.
async fn answer_counts(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<Vec<(Uuid, String, String, String, u64)>> {
    let q = Query::select()
        .column((response::Entity, response::Column::CampaignId))
        .column((response::Entity, response::Column::RespondentGroup))
        .column((response_answer::Entity, response_answer::Column::ItemKey))
        .column((response_answer::Entity, response_answer::Column::Value))
        .expr_as(
            Expr::col((response_answer::Entity, response_answer::Column::ResponseId)).count(),
            Alias::new("n"),
        )
        .from(response_answer::Entity)
        .inner_join(
            response::Entity,
            Expr::col((response::Entity, response::Column::Id))
                .equals((response_answer::Entity, response_answer::Column::ResponseId)),
        )
        .and_where(
            Expr::col((response::Entity, response::Column::CampaignId)).is_in(ids.iter().copied()),
        )
        .and_where(Expr::col((response::Entity, response::Column::Status)).eq("submitted"))
        .group_by_col((response::Entity, response::Column::CampaignId))
        .group_by_col((response::Entity, response::Column::RespondentGroup))
        .group_by_col((response_answer::Entity, response_answer::Column::ItemKey))
        .group_by_col((response_answer::Entity, response_answer::Column::Value))
        .to_owned();
    let rows = db.query_all(&q).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let n: i64 = r.try_get("", "n")?;
        out.push((
            r.try_get("", "campaign_id")?,
            r.try_get("", "respondent_group")?,
            r.try_get("", "item_key")?,
            r.try_get("", "value")?,
            count(n),
        ));
    }
    Ok(out)
}

/// The kept results of one campaign, if kept.
pub async fn read(db: &impl ConnectionTrait, campaign_id: Uuid) -> ApiResult<Option<Kept>> {
    let groups = group_result::Entity::find()
        .filter(group_result::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?;
    if groups.is_empty() {
        return Ok(None);
    }
    let items = item_result::Entity::find()
        .filter(item_result::Column::CampaignId.eq(campaign_id))
        .all(db)
        .await?;
    Ok(Some(Kept {
        responses: groups
            .into_iter()
            .map(|g| (g.respondent_group.to_string(), count(g.responses)))
            .collect(),
        stats: items
            .into_iter()
            .map(|i| {
                let st = ItemStats {
                    n: count(i.n),
                    mean: i.mean,
                    distribution: serde_json::from_str(&i.distribution).unwrap_or_default(),
                    unscored: count(i.unscored),
                };
                ((i.respondent_group.to_string(), i.item_key), st)
            })
            .collect(),
    }))
}

/// The kept area means of many campaigns in two statements (the mean of statement means
/// per group and area is taken in SQL).
/// Kept area means by campaign. What is kept of a closed campaign never changes, so it is
/// read from the database once per process: the hub overview of 250 schools would
/// otherwise fetch thousands of rows on every request.
static AREAS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<Uuid, KeptAreas>>> =
    std::sync::LazyLock::new(Default::default);
/// Entries at most (a country's latest campaigns, several times over; a few KB each).
const AREAS_CACHED: usize = 8192;

pub async fn area_means(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, KeptAreas>> {
    let mut out: BTreeMap<Uuid, KeptAreas> = BTreeMap::new();
    if let Ok(cache) = AREAS.lock() {
        for id in ids {
            if let Some(k) = cache.get(id) {
                out.insert(*id, k.clone());
            }
        }
    }
    let todo: Vec<Uuid> = ids
        .iter()
        .copied()
        .filter(|i| !out.contains_key(i))
        .collect();
    if todo.is_empty() {
        return Ok(out);
    }
    let read = read_area_means(db, &todo).await?;
    if let Ok(mut cache) = AREAS.lock() {
        if cache.len() + read.len() > AREAS_CACHED {
            cache.clear();
        }
        // Only what was kept (a kept campaign has its group rows, even with no answers).
        for (id, k) in &read {
            cache.insert(*id, k.clone());
        }
    }
    out.extend(read);
    Ok(out)
}

async fn read_area_means(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, KeptAreas>> {
    let mut out: BTreeMap<Uuid, KeptAreas> = BTreeMap::new();
    for g in group_result::Entity::find()
        .filter(group_result::Column::CampaignId.is_in(ids.iter().copied()))
        .all(db)
        .await?
    {
        out.entry(g.campaign_id)
            .or_default()
            .responses
            .insert(g.respondent_group.to_string(), count(g.responses));
    }
    let q = Query::select()
        .column(item_result::Column::CampaignId)
        .column(item_result::Column::RespondentGroup)
        .column(item_result::Column::AreaKey)
        .expr_as(Expr::col(item_result::Column::Mean).avg(), Alias::new("m"))
        .from(item_result::Entity)
        .and_where(Expr::col(item_result::Column::CampaignId).is_in(ids.iter().copied()))
        .and_where(Expr::col(item_result::Column::Mean).is_not_null())
        .group_by_col(item_result::Column::CampaignId)
        .group_by_col(item_result::Column::RespondentGroup)
        .group_by_col(item_result::Column::AreaKey)
        .to_owned();
    for r in db.query_all(&q).await? {
        let c: Uuid = r.try_get("", "campaign_id")?;
        let g: String = r.try_get("", "respondent_group")?;
        let a: String = r.try_get("", "area_key")?;
        let m: f64 = r.try_get("", "m")?;
        out.entry(c).or_default().areas.insert((g, a), m);
    }
    Ok(out)
}
