//! Queries of the programme board: hours summed by the database.

use crate::error::ApiResult;
use crate::mentoring::entity::{activity, attendee};
use crate::mentoring::relationships::service::minutes_by_relationship;
use crate::people::entity::person;
use sea_orm::ConnectionTrait;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use std::collections::BTreeMap;
use uuid::Uuid;

/// Final minutes of a programme in one statement: per relationship of `rels`, and the
/// total (its relationships' activities and its own, each once). Each half reads its own
/// covering index (migration 17) and never the activities themselves.
pub async fn programme_minutes(
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

/// Minutes per mentor (attendees who were mentors when it was logged), each activity once,
/// with the mentor's name: (name, minutes) by person.
pub async fn mentor_minutes(
    db: &impl ConnectionTrait,
    programme_id: Uuid,
) -> ApiResult<BTreeMap<Uuid, (String, u64)>> {
    let per_mentor = Query::select()
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
        // A relationship's activities carry its programme (set when logged; a relationship
        // never changes programme), so the programme's own index finds them all.
        .and_where(Expr::col((activity::Entity, activity::Column::ProgrammeId)).eq(programme_id))
        .group_by_col((attendee::Entity, attendee::Column::PersonId))
        .to_owned();
    // Names joined after summing: one look-up per mentor, not per activity.
    let m = Alias::new("m");
    let q = Query::select()
        .column((m.clone(), attendee::Column::PersonId))
        .column((m.clone(), Alias::new("minutes")))
        .column((person::Entity, person::Column::Name))
        .from_subquery(per_mentor, m.clone())
        .inner_join(
            person::Entity,
            Expr::col((person::Entity, person::Column::Id)).equals((m, attendee::Column::PersonId)),
        )
        .to_owned();
    let mut out = BTreeMap::new();
    for r in db.query_all(&q).await? {
        let id: Uuid = r.try_get("", "person_id")?;
        let name: String = r.try_get("", "name")?;
        let m: Option<i64> = r.try_get("", "minutes")?;
        out.insert(id, (name, u64::try_from(m.unwrap_or(0)).unwrap_or(0)));
    }
    Ok(out)
}
