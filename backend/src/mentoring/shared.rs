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
use std::collections::BTreeSet;
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
    let prog = super::repo::programme(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Programme"))?;
    let schools = enrolled(db, id).await?;
    let keys: Vec<(Uuid, Uuid)> = schools.iter().map(|(_, s)| (s.id, s.hub_id)).collect();
    policy::must_see(policy::sees_programme(p, prog.hub_id, &keys), "Programme")?;
    let hub = load_hub(db, prog.hub_id).await?;
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
