//! The queries of the Learning Analytics Toolbox: one aggregate statement per indicator
//! and request, whatever the number of buckets, schools or people. The buckets are a small
//! `VALUES` list; the rows of the period are read through their own indexes (from the
//! scope's teachers, or the hub's or programme's activities) and each finds its bucket
//! there. The whole period is one more row of the result, at index `buckets.len()`: people
//! are counted once in it, so it is not the sum of the buckets. People's rows are first
//! reduced to one per (bucket, person); the outer query counts them and sums their
//! statistics keys (see `model`).

use super::entity::target;
use super::model::{Bucket, CompareUnit, IndicatorKey, ScopeKind};
use crate::error::ApiResult;
use crate::platform::sql::Sql;
use chrono::NaiveDate;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter};
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

/// The scope of a request: what it is and its id, and which of its schools.
#[derive(Debug, Clone)]
pub struct Scope {
    pub kind: ScopeKind,
    pub id: Option<Uuid>,
    pub filters: SchoolFilters,
}

/// Which of the scope's schools count: of a country, of a kind, teaching in a language.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchoolFilters {
    pub country: Option<String>,
    pub kind: Option<crate::directory::dto::SchoolKind>,
    pub language: Option<String>,
}

impl SchoolFilters {
    pub fn any(&self) -> bool {
        self.country.is_some() || self.kind.is_some() || self.language.is_some()
    }
}

/// `b(i, lo, hi, dlo, dhi)`: the buckets (UTC instants and local days, `[lo, hi)`).
fn buckets_cte(q: &mut Sql, buckets: &[Bucket]) {
    q.push("b(i, lo, hi, dlo, dhi) AS (VALUES ");
    for (i, b) in buckets.iter().enumerate() {
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
    if buckets.is_empty() {
        // Never called without buckets; an empty period matches nothing.
        q.push("(0, NULL, NULL, NULL, NULL)");
    }
    q.push(")");
}

/// The whole period: (first instant, end instant, first day, day after the last), and
/// where each bucket ends (instant, day after its last).
struct Span {
    lo: chrono::DateTime<chrono::Utc>,
    hi: chrono::DateTime<chrono::Utc>,
    dlo: String,
    dhi: String,
    ends: Vec<chrono::DateTime<chrono::Utc>>,
    until: Vec<String>,
}

fn span(buckets: &[Bucket]) -> Span {
    let (lo, dlo) = buckets.first().map_or(
        (chrono::DateTime::<chrono::Utc>::MIN_UTC, String::new()),
        |b| (b.starts, crate::platform::dates::day(b.from)),
    );
    let (hi, dhi) = buckets.last().map_or(
        (chrono::DateTime::<chrono::Utc>::MIN_UTC, String::new()),
        |b| (b.ends, crate::platform::dates::day(b.until)),
    );
    Span {
        lo,
        hi,
        dlo,
        dhi,
        ends: buckets.iter().map(|b| b.ends).collect(),
        until: buckets
            .iter()
            .map(|b| crate::platform::dates::day(b.until))
            .collect(),
    }
}

/// The bucket of a row's instant (or day) column, as an expression: `CASE WHEN col < lo
/// THEN NULL WHEN col < end₀ THEN 0 WHEN col < end₁ THEN 1 … END` (the buckets follow one
/// another without a gap; past the last, NULL). The rows are read through their own
/// indexes and each is placed. A lookup in the buckets' `VALUES` table per row (a
/// subquery) cost PostgreSQL 30 of a hub indicator's 80 ms; the comparisons cost little.
trait BucketOf {
    fn bucket_of_instant(&mut self, all: &Span, col: &str) -> &mut Self;
    fn bucket_of_day(&mut self, all: &Span, col: &str) -> &mut Self;
}

impl BucketOf for Sql {
    fn bucket_of_instant(&mut self, all: &Span, col: &str) -> &mut Self {
        self.push(&format!("(CASE WHEN {col} < "))
            .bind(all.lo)
            .push(" THEN NULL");
        for (i, end) in all.ends.iter().enumerate() {
            self.push(&format!(" WHEN {col} < "))
                .bind(*end)
                .push(&format!(" THEN {i}"));
        }
        self.push(" END)")
    }

    fn bucket_of_day(&mut self, all: &Span, col: &str) -> &mut Self {
        self.push(&format!("(CASE WHEN {col} < "))
            .bind(all.dlo.clone())
            .push(" THEN NULL");
        for (i, until) in all.until.iter().enumerate() {
            self.push(&format!(" WHEN {col} < "))
                .bind(until.clone())
                .push(&format!(" THEN {i}"));
        }
        self.push(" END)")
    }
}

/// `sc(id)`: the schools of the scope, filtered.
fn schools_cte(q: &mut Sql, scope: &Scope) {
    schools_cte_of(q, scope, None);
}

/// `sc(id)`, or with a unit `sc(id, u)`: the schools of the scope, filtered, each with the
/// unit it is compared as (itself, or its hub).
fn schools_cte_of(q: &mut Sql, scope: &Scope, unit: Option<CompareUnit>) {
    q.push(match unit {
        None => ", sc(id) AS (SELECT s.id FROM schools s WHERE 1 = 1",
        Some(CompareUnit::School) => ", sc(id, u) AS (SELECT s.id, s.id FROM schools s WHERE 1 = 1",
        Some(CompareUnit::Hub) => {
            ", sc(id, u) AS (SELECT s.id, s.hub_id FROM schools s WHERE 1 = 1"
        }
    });
    let f = &scope.filters;
    if let Some(c) = &f.country {
        q.push(" AND s.country = ").bind(c.clone());
    }
    if let Some(k) = f.kind {
        q.push(" AND s.kind = ").bind(k.as_str().to_string());
    }
    if let Some(l) = &f.language {
        // `languages` is a comma-separated list of codes.
        q.push(" AND ',' || s.languages || ',' LIKE ")
            .bind(format!("%,{l},%"));
    }
    match (scope.kind, scope.id) {
        (ScopeKind::Hub, Some(h)) => {
            q.push(" AND s.hub_id = ").bind(h);
        }
        (ScopeKind::School, Some(s)) => {
            q.push(" AND s.id = ").bind(s);
        }
        (ScopeKind::Programme, Some(p)) => {
            q.push(
                " AND s.id IN (SELECT ps.school_id FROM programme_schools ps \
                 WHERE ps.approval = 'approved' AND ps.programme_id = ",
            )
            .bind(p)
            .push(")");
        }
        _ => {}
    }
    q.push(")");
}

/// `t(person_id, k, s)`: the teachers of the scope's schools.
fn teachers_cte(q: &mut Sql) {
    role_cte(q, "teacher");
}

/// `t(person_id, k, s)`: the people holding a school role (teacher, school leader) at the
/// scope's schools, with their statistics key (`k`) and whether they take part in
/// statistics (`s`). Read here once per person, the statements that count people need not
/// look every row up in `people` again (twice: a hub's indicator spent a quarter of its
/// time reading `people` on PostgreSQL).
fn role_cte(q: &mut Sql, role: &'static str) {
    role_cte_at(q, role, Place::Bucket);
}

/// [`role_cte`]; by unit, `t(person_id, u, k, s)`: a person at schools of several units is
/// in each.
fn role_cte_at(q: &mut Sql, role: &'static str, place: Place) {
    // A role of the code, written into the text (as the planner sees a constant).
    q.push(&match place {
        Place::Bucket => format!(
            ", t(person_id, k, s) AS (SELECT DISTINCT g.person_id, p.stat_key, \
             p.in_statistics FROM role_grants g JOIN sc ON sc.id = g.school_id \
             JOIN people p ON p.id = g.person_id WHERE g.role = '{role}')"
        ),
        Place::Unit => format!(
            ", t(person_id, u, k, s) AS (SELECT DISTINCT g.person_id, sc.u, p.stat_key, \
             p.in_statistics FROM role_grants g JOIN sc ON sc.id = g.school_id \
             JOIN people p ON p.id = g.person_id WHERE g.role = '{role}')"
        ),
    });
}

/// Where a row of people goes: into the bucket of its instant or day, or (a comparison,
/// over one period) into the unit of the person's school (`t.u`).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    Bucket,
    Unit,
}

impl Place {
    fn instant(self, q: &mut Sql, all: &Span, col: &str) {
        match self {
            Place::Bucket => {
                q.bucket_of_instant(all, col);
            }
            Place::Unit => {
                q.push("t.u");
            }
        }
    }
    fn day(self, q: &mut Sql, all: &Span, col: &str) {
        match self {
            Place::Bucket => {
                q.bucket_of_day(all, col);
            }
            Place::Unit => {
                q.push("t.u");
            }
        }
    }
}

/// `m(i, person_id, k)`: the people of `t` who attended a final mentoring activity or a
/// course session in the period, with the bucket of the day.
fn attended(q: &mut Sql, all: &Span, join: &str, place: Place) {
    q.push("SELECT ");
    place.day(q, all, "a.date");
    q.push(&format!(
        ", x.person_id, t.k FROM t {join} activity_attendees x ON x.person_id = t.person_id \
             {join} activities a ON a.id = x.activity_id \
             WHERE a.state = 'final' AND a.date >= "
    ))
    .bind(all.dlo.clone())
    .push(" AND a.date < ")
    .bind(all.dhi.clone())
    .push(" UNION SELECT ");
    place.day(q, all, "cs.date");
    q.push(&format!(
        ", ca.person_id, t.k FROM t {join} course_attendance ca ON ca.person_id = t.person_id \
             {join} course_sessions cs ON cs.id = ca.session_id WHERE cs.date >= "
    ))
    .bind(all.dlo.clone())
    .push(" AND cs.date < ")
    .bind(all.dhi.clone());
}

/// ` IN (…)`: the relationships a school takes part in, as a school or through one of its
/// people.
fn relationships_of_school(q: &mut Sql, school: Uuid) {
    q.push(
        " IN (SELECT rp.relationship_id FROM relationship_participants rp \
         WHERE rp.school_id = ",
    )
    .bind(school)
    .push(" OR rp.person_id IN (SELECT g.person_id FROM role_grants g WHERE g.school_id = ")
    .bind(school)
    .push("))");
}

/// ` AND …`: the relationships (`r`) of a hub or programme, or those a school takes part in.
fn relationships_of_scope(q: &mut Sql, scope: &Scope) {
    match (scope.kind, scope.id) {
        (ScopeKind::Hub, Some(h)) => {
            q.push(" AND r.hub_id = ").bind(h);
        }
        (ScopeKind::Programme, Some(p)) => {
            q.push(" AND r.programme_id = ").bind(p);
        }
        (ScopeKind::School, Some(s)) => {
            q.push(" AND r.id");
            relationships_of_school(q, s);
        }
        _ => {}
    }
}

/// ` AND a.hub_id = …` / programme: the activities of a hub or programme scope.
fn activities_of_scope(q: &mut Sql, scope: &Scope) {
    match (scope.kind, scope.id) {
        (ScopeKind::Hub, Some(h)) => {
            q.push(" AND a.hub_id = ").bind(h);
        }
        (ScopeKind::Programme, Some(p)) => {
            q.push(" AND a.programme_id = ").bind(p);
        }
        _ => {}
    }
}

/// `r1(i, person_id, k)`: one row per reflection submitted in the period by a teacher of the
/// scope who takes part in statistics, with its bucket; with `paired`, only reflections
/// that have an earlier one on the same instrument (kept in `reflection_pairs`).
fn reflections_cte(q: &mut Sql, all: &Span, paired: bool, place: Place) {
    q.push(", r1(i, person_id, k) AS MATERIALIZED (SELECT ");
    place.instant(q, all, "r.submitted_at");
    q.push(", r.person_id, t.k FROM t JOIN reflections r ON r.person_id = t.person_id ");
    if paired {
        q.push(
            "JOIN reflection_pairs rp ON rp.reflection_id = r.id AND rp.earlier_id IS NOT NULL ",
        );
    }
    q.push("WHERE r.status = 'submitted' AND t.s = ")
        .bind(true)
        .push(" AND r.submitted_at >= ")
        .bind(all.lo)
        .push(" AND r.submitted_at < ")
        .bind(all.hi)
        .push(")");
}

/// The closing query over `m(i, person_id, k)`: per bucket, and for the whole period at
/// index `n`, the distinct people, their count and the sum of their keys.
fn count_people(q: &mut Sql, n: usize) {
    q.push(", ev(i, person_id, k) AS (SELECT i, person_id, k FROM m UNION SELECT ")
        .bind(n as i64)
        .push(
            ", person_id, k FROM m) \
             SELECT ev.i AS i, COUNT(*) AS v, COUNT(*) AS n, SUM(ev.k) AS ks \
             FROM ev GROUP BY ev.i",
        );
}

/// [`count_people`] over `m(i, person_id)`, the keys read from `people`: each looked up by
/// its id. A join let PostgreSQL, misjudging how many people are left (14,000 for a hub's
/// 168 mentors), hash every person of the platform.
fn count_people_by_lookup(q: &mut Sql, n: usize) {
    q.push(", ev(i, person_id) AS (SELECT i, person_id FROM m UNION SELECT ")
        .bind(n as i64)
        .push(
            ", person_id FROM m) \
             SELECT ev.i AS i, COUNT(*) AS v, COUNT(*) AS n, \
             SUM((SELECT p.stat_key FROM people p WHERE p.id = ev.person_id)) AS ks \
             FROM ev GROUP BY ev.i",
        );
}

/// The closing query of a count of reflections over `x(i, person_id, k)`: per bucket, and
/// for the whole period at index `n`, the reflections, the distinct people and their keys.
fn count_reflections(q: &mut Sql, n: usize, x: &str) {
    q.push(&format!(
        ", per(i, person_id, k, c) AS (SELECT i, person_id, k, COUNT(*) FROM {x} \
         GROUP BY i, person_id, k UNION ALL SELECT "
    ))
    .bind(n as i64)
    .push(&format!(
        ", person_id, k, COUNT(*) FROM {x} GROUP BY person_id, k) \
         SELECT per.i AS i, CAST(SUM(per.c) AS BIGINT) AS v, COUNT(*) AS n, \
         SUM(per.k) AS ks FROM per GROUP BY per.i"
    ));
}

fn statement_for(
    backend: DatabaseBackend,
    key: IndicatorKey,
    scope: &Scope,
    buckets: &[Bucket],
    today: NaiveDate,
) -> Sql {
    let all = span(buckets);
    let n = buckets.len();
    let mut q = Sql::new();
    q.push("WITH ");
    buckets_cte(&mut q, buckets);
    schools_cte(&mut q, scope);
    match key {
        IndicatorKey::SchoolsTakingPart => {
            // Few rows (enrolments, campaigns): the buckets are joined to them, the whole
            // period is one more bucket.
            q.push(", bb(i, dlo, dhi) AS (SELECT i, dlo, dhi FROM b UNION ALL SELECT ")
                .bind(n as i64)
                .push(", ")
                .bind(all.dlo.clone())
                .push(", ")
                .bind(all.dhi.clone())
                .push(
                    "), ev(i, s) AS (SELECT bb.i, ps.school_id FROM programme_schools ps \
                     JOIN sc ON sc.id = ps.school_id \
                     JOIN programmes pr ON pr.id = ps.programme_id \
                     JOIN bb ON pr.starts_on < bb.dhi AND pr.ends_on >= bb.dlo \
                     WHERE ps.approval = 'approved'",
                );
            if let (ScopeKind::Programme, Some(p)) = (scope.kind, scope.id) {
                q.push(" AND ps.programme_id = ").bind(p);
            } else {
                q.push(
                    " UNION SELECT bb.i, c.school_id FROM campaigns c \
                     JOIN sc ON sc.id = c.school_id \
                     JOIN bb ON c.opens_on < bb.dhi AND c.closes_on >= bb.dlo",
                );
            }
            q.push(
                ") SELECT i, COUNT(*) AS v, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS ks \
                 FROM ev GROUP BY i",
            );
        }
        IndicatorKey::TeachersActive => {
            // From the teachers to what they attended: SQLite would otherwise start from
            // every activity of the period and look each attendee up among the teachers
            // (2.6× the time at national size); `CROSS JOIN` fixes its join order.
            // PostgreSQL plans this well and has no such form.
            let j = if backend == DatabaseBackend::Sqlite {
                "CROSS JOIN"
            } else {
                "JOIN"
            };
            teachers_cte(&mut q);
            reflections_cte(&mut q, &all, false, Place::Bucket);
            q.push(", m(i, person_id, k) AS MATERIALIZED (SELECT i, person_id, k FROM r1 UNION ");
            attended(&mut q, &all, j, Place::Bucket);
            q.push(")");
            count_people(&mut q, n);
        }
        IndicatorKey::SchoolLeadersActive => {
            let j = if backend == DatabaseBackend::Sqlite {
                "CROSS JOIN"
            } else {
                "JOIN"
            };
            role_cte(&mut q, "school_leader");
            q.push(", m(i, person_id, k) AS MATERIALIZED (");
            attended(&mut q, &all, j, Place::Bucket);
            q.push(")");
            count_people(&mut q, n);
        }
        IndicatorKey::MentorsActive => {
            // From the scope's activities of the period to their mentors.
            q.push(", m(i, person_id) AS MATERIALIZED (SELECT ")
                .bucket_of_day(&all, "a.date")
                .push(
                    ", x.person_id FROM activities a \
                     JOIN activity_attendees x ON x.activity_id = a.id \
                     WHERE x.role = 'mentor' AND a.state = 'final' AND a.date >= ",
                )
                .bind(all.dlo.clone())
                .push(" AND a.date < ")
                .bind(all.dhi.clone());
            activities_of_scope(&mut q, scope);
            q.push(")");
            count_people_by_lookup(&mut q, n);
        }
        IndicatorKey::ReflectionsStarted => {
            teachers_cte(&mut q);
            q.push(", r0(i, person_id, k) AS MATERIALIZED (SELECT ")
                .bucket_of_instant(&all, "r.started_at")
                .push(
                    ", r.person_id, t.k FROM t JOIN reflections r ON r.person_id = t.person_id \
                     WHERE t.s = ",
                )
                .bind(true)
                .push(" AND r.started_at >= ")
                .bind(all.lo)
                .push(" AND r.started_at < ")
                .bind(all.hi)
                .push(")");
            count_reflections(&mut q, n, "r0");
        }
        IndicatorKey::TeachersGrowthMeasurable => {
            teachers_cte(&mut q);
            reflections_cte(&mut q, &all, true, Place::Bucket);
            q.push(", m(i, person_id, k) AS MATERIALIZED (SELECT i, person_id, k FROM r1)");
            count_people(&mut q, n);
        }
        IndicatorKey::CampaignsRun => {
            q.push(", bb(i, dlo, dhi) AS (SELECT i, dlo, dhi FROM b UNION ALL SELECT ")
                .bind(n as i64)
                .push(", ")
                .bind(all.dlo.clone())
                .push(", ")
                .bind(all.dhi.clone())
                .push(
                    ") SELECT bb.i AS i, COUNT(*) AS v, CAST(0 AS BIGINT) AS n, \
                     CAST(0 AS BIGINT) AS ks FROM campaigns c JOIN sc ON sc.id = c.school_id \
                     JOIN bb ON c.opens_on < bb.dhi AND c.closes_on >= bb.dlo GROUP BY bb.i",
                );
        }
        IndicatorKey::PlanActionsDone | IndicatorKey::PlanActionsOverdue => {
            // Few rows (a plan has some tens of actions): from the scope's schools to their
            // plans' actions due in the period.
            q.push(", ev(i) AS MATERIALIZED (SELECT ")
                .bucket_of_day(&all, "pa.due_on")
                .push(
                    " FROM plans pl JOIN sc ON sc.id = pl.school_id \
                     JOIN plan_goals pg ON pg.plan_id = pl.id \
                     JOIN plan_actions pa ON pa.goal_id = pg.id WHERE pa.due_on >= ",
                )
                .bind(all.dlo.clone())
                .push(" AND pa.due_on < ")
                .bind(all.dhi.clone());
            if key == IndicatorKey::PlanActionsDone {
                q.push(" AND pa.status = 'done'");
            } else {
                q.push(" AND pa.status IN ('proposed', 'planned', 'in_progress') AND pa.due_on < ")
                    .bind(crate::platform::dates::day(today));
            }
            q.push(
                ") SELECT i, COUNT(*) AS v, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS ks \
                 FROM ev GROUP BY i UNION ALL SELECT ",
            )
            .bind(n as i64)
            .push(", COUNT(*), CAST(0 AS BIGINT), CAST(0 AS BIGINT) FROM ev");
        }
        IndicatorKey::RelationshipsStarted => {
            // One event per relationship goes from proposed to active (the status never
            // returns to proposed): its instant places the relationship.
            q.push(", ev(i) AS MATERIALIZED (SELECT ")
                .bucket_of_instant(&all, "e.at")
                .push(
                    " FROM relationship_events e JOIN relationships r ON r.id = e.relationship_id \
                     WHERE e.from_status = 'proposed' AND e.to_status = 'active' AND e.at >= ",
                )
                .bind(all.lo)
                .push(" AND e.at < ")
                .bind(all.hi);
            relationships_of_scope(&mut q, scope);
            q.push(
                ") SELECT i, COUNT(*) AS v, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS ks \
                 FROM ev GROUP BY i UNION ALL SELECT ",
            )
            .bind(n as i64)
            .push(", COUNT(*), CAST(0 AS BIGINT), CAST(0 AS BIGINT) FROM ev");
        }
        IndicatorKey::DaysToActive => {
            // The relationships of `RelationshipsStarted`, each with the seconds from being
            // set up (proposed) to its first activation; summed with their number per
            // bucket, the mean is taken in `figures`.
            let secs = if backend == DatabaseBackend::Postgres {
                "CAST(EXTRACT(EPOCH FROM (e.at - r.created_at)) AS BIGINT)"
            } else {
                "CAST(ROUND((julianday(e.at) - julianday(r.created_at)) * 86400) AS INTEGER)"
            };
            q.push(", ev(i, secs) AS MATERIALIZED (SELECT ")
                .bucket_of_instant(&all, "e.at")
                .push(&format!(
                    ", {secs} FROM relationship_events e \
                     JOIN relationships r ON r.id = e.relationship_id \
                     WHERE e.from_status = 'proposed' AND e.to_status = 'active' AND e.at >= "
                ))
                .bind(all.lo)
                .push(" AND e.at < ")
                .bind(all.hi);
            relationships_of_scope(&mut q, scope);
            q.push(
                ") SELECT i, CAST(SUM(secs) AS BIGINT) AS v, COUNT(*) AS n, \
                 CAST(0 AS BIGINT) AS ks FROM ev GROUP BY i UNION ALL SELECT ",
            )
            .bind(n as i64)
            .push(", CAST(SUM(secs) AS BIGINT), COUNT(*), CAST(0 AS BIGINT) FROM ev");
        }
        IndicatorKey::ReflectionsSubmitted => {
            teachers_cte(&mut q);
            reflections_cte(&mut q, &all, false, Place::Bucket);
            count_reflections(&mut q, n, "r1");
        }
        IndicatorKey::MentoringHours => {
            q.push(", h(i, minutes) AS MATERIALIZED (SELECT ")
                .bucket_of_day(&all, "a.date")
                .push(
                    ", a.duration_minutes FROM activities a \
                     WHERE a.state = 'final' AND a.date >= ",
                )
                .bind(all.dlo.clone())
                .push(" AND a.date < ")
                .bind(all.dhi.clone());
            activities_of_scope(&mut q, scope);
            if let (ScopeKind::School, Some(s)) = (scope.kind, scope.id) {
                q.push(" AND a.relationship_id");
                relationships_of_school(&mut q, s);
            }
            q.push(
                ") SELECT i, CAST(SUM(minutes) AS BIGINT) AS v, CAST(0 AS BIGINT) AS n, \
                 CAST(0 AS BIGINT) AS ks FROM h GROUP BY i UNION ALL SELECT ",
            )
            .bind(n as i64)
            .push(", CAST(SUM(minutes) AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT) FROM h");
        }
        IndicatorKey::TrainingHours => {
            // From the scope's courses (few) to their sessions of the period (by course and
            // date) to the attendance of each session.
            q.push(", h(i, minutes) AS MATERIALIZED (SELECT ")
                .bucket_of_day(&all, "cs.date")
                .push(
                    ", cs.duration_minutes FROM courses c \
                     JOIN programmes pr ON pr.id = c.programme_id \
                     JOIN course_sessions cs ON cs.course_id = c.id \
                     JOIN course_attendance ca ON ca.session_id = cs.id \
                     WHERE cs.date >= ",
                )
                .bind(all.dlo.clone())
                .push(" AND cs.date < ")
                .bind(all.dhi.clone());
            courses_of_scope(&mut q, scope);
            q.push(
                ") SELECT i, CAST(SUM(minutes) AS BIGINT) AS v, CAST(0 AS BIGINT) AS n, \
                 CAST(0 AS BIGINT) AS ks FROM h GROUP BY i UNION ALL SELECT ",
            )
            .bind(n as i64)
            .push(", CAST(SUM(minutes) AS BIGINT), CAST(0 AS BIGINT), CAST(0 AS BIGINT) FROM h");
        }
        IndicatorKey::TrainingTargetsReached => {
            // Every attendance up to the end of the period (the hours add up from the
            // programme's start), a running sum per programme, audience and person in
            // session order; a person reached the target at the session where the sum
            // first got to it. The targets are the programme's own, per audience, in
            // minutes (a programme without one for an audience counts nobody there).
            let target = |aud: &str| {
                if backend == DatabaseBackend::Postgres {
                    format!("CAST(CAST(pr.training_targets AS JSON) ->> '{aud}' AS BIGINT) * 60")
                } else {
                    format!("CAST(json_extract(pr.training_targets, '$.{aud}') AS BIGINT) * 60")
                }
            };
            q.push(
                ", att(prog, aud, person_id, d, sid, minutes, goal) AS (SELECT c.programme_id, \
                 c.audience, ca.person_id, cs.date, cs.id, cs.duration_minutes, CASE c.audience \
                 WHEN 'teachers' THEN ",
            )
            .push(&target("teachers"))
            .push(" WHEN 'leaders' THEN ")
            .push(&target("leaders"))
            .push(
                " END FROM courses c \
                 JOIN programmes pr ON pr.id = c.programme_id \
                 JOIN course_sessions cs ON cs.course_id = c.id \
                 JOIN course_attendance ca ON ca.session_id = cs.id \
                 WHERE cs.date < ",
            )
            .bind(all.dhi.clone());
            courses_of_scope(&mut q, scope);
            q.push(
                "), run(person_id, d, goal, upto, minutes) AS (SELECT person_id, d, goal, \
                 SUM(minutes) OVER (PARTITION BY prog, aud, person_id ORDER BY d, sid \
                 ROWS UNBOUNDED PRECEDING), minutes FROM att WHERE goal > 0), \
                 m(i, person_id) AS MATERIALIZED (SELECT ",
            )
            .bucket_of_day(&all, "run.d")
            .push(
                ", run.person_id FROM run WHERE run.upto >= run.goal \
                 AND run.upto - run.minutes < run.goal AND run.d >= ",
            )
            .bind(all.dlo.clone())
            .push(")");
            count_people_by_lookup(&mut q, n);
        }
        IndicatorKey::CoursesCompleted => {
            // As the targets above, per course: the running sum of a participant's
            // attended minutes first reaches the completion share of the planned hours
            // (`mentoring::model::course_completed`).
            q.push(
                ", att(course, person_id, d, sid, minutes, goal) AS (SELECT c.id, ca.person_id, \
                 cs.date, cs.id, cs.duration_minutes, c.planned_hours * 60 FROM courses c \
                 JOIN programmes pr ON pr.id = c.programme_id \
                 JOIN course_sessions cs ON cs.course_id = c.id \
                 JOIN course_attendance ca ON ca.session_id = cs.id \
                 WHERE c.planned_hours > 0 AND cs.date < ",
            )
            .bind(all.dhi.clone());
            courses_of_scope(&mut q, scope);
            let share = crate::mentoring::model::COMPLETION_SHARE;
            q.push(
                "), run(person_id, d, goal, upto, minutes) AS (SELECT person_id, d, goal, \
                 SUM(minutes) OVER (PARTITION BY course, person_id ORDER BY d, sid \
                 ROWS UNBOUNDED PRECEDING), minutes FROM att), \
                 m(i, person_id) AS MATERIALIZED (SELECT ",
            )
            .bucket_of_day(&all, "run.d")
            .push(", run.person_id FROM run WHERE run.upto >= ")
            .bind(share)
            .push(" * run.goal AND run.upto - run.minutes < ")
            .bind(share)
            .push(" * run.goal AND run.d >= ")
            .bind(all.dlo.clone())
            .push(")");
            count_people_by_lookup(&mut q, n);
        }
    }
    q
}

// ---------- activities by kind and mode ----------

/// Final mentoring activities of the scope per bucket (and for the whole period at index
/// `buckets.len()`), kind and mode: (bucket, kind, mode, activities, minutes).
pub async fn activity_counts(
    db: &impl ConnectionTrait,
    scope: &Scope,
    buckets: &[Bucket],
) -> ApiResult<Vec<(usize, String, String, u64, u64)>> {
    let all = span(buckets);
    let n = buckets.len();
    let mut q = Sql::new();
    q.push("WITH ");
    buckets_cte(&mut q, buckets);
    q.push(", h(i, kind, mode, minutes) AS MATERIALIZED (SELECT ")
        .bucket_of_day(&all, "a.date")
        .push(
            ", a.kind, a.mode, a.duration_minutes FROM activities a \
             WHERE a.state = 'final' AND a.date >= ",
        )
        .bind(all.dlo.clone())
        .push(" AND a.date < ")
        .bind(all.dhi.clone());
    activities_of_scope(&mut q, scope);
    if let (ScopeKind::School, Some(s)) = (scope.kind, scope.id) {
        q.push(" AND a.relationship_id");
        relationships_of_school(&mut q, s);
    }
    q.push(
        ") SELECT i, kind, mode, COUNT(*) AS c, CAST(SUM(minutes) AS BIGINT) AS m FROM h \
         GROUP BY i, kind, mode UNION ALL SELECT ",
    )
    .bind(n as i64)
    .push(
        ", kind, mode, COUNT(*), CAST(SUM(minutes) AS BIGINT) FROM h GROUP BY kind, mode \
         ORDER BY 1, 2, 3",
    );
    let backend = db.get_database_backend();
    let mut out = Vec::new();
    for r in db.query_all_raw(q.statement(backend)).await? {
        let Some(i) = r.try_get::<Option<i64>>("", "i")? else {
            continue;
        };
        out.push((
            usize::try_from(i).unwrap_or(usize::MAX),
            r.try_get("", "kind")?,
            r.try_get("", "mode")?,
            u64::try_from(r.try_get::<i64>("", "c")?).unwrap_or(0),
            u64::try_from(r.try_get::<Option<i64>>("", "m")?.unwrap_or(0)).unwrap_or(0),
        ));
    }
    Ok(out)
}

// ---------- relationships by structure and status ----------

/// The scope's mentoring relationships set up before `hi` (the end of the period), by kind
/// and status as they stand: (kind, status, relationships).
pub async fn relationship_counts(
    db: &impl ConnectionTrait,
    scope: &Scope,
    hi: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Vec<(String, String, u64)>> {
    let mut q = Sql::new();
    q.push(
        "SELECT r.kind AS kind, r.status AS status, COUNT(*) AS n FROM relationships r \
         WHERE r.created_at < ",
    )
    .bind(hi);
    relationships_of_scope(&mut q, scope);
    q.push(" GROUP BY r.kind, r.status ORDER BY r.kind, r.status");
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("", "kind")?,
                r.try_get("", "status")?,
                u64::try_from(r.try_get::<i64>("", "n")?).unwrap_or(0),
            ))
        })
        .collect()
}

// ---------- development-plan goals ----------

/// A goal of a development plan of the scope's schools (the plan's creation dates it).
pub struct GoalRow {
    pub school_id: Uuid,
    pub since: chrono::DateTime<chrono::Utc>,
    pub area: String,
    pub source_item: Option<String>,
    pub current_value: Option<f64>,
    pub target_value: f64,
}

/// The goals of the plans of the scope's schools made before `hi`.
pub async fn plan_goals(
    db: &impl ConnectionTrait,
    scope: &Scope,
    hi: chrono::DateTime<chrono::Utc>,
) -> ApiResult<Vec<GoalRow>> {
    let mut q = Sql::new();
    q.push("WITH x(one) AS (SELECT 1)");
    schools_cte(&mut q, scope);
    q.push(
        " SELECT pl.school_id AS school_id, pl.created_at AS since, pg.area AS area, \
         pg.source_item AS source_item, pg.current_value AS current_value, \
         pg.target_value AS target_value FROM plans pl JOIN sc ON sc.id = pl.school_id \
         JOIN plan_goals pg ON pg.plan_id = pl.id WHERE pl.created_at < ",
    )
    .bind(hi);
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(GoalRow {
                school_id: r.try_get("", "school_id")?,
                since: r.try_get("", "since")?,
                area: r.try_get("", "area")?,
                source_item: r.try_get("", "source_item")?,
                current_value: r.try_get("", "current_value")?,
                target_value: r.try_get("", "target_value")?,
            })
        })
        .collect()
}

// ---------- response rates ----------

/// A closed readiness campaign of the scope's schools with its expected sizes (the JSON
/// as kept) and the responses of each group.
pub struct CampaignResponses {
    pub campaign_id: Uuid,
    pub expected: String,
    pub group: Option<String>,
    pub responses: i64,
}

/// The campaigns of the scope's schools that closed in the period of `buckets` (after their
/// last day, before today; or early, by hand, at an instant in the period), with their kept responses per group (a row per
/// group; one without a group for a campaign with none kept); with `shared_only`, those
/// shared with the hub.
pub async fn campaign_responses(
    db: &impl ConnectionTrait,
    scope: &Scope,
    buckets: &[Bucket],
    today: NaiveDate,
    shared_only: bool,
) -> ApiResult<Vec<CampaignResponses>> {
    let all = span(buckets);
    let mut q = Sql::new();
    q.push("WITH x(one) AS (SELECT 1)");
    schools_cte(&mut q, scope);
    q.push(
        " SELECT c.id AS campaign_id, c.expected AS expected, g.respondent_group AS grp, \
         g.responses AS responses FROM campaigns c JOIN sc ON sc.id = c.school_id \
         LEFT JOIN campaign_group_results g ON g.campaign_id = c.id \
         WHERE ((c.closed_early_at IS NULL AND c.closes_on >= ",
    )
    .bind(all.dlo.clone())
    .push(" AND c.closes_on < ")
    .bind(all.dhi.clone())
    .push(" AND c.closes_on < ")
    .bind(crate::platform::dates::day(today))
    .push(") OR (c.closed_early_at >= ")
    .bind(all.lo)
    .push(" AND c.closed_early_at < ")
    .bind(all.hi)
    .push("))");
    if shared_only {
        q.push(" AND c.shared_with_coordinator = ").bind(true);
    }
    q.push(" ORDER BY c.id");
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(CampaignResponses {
                campaign_id: r.try_get("", "campaign_id")?,
                expected: r.try_get("", "expected")?,
                group: r.try_get("", "grp")?,
                responses: r.try_get::<Option<i64>>("", "responses")?.unwrap_or(0),
            })
        })
        .collect()
}

// ---------- comparisons ----------

/// The closing query of a comparison over `m(i, person_id, k)`, `i` being the unit: per
/// unit, the distinct people, their count and the sum of their keys.
fn count_people_by_unit(q: &mut Sql) {
    q.push(
        ", ev(i, person_id, k) AS (SELECT DISTINCT i, person_id, k FROM m) \
         SELECT ev.i AS i, COUNT(*) AS v, COUNT(*) AS n, SUM(ev.k) AS ks FROM ev GROUP BY ev.i",
    );
}

/// [`count_people_by_unit`] over `m(i, person_id)`, the keys read from `people`.
fn count_people_by_unit_by_lookup(q: &mut Sql) {
    q.push(
        ", ev(i, person_id) AS (SELECT DISTINCT i, person_id FROM m) \
         SELECT ev.i AS i, COUNT(*) AS v, COUNT(*) AS n, \
         SUM((SELECT p.stat_key FROM people p WHERE p.id = ev.person_id)) AS ks \
         FROM ev GROUP BY ev.i",
    );
}

/// The closing query of a comparison that sums reflections per unit over
/// `x(i, person_id, k)`: the reflections, the distinct people and their keys.
fn count_reflections_by_unit(q: &mut Sql, x: &str) {
    q.push(&format!(
        ", per(i, person_id, k, c) AS (SELECT i, person_id, k, COUNT(*) FROM {x} \
         GROUP BY i, person_id, k) \
         SELECT per.i AS i, CAST(SUM(per.c) AS BIGINT) AS v, COUNT(*) AS n, \
         SUM(per.k) AS ks FROM per GROUP BY per.i"
    ));
}

/// One statement for an indicator over the whole period, per unit of the scope (the
/// schools of a hub or programme, or the hubs of the platform) instead of per bucket: the
/// column `i` holds the unit's id. The rows are read as in [`statement_for`], from the
/// scope's people or the hubs' activities; `None` for an indicator that is not split by
/// this unit (see [`super::model::comparable`]).
fn unit_statement(
    backend: DatabaseBackend,
    key: IndicatorKey,
    scope: &Scope,
    unit: CompareUnit,
    buckets: &[Bucket],
    today: NaiveDate,
) -> Option<Sql> {
    if !super::model::comparable(key, unit) {
        return None;
    }
    let all = span(buckets);
    let mut q = Sql::new();
    q.push("WITH x(one) AS (SELECT 1)");
    schools_cte_of(&mut q, scope, Some(unit));
    let j = if backend == DatabaseBackend::Sqlite {
        "CROSS JOIN"
    } else {
        "JOIN"
    };
    // The hub of an activity, a relationship or a course, as the unit (hubs only).
    let hub_filter = |q: &mut Sql, col: &str| {
        // The platform: every hub; with school filters, the hubs of the schools left.
        if scope.filters.any() {
            q.push(&format!(" AND {col} IN (SELECT sc.u FROM sc)"));
        }
    };
    match key {
        IndicatorKey::TeachersActive => {
            role_cte_at(&mut q, "teacher", Place::Unit);
            reflections_cte(&mut q, &all, false, Place::Unit);
            q.push(", m(i, person_id, k) AS MATERIALIZED (SELECT i, person_id, k FROM r1 UNION ");
            attended(&mut q, &all, j, Place::Unit);
            q.push(")");
            count_people_by_unit(&mut q);
        }
        IndicatorKey::SchoolLeadersActive => {
            role_cte_at(&mut q, "school_leader", Place::Unit);
            q.push(", m(i, person_id, k) AS MATERIALIZED (");
            attended(&mut q, &all, j, Place::Unit);
            q.push(")");
            count_people_by_unit(&mut q);
        }
        IndicatorKey::TeachersGrowthMeasurable => {
            role_cte_at(&mut q, "teacher", Place::Unit);
            reflections_cte(&mut q, &all, true, Place::Unit);
            q.push(", m(i, person_id, k) AS MATERIALIZED (SELECT i, person_id, k FROM r1)");
            count_people_by_unit(&mut q);
        }
        IndicatorKey::ReflectionsSubmitted => {
            role_cte_at(&mut q, "teacher", Place::Unit);
            reflections_cte(&mut q, &all, false, Place::Unit);
            count_reflections_by_unit(&mut q, "r1");
        }
        IndicatorKey::ReflectionsStarted => {
            role_cte_at(&mut q, "teacher", Place::Unit);
            q.push(
                ", r0(i, person_id, k) AS MATERIALIZED (SELECT t.u, r.person_id, t.k FROM t \
                 JOIN reflections r ON r.person_id = t.person_id WHERE t.s = ",
            )
            .bind(true)
            .push(" AND r.started_at >= ")
            .bind(all.lo)
            .push(" AND r.started_at < ")
            .bind(all.hi)
            .push(")");
            count_reflections_by_unit(&mut q, "r0");
        }
        IndicatorKey::CampaignsRun => {
            q.push(
                " SELECT sc.u AS i, COUNT(*) AS v, CAST(0 AS BIGINT) AS n, \
                 CAST(0 AS BIGINT) AS ks FROM campaigns c JOIN sc ON sc.id = c.school_id \
                 WHERE c.opens_on < ",
            )
            .bind(all.dhi.clone())
            .push(" AND c.closes_on >= ")
            .bind(all.dlo.clone())
            .push(" GROUP BY sc.u");
        }
        IndicatorKey::PlanActionsDone | IndicatorKey::PlanActionsOverdue => {
            q.push(
                " SELECT sc.u AS i, COUNT(*) AS v, CAST(0 AS BIGINT) AS n, \
                 CAST(0 AS BIGINT) AS ks FROM plans pl JOIN sc ON sc.id = pl.school_id \
                 JOIN plan_goals pg ON pg.plan_id = pl.id \
                 JOIN plan_actions pa ON pa.goal_id = pg.id WHERE pa.due_on >= ",
            )
            .bind(all.dlo.clone())
            .push(" AND pa.due_on < ")
            .bind(all.dhi.clone());
            if key == IndicatorKey::PlanActionsDone {
                q.push(" AND pa.status = 'done'");
            } else {
                q.push(" AND pa.status IN ('proposed', 'planned', 'in_progress') AND pa.due_on < ")
                    .bind(crate::platform::dates::day(today));
            }
            q.push(" GROUP BY sc.u");
        }
        IndicatorKey::SchoolsTakingPart => {
            q.push(
                ", ev(i, s) AS (SELECT sc.u, ps.school_id FROM programme_schools ps \
                 JOIN sc ON sc.id = ps.school_id \
                 JOIN programmes pr ON pr.id = ps.programme_id \
                 WHERE ps.approval = 'approved' AND pr.starts_on < ",
            )
            .bind(all.dhi.clone())
            .push(" AND pr.ends_on >= ")
            .bind(all.dlo.clone())
            .push(
                " UNION SELECT sc.u, c.school_id FROM campaigns c \
                 JOIN sc ON sc.id = c.school_id WHERE c.opens_on < ",
            )
            .bind(all.dhi.clone())
            .push(" AND c.closes_on >= ")
            .bind(all.dlo.clone())
            .push(
                ") SELECT i, COUNT(*) AS v, CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS ks \
                 FROM ev GROUP BY i",
            );
        }
        IndicatorKey::MentorsActive => {
            q.push(
                ", m(i, person_id) AS (SELECT a.hub_id, x.person_id FROM activities a \
                 JOIN activity_attendees x ON x.activity_id = a.id \
                 WHERE x.role = 'mentor' AND a.state = 'final' AND a.date >= ",
            )
            .bind(all.dlo.clone())
            .push(" AND a.date < ")
            .bind(all.dhi.clone());
            hub_filter(&mut q, "a.hub_id");
            q.push(")");
            count_people_by_unit_by_lookup(&mut q);
        }
        IndicatorKey::MentoringHours => {
            q.push(
                " SELECT a.hub_id AS i, CAST(SUM(a.duration_minutes) AS BIGINT) AS v, \
                 CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS ks FROM activities a \
                 WHERE a.state = 'final' AND a.date >= ",
            )
            .bind(all.dlo.clone())
            .push(" AND a.date < ")
            .bind(all.dhi.clone());
            hub_filter(&mut q, "a.hub_id");
            q.push(" GROUP BY a.hub_id");
        }
        IndicatorKey::RelationshipsStarted => {
            q.push(
                " SELECT r.hub_id AS i, COUNT(*) AS v, CAST(0 AS BIGINT) AS n, \
                 CAST(0 AS BIGINT) AS ks FROM relationship_events e \
                 JOIN relationships r ON r.id = e.relationship_id \
                 WHERE e.from_status = 'proposed' AND e.to_status = 'active' AND e.at >= ",
            )
            .bind(all.lo)
            .push(" AND e.at < ")
            .bind(all.hi);
            hub_filter(&mut q, "r.hub_id");
            q.push(" GROUP BY r.hub_id");
        }
        IndicatorKey::TrainingHours => {
            q.push(
                " SELECT pr.hub_id AS i, CAST(SUM(cs.duration_minutes) AS BIGINT) AS v, \
                 CAST(0 AS BIGINT) AS n, CAST(0 AS BIGINT) AS ks FROM courses c \
                 JOIN programmes pr ON pr.id = c.programme_id \
                 JOIN course_sessions cs ON cs.course_id = c.id \
                 JOIN course_attendance ca ON ca.session_id = cs.id \
                 WHERE cs.date >= ",
            )
            .bind(all.dlo.clone())
            .push(" AND cs.date < ")
            .bind(all.dhi.clone());
            hub_filter(&mut q, "pr.hub_id");
            q.push(" GROUP BY pr.hub_id");
        }
        IndicatorKey::TrainingTargetsReached
        | IndicatorKey::CoursesCompleted
        | IndicatorKey::DaysToActive => return None,
    }
    Some(q)
}

/// An indicator's figures over the period of `buckets` per unit of the scope (units
/// without rows are absent); `None` when it is not split by `unit`.
pub async fn figures_by_unit(
    db: &(impl ConnectionTrait + 'static),
    key: IndicatorKey,
    scope: &Scope,
    unit: CompareUnit,
    buckets: &[Bucket],
    today: NaiveDate,
) -> ApiResult<Option<BTreeMap<Uuid, Raw>>> {
    let backend = db.get_database_backend();
    let Some(q) = unit_statement(backend, key, scope, unit, buckets, today) else {
        return Ok(None);
    };
    let hours = super::model::indicator(key).unit == super::model::Unit::Hours;
    let mut out = BTreeMap::new();
    for r in crate::db::query_all_planned(db, q.statement(backend)).await? {
        let Some(u) = r.try_get::<Option<Uuid>>("", "i")? else {
            continue;
        };
        let v: i64 = r.try_get::<Option<i64>>("", "v")?.unwrap_or(0);
        out.insert(
            u,
            Raw {
                value: if hours { v as f64 / 60.0 } else { v as f64 },
                people: u64::try_from(r.try_get::<Option<i64>>("", "n")?.unwrap_or(0)).unwrap_or(0),
                key_sum: r.try_get::<Option<i64>>("", "ks")?.unwrap_or(0),
            },
        );
    }
    Ok(Some(out))
}

/// The units a comparison lists, by name: the scope's schools (filtered), or the hubs (with
/// school filters, those with a school left).
pub async fn units(
    db: &impl ConnectionTrait,
    scope: &Scope,
    unit: CompareUnit,
) -> ApiResult<Vec<(Uuid, String)>> {
    let mut q = Sql::new();
    q.push("WITH x(one) AS (SELECT 1)");
    schools_cte_of(&mut q, scope, Some(unit));
    match unit {
        CompareUnit::School => {
            q.push(" SELECT s.id AS id, s.name AS name FROM schools s JOIN sc ON sc.id = s.id");
        }
        CompareUnit::Hub if scope.filters.any() => {
            q.push(
                " SELECT h.id AS id, h.name AS name FROM hubs h \
                 WHERE h.id IN (SELECT sc.u FROM sc)",
            );
        }
        CompareUnit::Hub => {
            q.push(" SELECT h.id AS id, h.name AS name FROM hubs h");
        }
    }
    q.push(" ORDER BY name, id");
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "name")?)))
        .collect()
}

/// ` AND …`: the courses of a hub's or a programme's programmes (`c`, `pr`), or, for a
/// school, the attendance (`ca`) of people taking part in the course for that school.
fn courses_of_scope(q: &mut Sql, scope: &Scope) {
    match (scope.kind, scope.id) {
        (ScopeKind::Hub, Some(h)) => {
            q.push(" AND pr.hub_id = ").bind(h);
        }
        (ScopeKind::Programme, Some(p)) => {
            q.push(" AND c.programme_id = ").bind(p);
        }
        (ScopeKind::School, Some(s)) => {
            q.push(
                " AND EXISTS (SELECT 1 FROM course_participants cp WHERE cp.course_id = c.id \
                 AND cp.person_id = ca.person_id AND cp.school_id = ",
            )
            .bind(s)
            .push(")");
        }
        _ => {}
    }
}

/// An indicator's figures per bucket (index into `buckets`) and for the whole period
/// (index `buckets.len()`); buckets without rows are absent.
pub async fn figures(
    db: &(impl ConnectionTrait + 'static),
    key: IndicatorKey,
    scope: &Scope,
    buckets: &[Bucket],
    today: NaiveDate,
) -> ApiResult<BTreeMap<usize, Raw>> {
    let backend = db.get_database_backend();
    let stmt = statement_for(backend, key, scope, buckets, today).statement(backend);
    let mut out = BTreeMap::new();
    for r in crate::db::query_all_planned(db, stmt).await? {
        // A row outside every bucket has none (it cannot happen: the period is the
        // buckets, end to end); it is skipped rather than misplaced.
        let Some(i) = r.try_get::<Option<i64>>("", "i")? else {
            continue;
        };
        // Every figure is an integer (BIGINT on PostgreSQL): hours come as minutes, a mean
        // duration as the sum of seconds with the number of durations (no row, no mean).
        let v: i64 = r.try_get::<Option<i64>>("", "v")?.unwrap_or(0);
        let mut people: i64 = r.try_get::<Option<i64>>("", "n")?.unwrap_or(0);
        let value = match super::model::indicator(key).unit {
            super::model::Unit::Hours => v as f64 / 60.0,
            super::model::Unit::Days if people == 0 => continue,
            super::model::Unit::Days => {
                let mean = v as f64 / people as f64 / 86_400.0;
                people = 0;
                (mean * 10.0).round() / 10.0
            }
            _ => v as f64,
        };
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

// ---------- growth ----------

/// Who counts as mentored in a cohort comparison.
#[derive(Debug, Clone, Copy)]
pub struct CohortRule {
    /// Only this programme's relationships and mentee schools (any, when none).
    pub programme: Option<Uuid>,
    /// How long a relationship must have been active, or a programme running, before the
    /// later reflection.
    pub min_days: i64,
}

/// One row of the growth histogram: `people` teachers of `cohort` whose change in `area`
/// was `num / cnt` hundredths of a level (`num` the sum of the paired item changes over
/// `cnt` items), with the sum of their statistics keys.
#[derive(Debug, Clone)]
pub struct GrowthRow {
    pub cohort: i64,
    pub area: String,
    pub num: i64,
    pub cnt: i64,
    pub people: u64,
    pub key_sum: i64,
}

/// `a` is at least `days` days before `b` (two instants).
fn days_apart(q: &mut Sql, backend: DatabaseBackend, a: &str, b: &str, days: i64) {
    if backend == DatabaseBackend::Postgres {
        q.push(&format!("{b} - {a} >= make_interval(days => "))
            .bind(days as i32)
            .push(")");
    } else {
        q.push(&format!("julianday({b}) - julianday({a}) >= "))
            .bind(days);
    }
}

/// The day (`YYYY-MM-DD`, as dates are stored) `days` days before an instant, in UTC.
fn day_before(q: &mut Sql, backend: DatabaseBackend, at: &str, days: i64) {
    if backend == DatabaseBackend::Postgres {
        q.push(&format!("to_char(({at} - make_interval(days => "))
            .bind(days as i32)
            .push(")) AT TIME ZONE 'UTC', 'YYYY-MM-DD')");
    } else {
        q.push(&format!("date({at}, '-' || "))
            .bind(days)
            .push(" || ' days')");
    }
}

/// `, rm(person_id, mentored) AS MATERIALIZED (…)`: one row for every teacher of `pr`
/// who was a mentee — in person, or through a school of theirs taking part as a school
/// (not through a colleague who takes part for it) — of a relationship that became active
/// before their later reflection `pr.at`; `mentored` is 1 when one of those
/// relationships is of the rule's programme and stayed active without a break for the
/// rule's days before it. One grouped join for every teacher: four tests per teacher
/// (each a lookup in three tables) took 70 of a hub's 120 ms on PostgreSQL.
fn mentee_relationships(q: &mut Sql, backend: DatabaseBackend, rule: CohortRule) {
    q.push(
        ", mr(person_id, at, relationship_id) AS (SELECT pr.person_id, pr.at, rp.relationship_id \
         FROM pr JOIN relationship_participants rp ON rp.person_id = pr.person_id \
         WHERE rp.role = 'mentee' \
         UNION SELECT pr.person_id, pr.at, rp.relationship_id \
         FROM pr JOIN role_grants g ON g.person_id = pr.person_id \
         JOIN relationship_participants rp ON rp.school_id = g.school_id \
         WHERE g.role = 'teacher' AND rp.person_id IS NULL AND rp.role = 'mentee'), \
         rm(person_id, mentored) AS MATERIALIZED (SELECT mr.person_id, \
         MAX(CASE WHEN ",
    );
    if let Some(p) = rule.programme {
        q.push("rl.programme_id = ").bind(p).push(" AND ");
    }
    days_apart(
        q,
        backend,
        "e.at",
        "COALESCE((SELECT MIN(e2.at) FROM relationship_events e2 \
         WHERE e2.relationship_id = e.relationship_id AND e2.from_status = 'active' \
         AND e2.at > e.at AND e2.at < mr.at), mr.at)",
        rule.min_days,
    );
    q.push(
        " THEN 1 ELSE 0 END) FROM mr \
         JOIN relationship_events e ON e.relationship_id = mr.relationship_id \
         JOIN relationships rl ON rl.id = e.relationship_id \
         WHERE e.to_status = 'active' AND e.at < mr.at GROUP BY mr.person_id)",
    );
}

/// Teachers' competence change per area between consecutive submitted reflections, as a
/// histogram. For every teacher of the scope who takes part in statistics, the last
/// reflection submitted in the period (`[lo, hi)`, on one of `versions`) that has an
/// earlier one is read with its changes, kept when it was submitted (the reflection
/// feature's `reflection_pairs` and `reflection_changes`: per area, the sum of the paired
/// item changes over the items scored in both). One teacher is one row per area: the
/// histogram counts people. With a cohort rule, every teacher is also placed in a cohort
/// (0 mentored, 1 not yet mentored, 2 neither: mentored for less than the rule's time).
pub async fn growth(
    db: &(impl ConnectionTrait + 'static),
    scope: &Scope,
    lo: chrono::DateTime<chrono::Utc>,
    hi: chrono::DateTime<chrono::Utc>,
    versions: &[Uuid],
    cohorts: Option<CohortRule>,
) -> ApiResult<Vec<GrowthRow>> {
    if versions.is_empty() {
        return Ok(Vec::new());
    }
    let backend = db.get_database_backend();
    let mut q = Sql::new();
    // `b` only opens the list of common table expressions the helpers continue.
    q.push("WITH b(i) AS (VALUES (0))");
    schools_cte(&mut q, scope);
    teachers_cte(&mut q);
    q.push(
        ", rs(id, person_id, at, k) AS (SELECT r.id, r.person_id, r.submitted_at, t.k \
         FROM t JOIN reflections r ON r.person_id = t.person_id \
         JOIN reflection_pairs rp ON rp.reflection_id = r.id \
         WHERE r.status = 'submitted' AND rp.earlier_id IS NOT NULL AND t.s = ",
    )
    .bind(true)
    .push(" AND r.submitted_at >= ")
    .bind(lo)
    .push(" AND r.submitted_at < ")
    .bind(hi)
    .push(" AND r.instrument_version_id IN (");
    for (i, v) in versions.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.bind(*v);
    }
    q.push("))");
    // Each teacher's last reflection. PostgreSQL's `DISTINCT ON` takes a tenth less time
    // than numbering the rows, and its estimate of the rows left (one per teacher) keeps
    // the joins below from being planned for a handful of teachers. SQLite must be told to
    // materialize: it would otherwise fold `pr` into each use and look teachers up in the
    // numbered rows by `rn` alone (2 s for a hub's cohorts instead of 0.1 s).
    if backend == DatabaseBackend::Postgres {
        q.push(
            ", pr(person_id, r2, at, k) AS (SELECT DISTINCT ON (person_id) person_id, id, at, k \
             FROM rs ORDER BY person_id, at DESC, id DESC)",
        );
    } else {
        q.push(
            ", x AS (SELECT id, person_id, at, k, \
             ROW_NUMBER() OVER (PARTITION BY person_id ORDER BY at DESC, id DESC) AS rn FROM rs), \
             pr(person_id, r2, at, k) AS MATERIALIZED (SELECT person_id, id, at, k FROM x \
             WHERE rn = 1)",
        );
    }
    match cohorts {
        None => {
            q.push(", co(person_id, r2, k, c) AS (SELECT person_id, r2, k, 0 FROM pr)");
        }
        Some(rule) => {
            // Mentored long enough: a mentee (in person, or through their school taking
            // part as a school, not through a colleague who takes part for it) of a
            // relationship that became active and stayed active for `min_days` before the
            // later reflection; or a teacher of an approved mentee school of a programme
            // that started `min_days` before it. Touched: any relationship as a mentee
            // that became active, any mentee school of a programme that had started.
            // Each test is a grouped join for every teacher (`tm`, `rm`), materialized:
            // once per teacher, not once per teacher and area.
            // The first start of a programme whose approved mentee school each teacher
            // works at (and of the rule's programme): one grouped join for every teacher,
            // where a test per teacher read every enrolment of the platform (PostgreSQL
            // hashed them again for each teacher: 80 of a hub's 130 ms).
            q.push(
                ", tm(person_id, any_start, rule_start) AS MATERIALIZED (SELECT g.person_id, \
                 MIN(pg.starts_on), ",
            );
            match rule.programme {
                Some(p) => {
                    q.push("MIN(CASE WHEN pg.id = ")
                        .bind(p)
                        .push(" THEN pg.starts_on END)");
                }
                None => {
                    q.push("MIN(pg.starts_on)");
                }
            }
            q.push(
                " FROM pr JOIN role_grants g ON g.person_id = pr.person_id \
                 JOIN programme_schools ps ON ps.school_id = g.school_id \
                 JOIN programmes pg ON pg.id = ps.programme_id \
                 WHERE g.role = 'teacher' AND ps.role = 'mentee_school' \
                 AND ps.approval = 'approved' GROUP BY g.person_id)",
            );
            mentee_relationships(&mut q, backend, rule);
            q.push(
                ", co(person_id, r2, k, c) AS MATERIALIZED (SELECT pr.person_id, pr.r2, pr.k, \
                 CASE WHEN \
                 rm.mentored = 1 OR tm.rule_start <= ",
            );
            day_before(&mut q, backend, "pr.at", rule.min_days);
            q.push(" THEN 0 WHEN rm.person_id IS NOT NULL OR tm.any_start <= ");
            day_before(&mut q, backend, "pr.at", 0);
            q.push(
                " THEN 2 ELSE 1 END FROM pr LEFT JOIN tm ON tm.person_id = pr.person_id \
                 LEFT JOIN rm ON rm.person_id = pr.person_id)",
            );
        }
    }
    // From each teacher's row (cohort, later reflection, key) to that reflection's changes,
    // through their index: joined the other way round, SQLite read every teacher's row
    // for each change (14 s for a hub).
    q.push(
        " SELECT CAST(co.c AS BIGINT) AS c, ch.area AS area, ch.num AS num, \
         CAST(ch.cnt AS BIGINT) AS cnt, COUNT(*) AS n, CAST(SUM(co.k) AS BIGINT) AS ks \
         FROM co JOIN reflection_changes ch ON ch.reflection_id = co.r2 \
         GROUP BY co.c, ch.area, ch.num, ch.cnt",
    );
    let mut out = Vec::new();
    for r in crate::db::query_all_planned(db, q.statement(backend)).await? {
        out.push(GrowthRow {
            cohort: r.try_get("", "c")?,
            area: r.try_get("", "area")?,
            num: r.try_get::<Option<i64>>("", "num")?.unwrap_or(0),
            cnt: r.try_get("", "cnt")?,
            people: u64::try_from(r.try_get::<i64>("", "n")?).unwrap_or(0),
            key_sum: r.try_get::<Option<i64>>("", "ks")?.unwrap_or(0),
        });
    }
    Ok(out)
}

/// A scope's hub and time zone: a hub's own, a programme's hub's, a school's.
pub async fn scope_place(
    db: &impl ConnectionTrait,
    kind: ScopeKind,
    id: Uuid,
) -> ApiResult<Option<(Uuid, String)>> {
    let head = match kind {
        ScopeKind::Hub => "SELECT h.id AS hub_id, h.time_zone AS tz FROM hubs h WHERE h.id = ",
        ScopeKind::Programme => {
            "SELECT h.id AS hub_id, h.time_zone AS tz FROM programmes p \
             JOIN hubs h ON h.id = p.hub_id WHERE p.id = "
        }
        ScopeKind::School => {
            "SELECT s.hub_id AS hub_id, s.time_zone AS tz FROM schools s WHERE s.id = "
        }
        ScopeKind::Platform => return Ok(None),
    };
    let mut q = Sql::new();
    q.push(head).bind(id);
    let row = db
        .query_one_raw(q.statement(db.get_database_backend()))
        .await?;
    Ok(match row {
        Some(r) => Some((r.try_get("", "hub_id")?, r.try_get("", "tz")?)),
        None => None,
    })
}

/// The ids of the scope's schools (filtered).
pub async fn school_ids(db: &impl ConnectionTrait, scope: &Scope) -> ApiResult<Vec<Uuid>> {
    let mut q = Sql::new();
    // `schools_cte` continues a CTE list.
    q.push("WITH x(one) AS (SELECT 1)");
    schools_cte(&mut q, scope);
    q.push(" SELECT sc.id AS id FROM sc");
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    rows.iter().map(|r| Ok(r.try_get("", "id")?)).collect()
}

/// The approved mentee-school enrolments of the scope's schools: school → (programme, the
/// day the programme starts).
pub async fn mentee_enrolments(
    db: &impl ConnectionTrait,
    scope: &Scope,
) -> ApiResult<BTreeMap<Uuid, Vec<(Uuid, NaiveDate)>>> {
    let mut q = Sql::new();
    q.push("WITH x(one) AS (SELECT 1)");
    schools_cte(&mut q, scope);
    q.push(
        " SELECT ps.school_id AS school_id, ps.programme_id AS programme_id, \
         pg.starts_on AS starts_on FROM programme_schools ps \
         JOIN programmes pg ON pg.id = ps.programme_id \
         WHERE ps.role = 'mentee_school' AND ps.approval = 'approved' \
         AND ps.school_id IN (SELECT sc.id FROM sc)",
    );
    let mut out: BTreeMap<Uuid, Vec<(Uuid, NaiveDate)>> = BTreeMap::new();
    for r in db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?
    {
        let school: Uuid = r.try_get("", "school_id")?;
        let programme: Uuid = r.try_get("", "programme_id")?;
        let starts: String = r.try_get("", "starts_on")?;
        out.entry(school)
            .or_default()
            .push((programme, crate::platform::dates::parse_day(&starts)?));
    }
    Ok(out)
}

/// One mentee school of a programme with its final relationship minutes to date.
pub struct MenteeSchoolMinutes {
    pub programme_id: Uuid,
    pub programme_name: String,
    pub school_id: Uuid,
    pub school_name: String,
    pub min_hours: i32,
    pub max_hours: i32,
    pub minutes: u64,
}

/// The approved mentee schools of the scope's programmes running from `first` to `last`,
/// each with the final minutes of the programme's relationships it is a mentee of: one
/// statement, whatever the number of schools.
pub async fn mentee_school_minutes(
    db: &impl ConnectionTrait,
    scope: &Scope,
    first: NaiveDate,
    last: NaiveDate,
) -> ApiResult<Vec<MenteeSchoolMinutes>> {
    let mut q = Sql::new();
    q.push("WITH x(one) AS (SELECT 1)");
    schools_cte(&mut q, scope);
    q.push(
        ", pe(programme_id, school_id) AS (SELECT ps.programme_id, ps.school_id \
         FROM programme_schools ps JOIN sc ON sc.id = ps.school_id \
         JOIN programmes pg ON pg.id = ps.programme_id \
         WHERE ps.role = 'mentee_school' AND ps.approval = 'approved' AND pg.starts_on <= ",
    )
    .bind(crate::platform::dates::day(last))
    .push(" AND pg.ends_on >= ")
    .bind(crate::platform::dates::day(first));
    match (scope.kind, scope.id) {
        (ScopeKind::Hub, Some(h)) => {
            q.push(" AND pg.hub_id = ").bind(h);
        }
        (ScopeKind::Programme, Some(p)) => {
            q.push(" AND pg.id = ").bind(p);
        }
        _ => {}
    }
    q.push(
        "), rs(programme_id, school_id, relationship_id) AS (SELECT DISTINCT pe.programme_id, \
         pe.school_id, r.id FROM pe JOIN relationships r ON r.programme_id = pe.programme_id \
         JOIN relationship_participants rp ON rp.relationship_id = r.id \
         AND rp.school_id = pe.school_id WHERE rp.role = 'mentee'), \
         am(relationship_id, minutes) AS (SELECT a.relationship_id, SUM(a.duration_minutes) \
         FROM activities a WHERE a.state = 'final' \
         AND a.relationship_id IN (SELECT rs.relationship_id FROM rs) \
         GROUP BY a.relationship_id), \
         ms(programme_id, school_id, minutes) AS (SELECT rs.programme_id, rs.school_id, \
         SUM(am.minutes) FROM rs JOIN am ON am.relationship_id = rs.relationship_id \
         GROUP BY rs.programme_id, rs.school_id) \
         SELECT pe.programme_id AS programme_id, pg.name AS programme_name, \
         pe.school_id AS school_id, s.name AS school_name, \
         pg.mentoring_min_hours AS min_hours, pg.mentoring_max_hours AS max_hours, \
         CAST(COALESCE(ms.minutes, 0) AS BIGINT) AS minutes \
         FROM pe JOIN programmes pg ON pg.id = pe.programme_id \
         JOIN schools s ON s.id = pe.school_id \
         LEFT JOIN ms ON ms.programme_id = pe.programme_id AND ms.school_id = pe.school_id",
    );
    let rows = db
        .query_all_raw(q.statement(db.get_database_backend()))
        .await?;
    let mut out = rows
        .iter()
        .map(|r| {
            Ok(MenteeSchoolMinutes {
                programme_id: r.try_get("", "programme_id")?,
                programme_name: r.try_get("", "programme_name")?,
                school_id: r.try_get("", "school_id")?,
                school_name: r.try_get("", "school_name")?,
                min_hours: r.try_get("", "min_hours")?,
                max_hours: r.try_get("", "max_hours")?,
                minutes: u64::try_from(r.try_get::<i64>("", "minutes")?).unwrap_or(0),
            })
        })
        .collect::<ApiResult<Vec<_>>>()?;
    // Furthest below the range's minimum first: the schools to look at.
    out.sort_by(|a, b| {
        let gap = |m: &MenteeSchoolMinutes| m.minutes as i64 - i64::from(m.min_hours) * 60;
        gap(a)
            .cmp(&gap(b))
            .then_with(|| a.programme_name.cmp(&b.programme_name))
            .then_with(|| a.school_name.cmp(&b.school_name))
    });
    Ok(out)
}

/// The hub of a programme.
pub async fn programme_hub(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Option<Uuid>> {
    let mut q = Sql::new();
    q.push("SELECT p.hub_id AS hub_id FROM programmes p WHERE p.id = ")
        .bind(id);
    let row = db
        .query_one_raw(q.statement(db.get_database_backend()))
        .await?;
    Ok(match row {
        Some(r) => Some(r.try_get("", "hub_id")?),
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
