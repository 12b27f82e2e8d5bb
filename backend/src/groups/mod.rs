//! Teacher groups with a consented, anonymous aggregate of their members' reflections.

pub mod entity;
pub mod http;
pub mod model;
pub mod repo;
pub mod service;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(http::create_teacher_group)
        .service(http::list_teacher_groups)
        .service(http::get_teacher_group)
        .service(http::invite_teacher_group_member)
        .service(http::set_teacher_group_membership)
        .service(http::get_teacher_group_report);
}
