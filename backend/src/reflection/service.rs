//! Teachers' self-reflections: start, autosave, submit, report. Private by design: only
//! the owner sees a reflection (`policy::sees_reflection`); nobody else by role.

use super::dto::*;
use super::entity::reflection;
use crate::auth::extract::{Caller, deactivated_person};
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::instruments::entity::{instrument, instrument_version};
use crate::instruments::model::{self, Definition, Item, Localised, ScaleKind};
use crate::instruments::service as instruments;
use crate::platform::pagination::{self, Cursor, Page};
use crate::platform::writer::{Group, Writer};
use chrono::{DateTime, Utc};
use futures_util::future::BoxFuture;
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;
use uuid::Uuid;

/// The shipped teacher digital-competence instrument (DigCompEdu).
pub const DEFAULT_INSTRUMENT: &str = "digcompedu-teacher";

/// The items a self-reflection asks: the version's core items.
pub(super) fn asked(def: &Definition) -> impl Iterator<Item = &Item> {
    def.items.iter().filter(|i| i.core)
}

fn progress(def: &Definition, answers: &BTreeMap<String, String>) -> ProgressDto {
    let mut p = ProgressDto {
        answered: 0,
        total: 0,
        required_answered: 0,
        required_total: 0,
        missing_required: Vec::new(),
    };
    for it in asked(def) {
        let has = answers.contains_key(&it.key);
        p.total += 1;
        p.answered += usize::from(has);
        if it.required {
            p.required_total += 1;
            if has {
                p.required_answered += 1;
            } else {
                p.missing_required.push(it.key.clone());
            }
        }
    }
    p
}

pub(super) use super::repo::{answers_of, answers_of_many};

/// The caller's own reflection, or 404 (also for school leaders, coordinators, admins).
async fn find_own(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
    lock: bool,
) -> ApiResult<reflection::Model> {
    match super::repo::reflection(db, id, lock).await? {
        Some(r) if policy::sees_reflection(p, r.person_id) => Ok(r),
        _ => Err(ApiError::not_found("Reflection")),
    }
}

pub(super) struct Loaded {
    pub(super) r: reflection::Model,
    pub(super) inst: instrument::Model,
    pub(super) v: instrument_version::Model,
    pub(super) def: Definition,
    pub(super) answers: BTreeMap<String, String>,
}

pub(super) async fn load(db: &impl ConnectionTrait, r: reflection::Model) -> ApiResult<Loaded> {
    let (v, def) = instruments::version_by_id(db, r.instrument_version_id).await?;
    let inst = crate::instruments::repo::instrument(db, v.instrument_id)
        .await?
        .ok_or_else(|| ApiError::internal("instrument of a version is gone"))?;
    let answers = answers_of(db, r.id).await?;
    Ok(Loaded {
        r,
        inst,
        v,
        def,
        answers,
    })
}

fn dto(l: &Loaded, title: &str) -> ReflectionDto {
    ReflectionDto {
        id: l.r.id,
        instrument: l.inst.key.clone(),
        version: l.v.version.clone(),
        title: title.to_string(),
        status: l.r.status,
        started_at: l.r.started_at,
        updated_at: l.r.updated_at,
        submitted_at: l.r.submitted_at,
        progress: progress(&l.def, &l.answers),
        answers: l.answers.clone(),
    }
}

async fn form(db: &impl ConnectionTrait, l: &Loaded, lang: &str) -> ApiResult<ReflectionFormDto> {
    let (en, t) = instruments::texts_for(db, l.v.id, lang).await?;
    let loc = Localised {
        def: &l.def,
        en: &en,
        t: &t,
    };
    let mut areas = instruments::localised_areas(&l.def, &loc);
    for a in &mut areas {
        a.items.retain(|i| i.core);
    }
    areas.retain(|a| !a.items.is_empty());
    Ok(ReflectionFormDto {
        reflection: dto(l, loc.title()),
        language: t.language.clone(),
        areas,
    })
}

/// Start a reflection on the instrument's current version, or resume the one in progress.
/// Returns whether a new one was made.
pub async fn start(
    db: &DatabaseConnection,
    p: &Principal,
    body: ReflectionStart,
    lang: &str,
) -> ApiResult<(ReflectionFormDto, bool)> {
    policy::must_allow(p, Action::ReflectionStart)?;
    let me = p
        .person()
        .ok_or_else(|| ApiError::forbidden("Only people keep self-reflections."))?;
    let key = body.instrument.as_deref().unwrap_or(DEFAULT_INSTRUMENT);
    let unknown = || {
        ApiError::field(
            "instrument",
            "unknown_instrument",
            format!("There is no self-reflection instrument {key:?}."),
        )
    };
    let (inst, v, _) = match instruments::find_version(db, key, "current").await {
        Ok(x) => x,
        Err(e) if e.code == ErrorCode::NotFound => return Err(unknown()),
        Err(e) => return Err(e),
    };
    if inst.kind != model::Kind::TeacherCompetence.as_str() {
        return Err(unknown());
    }
    let txn = crate::db::write(db).await?;
    crate::db::lock::<crate::people::entity::person::Entity>(&txn, me.id).await?;
    let versions: Vec<Uuid> = crate::instruments::repo::versions_of(&txn, inst.id)
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect();
    let open = super::repo::in_progress(&txn, me.id, versions).await?;
    let (r, created) = match open {
        Some(r) => (r, false),
        None => {
            let now = crate::db::now();
            let r = super::repo::insert(
                &txn,
                reflection::Model {
                    id: Uuid::now_v7(),
                    person_id: me.id,
                    instrument_version_id: v.id,
                    status: crate::reflection::model::ReflectionStatus::InProgress,
                    started_at: now,
                    updated_at: now,
                    submitted_at: None,
                },
            )
            .await?;
            (r, true)
        }
    };
    let l = load(&txn, r).await?;
    let f = form(&txn, &l, lang).await?;
    txn.commit().await?;
    Ok((f, created))
}

pub async fn get_form(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    lang: &str,
) -> ApiResult<ReflectionFormDto> {
    let r = find_own(db, p, id, false).await?;
    let l = load(db, r).await?;
    form(db, &l, lang).await
}

/// The caller's reflections, newest first.
pub async fn list_mine(
    db: &DatabaseConnection,
    p: &Principal,
    q: &ReflectionQuery,
    limit: u64,
    cursor: Option<Cursor>,
) -> ApiResult<Page<ReflectionSummaryDto>> {
    let Some(me) = p.person() else {
        return Ok(Page {
            items: Vec::new(),
            next_cursor: None,
        });
    };
    let versions = match &q.instrument {
        Some(key) => Some(match crate::instruments::repo::by_key(db, key).await? {
            Some(i) => crate::instruments::repo::versions_of(db, i.id)
                .await?
                .into_iter()
                .map(|v| v.id)
                .collect(),
            None => Vec::new(),
        }),
        None => None,
    };
    let rows = super::repo::of_person(
        db,
        me.id,
        q.status.as_deref(),
        versions,
        cursor.map(|c| c.id),
        limit + 1,
    )
    .await?;
    let out = summaries(db, rows, &me.locale).await?;
    Ok(pagination::finish_by_id(out, limit, |s| s.id, |s| s))
}

/// The summaries of many reflections in a fixed number of statements: their versions and
/// instruments in one query each, every answer in one, and the texts once per version (a
/// person's reflections use one or two versions of an instrument).
pub async fn summaries(
    db: &impl ConnectionTrait,
    rows: Vec<reflection::Model>,
    lang: &str,
) -> ApiResult<Vec<ReflectionSummaryDto>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let version_ids: BTreeSet<Uuid> = rows.iter().map(|r| r.instrument_version_id).collect();
    let versions = crate::instruments::repo::versions_by_ids(db, &version_ids).await?;
    let instrument_ids: BTreeSet<Uuid> = versions.iter().map(|v| v.instrument_id).collect();
    let keys: BTreeMap<Uuid, String> =
        crate::instruments::repo::instruments_by_ids(db, &instrument_ids)
            .await?
            .into_iter()
            .map(|i| (i.id, i.key))
            .collect();
    let mut per_version = BTreeMap::new();
    for v in versions {
        let def = instruments::parse_definition(&v)?;
        let (en, t) = instruments::texts_for(db, v.id, lang).await?;
        let title = Localised {
            def: &def,
            en: &en,
            t: &t,
        }
        .title()
        .to_string();
        let key = keys
            .get(&v.instrument_id)
            .cloned()
            .ok_or_else(|| ApiError::internal("instrument of a version is gone"))?;
        per_version.insert(v.id, (v, def, title, key));
    }
    let mut answers = answers_of_many(db, rows.iter().map(|r| r.id)).await?;
    rows.into_iter()
        .map(|r| {
            let (v, def, title, key) = per_version
                .get(&r.instrument_version_id)
                .ok_or_else(|| ApiError::internal("instrument version of a reflection is gone"))?;
            let answers = answers.remove(&r.id).unwrap_or_default();
            let results = model::score(def, &answers);
            Ok(ReflectionSummaryDto {
                id: r.id,
                instrument: key.clone(),
                version: v.version.clone(),
                title: title.clone(),
                status: r.status,
                started_at: r.started_at,
                submitted_at: r.submitted_at,
                progress: progress(def, &answers),
                overall: results.overall,
                overall_level: results
                    .overall
                    .and_then(|o| level_of(def, None, o).map(|(v, _)| v)),
            })
        })
        .collect()
}

/// A reflection in a list: progress and the overall level.
pub async fn summary(
    db: &impl ConnectionTrait,
    r: reflection::Model,
    lang: &str,
) -> ApiResult<ReflectionSummaryDto> {
    summaries(db, vec![r], lang)
        .await?
        .pop()
        .ok_or_else(|| ApiError::internal("a reflection without a summary"))
}

/// The short name of a scored level of the instrument's scale (`b1` → `B1`), if it is one.
pub fn level_label(def: &Definition, level: &str) -> Option<String> {
    let (_, scale) = level_of(def, None, 0.0)?;
    let s = def.scales.iter().find(|s| s.key == scale)?;
    match &s.kind {
        ScaleKind::Ordinal { options } => options
            .iter()
            .find(|o| o.value == level && o.score.is_some())
            .map(|o| o.value.to_uppercase()),
        ScaleKind::Text { .. } => None,
    }
}

/// Check an answer against the item's scale.
fn check_answer(def: &Definition, item_key: &str, value: &str) -> ApiResult<()> {
    let Some(it) = asked(def).find(|i| i.key == item_key) else {
        return Err(ApiError::field(
            "item_key",
            "unknown_item",
            format!("This reflection has no item {item_key:?}."),
        ));
    };
    instruments::check_value(def, it, value).map_err(|e| ApiError::validation(vec![e]))
}

fn already_submitted() -> ApiError {
    ApiError::conflict(
        ErrorCode::AlreadySubmitted,
        "This reflection is submitted and can no longer change; start a new one.",
    )
}

/// Save one answer (autosave). The same answer twice is one answer.
///
/// Queued for the writer with the others arriving at the same time ([`AnswerWrites`]):
/// every check runs in the write transaction, so the request reads nothing before.
pub async fn put_answer(
    w: &Writer,
    caller: Caller,
    id: Uuid,
    item_key: &str,
    value: &str,
) -> ApiResult<AnswerDto> {
    w.run_grouped::<AnswerWrites>(AnswerWrite {
        caller,
        id,
        item_key: item_key.to_string(),
        value: value.to_string(),
    })
    .await
}

/// One autosaved answer as it waits for the writer.
pub struct AnswerWrite {
    caller: Caller,
    id: Uuid,
    item_key: String,
    value: String,
}

/// Autosaved answers, checked and written many at a time: one read of their reflections,
/// one of the callers' accounts, one of the answers stored for those items, one upsert of
/// the answers that changed and one update of their reflections' time.
pub struct AnswerWrites;

impl Group for AnswerWrites {
    type Item = AnswerWrite;
    type Out = AnswerDto;

    fn run<'a>(
        txn: &'a DatabaseTransaction,
        items: Vec<Arc<AnswerWrite>>,
    ) -> BoxFuture<'a, ApiResult<Vec<ApiResult<AnswerDto>>>> {
        Box::pin(write_answers(txn, items))
    }
}

async fn write_answers(
    txn: &DatabaseTransaction,
    items: Vec<Arc<AnswerWrite>>,
) -> ApiResult<Vec<ApiResult<AnswerDto>>> {
    // The reflections first, locked (PostgreSQL) in the order of their ids, as every write
    // to a reflection locks it first: a submit or a delete waits for us, or we for it. With
    // them, whether each owner's account is active and the version's definition hash, in
    // the same statement.
    let ids: BTreeSet<Uuid> = items.iter().map(|i| i.id).collect();
    let mut active: std::collections::HashSet<Uuid> = Default::default();
    let mut hashes: BTreeMap<Uuid, String> = BTreeMap::new();
    let mut reflections: HashMap<Uuid, reflection::Model> = HashMap::new();
    for (r, owner_active, hash) in
        super::repo::for_write_with_owner(txn, ids.into_iter().collect()).await?
    {
        if owner_active {
            active.insert(r.person_id);
        }
        hashes.insert(r.instrument_version_id, hash);
        reflections.insert(r.id, r);
    }
    // Callers who are not the owner of the reflection they write to (a 404, unless their
    // account is not active: a 401 first): their accounts read on their own.
    let others: BTreeSet<Uuid> = items
        .iter()
        .filter_map(|i| match &i.caller {
            Caller::Person(me) if reflections.get(&i.id).is_none_or(|r| r.person_id != *me) => {
                Some(*me)
            }
            _ => None,
        })
        .collect();
    if !others.is_empty() {
        active.extend(crate::auth::repo::active_among(txn, others.into_iter().collect()).await?);
    }
    // The definitions of the reflections' versions (one, nearly always).
    let mut defs: HashMap<Uuid, Definition> = HashMap::new();
    for (v, hash) in hashes {
        defs.insert(v, instruments::definition_with_hash(txn, v, &hash).await?);
    }
    // Each item's checks, in the order of the single-answer path: the account (401), the
    // reflection (404), its status (409), the answer (422).
    let checked: Vec<ApiResult<&reflection::Model>> = items
        .iter()
        .map(|it| {
            let r = reflections.get(&it.id);
            let r = match &it.caller {
                Caller::Person(me) if !active.contains(me) => return Err(deactivated_person()),
                Caller::Person(me) => r.filter(|r| policy::owns_reflection(*me, r.person_id)),
                Caller::Other(p) => r.filter(|r| policy::sees_reflection(p, r.person_id)),
            }
            .ok_or_else(|| ApiError::not_found("Reflection"))?;
            if r.status != crate::reflection::model::ReflectionStatus::InProgress {
                return Err(already_submitted());
            }
            let def = defs
                .get(&r.instrument_version_id)
                .ok_or_else(|| ApiError::internal("a definition was not loaded"))?;
            check_answer(def, &it.item_key, &it.value)?;
            Ok(r)
        })
        .collect();
    // The answers stored for the items that passed; "the same answer twice is one answer"
    // (its time stays), also twice within the batch.
    let mut stored: HashMap<(Uuid, String), (String, DateTime<Utc>)> = HashMap::new();
    let passed: Vec<(Uuid, String)> = items
        .iter()
        .zip(&checked)
        .filter(|(_, c)| c.is_ok())
        .map(|(it, _)| (it.id, it.item_key.clone()))
        .collect();
    if !passed.is_empty() {
        let rids: BTreeSet<Uuid> = passed.iter().map(|p| p.0).collect();
        let keys: BTreeSet<String> = passed.iter().map(|p| p.1.clone()).collect();
        for a in
            super::repo::answers_among(txn, rids.into_iter().collect(), keys.into_iter().collect())
                .await?
        {
            stored.insert((a.reflection_id, a.item_key), (a.value, a.updated_at));
        }
    }
    let now = crate::db::now();
    let mut changed: BTreeSet<(Uuid, String)> = BTreeSet::new();
    let mut out = Vec::with_capacity(items.len());
    for (it, c) in items.iter().zip(checked) {
        out.push(c.map(|_| {
            let key = (it.id, it.item_key.clone());
            let updated_at = match stored.get(&key) {
                Some((v, at)) if *v == it.value => *at,
                _ => {
                    stored.insert(key.clone(), (it.value.clone(), now));
                    changed.insert(key);
                    now
                }
            };
            AnswerDto {
                item_key: it.item_key.clone(),
                value: it.value.clone(),
                updated_at,
            }
        }));
    }
    if !changed.is_empty() {
        let touched: BTreeSet<Uuid> = changed.iter().map(|k| k.0).collect();
        let rows = changed
            .into_iter()
            .filter_map(|k| {
                let (value, at) = stored.remove(&k)?;
                Some(super::entity::reflection_answer::Model {
                    reflection_id: k.0,
                    item_key: k.1,
                    value,
                    updated_at: at,
                })
            })
            .collect();
        super::repo::put_answers(txn, rows).await?;
        super::repo::touch_many(txn, touched.into_iter().collect(), now).await?;
    }
    Ok(out)
}

/// Take an answer back (before submitting).
pub async fn delete_answer(w: &Writer, p: &Principal, id: Uuid, item_key: &str) -> ApiResult<()> {
    let (p, item_key) = (p.clone(), item_key.to_string());
    w.run(move |txn| {
        let (p, item_key) = (p.clone(), item_key.clone());
        Box::pin(async move {
            let r = find_own(txn, &p, id, true).await?;
            if r.status != crate::reflection::model::ReflectionStatus::InProgress {
                return Err(already_submitted());
            }
            super::repo::delete_answer(txn, r.id, item_key).await?;
            Ok(())
        })
    })
    .await
}

/// Submit: every required item answered; afterwards the reflection never changes.
pub async fn submit(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    lang: &str,
) -> ApiResult<ReflectionFormDto> {
    let txn = crate::db::write(db).await?;
    let r = find_own(&txn, p, id, true).await?;
    if r.status != crate::reflection::model::ReflectionStatus::InProgress {
        return Err(already_submitted());
    }
    let l = load(&txn, r).await?;
    let missing = progress(&l.def, &l.answers).missing_required;
    if !missing.is_empty() {
        let mut e = ApiError::validation(
            missing
                .into_iter()
                .map(|k| FieldError {
                    field: format!("answers.{k}"),
                    code: "required".into(),
                    message: "Answer this item before submitting.".into(),
                })
                .collect(),
        );
        e.detail = Some("Some required items are not answered yet.".into());
        return Err(e);
    }
    let now = crate::db::now();
    let r = super::repo::update(
        &txn,
        reflection::Model {
            status: crate::reflection::model::ReflectionStatus::Submitted,
            submitted_at: Some(now),
            updated_at: now,
            ..l.r.clone()
        },
    )
    .await?;
    super::changes::repair(&txn, r.person_id, &[r.id]).await?;
    let l = Loaded { r, ..l };
    let f = form(&txn, &l, lang).await?;
    txn.commit().await?;
    Ok(f)
}

/// Delete one's own reflection with its answers (in progress or submitted): it is the
/// teacher's data.
pub async fn delete(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    let r = find_own(&txn, p, id, true).await?;
    // The submitted reflection that followed it is paired again, with the one before.
    let mut next = None;
    if r.status == crate::reflection::model::ReflectionStatus::Submitted {
        super::repo::lock_person(&txn, r.person_id).await?;
        next = super::changes::submitted_after(&txn, &r).await?;
    }
    super::repo::delete(&txn, r.id).await?;
    if let Some(n) = next {
        super::changes::repair(&txn, r.person_id, &[n]).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The level a result stands for on the scale of an item (or of the first scored item).
pub(super) fn level_of(
    def: &Definition,
    item: Option<&Item>,
    score: f64,
) -> Option<(String, String)> {
    let scale_key = item.map(|i| i.scale.as_str()).or_else(|| {
        def.items.iter().find_map(|i| {
            def.scales
                .iter()
                .find(|s| s.key == i.scale && matches!(s.kind, ScaleKind::Ordinal { .. }))
                .map(|s| s.key.as_str())
        })
    })?;
    let scale = def.scales.iter().find(|s| s.key == scale_key)?;
    model::nearest_option(scale, score).map(|o| (o.value.clone(), scale.key.clone()))
}

pub(super) fn result(
    def: &Definition,
    l: &Localised,
    item: Option<&Item>,
    score: f64,
) -> Option<ResultDto> {
    let (level, scale) = level_of(def, item, score)?;
    Some(ResultDto {
        score: (score * 100.0).round() / 100.0,
        label: l.scale_label(&scale, &level).unwrap_or(&level).to_string(),
        level,
    })
}

pub(super) fn rounded(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}
