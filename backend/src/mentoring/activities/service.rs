//! Activities logged on a relationship or a programme: checked field by field, counted in
//! hours when final.

use crate::audit::service::{self as audit, Where};
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::mentoring::activities::dto::{
    ActivityDto, ActivityIn, AttendeeDto, ProgrammeActivitiesDto, RatingIn,
};
use crate::mentoring::entity::{activity, attendee, rating};
use crate::mentoring::lists::service::vocabulary;
use crate::mentoring::model::{self, ActivityMode, ActivityState, AttendeeRole};
use crate::mentoring::relationships::service::{self as rels, LoadedRel};
use crate::mentoring::shared::{
    LoadedProgramme, approved_schools, json_list, load_hub, to_json, visible_programme,
};
use crate::people::entity::{person, role_grant};
use crate::platform::dates::{day, parse_day};
use crate::platform::enums::input as from_input;
use crate::platform::etag;
use crate::platform::pagination::{Cursor, Page};
use sea_orm::sea_query::ExprTrait;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
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
            for g in role_grant::Entity::find()
                .filter(
                    role_grant::Column::SchoolId
                        .is_in(schools)
                        .and(role_grant::Column::Role.is_in(["teacher", "school_leader"])),
                )
                .all(db)
                .await?
            {
                out.insert(g.person_id, AttendeeRole::Participant);
            }
            for g in role_grant::Entity::find()
                .filter(role_grant::Column::HubId.eq(l.p.hub_id))
                .filter(role_grant::Column::Role.is_in(["mentor", "hub_coordinator"]))
                .all(db)
                .await?
            {
                let role = if g.role == crate::auth::model::Role::Mentor {
                    AttendeeRole::Mentor
                } else {
                    AttendeeRole::Facilitator
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

async fn write_attendees(
    db: &impl ConnectionTrait,
    activity_id: Uuid,
    list: &[(Uuid, AttendeeRole)],
) -> ApiResult<()> {
    attendee::Entity::delete_many()
        .filter(attendee::Column::ActivityId.eq(activity_id))
        .exec(db)
        .await?;
    for (pid, role) in list {
        attendee::ActiveModel {
            id: Set(Uuid::now_v7()),
            activity_id: Set(activity_id),
            person_id: Set(*pid),
            role: Set(*role),
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

pub(crate) async fn dtos(
    db: &impl ConnectionTrait,
    p: &Principal,
    rows: Vec<activity::Model>,
) -> ApiResult<Vec<ActivityDto>> {
    let ids: Vec<Uuid> = rows.iter().map(|a| a.id).collect();
    let atts = if ids.is_empty() {
        vec![]
    } else {
        attendee::Entity::find()
            .filter(attendee::Column::ActivityId.is_in(ids))
            .all(db)
            .await?
    };
    let mut people: BTreeSet<Uuid> = atts.iter().map(|a| a.person_id).collect();
    people.extend(rows.iter().map(|a| a.author_id));
    let names: BTreeMap<Uuid, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(people.into_iter().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|x| (x.id, x.name))
        .collect();
    let ratings = if ids_for_ratings(&rows).is_empty() {
        vec![]
    } else {
        rating::Entity::find()
            .filter(rating::Column::ActivityId.is_in(ids_for_ratings(&rows)))
            .all(db)
            .await?
    };
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

fn ids_for_ratings(rows: &[activity::Model]) -> Vec<Uuid> {
    rows.iter().map(|a| a.id).collect()
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
    let attended = attendee::Entity::find()
        .filter(attendee::Column::ActivityId.eq(a.id))
        .filter(attendee::Column::PersonId.eq(me))
        .one(&txn)
        .await?
        .is_some();
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
    let existing = rating::Entity::find()
        .filter(rating::Column::ActivityId.eq(a.id))
        .filter(rating::Column::PersonId.eq(me))
        .one(&txn)
        .await?;
    let value = i32::try_from(input.rating).unwrap_or(0);
    let comment = blank_none(input.comment);
    match existing {
        Some(r) => {
            let mut m: rating::ActiveModel = r.into();
            m.rating = Set(value);
            m.comment = Set(comment);
            m.at = Set(crate::db::now());
            m.update(&txn).await?;
        }
        None => {
            rating::ActiveModel {
                id: Set(Uuid::now_v7()),
                activity_id: Set(a.id),
                person_id: Set(me),
                rating: Set(value),
                comment: Set(comment),
                at: Set(crate::db::now()),
            }
            .insert(&txn)
            .await?;
        }
    }
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
    let a = activity::ActiveModel {
        id: Set(id),
        hub_id: Set(owner.hub()),
        programme_id: Set(match &owner {
            Owner::Rel(l) => l.r.programme_id,
            Owner::Programme(l) => Some(l.p.id),
        }),
        relationship_id: Set(input.relationship_id),
        date: Set(day(input.date)),
        duration_minutes: Set(i32::try_from(input.duration_minutes).unwrap_or(0)),
        mode: Set(from_input::<ActivityMode>("mode", &input.mode)?),
        kind: Set(input.kind),
        state: Set(state),
        topics: Set(to_json(&input.topics)),
        notes: Set(blank_none(input.notes)),
        start_time: Set(input.start_time.clone()),
        place: Set(blank_none(input.place.clone())),
        outcomes: Set(blank_none(input.outcomes)),
        follow_ups: Set(blank_none(input.follow_ups)),
        evidence: Set(to_json(&input.evidence)),
        author_id: Set(p.id()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
    }
    .insert(&txn)
    .await?;
    write_attendees(&txn, id, &attendees).await?;
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
    let a = activity::Entity::find_by_id(id)
        .one(db)
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
    let mut m: activity::ActiveModel = a.clone().into();
    m.date = Set(day(input.date));
    m.duration_minutes = Set(i32::try_from(input.duration_minutes).unwrap_or(0));
    m.mode = Set(from_input::<ActivityMode>("mode", &input.mode)?);
    m.kind = Set(input.kind);
    m.state = Set(state);
    m.topics = Set(to_json(&input.topics));
    m.notes = Set(blank_none(input.notes));
    m.start_time = Set(input.start_time.clone());
    m.place = Set(blank_none(input.place.clone()));
    m.outcomes = Set(blank_none(input.outcomes));
    m.follow_ups = Set(blank_none(input.follow_ups));
    m.evidence = Set(to_json(&input.evidence));
    m.updated_at = Set(crate::db::now());
    m.version = Set(a.version + 1);
    let a2 = m.update(&txn).await?;
    write_attendees(&txn, id, &attendees).await?;
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
    activity::Entity::delete_by_id(id).exec(&txn).await?;
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
    let rows = activity::Entity::find()
        .filter(activity::Column::RelationshipId.is_in(rels))
        .filter(activity::Column::State.eq("planned"))
        .filter(activity::Column::Date.gte(day(today - chrono::Duration::days(1))))
        .filter(activity::Column::Date.lte(day(today + chrono::Duration::days(60))))
        .order_by_asc(activity::Column::Date)
        .order_by_asc(activity::Column::StartTime)
        .limit(20)
        .all(db)
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
    let mut sel = activity::Entity::find().filter(activity::Column::RelationshipId.eq(rel));
    if let Some(c) = cursor {
        // After (date, id) in newest-first order.
        if parse_day(&c.key).is_err() {
            return Err(ApiError::bad_request(
                ErrorCode::InvalidQuery,
                "cursor is not valid.",
            ));
        }
        sel = sel.filter(
            Condition::any()
                .add(activity::Column::Date.lt(c.key.clone()))
                .add(
                    Condition::all()
                        .add(activity::Column::Date.eq(c.key))
                        .add(activity::Column::Id.lt(c.id)),
                ),
        );
    }
    let mut rows = sel
        .order_by_desc(activity::Column::Date)
        .order_by_desc(activity::Column::Id)
        .limit(limit + 1)
        .all(db)
        .await?;
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
    let rows = activity::Entity::find()
        .filter(activity::Column::ProgrammeId.eq(id))
        .filter(activity::Column::RelationshipId.is_null())
        .order_by_desc(activity::Column::Date)
        .order_by_desc(activity::Column::Id)
        .all(db)
        .await?;
    let can_log = may_log(p, &o);
    let mut attendable_list = Vec::new();
    if can_log {
        let who = attendable(db, &o).await?;
        let names: BTreeMap<Uuid, String> = person::Entity::find()
            .filter(person::Column::Id.is_in(who.keys().copied().collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|x| (x.id, x.name))
            .collect();
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
