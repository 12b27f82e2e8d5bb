//! Growth and cohorts: how teachers' self-assessed competence changed per area between
//! consecutive reflections, and whether mentored teachers changed more than those not yet
//! mentored. Everything rests on paired changes (the same teacher, before and after) of
//! teachers who take part in statistics, counted in SQL as a histogram (see
//! `repo::growth`); this module publishes it by the rules of `model`: counts of people by
//! threshold and cell key, means with noise picked by the cell key, complementary
//! suppression beside the total, and bootstrap intervals with a fixed seed.

use super::dto::*;
use super::model::{self, Cell, Cohort, GrowthBin, ScopeKind, Suppression};
use super::repo::{self, CohortRule, GrowthRow};
use super::service::{
    Resolved, days_of, filters_dto, month, period, resolve, school_filters, scope_kind,
};
use crate::auth::model::Principal;
use crate::error::{ApiError, ApiResult};
use crate::instruments::model::{Definition, Localised, ScaleKind};
use crate::instruments::service as instruments;
use sea_orm::DatabaseConnection;
use std::collections::BTreeMap;
use uuid::Uuid;

/// The instrument growth is measured on (the teachers' self-reflection).
const INSTRUMENT: &str = crate::reflection::service::DEFAULT_INSTRUMENT;

/// The default and the bounds of a cohort rule's minimum time, in weeks.
pub const DEFAULT_MIN_WEEKS: i64 = 8;
const MAX_MIN_WEEKS: i64 = 104;

/// What both answers share: the scope, the period, the instrument's versions, the span
/// of its scale and the area titles.
struct Setup {
    r: Resolved,
    kind: ScopeKind,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    lo: chrono::DateTime<chrono::Utc>,
    hi: chrono::DateTime<chrono::Utc>,
    /// The versions of the instrument.
    versions: Vec<Uuid>,
    /// (area key, title) in the newest version's order.
    areas: Vec<(String, String)>,
    /// The span of the scale, in levels: one teacher's change lies within ±width.
    width: f64,
}

async fn setup(
    db: &DatabaseConnection,
    p: &Principal,
    q: &GrowthQuery,
    lang: &str,
) -> ApiResult<Setup> {
    let kind = scope_kind(q.scope.as_deref())?;
    let to = month("to", q.to.as_deref())?;
    let from = month("from", q.from.as_deref())?;
    let filters = school_filters(
        q.country.as_deref(),
        q.school_kind.as_deref(),
        q.language.as_deref(),
    )?;
    let mut r = resolve(db, p, kind, q.scope_id.as_deref()).await?;
    r.scope.filters = filters;
    let buckets = period(from, to, model::BucketKind::Month, &r.tz)?;
    let (from, to) = days_of(&buckets);
    let lo = buckets.first().map(|b| b.starts).unwrap_or_default();
    let hi = buckets.last().map(|b| b.ends).unwrap_or_default();

    let Some(inst) = crate::instruments::repo::by_key(db, INSTRUMENT).await? else {
        return Err(ApiError::not_found("Instrument"));
    };
    let mut defs: Vec<(Uuid, Definition)> = Vec::new();
    for v in crate::instruments::repo::versions_of(db, inst.id).await? {
        defs.push((v.id, instruments::parse_definition(&v)?));
    }
    let (mut lowest, mut highest) = (f64::MAX, f64::MIN);
    for (_, def) in &defs {
        for scale in &def.scales {
            if let ScaleKind::Ordinal { options } = &scale.kind {
                for score in options.iter().filter_map(|o| o.score) {
                    lowest = lowest.min(score);
                    highest = highest.max(score);
                }
            }
        }
    }
    let width = if highest > lowest {
        highest - lowest
    } else {
        1.0
    };
    // Area titles from the newest version (versions come newest first).
    let areas = match defs.first() {
        Some((id, def)) => {
            let (en, t) = instruments::texts_for(db, *id, lang).await?;
            let l = Localised {
                def,
                en: &en,
                t: &t,
            };
            def.areas
                .iter()
                .map(|a| (a.key.clone(), l.area(&a.key).to_string()))
                .collect()
        }
        None => Vec::new(),
    };
    Ok(Setup {
        r,
        kind,
        from,
        to,
        lo,
        hi,
        versions: defs.iter().map(|(id, _)| *id).collect(),
        areas,
        width,
    })
}

/// People, sum of changes (in levels), key sum and the values (change → people) of one
/// area and cohort.
#[derive(Default)]
struct Tally {
    people: u64,
    sum: f64,
    key_sum: i64,
    values: BTreeMap<(i64, i64), u64>,
    bins: BTreeMap<GrowthBin, (u64, i64)>,
}

impl Tally {
    fn add(&mut self, row: &GrowthRow) {
        let change = row.num as f64 / 100.0 / row.cnt.max(1) as f64;
        self.people += row.people;
        self.sum += change * row.people as f64;
        self.key_sum = self.key_sum.wrapping_add(row.key_sum);
        *self.values.entry((row.num, row.cnt)).or_default() += row.people;
        let b = self
            .bins
            .entry(model::growth_bin(row.num, row.cnt))
            .or_default();
        b.0 += row.people;
        b.1 = b.1.wrapping_add(row.key_sum);
    }

    fn values(&self) -> Vec<(f64, u64)> {
        self.values
            .iter()
            .map(|((num, cnt), n)| (*num as f64 / 100.0 / (*cnt).max(1) as f64, *n))
            .collect()
    }
}

fn tallies(rows: &[GrowthRow]) -> BTreeMap<(i64, String), Tally> {
    let mut out: BTreeMap<(i64, String), Tally> = BTreeMap::new();
    for r in rows {
        out.entry((r.cohort, r.area.clone())).or_default().add(r);
    }
    out
}

fn cell_dto(c: Cell) -> CellDto {
    CellDto {
        value: c.value,
        suppressed: c.suppressed,
    }
}

pub(super) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The published mean of a tally, or why it has none.
fn mean_of(t: &Tally, k: u64, width: f64) -> (Option<f64>, Option<Suppression>) {
    if t.people == 0 {
        return (None, None);
    }
    match model::people_mean(t.sum, t.people, t.key_sum, k, width) {
        Some(m) => (Some(m), None),
        None => (None, Some(Suppression::BelowThreshold)),
    }
}

/// A stable seed for an area and cohort (FNV-1a of their names): the same data gives the
/// same intervals.
pub(super) fn seed(area: &str, cohort: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in area.bytes().chain([0]).chain(cohort.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

pub async fn growth(
    db: &DatabaseConnection,
    p: &Principal,
    q: &GrowthQuery,
    lang: &str,
    k: u64,
) -> ApiResult<GrowthDto> {
    let s = setup(db, p, q, lang).await?;
    let rows = repo::growth(db, &s.r.scope, s.lo, s.hi, &s.versions, None).await?;
    Ok(growth_of(&s, &rows, k))
}

/// Growth and cohorts of the same scope and period from one reading of the paired changes:
/// every teacher is in exactly one cohort (mentored, not yet mentored, left out), so the
/// growth of all teachers is the cohorts' rows taken together — the same tallies, the same
/// key sums, the same published numbers as `growth` (the dashboard test compares them).
pub async fn growth_and_cohorts(
    db: &DatabaseConnection,
    p: &Principal,
    q: &CohortQuery,
    lang: &str,
    k: u64,
) -> ApiResult<(GrowthDto, CohortsDto)> {
    let c = cohort_rows(db, p, q, lang).await?;
    let all: Vec<GrowthRow> = c
        .rows
        .iter()
        .map(|r| GrowthRow {
            cohort: 0,
            ..r.clone()
        })
        .collect();
    Ok((growth_of(&c.s, &all, k), cohorts_of(&c, lang, k)))
}

/// The paired changes of a cohort query with each teacher's cohort, and the rule.
struct CohortRows {
    s: Setup,
    rows: Vec<GrowthRow>,
    min_weeks: i64,
    programme: Option<Uuid>,
}

async fn cohort_rows(
    db: &DatabaseConnection,
    p: &Principal,
    q: &CohortQuery,
    lang: &str,
) -> ApiResult<CohortRows> {
    let (min_weeks, programme) = cohort_rule(q.min_weeks.as_deref(), q.programme_id.as_deref())?;
    let s = setup(db, p, &growth_query(q), lang).await?;
    programme_in_scope(db, programme, s.r.hub).await?;
    let rule = CohortRule {
        programme,
        min_days: min_weeks * 7,
    };
    let rows = repo::growth(db, &s.r.scope, s.lo, s.hi, &s.versions, Some(rule)).await?;
    Ok(CohortRows {
        s,
        rows,
        min_weeks,
        programme,
    })
}

/// The growth query a cohort query stands on (the same scope, period and filters).
fn growth_query(q: &CohortQuery) -> GrowthQuery {
    GrowthQuery {
        scope: q.scope.clone(),
        scope_id: q.scope_id.clone(),
        from: q.from.clone(),
        to: q.to.clone(),
        country: q.country.clone(),
        school_kind: q.school_kind.clone(),
        language: q.language.clone(),
        lang: None,
    }
}

/// Growth per area from the paired changes (all in cohort 0).
fn growth_of(s: &Setup, rows: &[GrowthRow], k: u64) -> GrowthDto {
    let tallies = tallies(rows);
    let empty = Tally::default();
    let areas = s
        .areas
        .iter()
        .map(|(key, title)| {
            let t = tallies.get(&(0, key.clone())).unwrap_or(&empty);
            let people = model::people_cell(t.people as f64, t.people, t.key_sum, k);
            let (mean, why) = mean_of(t, k, s.width);
            let (mut cells, mut counts) = (Vec::new(), Vec::new());
            for bin in GrowthBin::ALL {
                let (n, ks) = t.bins.get(bin).copied().unwrap_or_default();
                // Parts of a hidden total are hidden with it.
                cells.push(if people.value.is_none() && n > 0 {
                    Cell {
                        value: None,
                        suppressed: Some(Suppression::BelowThreshold),
                    }
                } else {
                    model::people_cell(n as f64, n, ks, k)
                });
                counts.push(n);
            }
            if people.value.is_some() {
                model::complementary(&mut cells, &counts, k);
            }
            AreaGrowthDto {
                area: key.clone(),
                title: title.clone(),
                teachers: cell_dto(people),
                mean_change: mean.map(round2),
                mean_suppressed: why,
                bins: GrowthBin::ALL
                    .iter()
                    .zip(cells)
                    .map(|(b, c)| GrowthBinDto {
                        bin: *b,
                        cell: cell_dto(c),
                    })
                    .collect(),
            }
        })
        .collect();
    GrowthDto {
        scope: s.kind,
        scope_id: s.r.scope.id,
        time_zone: s.r.tz.clone(),
        from: s.from,
        to: s.to,
        threshold: k,
        filters: filters_dto(&s.r.scope.filters),
        instrument: INSTRUMENT.into(),
        areas,
    }
}

/// The caution every cohort comparison carries, in the seven languages.
pub(super) fn caution(lang: &str) -> &'static str {
    match lang {
        "et" => {
            "Need on vaatlusandmed, mitte tõend: mentorluses osalevad koolid ja õpetajad \
             võivad erineda ka muul moel. Kasutage arvu arutelu alusena, mitte otsusena."
        }
        "fi" => {
            "Tämä on havaintoaineistoa, ei todiste: mentoroinnissa mukana olevat koulut ja \
             opettajat voivat erota muillakin tavoin. Käytä lukuja keskustelun pohjana, älä \
             päätöksenä."
        }
        "sv" => {
            "Detta är observationsdata, inte bevis: skolor och lärare som får mentorskap kan \
             skilja sig på andra sätt också. Använd siffrorna som underlag för samtal, inte \
             som en slutsats."
        }
        "lt" => {
            "Tai stebėjimo duomenys, o ne įrodymas: mentorystėje dalyvaujančios mokyklos ir \
             mokytojai gali skirtis ir kitais būdais. Naudokite skaičius pokalbiui, o ne \
             sprendimui."
        }
        "ka" => {
            "ეს დაკვირვების მონაცემებია და არა მტკიცებულება: მენტორობაში ჩართული სკოლები და \
             მასწავლებლები შეიძლება სხვა მხრივაც განსხვავდებოდნენ. გამოიყენეთ რიცხვები \
             განხილვისთვის და არა დასკვნისთვის."
        }
        "nb" => {
            "Dette er observasjonsdata, ikke bevis: skoler og lærere som får veiledning kan \
             skille seg ut på andre måter også. Bruk tallene som grunnlag for samtale, ikke \
             som en konklusjon."
        }
        _ => {
            "This is observational evidence, not proof: schools and teachers who take part \
             in mentoring may differ in other ways too. Use the numbers to start a \
             conversation, not to settle one."
        }
    }
}

/// Bootstrap means of a cohort's values, in resample order (for intervals of a mean and
/// of a difference of two means).
fn resampled(t: &Tally, seed: u64) -> Option<Vec<f64>> {
    model::bootstrap_means(&t.values(), seed)
}

fn interval(mut means: Vec<f64>) -> Option<(f64, f64)> {
    model::percentile_interval(&mut means)
}

/// A cohort rule's parameters: the minimum weeks (0–104, default 8) and the programme.
pub(super) fn cohort_rule(
    min_weeks: Option<&str>,
    programme_id: Option<&str>,
) -> ApiResult<(i64, Option<Uuid>)> {
    let min_weeks = match min_weeks.filter(|s| !s.is_empty()) {
        None => DEFAULT_MIN_WEEKS,
        Some(s) => s
            .parse::<i64>()
            .ok()
            .filter(|w| (0..=MAX_MIN_WEEKS).contains(w))
            .ok_or_else(|| {
                ApiError::field(
                    "min_weeks",
                    "range",
                    format!("Must be a whole number of weeks from 0 to {MAX_MIN_WEEKS}."),
                )
            })?,
    };
    let programme = match programme_id.filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            Uuid::parse_str(s)
                .map_err(|_| ApiError::field("programme_id", "uuid", "Must be a UUID."))?,
        ),
    };
    Ok((min_weeks, programme))
}

/// A programme of another hub is not one a comparison can be about (422).
pub(super) async fn programme_in_scope(
    db: &DatabaseConnection,
    programme: Option<Uuid>,
    hub: Option<Uuid>,
) -> ApiResult<()> {
    let Some(pid) = programme else {
        return Ok(());
    };
    match repo::programme_hub(db, pid).await? {
        Some(h) if hub.is_none() || hub == Some(h) => Ok(()),
        _ => Err(ApiError::field(
            "programme_id",
            "unknown",
            "No such programme in this scope.",
        )),
    }
}

/// Mentored teachers' growth against that of teachers not yet mentored, per area.
pub async fn cohorts(
    db: &DatabaseConnection,
    p: &Principal,
    q: &CohortQuery,
    lang: &str,
    k: u64,
) -> ApiResult<CohortsDto> {
    Ok(cohorts_of(&cohort_rows(db, p, q, lang).await?, lang, k))
}

/// Cohorts per area from the paired changes with their cohorts.
fn cohorts_of(c: &CohortRows, lang: &str, k: u64) -> CohortsDto {
    let (s, min_weeks, programme) = (&c.s, c.min_weeks, c.programme);
    let tallies = tallies(&c.rows);
    let empty = Tally::default();

    // Teachers left out (mentored, but for less than the rule's time), once each: the
    // largest count over the areas (every teacher has a change in nearly every area).
    let left_out = s
        .areas
        .iter()
        .filter_map(|(a, _)| tallies.get(&(2, a.clone())))
        .max_by_key(|t| t.people);
    let excluded = match left_out {
        Some(t) => model::people_cell(t.people as f64, t.people, t.key_sum, k),
        None => Cell::exact(0.0),
    };

    let areas = s
        .areas
        .iter()
        .map(|(key, title)| {
            let mut stats = Vec::new();
            let mut draws = Vec::new();
            let mut noise = Vec::new();
            let mut bounds = Vec::new();
            for (i, c) in [Cohort::Mentored, Cohort::NotYetMentored]
                .iter()
                .enumerate()
            {
                let t = tallies.get(&(i as i64, key.clone())).unwrap_or(&empty);
                let people = model::people_cell(t.people as f64, t.people, t.key_sum, k);
                let (mean, why) = mean_of(t, k, s.width);
                let exact = (t.people > 0).then(|| t.sum / t.people as f64);
                // The published mean's noise, added to the interval too.
                let shift = match (mean, exact) {
                    (Some(m), Some(e)) => Some(m - e),
                    _ => None,
                };
                let means = shift.and_then(|_| resampled(t, seed(key, c.as_str())));
                let ci = means.clone().and_then(interval);
                // The interval moves with the published mean and is widened by the most the
                // noise can be, so that it still covers the true mean.
                let bound = s.width / t.people.max(1) as f64;
                stats.push(CohortStatDto {
                    cohort: *c,
                    teachers: cell_dto(people),
                    mean_change: mean.map(round2),
                    ci_low: ci.zip(shift).map(|((lo, _), d)| round2(lo + d - bound)),
                    ci_high: ci.zip(shift).map(|((_, hi), d)| round2(hi + d + bound)),
                    mean_suppressed: why,
                });
                bounds.push(bound);
                draws.push(means);
                noise.push(shift);
            }
            let difference = match (&draws[0], &draws[1], noise[0], noise[1]) {
                (Some(a), Some(b), Some(na), Some(nb)) => {
                    let m0 = stats[0].mean_change.unwrap_or(0.0);
                    let m1 = stats[1].mean_change.unwrap_or(0.0);
                    let diffs: Vec<f64> = a.iter().zip(b).map(|(x, y)| x - y).collect();
                    let bound = bounds.iter().sum::<f64>();
                    interval(diffs).map(|(lo, hi)| DifferenceDto {
                        mean: round2(m0 - m1),
                        ci_low: round2(lo + na - nb - bound),
                        ci_high: round2(hi + na - nb + bound),
                    })
                }
                _ => None,
            };
            AreaCohortsDto {
                area: key.clone(),
                title: title.clone(),
                cohorts: stats,
                difference,
            }
        })
        .collect();
    CohortsDto {
        scope: s.kind,
        scope_id: s.r.scope.id,
        time_zone: s.r.tz.clone(),
        from: s.from,
        to: s.to,
        threshold: k,
        filters: filters_dto(&s.r.scope.filters),
        instrument: INSTRUMENT.into(),
        programme_id: programme,
        min_weeks,
        caution: caution(lang).into(),
        excluded: cell_dto(excluded),
        areas,
    }
}
