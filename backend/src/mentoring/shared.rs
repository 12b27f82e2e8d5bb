//! What the mentoring sub-features share: loading a programme or an enrolment the caller
//! may see, the hub, the enrolled schools, hours against a target, and small JSON helpers.

pub(crate) use super::repo::{enrolled_in, load_hub};
use crate::auth::model::Principal;
use crate::auth::policy;
use crate::directory::entity::{hub, school};
use crate::error::{ApiError, ApiResult};
use crate::mentoring::dto::{HoursDto, LangQuery};
use crate::mentoring::entity::{enrolment, programme};
use crate::mentoring::model::{self, AgainstTarget};
use crate::state::Data;
use sea_orm::ConnectionTrait;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use uuid::Uuid;

pub(crate) fn json_list(s: &str) -> Vec<String> {
    serde_json::from_str(s).unwrap_or_default()
}

pub(crate) fn to_json(v: &impl serde::Serialize) -> String {
    serde_json::to_string(v).unwrap_or_else(|_| "[]".into())
}

/// Minutes as hours, and where they stand against a range (when one applies).
pub fn hours(minutes: u64, range: Option<(i32, i32)>) -> HoursDto {
    HoursDto {
        minutes,
        hours: (minutes as f64 / 60.0 * 100.0).round() / 100.0,
        against_target: range.map(|(lo, hi)| {
            match model::against(minutes, f64::from(lo), f64::from(hi)) {
                AgainstTarget::Below => "below",
                AgainstTarget::Within => "within",
                AgainstTarget::Above => "above",
            }
            .to_string()
        }),
    }
}

/// A programme's enrolments with their schools.
pub(crate) async fn enrolled(
    db: &impl ConnectionTrait,
    programme_id: Uuid,
) -> ApiResult<Vec<(enrolment::Model, school::Model)>> {
    Ok(enrolled_in(db, &[programme_id])
        .await?
        .remove(&programme_id)
        .unwrap_or_default())
}

pub(crate) struct LoadedProgramme {
    pub p: programme::Model,
    pub hub: hub::Model,
    pub schools: Vec<(enrolment::Model, school::Model)>,
}

/// The programme, 404 unless the caller sees it.
pub(crate) async fn visible_programme(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<LoadedProgramme> {
    let (prog, hub) = super::repo::programme_with_hub(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Programme"))?;
    let schools = enrolled(db, id).await?;
    let keys: Vec<(Uuid, Uuid)> = schools.iter().map(|(_, s)| (s.id, s.hub_id)).collect();
    policy::must_see(policy::sees_programme(p, prog.hub_id, &keys), "Programme")?;
    Ok(LoadedProgramme {
        p: prog,
        hub,
        schools,
    })
}

/// An enrolment with its programme, 404 unless the programme is visible.
pub(crate) async fn visible_enrolment(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<(LoadedProgramme, enrolment::Model, school::Model)> {
    let e = super::repo::enrolment(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Enrolment"))?;
    let l = visible_programme(db, p, e.programme_id)
        .await
        .map_err(|_| ApiError::not_found("Enrolment"))?;
    let s = l
        .schools
        .iter()
        .find(|(x, _)| x.id == e.id)
        .map(|(_, s)| s.clone())
        .ok_or_else(|| ApiError::not_found("Enrolment"))?;
    Ok((l, e, s))
}

/// Schools enrolled (and approved) in a programme, as ids.
pub(crate) fn approved_schools(l: &LoadedProgramme) -> BTreeSet<Uuid> {
    l.schools
        .iter()
        .filter(|(e, _)| e.approval == crate::mentoring::model::EnrolmentApproval::Approved)
        .map(|(_, s)| s.id)
        .collect()
}

pub(crate) fn lang(p: &Principal, q: &LangQuery) -> String {
    crate::platform::validate::text_language(p.locale(), q.lang.as_deref())
}

pub(crate) fn k(state: &Data) -> u64 {
    u64::from(state.config.anonymity_threshold)
}

/// A programme's final minutes (per relationship, and in all) as of an activity stamp.
pub struct ProgrammeSums {
    pub stamp: Uuid,
    pub per_relationship: BTreeMap<Uuid, u64>,
    pub total: u64,
}

/// Values kept per programme (or relationship) under the activity stamp they were read
/// after (migrations 19 and 21),
/// cleared when full. Every write to a programme's activities sets a new stamp in its own
/// transaction, so what was read after a stamp includes every write up to it (it may
/// include a newer write, which set another stamp: its readers read again).
/// Each server keeps its own copy and reads the stamp from the database on every use, so a
/// write through one server is seen by the others at once.
pub(crate) struct StampCache<T> {
    map: std::sync::Mutex<std::collections::HashMap<Uuid, (Uuid, Arc<T>)>>,
}

impl<T> StampCache<T> {
    /// Programmes or relationships at most (a country's, several times over; a few KB
    /// each).
    const SIZE: usize = 4096;

    pub(crate) fn new() -> Self {
        StampCache {
            map: Default::default(),
        }
    }

    pub(crate) fn get(&self, id: Uuid, stamp: Uuid) -> Option<Arc<T>> {
        let map = self.map.lock().ok()?;
        map.get(&id)
            .filter(|(s, _)| *s == stamp)
            .map(|(_, v)| v.clone())
    }

    pub(crate) fn put(&self, id: Uuid, stamp: Uuid, v: Arc<T>) {
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= Self::SIZE {
                map.clear();
            }
            map.insert(id, (stamp, v));
        }
    }
}

static PROGRAMME_SUMS: std::sync::LazyLock<StampCache<ProgrammeSums>> =
    std::sync::LazyLock::new(StampCache::new);
static MENTOR_SUMS: std::sync::LazyLock<StampCache<BTreeMap<Uuid, u64>>> =
    std::sync::LazyLock::new(StampCache::new);

/// The final minutes of programmes: their stamps in one statement, and those whose
/// activities changed since they were last added up in one more.
pub async fn programme_sums(
    db: &impl ConnectionTrait,
    programmes: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, Arc<ProgrammeSums>>> {
    let stamps =
        super::repo::activity_stamps(db, super::repo::Stamped::Programme, programmes).await?;
    let mut out = BTreeMap::new();
    let mut todo = Vec::new();
    for (id, stamp) in &stamps {
        match PROGRAMME_SUMS.get(*id, *stamp) {
            Some(s) => {
                out.insert(*id, s);
            }
            None => todo.push(*id),
        }
    }
    for (id, (per_relationship, total)) in super::repo::programme_minutes(db, &todo).await? {
        let stamp = stamps.get(&id).copied().unwrap_or_default();
        let s = Arc::new(ProgrammeSums {
            stamp,
            per_relationship,
            total,
        });
        PROGRAMME_SUMS.put(id, stamp, s.clone());
        out.insert(id, s);
    }
    Ok(out)
}

/// A programme's final minutes per mentor as of `stamp` (read by [`programme_sums`]).
pub async fn mentor_sums(
    db: &impl ConnectionTrait,
    programme: Uuid,
    stamp: Uuid,
) -> ApiResult<Arc<BTreeMap<Uuid, u64>>> {
    if let Some(s) = MENTOR_SUMS.get(programme, stamp) {
        return Ok(s);
    }
    let s = Arc::new(super::repo::mentor_minutes(db, programme).await?);
    MENTOR_SUMS.put(programme, stamp, s.clone());
    Ok(s)
}
