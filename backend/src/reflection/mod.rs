//! Teachers' self-reflections on their digital competence: identified and private.

pub mod changes;
pub mod dto;
pub mod entity;
pub mod http;
pub mod model;
pub mod repo;
pub mod report;
pub mod service;
pub mod sharing;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(http::start_reflection)
        .service(http::list_my_reflections)
        .service(http::get_reflection)
        .service(http::delete_reflection)
        .service(http::put_reflection_answer)
        .service(http::delete_reflection_answer)
        .service(http::submit_reflection)
        .service(http::get_reflection_report)
        .service(http::create_reflection_share)
        .service(http::list_share_candidates)
        .service(http::list_reflection_shares)
        .service(http::list_incoming_reflection_shares)
        .service(http::revoke_reflection_share)
        .service(http::put_agreed_level);
}
