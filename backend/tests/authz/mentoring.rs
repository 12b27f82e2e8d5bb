//! Rows of the authorisation matrix for mentoring and notifications (issue 4).
//! Callers: anonymous, teacher (school A1), mentor (hub A), school leader (A1), machine
//! client, coordinator (hub A), admin — in that order, as in the matrix.

use super::{Row, row};
use crate::common::TestApp;
use reqwest::Method as M;
use serde_json::{Value, json};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

/// What the rows need from the world the matrix built.
pub struct Given<'a> {
    pub admin: &'a str,
    pub coord: &'a str,
    pub mentor: &'a str,
    pub leader: &'a str,
    pub hub_a: &'a str,
    pub hub_b: &'a str,
    pub a1: &'a str,
    pub b1: &'a str,
}

pub async fn rows(app: &TestApp, g: Given<'_>) -> Vec<Row> {
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Tallinn)
        .date_naive()
        .to_string();
    let (admin, coord, mentor) = (g.admin, g.coord, g.mentor);
    let (a, b, a1, b1) = (g.hub_a, g.hub_b, g.a1, g.b1);
    let a2 = app.create_school(admin, a, "Matrix A2").await;
    let a3 = app.create_school(admin, a, "Matrix A3").await;
    let b3 = app.create_school(admin, b, "Matrix B3").await;
    app.person("mentor.b@m.example", "mentor", Some(b), None)
        .await;
    for (email, school, hub) in [
        ("extra.a@m.example", a1, a),
        ("joiner.a@m.example", a1, a),
        ("extra.b@m.example", b1, b),
        ("joiner.b@m.example", b1, b),
    ] {
        app.person(email, "teacher", Some(hub), Some(school)).await;
    }
    let programme = |hub: &str, name: &str| {
        json!({"hub_id": hub, "name": name, "method": "digital_accelerator",
               "starts_on": "2026-09-01", "ends_on": "2027-06-30",
               "mentoring_min_hours": 35, "mentoring_max_hours": 80})
    };
    let prog_a = id(&app
        .post("/programmes", coord, programme(a, "Prog A"))
        .await
        .body);
    let prog_b = id(&app
        .post("/programmes", admin, programme(b, "Prog B"))
        .await
        .body);
    let enrol = |prog: String, school: String, token: &str| {
        let token = token.to_string();
        async move {
            let r = app
                .post(
                    &format!("/programmes/{prog}/schools"),
                    &token,
                    json!({"school_id": school, "role": "mentee_school"}),
                )
                .await;
            assert_eq!(r.status.as_u16(), 201, "{}", r.body);
            id(&r.body)
        }
    };
    let enrol_a = enrol(prog_a.clone(), a1.to_string(), coord).await;
    let enrol_a3 = enrol(prog_a.clone(), a3.clone(), coord).await;
    let enrol_b = enrol(prog_b.clone(), b1.to_string(), admin).await;
    let enrol_b3 = enrol(prog_b.clone(), b3.clone(), admin).await;
    let relationship = |prog: &str, mentor_email: &str, school: &str, extra: &str| {
        json!({"programme_id": prog, "kind": "expert_to_school", "title": "Matrix mentoring",
               "participants": [{"email": mentor_email, "role": "mentor"},
                                {"school_id": school, "role": "mentee"},
                                {"email": extra, "role": "mentee"}]})
    };
    let rel = |token: &str, body: Value| {
        let token = token.to_string();
        async move {
            let r = app.post("/relationships", &token, body).await;
            assert_eq!(r.status.as_u16(), 201, "{}", r.body);
            let extra = r.body["participants"]
                .as_array()
                .unwrap()
                .iter()
                .find(|p| p["role"] == "mentee" && p["person_id"].is_string())
                .map(id)
                .unwrap();
            (id(&r.body), extra)
        }
    };
    let (rel_a, extra_a) = rel(
        coord,
        relationship(&prog_a, "mentor@m.example", a1, "extra.a@m.example"),
    )
    .await;
    let (rel_b, extra_b) = rel(
        admin,
        relationship(&prog_b, "mentor.b@m.example", b1, "extra.b@m.example"),
    )
    .await;
    let activity = |rel: &str| {
        json!({"relationship_id": rel, "date": today, "duration_minutes": 60, "mode": "online",
               "kind": "meeting", "state": "final", "attendees": []})
    };
    let log = |token: &str, rel: &str| {
        let token = token.to_string();
        let body = activity(rel);
        async move {
            let r = app.post("/activities", &token, body).await;
            assert_eq!(r.status.as_u16(), 201, "{}", r.body);
            id(&r.body)
        }
    };
    let act_a = log(mentor, &rel_a).await;
    let act_a_del = log(mentor, &rel_a).await;
    let act_b = log(admin, &rel_b).await;
    let act_b_del = log(admin, &rel_b).await;

    // Courses: one in each programme, with a past session (and one to remove) and one
    // participant to remove.
    let course = |token: &str, prog: &str, school_teacher: &'static str| {
        let token = token.to_string();
        let prog = prog.to_string();
        async move {
            let r = app
                .post(
                    &format!("/programmes/{prog}/courses"),
                    &token,
                    json!({"title": "Matrix course", "audience": "teachers", "planned_hours": 30}),
                )
                .await;
            assert_eq!(r.status.as_u16(), 201, "{}", r.body);
            let c = id(&r.body);
            let mut sessions = Vec::new();
            for _ in 0..2 {
                let r = app
                    .post(
                        &format!("/courses/{c}/sessions"),
                        &token,
                        json!({"date": "2026-10-01", "duration_minutes": 120}),
                    )
                    .await;
                sessions.push(id(r.body["sessions_list"]
                    .as_array()
                    .unwrap()
                    .last()
                    .unwrap()));
            }
            let r = app
                .post(
                    &format!("/courses/{c}/participants"),
                    &token,
                    json!({"email": school_teacher}),
                )
                .await;
            assert_eq!(r.status.as_u16(), 200, "{}", r.body);
            (
                c,
                sessions,
                id(&json!({"id": r.body["participant_rows"][0]["person_id"]})),
            )
        }
    };
    let (course_a, sessions_a, extra_a_person) = course(coord, &prog_a, "extra.a@m.example").await;
    let (course_b, sessions_b, extra_b_person) = course(admin, &prog_b, "extra.b@m.example").await;
    // Development plans: A1's (by its leader) and B1's (by an admin), each with a goal and
    // an action, and one more of each to remove.
    let plan = |token: &str, school: &str| {
        let token = token.to_string();
        let school = school.to_string();
        async move {
            let r = app
                .post(
                    &format!("/schools/{school}/plans"),
                    &token,
                    json!({"title": "Matrix plan"}),
                )
                .await;
            assert_eq!(r.status.as_u16(), 201, "{}", r.body);
            let plan = id(&r.body);
            let goal = json!({"title": "Wi-Fi in every room", "area": "school-readiness:infrastructure",
                              "current_value": 2.5, "target_value": 3.5, "indicator": "Survey"});
            app.post(&format!("/plans/{plan}/goals"), &token, goal.clone())
                .await;
            let r = app
                .post(&format!("/plans/{plan}/goals"), &token, goal)
                .await;
            let goals: Vec<String> = r.body["goals"].as_array().unwrap().iter().map(id).collect();
            for _ in 0..2 {
                app.post(
                    &format!("/plans/{plan}/goals/{}/actions", goals[0]),
                    &token,
                    json!({"title": "Map the rooms"}),
                )
                .await;
            }
            let r = app.get(&format!("/plans/{plan}"), &token).await;
            let actions: Vec<String> = r.body["goals"][0]["actions"]
                .as_array()
                .unwrap()
                .iter()
                .map(id)
                .collect();
            (plan, goals, actions)
        }
    };
    let (plan_a, goals_a, actions_a) = plan(g.leader, a1).await;
    let (plan_b, goals_b, actions_b) = plan(admin, b1).await;
    let signed_in = |s: &'static str| ["401", s, s, s, s, s, s];
    let admin_only = |s: &'static str| ["401", "404", "404", "404", "404", "404", s];
    let people_only = |s: &'static str| ["401", s, s, s, "404", s, s];
    // Programme A: A1's staff, the hub's mentors and coordinators see it; the client does not.
    let sees_a = |s: &'static str| ["401", s, s, s, "404", s, s];
    vec![
        row(
            "get_hub_mentoring_lists",
            "own",
            M::GET,
            format!("/api/v1/hubs/{a}/mentoring-lists"),
            None,
            signed_in("200"),
        ),
        row(
            "get_hub_mentoring_lists",
            "foreign",
            M::GET,
            format!("/api/v1/hubs/{b}/mentoring-lists"),
            None,
            ["401", "404", "404", "404", "200", "404", "200"],
        ),
        row(
            "add_hub_mentoring_list_value",
            "own",
            M::POST,
            format!("/api/v1/hubs/{a}/mentoring-lists"),
            Some(json!({"list": "activity_kind", "value": "school_visit"})),
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        row(
            "add_hub_mentoring_list_value",
            "foreign",
            M::POST,
            format!("/api/v1/hubs/{b}/mentoring-lists"),
            Some(json!({"list": "activity_kind", "value": "school_visit"})),
            ["401", "404", "404", "404", "403", "404", "200"],
        ),
        row(
            "remove_hub_mentoring_list_value",
            "own",
            M::DELETE,
            format!("/api/v1/hubs/{a}/mentoring-lists?list=activity_kind&value=school_visit"),
            None,
            ["401", "403", "403", "403", "403", "200", "404"],
        ),
        row(
            "remove_hub_mentoring_list_value",
            "foreign",
            M::DELETE,
            format!("/api/v1/hubs/{b}/mentoring-lists?list=activity_kind&value=school_visit"),
            None,
            ["401", "404", "404", "404", "403", "404", "200"],
        ),
        row(
            "list_programmes",
            "-",
            M::GET,
            "/api/v1/programmes",
            None,
            signed_in("200"),
        ),
        row(
            "create_programme",
            "own",
            M::POST,
            "/api/v1/programmes",
            Some(programme(a, "Matrix programme")),
            ["401", "403", "403", "403", "403", "201", "201"],
        ),
        row(
            "create_programme",
            "foreign",
            M::POST,
            "/api/v1/programmes",
            Some(programme(b, "Matrix programme")),
            ["401", "422", "422", "422", "403", "422", "201"],
        ),
        row(
            "get_programme",
            "own",
            M::GET,
            format!("/api/v1/programmes/{prog_a}"),
            None,
            sees_a("200"),
        ),
        row(
            "get_programme",
            "foreign",
            M::GET,
            format!("/api/v1/programmes/{prog_b}"),
            None,
            admin_only("200"),
        ),
        row(
            "update_programme",
            "own",
            M::PATCH,
            format!("/api/v1/programmes/{prog_a}"),
            Some(json!({"description": "Ours"})),
            ["401", "403", "403", "403", "404", "200", "200"],
        ),
        row(
            "update_programme",
            "foreign",
            M::PATCH,
            format!("/api/v1/programmes/{prog_b}"),
            Some(json!({"description": "Theirs"})),
            admin_only("200"),
        ),
        row(
            "get_programme_board",
            "own",
            M::GET,
            format!("/api/v1/programmes/{prog_a}/board"),
            None,
            sees_a("200"),
        ),
        row(
            "get_programme_board",
            "foreign",
            M::GET,
            format!("/api/v1/programmes/{prog_b}/board"),
            None,
            admin_only("200"),
        ),
        row(
            "list_programme_activities",
            "own",
            M::GET,
            format!("/api/v1/programmes/{prog_a}/activities"),
            None,
            sees_a("200"),
        ),
        row(
            "list_programme_activities",
            "foreign",
            M::GET,
            format!("/api/v1/programmes/{prog_b}/activities"),
            None,
            admin_only("200"),
        ),
        row(
            "list_programme_school_options",
            "own",
            M::GET,
            format!("/api/v1/programmes/{prog_a}/school-options"),
            None,
            ["401", "403", "403", "403", "404", "200", "200"],
        ),
        row(
            "list_programme_school_options",
            "foreign",
            M::GET,
            format!("/api/v1/programmes/{prog_b}/school-options"),
            None,
            admin_only("200"),
        ),
        row(
            "enrol_school",
            "own",
            M::POST,
            format!("/api/v1/programmes/{prog_a}/schools"),
            Some(json!({"school_id": a2, "role": "peer_school"})),
            ["401", "403", "403", "403", "404", "201", "409"],
        ),
        row(
            "enrol_school",
            "foreign",
            M::POST,
            format!("/api/v1/programmes/{prog_b}/schools"),
            Some(json!({"school_id": b1, "role": "peer_school"})),
            admin_only("409"),
        ),
        row(
            "get_enrolment",
            "own",
            M::GET,
            format!("/api/v1/enrolments/{enrol_a}"),
            None,
            sees_a("200"),
        ),
        row(
            "get_enrolment",
            "foreign",
            M::GET,
            format!("/api/v1/enrolments/{enrol_b}"),
            None,
            admin_only("200"),
        ),
        row(
            "approve_enrolment",
            "own",
            M::POST,
            format!("/api/v1/enrolments/{enrol_a}/approve"),
            None,
            ["401", "403", "403", "403", "404", "200", "200"],
        ),
        row(
            "approve_enrolment",
            "foreign",
            M::POST,
            format!("/api/v1/enrolments/{enrol_b}/approve"),
            None,
            admin_only("200"),
        ),
        row(
            "put_enrolment_phase",
            "own",
            M::PUT,
            format!("/api/v1/enrolments/{enrol_a}/phases/initiative"),
            Some(json!({"status": "in_progress"})),
            ["401", "403", "403", "200", "404", "200", "200"],
        ),
        row(
            "put_enrolment_phase",
            "foreign",
            M::PUT,
            format!("/api/v1/enrolments/{enrol_b}/phases/initiative"),
            Some(json!({"status": "in_progress"})),
            admin_only("200"),
        ),
        row(
            "start_enrolment_cycle",
            "own",
            M::POST,
            format!("/api/v1/enrolments/{enrol_a}/cycles"),
            None,
            ["401", "403", "403", "409", "404", "409", "409"],
        ),
        row(
            "start_enrolment_cycle",
            "foreign",
            M::POST,
            format!("/api/v1/enrolments/{enrol_b}/cycles"),
            None,
            admin_only("409"),
        ),
        row(
            "get_enrolment_needs",
            "own",
            M::GET,
            format!("/api/v1/enrolments/{enrol_a}/needs"),
            None,
            ["401", "200", "200", "200", "404", "200", "200"],
        ),
        row(
            "get_enrolment_needs",
            "foreign",
            M::GET,
            format!("/api/v1/enrolments/{enrol_b}/needs"),
            None,
            admin_only("200"),
        ),
        row(
            "put_enrolment_needs",
            "own",
            M::PUT,
            format!("/api/v1/enrolments/{enrol_a}/needs"),
            Some(json!({"findings": [{"topic": "security", "item": "backups",
                                      "state": "partial", "priority": "high"}]})),
            ["401", "403", "200", "200", "404", "200", "200"],
        ),
        row(
            "put_enrolment_needs",
            "foreign",
            M::PUT,
            format!("/api/v1/enrolments/{enrol_b}/needs"),
            Some(json!({"findings": []})),
            admin_only("200"),
        ),
        row(
            "remove_enrolment",
            "own",
            M::DELETE,
            format!("/api/v1/enrolments/{enrol_a3}"),
            None,
            ["401", "403", "403", "403", "404", "204", "404"],
        ),
        row(
            "remove_enrolment",
            "foreign",
            M::DELETE,
            format!("/api/v1/enrolments/{enrol_b3}"),
            None,
            admin_only("204"),
        ),
        row(
            "list_relationships",
            "-",
            M::GET,
            "/api/v1/relationships",
            None,
            signed_in("200"),
        ),
        row(
            "create_relationship",
            "own",
            M::POST,
            "/api/v1/relationships",
            Some(
                json!({"hub_id": a, "kind": "expert_to_school", "title": "Matrix",
                        "participants": [{"email": "mentor@m.example", "role": "mentor"},
                                         {"school_id": a1, "role": "mentee"}]}),
            ),
            ["401", "403", "201", "403", "403", "201", "201"],
        ),
        row(
            "create_relationship",
            "foreign",
            M::POST,
            "/api/v1/relationships",
            Some(
                json!({"hub_id": b, "kind": "expert_to_school", "title": "Matrix",
                        "participants": [{"email": "mentor.b@m.example", "role": "mentor"},
                                         {"school_id": b1, "role": "mentee"}]}),
            ),
            ["401", "422", "422", "422", "403", "422", "201"],
        ),
        row(
            "get_relationship",
            "own",
            M::GET,
            format!("/api/v1/relationships/{rel_a}"),
            None,
            sees_a("200"),
        ),
        row(
            "get_relationship",
            "foreign",
            M::GET,
            format!("/api/v1/relationships/{rel_b}"),
            None,
            admin_only("200"),
        ),
        row(
            "update_relationship",
            "own",
            M::PATCH,
            format!("/api/v1/relationships/{rel_a}"),
            Some(json!({"meeting_rhythm": "monthly"})),
            ["401", "403", "200", "403", "404", "200", "200"],
        ),
        row(
            "update_relationship",
            "foreign",
            M::PATCH,
            format!("/api/v1/relationships/{rel_b}"),
            Some(json!({"meeting_rhythm": "monthly"})),
            admin_only("200"),
        ),
        row(
            "add_relationship_participant",
            "own",
            M::POST,
            format!("/api/v1/relationships/{rel_a}/participants"),
            Some(json!({"email": "joiner.a@m.example", "role": "mentee"})),
            ["401", "403", "200", "403", "404", "409", "409"],
        ),
        row(
            "add_relationship_participant",
            "foreign",
            M::POST,
            format!("/api/v1/relationships/{rel_b}/participants"),
            Some(json!({"email": "joiner.b@m.example", "role": "mentee"})),
            admin_only("200"),
        ),
        row(
            "remove_relationship_participant",
            "own",
            M::DELETE,
            format!("/api/v1/relationships/{rel_a}/participants/{extra_a}"),
            None,
            ["401", "403", "200", "403", "404", "404", "404"],
        ),
        row(
            "remove_relationship_participant",
            "foreign",
            M::DELETE,
            format!("/api/v1/relationships/{rel_b}/participants/{extra_b}"),
            None,
            admin_only("200"),
        ),
        row(
            "transition_relationship",
            "own",
            M::POST,
            format!("/api/v1/relationships/{rel_a}/transitions"),
            Some(json!({"to": "active", "reason": "Agreed"})),
            ["401", "403", "200", "403", "404", "409", "409"],
        ),
        row(
            "transition_relationship",
            "foreign",
            M::POST,
            format!("/api/v1/relationships/{rel_b}/transitions"),
            Some(json!({"to": "active"})),
            admin_only("200"),
        ),
        row(
            "list_relationship_activities",
            "own",
            M::GET,
            format!("/api/v1/relationships/{rel_a}/activities"),
            None,
            sees_a("200"),
        ),
        row(
            "list_relationship_activities",
            "foreign",
            M::GET,
            format!("/api/v1/relationships/{rel_b}/activities"),
            None,
            admin_only("200"),
        ),
        row(
            "log_activity",
            "own",
            M::POST,
            "/api/v1/activities",
            Some(activity(&rel_a)),
            ["401", "403", "201", "403", "404", "201", "201"],
        ),
        row(
            "log_activity",
            "foreign",
            M::POST,
            "/api/v1/activities",
            Some(activity(&rel_b)),
            admin_only("201"),
        ),
        row(
            "get_activity",
            "own",
            M::GET,
            format!("/api/v1/activities/{act_a}"),
            None,
            sees_a("200"),
        ),
        row(
            "get_activity",
            "foreign",
            M::GET,
            format!("/api/v1/activities/{act_b}"),
            None,
            admin_only("200"),
        ),
        row(
            "update_activity",
            "own",
            M::PUT,
            format!("/api/v1/activities/{act_a}"),
            Some(activity(&rel_a)),
            ["401", "403", "200", "403", "404", "200", "200"],
        ),
        row(
            "update_activity",
            "foreign",
            M::PUT,
            format!("/api/v1/activities/{act_b}"),
            Some(activity(&rel_b)),
            admin_only("200"),
        ),
        row(
            "delete_activity",
            "own",
            M::DELETE,
            format!("/api/v1/activities/{act_a_del}"),
            None,
            ["401", "403", "204", "404", "404", "404", "404"],
        ),
        row(
            "delete_activity",
            "foreign",
            M::DELETE,
            format!("/api/v1/activities/{act_b_del}"),
            None,
            admin_only("204"),
        ),
        row(
            "list_courses",
            "own",
            M::GET,
            format!("/api/v1/programmes/{prog_a}/courses"),
            None,
            sees_a("200"),
        ),
        row(
            "list_courses",
            "foreign",
            M::GET,
            format!("/api/v1/programmes/{prog_b}/courses"),
            None,
            admin_only("200"),
        ),
        row(
            "create_course",
            "own",
            M::POST,
            format!("/api/v1/programmes/{prog_a}/courses"),
            Some(json!({"title": "Leading change", "audience": "leaders", "planned_hours": 39})),
            ["401", "403", "201", "403", "404", "201", "201"],
        ),
        row(
            "create_course",
            "foreign",
            M::POST,
            format!("/api/v1/programmes/{prog_b}/courses"),
            Some(json!({"title": "Leading change", "audience": "leaders", "planned_hours": 39})),
            admin_only("201"),
        ),
        row(
            "get_course",
            "own",
            M::GET,
            format!("/api/v1/courses/{course_a}"),
            None,
            sees_a("200"),
        ),
        row(
            "get_course",
            "foreign",
            M::GET,
            format!("/api/v1/courses/{course_b}"),
            None,
            admin_only("200"),
        ),
        row(
            "update_course",
            "own",
            M::PATCH,
            format!("/api/v1/courses/{course_a}"),
            Some(json!({"description": "Basic course"})),
            ["401", "403", "200", "403", "404", "200", "200"],
        ),
        row(
            "update_course",
            "foreign",
            M::PATCH,
            format!("/api/v1/courses/{course_b}"),
            Some(json!({"description": "Basic course"})),
            admin_only("200"),
        ),
        row(
            "add_course_session",
            "own",
            M::POST,
            format!("/api/v1/courses/{course_a}/sessions"),
            Some(json!({"date": "2026-10-08", "duration_minutes": 90})),
            ["401", "403", "200", "403", "404", "200", "200"],
        ),
        row(
            "add_course_session",
            "foreign",
            M::POST,
            format!("/api/v1/courses/{course_b}/sessions"),
            Some(json!({"date": "2026-10-08", "duration_minutes": 90})),
            admin_only("200"),
        ),
        row(
            "remove_course_session",
            "own",
            M::DELETE,
            format!("/api/v1/courses/{course_a}/sessions/{}", sessions_a[1]),
            None,
            ["401", "403", "200", "403", "404", "404", "404"],
        ),
        row(
            "remove_course_session",
            "foreign",
            M::DELETE,
            format!("/api/v1/courses/{course_b}/sessions/{}", sessions_b[1]),
            None,
            admin_only("200"),
        ),
        row(
            "add_course_participant",
            "own",
            M::POST,
            format!("/api/v1/courses/{course_a}/participants"),
            Some(json!({"email": "joiner.a@m.example"})),
            ["401", "403", "200", "403", "404", "409", "409"],
        ),
        row(
            "add_course_participant",
            "foreign",
            M::POST,
            format!("/api/v1/courses/{course_b}/participants"),
            Some(json!({"email": "joiner.b@m.example"})),
            admin_only("200"),
        ),
        row(
            "put_course_attendance",
            "own",
            M::PUT,
            format!("/api/v1/courses/{course_a}/attendance"),
            Some(json!({"session_id": sessions_a[0], "present": [extra_a_person]})),
            ["401", "403", "200", "403", "404", "200", "200"],
        ),
        row(
            "put_course_attendance",
            "foreign",
            M::PUT,
            format!("/api/v1/courses/{course_b}/attendance"),
            Some(json!({"session_id": sessions_b[0], "present": [extra_b_person]})),
            admin_only("200"),
        ),
        row(
            "remove_course_participant",
            "own",
            M::DELETE,
            format!("/api/v1/courses/{course_a}/participants/{extra_a_person}"),
            None,
            ["401", "403", "200", "403", "404", "404", "404"],
        ),
        row(
            "remove_course_participant",
            "foreign",
            M::DELETE,
            format!("/api/v1/courses/{course_b}/participants/{extra_b_person}"),
            None,
            admin_only("200"),
        ),
        row(
            "list_school_plans",
            "own",
            M::GET,
            format!("/api/v1/schools/{a1}/plans"),
            None,
            sees_a("200"),
        ),
        row(
            "list_school_plans",
            "foreign",
            M::GET,
            format!("/api/v1/schools/{b1}/plans"),
            None,
            admin_only("200"),
        ),
        row(
            "create_plan",
            "own",
            M::POST,
            format!("/api/v1/schools/{a1}/plans"),
            Some(json!({"title": "Plan 2027"})),
            ["401", "403", "403", "201", "404", "403", "201"],
        ),
        row(
            "create_plan",
            "foreign",
            M::POST,
            format!("/api/v1/schools/{b1}/plans"),
            Some(json!({"title": "Plan 2027"})),
            admin_only("201"),
        ),
        row(
            "get_plan",
            "own",
            M::GET,
            format!("/api/v1/plans/{plan_a}"),
            None,
            sees_a("200"),
        ),
        row(
            "get_plan",
            "foreign",
            M::GET,
            format!("/api/v1/plans/{plan_b}"),
            None,
            admin_only("200"),
        ),
        row(
            "update_plan",
            "own",
            M::PATCH,
            format!("/api/v1/plans/{plan_a}"),
            Some(json!({"title": "Renamed"})),
            ["401", "403", "403", "200", "404", "403", "200"],
        ),
        row(
            "update_plan",
            "foreign",
            M::PATCH,
            format!("/api/v1/plans/{plan_b}"),
            Some(json!({"title": "Renamed"})),
            admin_only("200"),
        ),
        row(
            "add_plan_goal",
            "own",
            M::POST,
            format!("/api/v1/plans/{plan_a}/goals"),
            Some(
                json!({"title": "T", "area": "digcompedu-teacher:teaching", "target_value": 3.0, "indicator": "I"}),
            ),
            ["401", "403", "403", "200", "404", "403", "200"],
        ),
        row(
            "add_plan_goal",
            "foreign",
            M::POST,
            format!("/api/v1/plans/{plan_b}/goals"),
            Some(
                json!({"title": "T", "area": "digcompedu-teacher:teaching", "target_value": 3.0, "indicator": "I"}),
            ),
            admin_only("200"),
        ),
        row(
            "add_plan_action",
            "own",
            M::POST,
            format!("/api/v1/plans/{plan_a}/goals/{}/actions", goals_a[0]),
            Some(json!({"title": "Try it"})),
            ["401", "403", "200", "200", "404", "200", "200"],
        ),
        row(
            "add_plan_action",
            "foreign",
            M::POST,
            format!("/api/v1/plans/{plan_b}/goals/{}/actions", goals_b[0]),
            Some(json!({"title": "Try it"})),
            admin_only("200"),
        ),
        row(
            "update_plan_action",
            "own",
            M::PATCH,
            format!("/api/v1/plans/{plan_a}/actions/{}", actions_a[0]),
            Some(json!({"status": "in_progress"})),
            ["401", "403", "403", "200", "404", "403", "200"],
        ),
        row(
            "update_plan_action",
            "foreign",
            M::PATCH,
            format!("/api/v1/plans/{plan_b}/actions/{}", actions_b[0]),
            Some(json!({"status": "in_progress"})),
            admin_only("200"),
        ),
        row(
            "remove_plan_action",
            "own",
            M::DELETE,
            format!("/api/v1/plans/{plan_a}/actions/{}", actions_a[1]),
            None,
            ["401", "403", "403", "200", "404", "403", "404"],
        ),
        row(
            "remove_plan_action",
            "foreign",
            M::DELETE,
            format!("/api/v1/plans/{plan_b}/actions/{}", actions_b[1]),
            None,
            admin_only("200"),
        ),
        row(
            "update_plan_goal",
            "own",
            M::PATCH,
            format!("/api/v1/plans/{plan_a}/goals/{}", goals_a[0]),
            Some(json!({"indicator": "Measured in the spring campaign"})),
            ["401", "403", "403", "200", "404", "403", "200"],
        ),
        row(
            "update_plan_goal",
            "foreign",
            M::PATCH,
            format!("/api/v1/plans/{plan_b}/goals/{}", goals_b[0]),
            Some(json!({"indicator": "Measured in the spring campaign"})),
            admin_only("200"),
        ),
        row(
            "remove_plan_goal",
            "own",
            M::DELETE,
            format!("/api/v1/plans/{plan_a}/goals/{}", goals_a[1]),
            None,
            ["401", "403", "403", "200", "404", "403", "404"],
        ),
        row(
            "remove_plan_goal",
            "foreign",
            M::DELETE,
            format!("/api/v1/plans/{plan_b}/goals/{}", goals_b[1]),
            None,
            admin_only("200"),
        ),
        row(
            "comment_plan",
            "own",
            M::POST,
            format!("/api/v1/plans/{plan_a}/comments"),
            Some(json!({"text": "Good start"})),
            ["401", "403", "200", "200", "404", "200", "200"],
        ),
        row(
            "comment_plan",
            "foreign",
            M::POST,
            format!("/api/v1/plans/{plan_b}/comments"),
            Some(json!({"text": "Good start"})),
            admin_only("200"),
        ),
        row(
            "rate_activity",
            "own",
            M::PUT,
            format!("/api/v1/activities/{act_a}/rating"),
            Some(json!({"rating": 4})),
            // The mentor logged it: nobody rates their own activity.
            ["401", "403", "403", "200", "404", "403", "403"],
        ),
        row(
            "rate_activity",
            "foreign",
            M::PUT,
            format!("/api/v1/activities/{act_b}/rating"),
            Some(json!({"rating": 4})),
            admin_only("403"),
        ),
        row(
            "give_relationship_feedback",
            "own",
            M::PUT,
            format!("/api/v1/relationships/{rel_a}/feedback"),
            Some(json!({"to_person": extra_a_person, "rating": 4})),
            // The leader's school takes part: they may give feedback for it, once the
            // relationship is completed (409 before), like the mentor.
            ["401", "403", "409", "409", "404", "403", "403"],
        ),
        row(
            "give_relationship_feedback",
            "foreign",
            M::PUT,
            format!("/api/v1/relationships/{rel_b}/feedback"),
            Some(json!({"to_person": extra_b_person, "rating": 4})),
            admin_only("403"),
        ),
        row(
            "get_calendar_feed",
            "-",
            M::GET,
            "/api/v1/me/calendar-feed",
            None,
            people_only("200"),
        ),
        row(
            "create_calendar_feed",
            "-",
            M::POST,
            "/api/v1/me/calendar-feed",
            None,
            ["401", "201", "201", "201", "404", "201", "201"],
        ),
        row(
            "revoke_calendar_feed",
            "-",
            M::DELETE,
            "/api/v1/me/calendar-feed",
            None,
            ["401", "204", "204", "204", "404", "204", "204"],
        ),
        row(
            "get_calendar",
            "-",
            M::GET,
            "/api/v1/calendar/not-a-secret.ics",
            None,
            ["404"; 7],
        ),
        row(
            "list_notifications",
            "-",
            M::GET,
            "/api/v1/notifications",
            None,
            people_only("200"),
        ),
        row(
            "mark_notifications_read",
            "-",
            M::POST,
            "/api/v1/notifications/read",
            Some(json!({})),
            people_only("200"),
        ),
    ]
}
