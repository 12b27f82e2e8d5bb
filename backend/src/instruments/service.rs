//! Instruments in the database: loading the shipped ones, publishing new versions,
//! translations and their review status, and the look-ups other features use.

use super::dto::*;
use super::entity::{instrument, instrument_text, instrument_version};
use super::model::{self, Definition, Item, Localised, ScaleKind, Texts};
use super::repo;
use super::shipped;
use crate::audit::service::{self as audit, Actor, Where};
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::platform::etag;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use uuid::Uuid;

fn hash(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

fn to_json<T: serde::Serialize>(v: &T) -> ApiResult<String> {
    serde_json::to_string(v).map_err(|e| ApiError::internal(e.to_string()))
}

/// The stored form of texts and a hash of their content (the review status aside, so
/// that marking a translation reviewed is not a change of its texts).
fn texts_row(t: &Texts) -> ApiResult<(String, String)> {
    let mut plain = t.clone();
    plain.status = String::new();
    let json = to_json(&plain)?;
    let h = hash(&json);
    Ok((json, h))
}

/// Parsed definitions by version id and content hash. A version's definition changes only
/// while nothing uses it, and then its hash changes too, so an entry is never stale; the
/// cache holds at most [`DEFINITION_CACHE`] entries (a platform has a handful of versions).
type DefinitionCache =
    std::sync::Mutex<std::collections::HashMap<(Uuid, String), std::sync::Arc<Definition>>>;
static DEFINITIONS: std::sync::LazyLock<DefinitionCache> =
    std::sync::LazyLock::new(Default::default);
const DEFINITION_CACHE: usize = 256;

/// Parsed texts by (row, content hash, review status); cleared when full, like definitions.
type TextsCache =
    std::sync::Mutex<std::collections::HashMap<(Uuid, String, String), std::sync::Arc<Texts>>>;
static TEXTS: std::sync::LazyLock<TextsCache> = std::sync::LazyLock::new(Default::default);
const TEXTS_CACHE: usize = 512;

/// Version id → (instrument key, version label). Neither ever changes once a version is
/// made (a shipped definition may be rewritten, its key and label not), so each is read
/// once per process; cleared when full, like definitions.
type LabelCache = std::sync::Mutex<std::collections::HashMap<Uuid, (String, String)>>;
static LABELS: std::sync::LazyLock<LabelCache> = std::sync::LazyLock::new(Default::default);
const LABEL_CACHE: usize = 1024;

/// The labels of the versions with these ids (see [`LABELS`]): from memory, and the
/// versions not yet seen in one statement.
pub async fn version_labels(
    db: &impl ConnectionTrait,
    ids: &std::collections::BTreeSet<Uuid>,
) -> ApiResult<std::collections::BTreeMap<Uuid, (String, String)>> {
    let mut out = std::collections::BTreeMap::new();
    if let Ok(cache) = LABELS.lock() {
        for id in ids {
            if let Some(l) = cache.get(id) {
                out.insert(*id, l.clone());
            }
        }
    }
    let missing: std::collections::BTreeSet<Uuid> = ids
        .iter()
        .filter(|id| !out.contains_key(id))
        .copied()
        .collect();
    if missing.is_empty() {
        return Ok(out);
    }
    let read = repo::version_labels(db, &missing).await?;
    if let Ok(mut cache) = LABELS.lock() {
        if cache.len() + read.len() > LABEL_CACHE {
            cache.clear();
        }
        cache.extend(read.iter().map(|(k, v)| (*k, v.clone())));
    }
    out.extend(read);
    Ok(out)
}

/// A version's definition, parsed once per content and then shared.
pub fn parse_definition(row: &instrument_version::Model) -> ApiResult<Definition> {
    let key = (row.id, row.definition_hash.clone());
    if let Ok(cache) = DEFINITIONS.lock()
        && let Some(d) = cache.get(&key)
    {
        return Ok(Definition::clone(d));
    }
    let def: Definition = serde_json::from_str(&row.definition)
        .map_err(|e| ApiError::internal(format!("stored definition {}: {e}", row.id)))?;
    if let Ok(mut cache) = DEFINITIONS.lock() {
        if cache.len() >= DEFINITION_CACHE {
            cache.clear();
        }
        cache.insert(key, std::sync::Arc::new(def.clone()));
    }
    Ok(def)
}

fn parse_texts(row: &instrument_text::Model) -> ApiResult<Texts> {
    let mut t: Texts = serde_json::from_str(&row.texts)
        .map_err(|e| ApiError::internal(format!("stored texts {}: {e}", row.id)))?;
    t.status = row.status.as_str().to_string();
    t.language = row.language.clone();
    Ok(t)
}

/// Put the shipped instruments into the database: new versions and languages are added;
/// a shipped text that changed replaces the stored one unless a hub edited it; a changed
/// definition replaces the stored one only while nothing uses it (a version in use never
/// changes — ship a new version instead). Returns what it did, for the log.
pub async fn load_shipped(db: &DatabaseConnection) -> Result<Vec<String>, String> {
    let all = shipped::all()?;
    let txn = crate::db::write(db).await.map_err(|e| e.to_string())?;
    let mut log = Vec::new();
    for s in &all {
        store_version(&txn, &s.definition, &s.texts, "shipped", None, &mut log)
            .await
            .map_err(|e| e.to_string())?;
    }
    txn.commit().await.map_err(|e| e.to_string())?;
    Ok(log)
}

/// Insert or refresh one version and its texts. For uploads (`origin` = `uploaded`) an
/// existing version is a conflict.
async fn store_version(
    db: &impl ConnectionTrait,
    def: &Definition,
    texts: &[Texts],
    origin: &str,
    by: Option<Uuid>,
    log: &mut Vec<String>,
) -> ApiResult<instrument_version::Model> {
    let now = crate::db::now();
    let inst = match repo::by_key(db, &def.key).await? {
        Some(i) => {
            if i.kind != def.kind.as_str() {
                return Err(ApiError::field(
                    "definition.kind",
                    "kind",
                    format!("Instrument {} is of kind {}.", def.key, i.kind),
                ));
            }
            i
        }
        None => {
            log.push(format!("instrument {} added", def.key));
            repo::insert_instrument(
                db,
                instrument::Model {
                    id: Uuid::now_v7(),
                    key: def.key.clone(),
                    kind: def.kind.as_str().to_string(),
                    created_at: now,
                },
            )
            .await?
        }
    };
    let def_json = to_json(def)?;
    let def_hash = hash(&def_json);
    let existing = repo::version(db, inst.id, Some(&def.version)).await?;
    let version = match existing {
        Some(_) if origin != "shipped" => {
            return Err(ApiError::conflict(
                ErrorCode::VersionExists,
                format!(
                    "{} version {} exists; publish changes as a new version.",
                    def.key, def.version
                ),
            ));
        }
        Some(v) if v.definition_hash == def_hash => v,
        Some(v) => {
            if version_in_use(db, v.id).await? {
                log.push(format!(
                    "{} {}: the shipped definition changed but the version is in use; kept the stored one",
                    def.key, def.version
                ));
                tracing::warn!(instrument = %def.key, version = %def.version,
                    "shipped definition changed for a version in use; it was not changed");
                v
            } else {
                log.push(format!("{} {}: definition updated", def.key, def.version));
                repo::save_version(
                    db,
                    instrument_version::Model {
                        definition: def_json,
                        definition_hash: def_hash,
                        ..v
                    },
                    false,
                )
                .await?
            }
        }
        None => {
            let seq = repo::version(db, inst.id, None)
                .await?
                .map_or(1, |v| v.seq + 1);
            log.push(format!("{} {}: version added", def.key, def.version));
            repo::save_version(
                db,
                instrument_version::Model {
                    id: Uuid::now_v7(),
                    instrument_id: inst.id,
                    version: def.version.clone(),
                    seq,
                    definition: def_json,
                    definition_hash: def_hash,
                    origin: origin.to_string(),
                    created_by: by,
                    created_at: now,
                },
                true,
            )
            .await?
        }
    };
    for t in texts {
        let (json, h) = texts_row(t)?;
        let row = repo::text(db, version.id, &t.language).await?;
        match row {
            None => {
                repo::save_text(
                    db,
                    instrument_text::Model {
                        id: Uuid::now_v7(),
                        version_id: version.id,
                        language: t.language.clone(),
                        status: crate::platform::enums::input("status", &t.status)?,
                        texts: json,
                        texts_hash: h,
                        origin: origin.to_string(),
                        updated_by: by,
                        updated_at: now,
                        version: 1,
                    },
                    true,
                )
                .await?;
            }
            // A hub's own edits win over the shipped texts.
            Some(r) if r.origin != "shipped" || r.texts_hash == h => {}
            Some(r) => {
                log.push(format!(
                    "{} {} {}: texts updated",
                    def.key, def.version, t.language
                ));
                let v = r.version;
                repo::save_text(
                    db,
                    instrument_text::Model {
                        texts: json,
                        texts_hash: h,
                        status: crate::platform::enums::input("status", &t.status)?,
                        updated_at: now,
                        version: v + 1,
                        ..r
                    },
                    false,
                )
                .await?;
            }
        }
    }
    Ok(version)
}

/// Whether anything was asked or answered on a version — a teacher's reflection or a
/// school's campaign (with or without answers yet: its codes are out) — so that it never
/// changes under what was recorded.
pub async fn version_in_use(db: &impl ConnectionTrait, version_id: Uuid) -> ApiResult<bool> {
    Ok(versions_in_use(db, &[version_id])
        .await?
        .contains(&version_id))
}

pub use super::repo::versions_in_use;

async fn find_instrument(db: &impl ConnectionTrait, key: &str) -> ApiResult<instrument::Model> {
    repo::by_key(db, key)
        .await?
        .ok_or_else(|| ApiError::not_found("Instrument"))
}

use super::repo::versions_of;

/// A version by its name, or `current` for the newest.
pub async fn find_version(
    db: &impl ConnectionTrait,
    key: &str,
    version: &str,
) -> ApiResult<(instrument::Model, instrument_version::Model, Definition)> {
    let inst = find_instrument(db, key).await?;
    let v = repo::version(db, inst.id, (version != "current").then_some(version))
        .await?
        .ok_or_else(|| ApiError::not_found("Instrument version"))?;
    let def = parse_definition(&v)?;
    Ok((inst, v, def))
}

pub async fn version_by_id(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<(instrument_version::Model, Definition)> {
    let v = repo::version_by_id(db, id)
        .await?
        .ok_or_else(|| ApiError::internal(format!("instrument version {id} is gone")))?;
    let def = parse_definition(&v)?;
    Ok((v, def))
}

/// Whether `value` is an answer `item` takes: one of its scale's options, or text of the
/// allowed length. The one check behind a teacher's reflection and a campaign's responses.
pub fn check_value(def: &Definition, item: &Item, value: &str) -> Result<(), FieldError> {
    let kind = def
        .scales
        .iter()
        .find(|s| s.key == item.scale)
        .map(|s| &s.kind);
    match kind {
        Some(ScaleKind::Ordinal { options }) if options.iter().any(|o| o.value == value) => Ok(()),
        Some(ScaleKind::Text { max_length })
            if !value.trim().is_empty() && value.chars().count() <= *max_length =>
        {
            Ok(())
        }
        Some(ScaleKind::Text { max_length }) => Err(FieldError {
            field: "value".into(),
            code: "length".into(),
            message: format!("Write 1 to {max_length} characters."),
        }),
        Some(ScaleKind::Ordinal { options }) => Err(FieldError {
            field: "value".into(),
            code: "invalid_option".into(),
            message: format!(
                "Answer with one of: {}.",
                options
                    .iter()
                    .map(|o| o.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }),
        // Definitions are validated when stored: every item has its scale.
        None => Err(FieldError {
            field: "value".into(),
            code: "invalid_option".into(),
            message: "This item takes no answers.".into(),
        }),
    }
}

/// A version's definition by id. A version in use never changes, so when its definition is
/// cached only its hash is read (not the whole document).
pub async fn definition_by_version_id(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Definition> {
    let hash = repo::definition_hash(db, id).await?;
    let hash =
        hash.ok_or_else(|| ApiError::internal(format!("instrument version {id} is gone")))?;
    definition_with_hash(db, id, &hash).await
}

/// A version's instrument and its definition: one small statement when the definition is
/// in the cache.
pub async fn instrument_and_definition(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<(Uuid, Definition)> {
    let (instrument, hash) = repo::version_head(db, id)
        .await?
        .ok_or_else(|| ApiError::internal(format!("instrument version {id} is gone")))?;
    Ok((instrument, definition_with_hash(db, id, &hash).await?))
}

/// A version's definition when its hash is already known (read with the rows that use
/// the version): from the cache, or read and parsed.
pub async fn definition_with_hash(
    db: &impl ConnectionTrait,
    id: Uuid,
    hash: &str,
) -> ApiResult<Definition> {
    if let Ok(cache) = DEFINITIONS.lock()
        && let Some(d) = cache.get(&(id, hash.to_string()))
    {
        return Ok(Definition::clone(d));
    }
    Ok(version_by_id(db, id).await?.1)
}

/// The texts of every language of a version.
pub async fn all_texts(
    db: &impl ConnectionTrait,
    version_id: Uuid,
) -> ApiResult<Vec<(instrument_text::Model, Texts)>> {
    let rows = repo::texts(db, version_id).await?;
    rows.into_iter()
        .map(|r| {
            let t = parse_texts(&r)?;
            Ok((r, t))
        })
        .collect()
}

/// English and the requested language (English again when it has no translation).
pub async fn texts_for(
    db: &impl ConnectionTrait,
    version_id: Uuid,
    lang: &str,
) -> ApiResult<(Texts, Texts)> {
    // Only English and the asked language, and each parsed once per content: reports,
    // lists and forms call this on every request.
    let heads = repo::text_heads(db, version_id, lang).await?;
    let mut en = None;
    let mut t = None;
    for (id, language, hash, status) in heads {
        let key = (id, hash, status);
        let cached = TEXTS
            .lock()
            .ok()
            .and_then(|c| c.get(&key).map(|t| Texts::clone(t)));
        let texts = match cached {
            Some(texts) => texts,
            None => {
                let row = repo::text_by_id(db, id)
                    .await?
                    .ok_or_else(|| ApiError::internal(format!("texts {id} are gone")))?;
                let texts = parse_texts(&row)?;
                if let Ok(mut cache) = TEXTS.lock() {
                    if cache.len() >= TEXTS_CACHE {
                        cache.clear();
                    }
                    cache.insert(key, std::sync::Arc::new(texts.clone()));
                }
                texts
            }
        };
        if language == "en" {
            en = Some(texts.clone());
        }
        if language == lang {
            t = Some(texts);
        }
    }
    let en =
        en.ok_or_else(|| ApiError::internal(format!("version {version_id} has no English")))?;
    let t = t.unwrap_or_else(|| en.clone());
    Ok((en, t))
}

fn status_dto(
    def: &Definition,
    en: &Texts,
    row: &instrument_text::Model,
    t: &Texts,
) -> TranslationStatusDto {
    let c = model::coverage(def, en, t);
    TranslationStatusDto {
        language: row.language.clone(),
        status: row.status.as_str().to_string(),
        translated: c.translated,
        total: c.total,
        updated_at: row.updated_at,
        version: row.version,
    }
}

async fn translations(
    db: &impl ConnectionTrait,
    def: &Definition,
    version_id: Uuid,
) -> ApiResult<(Vec<TranslationStatusDto>, Option<Texts>)> {
    let all = all_texts(db, version_id).await?;
    let en = all
        .iter()
        .find(|(r, _)| r.language == "en")
        .map(|(_, t)| t.clone());
    let Some(en_t) = &en else {
        return Ok((Vec::new(), None));
    };
    let out = all
        .iter()
        .map(|(r, t)| status_dto(def, en_t, r, t))
        .collect();
    Ok((out, en))
}

/// Every instrument with its versions and how far each is translated.
pub async fn list(db: &DatabaseConnection, lang: &str) -> ApiResult<Vec<InstrumentDto>> {
    let insts = repo::instruments(db).await?;
    let mut out = Vec::new();
    for inst in insts {
        let versions = versions_of(db, inst.id).await?;
        let mut title = inst.key.clone();
        let mut summaries = Vec::new();
        let ids: Vec<Uuid> = versions.iter().map(|v| v.id).collect();
        let in_use = versions_in_use(db, &ids).await?;
        for (i, v) in versions.iter().enumerate() {
            let def = parse_definition(v)?;
            let (tr, en) = translations(db, &def, v.id).await?;
            if i == 0
                && let Some(en) = &en
            {
                let (_, t) = texts_for(db, v.id, lang).await?;
                title = Localised {
                    def: &def,
                    en,
                    t: &t,
                }
                .title()
                .to_string();
            }
            summaries.push(VersionSummaryDto {
                version: v.version.clone(),
                origin: v.origin.clone(),
                current: i == 0,
                in_use: in_use.contains(&v.id),
                items: def.items.len(),
                created_at: v.created_at,
                translations: tr,
            });
        }
        out.push(InstrumentDto {
            current_version: versions
                .first()
                .map(|v| v.version.clone())
                .unwrap_or_default(),
            key: inst.key,
            kind: inst.kind,
            title,
            versions: summaries,
        });
    }
    Ok(out)
}

/// The areas and items of a version with texts in one language, as respondents see them.
pub fn localised_areas(def: &Definition, l: &Localised) -> Vec<AreaDto> {
    let scales: BTreeMap<&str, &model::Scale> =
        def.scales.iter().map(|s| (s.key.as_str(), s)).collect();
    def.areas
        .iter()
        .map(|a| AreaDto {
            key: a.key.clone(),
            title: l.area(&a.key).to_string(),
            items: def
                .items
                .iter()
                .filter(|it| it.area == a.key)
                .map(|it| {
                    let (scale_type, options, max_length) = match scales
                        .get(it.scale.as_str())
                        .map(|s| &s.kind)
                    {
                        Some(ScaleKind::Ordinal { options }) => (
                            "ordinal",
                            options
                                .iter()
                                .map(|o| OptionDto {
                                    value: o.value.clone(),
                                    score: o.score,
                                    label: l.label(it, &o.value).to_string(),
                                    meaning: l.meaning(&it.key, &o.value).map(str::to_string),
                                    next_step: l.next_step(&it.key, &o.value).map(str::to_string),
                                })
                                .collect(),
                            None,
                        ),
                        Some(ScaleKind::Text { max_length }) => {
                            ("text", Vec::new(), Some(*max_length))
                        }
                        None => ("text", Vec::new(), None),
                    };
                    ItemDto {
                        key: it.key.clone(),
                        statement: l.statement(&it.key).to_string(),
                        help: l.help(&it.key).map(str::to_string),
                        scale: it.scale.clone(),
                        scale_type: scale_type.into(),
                        options,
                        max_length,
                        groups: it.groups.clone(),
                        core: it.core,
                        required: it.required,
                    }
                })
                .collect(),
        })
        .collect()
}

pub fn scale_dtos(def: &Definition, l: &Localised) -> Vec<ScaleDto> {
    def.scales
        .iter()
        .map(|s| match &s.kind {
            ScaleKind::Ordinal { options } => ScaleDto {
                key: s.key.clone(),
                scale_type: "ordinal".into(),
                levels: options
                    .iter()
                    .map(|o| ScaleLevelDto {
                        value: o.value.clone(),
                        score: o.score,
                        label: l
                            .scale_label(&s.key, &o.value)
                            .unwrap_or(&o.value)
                            .to_string(),
                    })
                    .collect(),
            },
            ScaleKind::Text { .. } => ScaleDto {
                key: s.key.clone(),
                scale_type: "text".into(),
                levels: Vec::new(),
            },
        })
        .collect()
}

/// The levels of the version's first ordinal scale (e.g. A1–C2), labelled in one language.
pub fn first_ordinal_levels(def: &Definition, l: &Localised) -> Vec<ScaleLevelDto> {
    scale_dtos(def, l)
        .into_iter()
        .find(|s| s.scale_type == "ordinal")
        .map(|s| s.levels)
        .unwrap_or_default()
}

pub async fn get_version(
    db: &DatabaseConnection,
    key: &str,
    version: &str,
    lang: &str,
) -> ApiResult<VersionDto> {
    let (inst, v, def) = find_version(db, key, version).await?;
    let current = versions_of(db, inst.id)
        .await?
        .first()
        .is_some_and(|c| c.id == v.id);
    let (en, t) = texts_for(db, v.id, lang).await?;
    let (tr, _) = translations(db, &def, v.id).await?;
    let l = Localised {
        def: &def,
        en: &en,
        t: &t,
    };
    Ok(VersionDto {
        key: inst.key,
        kind: inst.kind,
        version: v.version.clone(),
        current,
        in_use: version_in_use(db, v.id).await?,
        language: t.language.clone(),
        title: l.title().to_string(),
        groups: def.groups.clone(),
        scales: scale_dtos(&def, &l),
        areas: localised_areas(&def, &l),
        translations: tr,
        definition: serde_json::to_value(&def).map_err(|e| ApiError::internal(e.to_string()))?,
    })
}

fn problems_to_422(ps: Vec<model::DefinitionProblem>) -> ApiError {
    let mut e = ApiError::validation(
        ps.into_iter()
            .map(|p| FieldError {
                field: p.path,
                code: "definition".into(),
                message: p.message,
            })
            .collect(),
    );
    e.detail = Some("The definition has problems; every one is listed.".into());
    e
}

fn parse_field<T: serde::de::DeserializeOwned>(field: &str, v: serde_json::Value) -> ApiResult<T> {
    serde_json::from_value(v).map_err(|e| ApiError::field(field, "format", e.to_string()))
}

/// Publish a new instrument, or a new version of an existing one (admins).
pub async fn publish(
    db: &DatabaseConnection,
    p: &Principal,
    body: PublishInstrument,
) -> ApiResult<VersionDto> {
    policy::must_allow(p, Action::InstrumentPublish)?;
    let def: Definition = parse_field("definition", body.definition)?;
    let mut texts = Vec::new();
    let mut errors = Vec::new();
    for (i, t) in body.texts.into_iter().enumerate() {
        match serde_json::from_value::<Texts>(t) {
            Ok(t) => texts.push(t),
            Err(e) => errors.push(FieldError {
                field: format!("texts[{i}]"),
                code: "format".into(),
                message: e.to_string(),
            }),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    model::validate(&def, &texts).map_err(problems_to_422)?;
    let txn = crate::db::write(db).await?;
    let mut log = Vec::new();
    let v = store_version(&txn, &def, &texts, "uploaded", Some(p.id()), &mut log).await?;
    audit::record(
        &txn,
        Actor::from(p),
        "instrument.publish",
        ("instrument_version", Some(v.id)),
        Where::default(),
        serde_json::json!({"key": def.key, "version": def.version}),
    )
    .await?;
    txn.commit().await?;
    get_version(db, &def.key, &def.version, "en").await
}

/// The texts of one language with what is missing.
pub async fn get_texts(
    db: &DatabaseConnection,
    key: &str,
    version: &str,
    lang: &str,
) -> ApiResult<(TextsDto, i32)> {
    let (_, v, def) = find_version(db, key, version).await?;
    let all = all_texts(db, v.id).await?;
    let en = all
        .iter()
        .find(|(r, _)| r.language == "en")
        .map(|(_, t)| t.clone())
        .ok_or_else(|| ApiError::internal("no English texts"))?;
    let (row, t) = all
        .into_iter()
        .find(|(r, _)| r.language == lang)
        .ok_or_else(|| ApiError::not_found("Translation"))?;
    let c = model::coverage(&def, &en, &t);
    Ok((
        TextsDto {
            texts: serde_json::to_value(&t).map_err(|e| ApiError::internal(e.to_string()))?,
            status: status_dto(&def, &en, &row, &t),
            missing: c.missing,
        },
        row.version,
    ))
}

/// Add or replace the texts of one language. This never makes a new version.
pub async fn put_texts(
    db: &DatabaseConnection,
    p: &Principal,
    key: &str,
    version: &str,
    lang: &str,
    body: PutTexts,
    expected: Option<i32>,
) -> ApiResult<(TextsDto, i32)> {
    policy::must_allow(p, Action::InstrumentTranslate)?;
    if !crate::platform::validate::language(lang) {
        return Err(ApiError::field(
            "language",
            "language",
            "Not a language code.",
        ));
    }
    let mut t: Texts = parse_field("texts", body.texts)?;
    t.language = lang.to_string();
    let txn = crate::db::write(db).await?;
    let (_, v, def) = find_version(&txn, key, version).await?;
    // Texts of one version change one save at a time (If-Match holds on PostgreSQL too).
    crate::db::lock::<instrument_version::Entity>(&txn, v.id).await?;
    let all = all_texts(&txn, v.id).await?;
    let mut set: Vec<Texts> = all
        .iter()
        .filter(|(r, _)| r.language == "en" && lang != "en")
        .map(|(_, x)| x.clone())
        .collect();
    set.push(t.clone());
    model::validate(&def, &set).map_err(problems_to_422)?;
    let (json, h) = texts_row(&t)?;
    let now = crate::db::now();
    let row = match all.into_iter().find(|(r, _)| r.language == lang) {
        Some((r, _)) => {
            etag::check(expected, r.version)?;
            let n = r.version + 1;
            repo::save_text(
                &txn,
                instrument_text::Model {
                    texts: json,
                    texts_hash: h,
                    status: crate::platform::enums::input("status", &t.status)?,
                    origin: "edited".into(),
                    updated_by: Some(p.id()),
                    updated_at: now,
                    version: n,
                    ..r
                },
                false,
            )
            .await?
        }
        None => {
            repo::save_text(
                &txn,
                instrument_text::Model {
                    id: Uuid::now_v7(),
                    version_id: v.id,
                    language: lang.to_string(),
                    status: crate::platform::enums::input("status", &t.status)?,
                    texts: json,
                    texts_hash: h,
                    origin: "edited".into(),
                    updated_by: Some(p.id()),
                    updated_at: now,
                    version: 1,
                },
                true,
            )
            .await?
        }
    };
    audit::record(
        &txn,
        Actor::from(p),
        "instrument.texts.put",
        ("instrument_texts", Some(row.id)),
        Where::default(),
        serde_json::json!({"key": key, "version": v.version, "language": lang, "status": t.status}),
    )
    .await?;
    txn.commit().await?;
    get_texts(db, key, &v.version, lang).await
}

/// Mark a translation draft or reviewed. Reviewed needs every English text translated.
pub async fn set_text_status(
    db: &DatabaseConnection,
    p: &Principal,
    key: &str,
    version: &str,
    lang: &str,
    status: &str,
    expected: Option<i32>,
) -> ApiResult<(TextsDto, i32)> {
    policy::must_allow(p, Action::InstrumentTranslate)?;
    let txn = crate::db::write(db).await?;
    let (_, v, def) = find_version(&txn, key, version).await?;
    // Texts of one version change one save at a time (If-Match holds on PostgreSQL too).
    crate::db::lock::<instrument_version::Entity>(&txn, v.id).await?;
    let all = all_texts(&txn, v.id).await?;
    let en = all
        .iter()
        .find(|(r, _)| r.language == "en")
        .map(|(_, t)| t.clone())
        .ok_or_else(|| ApiError::internal("no English texts"))?;
    let (row, t) = all
        .into_iter()
        .find(|(r, _)| r.language == lang)
        .ok_or_else(|| ApiError::not_found("Translation"))?;
    etag::check(expected, row.version)?;
    if status == "reviewed" {
        let c = model::coverage(&def, &en, &t);
        if !c.missing.is_empty() {
            return Err(ApiError::field(
                "status",
                "incomplete",
                format!(
                    "{} of {} texts are not translated yet (first: {}).",
                    c.missing.len(),
                    c.total,
                    c.missing[0]
                ),
            ));
        }
    }
    if row.status.as_str() != status {
        let n = row.version + 1;
        let id = row.id;
        repo::save_text(
            &txn,
            instrument_text::Model {
                status: crate::platform::enums::input("status", status)?,
                updated_by: Some(p.id()),
                updated_at: crate::db::now(),
                version: n,
                ..row
            },
            false,
        )
        .await?;
        audit::record(
            &txn,
            Actor::from(p),
            "instrument.texts.status",
            ("instrument_texts", Some(id)),
            Where::default(),
            serde_json::json!({"key": key, "version": v.version, "language": lang, "status": status}),
        )
        .await?;
    }
    txn.commit().await?;
    get_texts(db, key, &v.version, lang).await
}
