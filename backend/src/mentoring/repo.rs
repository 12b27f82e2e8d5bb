//! Queries the mentoring sub-features share: the hub, programmes, enrolments with their
//! schools, and the hours summed from a programme's activities.

use crate::directory::entity::{hub, school};
use crate::error::{ApiError, ApiResult};
use crate::mentoring::entity::{activity, attendee, enrolment, programme};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Statement,
};
use std::collections::BTreeMap;
use uuid::Uuid;

pub(crate) async fn load_hub(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<hub::Model> {
    hub::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(|| ApiError::not_found("Hub"))
}

/// The enrolments of several programmes with their schools, in two statements.
pub(crate) async fn enrolled_in(
    db: &impl ConnectionTrait,
    programmes: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, Vec<(enrolment::Model, school::Model)>>> {
    let mut out: BTreeMap<Uuid, Vec<(enrolment::Model, school::Model)>> = BTreeMap::new();
    if programmes.is_empty() {
        return Ok(out);
    }
    // One statement, one row per enrolment with its school.
    let to_school: sea_orm::RelationDef = enrolment::Entity::belongs_to(school::Entity)
        .from(enrolment::Column::SchoolId)
        .to(school::Column::Id)
        .into();
    let rows = enrolment::Entity::find()
        .select_also(school::Entity)
        .join(sea_orm::JoinType::InnerJoin, to_school)
        .filter(enrolment::Column::ProgrammeId.is_in(programmes.iter().copied()))
        .order_by_asc(enrolment::Column::CreatedAt)
        .order_by_asc(enrolment::Column::Id)
        .all(db)
        .await?;
    for (e, s) in rows {
        if let Some(s) = s {
            out.entry(e.programme_id).or_default().push((e, s));
        }
    }
    Ok(out)
}

pub(crate) async fn programme(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<programme::Model>> {
    Ok(programme::Entity::find_by_id(id).one(db).await?)
}

/// A programme with its hub, in one statement.
pub(crate) async fn programme_with_hub(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<(programme::Model, hub::Model)>> {
    let to_hub: sea_orm::RelationDef = programme::Entity::belongs_to(hub::Entity)
        .from(programme::Column::HubId)
        .to(hub::Column::Id)
        .into();
    Ok(programme::Entity::find_by_id(id)
        .select_also(hub::Entity)
        .join(sea_orm::JoinType::InnerJoin, to_hub)
        .one(db)
        .await?
        .and_then(|(p, h)| h.map(|h| (p, h))))
}

pub(crate) async fn enrolment(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> ApiResult<Option<enrolment::Model>> {
    Ok(enrolment::Entity::find_by_id(id).one(db).await?)
}

/// Final minutes of programmes in one statement: per relationship, and in all (their
/// relationships' activities and their own, each once). An activity logged in a
/// relationship carries the relationship's programme (set when logged; a relationship
/// never changes programme), so grouping a programme's activities by relationship gives
/// both, read in order from the programme's covering index (migration 17) without touching
/// the activities themselves.
pub(crate) async fn programme_minutes(
    db: &impl ConnectionTrait,
    programmes: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, (BTreeMap<Uuid, u64>, u64)>> {
    let mut out: BTreeMap<Uuid, (BTreeMap<Uuid, u64>, u64)> = programmes
        .iter()
        .map(|p| (*p, Default::default()))
        .collect();
    if programmes.is_empty() {
        return Ok(out);
    }
    let q = Query::select()
        .columns([
            activity::Column::ProgrammeId,
            activity::Column::RelationshipId,
        ])
        .expr_as(
            Expr::col(activity::Column::DurationMinutes).sum(),
            Alias::new("minutes"),
        )
        .from(activity::Entity)
        .and_where(Expr::col(activity::Column::ProgrammeId).is_in(programmes.to_vec()))
        .and_where(Expr::col(activity::Column::State).eq("final"))
        .group_by_col(activity::Column::ProgrammeId)
        .group_by_col(activity::Column::RelationshipId)
        .to_owned();
    for r in db.query_all(&q).await? {
        let programme: Uuid = r.try_get("", "programme_id")?;
        let rel: Option<Uuid> = r.try_get("", "relationship_id")?;
        let m: Option<i64> = r.try_get("", "minutes")?;
        let m = u64::try_from(m.unwrap_or(0)).unwrap_or(0);
        let e = out.entry(programme).or_default();
        e.1 += m;
        if let Some(rel) = rel {
            e.0.insert(rel, m);
        }
    }
    Ok(out)
}

/// Minutes per mentor (attendees who were mentors when it was logged), each activity once.
pub(crate) async fn mentor_minutes(
    db: &impl ConnectionTrait,
    programme_id: Uuid,
) -> ApiResult<BTreeMap<Uuid, u64>> {
    let rows = if db.get_database_backend() == DatabaseBackend::Postgres {
        // PostgreSQL's estimate of the mentors per activity makes it read every attendee of
        // every programme (80,000 rows, 12 ms at national size) and hash them, where one
        // index look-up per activity of this programme (1,700, 3 ms) is what is needed: the
        // `OFFSET 0` keeps the attendees a per-activity look-up. SQLite reads it that way.
        let sql = r#"SELECT x.person_id, SUM(a.duration_minutes) AS minutes
FROM activities a
CROSS JOIN LATERAL (SELECT t.person_id FROM activity_attendees t
                    WHERE t.activity_id = a.id AND t.role = 'mentor' OFFSET 0) x
WHERE a.programme_id = $1 AND a.state = 'final'
GROUP BY x.person_id"#;
        db.query_all_raw(Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            sql,
            [programme_id.into()],
        ))
        .await?
    } else {
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
            // A relationship's activities carry its programme (set when logged; a
            // relationship never changes programme), so the programme's own index finds them.
            .and_where(
                Expr::col((activity::Entity, activity::Column::ProgrammeId)).eq(programme_id),
            )
            .group_by_col((attendee::Entity, attendee::Column::PersonId))
            .to_owned();
        db.query_all(&q).await?
    };
    let mut out = BTreeMap::new();
    for r in rows {
        let id: Uuid = r.try_get("", "person_id")?;
        let m: Option<i64> = r.try_get("", "minutes")?;
        out.insert(id, u64::try_from(m.unwrap_or(0)).unwrap_or(0));
    }
    Ok(out)
}

/// What an activity stamp is kept for: a programme's activities (migration 19) or a
/// relationship's (migration 21).
#[derive(Clone, Copy, Debug)]
pub(crate) enum Stamped {
    Programme,
    Relationship,
}

impl Stamped {
    /// The stamps' table, its key column, and the table the key refers to.
    pub(crate) fn names(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Stamped::Programme => ("activity_stamps", "programme_id", "programmes"),
            Stamped::Relationship => ("relationship_stamps", "relationship_id", "relationships"),
        }
    }
}

/// The activity stamps of programmes or relationships (the nil UUID before their
/// activities' first write).
pub(crate) async fn activity_stamps(
    db: &impl ConnectionTrait,
    of: Stamped,
    ids: &[Uuid],
) -> ApiResult<BTreeMap<Uuid, Uuid>> {
    let mut out: BTreeMap<Uuid, Uuid> = ids.iter().map(|p| (*p, Uuid::nil())).collect();
    if ids.is_empty() {
        return Ok(out);
    }
    let (table, key, _) = of.names();
    let q = Query::select()
        .columns([Alias::new(key), Alias::new("stamp")])
        .from(Alias::new(table))
        .and_where(Expr::col(Alias::new(key)).is_in(ids.to_vec()))
        .to_owned();
    for r in db.query_all(&q).await? {
        out.insert(r.try_get("", key)?, r.try_get("", "stamp")?);
    }
    Ok(out)
}
