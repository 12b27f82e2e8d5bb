//! The programme board: every enrolled school with its phase, needs and hours, mentors'
//! and relationships' hours against targets, courses and training — summed by the database.

use crate::auth::model::Principal;
use crate::auth::policy;
use crate::error::{ApiError, ApiResult};
use crate::mentoring::board::dto::{BoardDto, MentorHoursDto, RelationshipHoursDto};
use crate::mentoring::entity::enrolment;
use crate::mentoring::model::Phase;
use crate::mentoring::programmes::service::{
    enrolment_dto_of, minutes_per_mentee_school, phase_dtos, phases_of_many, programme_dto,
    programme_relationships,
};
use crate::mentoring::shared::{hours, mentor_sums, programme_sums, visible_programme};
use sea_orm::DatabaseConnection;
use uuid::Uuid;

/// The programme board: schools × phases, hours against targets, per relationship and
/// per mentor.
pub async fn board(db: &DatabaseConnection, p: &Principal, id: Uuid) -> ApiResult<BoardDto> {
    let l = visible_programme(db, p, id).await?;
    let rels = programme_relationships(db, id).await?;
    let rel_ids: Vec<Uuid> = rels.iter().map(|r| r.id).collect();
    let sums = programme_sums(db, &[id])
        .await?
        .remove(&id)
        .ok_or_else(|| ApiError::internal("programme sums missing"))?;
    let (per_rel, total) = (&sums.per_relationship, sums.total);
    let mut all_parts =
        crate::mentoring::relationships::service::participants_of_many(db, &rel_ids).await?;
    let mentees = minutes_per_mentee_school(
        crate::mentoring::relationships::service::mentee_schools_among(&all_parts),
        per_rel,
    );
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
    // Names and hours of mentors are for those who run the programme and its mentors:
    // nobody else's request reads them.
    let mut mentors: Vec<MentorHoursDto> = if policy::sees_mentor_hours(p, l.p.hub_id) {
        let per_mentor = mentor_sums(db, id, sums.stamp).await?;
        let ids: Vec<Uuid> = per_mentor.keys().copied().collect();
        let mut names = crate::people::repo::names_of(db, &ids).await?;
        per_mentor
            .iter()
            .map(|(id, m)| MentorHoursDto {
                person_id: *id,
                name: names.remove(id).unwrap_or_default(),
                hours: hours(*m, None),
            })
            .collect()
    } else {
        Vec::new()
    };
    mentors.sort_by(|a, b| {
        b.hours
            .minutes
            .cmp(&a.hours.minutes)
            .then(a.name.cmp(&b.name))
    });
    // Relationships are listed for those who see them (a teacher's mentoring is theirs).
    let mut relationships = Vec::new();
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
    let (courses, training) =
        crate::mentoring::courses::service::summaries_and_training(db, &l).await?;
    Ok(BoardDto {
        programme: programme_dto(p, &l)?,
        phases: Phase::ALL.to_vec(),
        schools,
        total: hours(total, None),
        relationships,
        mentors,
        courses,
        training,
    })
}
