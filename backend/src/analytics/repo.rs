//! The queries of the Learning Analytics Toolbox: one aggregate statement per indicator
//! and request, whatever the number of buckets, schools or people. The buckets are a
//! `VALUES` list joined to the rows, with one more bucket for the whole period (distinct
//! people are counted once per bucket, so the period's figure is not the sum of the
//! buckets'). People's rows are first reduced to one per (bucket, person); the outer
//! query counts them and sums their statistics keys (see `model`).

use super::entity::target;
use super::model::{Bucket, IndicatorKey, ScopeKind};
use crate::error::ApiResult;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, Statement, Value,
};
use std::collections::BTreeMap;
use uuid::Uuid;

/// One bucket's figures: the value, and for people-based indicators the distinct people
/// behind it and the sum of their keys.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Raw {
    pub value: f64,
    pub people: u64,
    pub key_sum: i64,
}

/// A statement written with `?` placeholders, numbered for PostgreSQL.
struct Sql {
    text: String,
    values: Vec<Value>,
}

impl Sql {
    fn new() -> Sql {
        Sql {
            text: String::new(),
            values: Vec::new(),
        }
    }
    fn push(&mut self, s: &str) -> &mut Sql {
        self.text.push_str(s);
        self
    }
    fn bind(&mut self, v: impl Into<Value>) -> &mut Sql {
        self.text.push('?');
        self.values.push(v.into());
        self
    }
    fn statement(self, backend: DatabaseBackend) -> Statement {
        let text = if backend == DatabaseBackend::Postgres {
            let mut out = String::with_capacity(self.text.len() + 16);
            let mut n = 0;
            for ch in self.text.chars() {
                if ch == '?' {
                    n += 1;
                    out.push_str(&format!("${n}"));
                } else {
                    out.push(ch);
                }
            }
            out
        } else {
            self.text
        };
        Statement::from_sql_and_values(backend, text, self.values)
    }
}

/// The scope of a request: what it is and its id.
#[derive(Debug, Clone, Copy)]
pub struct Scope {
    pub kind: ScopeKind,
    pub id: Option<Uuid>,
}

/// `b(i, lo, hi, dlo, dhi)`: the buckets, and at index `buckets.len()` the whole period.
fn buckets_cte(q: &mut Sql, buckets: &[Bucket]) {
    q.push("b(i, lo, hi, dlo, dhi) AS (VALUES ");
    let (Some(first), Some(last)) = (buckets.first(), buckets.last()) else {
        // Never called without buckets; an empty period matches nothing.
        q.push("(0, NULL, NULL, NULL, NULL))");
        return;
    };
    let whole = Bucket {
        label: String::new(),
        from: first.from,
        until: last.until,
        starts: first.starts,
        ends: last.ends,
    };
    for (i, b) in buckets.iter().chain(std::iter::once(&whole)).enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push("(")
            .bind(i as i64)
            .push(", ")
            .bind(b.starts)
            .push(", ")
            .bind(b.ends)
            .push(", ")
            .bind(crate::platform::dates::day(b.from))
            .push(", ")
            .bind(crate::platform::dates::day(b.until))
            .push(")");
    }
    q.push(")");
}

/// `sc(id)`: the schools of the scope.
fn schools_cte(q: &mut Sql, scope: Scope) {
    q.push(", sc(id) AS (SELECT s.id FROM schools s");
    match (scope.kind, scope.id) {
        (ScopeKind::Hub, Some(h)) => {
            q.push(" WHERE s.hub_id = ").bind(h);
        }
        (ScopeKind::School, Some(s)) => {
            q.push(" WHERE s.id = ").bind(s);
        }
        (ScopeKind::Programme, Some(p)) => {
            q.push(
                " WHERE s.id IN (SELECT ps.school_id FROM programme_schools ps \
                 WHERE ps.approval = 'approved' AND ps.programme_id = ",
            )
            .bind(p)
            .push(")");
        }
        _ => {}
    }
    q.push(")");
}

/// `t(person_id)`: the teachers of the scope's schools.
fn teachers_cte(q: &mut Sql) {
    q.push(
        ", t(person_id) AS (SELECT DISTINCT g.person_id FROM role_grants g \
         JOIN sc ON sc.id = g.school_id WHERE g.role = 'teacher')",
    );
}

/// Submitted reflections of teachers who take part in statistics, by bucket and person.
fn reflections_by_person(q: &mut Sql) {
    q.push(
        "SELECT b.i AS i, r.person_id AS person_id, COUNT(*) AS c FROM reflections r \
         JOIN t ON t.person_id = r.person_id \
         JOIN people p ON p.id = r.person_id \
         JOIN b ON r.submitted_at >= b.lo AND r.submitted_at < b.hi \
         WHERE r.status = 'submitted' AND p.in_statistics = ",
    )
    .bind(true)
    .push(" GROUP BY b.i, r.person_id");
}

fn statement_for(key: IndicatorKey, scope: Scope, buckets: &[Bucket]) -> Sql {
    let mut q = Sql::new();
    q.push("WITH ");
    buckets_cte(&mut q, buckets);
    schools_cte(&mut q, scope);
    match key {
        IndicatorKey::SchoolsTakingPart => {
            q.push(
                ", ev(i, s) AS (SELECT b.i, ps.school_id FROM programme_schools ps \
                 JOIN sc ON sc.id = ps.school_id \
                 JOIN programmes pr ON pr.id = ps.programme_id \
                 JOIN b ON pr.starts_on < b.dhi AND pr.ends_on >= b.dlo \
                 WHERE ps.approval = 'approved'",
            );
            if let (ScopeKind::Programme, Some(p)) = (scope.kind, scope.id) {
                q.push(" AND ps.programme_id = ").bind(p);
            } else {
                q.push(
                    " UNION SELECT b.i, c.school_id FROM campaigns c \
                     JOIN sc ON sc.id = c.school_id \
                     JOIN b ON c.opens_on < b.dhi AND c.closes_on >= b.dlo",
                );
            }
            q.push(
                ") SELECT i, COUNT(*) AS v, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS ks FROM ev GROUP BY i",
            );
        }
        IndicatorKey::TeachersActive => {
            teachers_cte(&mut q);
            q.push(", ev(i, person_id) AS (SELECT i, person_id FROM (");
            reflections_by_person(&mut q);
            q.push(
                ") rs UNION \
                 SELECT b.i, x.person_id FROM activity_attendees x \
                 JOIN t ON t.person_id = x.person_id \
                 JOIN activities a ON a.id = x.activity_id \
                 JOIN b ON a.date >= b.dlo AND a.date < b.dhi \
                 WHERE a.state = 'final' \
                 UNION \
                 SELECT b.i, ca.person_id FROM course_attendance ca \
                 JOIN t ON t.person_id = ca.person_id \
                 JOIN course_sessions cs ON cs.id = ca.session_id \
                 JOIN b ON cs.date >= b.dlo AND cs.date < b.dhi) \
                 SELECT ev.i AS i, COUNT(*) AS v, COUNT(*) AS n, SUM(p.stat_key) AS ks \
                 FROM ev JOIN people p ON p.id = ev.person_id GROUP BY ev.i",
            );
        }
        IndicatorKey::ReflectionsSubmitted => {
            teachers_cte(&mut q);
            q.push(", per(i, person_id, c) AS (");
            reflections_by_person(&mut q);
            q.push(
                ") SELECT per.i AS i, CAST(SUM(per.c) AS BIGINT) AS v, COUNT(*) AS n, SUM(p.stat_key) AS ks \
                 FROM per JOIN people p ON p.id = per.person_id GROUP BY per.i",
            );
        }
        IndicatorKey::MentoringHours => {
            q.push(
                " SELECT b.i AS i, CAST(SUM(a.duration_minutes) AS BIGINT) AS v, \
                 CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS ks \
                 FROM activities a JOIN b ON a.date >= b.dlo AND a.date < b.dhi \
                 WHERE a.state = 'final'",
            );
            match (scope.kind, scope.id) {
                (ScopeKind::Hub, Some(h)) => {
                    q.push(" AND a.hub_id = ").bind(h);
                }
                (ScopeKind::Programme, Some(p)) => {
                    q.push(" AND a.programme_id = ").bind(p);
                }
                (ScopeKind::School, Some(s)) => {
                    q.push(
                        " AND a.relationship_id IN (SELECT rp.relationship_id \
                         FROM relationship_participants rp WHERE rp.school_id = ",
                    )
                    .bind(s)
                    .push(
                        " OR rp.person_id IN (SELECT g.person_id FROM role_grants g \
                         WHERE g.school_id = ",
                    )
                    .bind(s)
                    .push("))");
                }
                _ => {}
            }
            q.push(" GROUP BY b.i");
        }
    }
    q
}

/// An indicator's figures per bucket (index into `buckets`) and for the whole period
/// (index `buckets.len()`); buckets without rows are absent.
pub async fn figures(
    db: &impl ConnectionTrait,
    key: IndicatorKey,
    scope: Scope,
    buckets: &[Bucket],
) -> ApiResult<BTreeMap<usize, Raw>> {
    let backend = db.get_database_backend();
    let stmt = statement_for(key, scope, buckets).statement(backend);
    let mut out = BTreeMap::new();
    for r in db.query_all_raw(stmt).await? {
        let i: i64 = r.try_get("", "i")?;
        // Every figure is an integer (BIGINT on PostgreSQL): hours come as minutes.
        let v: i64 = r.try_get::<Option<i64>>("", "v")?.unwrap_or(0);
        let value = if key == IndicatorKey::MentoringHours {
            v as f64 / 60.0
        } else {
            v as f64
        };
        let people: i64 = r.try_get::<Option<i64>>("", "n")?.unwrap_or(0);
        let key_sum: i64 = r.try_get::<Option<i64>>("", "ks")?.unwrap_or(0);
        out.insert(
            usize::try_from(i).unwrap_or(usize::MAX),
            Raw {
                value,
                people: u64::try_from(people).unwrap_or(0),
                key_sum,
            },
        );
    }
    Ok(out)
}

/// A scope's hub and time zone: a hub's own, a programme's hub's, a school's.
pub async fn scope_place(
    db: &impl ConnectionTrait,
    kind: ScopeKind,
    id: Uuid,
) -> ApiResult<Option<(Uuid, String)>> {
    let sql = match kind {
        ScopeKind::Hub => "SELECT h.id AS hub_id, h.time_zone AS tz FROM hubs h WHERE h.id = ?",
        ScopeKind::Programme => {
            "SELECT h.id AS hub_id, h.time_zone AS tz FROM programmes p \
             JOIN hubs h ON h.id = p.hub_id WHERE p.id = ?"
        }
        ScopeKind::School => {
            "SELECT s.hub_id AS hub_id, s.time_zone AS tz FROM schools s WHERE s.id = ?"
        }
        ScopeKind::Platform => return Ok(None),
    };
    let mut q = Sql::new();
    let mut parts = sql.split('?');
    q.push(parts.next().unwrap_or_default()).bind(id);
    for p in parts {
        q.push(p);
    }
    let row = db
        .query_one_raw(q.statement(db.get_database_backend()))
        .await?;
    Ok(match row {
        Some(r) => Some((r.try_get("", "hub_id")?, r.try_get("", "tz")?)),
        None => None,
    })
}

pub fn scope_key(hub: Option<Uuid>) -> String {
    match hub {
        Some(h) => format!("hub:{h}"),
        None => "platform".into(),
    }
}

/// The targets set for the platform (`None`) or a hub.
pub async fn targets(
    db: &impl ConnectionTrait,
    hub: Option<Uuid>,
) -> ApiResult<Vec<target::Model>> {
    Ok(target::Entity::find()
        .filter(target::Column::ScopeKey.eq(scope_key(hub)))
        .all(db)
        .await?)
}

/// Set a target (one per scope and indicator: a second write replaces the first).
pub async fn upsert_target(db: &impl ConnectionTrait, t: target::Model) -> ApiResult<()> {
    use sea_orm::IntoActiveModel;
    target::Entity::insert(t.into_active_model())
        .on_conflict(
            OnConflict::columns([target::Column::ScopeKey, target::Column::Indicator])
                .update_columns([
                    target::Column::Target,
                    target::Column::UpdatedBy,
                    target::Column::UpdatedAt,
                ])
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Remove a target; whether there was one.
pub async fn delete_target(
    db: &impl ConnectionTrait,
    hub: Option<Uuid>,
    key: IndicatorKey,
) -> ApiResult<bool> {
    let r = target::Entity::delete_many()
        .filter(target::Column::ScopeKey.eq(scope_key(hub)))
        .filter(target::Column::Indicator.eq(key))
        .exec(db)
        .await?;
    Ok(r.rows_affected > 0)
}
