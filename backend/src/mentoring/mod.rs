//! Mentoring structures (issue 4): hub programmes on the whole-school mentoring model
//! (enrolled schools and the seven phases), mentoring relationships (the structures, with
//! participants, goals and a lifecycle), activities with hours against targets.

pub mod activities;
pub mod calendar;
pub mod courses;
pub mod dto;
pub mod entity;
pub mod http;
pub mod model;
pub mod needs;
pub mod plans;
pub mod relationships;
pub mod seed;
pub mod service;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(http::get_hub_mentoring_lists)
        .service(http::add_hub_mentoring_list_value)
        .service(http::remove_hub_mentoring_list_value)
        .service(http::list_programmes)
        .service(http::create_programme)
        .service(http::get_programme)
        .service(http::update_programme)
        .service(http::get_programme_board)
        .service(http::enrol_school)
        .service(http::list_programme_school_options)
        .service(http::get_enrolment)
        .service(http::remove_enrolment)
        .service(http::approve_enrolment)
        .service(http::put_enrolment_phase)
        .service(http::start_enrolment_cycle)
        .service(http::get_enrolment_needs)
        .service(http::put_enrolment_needs)
        .service(http::list_relationships)
        .service(http::create_relationship)
        .service(http::get_relationship)
        .service(http::update_relationship)
        .service(http::add_relationship_participant)
        .service(http::remove_relationship_participant)
        .service(http::transition_relationship)
        .service(http::list_relationship_activities)
        .service(http::list_upcoming_activities)
        .service(http::list_programme_activities)
        .service(http::log_activity)
        .service(http::get_activity)
        .service(http::update_activity)
        .service(http::delete_activity)
        .service(http::list_courses)
        .service(http::create_course)
        .service(http::get_course)
        .service(http::update_course)
        .service(http::add_course_session)
        .service(http::remove_course_session)
        .service(http::add_course_participant)
        .service(http::remove_course_participant)
        .service(http::put_course_attendance)
        .service(http::list_school_plans)
        .service(http::create_plan)
        .service(http::get_plan)
        .service(http::update_plan)
        .service(http::add_plan_goal)
        .service(http::update_plan_goal)
        .service(http::remove_plan_goal)
        .service(http::add_plan_action)
        .service(http::update_plan_action)
        .service(http::remove_plan_action)
        .service(http::comment_plan)
        .service(http::get_calendar_feed)
        .service(http::create_calendar_feed)
        .service(http::revoke_calendar_feed)
        .service(http::get_calendar)
        .service(http::rate_activity)
        .service(http::give_relationship_feedback);
}
