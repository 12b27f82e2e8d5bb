//! Request and response types of the Learning Analytics Toolbox.

use super::model::{
    BucketKind, Cohort, CompareUnit, GrowthBin, IndicatorKey, ScopeKind, Suppression, TargetStatus,
    Trend, Unit,
};
use crate::campaigns::model::RespondentGroup;
use crate::directory::dto::SchoolKind;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// An indicator of the catalogue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorInfoDto {
    pub key: IndicatorKey,
    pub title: String,
    pub description: String,
    /// How the value is computed (English).
    pub method: String,
    pub unit: Unit,
    /// Computed from people: cells below the threshold are hidden and the others carry
    /// a small perturbation (see the README's anonymity section).
    pub people_based: bool,
    /// The scopes it can be asked for.
    pub scopes: Vec<ScopeKind>,
    /// Whether the school filters (country, school kind, language) apply.
    pub school_filters: bool,
    /// The units it can be set side by side by (`/analytics/indicators/{key}/comparison`).
    pub comparable_by: Vec<CompareUnit>,
    /// The platform's target when an admin has set none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub platform_default_target: Option<f64>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// Language of the titles (the caller's own by default).
    #[param(pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    pub lang: Option<String>,
}

/// Which scope, period and buckets. Every parameter is checked: a bad one is a 422 that
/// names it.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IndicatorQuery {
    /// `platform`, `hub`, `programme` or `school`.
    #[param(value_type = Option<ScopeKind>)]
    pub scope: Option<String>,
    /// The hub, programme or school (not for the platform).
    #[param(value_type = Option<Uuid>)]
    pub scope_id: Option<String>,
    /// First month, `YYYY-MM` (default: eleven months before `to`).
    #[param(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub from: Option<String>,
    /// Last month, `YYYY-MM`, included (default: this month in the scope's time zone).
    #[param(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub to: Option<String>,
    /// `month` (default) or `quarter`.
    #[param(value_type = Option<BucketKind>)]
    pub bucket: Option<String>,
    /// Only schools of this country (two capital letters, e.g. `EE`).
    #[param(pattern = "^[A-Z]{2}$")]
    pub country: Option<String>,
    /// Only schools of this kind.
    #[param(value_type = Option<SchoolKind>)]
    pub school_kind: Option<String>,
    /// Only schools teaching in this language (e.g. `ru`).
    #[param(pattern = "^[a-z]{2,3}$")]
    pub language: Option<String>,
    /// Language of the title.
    #[param(pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    pub lang: Option<String>,
}

/// Which scope's targets.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TargetScopeQuery {
    /// `platform` or `hub`.
    #[param(value_type = Option<ScopeKind>)]
    pub scope: Option<String>,
    /// The hub (not for the platform).
    #[param(value_type = Option<Uuid>)]
    pub scope_id: Option<String>,
}

/// A published figure: a value, or why there is none.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CellDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suppressed: Option<Suppression>,
}

/// One time bucket of a series.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SeriesPointDto {
    /// `2026-03` or `2026-Q1`.
    pub label: String,
    /// First day (in the scope's time zone).
    pub from: NaiveDate,
    /// Last day, included.
    pub to: NaiveDate,
    #[serde(flatten)]
    pub cell: CellDto,
}

/// An indicator for a scope and period: the period's value against its target, and the
/// series of buckets.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IndicatorResultDto {
    pub key: IndicatorKey,
    pub title: String,
    pub unit: Unit,
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    /// The zone the buckets are cut in.
    pub time_zone: String,
    pub bucket: BucketKind,
    /// The period's first and last day.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The anonymity threshold k in force.
    pub threshold: u64,
    /// The school filters applied.
    pub filters: FiltersDto,
    /// Whether the values carry the small perturbation of people-based counts.
    pub perturbed: bool,
    /// The whole period (people are counted once, so it is not the sum of the buckets).
    pub total: CellDto,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<f64>,
    /// Where the target comes from: `hub`, `platform`, or `default` (the catalogue's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_source: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<TargetStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trend: Option<Trend>,
    pub series: Vec<SeriesPointDto>,
}

/// Final mentoring activities of one kind and mode, and their hours.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityCountDto {
    /// A kind of the hub's list (a shipped one, or the hub's own).
    pub kind: String,
    pub mode: crate::mentoring::model::ActivityMode,
    pub activities: u64,
    pub hours: f64,
}

/// One time bucket of the activities.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityBucketDto {
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The kinds and modes with activities in the bucket.
    pub counts: Vec<ActivityCountDto>,
}

/// The scope's final mentoring activities per bucket by kind and mode (exact: activities
/// are not people's answers).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivitiesDto {
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    pub time_zone: String,
    pub bucket: BucketKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub series: Vec<ActivityBucketDto>,
    /// The whole period, by kind and mode.
    pub total: Vec<ActivityCountDto>,
}

/// Relationships of one structure (kind) and status.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipCountDto {
    pub kind: crate::mentoring::model::RelationshipKind,
    pub status: crate::mentoring::model::RelationshipStatus,
    pub relationships: u64,
}

/// The scope's mentoring relationships set up by the end of the period, by structure and
/// status as they stand now (exact: relationships are not people's answers).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipCountsDto {
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    /// The last day of the period: relationships set up after it are not counted.
    pub to: NaiveDate,
    pub counts: Vec<RelationshipCountDto>,
}

/// The development-plan goals standing at the end of one bucket.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, ToSchema)]
pub struct GoalCountsDto {
    /// Goals of plans made by the end of the bucket.
    pub goals: u64,
    /// Those with a measured value by then (a closed campaign, or a published staff
    /// aggregate, that measures their area or statement).
    pub measured: u64,
    /// Those whose measured value has reached the target.
    pub reached: u64,
}

/// One time bucket of the plan goals (as they stood at its end).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoalBucketDto {
    pub label: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(flatten)]
    pub counts: GoalCountsDto,
}

/// The development-plan goals of the scope's schools against what is measured: how many
/// were set, measured and reached at the end of each bucket and of the period (exact:
/// goals are not people's answers, and the values that measure them are the k-safe ones a
/// plan shows).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanGoalsDto {
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    pub time_zone: String,
    pub bucket: BucketKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub filters: FiltersDto,
    /// Whether only campaigns shared with the hub measure the goals (anyone but the
    /// school's own staff and admins).
    pub shared_only: bool,
    pub series: Vec<GoalBucketDto>,
    /// At the end of the period.
    pub total: GoalCountsDto,
}

/// One respondent group's responses against the sizes the schools expected.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResponseRateDto {
    pub group: RespondentGroup,
    /// Closed campaigns that asked this group and gave its expected size.
    pub campaigns: u32,
    pub responses: u64,
    pub expected: u64,
    /// Responses per expected respondent, as a share (0.8 = 80 %); absent without an
    /// expected size.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
}

/// Readiness campaigns that closed in the period: their response rate per group against
/// the expected size each school gave (exact: counts of responses, not answers).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResponseRatesDto {
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub filters: FiltersDto,
    /// Whether only campaigns shared with the hub count (anyone but the school's own staff
    /// and admins).
    pub shared_only: bool,
    pub groups: Vec<ResponseRateDto>,
}

/// One unit of a comparison (a hub or a school) with its figure for the period.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComparisonRowDto {
    pub id: Uuid,
    pub name: String,
    pub cell: CellDto,
}

/// The quartiles of the published figures of a comparison's units.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuartilesDto {
    /// The units whose figures are published (suppressed ones are left out).
    pub units: u32,
    pub q1: f64,
    pub median: f64,
    pub q3: f64,
}

/// An indicator over a period, side by side: the hubs of the platform (admins), the
/// schools of a hub or programme (its coordinators), or a school against the distribution
/// of its hub's schools (its leaders: the other schools are not named).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComparisonDto {
    pub key: IndicatorKey,
    pub title: String,
    pub unit: Unit,
    /// The scope asked for.
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    /// What the rows are.
    pub units: CompareUnit,
    /// The period's first and last day.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub threshold: u64,
    pub filters: FiltersDto,
    pub perturbed: bool,
    /// The figure of the whole: the platform, the hub or programme, or (for a school) its
    /// hub. People are counted once, so it is not the sum of the rows.
    pub total: CellDto,
    /// The units by name; for a school, only itself.
    pub rows: Vec<ComparisonRowDto>,
    /// The quartiles of the units' published figures (for a school: of its hub's schools);
    /// absent when fewer than five units have one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quartiles: Option<QuartilesDto>,
}

/// A target of the platform or a hub.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TargetDto {
    pub indicator: IndicatorKey,
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    pub target: f64,
    /// Set by an admin or coordinator (false: the catalogue's default).
    pub set: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A new target.
#[derive(Debug, Deserialize, ToSchema, validator::Validate)]
#[serde(deny_unknown_fields)]
pub struct TargetInput {
    /// 0 to 1,000,000.
    #[validate(range(min = 0.0, max = 1_000_000.0))]
    pub target: f64,
}

/// Which scope and period growth is measured for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GrowthQuery {
    /// `platform`, `hub`, `programme` or `school`.
    #[param(value_type = Option<ScopeKind>)]
    pub scope: Option<String>,
    /// The hub, programme or school (not for the platform).
    #[param(value_type = Option<Uuid>)]
    pub scope_id: Option<String>,
    /// First month of the later reflections, `YYYY-MM` (default: eleven months before `to`).
    #[param(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub from: Option<String>,
    /// Last month, `YYYY-MM`, included (default: this month in the scope's time zone).
    #[param(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub to: Option<String>,
    /// Only schools of this country (two capital letters, e.g. `EE`).
    #[param(pattern = "^[A-Z]{2}$")]
    pub country: Option<String>,
    /// Only schools of this kind.
    #[param(value_type = Option<SchoolKind>)]
    pub school_kind: Option<String>,
    /// Only schools teaching in this language (e.g. `ru`).
    #[param(pattern = "^[a-z]{2,3}$")]
    pub language: Option<String>,
    /// Language of the area titles.
    #[param(pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    pub lang: Option<String>,
}

/// A cohort comparison: the scope and period, and who counts as mentored.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CohortQuery {
    /// `platform`, `hub`, `programme` or `school`.
    #[param(value_type = Option<ScopeKind>)]
    pub scope: Option<String>,
    /// The hub, programme or school (not for the platform).
    #[param(value_type = Option<Uuid>)]
    pub scope_id: Option<String>,
    /// First month of the later reflections, `YYYY-MM`.
    #[param(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub from: Option<String>,
    /// Last month, `YYYY-MM`, included.
    #[param(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub to: Option<String>,
    /// Only this programme's relationships and mentee schools make a teacher mentored.
    #[param(value_type = Option<Uuid>)]
    pub programme_id: Option<String>,
    /// How many weeks a relationship must have been active, or the programme running,
    /// before the later reflection (0 to 104; default 8).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 104)]
    pub min_weeks: Option<String>,
    /// Only schools of this country (two capital letters, e.g. `EE`).
    #[param(pattern = "^[A-Z]{2}$")]
    pub country: Option<String>,
    /// Only schools of this kind.
    #[param(value_type = Option<SchoolKind>)]
    pub school_kind: Option<String>,
    /// Only schools teaching in this language (e.g. `ru`).
    #[param(pattern = "^[a-z]{2,3}$")]
    pub language: Option<String>,
    /// Language of the area titles and the caution.
    #[param(pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    pub lang: Option<String>,
}

/// People whose change fell in one bin.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GrowthBinDto {
    pub bin: GrowthBin,
    #[serde(flatten)]
    pub cell: CellDto,
}

/// One area's change: how many teachers, their mean change in levels and how the changes
/// spread.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaGrowthDto {
    pub area: String,
    pub title: String,
    /// Teachers with a paired change in the area.
    pub teachers: CellDto,
    /// Mean change in levels (perturbed; absent below the threshold).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_change: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_suppressed: Option<Suppression>,
    /// Down, about the same, up one level, up more (complementary suppression applies).
    pub bins: Vec<GrowthBinDto>,
}

/// Teachers' competence change per area between consecutive submitted reflections.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GrowthDto {
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    pub time_zone: String,
    /// The later reflections were submitted from this day to `to`, included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub threshold: u64,
    pub filters: FiltersDto,
    /// The instrument the reflections answer.
    pub instrument: String,
    pub areas: Vec<AreaGrowthDto>,
}

/// One cohort in one area.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CohortStatDto {
    pub cohort: Cohort,
    pub teachers: CellDto,
    /// Mean change in levels (perturbed; absent below the threshold).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_change: Option<f64>,
    /// The 95 % bootstrap interval of the mean (fixed seed), moved with the mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_high: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_suppressed: Option<Suppression>,
}

/// Mentored minus not yet mentored, with its 95 % bootstrap interval.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DifferenceDto {
    pub mean: f64,
    pub ci_low: f64,
    pub ci_high: f64,
}

/// Both cohorts in one area.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaCohortsDto {
    pub area: String,
    pub title: String,
    pub cohorts: Vec<CohortStatDto>,
    /// Only when both cohorts are published.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<DifferenceDto>,
}

/// Competence change of mentored teachers against those not yet mentored.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CohortsDto {
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    pub time_zone: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub threshold: u64,
    pub filters: FiltersDto,
    pub instrument: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme_id: Option<Uuid>,
    pub min_weeks: i64,
    /// Observational evidence, not proof: how to read the comparison.
    pub caution: String,
    /// Teachers in neither cohort: mentored, but for less than `min_weeks`.
    pub excluded: CellDto,
    pub areas: Vec<AreaCohortsDto>,
}

/// The school filters an answer was computed with (absent: all schools of the scope).
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct FiltersDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_kind: Option<SchoolKind>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
}

/// A readiness-change comparison: the scope and period, the respondent group and who
/// counts as a mentee school.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReadinessQuery {
    /// `platform`, `hub`, `programme` or `school`.
    #[param(value_type = Option<ScopeKind>)]
    pub scope: Option<String>,
    /// The hub, programme or school (not for the platform).
    #[param(value_type = Option<Uuid>)]
    pub scope_id: Option<String>,
    /// First month in which the later campaigns closed, `YYYY-MM` (default: eleven months
    /// before `to`).
    #[param(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub from: Option<String>,
    /// Last month, `YYYY-MM`, included (default: this month in the scope's time zone).
    #[param(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub to: Option<String>,
    /// Whose answers: `teacher` (default), `leader`, `student`, … — a campaign counts only
    /// where this group's results show.
    #[param(value_type = Option<RespondentGroup>)]
    pub group: Option<String>,
    /// Only this programme's mentee schools count as mentored.
    #[param(value_type = Option<Uuid>)]
    pub programme_id: Option<String>,
    /// How many weeks the programme must have been running before the later campaign
    /// closed (0 to 104; default 8).
    #[param(value_type = Option<i64>, minimum = 0, maximum = 104)]
    pub min_weeks: Option<String>,
    /// Only schools of this country (two capital letters, e.g. `EE`).
    #[param(pattern = "^[A-Z]{2}$")]
    pub country: Option<String>,
    /// Only schools of this kind.
    #[param(value_type = Option<SchoolKind>)]
    pub school_kind: Option<String>,
    /// Only schools teaching in this language (e.g. `ru`).
    #[param(pattern = "^[a-z]{2,3}$")]
    pub language: Option<String>,
    /// Language of the area titles and the caution.
    #[param(pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    pub lang: Option<String>,
}

/// One cohort of schools in one area.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReadinessCohortDto {
    pub cohort: Cohort,
    /// Schools with a change in the area (exact: schools, not people).
    pub schools: u64,
    /// Mean change of the area mean (1–5 scale) over the schools.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_change: Option<f64>,
    /// The 95 % bootstrap interval of the mean (fixed seed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_low: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ci_high: Option<f64>,
}

/// One area's readiness change over all schools and per cohort.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaReadinessDto {
    pub area: String,
    pub title: String,
    /// Schools with a change in the area.
    pub schools: u64,
    /// Mean change over those schools.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean_change: Option<f64>,
    pub cohorts: Vec<ReadinessCohortDto>,
    /// Mentee schools minus schools not yet mentored (when both have schools).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub difference: Option<DifferenceDto>,
}

/// Schools' readiness change between consecutive shared campaigns, and mentee schools
/// against the others.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReadinessDto {
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    pub time_zone: String,
    /// The later campaigns closed from this day to `to`, included.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub threshold: u64,
    pub filters: FiltersDto,
    pub group: RespondentGroup,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme_id: Option<Uuid>,
    pub min_weeks: i64,
    /// Observational evidence, not proof: how to read the comparison.
    pub caution: String,
    /// Schools with a change (a campaign closing in the period, an earlier one, the group
    /// shown in both).
    pub schools: u64,
    /// Of those, schools in neither cohort (mentee schools of a programme running for less
    /// than `min_weeks`).
    pub excluded: u64,
    pub areas: Vec<AreaReadinessDto>,
}

/// Which scope, period and schools the hours per mentee school are asked for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SchoolHoursQuery {
    /// `platform`, `hub`, `programme` or `school`.
    #[param(value_type = Option<ScopeKind>)]
    pub scope: Option<String>,
    /// The hub, programme or school (not for the platform).
    #[param(value_type = Option<Uuid>)]
    pub scope_id: Option<String>,
    /// First month, `YYYY-MM`: programmes running in the period are shown.
    #[param(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub from: Option<String>,
    /// Last month, `YYYY-MM`, included.
    #[param(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub to: Option<String>,
    /// Only schools of this country (two capital letters, e.g. `EE`).
    #[param(pattern = "^[A-Z]{2}$")]
    pub country: Option<String>,
    /// Only schools of this kind.
    #[param(value_type = Option<SchoolKind>)]
    pub school_kind: Option<String>,
    /// Only schools teaching in this language (e.g. `ru`).
    #[param(pattern = "^[a-z]{2,3}$")]
    pub language: Option<String>,
}

/// One mentee school of one programme: its hours to date against the programme's range.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SchoolHoursRowDto {
    pub programme_id: Uuid,
    pub programme_name: String,
    pub school_id: Uuid,
    pub school_name: String,
    pub min_hours: i32,
    pub max_hours: i32,
    pub hours: crate::mentoring::dto::HoursDto,
}

/// Mentoring hours per mentee school against the programmes' ranges.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SchoolHoursDto {
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    /// Programmes running on at least one day from `from` to `to` are shown.
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub filters: FiltersDto,
    /// Mentee schools below, within and above their programme's range.
    pub below: u64,
    pub within: u64,
    pub above: u64,
    /// Fewest hours first (against the range's minimum), then by programme and school.
    pub schools: Vec<SchoolHoursRowDto>,
}

/// A dashboard's combined payload for one scope and period: each part is what its own
/// endpoint answers for the same parameters (cohorts and readiness with their defaults:
/// 8 weeks, the teachers' group, a programme scope's own mentee schools).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DashboardDto {
    /// Every indicator of the catalogue computed for the scope, in catalogue order (school
    /// filters apply to those that take them).
    pub indicators: Vec<IndicatorResultDto>,
    pub school_hours: SchoolHoursDto,
    pub growth: GrowthDto,
    pub cohorts: CohortsDto,
    pub readiness: ReadinessDto,
    pub activities: ActivitiesDto,
    pub response_rates: ResponseRatesDto,
    pub relationships: RelationshipCountsDto,
    pub plan_goals: PlanGoalsDto,
}
