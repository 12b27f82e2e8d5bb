//! A dashboard's combined payload: every indicator of the scope, the hours per mentee
//! school, growth, cohorts, readiness change, the activities by kind and mode, the
//! campaigns' response rates, the relationships and the plan goals for one scope and period, in one request.
//!
//! The parts are the same use cases as their own endpoints (same checks, same
//! suppression, same numbers: a part of the dashboard equals the answer of its endpoint
//! for the same parameters), computed concurrently on the connection pool. The scope is
//! resolved for the caller once, for all the indicators. Cohorts and readiness use their
//! defaults (see `growth::cohort_rule`): mentored for at least 8 weeks, the teachers'
//! group, and for a programme scope that programme's mentee schools.

use super::dto::*;
use super::model::{CATALOGUE, ScopeKind};
use super::repo::SchoolFilters;
use super::{growth, hours, readiness, service};
use crate::auth::model::Principal;
use crate::error::ApiResult;
use futures_util::future::try_join_all;
use sea_orm::DatabaseConnection;

pub async fn dashboard(
    db: &DatabaseConnection,
    p: &Principal,
    q: &IndicatorQuery,
    lang: &str,
    k: u64,
) -> ApiResult<DashboardDto> {
    let kind = service::scope_kind(q.scope.as_deref())?;
    // The parameters and the caller's right to the scope are checked once, before the
    // parts run concurrently: a bad parameter or a foreign scope answers the same as the
    // indicator endpoint, whichever part would have noticed it first.
    let asked = service::asked(q)?;
    let r = service::resolve(db, p, kind, q.scope_id.as_deref()).await?;
    service::period(asked.from, asked.to, asked.bucket, &r.tz)?;
    let programme = (kind == ScopeKind::Programme)
        .then(|| q.scope_id.clone())
        .flatten();
    let cohort_q = CohortQuery {
        scope: q.scope.clone(),
        scope_id: q.scope_id.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        programme_id: programme.clone(),
        min_weeks: None,
        country: q.country.clone(),
        school_kind: q.school_kind.clone(),
        language: q.language.clone(),
        lang: q.lang.clone(),
    };
    let readiness_q = ReadinessQuery {
        scope: q.scope.clone(),
        scope_id: q.scope_id.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        group: None,
        programme_id: programme,
        min_weeks: None,
        country: q.country.clone(),
        school_kind: q.school_kind.clone(),
        language: q.language.clone(),
        lang: q.lang.clone(),
    };
    let hours_q = SchoolHoursQuery {
        scope: q.scope.clone(),
        scope_id: q.scope_id.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        country: q.country.clone(),
        school_kind: q.school_kind.clone(),
        language: q.language.clone(),
    };
    // Indicators of hubs and programmes take no school filters: left out for those.
    let scopes: Vec<_> = CATALOGUE
        .iter()
        .filter(|i| i.scopes.contains(&kind))
        .map(|i| {
            let mut r = r.clone();
            r.scope.filters = if i.school_filters {
                asked.filters.clone()
            } else {
                SchoolFilters::default()
            };
            (i.key, r)
        })
        .collect();
    let indicators = try_join_all(scopes.iter().map(|(key, r)| {
        service::indicator_in(db, r, *key, asked.bucket, (asked.from, asked.to), lang, k)
    }));
    // Growth and cohorts share one reading of the paired changes.
    let mut filtered = r.clone();
    filtered.scope.filters = asked.filters.clone();
    let period = (asked.from, asked.to);
    let (
        indicators,
        school_hours,
        (growth, cohorts),
        readiness,
        activities,
        response_rates,
        relationships,
        plan_goals,
    ) = tokio::try_join!(
        indicators,
        hours::hours(db, p, &hours_q),
        growth::growth_and_cohorts(db, p, &cohort_q, lang, k),
        readiness::readiness(db, p, &readiness_q, lang, k),
        service::activities_in(db, &r, asked.bucket, period),
        service::response_rates_in(db, p, &filtered, asked.bucket, period),
        service::relationships_in(db, &r, asked.bucket, period),
        service::plan_goals_in(db, p, &filtered, asked.bucket, period, k),
    )?;
    Ok(DashboardDto {
        indicators,
        school_hours,
        growth,
        cohorts,
        readiness,
        activities,
        response_rates,
        relationships,
        plan_goals,
    })
}
