//! HTTP handlers of board.

use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::mentoring::board::dto::BoardDto;
use crate::state::Data;
use actix_web::{HttpResponse, get, web};
use uuid::Uuid;

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
