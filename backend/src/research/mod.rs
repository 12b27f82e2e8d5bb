//! Research datasets for the research partners of hubs: pseudonymous, coarsened and
//! k-anonymous row-level data (see `model`), generated in the background (`job`), kept
//! for 7 days, resting on a recorded data-use agreement, every generation and download
//! audited.

pub mod dto;
pub mod entity;
pub mod http;
pub mod job;
pub mod model;
pub mod repo;
pub mod service;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(http::list_recipients)
        .service(http::list_agreements)
        .service(http::record_agreement)
        .service(http::list_datasets)
        .service(http::create_dataset)
        .service(http::get_dataset)
        .service(http::download_dataset);
}
