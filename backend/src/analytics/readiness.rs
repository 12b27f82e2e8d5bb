//! Readiness change: how a school's digital readiness moved per area between its two
//! latest campaigns shared with the hub (the later one closing in the period), for one
//! respondent group, and whether mentee schools moved more than the others.
//!
//! The unit is the school. Each school's change compares two of its own campaign results,
//! each of which shows only when the group gave at least k responses (the campaign
//! report's rule), so every change rests on at least k respondents at both ends; schools
//! are counted exactly. A school's campaign results are shared with the hub's
//! coordinators already (the hub overview lists them school by school), so the mean over
//! schools reveals nothing about a person that was not shown before.
//!
//! Cohorts (observational): a school is *mentored* for a pair when it was an approved
//! mentee school of a programme that had started at least `min_weeks` before the later
//! campaign closed; *not yet mentored* when it was a mentee school of no programme that had
//! started by then; those in between are left out and counted.

use super::dto::*;
use super::growth::{caution, cohort_rule, programme_in_scope, round2, seed};
use super::model::{self, Cohort};
use super::service::{days_of, filters_dto, month, period, resolve, school_filters, scope_kind};
use crate::auth::model::Principal;
use crate::campaigns::model::RespondentGroup;
use crate::error::ApiResult;
use chrono::NaiveDate;
use sea_orm::DatabaseConnection;
use std::collections::BTreeMap;
use uuid::Uuid;

/// One school's change: its mentoring standing and the change per area.
struct SchoolChange {
    cohort: Option<Cohort>,
    areas: BTreeMap<String, f64>,
}

/// A cohort's mean, its 95 % interval and the bootstrap means (for the difference).
type Stat = (Option<f64>, Option<(f64, f64)>, Option<Vec<f64>>);

/// Mean and 95 % bootstrap interval of a list of changes (one per school).
fn stat(values: &[f64], seed: u64) -> Stat {
    if values.is_empty() {
        return (None, None, None);
    }
    let mean = values.iter().sum::<f64>() / values.len() as f64;
    // One school's change has no spread to resample: no interval.
    if values.len() < 2 {
        return (Some(mean), None, None);
    }
    let weighted: Vec<(f64, u64)> = values.iter().map(|v| (*v, 1)).collect();
    let draws = model::bootstrap_means(&weighted, seed);
    let ci = draws
        .clone()
        .and_then(|mut d| model::percentile_interval(&mut d));
    (Some(mean), ci, draws)
}

pub async fn readiness(
    db: &DatabaseConnection,
    p: &Principal,
    q: &ReadinessQuery,
    lang: &str,
    k: u64,
) -> ApiResult<ReadinessDto> {
    let kind = scope_kind(q.scope.as_deref())?;
    let to = month("to", q.to.as_deref())?;
    let from = month("from", q.from.as_deref())?;
    let group: RespondentGroup = match q.group.as_deref().filter(|s| !s.is_empty()) {
        None => RespondentGroup::Teacher,
        Some(g) => crate::platform::enums::input("group", g)?,
    };
    let (min_weeks, programme) = cohort_rule(q.min_weeks.as_deref(), q.programme_id.as_deref())?;
    let filters = school_filters(
        q.country.as_deref(),
        q.school_kind.as_deref(),
        q.language.as_deref(),
    )?;
    let mut r = resolve(db, p, kind, q.scope_id.as_deref()).await?;
    r.scope.filters = filters;
    programme_in_scope(db, programme, r.hub).await?;
    let buckets = period(from, to, model::BucketKind::Month, &r.tz)?;
    let (first, last) = days_of(&buckets);

    // The scope's schools, their closed campaigns shared with the hub (area means of the
    // group where it shows) and their mentee enrolments: three reads in all.
    let schools = super::repo::school_ids(db, &r.scope).await?;
    let closed = crate::campaigns::service::closed_shared_readiness(db, &schools, group, k).await?;
    let enrolments = super::repo::mentee_enrolments(db, &r.scope).await?;
    let areas = crate::campaigns::service::readiness_areas(db, lang).await?;

    // Per school: its campaigns by closing day; the latest closing in the period against
    // the one before it.
    let mut by_school: BTreeMap<Uuid, Vec<&crate::campaigns::service::ClosedReadiness>> =
        BTreeMap::new();
    for c in &closed {
        by_school.entry(c.school_id).or_default().push(c);
    }
    let mut changes: Vec<SchoolChange> = Vec::new();
    let mut excluded = 0u64;
    for (school, mut cs) in by_school {
        cs.sort_by_key(|c| (c.closed_on, c.campaign_id));
        let Some(pos) = cs
            .iter()
            .rposition(|c| c.closed_on >= first && c.closed_on <= last)
        else {
            continue;
        };
        if pos == 0 {
            continue;
        }
        let (before, after) = (cs[pos - 1], cs[pos]);
        let (Some(a0), Some(a1)) = (&before.areas, &after.areas) else {
            continue;
        };
        let areas: BTreeMap<String, f64> = a1
            .iter()
            .filter_map(|(area, m1)| a0.get(area).map(|m0| (area.clone(), m1 - m0)))
            .collect();
        if areas.is_empty() {
            continue;
        }
        let cohort = standing(
            enrolments.get(&school).map(Vec::as_slice).unwrap_or(&[]),
            after.closed_on,
            programme,
            min_weeks,
        );
        if cohort.is_none() {
            excluded += 1;
        }
        changes.push(SchoolChange { cohort, areas });
    }

    let areas = areas
        .into_iter()
        .map(|(key, title)| {
            let all: Vec<f64> = changes
                .iter()
                .filter_map(|c| c.areas.get(&key).copied())
                .collect();
            let mean = (!all.is_empty()).then(|| all.iter().sum::<f64>() / all.len() as f64);
            let mut cohorts = Vec::new();
            let mut draws = Vec::new();
            for c in [Cohort::Mentored, Cohort::NotYetMentored] {
                let values: Vec<f64> = changes
                    .iter()
                    .filter(|s| s.cohort == Some(c))
                    .filter_map(|s| s.areas.get(&key).copied())
                    .collect();
                let (m, ci, d) = stat(&values, seed(&key, c.as_str()));
                cohorts.push(ReadinessCohortDto {
                    cohort: c,
                    schools: values.len() as u64,
                    mean_change: m.map(round2),
                    ci_low: ci.map(|x| round2(x.0)),
                    ci_high: ci.map(|x| round2(x.1)),
                });
                draws.push(d);
            }
            let difference = match (
                &draws[0],
                &draws[1],
                cohorts[0].mean_change,
                cohorts[1].mean_change,
            ) {
                (Some(a), Some(b), Some(m0), Some(m1)) => {
                    let mut diffs: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
                    model::percentile_interval(&mut diffs).map(|(lo, hi)| DifferenceDto {
                        mean: round2(m0 - m1),
                        ci_low: round2(lo),
                        ci_high: round2(hi),
                    })
                }
                _ => None,
            };
            AreaReadinessDto {
                area: key,
                title,
                schools: all.len() as u64,
                mean_change: mean.map(round2),
                cohorts,
                difference,
            }
        })
        .collect();
    Ok(ReadinessDto {
        scope: kind,
        scope_id: r.scope.id,
        time_zone: r.tz.clone(),
        from: first,
        to: last,
        threshold: k,
        filters: filters_dto(&r.scope.filters),
        group,
        programme_id: programme,
        min_weeks,
        caution: caution(lang).into(),
        schools: changes.len() as u64,
        excluded,
        areas,
    })
}

/// Mentored, not yet mentored, or neither (left out), for a pair whose later campaign
/// closed on `closed_on`: from the school's approved mentee enrolments (programme, start).
fn standing(
    enrolments: &[(Uuid, NaiveDate)],
    closed_on: NaiveDate,
    programme: Option<Uuid>,
    min_weeks: i64,
) -> Option<Cohort> {
    let long_enough = enrolments.iter().any(|(p, start)| {
        programme.is_none_or(|only| only == *p)
            && *start + chrono::Duration::days(min_weeks * 7) <= closed_on
    });
    if long_enough {
        return Some(Cohort::Mentored);
    }
    let started = enrolments.iter().any(|(_, start)| *start <= closed_on);
    (!started).then_some(Cohort::NotYetMentored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_school_is_mentored_after_the_minimum_time_and_left_out_before() {
        let p = Uuid::from_u128(1);
        let e = [(p, d("2026-01-01"))];
        assert_eq!(
            standing(&e, d("2026-03-01"), None, 8),
            Some(Cohort::Mentored)
        );
        assert_eq!(standing(&e, d("2026-02-01"), None, 8), None);
        assert_eq!(
            standing(&e, d("2025-12-01"), None, 8),
            Some(Cohort::NotYetMentored)
        );
        assert_eq!(
            standing(&[], d("2026-03-01"), None, 8),
            Some(Cohort::NotYetMentored)
        );
        // Another programme than the one asked about: started, so not "not yet", and not
        // the asked programme's mentee either.
        assert_eq!(
            standing(&e, d("2026-03-01"), Some(Uuid::from_u128(2)), 8),
            None
        );
    }

    #[test]
    fn intervals_are_the_same_for_the_same_data() {
        let v = [0.2, 0.4, -0.1, 0.3, 0.5, 0.0];
        let a = stat(&v, seed("infrastructure", "mentored"));
        let b = stat(&v, seed("infrastructure", "mentored"));
        assert_eq!(a.1, b.1);
        let (m, ci, _) = a;
        assert!((m.unwrap() - 0.2166).abs() < 0.001);
        let (lo, hi) = ci.unwrap();
        assert!(lo <= m.unwrap() && m.unwrap() <= hi);
    }
}
