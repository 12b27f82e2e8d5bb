//! HTTP handlers of calendar.

use super::service;
use crate::auth::model::Principal;
use crate::error::{ApiResult, Problem};
use crate::state::Data;
use actix_web::{HttpResponse, delete, get, post, web};

/// Whether I have a calendar feed of my planned activities and course sessions.
#[utoipa::path(tag = "calendar", operation_id = "get_calendar_feed",
    responses(
        (status = 200, body = service::CalendarFeedDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/me/calendar-feed")]
pub async fn get_calendar_feed(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Ok().json(service::get(&state.db, &p).await?))
}

/// Make a new secret feed URL for calendar apps (shown once); an earlier one stops working.
#[utoipa::path(tag = "calendar", operation_id = "create_calendar_feed",
    responses(
        (status = 201, body = service::CalendarFeedDto),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/me/calendar-feed")]
pub async fn create_calendar_feed(state: Data, p: Principal) -> ApiResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state.db, &p).await?))
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
    service::revoke(&state.db, &p).await?;
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
    let body = service::feed(&state.db, &token).await?;
    Ok(HttpResponse::Ok()
        .content_type("text/calendar; charset=utf-8")
        .insert_header(("cache-control", "private, max-age=300"))
        .body(body))
}
