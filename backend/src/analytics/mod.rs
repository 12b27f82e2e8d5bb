//! The Learning Analytics Toolbox: indicators of reach, participation, mentoring and
//! growth for the platform, a hub, a programme or a school, over time and against
//! targets — anonymous by construction (see `model`).

pub mod dashboard;
pub mod dto;
pub mod entity;
pub mod growth;
pub mod hours;
pub mod http;
pub mod model;
pub mod readiness;
pub mod repo;
pub mod service;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(http::list_indicators)
        .service(http::get_indicator)
        .service(http::get_comparison)
        .service(http::get_activities)
        .service(http::get_response_rates)
        .service(http::get_relationship_counts)
        .service(http::get_plan_goals)
        .service(http::list_targets)
        .service(http::set_target)
        .service(http::delete_target)
        .service(http::get_growth)
        .service(http::get_cohorts)
        .service(http::get_readiness)
        .service(http::get_school_hours)
        .service(http::get_dashboard);
}
