//! Self-reflection instruments as versioned data: definitions (scales, areas, items,
//! scoring) with their per-language texts kept apart, the shipped ones loaded from
//! `backend/instruments/`, and the admin API to publish versions and manage translations.

pub mod dto;
pub mod entity;
pub mod http;
pub mod model;
pub mod repo;
pub mod service;
pub mod shipped;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(http::list_instruments)
        .service(http::publish_instrument)
        .service(http::get_instrument_version)
        .service(http::get_instrument_texts)
        .service(http::put_instrument_texts)
        .service(http::set_instrument_texts_status);
}
