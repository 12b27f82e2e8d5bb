//! Mentoring structures (issue 4): hub programmes on the whole-school mentoring model
//! (enrolled schools and the seven phases), mentoring relationships (the structures, with
//! participants, goals and a lifecycle), activities with hours against targets.

pub mod activities;
pub mod board;
pub mod calendar;
pub mod courses;
pub mod dto;
pub mod entity;
pub mod lists;
pub mod model;
pub mod needs;
pub mod plans;
pub mod programmes;
pub mod relationships;
pub mod repo;
pub mod seed;
pub mod shared;

pub fn config(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(lists::http::get_hub_mentoring_lists)
        .service(lists::http::add_hub_mentoring_list_value)
        .service(lists::http::remove_hub_mentoring_list_value)
        .service(programmes::http::list_programmes)
        .service(programmes::http::create_programme)
        .service(programmes::http::get_programme)
        .service(programmes::http::update_programme)
        .service(board::http::get_programme_board)
        .service(programmes::http::enrol_school)
        .service(programmes::http::list_programme_school_options)
        .service(programmes::http::get_enrolment)
        .service(programmes::http::remove_enrolment)
        .service(programmes::http::approve_enrolment)
        .service(programmes::http::put_enrolment_phase)
        .service(programmes::http::start_enrolment_cycle)
        .service(needs::http::get_enrolment_needs)
        .service(needs::http::put_enrolment_needs)
        .service(relationships::http::list_relationships)
        .service(relationships::http::create_relationship)
        .service(relationships::http::get_relationship)
        .service(relationships::http::update_relationship)
        .service(relationships::http::add_relationship_participant)
        .service(relationships::http::remove_relationship_participant)
        .service(relationships::http::transition_relationship)
        .service(activities::http::list_relationship_activities)
        .service(activities::http::list_upcoming_activities)
        .service(activities::http::list_programme_activities)
        .service(activities::http::log_activity)
        .service(activities::http::get_activity)
        .service(activities::http::update_activity)
        .service(activities::http::delete_activity)
        .service(courses::http::list_courses)
        .service(courses::http::create_course)
        .service(courses::http::get_course)
        .service(courses::http::update_course)
        .service(courses::http::add_course_session)
        .service(courses::http::remove_course_session)
        .service(courses::http::add_course_participant)
        .service(courses::http::remove_course_participant)
        .service(courses::http::put_course_attendance)
        .service(plans::http::list_school_plans)
        .service(plans::http::create_plan)
        .service(plans::http::get_plan)
        .service(plans::http::update_plan)
        .service(plans::http::add_plan_goal)
        .service(plans::http::update_plan_goal)
        .service(plans::http::remove_plan_goal)
        .service(plans::http::add_plan_action)
        .service(plans::http::update_plan_action)
        .service(plans::http::remove_plan_action)
        .service(plans::http::comment_plan)
        .service(calendar::http::get_calendar_feed)
        .service(calendar::http::create_calendar_feed)
        .service(calendar::http::revoke_calendar_feed)
        .service(calendar::http::get_calendar)
        .service(activities::http::rate_activity)
        .service(relationships::http::give_relationship_feedback);
}
