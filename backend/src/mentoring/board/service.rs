//! The programme board: every enrolled school with its phase, needs and hours, mentors'
//! and relationships' hours against targets, courses and training — summed by the database.

use crate::auth::model::Principal;
use crate::auth::policy;
use crate::error::ApiResult;
use crate::mentoring::board::dto::{BoardDto, MentorHoursDto, RelationshipHoursDto};
use crate::mentoring::entity::{activity, attendee, enrolment};
use crate::mentoring::model::Phase;
use crate::mentoring::programmes::service::{
    enrolment_dto_of, mentee_school_minutes_of, phase_dtos, phases_of_many, programme_dto,
    programme_relationships,
};
use crate::mentoring::relationships::service::minutes_by_relationship;
use crate::mentoring::shared::{hours, visible_programme};
use crate::people::entity::person;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Final minutes of a programme in one statement: per relationship of `rels`, and the
/// total (its relationships' activities and its own, each once). Each half reads its own
/// covering index (migration 17) and never the activities themselves.
pub(crate) async fn programme_minutes(
    db: &impl ConnectionTrait,
    programme_id: Uuid,
    rels: &[Uuid],
) -> ApiResult<(BTreeMap<Uuid, u64>, u64)> {
    let own = Query::select()
        .expr_as(
            Expr::value(Option::<Uuid>::None),
            Alias::new("relationship_id"),
        )
        .expr_as(
            Expr::col(activity::Column::DurationMinutes).sum(),
            Alias::new("minutes"),
        )
        .from(activity::Entity)
        .and_where(Expr::col(activity::Column::ProgrammeId).eq(programme_id))
        .and_where(Expr::col(activity::Column::State).eq("final"))
        .and_where(
            Expr::col(activity::Column::RelationshipId)
                .is_null()
                .or(Expr::col(activity::Column::RelationshipId).is_not_in(rels.to_vec())),
        )
        .to_owned();
    let q = if rels.is_empty() {
        own
    } else {
        minutes_by_relationship(rels)
            .union(sea_orm::sea_query::UnionType::All, own)
            .to_owned()
    };
    let mut per_rel = BTreeMap::new();
    let mut total = 0u64;
    for r in db.query_all(&q).await? {
        let id: Option<Uuid> = r.try_get("", "relationship_id")?;
        let m: Option<i64> = r.try_get("", "minutes")?;
        let m = u64::try_from(m.unwrap_or(0)).unwrap_or(0);
        total += m;
        if let Some(id) = id {
            per_rel.insert(id, m);
        }
    }
    Ok((per_rel, total))
}

/// Minutes per mentor (attendees who were mentors when it was logged), each activity once.
pub(crate) async fn mentor_minutes(
    db: &impl ConnectionTrait,
    programme_id: Uuid,
    rels: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, u64>> {
    let mut cond = Expr::col((activity::Entity, activity::Column::ProgrammeId)).eq(programme_id);
    if !rels.is_empty() {
        cond = cond.or(
            Expr::col((activity::Entity, activity::Column::RelationshipId)).is_in(rels.to_vec()),
        );
    }
    let q = Query::select()
        .column((attendee::Entity, attendee::Column::PersonId))
        .expr_as(
            Expr::col((activity::Entity, activity::Column::DurationMinutes)).sum(),
            Alias::new("minutes"),
        )
        .from(attendee::Entity)
        .inner_join(
            activity::Entity,
            Expr::col((activity::Entity, activity::Column::Id))
                .equals((attendee::Entity, attendee::Column::ActivityId)),
        )
        .and_where(Expr::col((activity::Entity, activity::Column::State)).eq("final"))
        .and_where(Expr::col((attendee::Entity, attendee::Column::Role)).eq("mentor"))
        .and_where(cond)
        .group_by_col((attendee::Entity, attendee::Column::PersonId))
        .to_owned();
    let mut out = BTreeMap::new();
    for r in db.query_all(&q).await? {
        let id: Uuid = r.try_get("", "person_id")?;
        let m: Option<i64> = r.try_get("", "minutes")?;
        out.insert(id, u64::try_from(m.unwrap_or(0)).unwrap_or(0));
    }
    Ok(out)
}

/// The programme board: schools × phases, hours against targets, per relationship and
/// per mentor.
pub async fn board(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<BoardDto> {
    let l = visible_programme(db, p, id).await?;
    let rels = programme_relationships(db, id).await?;
    let rel_ids: Vec<Uuid> = rels.iter().map(|r| r.id).collect();
    let (per_rel, total) = programme_minutes(db, id, &rel_ids).await?;
    let mentees = mentee_school_minutes_of(db, &rel_ids, &per_rel).await?;
    let enrolments: Vec<&enrolment::Model> = l.schools.iter().map(|(e, _)| e).collect();
    let mut phases = phases_of_many(db, &enrolments).await?;
    let mut needs =
        crate::mentoring::needs::service::summaries_for(db, p, &l.p, &l.schools).await?;
    let mut schools = Vec::new();
    for (e, s) in &l.schools {
        let rows = phases.remove(&e.id).unwrap_or_default();
        schools.push(enrolment_dto_of(
            p,
            &l.p,
            e,
            s,
            &mentees,
            phase_dtos(&rows)?,
            needs.remove(&e.id),
        )?);
    }
    let per_mentor = mentor_minutes(db, id, &rel_ids).await?;
    let names: BTreeMap<Uuid, String> = person::Entity::find()
        .filter(person::Column::Id.is_in(per_mentor.keys().copied().collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|x| (x.id, x.name))
        .collect();
    // Names and hours of mentors are for those who run the programme and its mentors.
    let overseer = policy::sees_mentor_hours(p, l.p.hub_id);
    let shown = if overseer {
        &per_mentor
    } else {
        &BTreeMap::new()
    };
    let mut mentors: Vec<MentorHoursDto> = shown
        .iter()
        .map(|(id, m)| MentorHoursDto {
            person_id: *id,
            name: names.get(id).cloned().unwrap_or_default(),
            hours: hours(*m, None),
        })
        .collect();
    mentors.sort_by(|a, b| {
        b.hours
            .minutes
            .cmp(&a.hours.minutes)
            .then(a.name.cmp(&b.name))
    });
    // Relationships are listed for those who see them (a teacher's mentoring is theirs).
    let mut relationships = Vec::new();
    let mut all_parts =
        crate::mentoring::relationships::service::participants_of_many(db, &rel_ids).await?;
    for r in &rels {
        let parts = all_parts.remove(&r.id).unwrap_or_default();
        let standing = crate::mentoring::relationships::service::standing(p, r, &parts);
        if !policy::sees_relationship(p, r.hub_id, &standing) {
            continue;
        }
        relationships.push(RelationshipHoursDto {
            id: r.id,
            title: r.title.clone(),
            kind: r.kind,
            status: r.status,
            hours: hours(per_rel.get(&r.id).copied().unwrap_or(0), None),
        });
    }
    Ok(BoardDto {
        programme: programme_dto(p, &l)?,
        phases: Phase::ALL.to_vec(),
        schools,
        total: hours(total, None),
        relationships,
        mentors,
        courses: crate::mentoring::courses::service::summaries(db, id).await?,
        training: crate::mentoring::courses::service::training(db, &l).await?,
    })
}
