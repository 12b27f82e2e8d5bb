//! School readiness campaigns: created by school leaders, answered anonymously through
//! group codes, reported in aggregate with small anonymous groups hidden.

use super::definition::{
    campaign_definition, campaign_texts, own_area_title, own_items, parse, scorer, status_of,
};
use super::dto::*;
use super::entity::{campaign, campaign_code, response};
use super::model::{self, CampaignStatus, ItemStats, RespondentGroup, ResponseStatus};
use super::repo;
use super::results;
use crate::audit::service::{self as audit, Actor, Where};
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::auth::token;
use crate::directory::entity::school;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::instruments::model::{Definition, Item, Localised};
use crate::instruments::service as instruments;
use crate::platform::dates::{parse_day, today};
use crate::platform::writer::{Group, Writer};
use chrono::NaiveDate;
use futures_util::future::BoxFuture;
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use uuid::Uuid;

/// The shipped school readiness instrument.
pub const DEFAULT_INSTRUMENT: &str = "school-readiness";
pub const GROUPS: &[&str] = model::RespondentGroup::NAMES;

pub(super) fn json<T: serde::Serialize>(v: &T) -> ApiResult<String> {
    serde_json::to_string(v).map_err(|e| ApiError::internal(e.to_string()))
}

/// A new key for a school's own question: `q` and seven letters or digits, never a
/// position number of an older campaign.
fn new_own_key() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
    let mut rng = rand::rng();
    let tail: String = (0..7)
        .map(|_| ALPHABET[rng.random_range(0..ALPHABET.len())] as char)
        .collect();
    format!("q{tail}")
}

struct Loaded {
    c: campaign::Model,
    school: school::Model,
    /// The instrument of the campaign's version.
    instrument_id: Uuid,
    def: Definition,
}

async fn load(db: &impl ConnectionTrait, c: campaign::Model) -> ApiResult<Loaded> {
    let school = crate::directory::repo::school(db, c.school_id)
        .await?
        .ok_or_else(|| ApiError::internal("campaign without school"))?;
    load_in(db, c, school).await
}

/// A campaign of a school already read.
async fn load_in(
    db: &impl ConnectionTrait,
    c: campaign::Model,
    school: school::Model,
) -> ApiResult<Loaded> {
    let (instrument_id, base) =
        instruments::instrument_and_definition(db, c.instrument_version_id).await?;
    let def = campaign_definition(&base, &c);
    Ok(Loaded {
        c,
        school,
        instrument_id,
        def,
    })
}

fn manages(p: &Principal, school: &school::Model) -> bool {
    policy::allows(p, Action::CampaignManage { school: school.id })
}

/// Who sees a campaign: those who manage it, and — once the leader shares the report —
/// the hub's coordinators and mentors.
pub(crate) fn sees(p: &Principal, c: &campaign::Model, school: &school::Model) -> bool {
    manages(p, school)
        || policy::sees_shared_campaign(
            p,
            school.hub_id,
            c.shared_with_coordinator,
            c.shared_with_mentors,
        )
}

async fn find_visible(db: &impl ConnectionTrait, p: &Principal, id: Uuid) -> ApiResult<Loaded> {
    let c = repo::campaign(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Campaign"))?;
    let l = load(db, c).await?;
    if sees(p, &l.c, &l.school) {
        Ok(l)
    } else {
        Err(ApiError::not_found("Campaign"))
    }
}

/// Live participation per group from the campaign's response counts.
fn participation(
    c: &campaign::Model,
    counts: &BTreeMap<(String, String), u64>,
) -> Vec<ParticipationDto> {
    let expected: BTreeMap<String, u32> = parse(&c.expected);
    c.groups
        .split(',')
        .map(|g| {
            let done = counts
                .get(&(g.to_string(), "submitted".into()))
                .copied()
                .unwrap_or(0);
            let open = counts
                .get(&(g.to_string(), "in_progress".into()))
                .copied()
                .unwrap_or(0);
            let exp = expected.get(g).copied().filter(|e| *e > 0);
            ParticipationDto {
                group: g.to_string(),
                responses: done,
                in_progress: open,
                expected: exp,
                percent: exp.map(|e| model::round2(100.0 * done as f64 / f64::from(e))),
            }
        })
        .collect()
}

/// (group, status) → number of responses, counted by the database.
async fn response_counts(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> ApiResult<BTreeMap<(String, String), u64>> {
    Ok(response_counts_of(db, &[campaign_id])
        .await?
        .remove(&campaign_id)
        .unwrap_or_default())
}

/// Per campaign: (group, status) → number of responses, in one statement.
async fn response_counts_of(
    db: &impl ConnectionTrait,
    campaigns: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, BTreeMap<(String, String), u64>>> {
    repo::response_counts(db, campaigns).await
}

async fn to_dto(db: &impl ConnectionTrait, p: &Principal, l: &Loaded) -> ApiResult<CampaignDto> {
    let mut one = to_dtos(db, p, &l.school, vec![l.c.clone()]).await?;
    one.pop()
        .ok_or_else(|| ApiError::internal("a campaign without its summary"))
}

/// The DTOs of campaigns of one school in a fixed number of statements: versions,
/// instruments, codes (for those who manage them) and response counts in one query each.
async fn to_dtos(
    db: &impl ConnectionTrait,
    p: &Principal,
    school: &school::Model,
    rows: Vec<campaign::Model>,
) -> ApiResult<Vec<CampaignDto>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let version_ids: BTreeSet<Uuid> = rows.iter().map(|c| c.instrument_version_id).collect();
    let labels = crate::instruments::service::version_labels(db, &version_ids).await?;
    let mut codes: BTreeMap<Uuid, Vec<CodeDto>> = BTreeMap::new();
    if manages(p, school) {
        for k in repo::codes_of(db, &ids).await? {
            codes.entry(k.campaign_id).or_default().push(CodeDto {
                path: format!("/respond/{}", k.code),
                group: k.respondent_group.to_string(),
                code: k.code,
            });
        }
    }
    let counts = response_counts_of(db, &ids).await?;
    let none = BTreeMap::new();
    rows.into_iter()
        .map(|c| {
            let (instrument, version) = labels
                .get(&c.instrument_version_id)
                .cloned()
                .ok_or_else(|| ApiError::internal("campaign without its instrument version"))?;
            let mut codes = codes.remove(&c.id).unwrap_or_default();
            codes.sort_by_key(|k| GROUPS.iter().position(|g| *g == k.group));
            Ok(CampaignDto {
                id: c.id,
                school_id: school.id,
                school_name: school.name.clone(),
                name: c.name.clone(),
                instrument,
                version,
                groups: c.groups.split(',').map(str::to_string).collect(),
                opens_on: parse_day(&c.opens_on)?,
                closes_on: parse_day(&c.closes_on)?,
                time_zone: c.time_zone.clone(),
                status: status_of(&c)?.as_str().into(),
                closed_early_at: c.closed_early_at,
                optional_items: parse(&c.optional_items),
                custom_items: own_items(&c),
                expected: parse(&c.expected),
                focus_items: parse(&c.focus_items),
                shared_with_mentors: c.shared_with_mentors,
                shared_with_coordinator: c.shared_with_coordinator,
                codes,
                participation: participation(&c, counts.get(&c.id).unwrap_or(&none)),
                created_at: c.created_at,
                etag_version: c.version,
            })
        })
        .collect()
}

pub async fn create(
    db: &DatabaseConnection,
    p: &Principal,
    school_id: Uuid,
    body: CampaignCreate,
) -> ApiResult<CampaignDto> {
    let txn = crate::db::write(db).await?;
    let s = crate::directory::service::find_visible_school(&txn, p, school_id).await?;
    policy::must_allow(p, Action::CampaignManage { school: s.id })?;
    let key = body.instrument.as_deref().unwrap_or(DEFAULT_INSTRUMENT);
    let (inst, v, def) = match instruments::find_version(&txn, key, "current").await {
        Ok(x) => x,
        Err(e) if e.code == ErrorCode::NotFound => {
            return Err(ApiError::field(
                "instrument",
                "unknown_instrument",
                "No such instrument.",
            ));
        }
        Err(e) => return Err(e),
    };
    let mut errors = Vec::new();
    let mut bad = |field: String, code: &str, message: String| {
        errors.push(FieldError {
            field,
            code: code.into(),
            message,
        })
    };
    if inst.kind != crate::instruments::model::Kind::SchoolReadiness.as_str() {
        bad(
            "instrument".into(),
            "unknown_instrument",
            "Campaigns use a school readiness instrument.".into(),
        );
    }
    let mut groups: Vec<String> = Vec::new();
    for g in &body.groups {
        if !def.groups.contains(g) || !GROUPS.contains(&g.as_str()) {
            bad(
                "groups".into(),
                "group",
                format!("No respondent group {g:?}."),
            );
        } else if !groups.contains(g) {
            groups.push(g.clone());
        }
    }
    groups.sort_by_key(|g| GROUPS.iter().position(|x| x == g));
    let local_today = today(&s.time_zone);
    if body.closes_on < body.opens_on {
        bad(
            "closes_on".into(),
            "date_order",
            "The close date comes before the open date.".into(),
        );
    }
    if body.closes_on < local_today {
        bad(
            "closes_on".into(),
            "date_past",
            "The close date is in the past.".into(),
        );
    }
    for k in &body.optional_items {
        if !def.items.iter().any(|i| &i.key == k && !i.core) {
            bad(
                "optional_items".into(),
                "unknown_item",
                format!("{k:?} is not an optional item of this instrument."),
            );
        }
    }
    let mut keys = BTreeSet::new();
    for (i, ci) in body.custom_items.iter().enumerate() {
        for g in &ci.groups {
            if !groups.contains(g) {
                bad(
                    format!("custom_items.{i}.groups"),
                    "group",
                    format!("{g:?} does not answer this campaign."),
                );
            }
        }
        if let Some(k) = &ci.key
            && !keys.insert(k.clone())
        {
            bad(
                format!("custom_items.{i}.key"),
                "duplicate",
                "Two questions of this campaign have the same key.".into(),
            );
        }
    }
    let mut custom_items = body.custom_items.clone();
    for ci in &mut custom_items {
        if ci.key.is_none() {
            ci.key = Some(new_own_key());
        }
    }
    for (g, n) in &body.expected {
        if !groups.contains(g) {
            bad(
                format!("expected.{g}"),
                "group",
                "Not a group of this campaign.".into(),
            );
        } else if *n > 100_000 {
            bad(format!("expected.{g}"), "range", "Too many.".into());
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let now = crate::db::now();
    let id = Uuid::now_v7();
    let c = repo::insert_campaign(
        &txn,
        campaign::Model {
            id,
            school_id: s.id,
            instrument_version_id: v.id,
            name: body.name.trim().to_string(),
            groups: groups.join(","),
            optional_items: json(&body.optional_items)?,
            custom_items: json(&custom_items)?,
            expected: json(&body.expected)?,
            opens_on: body.opens_on.format("%Y-%m-%d").to_string(),
            closes_on: body.closes_on.format("%Y-%m-%d").to_string(),
            time_zone: s.time_zone.clone(),
            closed_early_at: None,
            focus_items: "[]".into(),
            shared_with_mentors: false,
            shared_with_coordinator: false,
            created_by: Some(p.id()),
            created_at: now,
            updated_at: now,
            version: 1,
        },
    )
    .await?;
    let mut rng = rand::rng();
    let mut codes = Vec::with_capacity(groups.len());
    for g in &groups {
        codes.push(campaign_code::Model {
            id: Uuid::new_v4(),
            campaign_id: id,
            respondent_group: crate::platform::enums::input("groups", g)?,
            code: model::new_code(&mut rng),
        });
    }
    repo::insert_codes(&txn, codes).await?;
    audit::record(
        &txn,
        Actor::from(p),
        "campaign.created",
        ("campaign", Some(id)),
        Where {
            hub_id: Some(s.hub_id),
            school_id: Some(s.id),
        },
        serde_json::json!({"name": c.name, "groups": groups}),
    )
    .await?;
    let l = load(&txn, c).await?;
    let dto = to_dto(&txn, p, &l).await?;
    txn.commit().await?;
    Ok(dto)
}

/// A school's campaigns the caller may see, newest first.
pub async fn list(
    db: &DatabaseConnection,
    p: &Principal,
    school_id: Uuid,
) -> ApiResult<Vec<CampaignDto>> {
    let s = crate::directory::service::find_visible_school(db, p, school_id).await?;
    let rows: Vec<campaign::Model> = repo::of_school(db, s.id)
        .await?
        .into_iter()
        .filter(|c| sees(p, c, &s))
        .collect();
    to_dtos(db, p, &s, rows).await
}

pub async fn get(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<CampaignDto> {
    let l = find_visible(db, p, id).await?;
    to_dto(db, p, &l).await
}

pub async fn update(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    body: CampaignPatch,
    expected: Option<i32>,
) -> ApiResult<CampaignDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<campaign::Entity>(&txn, id).await?;
    let l = find_visible(&txn, p, id).await?;
    policy::must_allow(
        p,
        Action::CampaignManage {
            school: l.school.id,
        },
    )?;
    crate::platform::etag::check(expected, l.c.version)?;
    let mut a = l.c.clone();
    if let Some(f) = &body.focus_items {
        let unknown: Vec<&String> = f
            .iter()
            .filter(|k| !l.def.items.iter().any(|i| &i.key == *k))
            .collect();
        if !unknown.is_empty() {
            return Err(ApiError::field(
                "focus_items",
                "unknown_item",
                format!("Not items of this campaign: {unknown:?}."),
            ));
        }
        let mut uniq: Vec<String> = Vec::new();
        for k in f {
            if !uniq.contains(k) {
                uniq.push(k.clone());
            }
        }
        a.focus_items = json(&uniq)?;
    }
    if let Some(v) = body.shared_with_mentors {
        a.shared_with_mentors = v;
    }
    if let Some(v) = body.shared_with_coordinator {
        a.shared_with_coordinator = v;
    }
    if let Some(d) = body.closes_on {
        // A closed campaign stays closed: its results have been shown, and any response
        // after that could be worked out by comparing the report before and after it.
        if status_of(&l.c)? == CampaignStatus::Closed {
            return Err(ApiError::conflict(
                ErrorCode::CampaignClosed,
                "The campaign is closed and cannot be reopened; start a new campaign.",
            ));
        }
        if d < today(&l.c.time_zone) || d < parse_day(&l.c.opens_on)? {
            return Err(ApiError::field(
                "closes_on",
                "date_order",
                "The close date cannot be in the past or before the open date.",
            ));
        }
        a.closes_on = d.format("%Y-%m-%d").to_string();
    }
    a.updated_at = crate::db::now();
    a.version = l.c.version + 1;
    let c = repo::update_campaign(&txn, a).await?;
    audit::record(
        &txn,
        Actor::from(p),
        "campaign.updated",
        ("campaign", Some(c.id)),
        Where {
            hub_id: Some(l.school.hub_id),
            school_id: Some(l.school.id),
        },
        serde_json::json!({"focus_items": body.focus_items, "shared_with_mentors": body.shared_with_mentors,
            "shared_with_coordinator": body.shared_with_coordinator}),
    )
    .await?;
    let l = Loaded { c, ..l };
    let dto = to_dto(&txn, p, &l).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Close before the close date.
pub async fn close(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<CampaignDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<campaign::Entity>(&txn, id).await?;
    let l = find_visible(&txn, p, id).await?;
    policy::must_allow(
        p,
        Action::CampaignManage {
            school: l.school.id,
        },
    )?;
    if status_of(&l.c)? == CampaignStatus::Closed {
        return Err(ApiError::conflict(
            ErrorCode::CampaignClosed,
            "The campaign is closed already.",
        ));
    }
    let c = repo::update_campaign(
        &txn,
        campaign::Model {
            closed_early_at: Some(crate::db::now()),
            version: l.c.version + 1,
            ..l.c.clone()
        },
    )
    .await?;
    audit::record(
        &txn,
        Actor::from(p),
        "campaign.closed",
        ("campaign", Some(c.id)),
        Where {
            hub_id: Some(l.school.hub_id),
            school_id: Some(l.school.id),
        },
        serde_json::json!({}),
    )
    .await?;
    let l = Loaded { c, ..l };
    let dto = to_dto(&txn, p, &l).await?;
    txn.commit().await?;
    Ok(dto)
}

// ---------- respondents (anonymous) ----------

/// What answering needs of a campaign: the campaign and its questionnaire.
struct Answering {
    c: campaign::Model,
}

/// The open campaign behind an access code, and the code's group: 404 unknown, 409 not
/// yet open, 410 closed (the form and a respondent's look at their answers; the writes
/// check the same in their batch, [`Codes`]).
async fn by_code(db: &impl ConnectionTrait, code: &str) -> ApiResult<(Answering, RespondentGroup)> {
    let unknown = || ApiError::not_found("Access code");
    let code = model::normalise_code(code).ok_or_else(unknown)?;
    let k = repo::code(db, &code).await?.ok_or_else(unknown)?;
    let c = repo::campaign(db, k.campaign_id)
        .await?
        .ok_or_else(unknown)?;
    answerable(&c)?;
    Ok((Answering { c }, k.respondent_group))
}

/// 409 while a campaign is not open yet, 410 once it is closed.
fn answerable(c: &campaign::Model) -> ApiResult<()> {
    match status_of(c)? {
        CampaignStatus::Open => Ok(()),
        CampaignStatus::Scheduled => Err(ApiError::conflict(
            ErrorCode::CampaignNotOpen,
            format!("This questionnaire opens on {}.", c.opens_on),
        )),
        CampaignStatus::Closed => Err(closed()),
    }
}

pub(super) fn group_items<'a>(def: &'a Definition, group: &str) -> Vec<&'a Item> {
    def.items
        .iter()
        .filter(|i| i.groups.iter().any(|g| g == group))
        .collect()
}

pub async fn form(db: &DatabaseConnection, code: &str, lang: &str) -> ApiResult<RespondFormDto> {
    let (a, group) = by_code(db, code).await?;
    let l = load(db, a.c).await?;
    let (mut en, mut t) = instruments::texts_for(db, l.c.instrument_version_id, lang).await?;
    campaign_texts(&mut en, &l.c, own_area_title("en"));
    campaign_texts(&mut t, &l.c, own_area_title(lang));
    let mut def = l.def.clone();
    def.items
        .retain(|i| i.groups.iter().any(|g| g == group.as_str()));
    let loc = Localised {
        def: &def,
        en: &en,
        t: &t,
    };
    let mut areas = instruments::localised_areas(&def, &loc);
    areas.retain(|a| !a.items.is_empty());
    Ok(RespondFormDto {
        campaign: l.c.name.clone(),
        school: l.school.name.clone(),
        identified: model::is_identified(group.as_str()),
        group: group.to_string(),
        language: t.language.clone(),
        opens_on: parse_day(&l.c.opens_on)?,
        closes_on: parse_day(&l.c.closes_on)?,
        areas,
    })
}

pub async fn start_response(w: &Writer, code: &str) -> ApiResult<ResponseStartedDto> {
    w.run_grouped::<Starts>(Start {
        code: code.to_string(),
    })
    .await
}

/// One start of a response as it waits for the writer.
pub struct Start {
    code: String,
}

/// Starts, made many at a time: the codes and campaigns read once, one insert.
pub struct Starts;

impl Group for Starts {
    type Item = Start;
    type Out = ResponseStartedDto;

    fn run<'a>(
        txn: &'a DatabaseTransaction,
        items: Vec<Arc<Start>>,
    ) -> BoxFuture<'a, ApiResult<Vec<ApiResult<ResponseStartedDto>>>> {
        Box::pin(write_starts(txn, items))
    }
}

async fn write_starts(
    txn: &DatabaseTransaction,
    items: Vec<Arc<Start>>,
) -> ApiResult<Vec<ApiResult<ResponseStartedDto>>> {
    let codes = Codes::load(txn, items.iter().map(|i| i.code.as_str()), false).await?;
    let mut rows = Vec::new();
    let out = (0..items.len())
        .map(|i| {
            let (c, group) = codes.open(i)?;
            let secret = token::random_token(24);
            let r = response_row(c, group, ResponseStatus::InProgress, &secret);
            let started = ResponseStartedDto {
                id: r.id,
                token: secret,
            };
            rows.push(r);
            Ok(started)
        })
        .collect();
    if !rows.is_empty() {
        repo::insert_responses(txn, rows).await?;
    }
    Ok(out)
}

/// A new response of a campaign; its random (v4) id must not tell when it was made: the
/// day is all we keep.
fn response_row(
    c: &campaign::Model,
    group: RespondentGroup,
    status: ResponseStatus,
    secret: &str,
) -> response::Model {
    response::Model {
        id: Uuid::new_v4(),
        campaign_id: c.id,
        respondent_group: group,
        token_hash: token::hash_token(secret),
        status,
        started_on: today(&c.time_zone).format("%Y-%m-%d").to_string(),
    }
}

/// The response behind (code, id, token); anything that does not match is 404.
async fn own_response(
    db: &impl ConnectionTrait,
    code: &str,
    id: Uuid,
    secret: Option<&str>,
) -> ApiResult<(Answering, RespondentGroup, response::Model)> {
    let (l, group) = by_code(db, code).await?;
    let missing = || ApiError::not_found("Response");
    let r = repo::response(db, id, false).await?.ok_or_else(missing)?;
    let ok = r.campaign_id == l.c.id
        && r.respondent_group == group
        && secret.is_some_and(|s| token::hash_token(s) == r.token_hash);
    if !ok {
        return Err(missing());
    }
    Ok((l, group, r))
}

async fn answers_of(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<BTreeMap<String, String>> {
    repo::answers_of(db, id).await
}

pub async fn get_response(
    db: &DatabaseConnection,
    code: &str,
    id: Uuid,
    secret: Option<&str>,
) -> ApiResult<ResponseDto> {
    let (_, _, r) = own_response(db, code, id, secret).await?;
    Ok(ResponseDto {
        id: r.id,
        status: r.status.to_string(),
        answers: answers_of(db, id).await?,
    })
}

fn submitted_conflict() -> ApiError {
    ApiError::conflict(
        ErrorCode::AlreadySubmitted,
        "These answers are submitted and can no longer change.",
    )
}

/// Whether `value` is an answer `item_key` takes in this group's questionnaire.
fn check_answer(
    def: &Definition,
    group: &str,
    item_key: &str,
    value: &str,
) -> Result<(), FieldError> {
    let Some(item) = group_items(def, group)
        .into_iter()
        .find(|i| i.key == item_key)
    else {
        return Err(FieldError {
            field: "item_key".into(),
            code: "unknown_item".into(),
            message: "This questionnaire has no such item.".into(),
        });
    };
    instruments::check_value(def, item, value)
}

/// The required items of the group that `answers` leaves out, as field errors.
fn missing_required(
    def: &Definition,
    group: &str,
    answers: &BTreeMap<String, String>,
) -> Vec<FieldError> {
    group_items(def, group)
        .into_iter()
        .filter(|i| i.required && !answers.contains_key(&i.key))
        .map(|i| FieldError {
            field: format!("answers.{}", i.key),
            code: "required".into(),
            message:
                "Answer this item (\"not applicable\" and \"prefer not to say\" are answers too)."
                    .into(),
        })
        .collect()
}

fn closed() -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::GONE,
        ErrorCode::CampaignClosed,
        "This questionnaire is closed.",
    )
}

/// The access codes of a batch of writes and their campaigns, read at once (the campaigns
/// with a shared lock, in id order: closing one waits for the writes in flight).
struct Codes {
    normalised: Vec<Option<String>>,
    known: HashMap<String, campaign_code::Model>,
    campaigns: HashMap<Uuid, campaign::Model>,
    /// Each open campaign's questionnaire (its instrument's definition with its own
    /// questions), when asked for.
    questionnaires: HashMap<Uuid, Definition>,
}

impl Codes {
    async fn load<'a>(
        txn: &DatabaseTransaction,
        codes: impl Iterator<Item = &'a str>,
        with_questionnaires: bool,
    ) -> ApiResult<Codes> {
        let normalised: Vec<Option<String>> = codes.map(model::normalise_code).collect();
        let wanted: BTreeSet<String> = normalised.iter().flatten().cloned().collect();
        let known: HashMap<String, campaign_code::Model> = repo::codes(txn, wanted)
            .await?
            .into_iter()
            .map(|k| (k.code.clone(), k))
            .collect();
        let ids: BTreeSet<Uuid> = known.values().map(|k| k.campaign_id).collect();
        let campaigns: HashMap<Uuid, campaign::Model> = repo::share_campaigns(txn, ids)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut questionnaires = HashMap::new();
        if with_questionnaires {
            for c in campaigns.values().filter(|c| answerable(c).is_ok()) {
                let base =
                    instruments::definition_by_version_id(txn, c.instrument_version_id).await?;
                questionnaires.insert(c.id, campaign_definition(&base, c));
            }
        }
        Ok(Codes {
            normalised,
            known,
            campaigns,
            questionnaires,
        })
    }

    /// The open campaign behind the `i`-th code and the code's group, as [`by_code`] says:
    /// 404 unknown, 409 not yet open, 410 closed.
    fn open(&self, i: usize) -> ApiResult<(&campaign::Model, RespondentGroup)> {
        let unknown = || ApiError::not_found("Access code");
        let k = self
            .normalised
            .get(i)
            .and_then(Option::as_ref)
            .and_then(|c| self.known.get(c))
            .ok_or_else(unknown)?;
        let c = self.campaigns.get(&k.campaign_id).ok_or_else(unknown)?;
        answerable(c)?;
        Ok((c, k.respondent_group))
    }

    /// An open campaign's questionnaire (loaded `with_questionnaires`).
    fn questionnaire(&self, c: &campaign::Model) -> ApiResult<&Definition> {
        self.questionnaires
            .get(&c.id)
            .ok_or_else(|| ApiError::internal("a questionnaire was not loaded"))
    }
}

/// Save one answer of a respondent. Queued for the writer with the others arriving at the
/// same time ([`ResponseAnswerWrites`]): every check runs in the write transaction, so the
/// request reads nothing before.
pub async fn put_answer(
    w: &Writer,
    code: &str,
    id: Uuid,
    secret: Option<&str>,
    item_key: &str,
    value: &str,
) -> ApiResult<()> {
    w.run_grouped::<ResponseAnswerWrites>(ResponseAnswerWrite {
        code: code.to_string(),
        id,
        secret: secret.map(str::to_string),
        item_key: item_key.to_string(),
        value: value.to_string(),
    })
    .await
}

/// One respondent's answer as it waits for the writer.
pub struct ResponseAnswerWrite {
    code: String,
    id: Uuid,
    secret: Option<String>,
    item_key: String,
    value: String,
}

/// Respondents' answers, checked and written many at a time: one read each of the access
/// codes, their campaigns (a shared lock: closing waits) and the responses (locked), and
/// one upsert of the answers.
pub struct ResponseAnswerWrites;

impl Group for ResponseAnswerWrites {
    type Item = ResponseAnswerWrite;
    type Out = ();

    fn run<'a>(
        txn: &'a DatabaseTransaction,
        items: Vec<Arc<ResponseAnswerWrite>>,
    ) -> BoxFuture<'a, ApiResult<Vec<ApiResult<()>>>> {
        Box::pin(write_response_answers(txn, items))
    }
}

async fn write_response_answers(
    txn: &DatabaseTransaction,
    items: Vec<Arc<ResponseAnswerWrite>>,
) -> ApiResult<Vec<ApiResult<()>>> {
    let codes = Codes::load(txn, items.iter().map(|i| i.code.as_str()), true).await?;
    let rids: BTreeSet<Uuid> = items.iter().map(|i| i.id).collect();
    let responses: HashMap<Uuid, response::Model> = repo::responses_for_write(txn, rids)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    // Each item's checks, in the order of the single-answer path: the code and its
    // campaign (404, 409 not yet open, 410 closed), the response (404), its status (409),
    // the answer (422).
    let mut rows: BTreeMap<(Uuid, String), String> = BTreeMap::new();
    let out = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let (c, group) = codes.open(i)?;
            let r = own(&responses, c, group, it.id, it.secret.as_deref())?;
            if r.status != ResponseStatus::InProgress {
                return Err(submitted_conflict());
            }
            check_answer(
                codes.questionnaire(c)?,
                group.as_str(),
                &it.item_key,
                &it.value,
            )
            .map_err(|e| ApiError::validation(vec![e]))?;
            rows.insert((r.id, it.item_key.clone()), it.value.clone());
            Ok(())
        })
        .collect();
    if !rows.is_empty() {
        repo::put_answers(txn, rows).await?;
    }
    Ok(out)
}

/// The response `id` of this campaign and group whose token is `secret`; 404 otherwise.
fn own<'r>(
    responses: &'r HashMap<Uuid, response::Model>,
    c: &campaign::Model,
    group: RespondentGroup,
    id: Uuid,
    secret: Option<&str>,
) -> ApiResult<&'r response::Model> {
    responses
        .get(&id)
        .filter(|r| {
            r.campaign_id == c.id
                && r.respondent_group == group
                && secret.is_some_and(|s| token::hash_token(s) == r.token_hash)
        })
        .ok_or_else(|| ApiError::not_found("Response"))
}

/// Submit the response: every required item answered ("not applicable" counts).
pub async fn submit_response(
    w: &Writer,
    code: &str,
    id: Uuid,
    secret: Option<&str>,
) -> ApiResult<ResponseDto> {
    w.run_grouped::<Submits>(Submit {
        code: code.to_string(),
        id,
        secret: secret.map(str::to_string),
    })
    .await
}

/// One submit as it waits for the writer.
pub struct Submit {
    code: String,
    id: Uuid,
    secret: Option<String>,
}

/// Submits, checked and made many at a time: the codes and campaigns (a shared lock:
/// closing waits), the responses (locked) and their answers read once each, one update.
pub struct Submits;

impl Group for Submits {
    type Item = Submit;
    type Out = ResponseDto;

    fn run<'a>(
        txn: &'a DatabaseTransaction,
        items: Vec<Arc<Submit>>,
    ) -> BoxFuture<'a, ApiResult<Vec<ApiResult<ResponseDto>>>> {
        Box::pin(write_submits(txn, items))
    }
}

async fn write_submits(
    txn: &DatabaseTransaction,
    items: Vec<Arc<Submit>>,
) -> ApiResult<Vec<ApiResult<ResponseDto>>> {
    let codes = Codes::load(txn, items.iter().map(|i| i.code.as_str()), true).await?;
    let rids: BTreeSet<Uuid> = items.iter().map(|i| i.id).collect();
    let responses: HashMap<Uuid, response::Model> = repo::responses_for_write(txn, rids)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let answers = repo::answers_of_many(txn, responses.keys().copied().collect()).await?;
    // Each submit's checks, in the order of the single path: the code and its campaign
    // (404, 409, 410), the response (404), its status (409; also when submitted earlier in
    // this batch: fifty submits of one response at once give one 200), the required items
    // (422).
    let mut submitted: BTreeSet<Uuid> = BTreeSet::new();
    let out = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let (c, group) = codes.open(i)?;
            let r = own(&responses, c, group, it.id, it.secret.as_deref())?;
            if r.status != ResponseStatus::InProgress || submitted.contains(&r.id) {
                return Err(submitted_conflict());
            }
            let given = answers.get(&r.id).cloned().unwrap_or_default();
            let missing = missing_required(codes.questionnaire(c)?, group.as_str(), &given);
            if !missing.is_empty() {
                return Err(ApiError::validation(missing));
            }
            submitted.insert(r.id);
            Ok(ResponseDto {
                id: r.id,
                status: "submitted".into(),
                answers: given,
            })
        })
        .collect();
    if !submitted.is_empty() {
        repo::set_responses_status(txn, submitted, ResponseStatus::Submitted).await?;
    }
    Ok(out)
}

/// A whole response in one request: checked as the answers would be one by one and as the
/// submit is, then stored submitted — or nothing is stored. Queued for the writer with the
/// others arriving at the same time ([`WholeResponses`]).
pub async fn submit_whole_response(
    w: &Writer,
    code: &str,
    answers: BTreeMap<String, String>,
) -> ApiResult<ResponseDto> {
    w.run_grouped::<WholeResponses>(WholeResponse {
        code: code.to_string(),
        answers,
    })
    .await
}

/// One whole response as it waits for the writer.
pub struct WholeResponse {
    code: String,
    answers: BTreeMap<String, String>,
}

/// Whole responses, checked and stored many at a time: one read each of the access codes
/// and their campaigns (a shared lock: closing waits), one insert of the responses and one
/// of their answers.
pub struct WholeResponses;

impl Group for WholeResponses {
    type Item = WholeResponse;
    type Out = ResponseDto;

    fn run<'a>(
        txn: &'a DatabaseTransaction,
        items: Vec<Arc<WholeResponse>>,
    ) -> BoxFuture<'a, ApiResult<Vec<ApiResult<ResponseDto>>>> {
        Box::pin(write_whole_responses(txn, items))
    }
}

async fn write_whole_responses(
    txn: &DatabaseTransaction,
    items: Vec<Arc<WholeResponse>>,
) -> ApiResult<Vec<ApiResult<ResponseDto>>> {
    let codes = Codes::load(txn, items.iter().map(|i| i.code.as_str()), true).await?;
    // Each response's checks, as one by one: the code and its campaign (404, 409 not yet
    // open, 410 closed), then every answer and every required item (422, all at once).
    let mut responses = Vec::new();
    let mut rows: BTreeMap<(Uuid, String), String> = BTreeMap::new();
    let out = items
        .iter()
        .enumerate()
        .map(|(i, it)| {
            let (c, group) = codes.open(i)?;
            let def = codes.questionnaire(c)?;
            let mut errors: Vec<FieldError> = it
                .answers
                .iter()
                .filter_map(|(k, v)| {
                    check_answer(def, group.as_str(), k, v)
                        .err()
                        .map(|e| FieldError {
                            field: format!("answers.{k}"),
                            ..e
                        })
                })
                .collect();
            errors.extend(missing_required(def, group.as_str(), &it.answers));
            if !errors.is_empty() {
                return Err(ApiError::validation(errors));
            }
            // A new response, submitted: nobody holds its token, so it never changes.
            let r = response_row(
                c,
                group,
                ResponseStatus::Submitted,
                &token::random_token(24),
            );
            for (k, v) in &it.answers {
                rows.insert((r.id, k.clone()), v.clone());
            }
            let dto = ResponseDto {
                id: r.id,
                status: "submitted".into(),
                answers: it.answers.clone(),
            };
            responses.push(r);
            Ok(dto)
        })
        .collect();
    if !responses.is_empty() {
        repo::insert_responses(txn, responses).await?;
    }
    if !rows.is_empty() {
        repo::put_answers(txn, rows).await?;
    }
    Ok(out)
}

// ---------- the report ----------

/// A campaign's mean per area: the mean of the item means of each visible (k-safe) group,
/// averaged over those groups.
pub struct AreaMeans {
    pub campaign_id: Uuid,
    pub campaign_name: String,
    pub closes_on: NaiveDate,
    pub groups_shown: Vec<String>,
    pub areas: BTreeMap<String, f64>,
    /// Each statement's mean across the visible groups (the report's "overall").
    pub items: BTreeMap<String, f64>,
}

pub async fn area_means(
    db: &impl ConnectionTrait,
    c: campaign::Model,
    k: u64,
) -> ApiResult<AreaMeans> {
    let l = load(db, c).await?;
    let comp = compute(db, &l, k).await?;
    let mut areas = BTreeMap::new();
    for a in &l.def.areas {
        let mut means = Vec::new();
        for g in &comp.visible {
            let item_means: Vec<f64> = l
                .def
                .items
                .iter()
                .filter(|i| i.area == a.key)
                .filter_map(|i| {
                    comp.stats
                        .get(&(g.clone(), i.key.clone()))
                        .and_then(|s| s.mean)
                })
                .collect();
            if !item_means.is_empty() {
                means.push(item_means.iter().sum::<f64>() / item_means.len() as f64);
            }
        }
        if !means.is_empty() {
            areas.insert(
                a.key.clone(),
                model::round2(means.iter().sum::<f64>() / means.len() as f64),
            );
        }
    }
    let items = l
        .def
        .items
        .iter()
        .filter_map(|i| {
            model::across_groups(&i.key, &comp.visible, &comp.stats).map(|v| (i.key.clone(), v))
        })
        .collect();
    Ok(AreaMeans {
        campaign_id: l.c.id,
        campaign_name: l.c.name.clone(),
        closes_on: parse_day(&l.c.closes_on)?,
        groups_shown: comp.visible,
        areas,
        items,
    })
}

/// The area means of a school's latest closed campaign (the only ones with results) — any
/// of its campaigns for the school's own people, only those shared with mentors or the
/// hub otherwise.
pub async fn latest_area_means(
    db: &impl ConnectionTrait,
    school_id: Uuid,
    shared_only: bool,
    k: u64,
) -> ApiResult<Option<AreaMeans>> {
    let all = repo::of_school_shared(db, school_id, shared_only).await?;
    match latest_closed(all)? {
        Some(c) => Ok(Some(area_means(db, c, k).await?)),
        None => Ok(None),
    }
}

/// The first closed campaign of a list ordered newest first.
fn latest_closed(newest_first: Vec<campaign::Model>) -> ApiResult<Option<campaign::Model>> {
    for c in newest_first {
        if status_of(&c)? == CampaignStatus::Closed {
            return Ok(Some(c));
        }
    }
    Ok(None)
}

/// The titles of a campaign's areas in a language (the school's own area included).
pub async fn area_titles(
    db: &impl ConnectionTrait,
    c: campaign::Model,
    lang: &str,
) -> ApiResult<BTreeMap<String, String>> {
    let l = load(db, c).await?;
    let (mut en, mut t) = instruments::texts_for(db, l.c.instrument_version_id, lang).await?;
    campaign_texts(&mut en, &l.c, own_area_title(lang));
    campaign_texts(&mut t, &l.c, own_area_title(lang));
    let loc = Localised {
        def: &l.def,
        en: &en,
        t: &t,
    };
    Ok(l.def
        .areas
        .iter()
        .map(|a| (a.key.clone(), loc.area(&a.key).to_string()))
        .collect())
}

/// A campaign's focus items with their area, statement (in a language) and area mean:
/// the starting points of a development plan.
pub struct FocusItem {
    pub item: String,
    pub area: String,
    pub statement: String,
    pub area_mean: Option<f64>,
    /// The statement's own mean across the visible groups.
    pub item_mean: Option<f64>,
}

pub async fn focus_items(
    db: &impl ConnectionTrait,
    c: campaign::Model,
    lang: &str,
    k: u64,
) -> ApiResult<Vec<FocusItem>> {
    let focus: Vec<String> = serde_json::from_str(&c.focus_items).unwrap_or_default();
    let l = load(db, c.clone()).await?;
    let (mut en, mut t) = instruments::texts_for(db, l.c.instrument_version_id, lang).await?;
    campaign_texts(&mut en, &l.c, own_area_title(lang));
    campaign_texts(&mut t, &l.c, own_area_title(lang));
    let loc = Localised {
        def: &l.def,
        en: &en,
        t: &t,
    };
    let means = area_means(db, c, k).await?;
    Ok(focus
        .into_iter()
        .filter_map(|key| {
            let it = l.def.items.iter().find(|i| i.key == key)?;
            let statement = loc.statement(&key).to_string();
            Some(FocusItem {
                area: it.area.clone(),
                area_mean: means.areas.get(&it.area).copied(),
                item_mean: means.items.get(&key).copied(),
                statement,
                item: key,
            })
        })
        .collect())
}

/// (group, item, value, count) over submitted responses, counted by the database.
async fn answer_counts(
    db: &impl ConnectionTrait,
    campaign_id: Uuid,
) -> ApiResult<Vec<(String, String, String, u64)>> {
    Ok(repo::answer_counts(db, &[campaign_id])
        .await?
        .into_iter()
        .map(|(_, g, item, value, n)| (g, item, value, n))
        .collect())
}

struct Computed {
    groups: Vec<ReportGroupDto>,
    visible: Vec<String>,
    stats: BTreeMap<(String, String), ItemStats>,
}

async fn compute(db: &impl ConnectionTrait, l: &Loaded, k: u64) -> ApiResult<Computed> {
    let status = status_of(&l.c)?;
    // A closed campaign's results are read from what was kept when it was first read
    // after closing; otherwise (or before that) they are counted from the answers.
    let kept = if status == CampaignStatus::Closed {
        results::read(db, l.c.id).await?
    } else {
        None
    };
    let counts: BTreeMap<String, u64> = match &kept {
        Some(k) => k.responses.clone(),
        None => response_counts(db, l.c.id)
            .await?
            .into_iter()
            .filter(|((_, s), _)| s == "submitted")
            .map(|((g, _), n)| (g, n))
            .collect(),
    };
    let mut groups = Vec::new();
    let mut visible = Vec::new();
    for g in l.c.groups.split(',') {
        let n = counts.get(g).copied().unwrap_or(0);
        let hidden = model::hidden(g, n, k, status);
        if hidden.is_none() {
            visible.push(g.to_string());
        }
        groups.push(ReportGroupDto {
            group: g.to_string(),
            responses: n,
            visible: hidden.is_none(),
            hidden_code: hidden.as_ref().and_then(|h| HiddenCode::parse(h.0)),
            hidden_reason: hidden.map(|h| h.1),
            identified: model::is_identified(g),
        });
    }
    // Nothing is read from the answers while no group may be shown (an open campaign).
    // Hidden groups' answers never leave the aggregation step.
    let stats = match kept {
        _ if visible.is_empty() => BTreeMap::new(),
        Some(k) => k
            .stats
            .iter()
            .filter(|((g, _), _)| visible.contains(g))
            .map(|(key, st)| (key.clone(), st.clone()))
            .collect(),
        None => {
            let shown: Vec<_> = answer_counts(db, l.c.id)
                .await?
                .into_iter()
                .filter(|(g, ..)| visible.contains(g))
                .collect();
            model::item_stats(&shown, scorer(&l.def))
        }
    };
    Ok(Computed {
        groups,
        visible,
        stats,
    })
}

pub async fn report(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    lang: &str,
    k: u64,
) -> ApiResult<CampaignReportDto> {
    let l = find_visible(db, p, id).await?;
    results::keep(db, std::slice::from_ref(&l.c)).await?;
    let (mut en, mut t) = instruments::texts_for(db, l.c.instrument_version_id, lang).await?;
    campaign_texts(&mut en, &l.c, own_area_title("en"));
    campaign_texts(&mut t, &l.c, own_area_title(lang));
    let loc = Localised {
        def: &l.def,
        en: &en,
        t: &t,
    };
    let comp = compute(db, &l, k).await?;
    let item_keys: Vec<String> = l.def.items.iter().map(|i| i.key.clone()).collect();
    let differ = model::differences(&item_keys, &comp.visible, &comp.stats);

    // The school's previous campaign on the same instrument, on the items both share.
    let previous = repo::of_school_before(db, l.c.school_id, l.c.id).await?;
    let mut prev_values: BTreeMap<String, f64> = BTreeMap::new();
    let mut previous_campaign = None;
    for pc in previous {
        // Only a closed campaign has results to compare with.
        if status_of(&pc)? != CampaignStatus::Closed {
            continue;
        }
        // Of the same school: only the version is read.
        let pl = load_in(db, pc, l.school.clone()).await?;
        if pl.instrument_id != l.instrument_id {
            continue;
        }
        results::keep(db, std::slice::from_ref(&pl.c)).await?;
        let pcomp = compute(db, &pl, k).await?;
        let shared = crate::instruments::model::shared_items(&l.def, &pl.def);
        for key in shared {
            if let Some(v) = model::across_groups(&key, &pcomp.visible, &pcomp.stats) {
                prev_values.insert(key, v);
            }
        }
        previous_campaign = Some(pl.c.id);
        break;
    }

    let mut unscored = 0u64;
    let mut total = 0u64;
    let items: Vec<ReportItemDto> = l
        .def
        .items
        .iter()
        .map(|it| {
            let groups = comp
                .visible
                .iter()
                .filter(|g| it.groups.contains(g))
                .filter_map(|g| comp.stats.get(&(g.clone(), it.key.clone())).map(|s| (g, s)))
                .map(|(g, s)| {
                    unscored += s.unscored;
                    total += s.n;
                    GroupItemDto {
                        group: g.clone(),
                        n: s.n,
                        mean: s.mean,
                        distribution: s.distribution.clone(),
                        unscored_percent: if s.n == 0 {
                            0.0
                        } else {
                            model::round2(100.0 * s.unscored as f64 / s.n as f64)
                        },
                    }
                })
                .collect();
            ReportItemDto {
                key: it.key.clone(),
                area: it.area.clone(),
                statement: loc.statement(&it.key).to_string(),
                groups,
                overall: model::across_groups(&it.key, &comp.visible, &comp.stats),
                groups_differ: differ.contains(&it.key),
                previous: prev_values.get(&it.key).copied(),
            }
        })
        .collect();
    let areas = l
        .def
        .areas
        .iter()
        .map(|a| {
            let in_area: Vec<&ReportItemDto> = items.iter().filter(|i| i.area == a.key).collect();
            let mut groups = BTreeMap::new();
            for g in &comp.visible {
                let means: Vec<f64> = in_area
                    .iter()
                    .filter_map(|i| i.groups.iter().find(|x| &x.group == g).and_then(|x| x.mean))
                    .collect();
                if !means.is_empty() {
                    groups.insert(
                        g.clone(),
                        model::round2(means.iter().sum::<f64>() / means.len() as f64),
                    );
                }
            }
            let overall = (!groups.is_empty())
                .then(|| model::round2(groups.values().sum::<f64>() / groups.len() as f64));
            ReportAreaDto {
                key: a.key.clone(),
                title: loc.area(&a.key).to_string(),
                groups,
                overall,
            }
        })
        .collect();
    let value = |key: &str| items.iter().find(|i| i.key == key).and_then(|i| i.overall);
    Ok(CampaignReportDto {
        campaign_id: l.c.id,
        name: l.c.name.clone(),
        school_name: l.school.name.clone(),
        language: t.language.clone(),
        status: status_of(&l.c)?.as_str().into(),
        results_shown: model::results_shown(status_of(&l.c)?),
        threshold: k,
        groups: comp.groups,
        strongest: model::top(&item_keys, value, 3, true),
        weakest: model::top(&item_keys, value, 3, false),
        unscored_percent: if total == 0 {
            0.0
        } else {
            model::round2(100.0 * unscored as f64 / total as f64)
        },
        areas,
        items,
        focus_items: parse(&l.c.focus_items),
        previous_campaign,
    })
}

fn csv_field(s: &str) -> String {
    // Quote always; double inner quotes; defuse spreadsheet formulas.
    let s = if s.starts_with(['=', '+', '-', '@']) {
        format!("'{s}")
    } else {
        s.to_string()
    };
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The report as CSV: one row per item × visible group (aggregates only), and a row per
/// hidden group saying why it is hidden.
pub fn report_csv(r: &CampaignReportDto) -> String {
    let mut out = String::from(
        "area,item,statement,group,responses,mean,unscored_percent,distribution,groups_differ,previous\n",
    );
    for g in r.groups.iter().filter(|g| !g.visible) {
        out.push_str(&format!(
            ",,,{},,,,{},,\n",
            csv_field(&g.group),
            csv_field(g.hidden_reason.as_deref().unwrap_or("no responses"))
        ));
    }
    for it in &r.items {
        for g in &it.groups {
            let dist = g
                .distribution
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" ");
            out.push_str(&format!(
                "{},{},{},{},{},{},{},{},{},{}\n",
                csv_field(&it.area),
                csv_field(&it.key),
                csv_field(&it.statement),
                csv_field(&g.group),
                g.n,
                g.mean.map(|m| m.to_string()).unwrap_or_default(),
                g.unscored_percent,
                csv_field(&dist),
                it.groups_differ,
                it.previous.map(|m| m.to_string()).unwrap_or_default(),
            ));
        }
    }
    out
}

/// One school's readiness in the hub overview: its latest campaign shared with the hub's
/// coordinators, area by area (visible groups only).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SchoolReadinessDto {
    pub school_id: Uuid,
    pub school_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closes_on: Option<NaiveDate>,
    /// Groups whose answers are included (anonymous groups only from k responses).
    pub groups_shown: Vec<String>,
    /// area key → mean of the visible groups' area means (1–5)
    pub areas: BTreeMap<String, f64>,
}

/// The areas of the current readiness instrument: key and title in a language.
pub async fn readiness_areas(
    db: &impl ConnectionTrait,
    lang: &str,
) -> ApiResult<Vec<(String, String)>> {
    let (_, v, def) = instruments::find_version(db, DEFAULT_INSTRUMENT, "current").await?;
    let (en, t) = instruments::texts_for(db, v.id, lang).await?;
    let loc = Localised {
        def: &def,
        en: &en,
        t: &t,
    };
    Ok(def
        .areas
        .iter()
        .map(|a| (a.key.clone(), loc.area(&a.key).to_string()))
        .collect())
}

/// A closed campaign shared with the hub, for one respondent group: the day it closed and
/// the group's area means, when the group shows (the campaign report's rule).
pub struct ClosedReadiness {
    pub campaign_id: Uuid,
    pub school_id: Uuid,
    pub closed_on: NaiveDate,
    pub areas: Option<BTreeMap<String, f64>>,
}

/// Every closed campaign of `schools` shared with the hub, with one group's area means:
/// the results are kept once (the first read after closing), then read in two statements
/// whatever the number of schools.
pub async fn closed_shared_readiness(
    db: &DatabaseConnection,
    schools: &[Uuid],
    group: RespondentGroup,
    k: u64,
) -> ApiResult<Vec<ClosedReadiness>> {
    let (closed, kept) = closed_kept(db, schools, true).await?;
    let g = group.as_str();
    closed
        .into_iter()
        .map(|c| {
            let asked = c.groups.split(',').any(|x| x == g);
            let areas = kept.get(&c.id).filter(|_| asked).and_then(|ka| {
                let n = ka.responses.get(g).copied().unwrap_or(0);
                if model::hidden(g, n, k, CampaignStatus::Closed).is_some() {
                    return None;
                }
                let a: BTreeMap<String, f64> = ka
                    .areas
                    .iter()
                    .filter(|((kg, ka), _)| kg == g && !ka.is_empty())
                    .map(|((_, a), m)| (a.clone(), *m))
                    .collect();
                (!a.is_empty()).then_some(a)
            });
            let closed_on = closed_on(&c)?;
            Ok(ClosedReadiness {
                campaign_id: c.id,
                school_id: c.school_id,
                closed_on,
                areas,
            })
        })
        .collect()
}

/// The closed campaigns of `schools` newest first (with `shared_only`, those shared with
/// the hub) and their kept area means: the results are kept once (the first read after
/// closing), then read in two statements per 500 campaigns whatever the number of schools.
async fn closed_kept(
    db: &DatabaseConnection,
    schools: &[Uuid],
    shared_only: bool,
) -> ApiResult<(Vec<campaign::Model>, BTreeMap<Uuid, results::KeptAreas>)> {
    let mut closed = Vec::new();
    for chunk in schools.chunks(500) {
        for c in repo::of_schools(db, chunk, shared_only).await? {
            if status_of(&c)? == CampaignStatus::Closed {
                closed.push(c);
            }
        }
    }
    let mut kept = BTreeMap::new();
    for chunk in closed.chunks(500) {
        results::keep(db, chunk).await?;
        let ids: Vec<Uuid> = chunk.iter().map(|c| c.id).collect();
        kept.append(&mut results::area_means(db, &ids).await?);
    }
    Ok((closed, kept))
}

/// The day a closed campaign closed: early, by hand, in its time zone, or after its last day.
fn closed_on(c: &campaign::Model) -> ApiResult<NaiveDate> {
    Ok(match c.closed_early_at {
        Some(at) => crate::platform::dates::day_in(at, &c.time_zone),
        None => parse_day(&c.closes_on)?,
    })
}

/// A closed campaign with what it measures, as a development plan reads it: per area
/// (`school-readiness:<area>`) the mean over the groups that show of each group's area
/// mean, and per asked statement (`item:<key>`) its mean over those groups.
pub struct ClosedMeasures {
    pub campaign_id: Uuid,
    pub school_id: Uuid,
    pub closed_on: NaiveDate,
    pub values: BTreeMap<String, f64>,
}

/// Every closed campaign of `schools` (with `shared_only`, those shared with the hub) and
/// its measures, the statements of `items` included: the same values a plan's goals show
/// ([`area_means`]), from the kept results, in a few statements whatever the number of
/// schools.
pub async fn closed_measures(
    db: &DatabaseConnection,
    schools: &[Uuid],
    shared_only: bool,
    k: u64,
    items: &BTreeSet<String>,
) -> ApiResult<Vec<ClosedMeasures>> {
    let (closed, kept) = closed_kept(db, schools, shared_only).await?;
    let mut item_means: BTreeMap<(Uuid, String, String), f64> = BTreeMap::new();
    if !items.is_empty() {
        for chunk in closed.chunks(500) {
            let ids: Vec<Uuid> = chunk.iter().map(|c| c.id).collect();
            for (c, g, i, m) in repo::item_means(db, &ids, items).await? {
                item_means.insert((c, g, i), m);
            }
        }
    }
    closed
        .into_iter()
        .map(|c| {
            let mut values = BTreeMap::new();
            if let Some(ka) = kept.get(&c.id) {
                let visible: Vec<&str> = c
                    .groups
                    .split(',')
                    .filter(|g| {
                        let n = ka.responses.get(*g).copied().unwrap_or(0);
                        model::hidden(g, n, k, CampaignStatus::Closed).is_none()
                    })
                    .collect();
                let mut areas: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
                for ((g, a), m) in &ka.areas {
                    if !a.is_empty() && visible.contains(&g.as_str()) {
                        areas.entry(a.as_str()).or_default().push(*m);
                    }
                }
                for (a, ms) in areas {
                    values.insert(
                        format!("{DEFAULT_INSTRUMENT}:{a}"),
                        model::round2(ms.iter().sum::<f64>() / ms.len() as f64),
                    );
                }
                let mut per_item: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
                for ((id, g, i), m) in item_means.range((c.id, String::new(), String::new())..) {
                    if *id != c.id {
                        break;
                    }
                    if visible.contains(&g.as_str()) {
                        per_item.entry(i.as_str()).or_default().push(*m);
                    }
                }
                for (i, ms) in per_item {
                    values.insert(
                        format!("item:{i}"),
                        model::round2(ms.iter().sum::<f64>() / ms.len() as f64),
                    );
                }
            }
            let closed_on = closed_on(&c)?;
            Ok(ClosedMeasures {
                campaign_id: c.id,
                school_id: c.school_id,
                closed_on,
                values,
            })
        })
        .collect()
}

/// Readiness across a hub's schools, from campaigns their leaders shared with the hub.
pub async fn hub_readiness(
    db: &DatabaseConnection,
    hub_id: Uuid,
    k: u64,
    lang: &str,
) -> ApiResult<(Vec<(String, String)>, Vec<SchoolReadinessDto>)> {
    let schools = crate::directory::repo::schools_of_hub(db, hub_id).await?;
    let areas = readiness_areas(db, lang).await?;
    // Every campaign shared with the hub, in one query; per school the latest closed one
    // (an open campaign has no results yet, and the overview says which one it shows).
    let school_ids: Vec<Uuid> = schools.iter().map(|s| s.id).collect();
    let shared = repo::shared_with_hub(db, &school_ids).await?;
    let mut latest: BTreeMap<Uuid, campaign::Model> = BTreeMap::new();
    for c in shared {
        if !latest.contains_key(&c.school_id) && status_of(&c)? == CampaignStatus::Closed {
            latest.insert(c.school_id, c);
        }
    }
    // Their results: kept once (the first read after closing), then two statements for
    // the whole hub, whatever its number of schools.
    let chosen: Vec<campaign::Model> = latest.values().cloned().collect();
    results::keep(db, &chosen).await?;
    let ids: Vec<Uuid> = chosen.iter().map(|c| c.id).collect();
    let mut kept = results::area_means(db, &ids).await?;
    let mut out = Vec::with_capacity(schools.len());
    for s in schools {
        let mut row = SchoolReadinessDto {
            school_id: s.id,
            school_name: s.name.clone(),
            campaign_id: None,
            campaign_name: None,
            closes_on: None,
            groups_shown: Vec::new(),
            areas: BTreeMap::new(),
        };
        if let Some(c) = latest.remove(&s.id) {
            let k_areas = kept.remove(&c.id).unwrap_or_default();
            let (groups_shown, areas) = shown_area_means(&c, &k_areas, k);
            row.campaign_id = Some(c.id);
            row.campaign_name = Some(c.name.clone());
            row.closes_on = Some(parse_day(&c.closes_on)?);
            row.groups_shown = groups_shown;
            row.areas = areas;
        }
        out.push(row);
    }
    Ok((areas, out))
}

/// The groups of a closed campaign that show (at least k responses, or identified) and per
/// area the mean over those groups of their statement means — as [`area_means`] computes
/// from the live counts.
fn shown_area_means(
    c: &campaign::Model,
    kept: &results::KeptAreas,
    k: u64,
) -> (Vec<String>, BTreeMap<String, f64>) {
    let visible: Vec<String> = c
        .groups
        .split(',')
        .filter(|g| {
            let n = kept.responses.get(*g).copied().unwrap_or(0);
            model::hidden(g, n, k, CampaignStatus::Closed).is_none()
        })
        .map(str::to_string)
        .collect();
    let mut per_area: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for ((g, a), m) in &kept.areas {
        if visible.contains(g) && !a.is_empty() {
            per_area.entry(a.clone()).or_default().push(*m);
        }
    }
    let areas = per_area
        .into_iter()
        .map(|(a, ms)| (a, model::round2(ms.iter().sum::<f64>() / ms.len() as f64)))
        .collect();
    (visible, areas)
}

/// Keep the results of those of the campaigns (by id) that are closed and have none kept
/// yet (see `results`): for readers of the kept counts that did not come through a report.
pub async fn keep_results_of(db: &DatabaseConnection, ids: &[Uuid]) -> ApiResult<()> {
    for chunk in ids.chunks(500) {
        let cs = repo::by_ids(db, chunk).await?;
        results::keep(db, &cs).await?;
    }
    Ok(())
}
