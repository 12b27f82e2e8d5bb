//! The use cases of the Learning Analytics Toolbox: the catalogue, an indicator for a
//! scope and period, and the targets of the platform and the hubs.

use super::dto::*;
use super::entity::target;
use super::model::{self, BucketKind, CATALOGUE, Cell, IndicatorKey, ScopeKind, parse_month};
use super::repo::{self, SchoolFilters, Scope};
use crate::audit::service::{self as audit, Actor, Where};
use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::error::{ApiError, ApiResult};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use uuid::Uuid;

pub fn catalogue(lang: &str) -> Vec<IndicatorInfoDto> {
    CATALOGUE
        .iter()
        .map(|i| {
            let (title, description) = i.text(lang);
            IndicatorInfoDto {
                key: i.key,
                title: title.into(),
                description: description.into(),
                method: i.method.into(),
                unit: i.unit,
                people_based: i.people_based,
                scopes: i.scopes.to_vec(),
                school_filters: i.school_filters,
                comparable_by: [model::CompareUnit::Hub, model::CompareUnit::School]
                    .into_iter()
                    .filter(|u| model::comparable(i.key, *u))
                    .collect(),
                platform_default_target: i.platform_default,
            }
        })
        .collect()
}

/// A scope the caller may read, with its hub and the zone its buckets are cut in.
#[derive(Clone)]
pub(super) struct Resolved {
    pub(super) scope: Scope,
    pub(super) hub: Option<Uuid>,
    pub(super) tz: String,
}

pub(super) fn scope_kind(s: Option<&str>) -> ApiResult<ScopeKind> {
    match s {
        None | Some("") => Err(ApiError::field(
            "scope",
            "required",
            "Say which scope: platform, hub, programme or school.",
        )),
        Some(s) => crate::platform::enums::input("scope", s),
    }
}

pub(super) async fn resolve(
    db: &impl ConnectionTrait,
    p: &Principal,
    kind: ScopeKind,
    scope_id: Option<&str>,
) -> ApiResult<Resolved> {
    let scope_id = scope_id.filter(|s| !s.is_empty());
    if kind == ScopeKind::Platform {
        if scope_id.is_some() {
            return Err(ApiError::field(
                "scope_id",
                "not_allowed",
                "The platform scope takes no scope_id.",
            ));
        }
        policy::must_allow(
            p,
            Action::AnalyticsRead {
                hub: None,
                school: None,
            },
        )?;
        return Ok(Resolved {
            scope: Scope {
                kind,
                id: None,
                filters: SchoolFilters::default(),
            },
            hub: None,
            tz: "UTC".into(),
        });
    }
    let id = match scope_id {
        None => {
            return Err(ApiError::field(
                "scope_id",
                "required",
                "Say which hub, programme or school.",
            ));
        }
        Some(s) => Uuid::parse_str(s)
            .map_err(|_| ApiError::field("scope_id", "uuid", "Must be a UUID."))?,
    };
    let not_found = || ApiError::not_found("Scope");
    let (hub, tz) = repo::scope_place(db, kind, id)
        .await?
        .ok_or_else(not_found)?;
    let school = (kind == ScopeKind::School).then_some(id);
    // A scope the caller may not read is answered as if it did not exist.
    if !policy::allows(
        p,
        Action::AnalyticsRead {
            hub: Some(hub),
            school,
        },
    ) {
        return Err(not_found());
    }
    Ok(Resolved {
        scope: Scope {
            kind,
            id: Some(id),
            filters: SchoolFilters::default(),
        },
        hub: Some(hub),
        tz,
    })
}

/// The school filters of a request, checked: a country as two capital letters, a school
/// kind of the directory, a language code. Each bad one is a 422 naming it.
pub(super) fn school_filters(
    country: Option<&str>,
    kind: Option<&str>,
    language: Option<&str>,
) -> ApiResult<SchoolFilters> {
    let country = match country.filter(|s| !s.is_empty()) {
        None => None,
        Some(c) if c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()) => Some(c.into()),
        Some(_) => {
            return Err(ApiError::field(
                "country",
                "format",
                "Must be a country code of two capital letters, such as EE.",
            ));
        }
    };
    let kind = match kind.filter(|s| !s.is_empty()) {
        None => None,
        Some(k) => Some(crate::platform::enums::input("school_kind", k)?),
    };
    let language = match language.filter(|s| !s.is_empty()) {
        None => None,
        Some(l) if (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()) => {
            Some(l.into())
        }
        Some(_) => {
            return Err(ApiError::field(
                "language",
                "format",
                "Must be a language code of two or three small letters, such as et.",
            ));
        }
    };
    Ok(SchoolFilters {
        country,
        kind,
        language,
    })
}

/// The filters as the answers repeat them.
pub(super) fn filters_dto(f: &SchoolFilters) -> FiltersDto {
    FiltersDto {
        country: f.country.clone(),
        school_kind: f.kind,
        language: f.language.clone(),
    }
}

pub(super) fn month(field: &str, s: Option<&str>) -> ApiResult<Option<NaiveDate>> {
    match s.filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse_month(s)
            .map(Some)
            .ok_or_else(|| ApiError::field(field, "month", "Must be a month as YYYY-MM.")),
    }
}

/// The target in force for a scope: the hub's own, or for the platform the admins' or the
/// catalogue's. Programmes and schools have none here (a programme's hours targets are
/// per school).
async fn target_for(
    db: &impl ConnectionTrait,
    r: &Resolved,
    key: IndicatorKey,
) -> ApiResult<(Option<f64>, Option<String>)> {
    match r.scope.kind {
        ScopeKind::Hub => Ok(repo::targets(db, r.hub)
            .await?
            .into_iter()
            .find(|t| t.indicator == key)
            .map_or((None, None), |t| (Some(t.target), Some("hub".into())))),
        ScopeKind::Platform => {
            let set = repo::targets(db, None)
                .await?
                .into_iter()
                .find(|t| t.indicator == key);
            Ok(match set {
                Some(t) => (Some(t.target), Some("platform".into())),
                None => (
                    model::indicator(key).platform_default,
                    model::indicator(key)
                        .platform_default
                        .map(|_| "default".into()),
                ),
            })
        }
        _ => Ok((None, None)),
    }
}

fn cell_dto(c: Cell) -> CellDto {
    CellDto {
        value: c.value,
        suppressed: c.suppressed,
    }
}

/// The buckets of a period given as months (default: the twelve months up to this month
/// in the scope's zone); a 422 naming `from` when it is empty or too long.
pub(super) fn period(
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    bucket: BucketKind,
    tz: &str,
) -> ApiResult<Vec<model::Bucket>> {
    let today = crate::platform::dates::today(tz);
    let to = match to {
        Some(t) => t,
        None => NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap_or(today),
    };
    let from = match from {
        Some(f) => f,
        None => to.checked_sub_months(chrono::Months::new(11)).unwrap_or(to),
    };
    model::buckets(from, to, bucket, tz)
        .filter(|b| !b.is_empty())
        .ok_or_else(|| {
            ApiError::field(
                "from",
                "range",
                format!(
                    "from must not be after to, and the period must have at most {} buckets.",
                    model::MAX_BUCKETS
                ),
            )
        })
}

/// The first and last day of a period's buckets.
pub(super) fn days_of(buckets: &[model::Bucket]) -> (NaiveDate, NaiveDate) {
    let first = buckets.first().map(|b| b.from).unwrap_or_default();
    let last = buckets
        .last()
        .and_then(|b| b.until.pred_opt())
        .unwrap_or(first);
    (first, last)
}

/// The checked period, bucket and school filters of an indicator query.
pub(super) struct Asked {
    pub(super) bucket: BucketKind,
    pub(super) from: Option<NaiveDate>,
    pub(super) to: Option<NaiveDate>,
    pub(super) filters: SchoolFilters,
}

/// Checks an indicator query's period, bucket and filters (a bad one is a 422 naming it).
pub(super) fn asked(q: &IndicatorQuery) -> ApiResult<Asked> {
    let bucket = match q.bucket.as_deref().filter(|b| !b.is_empty()) {
        None => BucketKind::Month,
        Some(b) => crate::platform::enums::input("bucket", b)?,
    };
    let to = month("to", q.to.as_deref())?;
    let from = month("from", q.from.as_deref())?;
    let filters = school_filters(
        q.country.as_deref(),
        q.school_kind.as_deref(),
        q.language.as_deref(),
    )?;
    Ok(Asked {
        bucket,
        from,
        to,
        filters,
    })
}

/// Whether a part of a dashboard is counted at schools (the school filters narrow its
/// scope) or belongs to hubs and programmes (a school filter is a 422 naming it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Schools {
    Filtered,
    Refused(&'static str),
}

/// A part's query checked and its scope resolved for the caller, with the school filters
/// applied or refused: the prelude of every part's own endpoint.
pub(super) async fn part_scope(
    db: &DatabaseConnection,
    p: &Principal,
    q: &IndicatorQuery,
    schools: Schools,
) -> ApiResult<(Resolved, Asked)> {
    let kind = scope_kind(q.scope.as_deref())?;
    let asked = asked(q)?;
    if let Schools::Refused(what) = schools {
        refuse_school_filters(what, &asked.filters)?;
    }
    let mut r = resolve(db, p, kind, q.scope_id.as_deref()).await?;
    if schools == Schools::Filtered {
        r.scope.filters = asked.filters.clone();
    }
    Ok((r, asked))
}

/// Whether only campaigns shared with the hub count for the caller in a scope: for anyone
/// but the school's own staff (a school scope) and admins.
pub(super) fn shared_only(p: &Principal, scope: &Scope) -> bool {
    match (scope.kind, scope.id) {
        (ScopeKind::School, Some(s)) => !policy::sees_unshared_results(p, s),
        _ => !policy::sees_unshared_results_everywhere(p),
    }
}

pub async fn indicator(
    db: &DatabaseConnection,
    p: &Principal,
    key: &str,
    q: &IndicatorQuery,
    lang: &str,
    k: u64,
) -> ApiResult<IndicatorResultDto> {
    let key = IndicatorKey::parse(key).ok_or_else(|| ApiError::not_found("Indicator"))?;
    let ind = model::indicator(key);
    let kind = scope_kind(q.scope.as_deref())?;
    if !ind.scopes.contains(&kind) {
        return Err(ApiError::field(
            "scope",
            "not_supported",
            format!("{key} is not computed for the {kind} scope."),
        ));
    }
    let Asked {
        bucket,
        from,
        to,
        filters,
    } = asked(q)?;
    filters_apply(key, &filters)?;
    let mut r = resolve(db, p, kind, q.scope_id.as_deref()).await?;
    r.scope.filters = filters;
    indicator_in(db, &r, key, bucket, (from, to), lang, k).await
}

/// A 422 naming the first school filter given for an indicator that takes none.
fn filters_apply(key: IndicatorKey, filters: &SchoolFilters) -> ApiResult<()> {
    if model::indicator(key).school_filters {
        return Ok(());
    }
    refuse_school_filters(key.as_str(), filters)
}

/// A 422 naming the first school filter given, for figures of hubs and programmes.
fn refuse_school_filters(what: &str, filters: &SchoolFilters) -> ApiResult<()> {
    if !filters.any() {
        return Ok(());
    }
    let field = if filters.country.is_some() {
        "country"
    } else if filters.kind.is_some() {
        "school_kind"
    } else {
        "language"
    };
    Err(ApiError::field(
        field,
        "not_supported",
        format!("{what} belong to hubs and programmes, not schools: they take no school filters."),
    ))
}

/// An indicator over a period side by side: the platform's hubs, a hub's or programme's
/// schools, or a school against its hub's schools.
///
/// Every unit's figure is the one the unit would get on its own (the same people give the
/// same perturbation), released at k people as everywhere. Beside the total, the hidden
/// units are completed by [`model::complementary`] so that no hidden figure is the total
/// less the shown ones. A school filter only drops whole schools, so a unit's figure is the
/// same with and without it; the totals of two filtered views are each perturbed by their
/// own people's keys, so their difference does not give away the schools in between (see
/// the module `model`). A leader sees their own school and the quartiles of the hub's
/// published school figures, computed only from five or more of them; no other school is
/// named.
pub async fn comparison(
    db: &DatabaseConnection,
    p: &Principal,
    key: &str,
    q: &IndicatorQuery,
    lang: &str,
    k: u64,
) -> ApiResult<ComparisonDto> {
    use model::CompareUnit;
    let key = IndicatorKey::parse(key).ok_or_else(|| ApiError::not_found("Indicator"))?;
    let ind = model::indicator(key);
    let kind = scope_kind(q.scope.as_deref())?;
    let unit = if kind == ScopeKind::Platform {
        CompareUnit::Hub
    } else {
        CompareUnit::School
    };
    if !ind.scopes.contains(&kind) || !model::comparable(key, unit) {
        return Err(ApiError::field(
            "scope",
            "not_supported",
            format!("{key} is not set side by side by {unit} for the {kind} scope."),
        ));
    }
    let Asked {
        bucket,
        from,
        to,
        filters,
    } = asked(q)?;
    filters_apply(key, &filters)?;
    let r = resolve(db, p, kind, q.scope_id.as_deref()).await?;
    let buckets = period(from, to, bucket, &r.tz)?;
    let today = crate::platform::dates::today(&r.tz);
    // A school is set against the schools of its hub (the filters choose which).
    let own = (kind == ScopeKind::School).then_some(r.scope.id).flatten();
    let whole = Scope {
        kind: if own.is_some() { ScopeKind::Hub } else { kind },
        id: if own.is_some() { r.hub } else { r.scope.id },
        filters,
    };
    let cell_of = |raw: repo::Raw| {
        if ind.people_based {
            model::people_cell(raw.value, raw.people, raw.key_sum, k)
        } else {
            Cell::exact((raw.value * 100.0).round() / 100.0)
        }
    };
    let n = buckets.len();
    let total = repo::figures(db, key, &whole, &buckets, today)
        .await?
        .get(&n)
        .copied()
        .unwrap_or_default();
    let by_unit = repo::figures_by_unit(db, key, &whole, unit, &buckets, today)
        .await?
        .unwrap_or_default();
    let units = repo::units(db, &whole, unit).await?;
    let raw_of = |id: &Uuid| by_unit.get(id).copied().unwrap_or_default();
    let mut cells: Vec<Cell> = units.iter().map(|(id, _)| cell_of(raw_of(id))).collect();
    let people: Vec<u64> = units.iter().map(|(id, _)| raw_of(id).people).collect();
    if ind.people_based && own.is_none() {
        model::complementary(&mut cells, &people, k);
    }
    let shown: Vec<f64> = cells.iter().filter_map(|c| c.value).collect();
    let quartiles = model::quartiles(&shown).map(|(q1, median, q3)| QuartilesDto {
        units: u32::try_from(shown.len()).unwrap_or(u32::MAX),
        q1,
        median,
        q3,
    });
    let rows = match own {
        // The school's own figure, whether or not the filters keep it among the hub's.
        Some(school) => {
            let name = repo::units(
                db,
                &Scope {
                    kind: ScopeKind::School,
                    id: Some(school),
                    filters: SchoolFilters::default(),
                },
                CompareUnit::School,
            )
            .await?;
            let raw = match by_unit.get(&school) {
                Some(raw) => *raw,
                None if units.iter().any(|(id, _)| *id == school) => repo::Raw::default(),
                None => {
                    let alone = Scope {
                        kind: ScopeKind::School,
                        id: Some(school),
                        filters: SchoolFilters::default(),
                    };
                    repo::figures_by_unit(db, key, &alone, unit, &buckets, today)
                        .await?
                        .and_then(|m| m.get(&school).copied())
                        .unwrap_or_default()
                }
            };
            name.into_iter()
                .map(|(id, name)| ComparisonRowDto {
                    id,
                    name,
                    cell: cell_dto(cell_of(raw)),
                })
                .collect()
        }
        None => units
            .into_iter()
            .zip(cells)
            .map(|((id, name), c)| ComparisonRowDto {
                id,
                name,
                cell: cell_dto(c),
            })
            .collect(),
    };
    let (title, _) = ind.text(lang);
    let (first, last) = days_of(&buckets);
    Ok(ComparisonDto {
        key,
        title: title.into(),
        unit: ind.unit,
        scope: kind,
        scope_id: r.scope.id,
        units: unit,
        from: first,
        to: last,
        threshold: k,
        filters: filters_dto(&whole.filters),
        perturbed: ind.people_based,
        total: cell_dto(cell_of(total)),
        rows,
        quartiles,
    })
}

/// An indicator for a scope already resolved for the caller (its school filters set) and a
/// checked period: what `indicator` answers once the request is checked.
pub(super) async fn indicator_in(
    db: &DatabaseConnection,
    r: &Resolved,
    key: IndicatorKey,
    bucket: BucketKind,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
    lang: &str,
    k: u64,
) -> ApiResult<IndicatorResultDto> {
    let ind = model::indicator(key);
    let kind = r.scope.kind;
    let buckets = period(from, to, bucket, &r.tz)?;
    let today = crate::platform::dates::today(&r.tz);
    let figures = repo::figures(db, key, &r.scope, &buckets, today).await?;
    let cell = |i: usize| {
        let Some(raw) = figures.get(&i).copied() else {
            // A mean of nothing has no value (a count of nothing is 0).
            return if ind.unit == model::Unit::Days {
                Cell {
                    value: None,
                    suppressed: None,
                }
            } else {
                Cell::exact(0.0)
            };
        };
        if ind.people_based {
            model::people_cell(raw.value, raw.people, raw.key_sum, k)
        } else {
            Cell::exact((raw.value * 100.0).round() / 100.0)
        }
    };
    let cells: Vec<Cell> = (0..buckets.len()).map(&cell).collect();
    let total = cell(buckets.len());
    let (target, target_source) = target_for(db, r, key).await?;
    let (title, _) = ind.text(lang);
    let (first, last) = days_of(&buckets);
    Ok(IndicatorResultDto {
        key,
        title: title.into(),
        unit: ind.unit,
        scope: kind,
        scope_id: r.scope.id,
        time_zone: r.tz.clone(),
        bucket,
        from: first,
        to: last,
        threshold: k,
        filters: filters_dto(&r.scope.filters),
        perturbed: ind.people_based,
        status: if ind.lower_is_better() {
            model::ceiling_status(total.value, target)
        } else {
            model::status(total.value, target)
        },
        trend: model::trend(&cells),
        total: cell_dto(total),
        target,
        target_source,
        series: buckets
            .iter()
            .zip(cells)
            .map(|(b, c)| SeriesPointDto {
                label: b.label.clone(),
                from: b.from,
                to: b.until.pred_opt().unwrap_or(b.from),
                cell: cell_dto(c),
            })
            .collect(),
    })
}

// ---------- targets ----------

/// The platform or a hub, for targets; read access is the scope's analytics access.
async fn target_scope(
    db: &impl ConnectionTrait,
    p: &Principal,
    q: &TargetScopeQuery,
) -> ApiResult<Resolved> {
    let kind = scope_kind(q.scope.as_deref())?;
    if !matches!(kind, ScopeKind::Platform | ScopeKind::Hub) {
        return Err(ApiError::field(
            "scope",
            "not_supported",
            "Targets are set for the platform or a hub.",
        ));
    }
    resolve(db, p, kind, q.scope_id.as_deref()).await
}

fn target_dto(r: &Resolved, key: IndicatorKey, t: Option<&target::Model>) -> Option<TargetDto> {
    let (value, set, at) = match t {
        Some(t) => (t.target, true, Some(t.updated_at)),
        None if r.scope.kind == ScopeKind::Platform => {
            (model::indicator(key).platform_default?, false, None)
        }
        None => return None,
    };
    Some(TargetDto {
        indicator: key,
        scope: r.scope.kind,
        scope_id: r.scope.id,
        target: value,
        set,
        updated_at: at,
    })
}

pub async fn targets(
    db: &DatabaseConnection,
    p: &Principal,
    q: &TargetScopeQuery,
) -> ApiResult<Vec<TargetDto>> {
    let r = target_scope(db, p, q).await?;
    let set = repo::targets(db, r.hub).await?;
    Ok(CATALOGUE
        .iter()
        .filter_map(|i| target_dto(&r, i.key, set.iter().find(|t| t.indicator == i.key)))
        .collect())
}

pub async fn set_target(
    db: &DatabaseConnection,
    p: &Principal,
    key: &str,
    q: &TargetScopeQuery,
    input: TargetInput,
) -> ApiResult<TargetDto> {
    let key = IndicatorKey::parse(key).ok_or_else(|| ApiError::not_found("Indicator"))?;
    let r = target_scope(db, p, q).await?;
    policy::must_allow(p, Action::AnalyticsTargetSet { hub: r.hub })?;
    let txn = crate::db::write(db).await?;
    let row = target::Model {
        id: Uuid::now_v7(),
        scope_key: repo::scope_key(r.hub),
        hub_id: r.hub,
        indicator: key,
        target: input.target,
        updated_by: p.person().map(|me| me.id),
        updated_at: crate::db::now(),
    };
    repo::upsert_target(&txn, row.clone()).await?;
    audit::record(
        &txn,
        Actor::from(p),
        "analytics.target_set",
        ("analytics_target", None),
        Where {
            hub_id: r.hub,
            school_id: None,
        },
        serde_json::json!({"indicator": key, "target": input.target}),
    )
    .await?;
    txn.commit().await?;
    target_dto(&r, key, Some(&row)).ok_or_else(|| ApiError::internal("target not read back"))
}

pub async fn delete_target(
    db: &DatabaseConnection,
    p: &Principal,
    key: &str,
    q: &TargetScopeQuery,
) -> ApiResult<()> {
    let key = IndicatorKey::parse(key).ok_or_else(|| ApiError::not_found("Indicator"))?;
    let r = target_scope(db, p, q).await?;
    policy::must_allow(p, Action::AnalyticsTargetSet { hub: r.hub })?;
    let txn = crate::db::write(db).await?;
    if !repo::delete_target(&txn, r.hub, key).await? {
        return Err(ApiError::not_found("Target"));
    }
    audit::record(
        &txn,
        Actor::from(p),
        "analytics.target_removed",
        ("analytics_target", None),
        Where {
            hub_id: r.hub,
            school_id: None,
        },
        serde_json::json!({"indicator": key}),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

// ---------- activities by kind and mode ----------

/// The scope's final mentoring activities per month or quarter by kind and mode. They
/// belong to hubs and programmes (a school's: of the relationships it takes part in), so
/// no school filter applies (422).
pub async fn activities(
    db: &DatabaseConnection,
    p: &Principal,
    q: &IndicatorQuery,
) -> ApiResult<ActivitiesDto> {
    let (r, a) = part_scope(db, p, q, Schools::Refused("Activities")).await?;
    activities_in(db, &r, a.bucket, (a.from, a.to)).await
}

pub(super) async fn activities_in(
    db: &DatabaseConnection,
    r: &Resolved,
    bucket: BucketKind,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
) -> ApiResult<ActivitiesDto> {
    let buckets = period(from, to, bucket, &r.tz)?;
    let mut scope = r.scope.clone();
    scope.filters = SchoolFilters::default();
    let rows = repo::activity_counts(db, &scope, &buckets).await?;
    let n = buckets.len();
    let mut per: Vec<Vec<ActivityCountDto>> = vec![Vec::new(); n + 1];
    for (i, kind, mode, activities, minutes) in rows {
        // A mode this version does not know is left out rather than misnamed.
        let (Some(list), Some(mode)) = (
            per.get_mut(i),
            crate::mentoring::model::ActivityMode::parse(&mode),
        ) else {
            continue;
        };
        list.push(ActivityCountDto {
            kind,
            mode,
            activities,
            hours: (minutes as f64 / 60.0 * 100.0).round() / 100.0,
        });
    }
    let total = per.pop().unwrap_or_default();
    let (first, last) = days_of(&buckets);
    Ok(ActivitiesDto {
        scope: r.scope.kind,
        scope_id: r.scope.id,
        time_zone: r.tz.clone(),
        bucket,
        from: first,
        to: last,
        series: buckets
            .iter()
            .zip(per)
            .map(|(b, counts)| ActivityBucketDto {
                label: b.label.clone(),
                from: b.from,
                to: b.until.pred_opt().unwrap_or(b.from),
                counts,
            })
            .collect(),
        total,
    })
}

// ---------- response rates ----------

/// The response rate of each respondent group over the readiness campaigns of the scope's
/// schools that closed in the period: the kept responses against the expected sizes the
/// schools gave (campaigns without one for a group do not count for it). Campaigns count
/// when shared with the hub, except for the school's own staff and admins (as results do).
pub async fn response_rates(
    db: &DatabaseConnection,
    p: &Principal,
    q: &IndicatorQuery,
) -> ApiResult<ResponseRatesDto> {
    let (r, a) = part_scope(db, p, q, Schools::Filtered).await?;
    response_rates_in(db, p, &r, a.bucket, (a.from, a.to)).await
}

pub(super) async fn response_rates_in(
    db: &DatabaseConnection,
    p: &Principal,
    r: &Resolved,
    bucket: BucketKind,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
) -> ApiResult<ResponseRatesDto> {
    use crate::campaigns::model::RespondentGroup;
    use std::collections::BTreeMap;
    let buckets = period(from, to, bucket, &r.tz)?;
    let (first, last) = days_of(&buckets);
    let shared_only = shared_only(p, &r.scope);
    let today = crate::platform::dates::today(&r.tz);
    let mut rows = repo::campaign_responses(db, &r.scope, &buckets, today, shared_only).await?;
    // A closed campaign's counts are kept by the first read after it closed: those nobody
    // has read yet are kept now, and the counts read again.
    let unkept: Vec<Uuid> = rows
        .iter()
        .filter(|x| x.group.is_none())
        .map(|x| x.campaign_id)
        .collect();
    if !unkept.is_empty() {
        crate::campaigns::service::keep_results_of(db, &unkept).await?;
        rows = repo::campaign_responses(db, &r.scope, &buckets, today, shared_only).await?;
    }
    // Per campaign: its expected sizes (parsed once) and responses per group.
    /// Per group: a number (expected respondents, or responses).
    type PerGroup = BTreeMap<String, u64>;
    let mut campaigns: BTreeMap<Uuid, (PerGroup, PerGroup)> = BTreeMap::new();
    for row in rows {
        let entry = campaigns.entry(row.campaign_id).or_insert_with(|| {
            (
                serde_json::from_str(&row.expected).unwrap_or_default(),
                BTreeMap::new(),
            )
        });
        if let Some(g) = row.group {
            *entry.1.entry(g).or_default() += u64::try_from(row.responses).unwrap_or(0);
        }
    }
    let groups = RespondentGroup::ALL
        .iter()
        .map(|g| {
            let mut n = 0u32;
            let (mut responses, mut expected) = (0u64, 0u64);
            for (sizes, got) in campaigns.values() {
                if let Some(size) = sizes.get(g.as_str()).filter(|s| **s > 0) {
                    n += 1;
                    expected += size;
                    responses += got.get(g.as_str()).copied().unwrap_or(0);
                }
            }
            ResponseRateDto {
                group: *g,
                campaigns: n,
                responses,
                expected,
                rate: (expected > 0)
                    .then(|| (responses as f64 / expected as f64 * 1000.0).round() / 1000.0),
            }
        })
        .collect();
    Ok(ResponseRatesDto {
        scope: r.scope.kind,
        scope_id: r.scope.id,
        from: first,
        to: last,
        filters: filters_dto(&r.scope.filters),
        shared_only,
        groups,
    })
}

// ---------- development-plan goals ----------

/// The development-plan goals of the scope's schools, as they stood at the end of each
/// bucket and of the period: set, measured and reached. The school filters apply.
pub async fn plan_goals(
    db: &DatabaseConnection,
    p: &Principal,
    q: &IndicatorQuery,
    k: u64,
) -> ApiResult<PlanGoalsDto> {
    let (r, a) = part_scope(db, p, q, Schools::Filtered).await?;
    plan_goals_in(db, p, &r, a.bucket, (a.from, a.to), k).await
}

/// A goal is measured as its plan shows it: by the school's latest closed readiness
/// campaign (newest made first) that had closed by then — shared with the hub, except for
/// the school's own staff and admins — and by the published aggregate of its staff groups
/// for competence areas, from the time it was published. The values are the k-safe ones
/// of the campaign report and the staff aggregate, so counting goals reveals nobody.
pub(super) async fn plan_goals_in(
    db: &DatabaseConnection,
    p: &Principal,
    r: &Resolved,
    bucket: BucketKind,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
    k: u64,
) -> ApiResult<PlanGoalsDto> {
    use crate::mentoring::plans::service::{goal_reached, goal_value};
    use std::collections::{BTreeMap, BTreeSet};
    let buckets = period(from, to, bucket, &r.tz)?;
    let (first, last) = days_of(&buckets);
    let shared_only = shared_only(p, &r.scope);
    let hi = buckets.last().map(|b| b.ends).unwrap_or_default();
    let goals = repo::plan_goals(db, &r.scope, hi).await?;
    let schools: Vec<Uuid> = goals
        .iter()
        .map(|g| g.school_id)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let items: BTreeSet<String> = goals.iter().filter_map(|g| g.source_item.clone()).collect();
    let (campaigns, competence) = if schools.is_empty() {
        (Vec::new(), BTreeMap::new())
    } else {
        tokio::try_join!(
            crate::campaigns::service::closed_measures(db, &schools, shared_only, k, &items),
            crate::groups::service::schools_competence_means(db, &schools),
        )?
    };
    let mut by_school: BTreeMap<Uuid, Vec<&crate::campaigns::service::ClosedMeasures>> =
        BTreeMap::new();
    for c in &campaigns {
        by_school.entry(c.school_id).or_default().push(c);
    }
    let competence_prefix = crate::reflection::service::DEFAULT_INSTRUMENT;
    let counts_at = |b: &super::model::Bucket| -> GoalCountsDto {
        // Per school: what was measured by the end of the bucket.
        let mut values: BTreeMap<Uuid, BTreeMap<String, f64>> = BTreeMap::new();
        let mut out = GoalCountsDto::default();
        for g in goals.iter().filter(|g| g.since < b.ends) {
            out.goals += 1;
            let v = values.entry(g.school_id).or_insert_with(|| {
                let mut v = BTreeMap::new();
                if let Some(c) = by_school
                    .get(&g.school_id)
                    .and_then(|cs| cs.iter().find(|c| c.closed_on < b.until))
                {
                    v.extend(c.values.iter().map(|(a, m)| (a.clone(), *m)));
                }
                if let Some((_, means)) =
                    competence.get(&g.school_id).filter(|(at, _)| *at < b.ends)
                {
                    v.extend(
                        means
                            .iter()
                            .map(|(a, m)| (format!("{competence_prefix}:{a}"), *m)),
                    );
                }
                v
            });
            if let Some(m) = goal_value(v, &g.area, g.source_item.as_deref()) {
                out.measured += 1;
                if goal_reached(g.current_value, g.target_value, m) {
                    out.reached += 1;
                }
            }
        }
        out
    };
    let series: Vec<GoalBucketDto> = buckets
        .iter()
        .map(|b| GoalBucketDto {
            label: b.label.clone(),
            from: b.from,
            to: b.until.pred_opt().unwrap_or(b.from),
            counts: counts_at(b),
        })
        .collect();
    let total = series.last().map(|s| s.counts).unwrap_or_default();
    Ok(PlanGoalsDto {
        scope: r.scope.kind,
        scope_id: r.scope.id,
        time_zone: r.tz.clone(),
        bucket,
        from: first,
        to: last,
        filters: filters_dto(&r.scope.filters),
        shared_only,
        series,
        total,
    })
}

// ---------- relationships by structure and status ----------

/// The scope's mentoring relationships set up by the end of the period, by structure and
/// status as they stand. They belong to hubs and programmes (a school's: those it takes
/// part in), so no school filter applies (422).
pub async fn relationships(
    db: &DatabaseConnection,
    p: &Principal,
    q: &IndicatorQuery,
) -> ApiResult<RelationshipCountsDto> {
    let (r, a) = part_scope(db, p, q, Schools::Refused("Relationships")).await?;
    relationships_in(db, &r, a.bucket, (a.from, a.to)).await
}

pub(super) async fn relationships_in(
    db: &DatabaseConnection,
    r: &Resolved,
    bucket: BucketKind,
    (from, to): (Option<NaiveDate>, Option<NaiveDate>),
) -> ApiResult<RelationshipCountsDto> {
    use crate::mentoring::model::{RelationshipKind, RelationshipStatus};
    let buckets = period(from, to, bucket, &r.tz)?;
    let (_, last) = days_of(&buckets);
    let hi = buckets.last().map(|b| b.ends).unwrap_or_default();
    let counts = repo::relationship_counts(db, &r.scope, hi)
        .await?
        .into_iter()
        .filter_map(|(kind, status, n)| {
            // A value this version does not know is left out rather than misnamed.
            Some(RelationshipCountDto {
                kind: RelationshipKind::parse(&kind)?,
                status: RelationshipStatus::parse(&status)?,
                relationships: n,
            })
        })
        .collect();
    Ok(RelationshipCountsDto {
        scope: r.scope.kind,
        scope_id: r.scope.id,
        to: last,
        counts,
    })
}
