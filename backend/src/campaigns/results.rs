//! The kept results of closed campaigns (`campaign_group_results` and
//! `campaign_item_results`; their queries are in `repo`).
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
use super::entity::{campaign, group_result, item_result};
use super::model::{self, CampaignStatus};
use crate::error::ApiResult;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

pub use super::model::{Kept, KeptAreas};
use super::repo::{answer_counts, missing, read_area_means, submitted_counts};
use std::sync::Arc;

/// Kept results by campaign, as read: they never change, so a report reads them from the
/// database once per process. Bounded: a kept campaign is a few hundred (group, statement)
/// cells, some tens of KB.
static KEPT: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<Uuid, Arc<Kept>>>> =
    std::sync::LazyLock::new(Default::default);
/// Entries at most (the campaigns whose reports are being read, several times over).
const KEPT_CACHED: usize = 512;

fn cached(id: Uuid) -> Option<Arc<Kept>> {
    KEPT.lock().ok().and_then(|c| c.get(&id).cloned())
}

/// The kept results of a campaign, none when they are not kept (yet): from the cache, or
/// in two statements.
pub async fn read(db: &impl ConnectionTrait, campaign_id: Uuid) -> ApiResult<Option<Arc<Kept>>> {
    if let Some(k) = cached(campaign_id) {
        return Ok(Some(k));
    }
    let Some(k) = super::repo::read(db, campaign_id).await? else {
        return Ok(None);
    };
    let k = Arc::new(k);
    if let Ok(mut cache) = KEPT.lock() {
        if cache.len() >= KEPT_CACHED {
            cache.clear();
        }
        cache.insert(campaign_id, k.clone());
    }
    Ok(Some(k))
}

/// Keep the results of those of `campaigns` that are closed and not kept yet.
pub async fn keep(db: &DatabaseConnection, campaigns: &[campaign::Model]) -> ApiResult<()> {
    let mut closed = Vec::new();
    for c in campaigns {
        // Results in the cache were read from the database: they are kept.
        if status_of(c)? == CampaignStatus::Closed && cached(c.id).is_none() {
            closed.push(c.id);
        }
    }
    if closed.is_empty() || missing(db, &closed).await?.is_empty() {
        return Ok(());
    }
    let txn = crate::db::write(db).await?;
    // In id order, so that two readers keeping overlapping sets never wait on each other
    // in a circle.
    let locked = super::repo::lock_campaigns(&txn, &closed).await?;
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
            groups.push(group_result::Model {
                campaign_id: c.id,
                respondent_group: crate::platform::enums::known(g)?,
                responses: i64::try_from(
                    responses
                        .get(&(c.id, g.to_string()))
                        .copied()
                        .unwrap_or_default(),
                )
                .unwrap_or(i64::MAX),
                taken_at: at,
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
            items.push(item_result::Model {
                campaign_id: c.id,
                respondent_group: crate::platform::enums::known(&g)?,
                item_key: item,
                area_key: area,
                n: i64::try_from(st.n).unwrap_or(i64::MAX),
                unscored: i64::try_from(st.unscored).unwrap_or(i64::MAX),
                mean: st.mean,
                distribution: serde_json::to_string(&st.distribution)
                    .unwrap_or_else(|_| "{}".into()),
            });
        }
    }
    super::repo::insert_results(&txn, groups, items).await?;
    txn.commit().await?;
    Ok(())
}

/// Kept area means by campaign. What is kept of a closed campaign never changes, so it is
/// read from the database once per process: the hub overview of 250 schools would
/// otherwise fetch thousands of rows on every request.
static AREAS: std::sync::LazyLock<std::sync::Mutex<std::collections::HashMap<Uuid, KeptAreas>>> =
    std::sync::LazyLock::new(Default::default);
/// Entries at most (a country's latest campaigns, several times over; a few KB each).
const AREAS_CACHED: usize = 8192;

/// The kept area means of many campaigns: from the cache, the rest in two statements.
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
