//! The directory: hubs, schools, organisations and the organisations' roles in hubs.

pub mod dto;
pub mod entity;
pub mod http;
pub mod model;
pub mod repo;
pub mod service;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(http::list_hubs)
        .service(http::create_hub)
        .service(http::get_hub)
        .service(http::update_hub)
        .service(http::delete_hub)
        .service(http::list_hub_organisations)
        .service(http::link_hub_organisation)
        .service(http::unlink_hub_organisation)
        .service(http::list_schools)
        .service(http::create_school)
        .service(http::get_school)
        .service(http::update_school)
        .service(http::delete_school)
        .service(http::list_organisations)
        .service(http::create_organisation)
        .service(http::get_organisation)
        .service(http::update_organisation)
        .service(http::delete_organisation);
}
