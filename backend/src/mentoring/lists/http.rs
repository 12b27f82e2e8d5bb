//! HTTP handlers of lists.

use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::mentoring::dto::LangQuery;
use crate::mentoring::lists::dto::VocabularyDto;
use crate::state::Data;
use actix_web::{HttpResponse, delete, get, post, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// A value to add to one of the hub's lists.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VocabularyAdd {
    /// `method`, `activity_kind` or `needs_item` (the needs-mapping checklist).
    #[schema(value_type = crate::mentoring::model::MentoringList)]
    #[validate(custom(function = "vocabulary_list"))]
    pub list: String,
    /// For `needs_item`: `infrastructure` or `security`.
    #[schema(value_type = Option<crate::mentoring::model::NeedsTopic>)]
    pub topic: Option<String>,
    /// A key such as `school_visit` for methods and kinds (the SPA shows a translation,
    /// or the key itself); the item's text, as the hub writes it, for `needs_item`.
    #[validate(length(min = 1, max = 120))]
    pub value: String,
}

fn vocabulary_list(v: &str) -> Result<(), validator::ValidationError> {
    if crate::mentoring::model::MentoringList::parse(v).is_some() {
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
    #[param(value_type = crate::mentoring::model::MentoringList)]
    pub list: String,
    /// For `needs_item`: `infrastructure` or `security`.
    #[param(value_type = Option<crate::mentoring::model::NeedsTopic>)]
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
