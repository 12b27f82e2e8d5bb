//! Activities logged on a relationship or a programme: checked field by field, counted in
//! hours when final.

use super::repo;
use crate::audit::service::{self as audit, Where};
use crate::auth::model::{Principal, Role};
use crate::auth::policy::{self, Action};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::mentoring::activities::dto::{
    ActivityDto, ActivityIn, AttendeeDto, ProgrammeActivitiesDto, RatingIn,
};
use crate::mentoring::entity::{activity, rating};
use crate::mentoring::lists::service::vocabulary;
use crate::mentoring::model::{self, ActivityMode, ActivityState, AttendeeRole};
use crate::mentoring::relationships::service::{self as rels, LoadedRel};
use crate::mentoring::shared::{
    LoadedProgramme, approved_schools, json_list, load_hub, to_json, visible_programme,
};
use crate::platform::dates::{day, parse_day};
use crate::platform::enums::input as from_input;
use crate::platform::etag;
use crate::platform::pagination::{Cursor, Page};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// What an activity hangs on: a relationship, or a programme. One lives per request, on
/// the stack; the variants' sizes differ and that costs nothing here.
#[allow(clippy::large_enum_variant)]
enum Owner {
    Rel(LoadedRel),
    Programme(LoadedProgramme),
}

impl Owner {
    fn hub(&self) -> uuid::Uuid {
        match self {
            Owner::Rel(l) => l.r.hub_id,
            Owner::Programme(l) => l.p.hub_id,
        }
    }
}

/// People who may attend, with their role: a relationship's participants (and staff of
/// its schools); for a programme, the hub's mentors and the staff of enrolled schools.
async fn attendable(
    db: &impl ConnectionTrait,
    o: &Owner,
) -> ApiResult<BTreeMap<Uuid, AttendeeRole>> {
    match o {
        Owner::Rel(l) => rels::attendable(db, &l.parts).await,
        Owner::Programme(l) => {
            let schools: Vec<Uuid> = approved_schools(l).into_iter().collect();
            let mut out = BTreeMap::new();
            let staff = [Role::Teacher, Role::SchoolLeader];
            for g in repo::school_grants(db, schools, &staff).await? {
                out.insert(g.person_id, AttendeeRole::Participant);
            }
            let guides = [Role::Mentor, Role::HubCoordinator];
            for g in repo::hub_grants(db, l.p.hub_id, &guides).await? {
                // A hub's mentors attend as mentors, its coordinators as facilitators.
                let role = match g.role {
                    Role::Mentor => AttendeeRole::Mentor,
                    _ => AttendeeRole::Facilitator,
                };
                out.insert(g.person_id, role);
            }
            Ok(out)
        }
    }
}

async fn owner_of(
    db: &impl ConnectionTrait,
    p: &Principal,
    rel: Option<Uuid>,
    prog: Option<Uuid>,
) -> ApiResult<Owner> {
    match (rel, prog) {
        (Some(r), _) => Ok(Owner::Rel(rels::visible(db, p, r).await?)),
        (None, Some(pid)) => Ok(Owner::Programme(visible_programme(db, p, pid).await?)),
        (None, None) => Err(ApiError::not_found("Activity")),
    }
}

/// May the caller log on this owner? (visible already)
fn may_log(p: &Principal, o: &Owner) -> bool {
    match o {
        Owner::Rel(l) => policy::logs_activity(p, l.r.hub_id, &l.standing),
        Owner::Programme(l) => policy::allows(p, Action::ProgrammeManage { hub: l.p.hub_id }),
    }
}

/// Check the input against the rules of the model and the hub's lists; returns the
/// attendees with their roles.
async fn check(
    db: &impl ConnectionTrait,
    o: &Owner,
    input: &ActivityIn,
) -> ApiResult<(ActivityState, Vec<(Uuid, AttendeeRole)>)> {
    let hub = load_hub(db, o.hub()).await?;
    let mut errs: Vec<FieldError> = Vec::new();
    let state = ActivityState::parse(&input.state);
    if state.is_none() {
        errs.push(FieldError {
            field: "state".into(),
            code: "state".into(),
            message: "Must be planned, draft or final.".into(),
        });
    }
    let vocab = vocabulary(db, hub.id).await?;
    if !vocab.activity_kinds.contains(&input.kind) {
        errs.push(FieldError {
            field: "kind".into(),
            code: "unknown".into(),
            message: "Not a kind of activity of this hub.".into(),
        });
    }
    let who = attendable(db, o).await?;
    let allowed: BTreeSet<Uuid> = who.keys().copied().collect();
    let attendees: BTreeSet<Uuid> = input.attendees.iter().copied().collect();
    let minutes = u32::try_from(input.duration_minutes).unwrap_or(0);
    let today = crate::platform::dates::today(&hub.time_zone);
    for prob in model::check_activity(
        state.unwrap_or(ActivityState::Draft),
        input.date,
        minutes,
        &attendees,
        &allowed,
        today,
    ) {
        errs.push(FieldError {
            field: prob.field.into(),
            code: match prob.field {
                "duration_minutes" => "range",
                "date" => "future",
                _ => "attendees",
            }
            .into(),
            message: prob.message,
        });
    }
    if !errs.is_empty() {
        errs.sort_by(|a, b| a.field.cmp(&b.field));
        errs.dedup_by(|a, b| a.field == b.field);
        return Err(ApiError::validation(errs));
    }
    let list = attendees
        .into_iter()
        .filter_map(|a| who.get(&a).map(|r| (a, *r)))
        .collect();
    Ok((state.unwrap_or(ActivityState::Draft), list))
}

pub(crate) async fn dtos(
    db: &impl ConnectionTrait,
    p: &Principal,
    rows: Vec<activity::Model>,
) -> ApiResult<Vec<ActivityDto>> {
    let ids: Vec<Uuid> = rows.iter().map(|a| a.id).collect();
    let atts = repo::attendees_of(db, &ids).await?;
    let mut people: BTreeSet<Uuid> = atts.iter().map(|a| a.person_id).collect();
    people.extend(rows.iter().map(|a| a.author_id));
    let people: Vec<Uuid> = people.into_iter().collect();
    let names = crate::people::repo::names_of(db, &people).await?;
    let ratings = repo::ratings_of(db, &ids).await?;
    let me = p.person().map(|x| x.id);
    let mut by_activity: BTreeMap<Uuid, Vec<AttendeeDto>> = BTreeMap::new();
    for a in atts {
        by_activity
            .entry(a.activity_id)
            .or_default()
            .push(AttendeeDto {
                person_id: a.person_id,
                name: names.get(&a.person_id).cloned().unwrap_or_default(),
                role: a.role,
            });
    }
    rows.into_iter()
        .map(|a| {
            Ok(ActivityDto {
                id: a.id,
                hub_id: a.hub_id,
                programme_id: a.programme_id,
                relationship_id: a.relationship_id,
                date: parse_day(&a.date)?,
                start_time: a.start_time,
                place: a.place,
                duration_minutes: u32::try_from(a.duration_minutes).unwrap_or(0),
                mode: a.mode,
                kind: a.kind,
                state: a.state,
                attendees: by_activity.remove(&a.id).unwrap_or_default(),
                topics: json_list(&a.topics),
                notes: a.notes,
                outcomes: a.outcomes,
                follow_ups: a.follow_ups,
                evidence: json_list(&a.evidence),
                author_name: names.get(&a.author_id).cloned().unwrap_or_default(),
                can_edit: policy::edits_activity(p, a.hub_id, a.author_id),
                rating_mean: {
                    let rs: Vec<i32> = ratings
                        .iter()
                        .filter(|r| r.activity_id == a.id)
                        .map(|r| r.rating)
                        .collect();
                    (!rs.is_empty()).then(|| {
                        (f64::from(rs.iter().sum::<i32>()) / rs.len() as f64 * 10.0).round() / 10.0
                    })
                },
                ratings: ratings.iter().filter(|r| r.activity_id == a.id).count() as u64,
                my_rating: ratings
                    .iter()
                    .find(|r| r.activity_id == a.id && Some(r.person_id) == me)
                    .and_then(|r| u8::try_from(r.rating).ok()),
                author_id: a.author_id,
                created_at: a.created_at,
                etag_version: a.version,
            })
        })
        .collect()
}

/// Rate an activity's usefulness (participants of its relationship who attended, or
/// anyone taking part in it); one rating per person, changed by rating again.
pub async fn rate(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    input: RatingIn,
) -> ApiResult<ActivityDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<activity::Entity>(&txn, id).await?;
    let (a, owner) = visible(&txn, p, id).await?;
    let me = p
        .person()
        .map(|x| x.id)
        .ok_or_else(|| ApiError::not_found("Activity"))?;
    let attended = repo::attended(&txn, a.id, me).await?;
    let takes_part = matches!(&owner, Owner::Rel(l) if !l.standing.roles.is_empty());
    if !policy::rates_activity(p, a.author_id, attended, takes_part) {
        return Err(ApiError::forbidden(if a.author_id == me {
            "You logged this activity; the others who took part rate it."
        } else {
            "Those who took part rate an activity."
        }));
    }
    if a.state != ActivityState::Final {
        return Err(ApiError::conflict(
            ErrorCode::ActivityNotFinal,
            "Only activities that took place (final) are rated.",
        ));
    }
    let existing = repo::rating(&txn, a.id, me).await?;
    let new = existing.is_none();
    let r = rating::Model {
        rating: i32::try_from(input.rating).unwrap_or(0),
        comment: blank_none(input.comment),
        at: crate::db::now(),
        ..existing.unwrap_or(rating::Model {
            id: Uuid::now_v7(),
            activity_id: a.id,
            person_id: me,
            rating: 0,
            comment: None,
            at: crate::db::now(),
        })
    };
    repo::save_rating(&txn, r, new).await?;
    let mut out = dtos(&txn, p, vec![a]).await?;
    txn.commit().await?;
    out.pop()
        .ok_or_else(|| ApiError::internal("activity vanished"))
}

fn blank_none(s: Option<String>) -> Option<String> {
    s.filter(|x| !x.trim().is_empty())
}

pub async fn log(
    db: &DatabaseConnection,
    p: &Principal,
    input: ActivityIn,
) -> ApiResult<ActivityDto> {
    if input.relationship_id.is_some() == input.programme_id.is_some() {
        return Err(ApiError::field(
            "relationship_id",
            "required",
            "Log it on a relationship or on a programme (one of them).",
        ));
    }
    let txn = crate::db::write(db).await?;
    if let Some(r) = input.relationship_id {
        crate::db::lock::<crate::mentoring::entity::relationship::Entity>(&txn, r).await?;
    }
    let owner = owner_of(&txn, p, input.relationship_id, input.programme_id).await?;
    if !may_log(p, &owner) {
        return Err(ApiError::forbidden(
            "Only mentors, facilitators and peers of the relationship (or the hub's coordinators) log activities.",
        ));
    }
    if let Owner::Rel(l) = &owner
        && matches!(l.r.status.as_str(), "completed" | "cancelled")
    {
        return Err(ApiError::conflict(
            ErrorCode::RelationshipEnded,
            format!("The relationship is {}: no new activities.", l.r.status),
        ));
    }
    let (state, attendees) = check(&txn, &owner, &input).await?;
    let now = crate::db::now();
    let id = Uuid::now_v7();
    let a = repo::insert(
        &txn,
        activity::Model {
            id,
            hub_id: owner.hub(),
            programme_id: match &owner {
                Owner::Rel(l) => l.r.programme_id,
                Owner::Programme(l) => Some(l.p.id),
            },
            relationship_id: input.relationship_id,
            date: day(input.date),
            duration_minutes: i32::try_from(input.duration_minutes).unwrap_or(0),
            mode: from_input::<ActivityMode>("mode", &input.mode)?,
            kind: input.kind,
            state,
            topics: to_json(&input.topics),
            notes: blank_none(input.notes),
            start_time: input.start_time.clone(),
            place: blank_none(input.place.clone()),
            outcomes: blank_none(input.outcomes),
            follow_ups: blank_none(input.follow_ups),
            evidence: to_json(&input.evidence),
            author_id: p.id(),
            created_at: now,
            updated_at: now,
            version: 1,
        },
    )
    .await?;
    repo::replace_attendees(&txn, id, &attendees).await?;
    audit::record(
        &txn,
        p.into(),
        "activity.logged",
        ("activity", Some(id)),
        Where {
            hub_id: Some(a.hub_id),
            school_id: None,
        },
        json!({"date": a.date, "minutes": a.duration_minutes, "state": a.state,
               "relationship_id": a.relationship_id, "programme_id": a.programme_id}),
    )
    .await?;
    if let Owner::Rel(l) = &owner {
        // People taking part, and the leaders of the schools taking part.
        let me = p.person().map(|x| x.id);
        for who in crate::mentoring::relationships::service::recipients(&txn, &l.parts, me).await? {
            crate::notifications::send(
                &txn,
                who,
                "activity_logged",
                &l.r.title,
                &format!("/mentoring/relationships/{}", l.r.id),
            )
            .await?;
        }
    }
    let mut out = dtos(&txn, p, vec![a]).await?;
    txn.commit().await?;
    out.pop()
        .ok_or_else(|| ApiError::internal("activity vanished"))
}

/// The activity, 404 unless its relationship or programme is visible.
async fn visible(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<(activity::Model, Owner)> {
    let a = repo::activity(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Activity"))?;
    let owner = match a.relationship_id {
        Some(r) => owner_of(db, p, Some(r), None).await,
        None => owner_of(db, p, None, a.programme_id).await,
    }
    .map_err(|_| ApiError::not_found("Activity"))?;
    Ok((a, owner))
}

pub async fn get(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<ActivityDto> {
    let (a, _) = visible(db, p, id).await?;
    dtos(db, p, vec![a])
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("Activity"))
}

fn must_edit(p: &Principal, a: &activity::Model) -> ApiResult<()> {
    if policy::edits_activity(p, a.hub_id, a.author_id) {
        Ok(())
    } else {
        Err(ApiError::forbidden(
            "Only the activity's author and the hub's coordinators may change it.",
        ))
    }
}

pub async fn update(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: ActivityIn,
) -> ApiResult<ActivityDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<activity::Entity>(&txn, id).await?;
    let (a, owner) = visible(&txn, p, id).await?;
    must_edit(p, &a)?;
    etag::check(expected, a.version)?;
    if input.relationship_id != a.relationship_id
        || (a.relationship_id.is_none() && input.programme_id != a.programme_id)
    {
        return Err(ApiError::field(
            "relationship_id",
            "immutable",
            "An activity stays with its relationship or programme.",
        ));
    }
    let (state, attendees) = check(&txn, &owner, &input).await?;
    let a2 = repo::update(
        &txn,
        activity::Model {
            date: day(input.date),
            duration_minutes: i32::try_from(input.duration_minutes).unwrap_or(0),
            mode: from_input::<ActivityMode>("mode", &input.mode)?,
            kind: input.kind,
            state,
            topics: to_json(&input.topics),
            notes: blank_none(input.notes),
            start_time: input.start_time.clone(),
            place: blank_none(input.place.clone()),
            outcomes: blank_none(input.outcomes),
            follow_ups: blank_none(input.follow_ups),
            evidence: to_json(&input.evidence),
            updated_at: crate::db::now(),
            version: a.version + 1,
            ..a.clone()
        },
    )
    .await?;
    repo::replace_attendees(&txn, id, &attendees).await?;
    audit::record(
        &txn,
        p.into(),
        "activity.updated",
        ("activity", Some(id)),
        Where {
            hub_id: Some(a2.hub_id),
            school_id: None,
        },
        json!({"from": {"state": a.state, "minutes": a.duration_minutes, "date": a.date},
               "to": {"state": a2.state, "minutes": a2.duration_minutes, "date": a2.date}}),
    )
    .await?;
    let mut out = dtos(&txn, p, vec![a2]).await?;
    txn.commit().await?;
    out.pop()
        .ok_or_else(|| ApiError::internal("activity vanished"))
}

pub async fn delete(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<()> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<activity::Entity>(&txn, id).await?;
    let (a, _) = visible(&txn, p, id).await?;
    must_edit(p, &a)?;
    repo::delete(&txn, &a).await?;
    audit::record(
        &txn,
        p.into(),
        "activity.deleted",
        ("activity", Some(id)),
        Where {
            hub_id: Some(a.hub_id),
            school_id: None,
        },
        json!({"date": a.date, "minutes": a.duration_minutes, "state": a.state}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The caller's coming activities: planned, from today (in each hub's zone, a day's grace)
/// for the next 60 days, in the relationships they take part in — for the home page.
pub async fn upcoming(db: &DatabaseConnection, p: &Principal) -> ApiResult<Vec<ActivityDto>> {
    let Some(me) = p.person() else {
        return Ok(Vec::new());
    };
    let rels: Vec<Uuid> = rels::taking_part(db, me.id)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    if rels.is_empty() {
        return Ok(Vec::new());
    }
    let today = crate::db::now().date_naive();
    let rows = repo::planned_between(
        db,
        rels,
        day(today - chrono::Duration::days(1)),
        day(today + chrono::Duration::days(60)),
        20,
    )
    .await?;
    dtos(db, p, rows).await
}

/// A relationship's activities, newest first.
pub async fn list_for_relationship(
    db: &DatabaseConnection,
    p: &Principal,
    rel: Uuid,
    limit: u64,
    cursor: Option<Cursor>,
) -> ApiResult<Page<ActivityDto>> {
    rels::visible(db, p, rel).await?;
    // After (date, id) in newest-first order.
    if cursor.as_ref().is_some_and(|c| parse_day(&c.key).is_err()) {
        return Err(ApiError::bad_request(
            ErrorCode::InvalidQuery,
            "cursor is not valid.",
        ));
    }
    let mut rows = repo::of_relationship(db, rel, cursor, limit + 1).await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = rows.last().filter(|_| more).map(|a| {
        Cursor {
            key: a.date.clone(),
            id: a.id,
        }
        .encode()
    });
    Ok(Page {
        items: dtos(db, p, rows).await?,
        next_cursor,
    })
}

/// A programme's own activities (not of a relationship), newest first, with who may attend
/// for those who may log them.
pub async fn list_for_programme(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
) -> ApiResult<ProgrammeActivitiesDto> {
    let o = owner_of(db, p, None, Some(id)).await?;
    let rows = repo::of_programme(db, id).await?;
    let can_log = may_log(p, &o);
    let mut attendable_list = Vec::new();
    if can_log {
        let who = attendable(db, &o).await?;
        let ids: Vec<Uuid> = who.keys().copied().collect();
        let names = crate::people::repo::names_of(db, &ids).await?;
        attendable_list = who
            .into_iter()
            .map(|(person_id, role)| AttendeeDto {
                name: names.get(&person_id).cloned().unwrap_or_default(),
                person_id,
                role,
            })
            .collect();
        attendable_list
            .sort_by(|a, b| (a.role.as_str().cmp(b.role.as_str())).then(a.name.cmp(&b.name)));
    }
    Ok(ProgrammeActivitiesDto {
        items: dtos(db, p, rows).await?,
        can_log,
        attendable: attendable_list,
    })
}
