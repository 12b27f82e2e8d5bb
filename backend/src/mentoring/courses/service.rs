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
use crate::people::entity::{person, role_grant};
use crate::platform::dates::{day, parse_day};
use crate::platform::enums::input as from_input;
use crate::platform::etag;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
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

/// Attended minutes per (course, person), summed by the database.
async fn attended_minutes(
    db: &impl ConnectionTrait,
    courses: &[Uuid],
) -> ApiResult<BTreeMap<(Uuid, Uuid), u64>> {
    if courses.is_empty() {
        return Ok(BTreeMap::new());
    }
    let q = Query::select()
        .column((course_session::Entity, course_session::Column::CourseId))
        .column((attendance::Entity, attendance::Column::PersonId))
        .expr_as(
            Expr::col((
                course_session::Entity,
                course_session::Column::DurationMinutes,
            ))
            .sum(),
            Alias::new("minutes"),
        )
        .from(attendance::Entity)
        .inner_join(
            course_session::Entity,
            Expr::col((course_session::Entity, course_session::Column::Id))
                .equals((attendance::Entity, attendance::Column::SessionId)),
        )
        .and_where(
            Expr::col((course_session::Entity, course_session::Column::CourseId))
                .is_in(courses.to_vec()),
        )
        .group_by_col((course_session::Entity, course_session::Column::CourseId))
        .group_by_col((attendance::Entity, attendance::Column::PersonId))
        .to_owned();
    let mut out = BTreeMap::new();
    for r in db.query_all(&q).await? {
        let c: Uuid = r.try_get("", "course_id")?;
        let p: Uuid = r.try_get("", "person_id")?;
        let m: Option<i64> = r.try_get("", "minutes")?;
        out.insert((c, p), u64::try_from(m.unwrap_or(0)).unwrap_or(0));
    }
    Ok(out)
}

async fn sessions_of(
    db: &impl ConnectionTrait,
    course: Uuid,
) -> ApiResult<Vec<course_session::Model>> {
    Ok(sessions_in(db, &[course])
        .await?
        .remove(&course)
        .unwrap_or_default())
}

async fn participants_of(
    db: &impl ConnectionTrait,
    course: Uuid,
) -> ApiResult<Vec<course_participant::Model>> {
    Ok(participants_in(db, &[course])
        .await?
        .remove(&course)
        .unwrap_or_default())
}

/// The sessions of several courses, per course, in one statement.
async fn sessions_in(
    db: &impl ConnectionTrait,
    courses: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, Vec<course_session::Model>>> {
    let mut out: BTreeMap<Uuid, Vec<course_session::Model>> = BTreeMap::new();
    if courses.is_empty() {
        return Ok(out);
    }
    for x in course_session::Entity::find()
        .filter(course_session::Column::CourseId.is_in(courses.iter().copied()))
        .order_by_asc(course_session::Column::Date)
        .order_by_asc(course_session::Column::Id)
        .all(db)
        .await?
    {
        out.entry(x.course_id).or_default().push(x);
    }
    Ok(out)
}

/// The participants of several courses, per course, in one statement.
async fn participants_in(
    db: &impl ConnectionTrait,
    courses: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, Vec<course_participant::Model>>> {
    let mut out: BTreeMap<Uuid, Vec<course_participant::Model>> = BTreeMap::new();
    if courses.is_empty() {
        return Ok(out);
    }
    for x in course_participant::Entity::find()
        .filter(course_participant::Column::CourseId.is_in(courses.iter().copied()))
        .order_by_asc(course_participant::Column::EnrolledAt)
        .all(db)
        .await?
    {
        out.entry(x.course_id).or_default().push(x);
    }
    Ok(out)
}

/// Summaries of a programme's courses.
pub(crate) async fn summaries(
    db: &impl ConnectionTrait,
    programme_id: Uuid,
) -> ApiResult<Vec<CourseSummaryDto>> {
    let rows = course::Entity::find()
        .filter(course::Column::ProgrammeId.eq(programme_id))
        .order_by_asc(course::Column::CreatedAt)
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let attended = attended_minutes(db, &ids).await?;
    let mut sessions = sessions_in(db, &ids).await?;
    let mut parts = participants_in(db, &ids).await?;
    Ok(rows
        .iter()
        .map(|c| {
            let sessions = sessions.remove(&c.id).unwrap_or_default();
            let parts = parts.remove(&c.id).unwrap_or_default();
            summary(c, &sessions, &parts, &attended)
        })
        .collect())
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
pub(crate) async fn training(
    db: &impl ConnectionTrait,
    l: &LoadedProgramme,
) -> ApiResult<Vec<TrainingTargetDto>> {
    let targets: TrainingTargets = serde_json::from_str(&l.p.training_targets).unwrap_or_default();
    let rows = course::Entity::find()
        .filter(course::Column::ProgrammeId.eq(l.p.id))
        .all(db)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|c| c.id).collect();
    let attended = attended_minutes(db, &ids).await?;
    let parts = participants_in(db, &ids).await?;
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
        for ((c, p), m) in &attended {
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
    Ok(out)
}

struct LoadedCourse {
    c: course::Model,
    l: LoadedProgramme,
}

async fn visible(db: &impl ConnectionTrait, p: &Principal, id: Uuid) -> ApiResult<LoadedCourse> {
    let c = course::Entity::find_by_id(id)
        .one(db)
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
    let marks = if session_ids.is_empty() {
        vec![]
    } else {
        attendance::Entity::find()
            .filter(attendance::Column::SessionId.is_in(session_ids))
            .all(db)
            .await?
    };
    let names: BTreeMap<Uuid, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(rows.iter().map(|x| x.person_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|x| (x.id, x.name))
        .collect();
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
    visible_programme(db, p, programme_id).await?;
    summaries(db, programme_id).await
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
    let c = course::ActiveModel {
        id: Set(id),
        programme_id: Set(programme_id),
        title: Set(input.title.trim().to_string()),
        audience: Set(from_input::<CourseAudience>("audience", &input.audience)?),
        planned_hours: Set(i32::try_from(input.planned_hours).unwrap_or(0)),
        description: Set(input.description.filter(|d| !d.trim().is_empty())),
        created_by: Set(p.id()),
        created_at: Set(crate::db::now()),
        version: Set(1),
    }
    .insert(&txn)
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
    let mut a: course::ActiveModel = lc.c.clone().into();
    if let Some(t) = input.title {
        a.title = Set(t.trim().to_string());
    }
    if let Some(h) = input.planned_hours {
        a.planned_hours = Set(i32::try_from(h).unwrap_or(0));
    }
    if let Some(d) = input.description {
        a.description = Set(Some(d).filter(|d| !d.trim().is_empty()));
    }
    a.version = Set(lc.c.version + 1);
    lc.c = a.update(&txn).await?;
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
    course_session::ActiveModel {
        id: Set(Uuid::now_v7()),
        course_id: Set(id),
        date: Set(day(input.date)),
        duration_minutes: Set(i32::try_from(input.duration_minutes).unwrap_or(0)),
        title: Set(input.title.filter(|t| !t.trim().is_empty())),
    }
    .insert(&txn)
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
    let s = course_session::Entity::find_by_id(session_id)
        .one(&txn)
        .await?
        .filter(|s| s.course_id == id)
        .ok_or_else(|| ApiError::not_found("Session"))?;
    course_session::Entity::delete_by_id(s.id)
        .exec(&txn)
        .await?;
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
        (Some(pid), _) => person::Entity::find_by_id(pid).one(&txn).await?,
        (None, Some(e)) => {
            person::Entity::find()
                .filter(person::Column::Email.eq(crate::platform::validate::normalise_email(e)))
                .one(&txn)
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
    let school = role_grant::Entity::find()
        .filter(role_grant::Column::PersonId.eq(who.id))
        .all(&txn)
        .await?
        .into_iter()
        .filter(|g| roles.contains(&g.role))
        .filter_map(|g| g.school_id)
        .find(|s| schools.contains(s))
        .ok_or_else(|| {
            bad("The person must work at a school of the programme (leaders' courses: lead one).")
        })?;
    course_participant::ActiveModel {
        id: Set(Uuid::now_v7()),
        course_id: Set(id),
        person_id: Set(who.id),
        school_id: Set(Some(school)),
        enrolled_at: Set(crate::db::now()),
    }
    .insert(&txn)
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
    let row = course_participant::Entity::find()
        .filter(course_participant::Column::CourseId.eq(id))
        .filter(course_participant::Column::PersonId.eq(person_id))
        .one(&txn)
        .await?
        .ok_or_else(|| ApiError::not_found("Participant"))?;
    course_participant::Entity::delete_by_id(row.id)
        .exec(&txn)
        .await?;
    let sessions: Vec<Uuid> = sessions_of(&txn, id).await?.iter().map(|s| s.id).collect();
    attendance::Entity::delete_many()
        .filter(attendance::Column::PersonId.eq(person_id))
        .filter(attendance::Column::SessionId.is_in(sessions))
        .exec(&txn)
        .await?;
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
    let s = course_session::Entity::find_by_id(input.session_id)
        .one(&txn)
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
    attendance::Entity::delete_many()
        .filter(attendance::Column::SessionId.eq(s.id))
        .exec(&txn)
        .await?;
    let now = crate::db::now();
    for who in &present {
        attendance::ActiveModel {
            id: Set(Uuid::now_v7()),
            session_id: Set(s.id),
            person_id: Set(*who),
            marked_by: Set(p.id()),
            marked_at: Set(now),
        }
        .insert(&txn)
        .await?;
    }
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
