//! Training courses of a programme: sessions with dates, participants from the enrolled
//! schools, attendance per session → hours completed and completion per participant
//! (`model::course_completed`: at least 80 % of the planned hours). Course hours count
//! toward the programme's training targets per audience.

use crate::audit::service::{self as audit, Where};
use crate::auth::model::{Principal, Role};
use crate::auth::policy::{self, Action};
use crate::error::{ApiError, ApiResult, ErrorCode, is_unique_violation};
use crate::mentoring::courses::dto::{
    AttendancePut, CourseDto, CourseIn, CourseParticipantDto, CourseParticipantIn, CoursePatch,
    CourseSummaryDto, SessionDto, SessionIn, TrainingTargetDto,
};
use crate::mentoring::entity::{
    course, course_attendance as attendance, course_participant, course_session,
};
use crate::mentoring::model::{self, CourseAudience};
use crate::mentoring::programmes::dto::TrainingTargets;
use crate::mentoring::shared::{LoadedProgramme, approved_schools, hours, visible_programme};
use crate::platform::dates::{day, parse_day};
use crate::platform::enums::input as from_input;
use crate::platform::etag;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

fn manages(p: &Principal, hub: Uuid) -> bool {
    policy::allows(p, Action::CourseManage { hub })
}

fn place(l: &LoadedProgramme) -> Where {
    Where {
        hub_id: Some(l.p.hub_id),
        school_id: None,
    }
}

use super::repo::{attended_minutes, participants_in, participants_of, sessions_in, sessions_of};

/// Summaries of a programme's courses, and its training hours against its targets: the
/// courses, their attendance and participants read once for both.
pub(crate) async fn summaries_and_training(
    db: &impl ConnectionTrait,
    l: &LoadedProgramme,
) -> ApiResult<(Vec<CourseSummaryDto>, Vec<TrainingTargetDto>)> {
    let rows = super::repo::of_programme(db, l.p.id).await?;
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let attended = attended_minutes(db, &ids).await?;
    let mut sessions = sessions_in(db, &ids).await?;
    let parts = participants_in(db, &ids).await?;
    let summaries = rows
        .iter()
        .map(|c| {
            let sessions = sessions.remove(&c.id).unwrap_or_default();
            let mine = parts.get(&c.id).map(Vec::as_slice).unwrap_or_default();
            summary(c, &sessions, mine, &attended)
        })
        .collect();
    Ok((summaries, training(l, &rows, &attended, &parts)))
}

fn summary(
    c: &course::Model,
    sessions: &[course_session::Model],
    parts: &[course_participant::Model],
    attended: &BTreeMap<(Uuid, Uuid), u64>,
) -> CourseSummaryDto {
    let planned = u64::try_from(c.planned_hours).unwrap_or(0) * 60;
    let completed = parts
        .iter()
        .filter(|x| {
            model::course_completed(
                attended.get(&(c.id, x.person_id)).copied().unwrap_or(0),
                planned,
            )
        })
        .count() as u64;
    CourseSummaryDto {
        id: c.id,
        programme_id: c.programme_id,
        title: c.title.clone(),
        audience: c.audience,
        planned_hours: u32::try_from(c.planned_hours).unwrap_or(0),
        sessions: sessions.len() as u64,
        scheduled: hours(
            sessions
                .iter()
                .map(|s| u64::try_from(s.duration_minutes).unwrap_or(0))
                .sum(),
            None,
        ),
        participants: parts.len() as u64,
        completed,
    }
}

/// Training hours against the programme's targets: per audience, who reached the target
/// with the hours attended in all the programme's courses for that audience.
fn training(
    l: &LoadedProgramme,
    rows: &[course::Model],
    attended: &BTreeMap<(Uuid, Uuid), u64>,
    parts: &BTreeMap<Uuid, Vec<course_participant::Model>>,
) -> Vec<TrainingTargetDto> {
    let targets: TrainingTargets = serde_json::from_str(&l.p.training_targets).unwrap_or_default();
    let mut out = Vec::new();
    for (aud, target) in [
        (CourseAudience::Teachers, targets.teachers),
        (CourseAudience::Leaders, targets.leaders),
    ] {
        let Some(target) = target else { continue };
        let courses: BTreeSet<Uuid> = rows
            .iter()
            .filter(|c| c.audience == aud)
            .map(|c| c.id)
            .collect();
        let mut per_person: BTreeMap<Uuid, u64> = BTreeMap::new();
        for p in courses.iter().filter_map(|c| parts.get(c)).flatten() {
            per_person.entry(p.person_id).or_default();
        }
        for ((c, p), m) in attended {
            if courses.contains(c) {
                *per_person.entry(*p).or_default() += m;
            }
        }
        let reached = per_person
            .values()
            .filter(|m| **m >= u64::from(target) * 60)
            .count() as u64;
        out.push(TrainingTargetDto {
            audience: aud,
            target_hours: target,
            participants: per_person.len() as u64,
            reached,
            attended: hours(per_person.values().sum(), None),
        });
    }
    out
}

struct LoadedCourse {
    c: course::Model,
    l: LoadedProgramme,
}

async fn visible(db: &impl ConnectionTrait, p: &Principal, id: Uuid) -> ApiResult<LoadedCourse> {
    let c = super::repo::course(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Course"))?;
    let l = visible_programme(db, p, c.programme_id)
        .await
        .map_err(|_| ApiError::not_found("Course"))?;
    Ok(LoadedCourse { c, l })
}

async fn visible_to_run(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<LoadedCourse> {
    let lc = visible(db, p, id).await?;
    if !manages(p, lc.l.p.hub_id) {
        return Err(ApiError::forbidden(
            "Only the hub's coordinators and mentors run courses.",
        ));
    }
    Ok(lc)
}

async fn dto(db: &impl ConnectionTrait, p: &Principal, lc: &LoadedCourse) -> ApiResult<CourseDto> {
    let sessions = sessions_of(db, lc.c.id).await?;
    let parts = participants_of(db, lc.c.id).await?;
    let attended = attended_minutes(db, &[lc.c.id]).await?;
    let runs = manages(p, lc.l.p.hub_id);
    let me = p.person().map(|x| x.id);
    let rows: Vec<&course_participant::Model> = parts
        .iter()
        .filter(|x| {
            runs || Some(x.person_id) == me
                || x.school_id.is_some_and(|s| policy::acts_for_school(p, s))
        })
        .collect();
    let session_ids: Vec<Uuid> = sessions.iter().map(|s| s.id).collect();
    let marks = super::repo::attendance_of(db, &session_ids).await?;
    let people: Vec<Uuid> = rows.iter().map(|x| x.person_id).collect();
    let names = crate::people::repo::names_of(db, &people).await?;
    let schools: BTreeMap<Uuid, String> =
        lc.l.schools
            .iter()
            .map(|(_, s)| (s.id, s.name.clone()))
            .collect();
    let planned = u64::try_from(lc.c.planned_hours).unwrap_or(0) * 60;
    let participant_rows = rows
        .into_iter()
        .map(|x| {
            let m = attended.get(&(lc.c.id, x.person_id)).copied().unwrap_or(0);
            CourseParticipantDto {
                person_id: x.person_id,
                name: names.get(&x.person_id).cloned().unwrap_or_default(),
                school_name: x.school_id.and_then(|s| schools.get(&s).cloned()),
                attended: marks
                    .iter()
                    .filter(|a| a.person_id == x.person_id)
                    .map(|a| a.session_id)
                    .collect(),
                hours: hours(m, None),
                completed: model::course_completed(m, planned),
            }
        })
        .collect();
    Ok(CourseDto {
        summary: summary(&lc.c, &sessions, &parts, &attended),
        description: lc.c.description.clone(),
        sessions_list: sessions
            .iter()
            .map(|s| {
                Ok(SessionDto {
                    id: s.id,
                    date: parse_day(&s.date)?,
                    duration_minutes: u32::try_from(s.duration_minutes).unwrap_or(0),
                    title: s.title.clone(),
                })
            })
            .collect::<ApiResult<_>>()?,
        participant_rows,
        completion_share: model::COMPLETION_SHARE,
        manages: runs,
        programme_name: lc.l.p.name.clone(),
        hub_id: lc.l.p.hub_id,
        etag_version: lc.c.version,
    })
}

pub async fn list(
    db: &DatabaseConnection,
    p: &Principal,
    programme_id: Uuid,
) -> ApiResult<Vec<CourseSummaryDto>> {
    let l = visible_programme(db, p, programme_id).await?;
    Ok(summaries_and_training(db, &l).await?.0)
}

pub async fn create(
    db: &DatabaseConnection,
    p: &Principal,
    programme_id: Uuid,
    input: CourseIn,
) -> ApiResult<CourseDto> {
    let txn = crate::db::write(db).await?;
    let l = visible_programme(&txn, p, programme_id).await?;
    if !manages(p, l.p.hub_id) {
        return Err(ApiError::forbidden(
            "Only the hub's coordinators and mentors run courses.",
        ));
    }
    let id = Uuid::now_v7();
    let c = super::repo::insert(
        &txn,
        course::Model {
            id,
            programme_id,
            title: input.title.trim().to_string(),
            audience: from_input::<CourseAudience>("audience", &input.audience)?,
            planned_hours: i32::try_from(input.planned_hours).unwrap_or(0),
            description: input.description.filter(|d| !d.trim().is_empty()),
            created_by: p.id(),
            created_at: crate::db::now(),
            version: 1,
        },
    )
    .await?;
    audit::record(
        &txn,
        p.into(),
        "course.created",
        ("course", Some(id)),
        place(&l),
        json!({"title": c.title, "programme": l.p.name}),
    )
    .await?;
    let out = dto(&txn, p, &LoadedCourse { c, l }).await?;
    txn.commit().await?;
    Ok(out)
}

pub async fn get(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<CourseDto> {
    let lc = visible(db, p, id).await?;
    dto(db, p, &lc).await
}

pub async fn update(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: CoursePatch,
) -> ApiResult<CourseDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<course::Entity>(&txn, id).await?;
    let mut lc = visible_to_run(&txn, p, id).await?;
    etag::check(expected, lc.c.version)?;
    let mut c = lc.c.clone();
    if let Some(t) = input.title {
        c.title = t.trim().to_string();
    }
    if let Some(h) = input.planned_hours {
        c.planned_hours = i32::try_from(h).unwrap_or(0);
    }
    if let Some(d) = input.description {
        c.description = Some(d).filter(|d| !d.trim().is_empty());
    }
    c.version = lc.c.version + 1;
    lc.c = super::repo::update(&txn, c).await?;
    audit::record(
        &txn,
        p.into(),
        "course.updated",
        ("course", Some(id)),
        place(&lc.l),
        json!({}),
    )
    .await?;
    let out = dto(&txn, p, &lc).await?;
    txn.commit().await?;
    Ok(out)
}

pub async fn add_session(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    input: SessionIn,
) -> ApiResult<CourseDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<course::Entity>(&txn, id).await?;
    let lc = visible_to_run(&txn, p, id).await?;
    super::repo::insert_session(
        &txn,
        course_session::Model {
            id: Uuid::now_v7(),
            course_id: id,
            date: day(input.date),
            duration_minutes: i32::try_from(input.duration_minutes).unwrap_or(0),
            title: input.title.filter(|t| !t.trim().is_empty()),
        },
    )
    .await?;
    audit::record(
        &txn,
        p.into(),
        "course.session_added",
        ("course", Some(id)),
        place(&lc.l),
        json!({"date": day(input.date), "minutes": input.duration_minutes}),
    )
    .await?;
    let out = dto(&txn, p, &lc).await?;
    txn.commit().await?;
    Ok(out)
}

pub async fn remove_session(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    session_id: Uuid,
) -> ApiResult<CourseDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<course::Entity>(&txn, id).await?;
    let lc = visible_to_run(&txn, p, id).await?;
    let s = super::repo::session(&txn, session_id)
        .await?
        .filter(|s| s.course_id == id)
        .ok_or_else(|| ApiError::not_found("Session"))?;
    super::repo::delete_session(&txn, s.id).await?;
    audit::record(
        &txn,
        p.into(),
        "course.session_removed",
        ("course", Some(id)),
        place(&lc.l),
        json!({"date": s.date}),
    )
    .await?;
    let out = dto(&txn, p, &lc).await?;
    txn.commit().await?;
    Ok(out)
}

/// A participant must work at a school enrolled (and approved) in the programme: as a
/// teacher or leader for teachers' courses, as a leader for leaders' courses.
pub async fn add_participant(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    input: CourseParticipantIn,
) -> ApiResult<CourseDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<course::Entity>(&txn, id).await?;
    let lc = visible_to_run(&txn, p, id).await?;
    let bad = |m: &str| ApiError::field("person_id", "participant", m.to_string());
    let who = match (input.person_id, &input.email) {
        (Some(pid), _) => crate::people::repo::person(&txn, pid).await?,
        (None, Some(e)) => {
            crate::people::repo::by_email(&txn, &crate::platform::validate::normalise_email(e))
                .await?
        }
        (None, None) => return Err(bad("Name a person (person_id or email).")),
    }
    .filter(|x| x.active)
    .ok_or_else(|| bad("Nobody active has this address here."))?;
    let schools = approved_schools(&lc.l);
    let roles: &[Role] = if lc.c.audience == CourseAudience::Leaders {
        &[Role::SchoolLeader]
    } else {
        &[Role::Teacher, Role::SchoolLeader]
    };
    let school = crate::people::repo::grants_of(&txn, who.id)
        .await?
        .into_iter()
        .filter(|g| roles.contains(&g.role))
        .filter_map(|g| g.school_id)
        .find(|s| schools.contains(s))
        .ok_or_else(|| {
            bad("The person must work at a school of the programme (leaders' courses: lead one).")
        })?;
    super::repo::insert_participant(
        &txn,
        course_participant::Model {
            id: Uuid::now_v7(),
            course_id: id,
            person_id: who.id,
            school_id: Some(school),
            enrolled_at: crate::db::now(),
        },
    )
    .await
    .map_err(|e| {
        if is_unique_violation(&e) {
            ApiError::conflict(
                ErrorCode::AlreadyTakingPart,
                "Already taking part in this course.",
            )
        } else {
            e.into()
        }
    })?;
    audit::record(
        &txn,
        p.into(),
        "course.participant_added",
        ("course", Some(id)),
        Where {
            hub_id: Some(lc.l.p.hub_id),
            school_id: Some(school),
        },
        json!({"person_id": who.id}),
    )
    .await?;
    let out = dto(&txn, p, &lc).await?;
    txn.commit().await?;
    Ok(out)
}

pub async fn remove_participant(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    person_id: Uuid,
) -> ApiResult<CourseDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<course::Entity>(&txn, id).await?;
    let lc = visible_to_run(&txn, p, id).await?;
    let row = super::repo::participant(&txn, id, person_id)
        .await?
        .ok_or_else(|| ApiError::not_found("Participant"))?;
    super::repo::delete_participant(&txn, row.id).await?;
    let sessions: Vec<Uuid> = sessions_of(&txn, id).await?.iter().map(|s| s.id).collect();
    super::repo::delete_attendance_of(&txn, person_id, &sessions).await?;
    audit::record(
        &txn,
        p.into(),
        "course.participant_removed",
        ("course", Some(id)),
        place(&lc.l),
        json!({"person_id": person_id}),
    )
    .await?;
    let out = dto(&txn, p, &lc).await?;
    txn.commit().await?;
    Ok(out)
}

/// Who was present at one session; the rest were not. Only participants; not for a
/// session that has not happened yet (in the hub's time zone).
pub async fn put_attendance(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    input: AttendancePut,
) -> ApiResult<CourseDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<course::Entity>(&txn, id).await?;
    let lc = visible_to_run(&txn, p, id).await?;
    let s = super::repo::session(&txn, input.session_id)
        .await?
        .filter(|s| s.course_id == id)
        .ok_or_else(|| ApiError::field("session_id", "not_found", "No such session."))?;
    if parse_day(&s.date)? > crate::platform::dates::today(&lc.l.hub.time_zone) {
        return Err(ApiError::field(
            "session_id",
            "future",
            "Attendance is taken once the session has happened.",
        ));
    }
    let enrolled: BTreeSet<Uuid> = participants_of(&txn, id)
        .await?
        .iter()
        .map(|x| x.person_id)
        .collect();
    let present: BTreeSet<Uuid> = input.present.iter().copied().collect();
    if !present.is_subset(&enrolled) {
        return Err(ApiError::field(
            "present",
            "attendees",
            "Only the course's participants can be present.",
        ));
    }
    let now = crate::db::now();
    let marks = present
        .iter()
        .map(|who| attendance::Model {
            id: Uuid::now_v7(),
            session_id: s.id,
            person_id: *who,
            marked_by: p.id(),
            marked_at: now,
        })
        .collect();
    super::repo::replace_attendance(&txn, s.id, marks).await?;
    audit::record(
        &txn,
        p.into(),
        "course.attendance_taken",
        ("course", Some(id)),
        place(&lc.l),
        json!({"date": s.date, "present": present.len(), "of": enrolled.len()}),
    )
    .await?;
    let out = dto(&txn, p, &lc).await?;
    txn.commit().await?;
    Ok(out)
}
