//! School digital readiness campaigns (SELFIE-like): anonymous answers through group
//! codes, a school report that hides small groups, focus items for the development plan.

pub mod definition;
pub mod dto;
pub mod entity;
pub mod http;
pub mod model;
pub mod repo;
pub mod results;
pub mod seed;
pub mod service;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(http::create_campaign)
        .service(http::list_school_campaigns)
        .service(http::get_campaign)
        .service(http::update_campaign)
        .service(http::close_campaign)
        .service(http::get_campaign_report)
        .service(http::get_campaign_report_csv)
        .service(http::get_campaign_qr)
        .service(http::get_questionnaire)
        .service(http::start_response)
        .service(http::submit_whole_response)
        .service(http::get_response)
        .service(http::put_response_answer)
        .service(http::submit_response);
}
