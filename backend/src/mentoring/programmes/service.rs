//! Programmes of a hub: enrolled schools with their roles and the seven phases of the
//! whole-school mentoring model.

use super::repo;
use crate::audit::service::{self as audit, Where};
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::directory::entity::school;
use crate::error::{ApiError, ApiResult, ErrorCode, is_unique_violation};
use crate::mentoring::entity::{enrolment, phase, programme, relationship};
use crate::mentoring::lists::service::check_method;
use crate::mentoring::model::{self, EnrolmentApproval, PHASES, Phase, PhaseStatus, SchoolRole};
use crate::mentoring::programmes::dto::{
    EnrolmentCreate, EnrolmentDto, PhaseDto, PhasePut, ProgrammeCreate, ProgrammeDto,
    ProgrammePatch, ProgrammeQuery, SchoolOptionDto, TrainingTargets,
};
use crate::mentoring::relationships::service::relationship_minutes;
use crate::mentoring::shared::{
    LoadedProgramme, enrolled_in, hours, to_json, visible_enrolment, visible_programme,
};
use crate::platform::dates::{day, parse_day};
use crate::platform::enums::input as from_input;
use crate::platform::etag;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

pub(crate) fn programme_dto(p: &Principal, l: &LoadedProgramme) -> ApiResult<ProgrammeDto> {
    let targets: TrainingTargets = serde_json::from_str(&l.p.training_targets).unwrap_or_default();
    Ok(ProgrammeDto {
        id: l.p.id,
        hub_id: l.p.hub_id,
        hub_name: l.hub.name.clone(),
        name: l.p.name.clone(),
        method: l.p.method.clone(),
        description: l.p.description.clone(),
        starts_on: parse_day(&l.p.starts_on)?,
        ends_on: parse_day(&l.p.ends_on)?,
        mentoring_min_hours: u32::try_from(l.p.mentoring_min_hours).unwrap_or(0),
        mentoring_max_hours: u32::try_from(l.p.mentoring_max_hours).unwrap_or(0),
        training_targets: targets,
        schools: l.schools.len() as u64,
        manages: policy::allows(p, Action::ProgrammeManage { hub: l.p.hub_id }),
        created_at: l.p.created_at,
        etag_version: l.p.version,
    })
}

pub(crate) fn check_dates_and_range(
    starts: NaiveDate,
    ends: NaiveDate,
    lo: u32,
    hi: u32,
) -> ApiResult<()> {
    let mut errs = Vec::new();
    if ends < starts {
        errs.push(crate::error::FieldError {
            field: "ends_on".into(),
            code: "date_order".into(),
            message: "The programme cannot end before it starts.".into(),
        });
    }
    if hi < lo {
        errs.push(crate::error::FieldError {
            field: "mentoring_max_hours".into(),
            code: "range_order".into(),
            message: "The upper end of the range must not be below the lower end.".into(),
        });
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errs))
    }
}

pub async fn create_programme(
    db: &DatabaseConnection,
    p: &Principal,
    input: ProgrammeCreate,
) -> ApiResult<ProgrammeDto> {
    let hub = crate::directory::service::find_visible_hub(db, p, input.hub_id)
        .await
        .map_err(|_| ApiError::field("hub_id", "not_found", "No such hub."))?;
    policy::must_allow(p, Action::ProgrammeCreate { hub: hub.id })?;
    check_dates_and_range(
        input.starts_on,
        input.ends_on,
        input.mentoring_min_hours,
        input.mentoring_max_hours,
    )?;
    let txn = crate::db::write(db).await?;
    check_method(&txn, hub.id, &input.method).await?;
    let now = crate::db::now();
    let id = Uuid::now_v7();
    let m = repo::insert_programme(
        &txn,
        programme::Model {
            id,
            hub_id: hub.id,
            name: input.name.trim().to_string(),
            method: input.method,
            description: input.description.filter(|d| !d.trim().is_empty()),
            starts_on: day(input.starts_on),
            ends_on: day(input.ends_on),
            mentoring_min_hours: i32::try_from(input.mentoring_min_hours).unwrap_or(0),
            mentoring_max_hours: i32::try_from(input.mentoring_max_hours).unwrap_or(0),
            training_targets: to_json(&input.training_targets),
            created_by: p.id(),
            created_at: now,
            updated_at: now,
            version: 1,
        },
    )
    .await?;
    audit::record(
        &txn,
        p.into(),
        "programme.created",
        ("programme", Some(id)),
        Where {
            hub_id: Some(hub.id),
            school_id: None,
        },
        json!({"name": m.name}),
    )
    .await?;
    txn.commit().await?;
    programme_dto(
        p,
        &LoadedProgramme {
            p: m,
            hub,
            schools: vec![],
        },
    )
}

pub async fn list_programmes(
    db: &DatabaseConnection,
    p: &Principal,
    q: &ProgrammeQuery,
) -> ApiResult<Vec<ProgrammeDto>> {
    // Candidate programmes: of hubs the caller coordinates or mentors in, and those in
    // which a school the caller works at (or one of a hub they coordinate) is enrolled.
    let reach = policy::programme_reach(p);
    let rows = repo::candidates(
        db,
        (!reach.all).then_some((reach.hubs, reach.schools)),
        q.hub_id,
    )
    .await?;
    // Enrolments, schools and hubs of the whole list in three statements.
    let ids: Vec<Uuid> = rows.iter().map(|x| x.id).collect();
    let mut enrolments = enrolled_in(db, &ids).await?;
    let hub_ids: BTreeSet<Uuid> = rows.iter().map(|x| x.hub_id).collect();
    let hubs = repo::hubs(db, Some(hub_ids.into_iter().collect())).await?;
    let mut out = Vec::new();
    for prog in rows {
        let schools = enrolments.remove(&prog.id).unwrap_or_default();
        let keys: Vec<(Uuid, Uuid)> = schools.iter().map(|(_, s)| (s.id, s.hub_id)).collect();
        if !policy::sees_programme(p, prog.hub_id, &keys) {
            continue;
        }
        let hub = hubs
            .get(&prog.hub_id)
            .cloned()
            .ok_or_else(|| ApiError::not_found("Hub"))?;
        out.push(programme_dto(
            p,
            &LoadedProgramme {
                p: prog,
                hub,
                schools,
            },
        )?);
    }
    Ok(out)
}

pub async fn get_programme(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
) -> ApiResult<ProgrammeDto> {
    let l = visible_programme(db, p, id).await?;
    programme_dto(p, &l)
}

pub async fn update_programme(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: ProgrammePatch,
) -> ApiResult<ProgrammeDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<programme::Entity>(&txn, id).await?;
    let mut l = visible_programme(&txn, p, id).await?;
    policy::must_allow(p, Action::ProgrammeManage { hub: l.p.hub_id })?;
    etag::check(expected, l.p.version)?;
    let starts = input.starts_on.unwrap_or(parse_day(&l.p.starts_on)?);
    let ends = input.ends_on.unwrap_or(parse_day(&l.p.ends_on)?);
    let lo = input
        .mentoring_min_hours
        .unwrap_or(u32::try_from(l.p.mentoring_min_hours).unwrap_or(0));
    let hi = input
        .mentoring_max_hours
        .unwrap_or(u32::try_from(l.p.mentoring_max_hours).unwrap_or(0));
    check_dates_and_range(starts, ends, lo, hi)?;
    if let Some(m) = &input.method {
        check_method(&txn, l.p.hub_id, m).await?;
    }
    let mut m = l.p.clone();
    if let Some(n) = input.name {
        m.name = n.trim().to_string();
    }
    if let Some(x) = input.method {
        m.method = x;
    }
    if let Some(d) = input.description {
        m.description = Some(d).filter(|d| !d.trim().is_empty());
    }
    if let Some(t) = input.training_targets {
        m.training_targets = to_json(&t);
    }
    m.starts_on = day(starts);
    m.ends_on = day(ends);
    m.mentoring_min_hours = i32::try_from(lo).unwrap_or(0);
    m.mentoring_max_hours = i32::try_from(hi).unwrap_or(0);
    m.updated_at = crate::db::now();
    m.version = l.p.version + 1;
    l.p = repo::update_programme(&txn, m).await?;
    audit::record(
        &txn,
        p.into(),
        "programme.updated",
        ("programme", Some(id)),
        Where {
            hub_id: Some(l.p.hub_id),
            school_id: None,
        },
        json!({}),
    )
    .await?;
    txn.commit().await?;
    programme_dto(p, &l)
}

pub(crate) async fn phases_of(
    db: &impl ConnectionTrait,
    e: &enrolment::Model,
) -> ApiResult<Vec<PhaseDto>> {
    phase_dtos(&repo::phases(db, e.id, e.cycle).await?)
}

/// The phases of many enrolments (their current cycles), in one statement.
pub(crate) async fn phases_of_many(
    db: &impl ConnectionTrait,
    enrolments: &[&enrolment::Model],
) -> ApiResult<BTreeMap<Uuid, Vec<phase::Model>>> {
    let cycles: BTreeMap<Uuid, i32> = enrolments.iter().map(|e| (e.id, e.cycle)).collect();
    let mut out: BTreeMap<Uuid, Vec<phase::Model>> = BTreeMap::new();
    if cycles.is_empty() {
        return Ok(out);
    }
    let ids: Vec<Uuid> = cycles.keys().copied().collect();
    for r in repo::phases_of_many(db, &ids).await? {
        if cycles.get(&r.enrolment_id) == Some(&r.cycle) {
            out.entry(r.enrolment_id).or_default().push(r);
        }
    }
    Ok(out)
}

pub(crate) fn phase_dtos(rows: &[phase::Model]) -> ApiResult<Vec<PhaseDto>> {
    let rows: BTreeMap<Phase, &phase::Model> = rows.iter().map(|r| (r.phase, r)).collect();
    Phase::ALL
        .iter()
        .map(|k| {
            let r = rows.get(k);
            Ok(PhaseDto {
                phase: *k,
                status: r.map_or(PhaseStatus::NotStarted, |r| r.status),
                started_on: r
                    .and_then(|r| r.started_on.as_deref())
                    .map(parse_day)
                    .transpose()?,
                finished_on: r
                    .and_then(|r| r.finished_on.as_deref())
                    .map(parse_day)
                    .transpose()?,
                notes: r.and_then(|r| r.notes.clone()),
            })
        })
        .collect()
}

pub(crate) async fn enrolment_dto(
    db: &impl ConnectionTrait,
    p: &Principal,
    prog: &programme::Model,
    e: &enrolment::Model,
    s: &school::Model,
    mentee_minutes: &BTreeMap<Uuid, u64>,
) -> ApiResult<EnrolmentDto> {
    let phases = phases_of(db, e).await?;
    let needs = crate::mentoring::needs::service::summary_for(db, p, prog, e, s).await?;
    enrolment_dto_of(p, prog, e, s, mentee_minutes, phases, needs)
}

pub(crate) fn enrolment_dto_of(
    p: &Principal,
    prog: &programme::Model,
    e: &enrolment::Model,
    s: &school::Model,
    mentee_minutes: &BTreeMap<Uuid, u64>,
    phases: Vec<PhaseDto>,
    needs: Option<crate::mentoring::needs::dto::NeedsSummaryDto>,
) -> ApiResult<EnrolmentDto> {
    let statuses: BTreeMap<String, PhaseStatus> = phases
        .iter()
        .map(|ph| (ph.phase.as_str().to_string(), ph.status))
        .collect();
    let can_edit = policy::allows(
        p,
        Action::EnrolmentEdit {
            programme_hub: prog.hub_id,
            school: s.id,
        },
    );
    let range = (e.role == SchoolRole::MenteeSchool)
        .then_some((prog.mentoring_min_hours, prog.mentoring_max_hours));
    Ok(EnrolmentDto {
        id: e.id,
        programme_id: e.programme_id,
        school_id: s.id,
        school_name: s.name.clone(),
        hub_id: s.hub_id,
        role: e.role,
        approval: e.approval,
        cycle: u32::try_from(e.cycle).unwrap_or(1),
        phases,
        mentoring: hours(mentee_minutes.get(&s.id).copied().unwrap_or(0), range),
        can_edit,
        can_start_cycle: can_edit && model::may_start_new_cycle(&statuses),
        needs,
    })
}

pub async fn enrol_school(
    db: &DatabaseConnection,
    p: &Principal,
    programme_id: Uuid,
    input: EnrolmentCreate,
) -> ApiResult<EnrolmentDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<programme::Entity>(&txn, programme_id).await?;
    let l = visible_programme(&txn, p, programme_id).await?;
    policy::must_allow(p, Action::ProgrammeManage { hub: l.p.hub_id })?;
    let s = crate::directory::repo::school(&txn, input.school_id)
        .await?
        .ok_or_else(|| ApiError::field("school_id", "not_found", "No such school."))?;
    // A school of another hub joins once that hub's coordinators approve.
    let approval = if s.hub_id == l.p.hub_id
        || policy::allows(
            p,
            Action::EnrolmentApprove {
                school_hub: s.hub_id,
            },
        ) {
        EnrolmentApproval::Approved
    } else {
        EnrolmentApproval::Pending
    };
    let id = Uuid::now_v7();
    let e = repo::insert_enrolment(
        &txn,
        enrolment::Model {
            id,
            programme_id,
            school_id: s.id,
            role: from_input::<SchoolRole>("role", &input.role)?,
            approval,
            cycle: 1,
            needs_campaign_id: None,
            needs_version: 1,
            created_at: crate::db::now(),
        },
    )
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::conflict(
                ErrorCode::AlreadyEnrolled,
                "This school is already enrolled in the programme.",
            )
        } else {
            e.into()
        }
    })?;
    audit::record(
        &txn,
        p.into(),
        "programme.school_enrolled",
        ("programme", Some(programme_id)),
        Where {
            hub_id: Some(l.p.hub_id),
            school_id: Some(s.id),
        },
        json!({"school": s.name, "role": input.role, "approval": approval}),
    )
    .await?;
    // The school's own hub decides: its coordinators are told that a school of theirs
    // waits for their approval.
    if approval == EnrolmentApproval::Pending {
        let coordinators = crate::mentoring::activities::repo::hub_grants(
            &txn,
            s.hub_id,
            &[crate::auth::model::Role::HubCoordinator],
        )
        .await?
        .into_iter()
        .map(|g| g.person_id)
        .collect::<Vec<_>>();
        let title = format!("{} · {}", l.p.name, s.name);
        for c in coordinators {
            crate::notifications::send(
                &txn,
                c,
                "enrolment_pending",
                &title,
                &format!("/mentoring/programmes/{programme_id}"),
            )
            .await?;
        }
    }
    let dto = enrolment_dto(&txn, p, &l.p, &e, &s, &BTreeMap::new()).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Schools the programme's coordinators may still enrol: those of its hub first, then
/// other hubs' (which join once their hub approves), by hub and name. Only names leave.
pub async fn school_options(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
) -> ApiResult<Vec<SchoolOptionDto>> {
    let l = visible_programme(db, p, id).await?;
    policy::must_allow(p, Action::ProgrammeManage { hub: l.p.hub_id })?;
    let enrolled: BTreeSet<Uuid> = l.schools.iter().map(|(_, s)| s.id).collect();
    let hubs: BTreeMap<Uuid, String> = repo::hubs(db, None)
        .await?
        .into_iter()
        .map(|(id, h)| (id, h.name))
        .collect();
    let mut out: Vec<SchoolOptionDto> = repo::all_schools(db)
        .await?
        .into_iter()
        .filter(|s| !enrolled.contains(&s.id))
        .map(|s| SchoolOptionDto {
            needs_approval: s.hub_id != l.p.hub_id
                && !policy::allows(
                    p,
                    Action::EnrolmentApprove {
                        school_hub: s.hub_id,
                    },
                ),
            hub_name: hubs.get(&s.hub_id).cloned().unwrap_or_default(),
            id: s.id,
            name: s.name,
            hub_id: s.hub_id,
        })
        .collect();
    out.sort_by(|a, b| {
        (a.hub_id != l.p.hub_id)
            .cmp(&(b.hub_id != l.p.hub_id))
            .then(a.hub_name.cmp(&b.hub_name))
    });
    Ok(out)
}

pub async fn get_enrolment(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
) -> ApiResult<EnrolmentDto> {
    let (l, e, s) = visible_enrolment(db, p, id).await?;
    let minutes = mentee_school_minutes(db, l.p.id).await?;
    enrolment_dto(db, p, &l.p, &e, &s, &minutes).await
}

pub async fn remove_enrolment(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<enrolment::Entity>(&txn, id).await?;
    let (l, e, s) = visible_enrolment(&txn, p, id).await?;
    policy::must_allow(p, Action::ProgrammeManage { hub: l.p.hub_id })?;
    repo::delete_enrolment(&txn, e.id).await?;
    audit::record(
        &txn,
        p.into(),
        "programme.school_removed",
        ("programme", Some(l.p.id)),
        Where {
            hub_id: Some(l.p.hub_id),
            school_id: Some(s.id),
        },
        json!({"school": s.name}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The school's own hub approves that it joins another hub's programme.
pub async fn approve_enrolment(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
) -> ApiResult<EnrolmentDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<enrolment::Entity>(&txn, id).await?;
    let (l, e, s) = visible_enrolment(&txn, p, id).await?;
    policy::must_allow(
        p,
        Action::EnrolmentApprove {
            school_hub: s.hub_id,
        },
    )?;
    let e = repo::update_enrolment(
        &txn,
        enrolment::Model {
            approval: EnrolmentApproval::Approved,
            ..e
        },
    )
    .await?;
    audit::record(
        &txn,
        p.into(),
        "programme.enrolment_approved",
        ("programme", Some(l.p.id)),
        Where {
            hub_id: Some(s.hub_id),
            school_id: Some(s.id),
        },
        json!({"school": s.name, "programme": l.p.name}),
    )
    .await?;
    let minutes = mentee_school_minutes(&txn, l.p.id).await?;
    let dto = enrolment_dto(&txn, p, &l.p, &e, &s, &minutes).await?;
    txn.commit().await?;
    Ok(dto)
}

pub async fn put_phase(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    phase_key: &str,
    input: PhasePut,
) -> ApiResult<EnrolmentDto> {
    if !PHASES.contains(&phase_key) {
        return Err(ApiError::not_found("Phase"));
    }
    if PhaseStatus::parse(&input.status).is_none() {
        return Err(ApiError::field(
            "status",
            "status",
            "Must be not_started, in_progress, done or skipped.",
        ));
    }
    if let (Some(a), Some(b)) = (input.started_on, input.finished_on)
        && b < a
    {
        return Err(ApiError::field(
            "finished_on",
            "date_order",
            "A phase cannot finish before it starts.",
        ));
    }
    let txn = crate::db::write(db).await?;
    crate::db::lock::<enrolment::Entity>(&txn, id).await?;
    let (l, e, s) = visible_enrolment(&txn, p, id).await?;
    policy::must_allow(
        p,
        Action::EnrolmentEdit {
            programme_hub: l.p.hub_id,
            school: s.id,
        },
    )?;
    let which = from_input::<Phase>("phase", phase_key)?;
    let existing = repo::phase(&txn, e.id, e.cycle, which).await?;
    let new = existing.is_none();
    let row = phase::Model {
        status: from_input::<PhaseStatus>("status", &input.status)?,
        started_on: input.started_on.map(day),
        finished_on: input.finished_on.map(day),
        notes: input.notes.filter(|n| !n.trim().is_empty()),
        updated_by: Some(p.id()),
        updated_at: crate::db::now(),
        ..existing.unwrap_or(phase::Model {
            id: Uuid::now_v7(),
            enrolment_id: e.id,
            cycle: e.cycle,
            phase: which,
            status: PhaseStatus::NotStarted,
            started_on: None,
            finished_on: None,
            notes: None,
            updated_by: None,
            updated_at: crate::db::now(),
        })
    };
    repo::save_phase(&txn, row, new).await?;
    audit::record(
        &txn,
        p.into(),
        "programme.phase_updated",
        ("programme", Some(l.p.id)),
        Where {
            hub_id: Some(l.p.hub_id),
            school_id: Some(s.id),
        },
        json!({"school": s.name, "cycle": e.cycle, "phase": phase_key, "status": input.status}),
    )
    .await?;
    let minutes = mentee_school_minutes(&txn, l.p.id).await?;
    let dto = enrolment_dto(&txn, p, &l.p, &e, &s, &minutes).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Start the next cycle of the process model once reflection is done (409 otherwise).
pub async fn start_cycle(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
) -> ApiResult<EnrolmentDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<enrolment::Entity>(&txn, id).await?;
    let (l, e, s) = visible_enrolment(&txn, p, id).await?;
    policy::must_allow(
        p,
        Action::EnrolmentEdit {
            programme_hub: l.p.hub_id,
            school: s.id,
        },
    )?;
    let statuses: BTreeMap<String, PhaseStatus> = phases_of(&txn, &e)
        .await?
        .iter()
        .map(|ph| (ph.phase.as_str().to_string(), ph.status))
        .collect();
    if !model::may_start_new_cycle(&statuses) {
        return Err(ApiError::conflict(
            ErrorCode::CycleNotFinished,
            "A new cycle starts once the reflection phase is done.",
        ));
    }
    let e = repo::update_enrolment(
        &txn,
        enrolment::Model {
            cycle: e.cycle + 1,
            ..e
        },
    )
    .await?;
    audit::record(
        &txn,
        p.into(),
        "programme.cycle_started",
        ("programme", Some(l.p.id)),
        Where {
            hub_id: Some(l.p.hub_id),
            school_id: Some(s.id),
        },
        json!({"school": s.name, "cycle": e.cycle}),
    )
    .await?;
    let minutes = mentee_school_minutes(&txn, l.p.id).await?;
    let dto = enrolment_dto(&txn, p, &l.p, &e, &s, &minutes).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Minutes per mentee school of a programme: the final activities of relationships in
/// which the school or its staff are mentees, each activity once per school.
pub(crate) async fn mentee_school_minutes(
    db: &impl ConnectionTrait,
    programme_id: Uuid,
) -> ApiResult<BTreeMap<Uuid, u64>> {
    let rels: Vec<Uuid> = programme_relationships(db, programme_id)
        .await?
        .iter()
        .map(|r| r.id)
        .collect();
    let per_rel = relationship_minutes(db, &rels).await?;
    mentee_school_minutes_of(db, &rels, &per_rel).await
}

/// Minutes per mentee school from the minutes of the programme's relationships.
pub(crate) async fn mentee_school_minutes_of(
    db: &impl ConnectionTrait,
    rels: &[Uuid],
    per_rel: &BTreeMap<Uuid, u64>,
) -> ApiResult<BTreeMap<Uuid, u64>> {
    let mentees = crate::mentoring::relationships::service::mentee_schools(db, rels).await?;
    Ok(minutes_per_mentee_school(mentees, per_rel))
}

/// Minutes per mentee school from the mentee schools of each relationship and the
/// relationships' minutes (a school mentee in two relationships gets both).
pub(crate) fn minutes_per_mentee_school(
    mentees: BTreeMap<Uuid, BTreeSet<Uuid>>,
    per_rel: &BTreeMap<Uuid, u64>,
) -> BTreeMap<Uuid, u64> {
    let mut out: BTreeMap<Uuid, u64> = BTreeMap::new();
    for (rel, schools) in mentees {
        let m = per_rel.get(&rel).copied().unwrap_or(0);
        for s in schools {
            *out.entry(s).or_default() += m;
        }
    }
    out
}

/// The relationships of a programme.
pub(crate) async fn programme_relationships(
    db: &impl ConnectionTrait,
    programme_id: Uuid,
) -> ApiResult<Vec<relationship::Model>> {
    repo::relationships(db, programme_id).await
}
