//! Needs mapping of an enrolled school (the "mapping needs" phase): the readiness campaign
//! it starts from, and structured findings on infrastructure and digital security against
//! the hub's checklist (item, state, note, priority), kept per cycle.

use crate::audit::service::{self as audit, Where};
use crate::auth::model::Principal;
use crate::auth::policy;
use crate::campaigns::entity::campaign;
use crate::directory::entity::school;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::mentoring::entity::{enrolment, finding, programme};
use crate::mentoring::lists::service::{LIST, checklist_of, is_default};
use crate::mentoring::model::{FindingState, NeedsPriority, NeedsTopic};
use crate::mentoring::needs::dto::{
    CampaignOptionDto, FindingDto, FindingIn, NeedsAreaDto, NeedsCampaignDto, NeedsDto,
    NeedsFocusDto, NeedsItemDto, NeedsPut, NeedsSummaryDto,
};
use crate::mentoring::shared::{LoadedProgramme, visible_enrolment};
use crate::platform::dates::parse_day;
use crate::platform::enums::input as from_input;
use crate::platform::etag;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use std::collections::BTreeSet;
use uuid::Uuid;

async fn checklist(db: &impl ConnectionTrait, hub_id: Uuid) -> ApiResult<Vec<NeedsItemDto>> {
    let own = crate::mentoring::lists::repo::values(db, hub_id, Some(LIST)).await?;
    Ok(checklist_of(&own))
}

use super::repo::findings_of;

fn finding_dto(f: &finding::Model) -> FindingDto {
    FindingDto {
        topic: f.topic,
        item: f.item.clone(),
        custom: !is_default(f.topic.as_str(), &f.item),
        state: f.state,
        note: f.note.clone(),
        priority: f.priority,
    }
}

/// Counts by state, and the high-priority items not in place.
pub(crate) fn summarise(findings: &[finding::Model]) -> NeedsSummaryDto {
    let mut s = NeedsSummaryDto::default();
    for f in findings {
        s.recorded += 1;
        match f.state {
            FindingState::InPlace => s.in_place += 1,
            FindingState::Partial => s.partial += 1,
            FindingState::Missing => s.missing += 1,
            FindingState::Unknown => s.unknown += 1,
        }
        if f.priority == NeedsPriority::High && f.state != FindingState::InPlace {
            s.open_high += 1;
        }
    }
    s
}

/// (sees, edits) the school's needs mapping.
async fn access(
    db: &impl ConnectionTrait,
    p: &Principal,
    programme_hub: Uuid,
    s: &school::Model,
) -> ApiResult<(bool, bool)> {
    let mentors = crate::mentoring::plans::service::mentors_school(db, p, s.id).await?;
    Ok((
        policy::sees_needs(p, programme_hub, s.id, s.hub_id, mentors),
        policy::edits_needs(p, programme_hub, s.id, mentors),
    ))
}

/// The summary for the programme board, for those who see the findings.
pub(crate) async fn summary_for(
    db: &impl ConnectionTrait,
    p: &Principal,
    prog: &programme::Model,
    e: &enrolment::Model,
    s: &school::Model,
) -> ApiResult<Option<NeedsSummaryDto>> {
    let (sees, _) = access(db, p, prog.hub_id, s).await?;
    if !sees {
        return Ok(None);
    }
    Ok(Some(summarise(&findings_of(db, e.id, e.cycle).await?)))
}

/// The summaries of many enrolments of one programme (the board), in a fixed number of
/// statements: `None` for those whose findings the caller does not see.
pub(crate) async fn summaries_for(
    db: &impl ConnectionTrait,
    p: &Principal,
    prog: &programme::Model,
    enrolments: &[(enrolment::Model, school::Model)],
) -> ApiResult<std::collections::BTreeMap<Uuid, NeedsSummaryDto>> {
    // Whom the caller mentors matters only for schools their roles do not already show
    // (a hub's coordinator sees every school of the board: nothing to read).
    let mentored = if enrolments
        .iter()
        .all(|(_, s)| policy::sees_needs(p, prog.hub_id, s.id, s.hub_id, false))
    {
        Default::default()
    } else {
        crate::mentoring::plans::service::schools_mentored(db, p).await?
    };
    let seen: std::collections::BTreeMap<Uuid, i32> = enrolments
        .iter()
        .filter(|(_, s)| {
            policy::sees_needs(p, prog.hub_id, s.id, s.hub_id, mentored.contains(&s.id))
        })
        .map(|(e, _)| (e.id, e.cycle))
        .collect();
    let mut out: std::collections::BTreeMap<Uuid, Vec<finding::Model>> =
        seen.keys().map(|id| (*id, Vec::new())).collect();
    if !seen.is_empty() {
        let ids: Vec<Uuid> = seen.keys().copied().collect();
        for f in super::repo::findings_of_many(db, &ids).await? {
            if seen.get(&f.enrolment_id) == Some(&f.cycle) {
                out.entry(f.enrolment_id).or_default().push(f);
            }
        }
    }
    Ok(out.into_iter().map(|(id, f)| (id, summarise(&f))).collect())
}

async fn campaign_dto(
    db: &impl ConnectionTrait,
    p: &Principal,
    c: campaign::Model,
    s: &school::Model,
    lang: &str,
    k: u64,
) -> ApiResult<NeedsCampaignDto> {
    let closes_on = parse_day(&c.closes_on)?;
    let mut out = NeedsCampaignDto {
        id: c.id,
        name: c.name.clone(),
        closes_on,
        results_visible: false,
        areas: vec![],
        focus: vec![],
    };
    if !crate::campaigns::service::sees(p, &c, s) {
        return Ok(out);
    }
    out.results_visible = true;
    let titles = crate::campaigns::service::area_titles(db, c.clone(), lang).await?;
    let means = crate::campaigns::service::area_means(db, c.clone(), k).await?;
    out.areas = titles
        .iter()
        .filter_map(|(key, title)| {
            means.areas.get(key).map(|m| NeedsAreaDto {
                key: key.clone(),
                title: title.clone(),
                mean: *m,
            })
        })
        .collect();
    out.focus = crate::campaigns::service::focus_items(db, c, lang, k)
        .await?
        .into_iter()
        .map(|f| NeedsFocusDto {
            item: f.item,
            area: f.area,
            statement: f.statement,
            area_mean: f.area_mean,
        })
        .collect();
    Ok(out)
}

/// The school's campaigns the caller sees, newest first.
async fn campaign_options(
    db: &impl ConnectionTrait,
    p: &Principal,
    s: &school::Model,
) -> ApiResult<Vec<campaign::Model>> {
    Ok(crate::campaigns::repo::of_school(db, s.id)
        .await?
        .into_iter()
        .filter(|c| crate::campaigns::service::sees(p, c, s))
        .collect())
}

struct View<'a> {
    l: &'a LoadedProgramme,
    e: &'a enrolment::Model,
    s: &'a school::Model,
    edits: bool,
}

async fn to_dto(
    db: &impl ConnectionTrait,
    p: &Principal,
    v: View<'_>,
    lang: &str,
    k: u64,
) -> ApiResult<NeedsDto> {
    let current = findings_of(db, v.e.id, v.e.cycle).await?;
    let previous = if v.e.cycle > 1 {
        findings_of(db, v.e.id, v.e.cycle - 1).await?
    } else {
        vec![]
    };
    let campaign = match v.e.needs_campaign_id {
        Some(cid) => match crate::campaigns::repo::campaign(db, cid).await? {
            Some(c) => Some(campaign_dto(db, p, c, v.s, lang, k).await?),
            None => None,
        },
        None => None,
    };
    let mut campaigns = Vec::new();
    for c in campaign_options(db, p, v.s).await? {
        campaigns.push(CampaignOptionDto {
            id: c.id,
            name: c.name.clone(),
            closes_on: parse_day(&c.closes_on)?,
        });
    }
    Ok(NeedsDto {
        enrolment_id: v.e.id,
        programme_id: v.l.p.id,
        programme_name: v.l.p.name.clone(),
        hub_id: v.l.p.hub_id,
        school_id: v.s.id,
        school_name: v.s.name.clone(),
        cycle: u32::try_from(v.e.cycle).unwrap_or(1),
        campaign,
        campaigns,
        checklist: checklist(db, v.l.p.hub_id).await?,
        summary: summarise(&current),
        findings: current.iter().map(finding_dto).collect(),
        previous: previous.iter().map(finding_dto).collect(),
        can_edit: v.edits,
        etag_version: v.e.needs_version,
    })
}

pub async fn get(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    lang: &str,
    k: u64,
) -> ApiResult<NeedsDto> {
    let (l, e, s) = visible_enrolment(db, p, id).await?;
    let (sees, edits) = access(db, p, l.p.hub_id, &s).await?;
    if !sees {
        return Err(ApiError::forbidden(
            "The needs mapping is for the programme's coordinators, the school and its mentors.",
        ));
    }
    to_dto(
        db,
        p,
        View {
            l: &l,
            e: &e,
            s: &s,
            edits,
        },
        lang,
        k,
    )
    .await
}

/// Each finding names an item of the hub's checklist for its topic (or one this cycle
/// already recorded, should the hub have removed it from its list since), once.
fn check_items(
    checklist: &[NeedsItemDto],
    recorded: &[finding::Model],
    findings: &[FindingIn],
) -> ApiResult<()> {
    let mut errs = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, f) in findings.iter().enumerate() {
        let item = f.item.trim();
        let known = checklist
            .iter()
            .any(|c| c.topic == f.topic && c.item == item)
            || recorded
                .iter()
                .any(|r| r.topic.as_str() == f.topic && r.item == item);
        if !known {
            errs.push(FieldError {
                field: format!("findings.{i}.item"),
                code: "unknown".into(),
                message: "Not an item of the hub's checklist for this topic.".into(),
            });
        } else if !seen.insert((f.topic.as_str(), item)) {
            errs.push(FieldError {
                field: format!("findings.{i}.item"),
                code: "duplicate".into(),
                message: "This item is already in the list.".into(),
            });
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errs))
    }
}

/// Save the needs mapping of the current cycle as a whole (the programme's coordinators,
/// the school's leaders and mentors).
pub async fn put(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: NeedsPut,
    lang: &str,
    k: u64,
) -> ApiResult<NeedsDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<enrolment::Entity>(&txn, id).await?;
    let (l, e, s) = visible_enrolment(&txn, p, id).await?;
    let (sees, edits) = access(&txn, p, l.p.hub_id, &s).await?;
    if !edits {
        return Err(ApiError::forbidden(if sees {
            "Only the programme's coordinators, the school's leaders and its mentors record the needs mapping."
        } else {
            "The needs mapping is for the programme's coordinators, the school and its mentors."
        }));
    }
    if e.approval != crate::mentoring::model::EnrolmentApproval::Approved {
        return Err(ApiError::conflict(
            ErrorCode::EnrolmentNotApproved,
            "The school's own hub has not approved its enrolment yet.",
        ));
    }
    etag::check(expected, e.needs_version)?;
    // A campaign of this school that the caller sees; one already linked may stay.
    if let Some(cid) = input.campaign_id
        && Some(cid) != e.needs_campaign_id
    {
        let ok = crate::campaigns::repo::campaign(&txn, cid)
            .await?
            .is_some_and(|c| c.school_id == s.id && crate::campaigns::service::sees(p, &c, &s));
        if !ok {
            return Err(ApiError::field(
                "campaign_id",
                "not_found",
                "No such campaign of this school (or its report is not shared with you).",
            ));
        }
    }
    let list = checklist(&txn, l.p.hub_id).await?;
    let recorded = findings_of(&txn, e.id, e.cycle).await?;
    check_items(&list, &recorded, &input.findings)?;
    let mut rows = Vec::with_capacity(input.findings.len());
    for (i, f) in input.findings.iter().enumerate() {
        rows.push(finding::Model {
            id: Uuid::now_v7(),
            enrolment_id: e.id,
            cycle: e.cycle,
            topic: from_input::<NeedsTopic>(&format!("findings.{i}.topic"), &f.topic)?,
            item: f.item.trim().to_string(),
            state: from_input::<FindingState>(&format!("findings.{i}.state"), &f.state)?,
            note: f
                .note
                .as_deref()
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            priority: from_input::<NeedsPriority>(&format!("findings.{i}.priority"), &f.priority)?,
            position: i32::try_from(i).unwrap_or(i32::MAX),
        });
    }
    super::repo::replace_findings(&txn, e.id, e.cycle, rows).await?;
    let e = super::repo::set_needs(&txn, &e, input.campaign_id).await?;
    let saved = findings_of(&txn, e.id, e.cycle).await?;
    let summary = summarise(&saved);
    audit::record(
        &txn,
        p.into(),
        "programme.needs_recorded",
        ("programme", Some(l.p.id)),
        Where {
            hub_id: Some(l.p.hub_id),
            school_id: Some(s.id),
        },
        json!({
            "school": s.name,
            "cycle": e.cycle,
            "findings": summary.recorded,
            "missing": summary.missing,
            "open_high": summary.open_high,
            "campaign": input.campaign_id,
        }),
    )
    .await?;
    let dto = to_dto(
        &txn,
        p,
        View {
            l: &l,
            e: &e,
            s: &s,
            edits,
        },
        lang,
        k,
    )
    .await?;
    txn.commit().await?;
    Ok(dto)
}
