//! HTTP handlers of mentoring: programmes, enrolments, relationships, activities.

use super::dto::*;
use super::{activities, courses, needs, plans, relationships, service};
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::platform::etag;
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, delete, get, patch, post, put, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// A value to add to one of the hub's lists.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VocabularyAdd {
    /// `method`, `activity_kind` or `needs_item` (the needs-mapping checklist).
    #[schema(pattern = "^(method|activity_kind|needs_item)$")]
    #[validate(custom(function = "vocabulary_list"))]
    pub list: String,
    /// For `needs_item`: `infrastructure` or `security`.
    pub topic: Option<String>,
    /// A key such as `school_visit` for methods and kinds (the SPA shows a translation,
    /// or the key itself); the item's text, as the hub writes it, for `needs_item`.
    #[validate(length(min = 1, max = 120))]
    pub value: String,
}

fn vocabulary_list(v: &str) -> Result<(), validator::ValidationError> {
    if ["method", "activity_kind", "needs_item"].contains(&v) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("list")
            .with_message("Must be method, activity_kind or needs_item.".into()))
    }
}

/// The hub's methods and kinds of activity (the defaults and the hub's own), and the fixed lists of the mentoring model.
#[utoipa::path(tag = "mentoring", operation_id = "get_hub_mentoring_lists",
    params(("id" = Uuid, Path, description = "Hub id"), LangQuery),
    responses(
        (status = 200, body = VocabularyDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/hubs/{id}/mentoring-lists")]
pub async fn get_hub_mentoring_lists(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<LangQuery>,
) -> ApiResult<HttpResponse> {
    let lang = crate::platform::validate::text_language(p.locale(), q.lang.as_deref());
    Ok(HttpResponse::Ok().json(service::hub_vocabulary(&state.db, &p, *id, &lang).await?))
}

/// Add a method, a kind of activity or a needs-mapping checklist item (with its topic) to the hub's lists (its coordinators).
#[utoipa::path(tag = "mentoring", operation_id = "add_hub_mentoring_list_value", request_body = VocabularyAdd,
    params(("id" = Uuid, Path, description = "Hub id"), LangQuery),
    responses(
        (status = 200, body = VocabularyDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/hubs/{id}/mentoring-lists")]
pub async fn add_hub_mentoring_list_value(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<VocabularyAdd>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(
        service::add_vocabulary(
            &state.db,
            &p,
            *id,
            &body.list,
            body.topic.as_deref(),
            &body.value,
        )
        .await?,
    ))
}

/// Which value of the hub's lists to remove.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VocabularyRemove {
    /// `method`, `activity_kind` or `needs_item`.
    pub list: String,
    /// For `needs_item`: `infrastructure` or `security`.
    pub topic: Option<String>,
    /// The value as the hub's list shows it.
    pub value: String,
}

/// Remove one of the hub's own values from its lists (its coordinators); the defaults stay (409). Programmes, activities and findings that used it keep it.
#[utoipa::path(tag = "mentoring", operation_id = "remove_hub_mentoring_list_value",
    params(("id" = Uuid, Path, description = "Hub id"), VocabularyRemove),
    responses(
        (status = 200, body = VocabularyDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/hubs/{id}/mentoring-lists")]
pub async fn remove_hub_mentoring_list_value(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<VocabularyRemove>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(
        service::remove_vocabulary(&state.db, &p, *id, &q.list, q.topic.as_deref(), &q.value)
            .await?,
    ))
}

/// Programmes the caller sees: of their hubs, and those their schools are enrolled in.
#[utoipa::path(tag = "programmes", operation_id = "list_programmes",
    params(ProgrammeQuery),
    responses(
        (status = 200, body = Vec<ProgrammeDto>),
    ),
    security(("bearer" = [])))]
#[get("/programmes")]
pub async fn list_programmes(
    state: Data,
    p: Principal,
    q: web::Query<ProgrammeQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list_programmes(&state.db, &p, &q).await?))
}

/// Create a programme in a hub (its coordinators).
#[utoipa::path(tag = "programmes", operation_id = "create_programme", request_body = ProgrammeCreate,
    responses(
        (status = 201, body = ProgrammeDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/programmes")]
pub async fn create_programme(
    state: Data,
    p: Principal,
    body: web::Json<ProgrammeCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created()
        .json(service::create_programme(&state.db, &p, body.into_inner()).await?))
}

/// One programme.
#[utoipa::path(tag = "programmes", operation_id = "get_programme",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/programmes/{id}")]
pub async fn get_programme(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let dto = service::get_programme(&state.db, &p, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Change a programme (its hub's coordinators). Honours `If-Match`.
#[utoipa::path(tag = "programmes", operation_id = "update_programme", request_body = ProgrammePatch,
    params(("id" = Uuid, Path, description = "Programme id"), ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = ProgrammeDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/programmes/{id}")]
pub async fn update_programme(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ProgrammePatch>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let dto =
        service::update_programme(&state.db, &p, *id, etag::if_match(&req)?, body.into_inner())
            .await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// The programme board: enrolled schools × the phases of their current cycle, mentoring hours against the programme's range, hours per relationship and per mentor (final activities only, each counted once).
#[utoipa::path(tag = "programmes", operation_id = "get_programme_board",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, body = BoardDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/programmes/{id}/board")]
pub async fn get_programme_board(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::board(&state.db, &p, *id).await?))
}

/// Enrol a school with its role (the programme's coordinators). A school of another hub waits for its hub's approval; a school enrolled twice answers 409.
#[utoipa::path(tag = "programmes", operation_id = "enrol_school", request_body = EnrolmentCreate,
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 201, body = EnrolmentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/programmes/{id}/schools")]
pub async fn enrol_school(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<EnrolmentCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created()
        .json(service::enrol_school(&state.db, &p, *id, body.into_inner()).await?))
}

/// Schools the programme's coordinators may still enrol: its hub's first, then other hubs' (they join once their own hub's coordinators approve). Names only.
#[utoipa::path(tag = "programmes", operation_id = "list_programme_school_options",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, body = Vec<SchoolOptionDto>),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/programmes/{id}/school-options")]
pub async fn list_programme_school_options(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::school_options(&state.db, &p, *id).await?))
}

/// An enrolled school with the phases of its current cycle and its mentoring hours.
#[utoipa::path(tag = "programmes", operation_id = "get_enrolment",
    params(("id" = Uuid, Path, description = "Enrolment id")),
    responses(
        (status = 200, body = EnrolmentDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/enrolments/{id}")]
pub async fn get_enrolment(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get_enrolment(&state.db, &p, *id).await?))
}

/// Take a school out of a programme (the programme's coordinators).
#[utoipa::path(tag = "programmes", operation_id = "remove_enrolment",
    params(("id" = Uuid, Path, description = "Enrolment id")),
    responses(
        (status = 204, description = "Done"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/enrolments/{id}")]
pub async fn remove_enrolment(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    service::remove_enrolment(&state.db, &p, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Approve that a school of one's hub joins another hub's programme (the school's hub coordinators).
#[utoipa::path(tag = "programmes", operation_id = "approve_enrolment",
    params(("id" = Uuid, Path, description = "Enrolment id")),
    responses(
        (status = 200, body = EnrolmentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/enrolments/{id}/approve")]
pub async fn approve_enrolment(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::approve_enrolment(&state.db, &p, *id).await?))
}

/// Set a phase of the current cycle: status, dates, notes. Phases run in any order; any may be skipped (the programme's coordinators, the school's leaders).
#[utoipa::path(tag = "programmes", operation_id = "put_enrolment_phase", request_body = PhasePut,
    params(("id" = Uuid, Path, description = "Enrolment id"), ("phase" = String, Path, description = "initiative, anchoring_meetings, joint_planning, mapping_needs, new_perspectives, development_actions or reflection")),
    responses(
        (status = 200, body = EnrolmentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/enrolments/{id}/phases/{phase}")]
pub async fn put_enrolment_phase(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, String)>,
    body: web::Json<PhasePut>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(service::put_phase(&state.db, &p, path.0, &path.1, body.into_inner()).await?))
}

/// Start a new cycle of the process model; 409 until the reflection phase is done.
#[utoipa::path(tag = "programmes", operation_id = "start_enrolment_cycle",
    params(("id" = Uuid, Path, description = "Enrolment id")),
    responses(
        (status = 200, body = EnrolmentDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/enrolments/{id}/cycles")]
pub async fn start_enrolment_cycle(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::start_cycle(&state.db, &p, *id).await?))
}

/// An enrolled school's needs mapping in its current cycle: the readiness campaign it starts from (with its area means and focus items when its report is visible to the caller), the hub's infrastructure and security checklist, the findings, and the previous cycle's findings (the programme's coordinators, the school's hub, staff and mentors; 403 for others who see the programme).
#[utoipa::path(tag = "programmes", operation_id = "get_enrolment_needs",
    params(("id" = Uuid, Path, description = "Enrolment id"), LangQuery),
    responses(
        (status = 200, body = NeedsDto, headers(("ETag" = String, description = "Send as If-Match when saving"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/enrolments/{id}/needs")]
pub async fn get_enrolment_needs(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<LangQuery>,
) -> ApiResult<HttpResponse> {
    let dto = needs::get(&state.db, &p, *id, &lang(&p, &q), k(&state)).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Save the needs mapping of the current cycle as a whole: the linked campaign and the findings (item of the hub's checklist, state, note, priority). 412 when If-Match is stale; 409 while the school's hub has not approved its enrolment (the programme's coordinators, the school's leaders and mentors).
#[utoipa::path(tag = "programmes", operation_id = "put_enrolment_needs", request_body = NeedsPut,
    params(("id" = Uuid, Path, description = "Enrolment id"), LangQuery,
        ("If-Match" = Option<String>, Header, description = "The ETag of the last read")),
    responses(
        (status = 200, body = NeedsDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/enrolments/{id}/needs")]
pub async fn put_enrolment_needs(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    q: web::Query<LangQuery>,
    body: web::Json<NeedsPut>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let expected = etag::if_match(&req)?;
    let dto = needs::put(
        &state.db,
        &p,
        *id,
        expected,
        body.into_inner(),
        &lang(&p, &q),
        k(&state),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Relationships the caller sees: those they take part in (or their school does), and all of the hubs they coordinate.
#[utoipa::path(tag = "relationships", operation_id = "list_relationships",
    params(RelationshipQuery),
    responses(
        (status = 200, body = Vec<RelationshipSummaryDto>),
    ),
    security(("bearer" = [])))]
#[get("/relationships")]
pub async fn list_relationships(
    state: Data,
    p: Principal,
    q: web::Query<RelationshipQuery>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(relationships::list(&state.db, &p, &q).await?))
}

/// Set up a mentoring relationship (the hub's coordinators and mentors). It starts as `proposed`.
#[utoipa::path(tag = "relationships", operation_id = "create_relationship", request_body = RelationshipCreate,
    responses(
        (status = 201, body = RelationshipDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/relationships")]
pub async fn create_relationship(
    state: Data,
    p: Principal,
    body: web::Json<RelationshipCreate>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(
        HttpResponse::Created()
            .json(relationships::create(&state.db, &p, body.into_inner()).await?),
    )
}

/// One relationship: participants, goals, lifecycle history, hours, the caller's rights.
#[utoipa::path(tag = "relationships", operation_id = "get_relationship",
    params(("id" = Uuid, Path, description = "Relationship id")),
    responses(
        (status = 200, body = RelationshipDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/relationships/{id}")]
pub async fn get_relationship(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let dto = relationships::get(&state.db, &p, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Change title, focus, agreement, meeting rhythm or goals (its mentors and facilitators, the hub's coordinators). Honours `If-Match`.
#[utoipa::path(tag = "relationships", operation_id = "update_relationship", request_body = RelationshipPatch,
    params(("id" = Uuid, Path, description = "Relationship id"), ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = RelationshipDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/relationships/{id}")]
pub async fn update_relationship(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<RelationshipPatch>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let dto =
        relationships::update(&state.db, &p, *id, etag::if_match(&req)?, body.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Add a person or a school with a role.
#[utoipa::path(tag = "relationships", operation_id = "add_relationship_participant", request_body = ParticipantIn,
    params(("id" = Uuid, Path, description = "Relationship id")),
    responses(
        (status = 200, body = RelationshipDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/relationships/{id}/participants")]
pub async fn add_relationship_participant(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<ParticipantIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(relationships::add_participant(&state.db, &p, *id, body.into_inner()).await?))
}

/// Remove a participant.
#[utoipa::path(tag = "relationships", operation_id = "remove_relationship_participant",
    params(("id" = Uuid, Path, description = "Relationship id"), ("participant_id" = Uuid, Path, description = "Participant id")),
    responses(
        (status = 200, body = RelationshipDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/relationships/{id}/participants/{participant_id}")]
pub async fn remove_relationship_participant(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok()
        .json(relationships::remove_participant(&state.db, &p, path.0, path.1).await?))
}

/// Move along the lifecycle: proposed → active → paused ⇄ active → completed, or → cancelled. Other moves answer 409.
#[utoipa::path(tag = "relationships", operation_id = "transition_relationship", request_body = TransitionIn,
    params(("id" = Uuid, Path, description = "Relationship id")),
    responses(
        (status = 200, body = RelationshipDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/relationships/{id}/transitions")]
pub async fn transition_relationship(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<TransitionIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(relationships::transition(&state.db, &p, *id, body.into_inner()).await?))
}

/// The caller's coming activities (planned, next 60 days) in the relationships they take
/// part in, directly or through a school they lead.
#[utoipa::path(tag = "relationships", operation_id = "list_upcoming_activities",
    responses((status = 200, body = Vec<ActivityDto>)),
    security(("bearer" = [])))]
#[get("/me/upcoming-activities")]
pub async fn list_upcoming_activities(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(activities::upcoming(&state.db, &p).await?))
}

/// The relationship's activities, newest first.
#[utoipa::path(tag = "relationships", operation_id = "list_relationship_activities",
    params(("id" = Uuid, Path, description = "Relationship id")),
    responses(
        (status = 200, body = Vec<ActivityDto>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/relationships/{id}/activities")]
pub async fn list_relationship_activities(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(activities::list_for_relationship(&state.db, &p, *id).await?))
}

/// A programme's own activities (events for all its schools), newest first, for those who see the programme.
#[utoipa::path(tag = "programmes", operation_id = "list_programme_activities",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, body = ProgrammeActivitiesDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/programmes/{id}/activities")]
pub async fn list_programme_activities(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(activities::list_for_programme(&state.db, &p, *id).await?))
}

/// Log an activity on a relationship (its mentors, facilitators, peers; the hub's coordinators) or a programme (its coordinators).
#[utoipa::path(tag = "activities", operation_id = "log_activity", request_body = ActivityIn,
    responses(
        (status = 201, body = ActivityDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/activities")]
pub async fn log_activity(
    state: Data,
    p: Principal,
    body: web::Json<ActivityIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created().json(activities::log(&state.db, &p, body.into_inner()).await?))
}

/// One activity.
#[utoipa::path(tag = "activities", operation_id = "get_activity",
    params(("id" = Uuid, Path, description = "Activity id")),
    responses(
        (status = 200, body = ActivityDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/activities/{id}")]
pub async fn get_activity(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let dto = activities::get(&state.db, &p, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Replace an activity's details (its author; the hub's coordinators). Honours `If-Match`.
#[utoipa::path(tag = "activities", operation_id = "update_activity", request_body = ActivityIn,
    params(("id" = Uuid, Path, description = "Activity id"), ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = ActivityDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/activities/{id}")]
pub async fn update_activity(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<ActivityIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let dto =
        activities::update(&state.db, &p, *id, etag::if_match(&req)?, body.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Delete an activity (its author; the hub's coordinators).
#[utoipa::path(tag = "activities", operation_id = "delete_activity",
    params(("id" = Uuid, Path, description = "Activity id")),
    responses(
        (status = 204, description = "Done"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/activities/{id}")]
pub async fn delete_activity(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    activities::delete(&state.db, &p, *id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The programme's training courses with participants and completions.
#[utoipa::path(tag = "courses", operation_id = "list_courses",
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 200, body = Vec<CourseSummaryDto>),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/programmes/{id}/courses")]
pub async fn list_courses(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(courses::list(&state.db, &p, *id).await?))
}

/// Add a training course to a programme (the hub's coordinators and mentors).
#[utoipa::path(tag = "courses", operation_id = "create_course", request_body = CourseIn,
    params(("id" = Uuid, Path, description = "Programme id")),
    responses(
        (status = 201, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/programmes/{id}/courses")]
pub async fn create_course(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<CourseIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Created().json(courses::create(&state.db, &p, *id, body.into_inner()).await?))
}

/// A course: sessions, and the attendance rows the caller may see (all for those who run
/// it, their school's staff for leaders, their own for participants).
#[utoipa::path(tag = "courses", operation_id = "get_course",
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, body = CourseDto, headers(("ETag" = String, description = "Version for If-Match"))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/courses/{id}")]
pub async fn get_course(state: Data, p: Principal, id: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let dto = courses::get(&state.db, &p, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Change a course's title, planned hours or description. Honours `If-Match`.
#[utoipa::path(tag = "courses", operation_id = "update_course", request_body = CoursePatch,
    params(("id" = Uuid, Path, description = "Course id"), ("If-Match" = Option<String>, Header, description = "ETag from a GET")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[patch("/courses/{id}")]
pub async fn update_course(
    state: Data,
    p: Principal,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: web::Json<CoursePatch>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let dto = courses::update(&state.db, &p, *id, etag::if_match(&req)?, body.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(etag::etag(dto.etag_version))
        .json(dto))
}

/// Add a session with its date and length.
#[utoipa::path(tag = "courses", operation_id = "add_course_session", request_body = SessionIn,
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/courses/{id}/sessions")]
pub async fn add_course_session(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<SessionIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(courses::add_session(&state.db, &p, *id, body.into_inner()).await?))
}

/// Remove a session (and its attendance).
#[utoipa::path(tag = "courses", operation_id = "remove_course_session",
    params(("id" = Uuid, Path, description = "Course id"), ("session_id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/courses/{id}/sessions/{session_id}")]
pub async fn remove_course_session(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(courses::remove_session(&state.db, &p, path.0, path.1).await?))
}

/// Enrol a teacher or leader of a school of the programme.
#[utoipa::path(tag = "courses", operation_id = "add_course_participant", request_body = CourseParticipantIn,
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/courses/{id}/participants")]
pub async fn add_course_participant(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<CourseParticipantIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(courses::add_participant(&state.db, &p, *id, body.into_inner()).await?))
}

/// Take someone off a course (with their attendance).
#[utoipa::path(tag = "courses", operation_id = "remove_course_participant",
    params(("id" = Uuid, Path, description = "Course id"), ("person_id" = Uuid, Path, description = "Person id")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/courses/{id}/participants/{person_id}")]
pub async fn remove_course_participant(
    state: Data,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(courses::remove_participant(&state.db, &p, path.0, path.1).await?))
}

/// The attendance sheet of one session: who was present (everyone else was not).
#[utoipa::path(tag = "courses", operation_id = "put_course_attendance", request_body = AttendancePut,
    params(("id" = Uuid, Path, description = "Course id")),
    responses(
        (status = 200, body = CourseDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/courses/{id}/attendance")]
pub async fn put_course_attendance(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<AttendancePut>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(courses::put_attendance(&state.db, &p, *id, body.into_inner()).await?))
}

fn lang(p: &Principal, q: &LangQuery) -> String {
    crate::platform::validate::text_language(p.locale(), q.lang.as_deref())
}

fn k(state: &Data) -> u64 {
    u64::from(state.config.anonymity_threshold)
}

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
    Ok(HttpResponse::Ok().json(plans::list(&state.db, &p, *id).await?))
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
        plans::create(
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
    let dto = plans::get(&state.db, &p, *id, &lang(&p, &q), k(&state)).await?;
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
    let dto = plans::update(
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
        plans::add_goal(
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
        plans::update_goal(
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
        .json(plans::remove_goal(&state.db, &p, path.0, path.1, &lang(&p, &q), k(&state)).await?))
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
        plans::add_action(
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
        plans::update_action(
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
    Ok(HttpResponse::Ok()
        .json(plans::remove_action(&state.db, &p, path.0, path.1, &lang(&p, &q), k(&state)).await?))
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
        plans::comment(
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

/// Whether I have a calendar feed of my planned activities and course sessions.
#[utoipa::path(tag = "calendar", operation_id = "get_calendar_feed",
    responses(
        (status = 200, body = super::calendar::CalendarFeedDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/me/calendar-feed")]
pub async fn get_calendar_feed(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(super::calendar::get(&state.db, &p).await?))
}

/// Make a new secret feed URL for calendar apps (shown once); an earlier one stops working.
#[utoipa::path(tag = "calendar", operation_id = "create_calendar_feed",
    responses(
        (status = 201, body = super::calendar::CalendarFeedDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/me/calendar-feed")]
pub async fn create_calendar_feed(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(super::calendar::create(&state.db, &p).await?))
}

/// Revoke my feed URL: it answers 404 from now on.
#[utoipa::path(tag = "calendar", operation_id = "revoke_calendar_feed",
    responses(
        (status = 204, description = "Revoked"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[delete("/me/calendar-feed")]
pub async fn revoke_calendar_feed(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    super::calendar::revoke(&state.db, &p).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The iCalendar feed behind a secret URL (no sign-in: the secret is the key): planned
/// activities of my relationships and sessions of my courses, from 30 days ago on.
#[utoipa::path(tag = "calendar", operation_id = "get_calendar",
    params(("token" = String, Path, description = "The secret from the feed URL, with or without .ics")),
    responses(
        (status = 200, body = String, content_type = "text/calendar"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ))]
#[get("/calendar/{token}")]
pub async fn get_calendar(state: Data, token: web::Path<String>) -> ApiResult<HttpResponse> {
    let body = super::calendar::feed(&state.db, &token).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("cache-control", "private, max-age=300"))
        .body(body))
}

/// Rate how useful an activity was (1–5, with a comment): those who took part.
#[utoipa::path(tag = "activities", operation_id = "rate_activity", request_body = RatingIn,
    params(("id" = Uuid, Path, description = "Activity id")),
    responses(
        (status = 200, body = ActivityDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/activities/{id}/rating")]
pub async fn rate_activity(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<RatingIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok().json(activities::rate(&state.db, &p, *id, body.into_inner()).await?))
}

/// Give a mentor (or mentee, or peer) feedback once the relationship is completed.
#[utoipa::path(tag = "relationships", operation_id = "give_relationship_feedback", request_body = FeedbackIn,
    params(("id" = Uuid, Path, description = "Relationship id")),
    responses(
        (status = 200, body = RelationshipDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[put("/relationships/{id}/feedback")]
pub async fn give_relationship_feedback(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<FeedbackIn>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    Ok(HttpResponse::Ok()
        .json(relationships::give_feedback(&state.db, &p, *id, body.into_inner()).await?))
}
