//! Campaigns' queries.

use super::entity::{
    campaign, campaign_code, group_result, item_result, response, response_answer,
};
use super::model::{ItemStats, Kept, KeptAreas, ResponseStatus};
use crate::db::ForWrite;
use crate::error::ApiResult;
use sea_orm::sea_query::{Alias, Asterisk, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// Rows per INSERT: well under SQLite's limit of bound values.
const CHUNK: usize = 1_000;

fn count(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// Campaigns by id (in no particular order).
pub async fn by_ids(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(ids.to_vec()))
        .all(db)
        .await?)
}

pub async fn campaign(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<campaign::Model>> {
    Ok(campaign::Entity::find_by_id(id).one(db).await?)
}

/// A school's campaigns, newest first.
pub async fn of_school(
    db: &impl ConnectionTrait,
    school_id: Uuid,
) -> ApiResult<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::SchoolId.eq(school_id))
        .order_by_desc(campaign::Column::OpensOn)
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?)
}

/// These campaigns, their rows locked until the transaction ends, in id order (so that two
/// transactions locking overlapping sets never wait on each other in a circle).
pub async fn lock_campaigns(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(campaign::Column::Id)
        .for_write()
        .all(db)
        .await?)
}

/// Kept results written, in inserts of at most [`CHUNK`] rows.
pub async fn insert_results(
    db: &impl ConnectionTrait,
    groups: Vec<group_result::Model>,
    items: Vec<item_result::Model>,
) -> ApiResult<()> {
    for chunk in groups.chunks(CHUNK) {
        group_result::Entity::insert_many(
            chunk
                .iter()
                .cloned()
                .map(IntoActiveModel::into_active_model),
        )
        .exec_without_returning(db)
        .await?;
    }
    for chunk in items.chunks(CHUNK) {
        item_result::Entity::insert_many(
            chunk
                .iter()
                .cloned()
                .map(IntoActiveModel::into_active_model),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Those of `ids` whose results are not kept.
pub async fn missing(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<Vec<Uuid>> {
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
pub async fn submitted_counts(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
) -> ApiResult<BTreeMap<(Uuid, String), u64>> {
    let q = Query::select()
        .column(response::Column::CampaignId)
        .column(response::Column::RespondentGroup)
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .from(response::Entity)
        .and_where(Expr::col(response::Column::CampaignId).is_in(ids.iter().copied()))
        .and_where(Expr::col(response::Column::Status).eq(ResponseStatus::Submitted))
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
pub async fn answer_counts(
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
        .and_where(
            Expr::col((response::Entity, response::Column::Status)).eq(ResponseStatus::Submitted),
        )
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
pub async fn read_area_means(
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

/// A school's campaigns newest first; with `shared_only`, those shared with its mentors or
/// its hub.
pub async fn of_school_shared(
    db: &impl ConnectionTrait,
    school_id: Uuid,
    shared_only: bool,
) -> ApiResult<Vec<campaign::Model>> {
    let mut q = campaign::Entity::find().filter(campaign::Column::SchoolId.eq(school_id));
    if shared_only {
        q = q.filter(
            campaign::Column::SharedWithMentors
                .eq(true)
                .or(campaign::Column::SharedWithCoordinator.eq(true)),
        );
    }
    Ok(q.order_by_desc(campaign::Column::Id).all(db).await?)
}

/// A school's campaigns made before `before` (ids are time-ordered), newest first.
pub async fn of_school_before(
    db: &impl ConnectionTrait,
    school_id: Uuid,
    before: Uuid,
) -> ApiResult<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::SchoolId.eq(school_id))
        .filter(campaign::Column::Id.lt(before))
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?)
}

/// The campaigns of these schools, newest first; with `shared_only`, those shared with
/// their hub.
pub async fn of_schools(
    db: &impl ConnectionTrait,
    schools: &[Uuid],
    shared_only: bool,
) -> ApiResult<Vec<campaign::Model>> {
    if shared_only {
        return shared_with_hub(db, schools).await;
    }
    Ok(campaign::Entity::find()
        .filter(campaign::Column::SchoolId.is_in(schools.iter().copied()))
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?)
}

/// The kept means of some statements in these campaigns: (campaign, group, statement,
/// mean), statements nobody scored left out.
pub async fn item_means(
    db: &impl ConnectionTrait,
    ids: &[Uuid],
    items: &BTreeSet<String>,
) -> ApiResult<Vec<(Uuid, String, String, f64)>> {
    Ok(item_result::Entity::find()
        .filter(item_result::Column::CampaignId.is_in(ids.iter().copied()))
        .filter(item_result::Column::ItemKey.is_in(items.iter().cloned()))
        .filter(item_result::Column::Mean.is_not_null())
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| {
            Some((
                r.campaign_id,
                r.respondent_group.to_string(),
                r.item_key,
                r.mean?,
            ))
        })
        .collect())
}

/// The campaigns of these schools shared with their hub, newest first.
pub async fn shared_with_hub(
    db: &impl ConnectionTrait,
    schools: &[Uuid],
) -> ApiResult<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::SchoolId.is_in(schools.iter().copied()))
        .filter(campaign::Column::SharedWithCoordinator.eq(true))
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?)
}

pub async fn insert_campaign(
    db: &impl ConnectionTrait,
    c: campaign::Model,
) -> ApiResult<campaign::Model> {
    use sea_orm::ActiveModelTrait;
    Ok(c.into_active_model().insert(db).await?)
}

/// Every column written back (the caller holds the campaign's lock).
pub async fn update_campaign(
    db: &impl ConnectionTrait,
    c: campaign::Model,
) -> ApiResult<campaign::Model> {
    use sea_orm::ActiveModelTrait;
    Ok(c.into_active_model().reset_all().update(db).await?)
}

/// The access codes of these campaigns.
pub async fn codes_of(
    db: &impl ConnectionTrait,
    campaigns: &[Uuid],
) -> ApiResult<Vec<campaign_code::Model>> {
    Ok(campaign_code::Entity::find()
        .filter(campaign_code::Column::CampaignId.is_in(campaigns.iter().copied()))
        .all(db)
        .await?)
}

/// An access code (normalised).
pub async fn code(
    db: &impl ConnectionTrait,
    code: &str,
) -> ApiResult<Option<campaign_code::Model>> {
    Ok(campaign_code::Entity::find()
        .filter(campaign_code::Column::Code.eq(code))
        .one(db)
        .await?)
}

/// New access codes, in one insert.
pub async fn insert_codes(
    db: &impl ConnectionTrait,
    codes: Vec<campaign_code::Model>,
) -> ApiResult<()> {
    if !codes.is_empty() {
        campaign_code::Entity::insert_many(
            codes.into_iter().map(IntoActiveModel::into_active_model),
        )
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

/// Per campaign: (group, status) → number of responses, in one statement.
pub async fn response_counts(
    db: &impl ConnectionTrait,
    campaigns: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, BTreeMap<(String, String), u64>>> {
    let q = Query::select()
        .column(response::Column::CampaignId)
        .column(response::Column::RespondentGroup)
        .column(response::Column::Status)
        .expr_as(Expr::col(Asterisk).count(), Alias::new("n"))
        .from(response::Entity)
        .and_where(Expr::col(response::Column::CampaignId).is_in(campaigns.iter().copied()))
        .group_by_col(response::Column::CampaignId)
        .group_by_col(response::Column::RespondentGroup)
        .group_by_col(response::Column::Status)
        .to_owned();
    let mut out: BTreeMap<Uuid, BTreeMap<(String, String), u64>> = BTreeMap::new();
    for r in db.query_all(&q).await? {
        let c: Uuid = r.try_get("", "campaign_id")?;
        let g: String = r.try_get("", "respondent_group")?;
        let s: String = r.try_get("", "status")?;
        let n: i64 = r.try_get("", "n")?;
        out.entry(c).or_default().insert((g, s), count(n));
    }
    Ok(out)
}

/// A response; with `lock`, its row is locked until the transaction ends.
pub async fn response(
    db: &impl ConnectionTrait,
    id: Uuid,
    lock: bool,
) -> ApiResult<Option<response::Model>> {
    let mut q = response::Entity::find_by_id(id);
    if lock {
        q = q.for_write();
    }
    Ok(q.one(db).await?)
}

/// New responses, many per statement.
pub async fn insert_responses(
    db: &impl ConnectionTrait,
    rows: Vec<response::Model>,
) -> ApiResult<()> {
    crate::db::insert_in_chunks(
        db,
        rows.into_iter().map(IntoActiveModel::into_active_model),
        None,
    )
    .await?;
    Ok(())
}

/// A response's answers, item → value.
pub async fn answers_of(
    db: &impl ConnectionTrait,
    response_id: Uuid,
) -> ApiResult<BTreeMap<String, String>> {
    Ok(response_answer::Entity::find()
        .filter(response_answer::Column::ResponseId.eq(response_id))
        .all(db)
        .await?
        .into_iter()
        .map(|a| (a.item_key, a.value))
        .collect())
}

/// The answers of each of these responses.
pub async fn answers_of_many(
    db: &impl ConnectionTrait,
    response_ids: BTreeSet<Uuid>,
) -> ApiResult<std::collections::HashMap<Uuid, BTreeMap<String, String>>> {
    let mut out: std::collections::HashMap<Uuid, BTreeMap<String, String>> =
        std::collections::HashMap::new();
    if response_ids.is_empty() {
        return Ok(out);
    }
    for a in response_answer::Entity::find()
        .filter(response_answer::Column::ResponseId.is_in(response_ids))
        .all(db)
        .await?
    {
        out.entry(a.response_id)
            .or_default()
            .insert(a.item_key, a.value);
    }
    Ok(out)
}

/// These responses' status set.
pub async fn set_responses_status(
    db: &impl ConnectionTrait,
    ids: BTreeSet<Uuid>,
    status: ResponseStatus,
) -> ApiResult<()> {
    response::Entity::update_many()
        .col_expr(response::Column::Status, Expr::value(status))
        .filter(response::Column::Id.is_in(ids))
        .exec(db)
        .await?;
    Ok(())
}

/// Answers stored as given (inserted or replacing the stored one), many per statement.
pub async fn put_answers(
    db: &impl ConnectionTrait,
    rows: BTreeMap<(Uuid, String), String>,
) -> ApiResult<()> {
    let rows = rows.into_iter().map(|((response_id, item_key), value)| {
        response_answer::Model {
            response_id,
            item_key,
            value,
        }
        .into_active_model()
    });
    crate::db::insert_in_chunks(
        db,
        rows,
        Some(
            sea_orm::sea_query::OnConflict::columns([
                response_answer::Column::ResponseId,
                response_answer::Column::ItemKey,
            ])
            .update_column(response_answer::Column::Value)
            .to_owned(),
        ),
    )
    .await?;
    Ok(())
}

/// Access codes by their (normalised) text.
pub async fn codes(
    db: &impl ConnectionTrait,
    codes: BTreeSet<String>,
) -> ApiResult<Vec<campaign_code::Model>> {
    Ok(campaign_code::Entity::find()
        .filter(campaign_code::Column::Code.is_in(codes))
        .all(db)
        .await?)
}

/// These campaigns, each with a shared lock (PostgreSQL) in id order: many writers of
/// answers hold it at once, a leader closing the campaign waits for them.
pub async fn share_campaigns(
    db: &impl ConnectionTrait,
    ids: BTreeSet<Uuid>,
) -> ApiResult<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(ids))
        .order_by_asc(campaign::Column::Id)
        .lock(sea_orm::sea_query::LockType::Share)
        .all(db)
        .await?)
}

/// These responses, each locked for the write that follows (PostgreSQL), in id order.
pub async fn responses_for_write(
    db: &impl ConnectionTrait,
    ids: BTreeSet<Uuid>,
) -> ApiResult<Vec<response::Model>> {
    Ok(response::Entity::find()
        .filter(response::Column::Id.is_in(ids))
        .order_by_asc(response::Column::Id)
        .for_write()
        .all(db)
        .await?)
}
