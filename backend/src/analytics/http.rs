//! Handlers of the Learning Analytics Toolbox.

use super::dto::*;
use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::state::Data;
use actix_web::{HttpResponse, delete, get, put, web};
use validator::Validate;

/// The indicator catalogue: what each indicator counts, its unit, scopes and default target.
#[utoipa::path(tag = "analytics", operation_id = "list_indicators", params(LangQuery),
    responses(
        (status = 200, body = Vec<IndicatorInfoDto>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/indicators")]
pub async fn list_indicators(p: Principal, q: web::Query<LangQuery>) -> ApiResult<HttpResponse> {
    let lang = crate::platform::validate::text_language(p.locale(), q.lang.as_deref());
    Ok(HttpResponse::Ok().json(service::catalogue(&lang)))
}

/// An indicator for a scope (the platform: admins; a hub or its programme: its
/// coordinators; a school: its hub's coordinators and its leaders) over a period, in month
/// or quarter buckets of the scope's time zone, with its target, status and trend. Figures
/// computed from people are hidden below the anonymity threshold and otherwise carry a
/// small perturbation. A scope the caller may not read answers 404.
#[utoipa::path(tag = "analytics", operation_id = "get_indicator",
    params(("key" = String, Path, description = "Indicator key"), IndicatorQuery),
    responses(
        (status = 200, body = IndicatorResultDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/indicators/{key}")]
pub async fn get_indicator(
    state: Data,
    p: Principal,
    key: web::Path<String>,
    q: web::Query<IndicatorQuery>,
) -> ApiResult<HttpResponse> {
    let lang = crate::platform::validate::text_language(p.locale(), q.lang.as_deref());
    let k = u64::from(state.config.anonymity_threshold);
    let r = service::indicator(&state.db, &p, &key, &q, &lang, k).await?;
    Ok(HttpResponse::Ok().json(r))
}

/// An indicator over a period, side by side: the hubs of the platform (admins), the
/// schools of a hub or programme (its coordinators), or a school against the quartiles of
/// its hub's schools (its leaders; no other school is named). Each unit's figure follows
/// the indicator's rules (threshold and perturbation); beside the total, further units are
/// hidden (`complementary`) so that no hidden one can be worked out by subtraction. The
/// catalogue says which indicators can be compared by which unit; `bucket` only bounds the
/// period's length. A scope the caller may not read answers 404.
#[utoipa::path(tag = "analytics", operation_id = "get_comparison",
    params(("key" = String, Path, description = "Indicator key"), IndicatorQuery),
    responses(
        (status = 200, body = ComparisonDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/indicators/{key}/comparison")]
pub async fn get_comparison(
    state: Data,
    p: Principal,
    key: web::Path<String>,
    q: web::Query<IndicatorQuery>,
) -> ApiResult<HttpResponse> {
    let lang = crate::platform::validate::text_language(p.locale(), q.lang.as_deref());
    let k = u64::from(state.config.anonymity_threshold);
    let r = service::comparison(&state.db, &p, &key, &q, &lang, k).await?;
    Ok(HttpResponse::Ok().json(r))
}

/// The scope's final mentoring activities per month or quarter, by kind and mode, with
/// their hours: exact (activities are not people's answers). Activities belong to hubs and
/// programmes (a school's: of the relationships it takes part in), so the school filters
/// do not apply (422). A scope the caller may not read answers 404.
#[utoipa::path(tag = "analytics", operation_id = "get_activities", params(IndicatorQuery),
    responses(
        (status = 200, body = ActivitiesDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/activities")]
pub async fn get_activities(
    state: Data,
    p: Principal,
    q: web::Query<IndicatorQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::activities(&state.db, &p, &q).await?))
}

/// The response rate of each respondent group over the readiness campaigns of the scope's
/// schools that closed in the period, against the expected sizes the schools gave. Only
/// campaigns shared with the hub count, except for the school's own staff and admins. The
/// school filters apply. A scope the caller may not read answers 404.
#[utoipa::path(tag = "analytics", operation_id = "get_response_rates", params(IndicatorQuery),
    responses(
        (status = 200, body = ResponseRatesDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/response-rates")]
pub async fn get_response_rates(
    state: Data,
    p: Principal,
    q: web::Query<IndicatorQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::response_rates(&state.db, &p, &q).await?))
}

/// The scope's mentoring relationships set up by the end of the period, by structure
/// (kind) and status as they stand: exact. No school filters (422). A scope the caller may
/// not read answers 404.
#[utoipa::path(tag = "analytics", operation_id = "get_relationship_counts", params(IndicatorQuery),
    responses(
        (status = 200, body = RelationshipCountsDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/relationships")]
pub async fn get_relationship_counts(
    state: Data,
    p: Principal,
    q: web::Query<IndicatorQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::relationships(&state.db, &p, &q).await?))
}

/// The development-plan goals of the scope's schools as they stood at the end of each
/// bucket and of the period: set, measured (by the school's latest closed campaign, or its
/// staff's published aggregate, as the plan shows them) and reached. Only campaigns shared
/// with the hub measure, except for the school's own staff and admins. The school filters
/// apply. A scope the caller may not read answers 404.
#[utoipa::path(tag = "analytics", operation_id = "get_plan_goals", params(IndicatorQuery),
    responses(
        (status = 200, body = PlanGoalsDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/plan-goals")]
pub async fn get_plan_goals(
    state: Data,
    p: Principal,
    q: web::Query<IndicatorQuery>,
) -> ApiResult<HttpResponse> {
    let k = u64::from(state.config.anonymity_threshold);
    Ok(HttpResponse::Ok().json(service::plan_goals(&state.db, &p, &q, k).await?))
}

/// The targets of the platform (admins) or a hub (its coordinators), with the catalogue's
/// defaults for the platform where none is set.
#[utoipa::path(tag = "analytics", operation_id = "list_targets", params(TargetScopeQuery),
    responses(
        (status = 200, body = Vec<TargetDto>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/targets")]
pub async fn list_targets(
    state: Data,
    p: Principal,
    q: web::Query<TargetScopeQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::targets(&state.db, &p, &q).await?))
}

/// Set the platform's (admins) or a hub's (its coordinators) target for an indicator.
#[utoipa::path(tag = "analytics", operation_id = "set_target",
    params(("key" = String, Path, description = "Indicator key"), TargetScopeQuery),
    request_body = TargetInput,
    responses(
        (status = 200, body = TargetDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/analytics/targets/{key}")]
pub async fn set_target(
    state: Data,
    p: Principal,
    key: web::Path<String>,
    q: web::Query<TargetScopeQuery>,
    body: web::Json<TargetInput>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let t = service::set_target(&state.db, &p, &key, &q, body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(t))
}

/// Remove a target set for the platform or a hub (the platform falls back to the
/// catalogue's default).
#[utoipa::path(tag = "analytics", operation_id = "delete_target",
    params(("key" = String, Path, description = "Indicator key"), TargetScopeQuery),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/analytics/targets/{key}")]
pub async fn delete_target(
    state: Data,
    p: Principal,
    key: web::Path<String>,
    q: web::Query<TargetScopeQuery>,
) -> ApiResult<HttpResponse> {
    service::delete_target(&state.db, &p, &key, &q).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Teachers' competence change per area between their consecutive submitted reflections
/// (paired: the same teacher), for a scope and the period in which the later reflection
/// was submitted: how many teachers, the mean change in levels and how the changes
/// spread. Only teachers who take part in statistics count; groups below the anonymity
/// threshold are hidden.
#[utoipa::path(tag = "analytics", operation_id = "get_growth", params(GrowthQuery),
    responses(
        (status = 200, body = GrowthDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/growth")]
pub async fn get_growth(
    state: Data,
    p: Principal,
    q: web::Query<GrowthQuery>,
) -> ApiResult<HttpResponse> {
    let lang = crate::platform::validate::text_language(p.locale(), q.lang.as_deref());
    let k = u64::from(state.config.anonymity_threshold);
    Ok(HttpResponse::Ok().json(super::growth::growth(&state.db, &p, &q, &lang, k).await?))
}

/// Cohorts: the competence change of mentored teachers (mentees of a relationship active
/// for at least `min_weeks`, or teachers of a mentee school of a programme running that
/// long, before their later reflection) against teachers not yet mentored, per area, with
/// 95 % bootstrap intervals (fixed seed: the same data gives the same numbers) and the
/// difference. Observational evidence, not proof: the answer says so in the caller's
/// language.
#[utoipa::path(tag = "analytics", operation_id = "get_cohorts", params(CohortQuery),
    responses(
        (status = 200, body = CohortsDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/cohorts")]
pub async fn get_cohorts(
    state: Data,
    p: Principal,
    q: web::Query<CohortQuery>,
) -> ApiResult<HttpResponse> {
    let lang = crate::platform::validate::text_language(p.locale(), q.lang.as_deref());
    let k = u64::from(state.config.anonymity_threshold);
    Ok(HttpResponse::Ok().json(super::growth::cohorts(&state.db, &p, &q, &lang, k).await?))
}

/// Readiness change: per area, how the schools' readiness moved between each school's two
/// latest campaigns shared with the hub (the later one closing in the period), for one
/// respondent group (a campaign's group counts only where it shows: at least k
/// responses), and mentee schools (enrolled in a programme running for at least
/// `min_weeks` before the later campaign closed) against schools not yet mentored, with 95 %
/// bootstrap intervals (fixed seed) and the difference. Schools are counted exactly: each
/// school's results are already shared with the hub. Observational evidence, not proof.
#[utoipa::path(tag = "analytics", operation_id = "get_readiness_change", params(ReadinessQuery),
    responses(
        (status = 200, body = ReadinessDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/readiness")]
pub async fn get_readiness(
    state: Data,
    p: Principal,
    q: web::Query<ReadinessQuery>,
) -> ApiResult<HttpResponse> {
    let lang = crate::platform::validate::text_language(p.locale(), q.lang.as_deref());
    let k = u64::from(state.config.anonymity_threshold);
    Ok(HttpResponse::Ok().json(super::readiness::readiness(&state.db, &p, &q, &lang, k).await?))
}

/// Mentoring hours per mentee school: for every approved mentee school of the scope's
/// programmes running in the period, the hours to date of the final activities of the
/// programme's relationships it is a mentee of, against the programme's range (below,
/// within, above), furthest below first. Hours are exact (not people's answers).
#[utoipa::path(tag = "analytics", operation_id = "get_school_hours", params(SchoolHoursQuery),
    responses(
        (status = 200, body = SchoolHoursDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/school-hours")]
pub async fn get_school_hours(
    state: Data,
    p: Principal,
    q: web::Query<SchoolHoursQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(super::hours::hours(&state.db, &p, &q).await?))
}

/// A dashboard in one request: every indicator of the scope (as `get_indicator`), hours
/// per mentee school, growth, cohorts and readiness change (with their defaults: mentored
/// for at least 8 weeks, the teachers' group, a programme scope's own mentee schools) for
/// one scope, period and filters. Each part equals its own endpoint's answer for the same
/// parameters, with the same suppression; indicators that belong to hubs and programmes
/// ignore the school filters. A scope the caller may not read answers 404.
#[utoipa::path(tag = "analytics", operation_id = "get_dashboard", params(IndicatorQuery),
    responses(
        (status = 200, body = DashboardDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/analytics/dashboard")]
pub async fn get_dashboard(
    state: Data,
    p: Principal,
    q: web::Query<IndicatorQuery>,
) -> ApiResult<HttpResponse> {
    let lang = crate::platform::validate::text_language(p.locale(), q.lang.as_deref());
    let k = u64::from(state.config.anonymity_threshold);
    Ok(HttpResponse::Ok().json(super::dashboard::dashboard(&state.db, &p, &q, &lang, k).await?))
}
