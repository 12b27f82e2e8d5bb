//! HTTP handlers of teacher groups.

use super::service::{self, *};
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::state::Data;
use actix_web::{HttpResponse, get, post, put, web};
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct GroupLang {
    /// Language of the texts.
    #[param(pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    pub lang: Option<String>,
}

/// Start a teacher group: a school's staff (its leaders), or a course cohort or peer
/// circle (the hub's mentors and coordinators; a school's leaders for their school).
#[utoipa::path(tag = "teacher-groups", operation_id = "create_teacher_group", request_body = GroupCreate,
    responses(
        (status = 201, body = GroupDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/teacher-groups")]
pub async fn create_teacher_group(
    state: Data,
    p: Principal,
    body: web::Json<GroupCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created().json(service::create(&state.db, &p, body.into_inner()).await?))
}

/// Groups the caller runs, belongs to or is invited to.
#[utoipa::path(tag = "teacher-groups", operation_id = "list_teacher_groups",
    responses((status = 200, body = Vec<GroupDto>)),
    security(("bearer" = [])))]
#[get("/teacher-groups")]
pub async fn list_teacher_groups(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, &p).await?))
}

/// One group.
#[utoipa::path(tag = "teacher-groups", operation_id = "get_teacher_group",
    params(("id" = Uuid, Path, description = "Group id")),
    responses(
        (status = 200, body = GroupDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/teacher-groups/{id}")]
pub async fn get_teacher_group(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, &p, *id).await?))
}

/// Invite a teacher of the group's school or hub by e-mail address (those who run it).
#[utoipa::path(tag = "teacher-groups", operation_id = "invite_teacher_group_member", request_body = MemberInvite,
    params(("id" = Uuid, Path, description = "Group id")),
    responses(
        (status = 200, body = GroupDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/teacher-groups/{id}/members")]
pub async fn invite_teacher_group_member(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<MemberInvite>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(service::invite(&state.db, &p, *id, body.into_inner()).await?))
}

/// Accept an invitation — which adds one's latest submitted reflection to the group's
/// anonymous aggregate — or decline, or leave and withdraw it.
#[utoipa::path(tag = "teacher-groups", operation_id = "set_teacher_group_membership", request_body = MembershipPut,
    params(("id" = Uuid, Path, description = "Group id")),
    responses(
        (status = 200, body = GroupDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/teacher-groups/{id}/membership")]
pub async fn set_teacher_group_membership(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<MembershipPut>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .json(service::set_membership(&state.db, &p, *id, body.into_inner()).await?))
}

/// The group's anonymous aggregate: level distributions per competence, from at least
/// k contributors, changing only when at least k contributions changed.
#[utoipa::path(tag = "teacher-groups", operation_id = "get_teacher_group_report",
    params(("id" = Uuid, Path, description = "Group id"), GroupLang),
    responses(
        (status = 200, body = GroupReportDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/teacher-groups/{id}/report")]
pub async fn get_teacher_group_report(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<GroupLang>,
) -> ApiResult<HttpResponse> {
    let lang = crate::platform::validate::text_language(p.locale(), q.lang.as_deref());
    let k = u64::from(state.config.anonymity_threshold);
    Ok(HttpResponse::Ok().json(service::report(&state.db, &p, *id, &lang, k).await?))
}
