//! HTTP handlers of plans.

use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::mentoring::dto::LangQuery;
use crate::mentoring::plans::dto::{
    PlanActionIn, PlanActionPatch, PlanCommentIn, PlanCreate, PlanDto, PlanGoalIn, PlanGoalPatch,
    PlanPatch, PlanSummaryDto,
};
use crate::mentoring::shared::{k, lang};
use crate::platform::etag;
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, web};
use uuid::Uuid;
use validator::Validate;

/// The school's development plans (its staff, its mentors, the hub's coordinators).
#[utoipa::path(tag = "plans", operation_id = "list_school_plans",
    params(("id" = Uuid, Path, description = "School id")),
    responses(
        (status = 200, body = Vec<PlanSummaryDto>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/schools/{id}/plans")]
pub async fn list_school_plans(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, &p, *id).await?))
}

/// Start a development plan (the school's leaders); with a campaign, its focus items become goals.
#[utoipa::path(tag = "plans", operation_id = "create_plan", request_body = PlanCreate,
    params(("id" = Uuid, Path, description = "School id"), LangQuery),
    responses(
        (status = 201, body = PlanDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/schools/{id}/plans")]
pub async fn create_plan(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<LangQuery>,
    body: web::Json<PlanCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created().json(
        service::create(
            &state.db,
            &p,
            *id,
            body.into_inner(),
            &lang(&p, &q),
            k(&state),
        )
        .await?,
    ))
}

/// A plan: goals with the area's measured value and progress, actions, comments, the caller's rights.
#[utoipa::path(tag = "plans", operation_id = "get_plan",
    params(("id" = Uuid, Path, description = "Plan id"), LangQuery),
    responses(
        (status = 200, body = PlanDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/plans/{id}")]
pub async fn get_plan(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<LangQuery>,
) -> ApiResult<HttpResponse> {
    let dto = service::get(&state.db, &p, *id, &lang(&p, &q), k(&state)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Rename a plan (its owners). Honours `If-Match`.
#[utoipa::path(tag = "plans", operation_id = "update_plan", request_body = PlanPatch,
    params(("id" = Uuid, Path, description = "Plan id"), ("If-Match" = Option<String>, Header, description = "ETag from a GET"), LangQuery),
    responses(
        (status = 200, body = PlanDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/plans/{id}")]
pub async fn update_plan(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    q: web::Query<LangQuery>,
    body: web::Json<PlanPatch>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let dto = service::update(
        &state.db,
        &p,
        *id,
        etag::if_match(&req)?,
        body.into_inner(),
        &lang(&p, &q),
        k(&state),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Add a goal on an area's scale with a success indicator (the school's leaders).
#[utoipa::path(tag = "plans", operation_id = "add_plan_goal", request_body = PlanGoalIn,
    params(("id" = Uuid, Path, description = "Plan id"), LangQuery),
    responses(
        (status = 200, body = PlanDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/plans/{id}/goals")]
pub async fn add_plan_goal(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<LangQuery>,
    body: web::Json<PlanGoalIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(
        service::add_goal(
            &state.db,
            &p,
            *id,
            body.into_inner(),
            &lang(&p, &q),
            k(&state),
        )
        .await?,
    ))
}

/// Change a goal: title, target, indicator, owner (the school's leaders).
#[utoipa::path(tag = "plans", operation_id = "update_plan_goal", request_body = PlanGoalPatch,
    params(("id" = Uuid, Path, description = "Plan id"), ("goal_id" = Uuid, Path, description = "Goal id"), LangQuery),
    responses(
        (status = 200, body = PlanDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/plans/{id}/goals/{goal_id}")]
pub async fn update_plan_goal(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
    q: web::Query<LangQuery>,
    body: web::Json<PlanGoalPatch>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(
        service::update_goal(
            &state.db,
            &p,
            path.0,
            path.1,
            body.into_inner(),
            &lang(&p, &q),
            k(&state),
        )
        .await?,
    ))
}

/// Remove a goal with its actions (the school's leaders).
#[utoipa::path(tag = "plans", operation_id = "remove_plan_goal",
    params(("id" = Uuid, Path, description = "Plan id"), ("goal_id" = Uuid, Path, description = "Goal id"), LangQuery),
    responses(
        (status = 200, body = PlanDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/plans/{id}/goals/{goal_id}")]
pub async fn remove_plan_goal(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
    q: web::Query<LangQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .json(service::remove_goal(&state.db, &p, path.0, path.1, &lang(&p, &q), k(&state)).await?))
}

/// Add an action to a goal; from the school's mentors or the hub's coordinators it is a proposal.
#[utoipa::path(tag = "plans", operation_id = "add_plan_action", request_body = PlanActionIn,
    params(("id" = Uuid, Path, description = "Plan id"), ("goal_id" = Uuid, Path, description = "Goal id"), LangQuery),
    responses(
        (status = 200, body = PlanDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/plans/{id}/goals/{goal_id}/actions")]
pub async fn add_plan_action(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
    q: web::Query<LangQuery>,
    body: web::Json<PlanActionIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(
        service::add_action(
            &state.db,
            &p,
            path.0,
            path.1,
            body.into_inner(),
            &lang(&p, &q),
            k(&state),
        )
        .await?,
    ))
}

/// Change an action: status, owner, due date, evidence (the school's leaders; taking up a proposal is setting its status).
#[utoipa::path(tag = "plans", operation_id = "update_plan_action", request_body = PlanActionPatch,
    params(("id" = Uuid, Path, description = "Plan id"), ("action_id" = Uuid, Path, description = "Action id"), LangQuery),
    responses(
        (status = 200, body = PlanDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/plans/{id}/actions/{action_id}")]
pub async fn update_plan_action(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
    q: web::Query<LangQuery>,
    body: web::Json<PlanActionPatch>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(
        service::update_action(
            &state.db,
            &p,
            path.0,
            path.1,
            body.into_inner(),
            &lang(&p, &q),
            k(&state),
        )
        .await?,
    ))
}

/// Remove an action (the school's leaders).
#[utoipa::path(tag = "plans", operation_id = "remove_plan_action",
    params(("id" = Uuid, Path, description = "Plan id"), ("action_id" = Uuid, Path, description = "Action id"), LangQuery),
    responses(
        (status = 200, body = PlanDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/plans/{id}/actions/{action_id}")]
pub async fn remove_plan_action(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
    q: web::Query<LangQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(
        service::remove_action(&state.db, &p, path.0, path.1, &lang(&p, &q), k(&state)).await?,
    ))
}

/// Comment on the plan or one of its goals (leaders, the school's mentors, the hub's coordinators).
#[utoipa::path(tag = "plans", operation_id = "comment_plan", request_body = PlanCommentIn,
    params(("id" = Uuid, Path, description = "Plan id"), LangQuery),
    responses(
        (status = 200, body = PlanDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/plans/{id}/comments")]
pub async fn comment_plan(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<LangQuery>,
    body: web::Json<PlanCommentIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(
        service::comment(
            &state.db,
            &p,
            *id,
            body.into_inner(),
            &lang(&p, &q),
            k(&state),
        )
        .await?,
    ))
}
