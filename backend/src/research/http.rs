//! Handlers of research datasets and data-use agreements.

use super::dto::*;
use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiError, ApiResult, Problem};
use crate::state::Data;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use uuid::Uuid;
use validator::Validate;

/// The organisations the caller may generate datasets for (research partners of the
/// caller's hubs; all for admins), and whether a data-use agreement of each holds.
#[utoipa::path(tag = "research", operation_id = "list_dataset_recipients",
    responses(
        (status = 200, body = Vec<RecipientDto>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/research/recipients")]
pub async fn list_recipients(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::recipients(&state.db, &p).await?))
}

/// The data-use agreements on record for the organisations the caller works with.
#[utoipa::path(tag = "research", operation_id = "list_agreements",
    responses(
        (status = 200, body = Vec<AgreementDto>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/research/agreements")]
pub async fn list_agreements(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::agreements(&state.db, &p).await?))
}

/// Record that a research-partner organisation signed a data-use agreement (admins, and
/// coordinators of a hub it is a research partner of). Required before its first dataset.
#[utoipa::path(tag = "research", operation_id = "record_agreement",
    request_body = AgreementInput,
    responses(
        (status = 201, body = AgreementDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/research/agreements")]
pub async fn record_agreement(
    state: Data,
    p: Principal,
    body: web::Json<AgreementInput>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let a = service::record_agreement(&state.db, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(a))
}

/// Generate a research dataset for a scope and period: one row per answer of submitted
/// self-reflections or readiness-campaign responses, with pseudonyms that differ per
/// dataset, months instead of dates, no free text, and the school's attributes generalised
/// until every combination holds at least k people. Generation runs in the background:
/// the answer is the queued dataset; follow its `status` and `rows_done`.
#[utoipa::path(tag = "research", operation_id = "create_dataset",
    request_body = DatasetInput,
    responses(
        (status = 202, body = DatasetDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json",
            description = "`no_data_use_agreement`: none holds for the organisation"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/research/datasets")]
pub async fn create_dataset(
    state: Data,
    p: Principal,
    body: web::Json<DatasetInput>,
) -> ApiResult<HttpResponse> {
    body.validate()?;
    let d = service::create(&state.db, &p, body.into_inner()).await?;
    super::job::start(state.clone(), d.id);
    Ok(HttpResponse::Accepted().json(d))
}

/// The datasets the caller may see (admins: all; coordinators and researchers: their
/// hubs'; and one's own), newest first.
#[utoipa::path(tag = "research", operation_id = "list_datasets",
    responses(
        (status = 200, body = Vec<DatasetDto>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/research/datasets")]
pub async fn list_datasets(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::list(&state.db, &p).await?))
}

/// One dataset and where its generation stands.
#[utoipa::path(tag = "research", operation_id = "get_dataset",
    params(("id" = Uuid, Path, description = "Dataset id")),
    responses(
        (status = 200, body = DatasetDto),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/research/datasets/{id}")]
pub async fn get_dataset(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, &p, id.into_inner()).await?))
}

/// The dataset's file: a zip of `data.csv`, `schema.json` (the columns as a Frictionless
/// table schema) and `README.md` (method and counts). Kept for 7 days after generation;
/// every download is audited.
#[utoipa::path(tag = "research", operation_id = "download_dataset",
    params(("id" = Uuid, Path, description = "Dataset id")),
    responses(
        (status = 200, content_type = "application/zip", body = Vec<u8>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json",
            description = "`dataset_not_ready`"),
        (status = 410, body = Problem, content_type = "application/problem+json",
            description = "`dataset_expired`: the file was removed after 7 days"),
    ),
    security(("bearer" = [])))]
#[get("/research/datasets/{id}/file")]
pub async fn download_dataset(
    req: HttpRequest,
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let path = service::download(&state.db, &p, &state.config.data_dir, id).await?;
    let file = actix_files::NamedFile::open_async(&path)
        .await
        .map_err(|e| ApiError::internal(format!("cannot open a dataset file: {e}")))?
        .set_content_disposition(actix_web::http::header::ContentDisposition {
            disposition: actix_web::http::header::DispositionType::Attachment,
            parameters: vec![actix_web::http::header::DispositionParam::Filename(
                format!("ihub-dataset-{id}.zip"),
            )],
        });
    Ok(file.into_response(&req))
}
