//! The audit log: who granted, revoked, deactivated, created or deleted what.

pub mod dto;
pub mod entity;
pub mod http;
pub mod repo;
pub mod service;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(http::list_audit)
        .service(http::audit_csv)
        .service(http::list_audit_actors);
}
