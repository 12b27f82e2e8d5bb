//! Queries of mentoring relationships: the rows, participants, goals, events, feedback
//! and the minutes of their activities.

use crate::auth::model::Role;
use crate::directory::entity::school;
use crate::error::ApiResult;
use crate::mentoring::entity::{activity, event, feedback, goal, participant, relationship};
use crate::mentoring::model::{ActivityState, ParticipantRole, RelationshipStatus};
use crate::people::entity::person;
use crate::people::entity::role_grant;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Order, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel,
    QueryFilter, QueryOrder,
};
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

/// Minutes of final activities per relationship, for the given relationships.
pub async fn relationship_minutes(
    db: &impl ConnectionTrait,
    relationships: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, u64>> {
    if relationships.is_empty() {
        return Ok(BTreeMap::new());
    }
    let q = Query::select()
        .column(activity::Column::RelationshipId)
        .expr_as(
            Expr::col(activity::Column::DurationMinutes).sum(),
            Alias::new("minutes"),
        )
        .from(activity::Entity)
        .and_where(Expr::col(activity::Column::RelationshipId).is_in(relationships.to_vec()))
        .and_where(Expr::col(activity::Column::State).eq(ActivityState::Final))
        .group_by_col(activity::Column::RelationshipId)
        .to_owned();
    let mut out = BTreeMap::new();
    for r in db.query_all(&q).await? {
        let id: Option<Uuid> = r.try_get("", "relationship_id")?;
        let m: Option<i64> = r.try_get("", "minutes")?;
        if let Some(id) = id {
            out.insert(id, u64::try_from(m.unwrap_or(0)).unwrap_or(0));
        }
    }
    Ok(out)
}

pub async fn participants_of(
    db: &impl ConnectionTrait,
    rel: Uuid,
) -> ApiResult<Vec<participant::Model>> {
    Ok(participant::Entity::find()
        .filter(participant::Column::RelationshipId.eq(rel))
        .order_by_asc(participant::Column::AddedAt)
        .order_by_asc(participant::Column::Id)
        .all(db)
        .await?)
}

/// The participants of many relationships in one statement, by relationship.
pub async fn participants_of_many(
    db: &impl ConnectionTrait,
    rels: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, Vec<participant::Model>>> {
    let mut out: BTreeMap<Uuid, Vec<participant::Model>> = BTreeMap::new();
    if rels.is_empty() {
        return Ok(out);
    }
    for x in participant::Entity::find()
        .filter(participant::Column::RelationshipId.is_in(rels.to_vec()))
        .order_by_asc(participant::Column::AddedAt)
        .order_by_asc(participant::Column::Id)
        .all(db)
        .await?
    {
        out.entry(x.relationship_id).or_default().push(x);
    }
    Ok(out)
}

/// The participants of many relationships with the names of the people and schools taking
/// part, in one statement: (participants by relationship, people's names, schools' names).
#[allow(clippy::type_complexity)]
pub async fn participants_named(
    db: &impl ConnectionTrait,
    rels: &[Uuid],
) -> ApiResult<(
    BTreeMap<Uuid, Vec<participant::Model>>,
    BTreeMap<Uuid, String>,
    BTreeMap<Uuid, String>,
)> {
    let mut out: BTreeMap<Uuid, Vec<participant::Model>> = BTreeMap::new();
    let (mut people, mut schools) = (BTreeMap::new(), BTreeMap::new());
    if rels.is_empty() {
        return Ok((out, people, schools));
    }
    let q = Query::select()
        .columns([
            (participant::Entity, participant::Column::Id),
            (participant::Entity, participant::Column::RelationshipId),
            (participant::Entity, participant::Column::PersonId),
            (participant::Entity, participant::Column::SchoolId),
            (participant::Entity, participant::Column::Role),
            (participant::Entity, participant::Column::AddedBy),
            (participant::Entity, participant::Column::AddedAt),
        ])
        .expr_as(
            Expr::col((person::Entity, person::Column::Name)),
            Alias::new("person_name"),
        )
        .expr_as(
            Expr::col((school::Entity, school::Column::Name)),
            Alias::new("school_name"),
        )
        .from(participant::Entity)
        .left_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id))
                .equals((participant::Entity, participant::Column::PersonId)),
        )
        .left_join(
            school::Entity,
            Expr::col((school::Entity, school::Column::Id))
                .equals((participant::Entity, participant::Column::SchoolId)),
        )
        .and_where(
            Expr::col((participant::Entity, participant::Column::RelationshipId))
                .is_in(rels.to_vec()),
        )
        .order_by(
            (participant::Entity, participant::Column::AddedAt),
            Order::Asc,
        )
        .order_by((participant::Entity, participant::Column::Id), Order::Asc)
        .to_owned();
    for r in db.query_all(&q).await? {
        let x = participant::Model::from_query_result(&r, "")?;
        if let (Some(id), Some(name)) =
            (x.person_id, r.try_get::<Option<String>>("", "person_name")?)
        {
            people.insert(id, name);
        }
        if let (Some(id), Some(name)) =
            (x.school_id, r.try_get::<Option<String>>("", "school_name")?)
        {
            schools.insert(id, name);
        }
        out.entry(x.relationship_id).or_default().push(x);
    }
    Ok((out, people, schools))
}

/// For each relationship, the schools that are mentees in it (directly or through staff).
pub async fn mentee_schools(
    db: &impl ConnectionTrait,
    rels: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, BTreeSet<Uuid>>> {
    Ok(mentee_schools_among(&participants_of_many(db, rels).await?))
}

/// For each relationship of `parts` (participants by relationship), the schools that are
/// mentees in it (directly or through staff).
pub fn mentee_schools_among(
    parts: &BTreeMap<Uuid, Vec<participant::Model>>,
) -> BTreeMap<Uuid, BTreeSet<Uuid>> {
    let mut out: BTreeMap<Uuid, BTreeSet<Uuid>> = BTreeMap::new();
    for (rel, rows) in parts {
        for r in rows.iter().filter(|r| r.role == ParticipantRole::Mentee) {
            if let Some(s) = r.school_id {
                out.entry(*rel).or_default().insert(s);
            }
        }
    }
    out
}

/// The names of these people.
pub async fn names(
    db: &impl ConnectionTrait,
    people: impl IntoIterator<Item = Uuid>,
) -> ApiResult<BTreeMap<Uuid, String>> {
    let ids: Vec<Uuid> = people.into_iter().collect();
    crate::people::repo::names_of(db, &ids).await
}

/// The names of these schools.
pub async fn school_names(
    db: &impl ConnectionTrait,
    schools: impl IntoIterator<Item = Uuid>,
) -> ApiResult<BTreeMap<Uuid, String>> {
    let ids: Vec<Uuid> = schools.into_iter().collect();
    if ids.is_empty() {
        return Ok(BTreeMap::new());
    }
    crate::directory::repo::school_names(db, ids).await
}

pub async fn relationship(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<relationship::Model>> {
    Ok(relationship::Entity::find_by_id(id).one(db).await?)
}

pub async fn insert(
    db: &impl ConnectionTrait,
    r: relationship::Model,
) -> ApiResult<relationship::Model> {
    Ok(r.into_active_model().insert(db).await?)
}

/// Every column written back (the caller holds the relationship's lock).
pub async fn update(
    db: &impl ConnectionTrait,
    r: relationship::Model,
) -> ApiResult<relationship::Model> {
    Ok(r.into_active_model().reset_all().update(db).await?)
}

/// New participants, in one insert.
pub async fn insert_participants(
    db: &impl ConnectionTrait,
    parts: Vec<participant::Model>,
) -> ApiResult<()> {
    if !parts.is_empty() {
        participant::Entity::insert_many(parts.into_iter().map(IntoActiveModel::into_active_model))
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

pub async fn delete_participant(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<()> {
    participant::Entity::delete_by_id(id).exec(db).await?;
    Ok(())
}

/// A relationship's goals, in their order.
pub async fn goals_of(db: &impl ConnectionTrait, rel: Uuid) -> ApiResult<Vec<goal::Model>> {
    Ok(goal::Entity::find()
        .filter(goal::Column::RelationshipId.eq(rel))
        .order_by_asc(goal::Column::Position)
        .all(db)
        .await?)
}

/// A relationship's goals replaced by `goals` (in one insert).
pub async fn replace_goals(
    db: &impl ConnectionTrait,
    rel: Uuid,
    goals: Vec<goal::Model>,
) -> ApiResult<()> {
    goal::Entity::delete_many()
        .filter(goal::Column::RelationshipId.eq(rel))
        .exec(db)
        .await?;
    if !goals.is_empty() {
        goal::Entity::insert_many(goals.into_iter().map(IntoActiveModel::into_active_model))
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// A relationship's history, oldest first.
pub async fn events_of(db: &impl ConnectionTrait, rel: Uuid) -> ApiResult<Vec<event::Model>> {
    Ok(event::Entity::find()
        .filter(event::Column::RelationshipId.eq(rel))
        .order_by_asc(event::Column::At)
        .order_by_asc(event::Column::Id)
        .all(db)
        .await?)
}

pub async fn insert_event(db: &impl ConnectionTrait, e: event::Model) -> ApiResult<()> {
    event::Entity::insert(e.into_active_model())
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// The live relationships (proposed, active, paused) a person takes part in: directly, or
/// through a school they lead — in one statement.
pub async fn taking_part(
    db: &impl ConnectionTrait,
    person: Uuid,
) -> ApiResult<Vec<relationship::Model>> {
    let led = Query::select()
        .column(role_grant::Column::SchoolId)
        .from(role_grant::Entity)
        .and_where(Expr::col(role_grant::Column::PersonId).eq(person))
        .and_where(Expr::col(role_grant::Column::Role).eq(Role::SchoolLeader))
        .to_owned();
    let mine = Query::select()
        .column(participant::Column::RelationshipId)
        .from(participant::Entity)
        .cond_where(
            sea_orm::Condition::any()
                .add(Expr::col(participant::Column::PersonId).eq(person))
                .add(
                    sea_orm::Condition::all()
                        .add(Expr::col(participant::Column::PersonId).is_null())
                        .add(Expr::col(participant::Column::SchoolId).in_subquery(led)),
                ),
        )
        .to_owned();
    Ok(relationship::Entity::find()
        .filter(relationship::Column::Id.in_subquery(mine))
        .filter(relationship::Column::Status.is_in([
            RelationshipStatus::Proposed,
            RelationshipStatus::Active,
            RelationshipStatus::Paused,
        ]))
        .all(db)
        .await?)
}

/// Feedback of a relationship given by or to a person, or by or to the schools they act
/// for, oldest first.
pub async fn feedback_of(
    db: &impl ConnectionTrait,
    rel: Uuid,
    person: Uuid,
    schools: &[Uuid],
) -> ApiResult<Vec<feedback::Model>> {
    let mut mine = feedback::Column::FromPerson
        .eq(person)
        .or(feedback::Column::ToPerson.eq(person));
    if !schools.is_empty() {
        mine = mine
            .or(feedback::Column::FromSchoolId.is_in(schools.iter().copied()))
            .or(feedback::Column::ToSchoolId.is_in(schools.iter().copied()));
    }
    Ok(feedback::Entity::find()
        .filter(feedback::Column::RelationshipId.eq(rel))
        .filter(mine)
        .order_by_asc(feedback::Column::At)
        .all(db)
        .await?)
}

/// The feedback from one side to the other: from a school (or from the person for
/// themselves), to a school (or to a person).
pub async fn feedback_between(
    db: &impl ConnectionTrait,
    rel: Uuid,
    me: Uuid,
    from_school: Option<Uuid>,
    to_person: Option<Uuid>,
    to_school: Option<Uuid>,
) -> ApiResult<Option<feedback::Model>> {
    let mut q = feedback::Entity::find().filter(feedback::Column::RelationshipId.eq(rel));
    q = match from_school {
        Some(s) => q.filter(feedback::Column::FromSchoolId.eq(s)),
        None => q
            .filter(feedback::Column::FromPerson.eq(me))
            .filter(feedback::Column::FromSchoolId.is_null()),
    };
    q = match to_school {
        Some(s) => q.filter(feedback::Column::ToSchoolId.eq(s)),
        None => q.filter(feedback::Column::ToPerson.eq(to_person)),
    };
    Ok(q.one(db).await?)
}

/// Feedback written: inserted when new, else every column written back (the caller holds
/// the relationship's lock).
pub async fn save_feedback(
    db: &impl ConnectionTrait,
    f: feedback::Model,
    new: bool,
) -> ApiResult<()> {
    let m = f.into_active_model();
    if new {
        m.insert(db).await?;
    } else {
        m.reset_all().update(db).await?;
    }
    Ok(())
}

/// Which relationships a list holds.
pub struct Filter {
    /// The caller, if a person.
    pub me: Option<Uuid>,
    /// What the caller sees, unless everything: (hubs they coordinate, schools they act
    /// for).
    pub reach: Option<(Vec<Uuid>, Vec<Uuid>)>,
    /// Only those the caller takes part in (`true`) or only the others (`false`), with the
    /// schools the caller acts for.
    pub mine: Option<(bool, Vec<Uuid>)>,
    pub programme_id: Option<Uuid>,
    pub hub_id: Option<Uuid>,
}

/// One page of relationships, newest first (by the time-ordered id), before an id.
pub async fn page(
    db: &impl ConnectionTrait,
    f: Filter,
    before: Option<Uuid>,
    limit: u64,
) -> ApiResult<Vec<relationship::Model>> {
    use sea_orm::sea_query::UnionType;
    use sea_orm::{Condition, QuerySelect};
    let me = f.me;
    // Taking part: in person, through a school (a school-wide participant), or having set
    // it up. One list of ids (participants' index, then the creators' index), so the page
    // is read by id from that list, not by walking every relationship and testing each.
    let taking_part = |schools: Vec<Uuid>| {
        let mut via = Condition::any();
        if !schools.is_empty() {
            via = via.add(
                Condition::all()
                    .add(participant::Column::PersonId.is_null())
                    .add(participant::Column::SchoolId.is_in(schools)),
            );
        }
        if let Some(me) = me {
            via = via.add(participant::Column::PersonId.eq(me));
        }
        let mut ids = Query::select()
            .column(participant::Column::RelationshipId)
            .from(participant::Entity)
            .cond_where(via)
            .to_owned();
        if let Some(me) = me {
            ids.union(
                UnionType::All,
                Query::select()
                    .column(relationship::Column::Id)
                    .from(relationship::Entity)
                    .and_where(Expr::col(relationship::Column::CreatedBy).eq(me))
                    .to_owned(),
            );
        }
        relationship::Column::Id.in_subquery(ids)
    };
    let mut sel = relationship::Entity::find();
    if let Some((hubs, schools)) = f.reach {
        // (No hub condition for those who coordinate none: an `OR` with nothing on one
        // side would still keep the list of ids from leading the plan.)
        sel = sel.filter(if hubs.is_empty() {
            Condition::all().add(taking_part(schools))
        } else {
            Condition::any()
                .add(relationship::Column::HubId.is_in(hubs))
                .add(taking_part(schools))
        });
    }
    match f.mine {
        Some((true, own)) => sel = sel.filter(taking_part(own)),
        Some((false, own)) => sel = sel.filter(taking_part(own).not()),
        None => {}
    }
    if let Some(pid) = f.programme_id {
        sel = sel.filter(relationship::Column::ProgrammeId.eq(pid));
    }
    if let Some(h) = f.hub_id {
        sel = sel.filter(relationship::Column::HubId.eq(h));
    }
    if let Some(id) = before {
        sel = sel.filter(relationship::Column::Id.lt(id));
    }
    Ok(sel
        .order_by_desc(relationship::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}
