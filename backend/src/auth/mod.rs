//! Authentication and authorisation: passwords, tokens, the principal extractor, the policy.

pub mod dto;
pub mod entity;
pub mod extract;
pub mod http;
pub mod model;
pub mod password;
pub mod policy;
pub mod repo;
pub mod service;
pub mod token;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(http::login)
        .service(http::refresh)
        .service(http::logout)
        .service(http::change_password)
        .service(http::request_password_reset)
        .service(http::confirm_password_reset)
        .service(http::client_token)
        .service(http::list_clients)
        .service(http::create_client)
        .service(http::deactivate_client);
}
