//! People: profiles, role grants, invitations, deactivation.

pub mod dto;
pub mod entity;
pub mod http;
pub mod model;
pub mod repo;
pub mod service;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(http::get_me)
        .service(http::update_me)
        .service(http::list_people)
        .service(http::get_person)
        .service(http::grant_role)
        .service(http::revoke_role)
        .service(http::deactivate_person)
        .service(http::reactivate_person)
        .service(http::issue_password_reset)
        .service(http::create_invitation)
        .service(http::list_invitations)
        .service(http::revoke_invitation)
        .service(http::preview_invitation)
        .service(http::accept_invitation);
}
