//! The hub overview for coordinators: readiness across the hub's schools and teacher
//! competence across its groups — aggregates only, each at or above the threshold.

use crate::auth::model::Principal;
use crate::auth::policy::{self, Action};
use crate::campaigns::service::SchoolReadinessDto;
use crate::error::{ApiResult, Problem};
use crate::groups::service::HubCompetenceDto;
use crate::state::Data;
use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaTitleDto {
    pub key: String,
    pub title: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HubOverviewDto {
    pub hub_id: Uuid,
    pub threshold: u64,
    /// The readiness areas, in order.
    pub areas: Vec<AreaTitleDto>,
    /// Every school of the hub, with its latest campaign shared with the hub.
    pub schools: Vec<SchoolReadinessDto>,
    pub competence: HubCompetenceDto,
}

#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverviewLang {
    /// Language of the texts.
    #[param(pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    pub lang: Option<String>,
}

/// The hub overview (the hub's coordinators; admins).
#[utoipa::path(tag = "hubs", operation_id = "get_hub_overview",
    params(("id" = Uuid, Path, description = "Hub id"), OverviewLang),
    responses(
        (status = 200, body = HubOverviewDto),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[get("/hubs/{id}/overview")]
pub async fn get_hub_overview(
    state: Data,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<OverviewLang>,
) -> ApiResult<HttpResponse> {
    let hub = crate::directory::service::find_visible_hub(&state.db, &p, *id).await?;
    policy::must_allow(&p, Action::HubOverview { hub: hub.id })?;
    let lang = crate::platform::validate::text_language(p.locale(), q.lang.as_deref());
    let k = u64::from(state.config.anonymity_threshold);
    let (areas, schools) =
        crate::campaigns::service::hub_readiness(&state.db, hub.id, k, &lang).await?;
    let competence = crate::groups::service::hub_competence(&state.db, hub.id, &lang, k).await?;
    Ok(HttpResponse::Ok().json(HubOverviewDto {
        hub_id: hub.id,
        threshold: k,
        areas: areas
            .into_iter()
            .map(|(key, title)| AreaTitleDto { key, title })
            .collect(),
        schools,
        competence,
    }))
}

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_hub_overview);
}
