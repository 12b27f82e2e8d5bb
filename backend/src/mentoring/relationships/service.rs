use crate::audit::service::{self as audit, Where};
use crate::auth::model::{Principal, Role};
use crate::auth::policy::{self, Action, Standing};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::mentoring::activities::dto::AttendeeDto;
use crate::mentoring::dto::PARTICIPANT_ROLES;
use crate::mentoring::entity::{event, feedback, goal, participant, relationship};
use crate::mentoring::model::{
    AttendeeRole, GoalStatus, ParticipantRole, RelationshipKind, RelationshipStatus,
};
use crate::mentoring::relationships::dto::{
    EventDto, FeedbackDto, FeedbackIn, GoalDto, GoalIn, ParticipantDto, ParticipantIn,
    RelationshipCreate, RelationshipDto, RelationshipPatch, RelationshipQuery,
    RelationshipRightsDto, RelationshipSummaryDto, TransitionIn,
};
use crate::mentoring::repo::{Stamped, activity_stamps};
use crate::mentoring::shared::{
    LoadedProgramme, StampCache, approved_schools, hours, json_list, to_json, visible_programme,
};
use crate::platform::enums::input as from_input;
use crate::platform::etag;
use crate::platform::pagination::{Cursor, Page};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use uuid::Uuid;

/// The caller's standing: roles held as a person or as a leader of a participating school;
/// staff of a participating school see it.
pub(crate) fn standing(
    p: &Principal,
    r: &relationship::Model,
    parts: &[participant::Model],
) -> Standing {
    Standing::of(
        p,
        r.created_by,
        parts.iter().map(|x| (x.person_id, x.school_id, x.role)),
    )
}

pub(crate) use super::repo::{
    mentee_schools, mentee_schools_among, participants_of, participants_of_many,
    relationship_minutes,
};
use super::repo::{names, school_names};

pub(crate) struct LoadedRel {
    pub r: relationship::Model,
    pub parts: Vec<participant::Model>,
    pub standing: Standing,
}

/// The relationship, 404 unless the caller sees it.
pub(crate) async fn visible(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<LoadedRel> {
    let r = super::repo::relationship(db, id)
        .await?
        .ok_or_else(|| ApiError::not_found("Relationship"))?;
    let parts = participants_of(db, id).await?;
    let s = standing(p, &r, &parts);
    policy::must_see(policy::sees_relationship(p, r.hub_id, &s), "Relationship")?;
    Ok(LoadedRel {
        r,
        parts,
        standing: s,
    })
}

fn role_rank(r: &str) -> usize {
    PARTICIPANT_ROLES.iter().position(|x| *x == r).unwrap_or(9)
}

pub(crate) async fn participant_dtos(
    db: &impl ConnectionTrait,
    parts: &[participant::Model],
) -> ApiResult<Vec<ParticipantDto>> {
    let names = ParticipantNames::load(db, parts.iter()).await?;
    Ok(names.dtos(parts))
}

/// The names of people and schools taking part, loaded once for many relationships.
pub(crate) struct ParticipantNames {
    people: BTreeMap<Uuid, String>,
    schools: BTreeMap<Uuid, String>,
}

impl ParticipantNames {
    pub(crate) async fn load<'a>(
        db: &impl ConnectionTrait,
        parts: impl Iterator<Item = &'a participant::Model> + Clone,
    ) -> ApiResult<Self> {
        let people: BTreeSet<Uuid> = parts.clone().filter_map(|x| x.person_id).collect();
        let schools: BTreeSet<Uuid> = parts.filter_map(|x| x.school_id).collect();
        Ok(Self {
            people: names(db, people).await?,
            schools: school_names(db, schools).await?,
        })
    }

    pub(crate) fn dtos(&self, parts: &[participant::Model]) -> Vec<ParticipantDto> {
        let mut out: Vec<ParticipantDto> = parts
            .iter()
            .map(|x| {
                let school_name = x.school_id.and_then(|s| self.schools.get(&s).cloned());
                ParticipantDto {
                    id: x.id,
                    person_id: x.person_id,
                    school_id: x.school_id,
                    name: match x.person_id {
                        Some(pid) => self.people.get(&pid).cloned().unwrap_or_default(),
                        None => school_name.clone().unwrap_or_default(),
                    },
                    school_name,
                    role: x.role,
                }
            })
            .collect();
        out.sort_by_key(|x| role_rank(x.role.as_str()));
        out
    }
}

async fn to_dto(
    db: &impl ConnectionTrait,
    p: &Principal,
    l: &LoadedRel,
) -> ApiResult<RelationshipDto> {
    let goals = super::repo::goals_of(db, l.r.id)
        .await?
        .into_iter()
        .map(|g| GoalDto {
            id: g.id,
            text: g.text,
            indicator: g.indicator,
            status: g.status,
        })
        .collect();
    let events = super::repo::events_of(db, l.r.id).await?;
    let who = names(db, events.iter().map(|e| e.by_id)).await?;
    let history = events
        .into_iter()
        .map(|e| EventDto {
            from: e.from_status,
            to: e.to_status,
            reason: e.reason,
            by_name: who.get(&e.by_id).cloned().unwrap_or_default(),
            at: e.at,
        })
        .collect();
    let programme_name = match l.r.programme_id {
        Some(id) => crate::mentoring::repo::programme(db, id)
            .await?
            .map(|x| x.name),
        None => None,
    };
    let minutes = relationship_minutes(db, &[l.r.id]).await?;
    let manage = policy::manages_relationship(p, l.r.hub_id, &l.standing);
    let log = policy::logs_activity(p, l.r.hub_id, &l.standing);
    let attendable = if log {
        let who = attendable(db, &l.parts).await?;
        let people = names(db, who.keys().copied()).await?;
        let mut list: Vec<AttendeeDto> = who
            .into_iter()
            .map(|(person_id, role)| AttendeeDto {
                name: people.get(&person_id).cloned().unwrap_or_default(),
                person_id,
                role,
            })
            .collect();
        list.sort_by(|a, b| {
            role_rank(a.role.as_str())
                .cmp(&role_rank(b.role.as_str()))
                .then(a.name.cmp(&b.name))
        });
        list
    } else {
        vec![]
    };
    let (feedback, feedback_to) = feedback_of(db, p, l).await?;
    let next = if manage {
        [
            RelationshipStatus::Active,
            RelationshipStatus::Paused,
            RelationshipStatus::Completed,
            RelationshipStatus::Cancelled,
        ]
        .into_iter()
        .filter(|n| l.r.status.can_become(*n))
        .collect()
    } else {
        vec![]
    };
    Ok(RelationshipDto {
        id: l.r.id,
        hub_id: l.r.hub_id,
        programme_id: l.r.programme_id,
        programme_name,
        kind: l.r.kind,
        title: l.r.title.clone(),
        focus: json_list(&l.r.focus),
        agreement: l.r.agreement.clone(),
        meeting_rhythm: l.r.meeting_rhythm.clone(),
        status: l.r.status,
        next,
        participants: participant_dtos(db, &l.parts).await?,
        goals,
        history,
        hours: hours(minutes.get(&l.r.id).copied().unwrap_or(0), None),
        rights: RelationshipRightsDto {
            manage,
            log,
            roles: l.standing.roles.clone(),
        },
        attendable,
        feedback,
        feedback_to,
        created_at: l.r.created_at,
        etag_version: l.r.version,
    })
}

/// Where a relationship's participants may come from: the hub's schools, and the schools
/// enrolled (and approved) in its programme — which brings in other hubs' schools.
struct Reach {
    hub: Uuid,
    schools: BTreeSet<Uuid>,
}

async fn reach(
    db: &impl ConnectionTrait,
    hub: Uuid,
    programme: Option<&LoadedProgramme>,
) -> ApiResult<Reach> {
    let mut schools: BTreeSet<Uuid> = crate::directory::repo::schools_of_hub(db, hub)
        .await?
        .into_iter()
        .map(|s| s.id)
        .collect();
    if let Some(l) = programme {
        schools.extend(approved_schools(l));
    }
    Ok(Reach { hub, schools })
}

/// A participant named in a request, resolved and checked against the reach.
async fn resolve(
    db: &impl ConnectionTrait,
    reach: &Reach,
    field: &str,
    x: &ParticipantIn,
) -> ApiResult<(Option<Uuid>, Option<Uuid>)> {
    let bad = |msg: &str| ApiError::field(field, "participant", msg.to_string());
    let person = match (&x.person_id, &x.email) {
        (Some(id), _) => Some(
            crate::people::repo::person(db, *id)
                .await?
                .ok_or_else(|| bad("No such person."))?,
        ),
        (None, Some(e)) => Some(
            crate::people::repo::by_email(db, &crate::platform::validate::normalise_email(e))
                .await?
                .ok_or_else(|| bad("Nobody has this e-mail address here."))?,
        ),
        (None, None) => None,
    };
    match person {
        Some(pm) => {
            if !pm.active {
                return Err(bad("This person's account is deactivated."));
            }
            let grants = crate::people::repo::grants_of(db, pm.id).await?;
            let staff_schools: Vec<Uuid> = grants
                .iter()
                .filter(|g| g.role.works_at_school())
                .filter_map(|g| g.school_id)
                .filter(|s| reach.schools.contains(s))
                .collect();
            let in_hub = grants
                .iter()
                .any(|g| g.role.guides_in_hub() && g.hub_id == Some(reach.hub));
            let school = match x.school_id {
                Some(s) if staff_schools.contains(&s) => Some(s),
                Some(_) => return Err(bad("The person does not work at this school.")),
                None => staff_schools.first().copied(),
            };
            if school.is_none() && !in_hub {
                return Err(bad(
                    "The person must work at a school of the hub or the programme, or mentor in the hub.",
                ));
            }
            Ok((Some(pm.id), school))
        }
        None => match x.school_id {
            Some(s) if reach.schools.contains(&s) => Ok((None, Some(s))),
            Some(_) => Err(bad(
                "The school must belong to the hub or be enrolled in the programme.",
            )),
            None => Err(bad("Name a person (person_id or email) or a school.")),
        },
    }
}

/// The structure's rules on who takes part.
fn check_structure(kind: &str, parts: &[(Option<Uuid>, Option<Uuid>, String)]) -> ApiResult<()> {
    let count = |person: bool, role: &str| {
        parts
            .iter()
            .filter(|(p, _, r)| p.is_some() == person && r == role)
            .count()
    };
    let problem = match kind {
        "school_to_school" if count(false, "mentor") == 0 || count(false, "mentee") == 0 => {
            Some("A school-to-school relationship needs a mentor school and a mentee school.")
        }
        "expert_to_school" if count(true, "mentor") == 0 || count(false, "mentee") == 0 => {
            Some("An expert-to-school relationship needs a mentor (a person) and a mentee school.")
        }
        "teacher_to_teacher" | "leader_to_leader"
            if count(true, "mentor") == 0 || count(true, "mentee") == 0 =>
        {
            Some("This relationship needs a mentor and a mentee (people).")
        }
        "peer_group" if count(true, "peer") < 3 => Some("A peer group needs three or more peers."),
        _ => None,
    };
    match problem {
        Some(m) => Err(ApiError::field("participants", "structure", m)),
        None => Ok(()),
    }
}

fn check_goal_status(goals: &[GoalIn]) -> ApiResult<()> {
    let mut errs = Vec::new();
    for (i, g) in goals.iter().enumerate() {
        if let Some(s) = &g.status
            && !["open", "achieved", "dropped"].contains(&s.as_str())
        {
            errs.push(FieldError {
                field: format!("goals.{i}.status"),
                code: "status".into(),
                message: "Must be open, achieved or dropped.".into(),
            });
        }
    }
    if errs.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errs))
    }
}

async fn write_goals(db: &impl ConnectionTrait, rel: Uuid, goals: Vec<GoalIn>) -> ApiResult<()> {
    let mut rows = Vec::with_capacity(goals.len());
    for (i, g) in goals.into_iter().enumerate() {
        rows.push(goal::Model {
            id: Uuid::now_v7(),
            relationship_id: rel,
            position: i32::try_from(i).unwrap_or(0),
            text: g.text.trim().to_string(),
            indicator: g.indicator.trim().to_string(),
            status: match &g.status {
                Some(s) => from_input(&format!("goals.{i}.status"), s)?,
                None => GoalStatus::Open,
            },
        });
    }
    super::repo::replace_goals(db, rel, rows).await
}

fn place(r: &relationship::Model) -> Where {
    Where {
        hub_id: Some(r.hub_id),
        school_id: None,
    }
}

pub async fn create(
    db: &DatabaseConnection,
    p: &Principal,
    input: RelationshipCreate,
) -> ApiResult<RelationshipDto> {
    check_goal_status(&input.goals)?;
    let txn = crate::db::write(db).await?;
    let prog = match input.programme_id {
        Some(id) => Some(
            visible_programme(&txn, p, id)
                .await
                .map_err(|_| ApiError::field("programme_id", "not_found", "No such programme."))?,
        ),
        None => None,
    };
    let hub = match (&prog, input.hub_id) {
        (Some(l), Some(h)) if l.p.hub_id != h => {
            return Err(ApiError::field(
                "hub_id",
                "mismatch",
                "A programme's relationships belong to the programme's hub.",
            ));
        }
        (Some(l), _) => l.p.hub_id,
        (None, Some(h)) => {
            crate::directory::service::find_visible_hub(&txn, p, h)
                .await
                .map_err(|_| ApiError::field("hub_id", "not_found", "No such hub."))?
                .id
        }
        (None, None) => {
            return Err(ApiError::field(
                "hub_id",
                "required",
                "Name the hub or the programme.",
            ));
        }
    };
    policy::must_allow(p, Action::RelationshipCreate { hub })?;
    let reach = reach(&txn, hub, prog.as_ref()).await?;
    let mut resolved: Vec<(Option<Uuid>, Option<Uuid>, String)> = Vec::new();
    for (i, x) in input.participants.iter().enumerate() {
        let (person, school) = resolve(&txn, &reach, &format!("participants.{i}"), x).await?;
        if resolved
            .iter()
            .any(|(p2, s2, _)| *p2 == person && (person.is_some() || *s2 == school))
        {
            return Err(ApiError::field(
                &format!("participants.{i}"),
                "duplicate",
                "Named twice.",
            ));
        }
        resolved.push((person, school, x.role.clone()));
    }
    check_structure(&input.kind, &resolved)?;
    let now = crate::db::now();
    let id = Uuid::now_v7();
    let r = super::repo::insert(
        &txn,
        relationship::Model {
            id,
            hub_id: hub,
            programme_id: input.programme_id,
            kind: from_input::<RelationshipKind>("kind", &input.kind)?,
            title: input.title.trim().to_string(),
            focus: to_json(&input.focus),
            agreement: input.agreement.filter(|a| !a.trim().is_empty()),
            meeting_rhythm: input.meeting_rhythm.filter(|a| !a.trim().is_empty()),
            status: RelationshipStatus::Proposed,
            created_by: p.id(),
            created_at: now,
            updated_at: now,
            version: 1,
        },
    )
    .await?;
    let mut added = Vec::with_capacity(resolved.len());
    for (i, (person, school, role)) in resolved.iter().enumerate() {
        added.push(participant::Model {
            id: Uuid::now_v7(),
            relationship_id: id,
            person_id: *person,
            school_id: *school,
            role: from_input(&format!("participants.{i}.role"), role)?,
            added_by: p.id(),
            added_at: now,
        });
    }
    super::repo::insert_participants(&txn, added.clone()).await?;
    write_goals(&txn, id, input.goals).await?;
    super::repo::insert_event(
        &txn,
        event::Model {
            id: Uuid::now_v7(),
            relationship_id: id,
            from_status: None,
            to_status: RelationshipStatus::Proposed,
            reason: None,
            by_id: p.id(),
            at: now,
        },
    )
    .await?;
    // Everyone added is told: people, and the leaders of the schools added.
    for who in recipients(&txn, &added, p.person().map(|x| x.id)).await? {
        crate::notifications::send(
            &txn,
            who,
            "relationship_added",
            &r.title,
            &format!("/mentoring/relationships/{id}"),
        )
        .await?;
    }
    audit::record(
        &txn,
        p.into(),
        "relationship.created",
        ("relationship", Some(id)),
        place(&r),
        json!({"title": r.title, "kind": r.kind, "participants": resolved.len()}),
    )
    .await?;
    let l = visible(&txn, p, id).await?;
    let dto = to_dto(&txn, p, &l).await?;
    txn.commit().await?;
    Ok(dto)
}

pub async fn get(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<RelationshipDto> {
    let l = visible(db, p, id).await?;
    to_dto(db, p, &l).await
}

/// Final minutes of relationships: those of a programme from its kept sums (their stamps
/// in one statement, a programme whose activities changed added up again in one more),
/// the others summed directly.
static RELATIONSHIP_SUMS: std::sync::LazyLock<StampCache<u64>> =
    std::sync::LazyLock::new(StampCache::new);

/// The final minutes of relationships: their activity stamps in one statement (migration
/// 21), and the minutes of those whose activities changed since this server last added
/// them up in one more.
async fn minutes_of(
    db: &DatabaseConnection,
    rels: &[relationship::Model],
) -> ApiResult<BTreeMap<Uuid, u64>> {
    let ids: Vec<Uuid> = rels.iter().map(|r| r.id).collect();
    let stamps = activity_stamps(db, Stamped::Relationship, &ids).await?;
    let mut out = BTreeMap::new();
    let mut todo = Vec::new();
    for (id, stamp) in &stamps {
        match RELATIONSHIP_SUMS.get(*id, *stamp) {
            Some(m) => {
                out.insert(*id, *m);
            }
            None => todo.push(*id),
        }
    }
    let fresh = relationship_minutes(db, &todo).await?;
    for id in todo {
        let m = fresh.get(&id).copied().unwrap_or(0);
        RELATIONSHIP_SUMS.put(
            id,
            stamps.get(&id).copied().unwrap_or_default(),
            Arc::new(m),
        );
        out.insert(id, m);
    }
    Ok(out)
}

pub async fn list(
    db: &DatabaseConnection,
    p: &Principal,
    q: &RelationshipQuery,
    limit: u64,
    cursor: Option<Cursor>,
) -> ApiResult<Page<RelationshipSummaryDto>> {
    let me = p.person().map(|x| x.id);
    let reach = policy::relationship_reach(p);
    let mut rows = super::repo::page(
        db,
        super::repo::Filter {
            me,
            reach: (!reach.all).then_some((reach.hubs, reach.schools)),
            mine: q.mine.map(|m| (m, policy::own_schools(p))),
            programme_id: q.programme_id,
            hub_id: q.hub_id,
        },
        cursor.map(|c| c.id),
        limit + 1,
    )
    .await?;
    let more = rows.len() as u64 > limit;
    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    let next_cursor = rows.last().filter(|_| more).map(|r| {
        Cursor {
            key: String::new(),
            id: r.id,
        }
        .encode()
    });
    let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
    let minutes = minutes_of(db, &rows).await?;
    let (mut all_parts, people, schools) = super::repo::participants_named(db, &ids).await?;
    let shown: Vec<_> = rows
        .into_iter()
        .map(|r| {
            let parts = all_parts.remove(&r.id).unwrap_or_default();
            let s = standing(p, &r, &parts);
            (r, parts, s)
        })
        .collect();
    let names = ParticipantNames { people, schools };
    Ok(Page {
        items: shown
            .into_iter()
            .map(|(r, parts, s)| RelationshipSummaryDto {
                id: r.id,
                hub_id: r.hub_id,
                programme_id: r.programme_id,
                kind: r.kind,
                title: r.title,
                status: r.status,
                participants: names.dtos(&parts),
                hours: hours(minutes.get(&r.id).copied().unwrap_or(0), None),
                my_roles: s.roles,
            })
            .collect(),
        next_cursor,
    })
}

async fn visible_for_change(
    db: &impl ConnectionTrait,
    p: &Principal,
    id: Uuid,
) -> ApiResult<LoadedRel> {
    let l = visible(db, p, id).await?;
    if !policy::manages_relationship(p, l.r.hub_id, &l.standing) {
        return Err(ApiError::forbidden(
            "Only the relationship's mentors and facilitators and the hub's coordinators may change it.",
        ));
    }
    Ok(l)
}

pub async fn update(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    expected: Option<i32>,
    input: RelationshipPatch,
) -> ApiResult<RelationshipDto> {
    if let Some(g) = &input.goals {
        check_goal_status(g)?;
    }
    let txn = crate::db::write(db).await?;
    crate::db::lock::<relationship::Entity>(&txn, id).await?;
    let l = visible_for_change(&txn, p, id).await?;
    etag::check(expected, l.r.version)?;
    let mut a = l.r.clone();
    if let Some(t) = input.title {
        a.title = t.trim().to_string();
    }
    if let Some(f) = input.focus {
        a.focus = to_json(&f);
    }
    if let Some(x) = input.agreement {
        a.agreement = Some(x).filter(|x| !x.trim().is_empty());
    }
    if let Some(x) = input.meeting_rhythm {
        a.meeting_rhythm = Some(x).filter(|x| !x.trim().is_empty());
    }
    if let Some(g) = input.goals {
        write_goals(&txn, id, g).await?;
    }
    a.updated_at = crate::db::now();
    a.version = l.r.version + 1;
    let r = super::repo::update(&txn, a).await?;
    audit::record(
        &txn,
        p.into(),
        "relationship.updated",
        ("relationship", Some(id)),
        place(&r),
        json!({}),
    )
    .await?;
    let l = visible(&txn, p, id).await?;
    let dto = to_dto(&txn, p, &l).await?;
    txn.commit().await?;
    Ok(dto)
}

pub async fn add_participant(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    input: ParticipantIn,
) -> ApiResult<RelationshipDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<relationship::Entity>(&txn, id).await?;
    let l = visible_for_change(&txn, p, id).await?;
    let prog = match l.r.programme_id {
        Some(pid) => Some(visible_programme(&txn, p, pid).await?),
        None => None,
    };
    let reach = reach(&txn, l.r.hub_id, prog.as_ref()).await?;
    let (person, school) = resolve(&txn, &reach, "person_id", &input).await?;
    if l.parts
        .iter()
        .any(|x| x.person_id == person && (person.is_some() || x.school_id == school))
    {
        return Err(ApiError::conflict(
            ErrorCode::AlreadyTakingPart,
            "Already taking part in this relationship.",
        ));
    }
    super::repo::insert_participants(
        &txn,
        vec![participant::Model {
            id: Uuid::now_v7(),
            relationship_id: id,
            person_id: person,
            school_id: school,
            role: from_input::<ParticipantRole>("role", &input.role)?,
            added_by: p.id(),
            added_at: crate::db::now(),
        }],
    )
    .await?;
    audit::record(
        &txn,
        p.into(),
        "relationship.participant_added",
        ("relationship", Some(id)),
        place(&l.r),
        json!({"person_id": person, "school_id": school, "role": input.role}),
    )
    .await?;
    let added = participant::Model {
        id: Uuid::nil(),
        relationship_id: id,
        person_id: person,
        school_id: school,
        role: from_input("role", &input.role)?,
        added_by: p.id(),
        added_at: crate::db::now(),
    };
    for who in recipients(&txn, std::slice::from_ref(&added), p.person().map(|x| x.id)).await? {
        crate::notifications::send(
            &txn,
            who,
            "relationship_added",
            &l.r.title,
            &format!("/mentoring/relationships/{id}"),
        )
        .await?;
    }
    let l = visible(&txn, p, id).await?;
    let dto = to_dto(&txn, p, &l).await?;
    txn.commit().await?;
    Ok(dto)
}

pub async fn remove_participant(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    participant_id: Uuid,
) -> ApiResult<RelationshipDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<relationship::Entity>(&txn, id).await?;
    let l = visible_for_change(&txn, p, id).await?;
    let x = l
        .parts
        .iter()
        .find(|x| x.id == participant_id)
        .ok_or_else(|| ApiError::not_found("Participant"))?;
    super::repo::delete_participant(&txn, x.id).await?;
    audit::record(
        &txn,
        p.into(),
        "relationship.participant_removed",
        ("relationship", Some(id)),
        place(&l.r),
        json!({"person_id": x.person_id, "school_id": x.school_id, "role": x.role}),
    )
    .await?;
    let l = visible(&txn, p, id).await?;
    let dto = to_dto(&txn, p, &l).await?;
    txn.commit().await?;
    Ok(dto)
}

/// Move along the lifecycle; invalid moves answer 409. Each move is kept with who, when
/// and why.
pub async fn transition(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    input: TransitionIn,
) -> ApiResult<RelationshipDto> {
    let to = RelationshipStatus::parse(&input.to).ok_or_else(|| {
        ApiError::field(
            "to",
            "status",
            "Must be active, paused, completed or cancelled.",
        )
    })?;
    let txn = crate::db::write(db).await?;
    crate::db::lock::<relationship::Entity>(&txn, id).await?;
    let l = visible_for_change(&txn, p, id).await?;
    let from = l.r.status;
    if !from.can_become(to) {
        return Err(ApiError::conflict(
            ErrorCode::TransitionNotAllowed,
            format!(
                "A relationship that is {} cannot become {}.",
                l.r.status, input.to
            ),
        ));
    }
    let now = crate::db::now();
    let r = super::repo::update(
        &txn,
        relationship::Model {
            status: to,
            updated_at: now,
            version: l.r.version + 1,
            ..l.r.clone()
        },
    )
    .await?;
    let reason = input.reason.filter(|x| !x.trim().is_empty());
    super::repo::insert_event(
        &txn,
        event::Model {
            id: Uuid::now_v7(),
            relationship_id: id,
            from_status: Some(l.r.status),
            to_status: r.status,
            reason: reason.clone(),
            by_id: p.id(),
            at: now,
        },
    )
    .await?;
    audit::record(
        &txn,
        p.into(),
        "relationship.status_changed",
        ("relationship", Some(id)),
        place(&r),
        json!({"from": l.r.status, "to": r.status, "reason": reason}),
    )
    .await?;
    let me = p.person().map(|x| x.id);
    let link = format!("/mentoring/relationships/{id}");
    for who in recipients(&txn, &l.parts, me).await? {
        crate::notifications::send(&txn, who, "relationship_status", &r.title, &link).await?;
    }
    // At completion, everyone who took part is asked for feedback: people for themselves,
    // schools' leaders for their school.
    if to == RelationshipStatus::Completed {
        let leaders = school_leaders(
            &txn,
            &l.parts
                .iter()
                .filter(|x| x.person_id.is_none())
                .filter_map(|x| x.school_id)
                .collect::<Vec<_>>(),
        )
        .await?;
        let mut asked: BTreeSet<Uuid> = BTreeSet::new();
        for x in l
            .parts
            .iter()
            .filter(|x| !targets_of(x, &l.parts).is_empty())
        {
            match (x.person_id, x.school_id) {
                (Some(pid), _) => {
                    asked.insert(pid);
                }
                (None, Some(sid)) => asked.extend(leaders.get(&sid).into_iter().flatten()),
                (None, None) => {}
            }
        }
        for who in asked {
            crate::notifications::send(&txn, who, "feedback_asked", &r.title, &link).await?;
        }
    }
    let l = visible(&txn, p, id).await?;
    let dto = to_dto(&txn, p, &l).await?;
    txn.commit().await?;
    Ok(dto)
}

/// People who may attend an activity of the relationship, with the role they attend in:
/// person participants, and the staff of participating schools (in the school's role).
pub(crate) async fn attendable(
    db: &impl ConnectionTrait,
    parts: &[participant::Model],
) -> ApiResult<BTreeMap<Uuid, AttendeeRole>> {
    let mut out: BTreeMap<Uuid, AttendeeRole> = BTreeMap::new();
    let school_roles: BTreeMap<Uuid, AttendeeRole> = parts
        .iter()
        .filter(|x| x.person_id.is_none())
        .filter_map(|x| x.school_id.map(|s| (s, x.role.into())))
        .collect();
    if !school_roles.is_empty() {
        let staff = crate::mentoring::activities::repo::school_grants(
            db,
            school_roles.keys().copied().collect(),
            &[Role::Teacher, Role::SchoolLeader],
        )
        .await?;
        for g in staff {
            if let Some(role) = g.school_id.and_then(|s| school_roles.get(&s)) {
                out.entry(g.person_id).or_insert(*role);
            }
        }
    }
    // A person's own participation wins over their school's.
    for x in parts {
        if let Some(pid) = x.person_id {
            out.insert(pid, x.role.into());
        }
    }
    Ok(out)
}

/// Whom a participant gives end-of-relationship feedback to: mentors and facilitators to
/// mentees, mentees to mentors and facilitators, peers to peers.
fn other_side(role: ParticipantRole) -> &'static [ParticipantRole] {
    use ParticipantRole::*;
    match role {
        Mentor | Facilitator => &[Mentee],
        Mentee => &[Mentor, Facilitator],
        Peer => &[Peer],
    }
}

/// The participant rows the caller acts as: their own, and those of schools they lead
/// (a school takes part through its leaders).
fn acting_as<'a>(p: &Principal, parts: &'a [participant::Model]) -> Vec<&'a participant::Model> {
    let me = p.person().map(|x| x.id);
    parts
        .iter()
        .filter(|x| match (x.person_id, x.school_id) {
            (Some(pid), _) => Some(pid) == me,
            (None, Some(sid)) => policy::acts_for_school(p, sid),
            (None, None) => false,
        })
        .collect()
}

/// Whom a participant gives feedback to: the other side, people and schools alike.
fn targets_of<'a>(
    from: &participant::Model,
    parts: &'a [participant::Model],
) -> Vec<&'a participant::Model> {
    parts
        .iter()
        .filter(|x| x.id != from.id)
        .filter(|x| !(x.person_id.is_some() && x.person_id == from.person_id))
        .filter(|x| other_side(from.role).contains(&x.role))
        .collect()
}

/// Everyone the caller may give feedback to, each with the row the caller gives it as
/// (their own participation first, then their schools').
fn feedback_targets<'a>(
    p: &Principal,
    parts: &'a [participant::Model],
) -> Vec<(&'a participant::Model, &'a participant::Model)> {
    let mut acting = acting_as(p, parts);
    acting.sort_by_key(|x| x.person_id.is_none());
    let mut out: Vec<(&participant::Model, &participant::Model)> = Vec::new();
    for a in acting {
        for t in targets_of(a, parts) {
            if !out.iter().any(|(_, x)| x.id == t.id) {
                out.push((a, t));
            }
        }
    }
    out
}

/// People to tell about something in a relationship: its person participants and the
/// leaders of its participating schools (one query), without `except`.
pub(crate) async fn recipients(
    db: &impl ConnectionTrait,
    parts: &[participant::Model],
    except: Option<Uuid>,
) -> ApiResult<BTreeSet<Uuid>> {
    let mut out: BTreeSet<Uuid> = parts.iter().filter_map(|x| x.person_id).collect();
    let schools: Vec<Uuid> = parts
        .iter()
        .filter(|x| x.person_id.is_none())
        .filter_map(|x| x.school_id)
        .collect();
    out.extend(school_leaders(db, &schools).await?.into_values().flatten());
    if let Some(e) = except {
        out.remove(&e);
    }
    Ok(out)
}

/// The live relationships (proposed, active, paused) a person takes part in: directly, or
/// through a school they lead. One query for the grants, one for the rows.
pub(crate) async fn taking_part(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> ApiResult<Vec<relationship::Model>> {
    super::repo::taking_part(db, person).await
}

/// The leaders of each of these schools.
async fn school_leaders(
    db: &impl ConnectionTrait,
    schools: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, Vec<Uuid>>> {
    if schools.is_empty() {
        return Ok(BTreeMap::new());
    }
    let mut out: BTreeMap<Uuid, Vec<Uuid>> = BTreeMap::new();
    for g in crate::mentoring::activities::repo::school_grants(
        db,
        schools.to_vec(),
        &[Role::SchoolLeader],
    )
    .await?
    {
        if let Some(s) = g.school_id {
            out.entry(s).or_default().push(g.person_id);
        }
    }
    Ok(out)
}

/// Feedback given by or to the caller (or a school they lead), and whom they may still
/// give it to.
async fn feedback_of(
    db: &impl ConnectionTrait,
    p: &Principal,
    l: &LoadedRel,
) -> ApiResult<(Vec<FeedbackDto>, Vec<ParticipantDto>)> {
    let Some(me) = p.person().map(|x| x.id) else {
        return Ok((vec![], vec![]));
    };
    let led: Vec<Uuid> = acting_as(p, &l.parts)
        .iter()
        .filter(|x| x.person_id.is_none())
        .filter_map(|x| x.school_id)
        .collect();
    let rows = super::repo::feedback_of(db, l.r.id, me, &led).await?;
    let who = names(
        db,
        rows.iter()
            .flat_map(|f| [Some(f.from_person), f.to_person])
            .flatten(),
    )
    .await?;
    let schools = school_names(
        db,
        rows.iter()
            .flat_map(|f| [f.from_school_id, f.to_school_id])
            .flatten(),
    )
    .await?;
    let list = rows
        .into_iter()
        .map(|f| FeedbackDto {
            from_name: who.get(&f.from_person).cloned().unwrap_or_default(),
            from_school_name: f.from_school_id.and_then(|s| schools.get(&s).cloned()),
            to_name: match (f.to_person, f.to_school_id) {
                (Some(pid), _) => who.get(&pid).cloned().unwrap_or_default(),
                (None, Some(sid)) => schools.get(&sid).cloned().unwrap_or_default(),
                (None, None) => String::new(),
            },
            from_person: f.from_person,
            from_school_id: f.from_school_id,
            to_person: f.to_person,
            to_school_id: f.to_school_id,
            rating: u8::try_from(f.rating).unwrap_or(0),
            comment: f.comment,
            at: f.at,
        })
        .collect();
    let targets = if l.r.status == RelationshipStatus::Completed {
        let t: Vec<participant::Model> = feedback_targets(p, &l.parts)
            .into_iter()
            .map(|(_, t)| t.clone())
            .collect();
        participant_dtos(db, &t).await?
    } else {
        vec![]
    };
    Ok((list, targets))
}

/// Give (or change) end-of-relationship feedback to someone — a person or a school — on
/// the other side; only once the relationship is completed (409 before). A school gives
/// and receives it through its leaders.
pub async fn give_feedback(
    db: &DatabaseConnection,
    p: &Principal,
    id: Uuid,
    input: FeedbackIn,
) -> ApiResult<RelationshipDto> {
    let txn = crate::db::write(db).await?;
    crate::db::lock::<relationship::Entity>(&txn, id).await?;
    let l = visible(&txn, p, id).await?;
    let me = p
        .person()
        .map(|x| x.id)
        .ok_or_else(|| ApiError::not_found("Relationship"))?;
    if acting_as(p, &l.parts).is_empty() {
        return Err(ApiError::forbidden(
            "Feedback is between those who took part (a school through its leaders).",
        ));
    }
    if l.r.status != RelationshipStatus::Completed {
        return Err(ApiError::conflict(
            ErrorCode::RelationshipNotCompleted,
            "Feedback is given once the relationship is completed.",
        ));
    }
    let pair = match (input.to_person, input.to_school_id) {
        (Some(pid), None) => feedback_targets(p, &l.parts)
            .into_iter()
            .find(|(_, t)| t.person_id == Some(pid)),
        (None, Some(sid)) => feedback_targets(p, &l.parts)
            .into_iter()
            .find(|(_, t)| t.person_id.is_none() && t.school_id == Some(sid)),
        _ => {
            return Err(ApiError::field(
                "to_person",
                "required",
                "Name either a person (to_person) or a school (to_school_id).",
            ));
        }
    };
    let Some((from, to)) = pair.map(|(a, b)| (a.clone(), b.clone())) else {
        return Err(ApiError::field(
            if input.to_person.is_some() {
                "to_person"
            } else {
                "to_school_id"
            },
            "participant",
            "Give feedback to someone on the other side of the relationship.",
        ));
    };
    let from_school = from.person_id.is_none().then_some(from.school_id).flatten();
    let (to_person, to_school) = (
        to.person_id,
        to.person_id.is_none().then_some(to.school_id).flatten(),
    );
    let existing =
        super::repo::feedback_between(&txn, id, me, from_school, to_person, to_school).await?;
    let new = existing.is_none();
    let row = feedback::Model {
        from_person: me,
        rating: i32::try_from(input.rating).unwrap_or(0),
        comment: input.comment.filter(|c| !c.trim().is_empty()),
        at: crate::db::now(),
        ..existing.unwrap_or(feedback::Model {
            id: Uuid::now_v7(),
            relationship_id: id,
            from_person: me,
            to_person,
            rating: 0,
            comment: None,
            at: crate::db::now(),
            from_school_id: from_school,
            to_school_id: to_school,
        })
    };
    super::repo::save_feedback(&txn, row, new).await?;
    audit::record(
        &txn,
        p.into(),
        "relationship.feedback_given",
        ("relationship", Some(id)),
        place(&l.r),
        json!({}),
    )
    .await?;
    let l = visible(&txn, p, id).await?;
    let dto = to_dto(&txn, p, &l).await?;
    txn.commit().await?;
    Ok(dto)
}
