//! Mentoring: programmes with enrolled schools and phases, relationships with their
//! lifecycle, activities with hours against targets, and every permission boundary.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn id(v: &Value) -> String {
    v["id"].as_str().unwrap().to_string()
}

fn today() -> chrono::NaiveDate {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Tallinn)
        .date_naive()
}

/// A hub with a coordinator, a mentor, a mentor school and a mentee school (each with a
/// leader and a teacher), and a programme with both enrolled.
struct World {
    admin: String,
    hub: String,
    coord: String,
    mentor: String,
    mentor_id: String,
    mentor_school: String,
    mentee_school: String,
    mentor_teacher: String,
    mentor_teacher_id: String,
    mentee_leader: String,
    mentee_teacher: String,
    mentee_teacher_id: String,
    programme: String,
    enrol_mentor: String,
    enrol_mentee: String,
}

async fn me(app: &TestApp, token: &str) -> String {
    id(&app.get("/me", token).await.body)
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Accelerator Hub").await;
    let mentor_school = app.create_school(&admin, &hub, "Maardu High School").await;
    let mentee_school = app
        .create_school(&admin, &hub, "Audru Primary School")
        .await;
    let coord = app
        .person("coord@mt.example", "hub_coordinator", Some(&hub), None)
        .await;
    let mentor = app
        .person("mentor@mt.example", "mentor", Some(&hub), None)
        .await;
    let mentor_teacher = app
        .person(
            "mteacher@mt.example",
            "teacher",
            Some(&hub),
            Some(&mentor_school),
        )
        .await;
    let mentee_leader = app
        .person(
            "leader@mt.example",
            "school_leader",
            Some(&hub),
            Some(&mentee_school),
        )
        .await;
    let mentee_teacher = app
        .person(
            "teacher@mt.example",
            "teacher",
            Some(&hub),
            Some(&mentee_school),
        )
        .await;
    let r = app
        .post(
            "/programmes",
            &coord,
            json!({"hub_id": hub, "name": "Digital Accelerator", "method": "digital_accelerator",
                   "starts_on": "2026-09-01", "ends_on": "2027-02-28",
                   "mentoring_min_hours": 35, "mentoring_max_hours": 80,
                   "training_targets": {"teachers": 32, "leaders": 39}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let programme = id(&r.body);
    let enrol = |school: String, role: &'static str| {
        let coord = coord.clone();
        let programme = programme.clone();
        async move {
            let r = app
                .post(
                    &format!("/programmes/{programme}/schools"),
                    &coord,
                    json!({"school_id": school, "role": role}),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
            id(&r.body)
        }
    };
    let enrol_mentor = enrol(mentor_school.clone(), "mentor_school").await;
    let enrol_mentee = enrol(mentee_school.clone(), "mentee_school").await;
    World {
        mentor_id: me(app, &mentor).await,
        mentor_teacher_id: me(app, &mentor_teacher).await,
        mentee_teacher_id: me(app, &mentee_teacher).await,
        admin,
        hub,
        coord,
        mentor,
        mentor_school,
        mentee_school,
        mentor_teacher,
        mentee_leader,
        mentee_teacher,
        programme,
        enrol_mentor,
        enrol_mentee,
    }
}

/// A school-to-school relationship in the programme with the hub's mentor as facilitator.
async fn school_to_school(app: &TestApp, w: &World) -> String {
    let r = app
        .post(
            "/relationships",
            &w.coord,
            json!({"programme_id": w.programme, "kind": "school_to_school",
                   "title": "Maardu ⇄ Audru", "focus": ["3", "infrastructure"],
                   "meeting_rhythm": "every second week",
                   "participants": [
                       {"school_id": w.mentor_school, "role": "mentor"},
                       {"school_id": w.mentee_school, "role": "mentee"},
                       {"person_id": w.mentor_id, "role": "mentor"}],
                   "goals": [{"text": "Every teacher uses the learning platform weekly",
                              "indicator": "Platform log shows weekly use by all 20 teachers"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["status"], "proposed");
    id(&r.body)
}

fn activity(rel: &str, date: &str, minutes: i64, state: &str, attendees: &[&str]) -> Value {
    json!({"relationship_id": rel, "date": date, "duration_minutes": minutes, "mode": "on_site",
           "kind": "meeting", "state": state, "attendees": attendees, "topics": ["3.1"],
           "notes": "Planned the first co-taught lesson.",
           "evidence": ["https://example.org/lesson-plan"]})
}

on_both!(
    relationships_come_in_pages_newest_first_and_mine_splits_them,
    schools_take_part_through_their_leaders,
    if_match_lets_one_of_thirty_simultaneous_writers_through,
    simultaneous_transitions_and_phase_edits_do_not_double_up,
    a_coordinator_runs_a_programme_and_a_school_enrolled_twice_is_a_conflict,
    phases_run_in_any_order_and_a_new_cycle_follows_reflection,
    the_lifecycle_allows_only_valid_moves_and_keeps_who_when_and_why,
    activities_are_checked_and_only_their_author_or_the_coordinator_changes_them,
    the_board_counts_final_activities_once_against_the_target_range,
    a_teacher_who_mentors_a_colleague_needs_no_hub_grant,
    other_hubs_see_nothing_until_a_school_of_theirs_joins_with_approval,
    participants_are_notified_and_read_their_notifications,
    courses_count_attendance_toward_completion_and_training_targets,
    a_plan_starts_from_focus_items_and_mentors_comment_and_propose,
    the_calendar_feed_parses_and_a_revoked_url_answers_404,
    participants_rate_activities_and_give_feedback_at_completion,
    needs_mapping_links_a_campaign_and_records_the_hubs_checklist,
);

async fn a_coordinator_runs_a_programme_and_a_school_enrolled_twice_is_a_conflict(app: &TestApp) {
    let w = world(app).await;
    let again = app
        .post(
            &format!("/programmes/{}/schools", w.programme),
            &w.coord,
            json!({"school_id": w.mentee_school, "role": "peer_school"}),
        )
        .await;
    again.problem(409, "already_enrolled");
    // Bad input: unknown role, end before start, range upside down, unknown method.
    app.post(
        &format!("/programmes/{}/schools", w.programme),
        &w.coord,
        json!({"school_id": w.mentee_school, "role": "boss_school"}),
    )
    .await
    .problem(422, "validation_failed");
    let bad = app
        .post(
            "/programmes",
            &w.coord,
            json!({"hub_id": w.hub, "name": "X", "method": "no_such_method",
                   "starts_on": "2026-09-01", "ends_on": "2026-08-01",
                   "mentoring_min_hours": 80, "mentoring_max_hours": 35}),
        )
        .await;
    bad.problem(422, "validation_failed");
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["ends_on", "mentoring_max_hours"], "{}", bad.body);
    // A hub adds its own method, then may use it.
    app.post(
        &format!("/hubs/{}/mentoring-lists", w.hub),
        &w.coord,
        json!({"list": "method", "value": "school_visits"}),
    )
    .await;
    let ok = app
        .post(
            "/programmes",
            &w.coord,
            json!({"hub_id": w.hub, "name": "Visits", "method": "school_visits",
                   "starts_on": "2026-09-01", "ends_on": "2027-06-01",
                   "mentoring_min_hours": 10, "mentoring_max_hours": 20}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    // Teachers and mentors may not create or change programmes; If-Match guards updates.
    app.post(
        "/programmes",
        &w.mentor,
        json!({"hub_id": w.hub, "name": "Mine", "method": "digital_accelerator",
               "starts_on": "2026-09-01", "ends_on": "2027-06-01",
               "mentoring_min_hours": 1, "mentoring_max_hours": 2}),
    )
    .await
    .problem(403, "forbidden");
    let g = app
        .get(&format!("/programmes/{}", w.programme), &w.coord)
        .await;
    let etag = g.header("etag").unwrap();
    let r = app
        .client
        .patch(app.api(&format!("/programmes/{}", w.programme)))
        .bearer_auth(&w.coord)
        .header("if-match", "\"v99\"")
        .json(&json!({"name": "Renamed"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 412);
    let r = app
        .client
        .patch(app.api(&format!("/programmes/{}", w.programme)))
        .bearer_auth(&w.coord)
        .header("if-match", etag)
        .json(&json!({"name": "Digital Accelerator 2026"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    // The mentee school's staff see the programme; its list shows it.
    let list = app.get("/programmes", &w.mentee_teacher).await;
    assert_eq!(list.body.as_array().unwrap().len(), 1, "{}", list.body);
    assert_eq!(list.body[0]["schools"], 2);
    assert_eq!(list.body[0]["manages"], false);
}

async fn phases_run_in_any_order_and_a_new_cycle_follows_reflection(app: &TestApp) {
    let w = world(app).await;
    let phase = |key: &'static str, status: &'static str| {
        let path = format!("/enrolments/{}/phases/{key}", w.enrol_mentee);
        let token = w.mentee_leader.clone();
        async move {
            app.put(
                &path,
                &token,
                json!({"status": status, "started_on": "2026-09-10", "notes": "Started with the staff meeting."}),
            )
            .await
        }
    };
    // Mapping needs before the initiative; anchoring skipped.
    let r = phase("mapping_needs", "in_progress").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["phases"][3]["status"], "in_progress");
    assert_eq!(r.body["can_start_cycle"], false);
    phase("anchoring_meetings", "skipped").await;
    app.post(
        &format!("/enrolments/{}/cycles", w.enrol_mentee),
        &w.mentee_leader,
        json!({}),
    )
    .await
    .problem(409, "cycle_not_finished");
    let r = phase("reflection", "done").await;
    assert_eq!(r.body["can_start_cycle"], true, "{}", r.body);
    let r = app
        .post(
            &format!("/enrolments/{}/cycles", w.enrol_mentee),
            &w.mentee_leader,
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["cycle"], 2);
    assert!(
        r.body["phases"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["status"] == "not_started")
    );
    // Bad input.
    phase("mapping_needs", "finished")
        .await
        .problem(422, "validation_failed");
    app.put(
        &format!("/enrolments/{}/phases/no_such_phase", w.enrol_mentee),
        &w.mentee_leader,
        json!({"status": "done"}),
    )
    .await
    .problem(404, "not_found");
    // The mentee's leader may not edit the mentor school's phases (visible: 403);
    // a teacher of the mentee school sees but may not edit.
    app.put(
        &format!("/enrolments/{}/phases/initiative", w.enrol_mentor),
        &w.mentee_leader,
        json!({"status": "done"}),
    )
    .await
    .problem(403, "forbidden");
    app.put(
        &format!("/enrolments/{}/phases/initiative", w.enrol_mentee),
        &w.mentee_teacher,
        json!({"status": "done"}),
    )
    .await
    .problem(403, "forbidden");
    // The coordinator edits any school's phases.
    let r = app
        .put(
            &format!("/enrolments/{}/phases/initiative", w.enrol_mentor),
            &w.coord,
            json!({"status": "done", "started_on": "2026-09-01", "finished_on": "2026-09-05"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.put(
        &format!("/enrolments/{}/phases/initiative", w.enrol_mentor),
        &w.coord,
        json!({"status": "done", "started_on": "2026-09-05", "finished_on": "2026-09-01"}),
    )
    .await
    .problem(422, "validation_failed");
}

async fn the_lifecycle_allows_only_valid_moves_and_keeps_who_when_and_why(app: &TestApp) {
    let w = world(app).await;
    let rel = school_to_school(app, &w).await;
    let go = |token: String, to: &'static str, why: &'static str| {
        let rel = rel.clone();
        async move {
            app.post(
                &format!("/relationships/{rel}/transitions"),
                &token,
                json!({"to": to, "reason": why}),
            )
            .await
        }
    };
    go(w.mentor.clone(), "completed", "")
        .await
        .problem(409, "transition_not_allowed");
    go(w.mentor.clone(), "flying", "")
        .await
        .problem(422, "validation_failed");
    // Mentee staff see but do not steer.
    go(w.mentee_leader.clone(), "active", "")
        .await
        .problem(403, "forbidden");
    let r = go(w.mentor.clone(), "active", "Agreement signed").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["next"], json!(["paused", "completed", "cancelled"]));
    go(w.coord.clone(), "paused", "Exam weeks").await;
    go(w.mentor.clone(), "active", "Back after exams").await;
    let r = go(w.mentor.clone(), "completed", "Goals reached").await;
    assert_eq!(r.body["status"], "completed");
    go(w.mentor.clone(), "active", "")
        .await
        .problem(409, "transition_not_allowed");
    go(w.mentor.clone(), "cancelled", "")
        .await
        .problem(409, "transition_not_allowed");
    let h = r.body["history"].as_array().unwrap();
    let moves: Vec<(Value, Value)> = h
        .iter()
        .map(|e| (e["from"].clone(), e["to"].clone()))
        .collect();
    assert_eq!(
        moves,
        vec![
            (Value::Null, json!("proposed")),
            (json!("proposed"), json!("active")),
            (json!("active"), json!("paused")),
            (json!("paused"), json!("active")),
            (json!("active"), json!("completed")),
        ]
    );
    assert_eq!(h[2]["reason"], "Exam weeks");
    assert_eq!(h[2]["by_name"], "Test Person");
    assert!(h[4]["at"].as_str().is_some());
    // No new activities once completed.
    app.post(
        "/activities",
        &w.mentor,
        activity(&rel, &today().to_string(), 60, "final", &[]),
    )
    .await
    .problem(409, "relationship_ended");
    // Structures: a peer group needs three peers; unknown people are refused.
    let r = app
        .post(
            "/relationships",
            &w.coord,
            json!({"hub_id": w.hub, "kind": "peer_group", "title": "Peers",
                   "participants": [{"person_id": w.mentee_teacher_id, "role": "peer"},
                                    {"person_id": w.mentor_teacher_id, "role": "peer"}]}),
        )
        .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "participants");
    let r = app
        .post(
            "/relationships",
            &w.coord,
            json!({"hub_id": w.hub, "kind": "teacher_to_teacher", "title": "T",
                   "participants": [{"email": "nobody@mt.example", "role": "mentor"}]}),
        )
        .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "participants.0");
}

async fn activities_are_checked_and_only_their_author_or_the_coordinator_changes_them(
    app: &TestApp,
) {
    let w = world(app).await;
    let rel = school_to_school(app, &w).await;
    let t = today();
    let tomorrow = (t + chrono::Duration::days(1)).to_string();
    let post =
        |token: String, body: Value| async move { app.post("/activities", &token, body).await };
    for minutes in [0, 1441] {
        let r = post(
            w.mentor.clone(),
            activity(&rel, &t.to_string(), minutes, "final", &[]),
        )
        .await;
        r.problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["field"], "duration_minutes");
    }
    let r = post(
        w.mentor.clone(),
        activity(&rel, &tomorrow, 90, "final", &[]),
    )
    .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "date");
    // A planned one may be in the future.
    let r = post(
        w.mentor.clone(),
        activity(&rel, &tomorrow, 90, "planned", &[&w.mentor_id]),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Attendees come from the participants (the mentee school's teacher does, through the
    // school; the coordinator does not).
    let coord_id = me(app, &w.coord).await;
    let r = post(
        w.mentor.clone(),
        activity(
            &rel,
            &t.to_string(),
            90,
            "final",
            &[&w.mentee_teacher_id, &coord_id],
        ),
    )
    .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "attendees");
    let r = post(
        w.mentor.clone(),
        activity(
            &rel,
            &t.to_string(),
            90,
            "final",
            &[&w.mentor_id, &w.mentee_teacher_id, &w.mentor_teacher_id],
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let act = id(&r.body);
    let roles: Vec<(String, String)> = r.body["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            (
                a["person_id"].as_str().unwrap().to_string(),
                a["role"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(roles.contains(&(w.mentee_teacher_id.clone(), "mentee".into())));
    assert!(roles.contains(&(w.mentor_teacher_id.clone(), "mentor".into())));
    // Mentee staff see activities but do not log them; a teacher of the mentor school
    // does not act for it (its leaders do).
    post(
        w.mentee_teacher.clone(),
        activity(&rel, &t.to_string(), 30, "draft", &[]),
    )
    .await
    .problem(403, "forbidden");
    let tl = app
        .get(
            &format!("/relationships/{rel}/activities"),
            &w.mentee_teacher,
        )
        .await;
    assert_eq!(tl.body["items"].as_array().unwrap().len(), 2, "{}", tl.body);
    // Editing a final activity: others who see it get 403; those who do not, 404.
    let changed = activity(&rel, &t.to_string(), 120, "final", &[&w.mentor_id]);
    app.put(
        &format!("/activities/{act}"),
        &w.mentee_leader,
        changed.clone(),
    )
    .await
    .problem(403, "forbidden");
    let outsider = app
        .person("outsider@mt.example", "mentor", Some(&w.hub), None)
        .await;
    app.put(&format!("/activities/{act}"), &outsider, changed.clone())
        .await
        .problem(404, "not_found");
    app.get(&format!("/activities/{act}"), &outsider)
        .await
        .problem(404, "not_found");
    let r = app
        .put(&format!("/activities/{act}"), &w.coord, changed.clone())
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["duration_minutes"], 120);
    let r = app
        .put(&format!("/activities/{act}"), &w.mentor, changed)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Unknown kind of activity; logged on both or neither.
    let mut body = activity(&rel, &t.to_string(), 30, "draft", &[]);
    body["kind"] = json!("karaoke");
    post(w.mentor.clone(), body)
        .await
        .problem(422, "validation_failed");
    let mut body = activity(&rel, &t.to_string(), 30, "draft", &[]);
    body["programme_id"] = json!(w.programme);
    post(w.mentor.clone(), body)
        .await
        .problem(422, "validation_failed");
    // Deleting: the author may.
    let r = app.delete(&format!("/activities/{act}"), &w.mentor).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // Every change is in the audit log.
    let audit = app.get(&format!("/audit?hub_id={}", w.hub), &w.coord).await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "activity.logged",
        "activity.updated",
        "activity.deleted",
        "relationship.created",
        "programme.created",
        "programme.school_enrolled",
    ] {
        assert!(actions.contains(&a), "{a} missing from {actions:?}");
    }
}

async fn the_board_counts_final_activities_once_against_the_target_range(app: &TestApp) {
    let w = world(app).await;
    let rel = school_to_school(app, &w).await;
    app.post(
        &format!("/relationships/{rel}/transitions"),
        &w.coord,
        json!({"to": "active"}),
    )
    .await;
    // A second mentor (person) joins, so one activity has two mentors.
    let second = app
        .person("mentor2@mt.example", "mentor", Some(&w.hub), None)
        .await;
    let second_id = me(app, &second).await;
    let r = app
        .post(
            &format!("/relationships/{rel}/participants"),
            &w.coord,
            json!({"person_id": second_id, "role": "mentor"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let d = (today() - chrono::Duration::days(3)).to_string();
    let log = |token: String, minutes: i64, state: &'static str, who: Vec<String>| {
        let rel = rel.clone();
        let d = d.clone();
        async move {
            let who: Vec<&str> = who.iter().map(String::as_str).collect();
            let r = app
                .post(
                    "/activities",
                    &token,
                    activity(&rel, &d, minutes, state, &who),
                )
                .await;
            assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        }
    };
    log(
        w.mentor.clone(),
        90,
        "final",
        vec![w.mentor_id.clone(), second_id.clone()],
    )
    .await;
    log(second.clone(), 30, "final", vec![second_id.clone()]).await;
    log(w.mentor.clone(), 600, "draft", vec![w.mentor_id.clone()]).await;
    log(w.mentor.clone(), 600, "planned", vec![w.mentor_id.clone()]).await;
    // A programme-wide workshop counts for the programme only.
    let r = app
        .post(
            "/activities",
            &w.coord,
            json!({"programme_id": w.programme, "date": d, "duration_minutes": 45, "mode": "online",
                   "kind": "webinar", "state": "final", "attendees": [w.mentor_id]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // It is listed with the programme's own activities (not the relationship's); the
    // coordinator logs them and picks attendees from the hub and the enrolled schools.
    let own = app
        .get(&format!("/programmes/{}/activities", w.programme), &w.coord)
        .await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert_eq!(
        own.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        own.body
    );
    assert_eq!(own.body["items"][0]["kind"], "webinar");
    assert_eq!(own.body["can_log"], true);
    let attendable: Vec<&str> = own.body["attendable"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["person_id"].as_str().unwrap())
        .collect();
    assert!(attendable.contains(&w.mentor_id.as_str()));
    assert!(attendable.contains(&w.mentee_teacher_id.as_str()));
    let seen = app
        .get(
            &format!("/programmes/{}/activities", w.programme),
            &w.mentee_teacher,
        )
        .await;
    assert_eq!(seen.status, StatusCode::OK, "{}", seen.body);
    assert_eq!(seen.body["can_log"], false);
    assert_eq!(seen.body["attendable"], json!([]));
    let b = app
        .get(&format!("/programmes/{}/board", w.programme), &w.coord)
        .await;
    assert_eq!(b.status, StatusCode::OK, "{}", b.body);
    assert_eq!(b.body["total"]["minutes"], 165, "{}", b.body);
    let school = |sid: &str| {
        b.body["schools"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["school_id"] == sid)
            .cloned()
            .unwrap()
    };
    let mentee = school(&w.mentee_school);
    assert_eq!(mentee["mentoring"]["minutes"], 120);
    assert_eq!(mentee["mentoring"]["hours"], 2.0);
    assert_eq!(mentee["mentoring"]["against_target"], "below");
    assert_eq!(mentee["phases"].as_array().unwrap().len(), 7);
    // The mentor school is not a mentee: no target applies.
    assert_eq!(school(&w.mentor_school)["mentoring"]["minutes"], 0);
    assert!(school(&w.mentor_school)["mentoring"]["against_target"].is_null());
    assert_eq!(b.body["relationships"][0]["hours"]["minutes"], 120);
    let mentors: std::collections::BTreeMap<String, i64> = b.body["mentors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["person_id"].as_str().unwrap().to_string(),
                m["hours"]["minutes"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(mentors[&w.mentor_id], 90 + 45);
    assert_eq!(mentors[&second_id], 120);
    // The relationship page agrees.
    let r = app
        .get(&format!("/relationships/{rel}"), &w.mentee_leader)
        .await;
    assert_eq!(r.body["hours"]["minutes"], 120);
    assert_eq!(r.body["rights"]["manage"], false);
    assert_eq!(r.body["rights"]["roles"], json!(["mentee"]));
    // The board keeps its sums until the programme's activities change, and the lists of
    // relationships until the relationship's do: an activity logged, changed and deleted
    // shows at once (on PostgreSQL the requests alternate between two servers, so a write
    // through one is seen by the other's board and lists).
    let listed = || async {
        let l = app.get("/relationships", &w.mentor).await;
        assert_eq!(l.status, StatusCode::OK, "{}", l.body);
        l.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == rel.as_str())
            .map(|x| x["hours"]["minutes"].as_i64().unwrap())
    };
    let board = || async {
        assert_eq!(
            listed().await,
            Some(
                app.get(&format!("/relationships/{rel}"), &w.mentor)
                    .await
                    .body["hours"]["minutes"]
                    .as_i64()
                    .unwrap()
            )
        );
        let b = app
            .get(&format!("/programmes/{}/board", w.programme), &w.coord)
            .await;
        assert_eq!(b.status, StatusCode::OK, "{}", b.body);
        let mine = b.body["mentors"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["person_id"] == w.mentor_id.as_str())
            .map(|m| m["hours"]["minutes"].as_i64().unwrap());
        (b.body["total"]["minutes"].as_i64().unwrap(), mine)
    };
    assert_eq!(board().await, (165, Some(135)));
    assert_eq!(board().await, (165, Some(135)));
    assert_eq!(listed().await, Some(120));
    let r = app
        .post(
            "/activities",
            &w.mentor,
            activity(&rel, &d, 60, "final", &[w.mentor_id.as_str()]),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let extra = id(&r.body);
    assert_eq!(board().await, (225, Some(195)));
    assert_eq!(listed().await, Some(180));
    let r = app
        .put(
            &format!("/activities/{extra}"),
            &w.mentor,
            activity(&rel, &d, 30, "final", &[w.mentor_id.as_str()]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(board().await, (195, Some(165)));
    let r = app
        .put(
            &format!("/activities/{extra}"),
            &w.mentor,
            activity(&rel, &d, 30, "final", &[second_id.as_str()]),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(board().await, (195, Some(135)));
    let r = app.delete(&format!("/activities/{extra}"), &w.mentor).await;
    assert!(r.status.is_success(), "{} {}", r.status, r.body);
    assert_eq!(board().await, (165, Some(135)));
}

async fn a_teacher_who_mentors_a_colleague_needs_no_hub_grant(app: &TestApp) {
    let w = world(app).await;
    // The mentor school's teacher mentors the mentee school's teacher; the relationship
    // is set up by the hub's mentor.
    let r = app
        .post(
            "/relationships",
            &w.mentor,
            json!({"hub_id": w.hub, "kind": "teacher_to_teacher", "title": "Co-teaching maths",
                   "participants": [{"email": "mteacher@mt.example", "role": "mentor"},
                                    {"email": "teacher@mt.example", "role": "mentee"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rel = id(&r.body);
    let r = app
        .get(&format!("/relationships/{rel}"), &w.mentor_teacher)
        .await;
    assert_eq!(r.body["rights"]["manage"], true, "{}", r.body);
    let r = app
        .post(
            &format!("/relationships/{rel}/transitions"),
            &w.mentor_teacher,
            json!({"to": "active"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post(
            "/activities",
            &w.mentor_teacher,
            activity(
                &rel,
                &today().to_string(),
                45,
                "final",
                &[&w.mentor_teacher_id, &w.mentee_teacher_id],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // The mentee sees it in "my mentoring"; the mentee's leader does not (a teacher's
    // relationship, not the school's), and neither does the hub's other mentor.
    let mine = app.get("/relationships?mine=true", &w.mentee_teacher).await;
    assert_eq!(
        mine.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        mine.body
    );
    assert_eq!(mine.body["items"][0]["my_roles"], json!(["mentee"]));
    // A relationship outside any programme keeps its listed hours by its own stamp: a
    // second activity shows at once.
    assert_eq!(mine.body["items"][0]["hours"]["minutes"], 45);
    let r = app
        .post(
            "/activities",
            &w.mentor_teacher,
            activity(
                &rel,
                &today().to_string(),
                15,
                "final",
                &[&w.mentor_teacher_id],
            ),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let mine = app.get("/relationships?mine=true", &w.mentee_teacher).await;
    assert_eq!(
        mine.body["items"][0]["hours"]["minutes"], 60,
        "{}",
        mine.body
    );
    app.get(&format!("/relationships/{rel}"), &w.mentee_leader)
        .await
        .problem(404, "not_found");
    let other = app
        .person("other.mentor@mt.example", "mentor", Some(&w.hub), None)
        .await;
    app.get(&format!("/relationships/{rel}"), &other)
        .await
        .problem(404, "not_found");
    // The coordinator sees every relationship of the hub; teachers may not set one up.
    let all = app.get("/relationships", &w.coord).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 1);
    app.post(
        "/relationships",
        &w.mentor_teacher,
        json!({"hub_id": w.hub, "kind": "teacher_to_teacher", "title": "Mine",
               "participants": [{"email": "mteacher@mt.example", "role": "mentor"},
                                {"email": "teacher@mt.example", "role": "mentee"}]}),
    )
    .await
    .problem(403, "forbidden");
}

async fn other_hubs_see_nothing_until_a_school_of_theirs_joins_with_approval(app: &TestApp) {
    let w = world(app).await;
    let other_hub = app.create_hub(&w.admin, "Adjara Hub").await;
    let batumi = app
        .create_school(&w.admin, &other_hub, "Batumi Public School N1")
        .await;
    let other_coord = app
        .person(
            "coord@adjara.example",
            "hub_coordinator",
            Some(&other_hub),
            None,
        )
        .await;
    let batumi_teacher = app
        .person(
            "teacher@adjara.example",
            "teacher",
            Some(&other_hub),
            Some(&batumi),
        )
        .await;
    let rel = school_to_school(app, &w).await;
    for path in [
        format!("/programmes/{}", w.programme),
        format!("/programmes/{}/board", w.programme),
        format!("/enrolments/{}", w.enrol_mentee),
        format!("/relationships/{rel}"),
        format!("/relationships/{rel}/activities"),
    ] {
        app.get(&path, &other_coord).await.problem(404, "not_found");
    }
    assert_eq!(app.get("/programmes", &other_coord).await.body, json!([]));
    // The coordinator finds Batumi among the schools to enrol, marked as needing
    // approval; the schools already enrolled are not offered. Others may not list them.
    let options = app
        .get(
            &format!("/programmes/{}/school-options", w.programme),
            &w.coord,
        )
        .await;
    assert_eq!(options.status, StatusCode::OK, "{}", options.body);
    let options = options.body.as_array().unwrap().clone();
    let batumi_option = options.iter().find(|o| o["id"] == batumi).unwrap();
    assert_eq!(batumi_option["needs_approval"], true);
    assert_eq!(batumi_option["hub_name"], "Adjara Hub");
    assert!(
        options
            .iter()
            .all(|o| o["id"] != w.mentee_school && o["id"] != w.mentor_school)
    );
    app.get(
        &format!("/programmes/{}/school-options", w.programme),
        &w.mentee_leader,
    )
    .await
    .problem(403, "forbidden");
    // The programme takes in Batumi: pending until Adjara's coordinator approves.
    let r = app
        .post(
            &format!("/programmes/{}/schools", w.programme),
            &w.coord,
            json!({"school_id": batumi, "role": "peer_school"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["approval"], "pending");
    let enrol = id(&r.body);
    // Not yet approved: Batumi cannot be a participant.
    let body = json!({"programme_id": w.programme, "kind": "school_to_school", "title": "Cross-hub",
           "participants": [{"school_id": w.mentor_school, "role": "mentor"},
                            {"school_id": batumi, "role": "mentee"}]});
    app.post("/relationships", &w.coord, body.clone())
        .await
        .problem(422, "validation_failed");
    // Only Batumi's hub approves.
    app.post(&format!("/enrolments/{enrol}/approve"), &w.coord, json!({}))
        .await
        .problem(403, "forbidden");
    let r = app
        .post(
            &format!("/enrolments/{enrol}/approve"),
            &other_coord,
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["approval"], "approved");
    let r = app.post("/relationships", &w.coord, body).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Now Adjara's coordinator and Batumi's staff see the programme, not other
    // relationships of it.
    let r = app
        .get(&format!("/programmes/{}", w.programme), &other_coord)
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = app
        .get(
            &format!("/programmes/{}/board", w.programme),
            &batumi_teacher,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.get(&format!("/relationships/{rel}"), &other_coord)
        .await
        .problem(404, "not_found");
}

async fn participants_are_notified_and_read_their_notifications(app: &TestApp) {
    let w = world(app).await;
    let rel = school_to_school(app, &w).await;
    let r = app
        .post(
            &format!("/relationships/{rel}/participants"),
            &w.coord,
            json!({"email": "teacher@mt.example", "role": "mentee"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    app.post(
        &format!("/relationships/{rel}/participants"),
        &w.coord,
        json!({"email": "teacher@mt.example", "role": "mentee"}),
    )
    .await
    .problem(409, "already_taking_part");
    app.post(
        &format!("/relationships/{rel}/transitions"),
        &w.mentor,
        json!({"to": "active"}),
    )
    .await;
    app.post(
        "/activities",
        &w.mentor,
        activity(
            &rel,
            &today().to_string(),
            60,
            "final",
            &[&w.mentor_id, &w.mentee_teacher_id],
        ),
    )
    .await;
    let n = app.get("/notifications", &w.mentee_teacher).await;
    assert_eq!(n.status, StatusCode::OK, "{}", n.body);
    assert_eq!(n.body["unread"], 3, "{}", n.body);
    // Without SMTP they stay in the app; the profile says e-mail is not available.
    let me = app.get("/me", &w.mentee_teacher).await;
    assert_eq!(me.body["email_available"], false, "{}", me.body);
    assert_eq!(me.body["notify_by_email"], true);
    let kinds: Vec<&str> = n.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "activity_logged",
            "relationship_status",
            "relationship_added"
        ]
    );
    assert_eq!(
        n.body["items"][0]["link"],
        format!("/mentoring/relationships/{rel}")
    );
    let first = n.body["items"][0]["id"].clone();
    let r = app
        .post(
            "/notifications/read",
            &w.mentee_teacher,
            json!({"ids": [first]}),
        )
        .await;
    assert_eq!(r.body["unread"], 2);
    let r = app
        .post("/notifications/read", &w.mentee_teacher, json!({}))
        .await;
    assert_eq!(r.body["unread"], 0);
    // The mentor was told they were added (by the coordinator), not about their own
    // activity or their own change of status.
    let n = app.get("/notifications", &w.mentor).await;
    assert_eq!(n.body["unread"], 1, "{}", n.body);
    assert_eq!(n.body["items"][0]["kind"], "relationship_added");
}

async fn courses_count_attendance_toward_completion_and_training_targets(app: &TestApp) {
    let w = world(app).await;
    let r = app
        .post(
            &format!("/programmes/{}/courses", w.programme),
            &w.coord,
            json!({"title": "Basic digital course", "audience": "teachers", "planned_hours": 10}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let course = id(&r.body);
    app.post(
        &format!("/programmes/{}/courses", w.programme),
        &w.mentee_teacher,
        json!({"title": "Mine", "audience": "teachers", "planned_hours": 10}),
    )
    .await
    .problem(403, "forbidden");
    app.post(
        &format!("/programmes/{}/courses", w.programme),
        &w.coord,
        json!({"title": "Bad", "audience": "pupils", "planned_hours": 0}),
    )
    .await
    .problem(422, "validation_failed");
    let t = today();
    let session = |days: i64, minutes: i64| {
        let course = course.clone();
        let token = w.mentor.clone();
        async move {
            let r = app
                .post(
                    &format!("/courses/{course}/sessions"),
                    &token,
                    json!({"date": (t + chrono::Duration::days(days)).to_string(), "duration_minutes": minutes}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.body
        }
    };
    session(-14, 300).await;
    session(-7, 240).await;
    let c = session(7, 240).await;
    let sessions: Vec<String> = c["sessions_list"]
        .as_array()
        .unwrap()
        .iter()
        .map(id)
        .collect();
    let leader_id = me(app, &w.mentee_leader).await;
    for (who, want) in [
        (json!({"person_id": w.mentee_teacher_id}), 200),
        (json!({"email": "leader@mt.example"}), 200),
        (json!({"person_id": w.mentee_teacher_id}), 409),
        (json!({"person_id": w.mentor_id}), 422),
    ] {
        let r = app
            .post(&format!("/courses/{course}/participants"), &w.coord, who)
            .await;
        assert_eq!(r.status.as_u16(), want, "{}", r.body);
    }
    let attend = |session: &str, present: Vec<&str>| {
        let path = format!("/courses/{course}/attendance");
        let body = json!({"session_id": session, "present": present});
        let token = w.coord.clone();
        async move { app.put(&path, &token, body).await }
    };
    attend(&sessions[0], vec![&w.mentee_teacher_id, &leader_id]).await;
    let r = attend(&sessions[1], vec![&w.mentee_teacher_id]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    attend(&sessions[2], vec![&w.mentee_teacher_id])
        .await
        .problem(422, "validation_failed");
    attend(&sessions[1], vec![&w.mentor_id])
        .await
        .problem(422, "validation_failed");
    // 540 of 600 planned minutes ≥ 80 %: completed; 300: not.
    let rows = r.body["participant_rows"].as_array().unwrap();
    let row = |pid: &str| rows.iter().find(|x| x["person_id"] == pid).unwrap();
    assert_eq!(row(&w.mentee_teacher_id)["hours"]["minutes"], 540);
    assert_eq!(row(&w.mentee_teacher_id)["completed"], true);
    assert_eq!(row(&leader_id)["completed"], false);
    assert_eq!(r.body["completed"], 1);
    assert_eq!(r.body["scheduled"]["minutes"], 780);
    // Who sees which rows.
    let rows_for = |token: String| {
        let course = course.clone();
        async move {
            app.get(&format!("/courses/{course}"), &token).await.body["participant_rows"]
                .as_array()
                .map(|a| a.len())
                .unwrap_or(99)
        }
    };
    assert_eq!(rows_for(w.mentee_teacher.clone()).await, 1);
    assert_eq!(rows_for(w.mentee_leader.clone()).await, 2);
    assert_eq!(rows_for(w.mentor_teacher.clone()).await, 0);
    assert_eq!(rows_for(w.mentor.clone()).await, 2);
    app.put(
        &format!("/courses/{course}/attendance"),
        &w.mentee_leader,
        json!({"session_id": sessions[0], "present": []}),
    )
    .await
    .problem(403, "forbidden");
    // The board counts course hours against the programme's training target (32 h).
    let b = app
        .get(&format!("/programmes/{}/board", w.programme), &w.coord)
        .await;
    assert_eq!(b.body["courses"][0]["completed"], 1, "{}", b.body);
    let teachers = &b.body["training"][0];
    assert_eq!(teachers["audience"], "teachers");
    assert_eq!(teachers["target_hours"], 32);
    assert_eq!(teachers["participants"], 2);
    assert_eq!(teachers["reached"], 0);
    assert_eq!(teachers["attended"]["minutes"], 840);
    // Removing a participant removes their attendance.
    let r = app
        .delete(
            &format!("/courses/{course}/participants/{leader_id}"),
            &w.coord,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = app
        .get(&format!("/programmes/{}/board", w.programme), &w.coord)
        .await;
    assert_eq!(b.body["training"][0]["attended"]["minutes"], 540);
}

async fn a_plan_starts_from_focus_items_and_mentors_comment_and_propose(app: &TestApp) {
    let w = world(app).await;
    // The mentor of the school-to-school relationship mentors the mentee school.
    school_to_school(app, &w).await;
    let leader_id: uuid::Uuid = me(app, &w.mentee_leader).await.parse().unwrap();
    let school: uuid::Uuid = w.mentee_school.parse().unwrap();
    ihub::campaigns::seed::seed_demo(&app.state.db, school, leader_id)
        .await
        .unwrap();
    let campaigns = app
        .get(
            &format!("/schools/{}/campaigns", w.mentee_school),
            &w.mentee_leader,
        )
        .await;
    let campaign = id(&campaigns.body.as_array().unwrap()[0]);
    let report = app
        .get(&format!("/campaigns/{campaign}/report"), &w.mentee_leader)
        .await;
    let focus = report.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["area"] == "infrastructure")
        .unwrap()
        .clone();
    let item = focus["key"].as_str().unwrap().to_string();
    let statement_mean = focus["overall"].as_f64().unwrap();
    let r = app
        .patch(
            &format!("/campaigns/{campaign}"),
            &w.mentee_leader,
            json!({"focus_items": [item]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Only the school's leaders start plans.
    let body = json!({"title": "Digital development plan 2026/27", "campaign_id": campaign});
    app.post(
        &format!("/schools/{}/plans", w.mentee_school),
        &w.mentee_teacher,
        body.clone(),
    )
    .await
    .problem(403, "forbidden");
    let r = app
        .post(
            &format!("/schools/{}/plans", w.mentee_school),
            &w.mentee_leader,
            body,
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let plan = id(&r.body);
    let goal = &r.body["goals"][0];
    assert_eq!(goal["area"], "school-readiness:infrastructure");
    assert_eq!(goal["source_item"], item);
    let current = goal["current_value"].as_f64().unwrap();
    // Measured on the statement it came from, not on its whole area.
    assert_eq!(current, statement_mean, "{goal}");
    assert_eq!(
        goal["target_value"].as_f64().unwrap(),
        (current + 0.5).min(5.0)
    );
    // Measured in the latest campaign: the same one, so no progress yet.
    assert_eq!(goal["measured_value"].as_f64().unwrap(), current);
    assert_eq!(goal["progress_percent"], 0.0);
    assert_eq!(r.body["measured_from"]["campaign_id"], campaign);
    assert_eq!(r.body["rights"]["edit"], true);
    let goal_id = goal["id"].as_str().unwrap().to_string();
    // Staff read; they neither comment nor propose.
    let t = app.get(&format!("/plans/{plan}"), &w.mentee_teacher).await;
    assert_eq!(t.status, StatusCode::OK);
    assert_eq!(
        t.body["rights"],
        json!({"edit": false, "comment": false, "propose": false})
    );
    app.post(
        &format!("/plans/{plan}/comments"),
        &w.mentee_teacher,
        json!({"text": "Hello"}),
    )
    .await
    .problem(403, "forbidden");
    // The school's mentor proposes an action and comments; the leader is told.
    let m = app.get(&format!("/plans/{plan}"), &w.mentor).await;
    assert_eq!(
        m.body["rights"],
        json!({"edit": false, "comment": true, "propose": true})
    );
    let r = app
        .post(
            &format!("/plans/{plan}/goals/{goal_id}/actions"),
            &w.mentor,
            json!({"title": "Survey which classrooms lack reliable Wi-Fi", "status": "done"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let action = &r.body["goals"][0]["actions"][0];
    assert_eq!(action["status"], "proposed");
    assert_eq!(action["proposed_by_name"], "Test Person");
    let action_id = action["id"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("/plans/{plan}/comments"),
            &w.mentor,
            json!({"text": "Start with the rooms the maths teachers use.", "goal_id": goal_id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let n = app.get("/notifications", &w.mentee_leader).await;
    // Two about the plan, one from when their school was added to the relationship.
    assert_eq!(n.body["unread"], 3, "{}", n.body);
    assert_eq!(n.body["items"][0]["kind"], "plan_comment");
    assert_eq!(n.body["items"][0]["link"], format!("/plans/{plan}"));
    // Only the leaders change actions; they take up the proposal.
    app.patch(
        &format!("/plans/{plan}/actions/{action_id}"),
        &w.mentor,
        json!({"status": "planned"}),
    )
    .await
    .problem(403, "forbidden");
    let r = app
        .patch(
            &format!("/plans/{plan}/actions/{action_id}"),
            &w.mentee_leader,
            json!({"status": "done", "owner_name": "ICT coordinator", "due_on": "2027-01-31",
                   "evidence": ["https://example.org/wifi-survey"]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["goals"][0]["actions_done"], 1);
    // The goal's target, indicator and owner change; the owner is one of the school's
    // people (free text only as a fallback).
    let goal_path = format!("/plans/{plan}/goals/{goal_id}");
    let r = app
        .patch(
            &goal_path,
            &w.mentee_leader,
            json!({"target_value": 4.5, "indicator": "Every classroom passes the Wi-Fi test",
                   "owner_id": w.mentee_teacher_id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let g = &r.body["goals"][0];
    assert_eq!(g["target_value"], 4.5);
    assert_eq!(g["indicator"], "Every classroom passes the Wi-Fi test");
    assert_eq!(g["owner_id"], w.mentee_teacher_id.as_str());
    assert_eq!(g["owner_name"], "Test Person");
    let r = app
        .patch(
            &goal_path,
            &w.mentee_leader,
            json!({"owner_id": w.mentor_id}),
        )
        .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "owner_id");
    let r = app
        .patch(&goal_path, &w.mentee_leader, json!({"target_value": 7.0}))
        .await;
    r.problem(422, "validation_failed");
    app.patch(&goal_path, &w.mentor, json!({"target_value": 4.0}))
        .await
        .problem(403, "forbidden");
    let r = app
        .patch(
            &goal_path,
            &w.mentee_leader,
            json!({"owner_name": "Parents' council"}),
        )
        .await;
    assert_eq!(r.body["goals"][0]["owner_name"], "Parents' council");
    assert!(r.body["goals"][0].get("owner_id").is_none(), "{}", r.body);
    let r = app
        .patch(
            &format!("/plans/{plan}/actions/{action_id}"),
            &w.mentee_leader,
            json!({"owner_id": w.mentee_teacher_id}),
        )
        .await;
    assert_eq!(
        r.body["goals"][0]["actions"][0]["owner_name"], "Test Person",
        "{}",
        r.body
    );
    // A goal on a competence area, on its own scale (0–5); bad areas and values are 422.
    for (area, target, want) in [
        ("digcompedu-teacher:teaching", 3.0, 200),
        ("digcompedu-teacher:teaching", 7.0, 422),
        ("school-readiness:infrastructure", 0.5, 422),
        ("made-up:area", 3.0, 422),
    ] {
        let r = app
            .post(
                &format!("/plans/{plan}/goals"),
                &w.mentee_leader,
                json!({"title": "Teachers design lessons with digital tools", "area": area,
                       "current_value": 2.0, "target_value": target,
                       "indicator": "Half of the staff at B1 or above"}),
            )
            .await;
        assert_eq!(r.status.as_u16(), want, "{area} {target}: {}", r.body);
    }
    // Outsiders see nothing: another hub's coordinator, a mentor of the hub who does not
    // mentor this school.
    let other_hub = app.create_hub(&w.admin, "Other Hub").await;
    let other = app
        .person(
            "coord@other.example",
            "hub_coordinator",
            Some(&other_hub),
            None,
        )
        .await;
    app.get(&format!("/plans/{plan}"), &other)
        .await
        .problem(404, "not_found");
    let bystander = app
        .person("bystander@mt.example", "mentor", Some(&w.hub), None)
        .await;
    app.get(&format!("/plans/{plan}"), &bystander)
        .await
        .problem(404, "not_found");
    app.get(&format!("/schools/{}/plans", w.mentee_school), &bystander)
        .await
        .problem(404, "not_found");
    let list = app
        .get(&format!("/schools/{}/plans", w.mentee_school), &w.coord)
        .await;
    assert_eq!(list.body[0]["goals"], 2, "{}", list.body);
    assert_eq!(list.body[0]["actions_done"], 1);
}

async fn the_calendar_feed_parses_and_a_revoked_url_answers_404(app: &TestApp) {
    let w = world(app).await;
    let rel = school_to_school(app, &w).await;
    let soon = (today() + chrono::Duration::days(5)).to_string();
    // A meeting at an hour and a place: the calendar shows it then and there.
    let mut planned = activity(&rel, &soon, 90, "planned", &[]);
    planned["start_time"] = json!("14:30");
    planned["place"] = json!("Audru, room 12");
    let mut bad = planned.clone();
    bad["start_time"] = json!("25:61");
    app.post("/activities", &w.mentor, bad)
        .await
        .problem(422, "validation_failed");
    let r = app.post("/activities", &w.mentor, planned).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["start_time"], "14:30");
    assert_eq!(r.body["place"], "Audru, room 12");
    // It is coming up for those who take part: the mentor, and the leader of a
    // participating school; not for an outsider.
    for token in [&w.mentor, &w.mentee_leader] {
        let up = app.get("/me/upcoming-activities", token).await;
        assert_eq!(up.body.as_array().unwrap().len(), 1, "{}", up.body);
        assert_eq!(up.body[0]["place"], "Audru, room 12");
    }
    let up = app.get("/me/upcoming-activities", &w.coord).await;
    assert_eq!(up.body, json!([]));
    let c = app
        .post(
            &format!("/programmes/{}/courses", w.programme),
            &w.coord,
            json!({"title": "Leading digital change", "audience": "leaders", "planned_hours": 39}),
        )
        .await;
    let course = id(&c.body);
    app.post(
        &format!("/courses/{course}/sessions"),
        &w.coord,
        json!({"date": soon, "duration_minutes": 240, "title": "Vision and strategy"}),
    )
    .await;
    app.post(
        &format!("/courses/{course}/participants"),
        &w.coord,
        json!({"email": "leader@mt.example"}),
    )
    .await;
    // The mentee school's leader (the school takes part) makes a feed.
    let g = app.get("/me/calendar-feed", &w.mentee_leader).await;
    assert_eq!(g.body["active"], false);
    let f = app
        .post("/me/calendar-feed", &w.mentee_leader, json!({}))
        .await;
    assert_eq!(f.status, StatusCode::CREATED, "{}", f.body);
    let path = f.body["path"].as_str().unwrap().to_string();
    assert!(path.ends_with(".ics"), "{path}");
    let fetch = |path: String| async move {
        let r = app
            .client
            .get(format!("{}{path}", app.url))
            .send()
            .await
            .unwrap();
        let status = r.status();
        let ct = r
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_string());
        (status, ct, r.text().await.unwrap())
    };
    let (status, ct, text) = fetch(path.clone()).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    assert!(ct.unwrap().starts_with("text/calendar"));
    // 14:30 in Tallinn, in UTC; 90 minutes long; the place as LOCATION.
    let start = chrono::NaiveDate::parse_from_str(&soon, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(14, 30, 0)
        .unwrap()
        .and_local_timezone(chrono_tz::Europe::Tallinn)
        .unwrap()
        .with_timezone(&chrono::Utc);
    let unfolded = text.replace("\r\n ", "");
    assert!(
        unfolded.contains(&format!("DTSTART:{}", start.format("%Y%m%dT%H%M%SZ"))),
        "{text}"
    );
    assert!(
        unfolded.contains(&format!(
            "DTEND:{}",
            (start + chrono::Duration::minutes(90)).format("%Y%m%dT%H%M%SZ")
        )),
        "{text}"
    );
    assert!(unfolded.contains("LOCATION:Audru\\, room 12"), "{text}");
    let cal: icalendar::Calendar = text.parse().unwrap();
    let summaries: Vec<String> = cal
        .components
        .iter()
        .filter_map(|c| match c {
            icalendar::CalendarComponent::Event(e) => {
                icalendar::Component::get_summary(e).map(str::to_string)
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        summaries,
        vec![
            "Maardu ⇄ Audru (90 min)".to_string(),
            "Leading digital change (240 min)".to_string()
        ],
        "{text}"
    );
    // The secret is not stored: the status shows only that a feed exists.
    let g = app.get("/me/calendar-feed", &w.mentee_leader).await;
    assert_eq!(g.body["active"], true);
    assert!(g.body["path"].is_null());
    // A new secret ends the old one; revoking ends the new one.
    let f2 = app
        .post("/me/calendar-feed", &w.mentee_leader, json!({}))
        .await;
    let path2 = f2.body["path"].as_str().unwrap().to_string();
    assert_eq!(fetch(path.clone()).await.0, StatusCode::NOT_FOUND);
    assert_eq!(fetch(path2.clone()).await.0, StatusCode::OK);
    let r = app.delete("/me/calendar-feed", &w.mentee_leader).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let (status, ct, _) = fetch(path2).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(ct.as_deref(), Some("application/problem+json"));
    assert_eq!(
        fetch("/api/v1/calendar/not-a-secret.ics".into()).await.0,
        StatusCode::NOT_FOUND
    );
}

async fn participants_rate_activities_and_give_feedback_at_completion(app: &TestApp) {
    let w = world(app).await;
    let r = app
        .post(
            "/relationships",
            &w.mentor,
            json!({"hub_id": w.hub, "kind": "teacher_to_teacher", "title": "Quizzes in maths",
                   "participants": [{"email": "mteacher@mt.example", "role": "mentor"},
                                    {"email": "teacher@mt.example", "role": "mentee"}]}),
        )
        .await;
    let rel = id(&r.body);
    let go = |to: &'static str| {
        let rel = rel.clone();
        let token = w.mentor_teacher.clone();
        async move {
            app.post(
                &format!("/relationships/{rel}/transitions"),
                &token,
                json!({"to": to}),
            )
            .await
        }
    };
    go("active").await;
    let a = app
        .post(
            "/activities",
            &w.mentor_teacher,
            activity(
                &rel,
                &today().to_string(),
                45,
                "final",
                &[&w.mentor_teacher_id, &w.mentee_teacher_id],
            ),
        )
        .await;
    let act = id(&a.body);
    let planned = id(&app
        .post(
            "/activities",
            &w.mentor_teacher,
            activity(
                &rel,
                &(today() + chrono::Duration::days(3)).to_string(),
                45,
                "planned",
                &[],
            ),
        )
        .await
        .body);
    // The mentee rates it, twice (the second replaces the first); bad values are 422.
    let rate = |token: String, activity: String, v: i64| async move {
        app.put(
            &format!("/activities/{activity}/rating"),
            &token,
            json!({"rating": v, "comment": "Useful: I will try it next week."}),
        )
        .await
    };
    rate(w.mentee_teacher.clone(), act.clone(), 6)
        .await
        .problem(422, "validation_failed");
    rate(w.mentee_teacher.clone(), act.clone(), 3).await;
    let r = rate(w.mentee_teacher.clone(), act.clone(), 5).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["ratings"], 1);
    assert_eq!(r.body["my_rating"], 5);
    // Nobody rates their own activity: the mentor teacher logged it.
    rate(w.mentor_teacher.clone(), act.clone(), 4)
        .await
        .problem(403, "forbidden");
    let r = app
        .get(&format!("/activities/{act}"), &w.mentee_teacher)
        .await;
    assert_eq!(r.body["rating_mean"], 5.0, "{}", r.body);
    rate(w.mentee_teacher.clone(), planned, 4)
        .await
        .problem(409, "activity_not_final");
    // The coordinator sees it but did not take part.
    rate(w.coord.clone(), act.clone(), 4)
        .await
        .problem(403, "forbidden");
    rate(w.mentee_leader.clone(), act, 4)
        .await
        .problem(404, "not_found");
    // Feedback only once completed; then everyone is asked for it.
    let fb = |token: String, to: String, v: i64| {
        let rel = rel.clone();
        async move {
            app.put(
                &format!("/relationships/{rel}/feedback"),
                &token,
                json!({"to_person": to, "rating": v, "comment": "Patient and practical."}),
            )
            .await
        }
    };
    fb(w.mentee_teacher.clone(), w.mentor_teacher_id.clone(), 5)
        .await
        .problem(409, "relationship_not_completed");
    go("completed").await;
    let n = app.get("/notifications", &w.mentee_teacher).await;
    assert!(
        n.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "feedback_asked"),
        "{}",
        n.body
    );
    let r = app
        .get(&format!("/relationships/{rel}"), &w.mentee_teacher)
        .await;
    assert_eq!(
        r.body["feedback_to"][0]["person_id"],
        w.mentor_teacher_id.as_str()
    );
    // Not to oneself, not to someone on one's own side.
    fb(w.mentee_teacher.clone(), w.mentee_teacher_id.clone(), 5)
        .await
        .problem(422, "validation_failed");
    let r = fb(w.mentee_teacher.clone(), w.mentor_teacher_id.clone(), 5).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["feedback"][0]["rating"], 5);
    let r = fb(w.mentor_teacher.clone(), w.mentee_teacher_id.clone(), 4).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Each sees what they gave and got; the creator who took no part sees none of it.
    let mine = app
        .get(&format!("/relationships/{rel}"), &w.mentor_teacher)
        .await;
    assert_eq!(mine.body["feedback"].as_array().unwrap().len(), 2);
    let creator = app.get(&format!("/relationships/{rel}"), &w.mentor).await;
    assert_eq!(creator.body["feedback"], json!([]));
    fb(w.mentor.clone(), w.mentee_teacher_id.clone(), 4)
        .await
        .problem(403, "forbidden");
}

async fn needs_mapping_links_a_campaign_and_records_the_hubs_checklist(app: &TestApp) {
    let w = world(app).await;
    // The hub's mentor mentors the mentee school through the relationship.
    school_to_school(app, &w).await;
    let leader_id: uuid::Uuid = me(app, &w.mentee_leader).await.parse().unwrap();
    let school: uuid::Uuid = w.mentee_school.parse().unwrap();
    ihub::campaigns::seed::seed_demo(&app.state.db, school, leader_id)
        .await
        .unwrap();
    let campaign = id(&app
        .get(
            &format!("/schools/{}/campaigns", w.mentee_school),
            &w.mentee_leader,
        )
        .await
        .body
        .as_array()
        .unwrap()[0]);
    // Its report is not shared with the hub to begin with.
    let r = app
        .patch(
            &format!("/campaigns/{campaign}"),
            &w.mentee_leader,
            json!({"shared_with_coordinator": false, "shared_with_mentors": false}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let path = format!("/enrolments/{}/needs", w.enrol_mentee);

    // The leader sees the hub's default checklist and the school's campaigns.
    let r = app.get(&path, &w.mentee_leader).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["cycle"], 1);
    assert_eq!(r.body["can_edit"], true);
    assert_eq!(r.body["checklist"].as_array().unwrap().len(), 12);
    assert_eq!(r.body["findings"], json!([]));
    assert_eq!(r.body["campaigns"][0]["id"], campaign);
    let etag = r.header("etag").unwrap();

    // Staff of the school read it; staff of another school of the programme do not.
    let t = app.get(&path, &w.mentee_teacher).await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    assert_eq!(t.body["can_edit"], false);
    app.get(&path, &w.mentor_teacher)
        .await
        .problem(403, "forbidden");
    let body = json!({"campaign_id": campaign, "findings": [
        {"topic": "infrastructure", "item": "wifi_coverage", "state": "missing",
         "priority": "high", "note": "No signal in the east wing."},
        {"topic": "security", "item": "backups", "state": "partial", "priority": "medium"},
        {"topic": "security", "item": "strong_sign_in", "state": "in_place", "priority": "high"}]});
    app.put(&path, &w.mentee_teacher, body.clone())
        .await
        .problem(403, "forbidden");

    // Bad input: an item not on the checklist, twice the same item, an unknown state, a
    // campaign of another school, a stale If-Match.
    let bad = app
        .put(
            &path,
            &w.mentee_leader,
            json!({"findings": [{"topic": "security", "item": "wifi_coverage",
                                  "state": "missing", "priority": "high"}]}),
        )
        .await;
    bad.problem(422, "validation_failed");
    assert_eq!(bad.body["errors"][0]["field"], "findings.0.item");
    let twice =
        json!({"topic": "security", "item": "backups", "state": "missing", "priority": "low"});
    let bad = app
        .put(&path, &w.mentee_leader, json!({"findings": [twice, twice]}))
        .await;
    bad.problem(422, "validation_failed");
    assert_eq!(bad.body["errors"][0]["field"], "findings.1.item");
    assert_eq!(bad.body["errors"][0]["code"], "duplicate");
    let bad = app
        .put(
            &path,
            &w.mentee_leader,
            json!({"findings": [{"topic": "security", "item": "backups",
                                  "state": "broken", "priority": "low"}]}),
        )
        .await;
    bad.problem(422, "validation_failed");
    assert_eq!(bad.body["errors"][0]["field"], "findings.0.state");
    let other_leader = app
        .person(
            "oleader@mt.example",
            "school_leader",
            Some(&w.hub),
            Some(&w.mentor_school),
        )
        .await;
    let other_id: uuid::Uuid = me(app, &other_leader).await.parse().unwrap();
    ihub::campaigns::seed::seed_demo(&app.state.db, w.mentor_school.parse().unwrap(), other_id)
        .await
        .unwrap();
    let foreign = id(&app
        .get(
            &format!("/schools/{}/campaigns", w.mentor_school),
            &other_leader,
        )
        .await
        .body
        .as_array()
        .unwrap()[0]);
    let bad = app
        .put(
            &path,
            &w.mentee_leader,
            json!({"campaign_id": foreign, "findings": []}),
        )
        .await;
    bad.problem(422, "validation_failed");
    assert_eq!(bad.body["errors"][0]["field"], "campaign_id");
    let stale = app
        .client
        .put(app.api(&path))
        .bearer_auth(&w.mentee_leader)
        .header("if-match", "\"v99\"")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status().as_u16(), 412);

    // The leader records the mapping from the campaign.
    let saved = app
        .client
        .put(app.api(&path))
        .bearer_auth(&w.mentee_leader)
        .header("if-match", etag.clone())
        .json(&body)
        .send()
        .await
        .unwrap();
    let saved = Resp::from(saved).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.body["findings"].as_array().unwrap().len(), 3);
    assert_eq!(
        saved.body["findings"][0]["note"],
        "No signal in the east wing."
    );
    assert_eq!(
        saved.body["summary"],
        json!({"recorded": 3, "in_place": 1, "partial": 1, "missing": 1, "unknown": 0, "open_high": 1})
    );
    assert_eq!(saved.body["campaign"]["id"], campaign);
    assert_eq!(saved.body["campaign"]["results_visible"], true);
    let areas = saved.body["campaign"]["areas"].as_array().unwrap();
    assert!(!areas.is_empty(), "{}", saved.body);
    assert!(
        areas
            .iter()
            .all(|a| (1.0..=5.0).contains(&a["mean"].as_f64().unwrap()))
    );
    assert_ne!(saved.header("etag").unwrap(), etag);
    // The same old ETag is stale now: nothing is overwritten unseen.
    let again = app
        .client
        .put(app.api(&path))
        .bearer_auth(&w.mentee_leader)
        .header("if-match", etag)
        .json(&json!({"findings": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(again.status().as_u16(), 412);

    // The coordinator sees the findings; the campaign's results only once shared.
    let c = app.get(&path, &w.coord).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    assert_eq!(c.body["can_edit"], true);
    assert_eq!(c.body["campaign"]["results_visible"], false);
    assert_eq!(c.body["campaign"]["areas"], json!([]));
    assert_eq!(c.body["campaigns"], json!([]));

    // The hub adds its own checklist item; only coordinators do, and it needs a topic.
    let lists = format!("/hubs/{}/mentoring-lists", w.hub);
    let item =
        json!({"list": "needs_item", "topic": "security", "value": "Phishing drill once a year"});
    app.post(&lists, &w.mentee_leader, item.clone())
        .await
        .problem(403, "forbidden");
    let bad = app
        .post(
            &lists,
            &w.coord,
            json!({"list": "needs_item", "value": "Phishing drill"}),
        )
        .await;
    bad.problem(422, "validation_failed");
    assert_eq!(bad.body["errors"][0]["field"], "topic");
    let v = app.post(&lists, &w.coord, item).await;
    assert_eq!(v.status, StatusCode::OK, "{}", v.body);
    assert!(v.body["needs_items"].as_array().unwrap().contains(
        &json!({"topic": "security", "item": "Phishing drill once a year", "custom": true})
    ));

    // The coordinator adds that item, keeping the campaign the leader linked (which the
    // coordinator cannot see); the hub's mentor, who mentors the school, edits too.
    let mut findings = saved.body["findings"].as_array().unwrap().clone();
    for f in &mut findings {
        f.as_object_mut().unwrap().remove("custom");
    }
    findings.push(
        json!({"topic": "security", "item": "Phishing drill once a year",
                         "state": "unknown", "priority": "low"}),
    );
    let r = app
        .put(
            &path,
            &w.coord,
            json!({"campaign_id": campaign, "findings": findings}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["findings"][3]["custom"], true);
    assert_eq!(r.body["summary"]["unknown"], 1);
    let m = app.get(&path, &w.mentor).await;
    assert_eq!(m.body["can_edit"], true, "{}", m.body);
    // Unlinking, then linking a campaign not shared with the coordinator: refused.
    let r = app
        .put(
            &path,
            &w.coord,
            json!({"campaign_id": null, "findings": findings}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let bad = app
        .put(
            &path,
            &w.coord,
            json!({"campaign_id": campaign, "findings": findings}),
        )
        .await;
    bad.problem(422, "validation_failed");
    assert_eq!(bad.body["errors"][0]["field"], "campaign_id");
    let shared = app
        .patch(
            &format!("/campaigns/{campaign}"),
            &w.mentee_leader,
            json!({"shared_with_coordinator": true}),
        )
        .await;
    assert_eq!(shared.status, StatusCode::OK, "{}", shared.body);
    let r = app
        .put(
            &path,
            &w.coord,
            json!({"campaign_id": campaign, "findings": findings}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["campaign"]["results_visible"], true);

    // The board shows the counts to those who see the findings only.
    let b = app
        .get(&format!("/programmes/{}/board", w.programme), &w.coord)
        .await;
    let row = |b: &Value, school: &str| {
        b["schools"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["school_id"] == school)
            .unwrap()
            .clone()
    };
    assert_eq!(row(&b.body, &w.mentee_school)["needs"]["open_high"], 1);
    assert_eq!(row(&b.body, &w.mentee_school)["needs"]["recorded"], 4);
    let b = app
        .get(
            &format!("/programmes/{}/board", w.programme),
            &w.mentor_teacher,
        )
        .await;
    assert_eq!(b.status, StatusCode::OK, "{}", b.body);
    assert!(row(&b.body, &w.mentee_school).get("needs").is_none());
    assert!(row(&b.body, &w.mentor_school).get("needs").is_some());
    // The hub's mentor, who mentors the school, sees its counts too: not by role (that
    // alone shows no school's findings) but through the relationship.
    let b = app
        .get(&format!("/programmes/{}/board", w.programme), &w.mentor)
        .await;
    assert_eq!(b.status, StatusCode::OK, "{}", b.body);
    assert_eq!(row(&b.body, &w.mentee_school)["needs"]["recorded"], 4);

    // A new cycle starts with an empty list and shows the previous cycle's findings.
    let r = app
        .put(
            &format!("/enrolments/{}/phases/reflection", w.enrol_mentee),
            &w.mentee_leader,
            json!({"status": "done"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let r = app
        .post(
            &format!("/enrolments/{}/cycles", w.enrol_mentee),
            &w.mentee_leader,
            json!({}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let n = app.get(&path, &w.mentee_leader).await;
    assert_eq!(n.body["cycle"], 2);
    assert_eq!(n.body["findings"], json!([]));
    assert_eq!(n.body["previous"].as_array().unwrap().len(), 4);
    assert_eq!(n.body["summary"]["recorded"], 0);

    // The new cycle records the hub's own item too.
    let custom = json!({"findings": [{"topic": "security", "item": "Phishing drill once a year",
                                      "state": "partial", "priority": "medium"}]});
    let r = app.put(&path, &w.mentee_leader, custom.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The hub's own item can be removed again (what was recorded keeps it, and the
    // cycle's mapping can still be saved with it); the defaults stay; only coordinators
    // remove.
    let remove = |q: &str| format!("{lists}?list=needs_item&topic=security&value={q}");
    app.delete(
        &remove("Phishing%20drill%20once%20a%20year"),
        &w.mentee_leader,
    )
    .await
    .problem(403, "forbidden");
    app.delete(&remove("backups"), &w.coord)
        .await
        .problem(409, "default_value_fixed");
    let r = app
        .delete(&remove("Phishing%20drill%20once%20a%20year"), &w.coord)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert!(
        r.body["needs_items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["custom"] == false)
    );
    app.delete(&remove("Phishing%20drill%20once%20a%20year"), &w.coord)
        .await
        .problem(404, "not_found");
    let r = app.put(&path, &w.mentee_leader, custom).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["findings"][0]["item"], "Phishing drill once a year");
    let n = app.get(&path, &w.mentee_leader).await;
    assert!(
        n.body["previous"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["item"] == "Phishing drill once a year"),
        "{}",
        n.body
    );
}

/// Thirty writers holding the same ETag at the same moment: exactly one 200, the others
/// 412 — on PostgreSQL too, where before the row locks 4–16 of them got through and a
/// needs mapping ended up with ten copies of its finding.
async fn if_match_lets_one_of_thirty_simultaneous_writers_through(app: &TestApp) {
    let w = world(app).await;
    let rel = school_to_school(app, &w).await;
    let r = app
        .post(
            &format!("/relationships/{rel}/transitions"),
            &w.mentor,
            json!({"to": "active", "reason": ""}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let day = today().to_string();
    let act = app
        .post(
            "/activities",
            &w.mentor,
            activity(&rel, &day, 60, "final", &[&w.mentor_id]),
        )
        .await;
    assert_eq!(act.status, StatusCode::CREATED, "{}", act.body);
    let course = app
        .post(
            &format!("/programmes/{}/courses", w.programme),
            &w.coord,
            json!({"title": "Basic digital course", "audience": "teachers", "planned_hours": 10}),
        )
        .await;
    assert_eq!(course.status, StatusCode::CREATED, "{}", course.body);
    let plan = app
        .post(
            &format!("/schools/{}/plans", w.mentee_school),
            &w.mentee_leader,
            json!({"title": "Digital development plan"}),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.body);
    let mut act_body = activity(&rel, &day, 90, "final", &[&w.mentor_id]);
    act_body["notes"] = json!("Edited at the same moment");
    let finding = json!({"findings": [{"topic": "infrastructure", "item": "wifi_coverage",
                                       "state": "missing", "priority": "high"}]});
    let cases: Vec<(reqwest::Method, String, String, Value)> = vec![
        (
            reqwest::Method::PATCH,
            format!("/programmes/{}", w.programme),
            w.coord.clone(),
            json!({"name": "Renamed"}),
        ),
        (
            reqwest::Method::PATCH,
            format!("/relationships/{rel}"),
            w.mentor.clone(),
            json!({"title": "Renamed"}),
        ),
        (
            reqwest::Method::PATCH,
            format!("/courses/{}", id(&course.body)),
            w.coord.clone(),
            json!({"title": "Renamed"}),
        ),
        (
            reqwest::Method::PATCH,
            format!("/plans/{}", id(&plan.body)),
            w.mentee_leader.clone(),
            json!({"title": "Renamed"}),
        ),
        (
            reqwest::Method::PUT,
            format!("/activities/{}", id(&act.body)),
            w.mentor.clone(),
            act_body,
        ),
        (
            reqwest::Method::PUT,
            format!("/enrolments/{}/needs", w.enrol_mentee),
            w.mentee_leader.clone(),
            finding,
        ),
    ];
    for (method, path, token, body) in cases {
        let etag = app.get(&path, &token).await.header("etag").unwrap();
        let statuses = app
            .at_once(
                30,
                method,
                &path,
                Some(&token),
                Some(body),
                &[("if-match", &etag)],
            )
            .await;
        let ok = statuses.iter().filter(|s| **s == 200).count();
        let stale = statuses.iter().filter(|s| **s == 412).count();
        assert_eq!((ok, stale), (1, 29), "{path}: {statuses:?}");
    }
    let needs = app
        .get(
            &format!("/enrolments/{}/needs", w.enrol_mentee),
            &w.mentee_leader,
        )
        .await;
    assert_eq!(
        needs.body["findings"].as_array().unwrap().len(),
        1,
        "{}",
        needs.body
    );
}

/// Other check-then-writes of the same shape: a lifecycle move, a new cycle, an
/// enrolment, a rating — each happens once however many arrive together.
async fn simultaneous_transitions_and_phase_edits_do_not_double_up(app: &TestApp) {
    let w = world(app).await;
    let rel = school_to_school(app, &w).await;
    let statuses = app
        .at_once(
            20,
            reqwest::Method::POST,
            &format!("/relationships/{rel}/transitions"),
            Some(&w.mentor),
            Some(json!({"to": "active", "reason": "Agreement signed"})),
            &[],
        )
        .await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 409),
        "{statuses:?}"
    );
    let r = app.get(&format!("/relationships/{rel}"), &w.mentor).await;
    assert_eq!(
        r.body["history"].as_array().unwrap().len(),
        2,
        "{}",
        r.body["history"]
    );
    // A school enrolled by twenty requests at once is enrolled once.
    let admin = &w.admin;
    let third = app
        .create_school(admin, &w.hub, "Jõõpre Primary School")
        .await;
    let statuses = app
        .at_once(
            20,
            reqwest::Method::POST,
            &format!("/programmes/{}/schools", w.programme),
            Some(&w.coord),
            Some(json!({"school_id": third, "role": "mentee_school"})),
            &[],
        )
        .await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    // One rating per participant, however often it is sent at once.
    let act = app
        .post(
            "/activities",
            &w.mentor,
            activity(&rel, &today().to_string(), 60, "final", &[&w.mentor_id]),
        )
        .await;
    assert_eq!(act.status, StatusCode::CREATED, "{}", act.body);
    let statuses = app
        .at_once(
            20,
            reqwest::Method::PUT,
            &format!("/activities/{}/rating", id(&act.body)),
            Some(&w.mentee_leader),
            Some(json!({"rating": 4})),
            &[],
        )
        .await;
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    let a = app
        .get(&format!("/activities/{}", id(&act.body)), &w.mentor)
        .await;
    assert_eq!(a.body["ratings"], 1, "{}", a.body);
}

/// In relationships where a school takes part (most of them), its leaders heard nothing
/// and could not give or receive feedback. The school acts through its leaders.
async fn schools_take_part_through_their_leaders(app: &TestApp) {
    let w = world(app).await;
    let unread = |token: String, kind: &'static str| async move {
        app.get("/notifications", &token).await.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|n| n["kind"] == kind)
            .count()
    };
    let rel = school_to_school(app, &w).await;
    assert_eq!(
        unread(w.mentee_leader.clone(), "relationship_added").await,
        1
    );
    let r = app
        .post(
            &format!("/relationships/{rel}/transitions"),
            &w.mentor,
            json!({"to": "active", "reason": "Agreement signed"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        unread(w.mentee_leader.clone(), "relationship_status").await,
        1
    );
    // The mentor logs; the form's default has them attending. The school's leaders hear.
    let a = app
        .post(
            "/activities",
            &w.mentor,
            activity(&rel, &today().to_string(), 60, "final", &[&w.mentor_id]),
        )
        .await;
    assert_eq!(a.status, StatusCode::CREATED, "{}", a.body);
    assert_eq!(unread(w.mentee_leader.clone(), "activity_logged").await, 1);
    assert_eq!(
        unread(w.mentor.clone(), "activity_logged").await,
        0,
        "not the author"
    );
    // Completion asks the school's leaders for feedback, on the school's behalf.
    let r = app
        .post(
            &format!("/relationships/{rel}/transitions"),
            &w.mentor,
            json!({"to": "completed", "reason": "Done"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(unread(w.mentee_leader.clone(), "feedback_asked").await, 1);
    let seen = app
        .get(&format!("/relationships/{rel}"), &w.mentee_leader)
        .await;
    let targets: Vec<(Value, Value)> = seen.body["feedback_to"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["person_id"].clone(), t["school_id"].clone()))
        .collect();
    assert!(
        targets.contains(&(json!(w.mentor_id), Value::Null)),
        "{targets:?}"
    );
    assert!(
        targets.contains(&(Value::Null, json!(w.mentor_school))),
        "{targets:?}"
    );
    let fb = |token: String, body: Value| {
        let rel = rel.clone();
        async move {
            app.put(&format!("/relationships/{rel}/feedback"), &token, body)
                .await
        }
    };
    let r = fb(
        w.mentee_leader.clone(),
        json!({"to_person": w.mentor_id, "rating": 5, "comment": "Clear and patient."}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["feedback"][0]["from_school_name"],
        "Audru Primary School"
    );
    let r = fb(
        w.mentor.clone(),
        json!({"to_school_id": w.mentee_school, "rating": 4, "comment": "Open to trying things."}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // Another leader of the school reads both: what the school gave and what it got.
    let deputy = app
        .person(
            "deputy@mt.example",
            "school_leader",
            Some(&w.hub),
            Some(&w.mentee_school),
        )
        .await;
    let seen = app.get(&format!("/relationships/{rel}"), &deputy).await;
    let lines: Vec<(Value, Value)> = seen.body["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["to_name"].clone(), f["rating"].clone()))
        .collect();
    assert_eq!(lines.len(), 2, "{}", seen.body);
    assert!(
        lines.contains(&(json!("Audru Primary School"), json!(4))),
        "{lines:?}"
    );
    // A teacher of the school is not its voice; neither side may name nobody or both.
    fb(
        w.mentee_teacher.clone(),
        json!({"to_person": w.mentor_id, "rating": 3}),
    )
    .await
    .problem(403, "forbidden");
    fb(w.mentee_leader.clone(), json!({"rating": 3}))
        .await
        .problem(422, "validation_failed");
    fb(
        w.mentee_leader.clone(),
        json!({"to_school_id": w.mentee_school, "rating": 3}),
    )
    .await
    .problem(422, "validation_failed");
    // Giving again changes the school's one feedback, whoever of its leaders writes it.
    let r = fb(
        deputy.clone(),
        json!({"to_person": w.mentor_id, "rating": 4}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let given: Vec<&Value> = r.body["feedback"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["to_person"] == w.mentor_id.as_str())
        .collect();
    assert_eq!(given.len(), 1, "{}", r.body);
    assert_eq!(given[0]["rating"], 4);

    // A school of another hub enrolled in the programme: that hub's coordinators hear.
    let other_hub = app.create_hub(&w.admin, "Lithuanian Hub").await;
    let other_school = app
        .create_school(&w.admin, &other_hub, "Šiauliai Dubysos School")
        .await;
    let other_coord = app
        .person(
            "coord@lt.example",
            "hub_coordinator",
            Some(&other_hub),
            None,
        )
        .await;
    let r = app
        .post(
            &format!("/programmes/{}/schools", w.programme),
            &w.coord,
            json!({"school_id": other_school, "role": "peer_school"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["approval"], "pending");
    assert_eq!(unread(other_coord.clone(), "enrolment_pending").await, 1);
    assert_eq!(unread(w.coord.clone(), "enrolment_pending").await, 0);
}

/// Every page of a list, following `next_cursor`; the ids in order.
async fn all_ids(app: &TestApp, path: &str, token: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let sep = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{sep}limit=2&cursor={c}"),
            None => format!("{path}{sep}limit=2"),
        };
        let r = app.get(&url, token).await;
        assert_eq!(r.status, StatusCode::OK, "{url}: {}", r.body);
        let items = r.body["items"].as_array().unwrap();
        assert!(items.len() <= 2, "{}", r.body);
        out.extend(items.iter().map(id));
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    out
}

async fn relationships_come_in_pages_newest_first_and_mine_splits_them(app: &TestApp) {
    let w = world(app).await;
    // Five relationships set up by the coordinator without them (the mentor's), and two
    // the coordinator takes part in.
    let mut made = Vec::new();
    for i in 0..5 {
        let r = app
            .post(
                "/relationships",
                &w.coord,
                json!({"hub_id": w.hub, "kind": "expert_to_school", "title": format!("Pair {i}"),
                       "participants": [{"person_id": w.mentor_id, "role": "mentor"},
                                        {"school_id": w.mentee_school, "role": "mentee"}]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        made.push(id(&r.body));
    }
    let coord_id = me(app, &w.coord).await;
    for i in 0..2 {
        let r = app
            .post(
                "/relationships",
                &w.mentor,
                json!({"hub_id": w.hub, "kind": "expert_to_school", "title": format!("Led {i}"),
                       "participants": [{"person_id": w.mentor_id, "role": "mentor"},
                                        {"person_id": coord_id, "role": "facilitator"},
                                        {"school_id": w.mentor_school, "role": "mentee"}]}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        made.push(id(&r.body));
    }
    let newest_first: Vec<String> = made.iter().rev().cloned().collect();
    // The coordinator sees all seven, two at a time, newest first, each once.
    assert_eq!(all_ids(app, "/relationships", &w.coord).await, newest_first);
    // Their own (set up by them or taking part) and the others split the list.
    let mine = all_ids(app, "/relationships?mine=true", &w.coord).await;
    let others = all_ids(app, "/relationships?mine=false", &w.coord).await;
    assert_eq!(
        mine, newest_first,
        "the coordinator set up five and takes part in two"
    );
    assert!(others.is_empty(), "{others:?}");
    // The mentor takes part in all seven; the mentee school's leader sees the
    // five of their school; the mentor school's teacher the two of theirs.
    assert_eq!(
        all_ids(app, "/relationships", &w.mentor).await,
        newest_first
    );
    assert_eq!(
        all_ids(app, "/relationships?mine=true", &w.mentee_leader).await,
        newest_first[2..].to_vec()
    );
    assert_eq!(
        all_ids(app, "/relationships", &w.mentor_teacher).await,
        newest_first[..2].to_vec()
    );
    assert!(
        all_ids(app, "/relationships?mine=false", &w.mentor_teacher)
            .await
            .is_empty()
    );
    // The admin sees them all but takes part in none.
    assert_eq!(
        all_ids(app, "/relationships?mine=false", &w.admin).await,
        newest_first
    );
    assert!(
        all_ids(app, "/relationships?mine=true", &w.admin)
            .await
            .is_empty()
    );
    // A filter and a page of the default size.
    let r = app
        .get(&format!("/relationships?hub_id={}", w.hub), &w.coord)
        .await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 7);
    assert!(r.body.get("next_cursor").is_none(), "{}", r.body);
    // Bad paging is a 400 that says what is wrong.
    for bad in ["limit=0", "limit=201", "cursor=nonsense", "limit=x"] {
        let r = app.get(&format!("/relationships?{bad}"), &w.coord).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
    }

    // A relationship's activities: newest day first, and on one day the last logged first.
    let rel = &made[0];
    let t = today();
    let mut logged = Vec::new();
    for back in [3, 1, 3, 2, 1, 3] {
        let day = (t - chrono::Duration::days(back)).to_string();
        let r = app
            .post(
                "/activities",
                &w.mentor,
                activity(rel, &day, 30, "final", &[&w.mentor_id]),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        logged.push((day, id(&r.body)));
    }
    logged.sort_by(|a, b| b.cmp(a));
    let expected: Vec<String> = logged.into_iter().map(|(_, i)| i).collect();
    let path = format!("/relationships/{rel}/activities");
    assert_eq!(all_ids(app, &path, &w.mentor).await, expected);
    assert_eq!(all_ids(app, &path, &w.mentee_leader).await, expected);
    let r = app.get(&path, &w.mentor).await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 6);
    assert!(r.body.get("next_cursor").is_none(), "{}", r.body);
    // A cursor that is not one of ours is refused, not guessed at.
    let forged = {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(format!("{}\u{1f}not-a-day", uuid::Uuid::nil()))
    };
    for bad in ["limit=0", "cursor=nonsense", &format!("cursor={forged}")] {
        let r = app.get(&format!("{path}?{bad}"), &w.mentor).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}: {}", r.body);
    }
}
