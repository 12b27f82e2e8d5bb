//! Teachers' self-reflections through the API: autosave, submit, report, privacy.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

const LEVELS: [&str; 6] = ["a1", "a2", "b1", "b2", "c1", "c2"];

/// A hub, a school and a teacher in it; returns (admin, hub, school, teacher token).
async fn world(app: &TestApp) -> (String, String, String, String) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Reflection Hub").await;
    let school = app.create_school(&admin, &hub, "Reflection School").await;
    let teacher = app
        .person("teacher@r.example", "teacher", Some(&hub), Some(&school))
        .await;
    (admin, hub, school, teacher)
}

/// Start a reflection, answer every item with `level(index)`, submit; returns its id.
async fn reflect(app: &TestApp, token: &str, level: impl Fn(usize) -> &'static str) -> String {
    let r = app.post("/reflections", token, json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["reflection"]["id"].as_str().unwrap().to_string();
    for (i, k) in item_keys(&r.body).iter().enumerate() {
        let a = app
            .put(
                &format!("/reflections/{id}/answers/{k}"),
                token,
                json!({"value": level(i)}),
            )
            .await;
        assert_eq!(a.status, StatusCode::OK, "{}", a.body);
    }
    let s = app
        .post(&format!("/reflections/{id}/submit"), token, json!({}))
        .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    id
}

on_both!(
    answers_arriving_together_each_get_their_own_outcome,
    the_list_of_reflections_costs_the_same_for_one_or_four,
    answers_racing_a_delete_are_saved_first_or_not_found,
    answers_saved_at_the_same_moment_are_all_kept,
    a_teacher_answers_resumes_submits_and_sees_the_report,
    answers_are_checked_and_submit_needs_every_required_item,
    a_submitted_reflection_never_changes,
    growth_and_history_compare_submitted_reflections,
    nobody_else_can_read_a_teachers_reflection,
    a_teacher_can_delete_their_reflection,
    the_demo_seed_gives_every_teacher_two_reflections,
    a_shared_reflection_is_readable_by_the_named_person_until_revoked,
    always_my_latest_follows_the_newest_submitted_reflection,
    shares_go_only_to_colleagues_of_the_school_or_hub,
    a_mentor_records_agreed_levels_beside_the_self_rating,
    a_share_ends_when_the_recipient_no_longer_works_with_the_teacher,
    fifty_simultaneous_starts_leave_one_reflection_in_progress,
);

async fn a_teacher_answers_resumes_submits_and_sees_the_report(app: &TestApp) {
    let (_, _, _, teacher) = world(app).await;
    let r = app.post("/reflections", &teacher, json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["reflection"]["id"].as_str().unwrap().to_string();
    assert_eq!(r.body["reflection"]["instrument"], "digcompedu-teacher");
    let keys = item_keys(&r.body);
    assert_eq!(keys.len(), 22, "22 DigCompEdu competences");
    assert_eq!(r.body["areas"].as_array().unwrap().len(), 6);
    assert_eq!(r.body["reflection"]["progress"]["total"], 22);

    // Answer two, in any order; autosave is idempotent.
    let tk = teacher.as_str();
    let put = |k: &str, v: &str| {
        let path = format!("/reflections/{id}/answers/{k}");
        let body = json!({"value": v});
        async move { app.put(&path, tk, body).await }
    };
    let first = put("3.1", "b1").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let again = put("3.1", "b1").await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(
        first.body["updated_at"], again.body["updated_at"],
        "the same answer twice is one answer"
    );
    put("1.1", "a2").await;

    // Starting again resumes the same reflection, with the answers so far.
    let resumed = app.post("/reflections", &teacher, json!({})).await;
    assert_eq!(resumed.status, StatusCode::OK);
    assert_eq!(resumed.body["reflection"]["id"], id.as_str());
    assert_eq!(resumed.body["reflection"]["progress"]["answered"], 2);
    assert_eq!(resumed.body["reflection"]["answers"]["3.1"], "b1");

    // Answer the rest: c1 for area 1, a2 for area 4, b1 elsewhere.
    for k in &keys {
        let v = if k.starts_with("1.") {
            "c1"
        } else if k.starts_with("4.") {
            "a2"
        } else {
            "b1"
        };
        assert_eq!(put(k, v).await.status, StatusCode::OK);
    }
    let s = app
        .post(&format!("/reflections/{id}/submit"), &teacher, json!({}))
        .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    assert_eq!(s.body["reflection"]["status"], "submitted");

    let rep = app
        .get(&format!("/reflections/{id}/report?lang=en"), &teacher)
        .await;
    assert_eq!(rep.status, StatusCode::OK, "{}", rep.body);
    let b = &rep.body;
    // engagement 4 (c1), assessment 1 (a2), four areas at 2 (b1): overall (4+1+2*4)/6 = 2.17 → b1
    assert_eq!(b["overall"]["score"], 2.17);
    assert_eq!(b["overall"]["level"], "b1");
    assert_eq!(b["overall"]["label"], "B1 Integrator");
    let area = |k: &str| {
        b["areas"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["key"] == k)
            .unwrap()
            .clone()
    };
    assert_eq!(area("engagement")["result"]["level"], "c1");
    assert_eq!(area("assessment")["result"]["score"], 1.0);
    let c = b["competences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "4.1")
        .unwrap();
    assert_eq!(c["answer"], "a2");
    assert!(!c["meaning"].as_str().unwrap().is_empty());
    assert!(!c["next_step"].as_str().unwrap().is_empty());
    assert_eq!(b["strongest"], json!(["1.1", "1.2", "1.3"]));
    assert_eq!(b["weakest"], json!(["4.1", "4.2", "4.3"]));
    assert_eq!(b["levels"].as_array().unwrap().len(), 6);
    assert!(b.get("previous").is_none());
    assert_eq!(b["history"].as_array().unwrap().len(), 1);

    // Listed among the teacher's own reflections.
    let list = app.get("/reflections", &teacher).await;
    assert_eq!(list.body["items"][0]["id"], id.as_str());
    assert_eq!(list.body["items"][0]["overall_level"], "b1");
}

async fn answers_are_checked_and_submit_needs_every_required_item(app: &TestApp) {
    let (_, _, _, teacher) = world(app).await;
    let r = app.post("/reflections", &teacher, json!({})).await;
    let id = r.body["reflection"]["id"].as_str().unwrap().to_string();
    let bad_item = app
        .put(
            &format!("/reflections/{id}/answers/9.9"),
            &teacher,
            json!({"value": "b1"}),
        )
        .await;
    bad_item.problem(422, "validation_failed");
    assert_eq!(bad_item.body["errors"][0]["field"], "item_key");
    let bad_value = app
        .put(
            &format!("/reflections/{id}/answers/1.1"),
            &teacher,
            json!({"value": "z9"}),
        )
        .await;
    bad_value.problem(422, "validation_failed");
    assert_eq!(bad_value.body["errors"][0]["field"], "value");
    assert_eq!(bad_value.body["errors"][0]["code"], "invalid_option");
    let unknown_field = app
        .put(
            &format!("/reflections/{id}/answers/1.1"),
            &teacher,
            json!({"value": "b1", "extra": 1}),
        )
        .await;
    unknown_field.problem(400, "invalid_json");
    let unknown_instrument = app
        .post("/reflections", &teacher, json!({"instrument": "nope"}))
        .await;
    unknown_instrument.problem(422, "validation_failed");

    app.put(
        &format!("/reflections/{id}/answers/1.1"),
        &teacher,
        json!({"value": "b1"}),
    )
    .await;
    let early = app
        .post(&format!("/reflections/{id}/submit"), &teacher, json!({}))
        .await;
    early.problem(422, "validation_failed");
    let fields: Vec<&str> = early.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields.len(),
        21,
        "every unanswered item is listed: {fields:?}"
    );
    assert!(fields.contains(&"answers.6.5"));
    assert!(!fields.contains(&"answers.1.1"));
    // Taking an answer back.
    let del = app
        .delete(&format!("/reflections/{id}/answers/1.1"), &teacher)
        .await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    let form = app.get(&format!("/reflections/{id}"), &teacher).await;
    assert_eq!(form.body["reflection"]["progress"]["answered"], 0);
}

async fn a_submitted_reflection_never_changes(app: &TestApp) {
    let (_, _, _, teacher) = world(app).await;
    let id = reflect(app, &teacher, |_| "b2").await;
    let change = app
        .put(
            &format!("/reflections/{id}/answers/1.1"),
            &teacher,
            json!({"value": "a1"}),
        )
        .await;
    change.problem(409, "already_submitted");
    app.delete(&format!("/reflections/{id}/answers/1.1"), &teacher)
        .await
        .problem(409, "already_submitted");
    app.post(&format!("/reflections/{id}/submit"), &teacher, json!({}))
        .await
        .problem(409, "already_submitted");
    let form = app.get(&format!("/reflections/{id}"), &teacher).await;
    assert_eq!(form.body["reflection"]["answers"]["1.1"], "b2");
    // A new start is a new reflection.
    let next = app.post("/reflections", &teacher, json!({})).await;
    assert_eq!(next.status, StatusCode::CREATED);
    assert_ne!(next.body["reflection"]["id"], id.as_str());
}

/// The statements of one listing of the teacher's reflections, and how many it listed.
async fn list_statements(app: &TestApp, token: &str) -> (u64, usize) {
    let (n, body) = app.statements("/reflections", token).await;
    (n, body["items"].as_array().unwrap().len())
}

async fn the_list_of_reflections_costs_the_same_for_one_or_four(app: &TestApp) {
    let (_, _, _, teacher) = world(app).await;
    reflect(app, &teacher, |_| "a2").await;
    let (one, listed) = list_statements(app, &teacher).await;
    assert_eq!(listed, 1);
    reflect(app, &teacher, |_| "b2").await;
    reflect(app, &teacher, |_| "b1").await;
    let r = app.post("/reflections", &teacher, json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // No statements per reflection: four cost what one did.
    let (four, listed) = list_statements(app, &teacher).await;
    assert_eq!(listed, 4);
    assert_eq!(one, four, "statements for 1 and for 4 reflections");
}

async fn growth_and_history_compare_submitted_reflections(app: &TestApp) {
    let (_, _, _, teacher) = world(app).await;
    let first = reflect(app, &teacher, |_| "a2").await;
    let second = reflect(app, &teacher, |i| if i < 4 { "b2" } else { "a2" }).await;
    let rep = app
        .get(&format!("/reflections/{second}/report"), &teacher)
        .await;
    assert_eq!(rep.status, StatusCode::OK, "{}", rep.body);
    let b = &rep.body;
    assert_eq!(b["previous"]["id"], first.as_str());
    let history = b["history"].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["id"], first.as_str());
    let engagement = b["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "engagement")
        .unwrap();
    assert_eq!(
        engagement["change"], 2.0,
        "a2 → b2 in every engagement item"
    );
    let teaching = b["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "teaching")
        .unwrap();
    assert_eq!(teaching["change"], 0.0);
    // overall: one area of six grew by 2
    assert_eq!(b["overall_change"], 0.33);
    let c11 = b["competences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "1.1")
        .unwrap();
    assert_eq!(c11["previous_score"], 1.0);
    // The first report has no previous one, but knows its history.
    let r1 = app
        .get(&format!("/reflections/{first}/report"), &teacher)
        .await;
    assert!(r1.body.get("previous").is_none());
    assert!(r1.body.get("overall_change").is_none());
}

async fn nobody_else_can_read_a_teachers_reflection(app: &TestApp) {
    let (admin, hub, school, teacher) = world(app).await;
    let id = reflect(app, &teacher, |_| "b1").await;
    let leader = app
        .person(
            "leader@r.example",
            "school_leader",
            Some(&hub),
            Some(&school),
        )
        .await;
    let coordinator = app
        .person("coord@r.example", "hub_coordinator", Some(&hub), None)
        .await;
    let colleague = app
        .person("colleague@r.example", "teacher", Some(&hub), Some(&school))
        .await;
    let mentor = app
        .person("mentor@r.example", "mentor", Some(&hub), None)
        .await;
    for (who, token) in [
        ("school leader", &leader),
        ("coordinator", &coordinator),
        ("admin", &admin),
        ("another teacher", &colleague),
        ("mentor", &mentor),
    ] {
        for path in [
            format!("/reflections/{id}"),
            format!("/reflections/{id}/report"),
        ] {
            let r = app.get(&path, token).await;
            assert_eq!(
                r.status,
                StatusCode::NOT_FOUND,
                "{who} on {path}: {}",
                r.body
            );
        }
        app.put(
            &format!("/reflections/{id}/answers/1.1"),
            token,
            json!({"value": "c2"}),
        )
        .await
        .problem(404, "not_found");
        app.delete(&format!("/reflections/{id}"), token)
            .await
            .problem(404, "not_found");
        let list = app.get("/reflections", token).await;
        assert_eq!(list.body["items"], json!([]), "{who} lists nothing");
    }
    let own = app
        .get(&format!("/reflections/{id}/report"), &teacher)
        .await;
    assert_eq!(own.status, StatusCode::OK);
}

async fn a_teacher_can_delete_their_reflection(app: &TestApp) {
    let (_, _, _, teacher) = world(app).await;
    let id = reflect(app, &teacher, |i| LEVELS[i % 6]).await;
    let del = app.delete(&format!("/reflections/{id}"), &teacher).await;
    assert_eq!(del.status, StatusCode::NO_CONTENT);
    app.get(&format!("/reflections/{id}"), &teacher)
        .await
        .problem(404, "not_found");
    assert_eq!(
        app.get("/reflections", &teacher).await.body["items"],
        json!([])
    );
}

async fn the_demo_seed_gives_every_teacher_two_reflections(app: &TestApp) {
    ihub::seed::demo(&app.state.db).await.unwrap();
    ihub::seed::demo(&app.state.db).await.unwrap();
    let teacher = app
        .token_for("teacher.maardu@ihub.example", ihub::seed::DEMO_PASSWORD)
        .await;
    let list = app.get("/reflections", &teacher).await;
    let items = list.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "seeding twice adds nothing: {}", list.body);
    let latest = items[0]["id"].as_str().unwrap();
    let rep = app
        .get(&format!("/reflections/{latest}/report"), &teacher)
        .await;
    assert_eq!(rep.body["history"].as_array().unwrap().len(), 2);
    assert!(rep.body["previous"].is_object());
    assert!(rep.body["overall_change"].as_f64().unwrap() >= 0.0);
}

/// A teacher with one submitted reflection, a mentor of the hub and the school's leader.
async fn sharing_world(app: &TestApp) -> (String, String, String, String) {
    let (_, hub, school, teacher) = world(app).await;
    let mentor = app
        .person("mentor@s.example", "mentor", Some(&hub), None)
        .await;
    let leader = app
        .person(
            "leader@s.example",
            "school_leader",
            Some(&hub),
            Some(&school),
        )
        .await;
    let id = reflect(app, &teacher, |_| "b1").await;
    (teacher, mentor, leader, id)
}

async fn a_shared_reflection_is_readable_by_the_named_person_until_revoked(app: &TestApp) {
    let (teacher, mentor, leader, id) = sharing_world(app).await;
    let second = reflect(app, &teacher, |_| "b2").await;
    let s = app
        .post(
            "/reflection-shares",
            &teacher,
            json!({"email": "mentor@s.example", "reflection_id": id}),
        )
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
    let share = s.body["id"].as_str().unwrap().to_string();
    let r = app.get(&format!("/reflections/{id}/report"), &mentor).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["own"], false);
    assert_eq!(r.body["owner_name"], "Test Person");
    assert_eq!(
        r.body["history"].as_array().unwrap().len(),
        1,
        "no other reflections"
    );
    // Only that reflection; not the other one, not the answers form; nobody else.
    app.get(&format!("/reflections/{second}/report"), &mentor)
        .await
        .problem(404, "not_found");
    app.get(&format!("/reflections/{id}"), &mentor)
        .await
        .problem(404, "not_found");
    app.get(&format!("/reflections/{id}/report"), &leader)
        .await
        .problem(404, "not_found");
    let incoming = app.get("/reflection-shares/incoming", &mentor).await;
    assert_eq!(incoming.body[0]["reflection"]["id"], id.as_str());
    // The mentor cannot revoke it; the teacher can, at any time.
    app.delete(&format!("/reflection-shares/{share}"), &mentor)
        .await
        .problem(404, "not_found");
    assert_eq!(
        app.delete(&format!("/reflection-shares/{share}"), &teacher)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    app.get(&format!("/reflections/{id}/report"), &mentor)
        .await
        .problem(404, "not_found");
    assert_eq!(
        app.get("/reflection-shares", &teacher).await.body,
        json!([])
    );
}

async fn always_my_latest_follows_the_newest_submitted_reflection(app: &TestApp) {
    let (teacher, mentor, _, first) = sharing_world(app).await;
    let s = app
        .post(
            "/reflection-shares",
            &teacher,
            json!({"email": "MENTOR@s.example"}),
        )
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
    assert_eq!(s.body["latest"], true);
    assert_eq!(
        app.get(&format!("/reflections/{first}/report"), &mentor)
            .await
            .status,
        StatusCode::OK
    );
    let second = reflect(app, &teacher, |_| "c1").await;
    assert_eq!(
        app.get(&format!("/reflections/{second}/report"), &mentor)
            .await
            .status,
        StatusCode::OK
    );
    app.get(&format!("/reflections/{first}/report"), &mentor)
        .await
        .problem(404, "not_found");
    // An unfinished one is never shared.
    let open = app.post("/reflections", &teacher, json!({})).await.body["reflection"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.get(&format!("/reflections/{open}/report"), &mentor)
        .await
        .problem(404, "not_found");
    let incoming = app.get("/reflection-shares/incoming", &mentor).await;
    assert_eq!(incoming.body[0]["reflection"]["id"], second.as_str());
}

async fn shares_go_only_to_colleagues_of_the_school_or_hub(app: &TestApp) {
    let (teacher, _, _, id) = sharing_world(app).await;
    let admin = app.token_for("root@test.example", PASSWORD).await;
    let other_hub = app.create_hub(&admin, "Elsewhere Hub").await;
    app.person("stranger@s.example", "mentor", Some(&other_hub), None)
        .await;
    for email in [
        "stranger@s.example",
        "nobody@s.example",
        "teacher@r.example",
    ] {
        let r = app
            .post(
                "/reflection-shares",
                &teacher,
                json!({"email": email, "reflection_id": id}),
            )
            .await;
        r.problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["field"], "email", "{email}");
        // Said why, not "not found".
        assert_eq!(r.body["errors"][0]["code"], "not_colleague", "{email}");
    }
    // The picker offers the colleagues one may share with: the school's leader and the
    // hub's mentor, not the stranger of another hub; a share by person works the same.
    let c = app.get("/reflection-shares/candidates", &teacher).await;
    assert_eq!(c.status, StatusCode::OK, "{}", c.body);
    let names: Vec<(Value, Value)> = c
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|x| (x["roles"].clone(), x["same_school"].clone()))
        .collect();
    assert_eq!(
        names,
        vec![
            (json!(["school_leader"]), json!(true)),
            (json!(["mentor"]), json!(false)),
        ],
        "{}",
        c.body
    );
    let stranger = app.token_for("stranger@s.example", PASSWORD).await;
    let stranger_id = app.get("/me", &stranger).await.body["id"].clone();
    let r = app
        .post(
            "/reflection-shares",
            &teacher,
            json!({"person_id": stranger_id, "reflection_id": id}),
        )
        .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "person_id");
    let mentor_id = c.body[1]["id"].clone();
    let r = app
        .post(
            "/reflection-shares",
            &teacher,
            json!({"person_id": mentor_id, "reflection_id": id}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let only_mentor = app
        .get("/reflection-shares/candidates?q=nobody", &teacher)
        .await;
    assert_eq!(only_mentor.body, json!([]));
    // Someone else's reflection cannot be shared.
    let other = app.person("peer@s.example", "teacher", None, None).await;
    let theirs = reflect(app, &other, |_| "a1").await;
    app.post(
        "/reflection-shares",
        &teacher,
        json!({"email": "mentor@s.example", "reflection_id": theirs}),
    )
    .await
    .problem(422, "validation_failed");
}

async fn a_mentor_records_agreed_levels_beside_the_self_rating(app: &TestApp) {
    let (teacher, mentor, _, id) = sharing_world(app).await;
    app.post(
        "/reflection-shares",
        &teacher,
        json!({"email": "mentor@s.example", "reflection_id": id}),
    )
    .await;
    // The mentor hears that something was shared with them.
    let n = app.get("/notifications", &mentor).await;
    assert_eq!(
        n.body["items"][0]["kind"], "reflection_shared",
        "{}",
        n.body
    );
    assert_eq!(
        n.body["items"][0]["link"],
        format!("/reflections/{id}/report")
    );
    let path = format!("/reflections/{id}/agreed/engagement");
    let body = json!({"level": "a2", "comment": "We looked at two lessons together.",
        "evidence": ["https://example.org/lesson-plan"]});
    app.put(&path, &teacher, body.clone())
        .await
        .problem(403, "forbidden");
    assert_eq!(app.get("/notifications", &teacher).await.body["unread"], 0);
    app.put(&path, &mentor, json!({"level": "z9"}))
        .await
        .problem(422, "validation_failed");
    app.put(
        &path,
        &mentor,
        json!({"level": "a2", "evidence": ["javascript:alert(1)"]}),
    )
    .await
    .problem(422, "validation_failed");
    app.put(
        &format!("/reflections/{id}/agreed/nowhere"),
        &mentor,
        body.clone(),
    )
    .await
    .problem(422, "validation_failed");
    let r = app.put(&path, &mentor, body.clone()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    // The teacher hears that a level was agreed.
    let n = app.get("/notifications", &teacher).await;
    assert_eq!(n.body["items"][0]["kind"], "level_agreed", "{}", n.body);
    let ok = app.put(&path, &mentor, body).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let rep = app
        .get(&format!("/reflections/{id}/report"), &teacher)
        .await;
    let agreed = &rep.body["agreed"][0];
    assert_eq!(agreed["area"], "engagement");
    assert_eq!(agreed["label"], "A2 Explorer");
    assert_eq!(agreed["evidence"][0], "https://example.org/lesson-plan");
    let engagement = rep.body["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "engagement")
        .unwrap();
    assert_eq!(
        engagement["result"]["level"], "b1",
        "the self-rating stays beside it"
    );
}

/// The probe found a mentor still reading a shared report after their grant in the hub
/// was revoked. A share ends with its reason: the recipient's role in the teacher's school
/// or hub; a later new grant does not bring it back.
async fn a_share_ends_when_the_recipient_no_longer_works_with_the_teacher(app: &TestApp) {
    let (teacher, mentor, _leader, id) = sharing_world(app).await;
    let admin = app.token_for("root@test.example", PASSWORD).await;
    for body in [
        json!({"email": "mentor@s.example", "reflection_id": id}),
        json!({"email": "mentor@s.example"}),
    ] {
        let s = app.post("/reflection-shares", &teacher, body).await;
        assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
    }
    let report = format!("/reflections/{id}/report");
    assert_eq!(app.get(&report, &mentor).await.status, StatusCode::OK);
    // The mentor's grant in the hub is revoked.
    let me = app.get("/me", &mentor).await;
    let mentor_id = me.body["id"].as_str().unwrap().to_string();
    let grant = me.body["grants"][0]["id"].as_str().unwrap().to_string();
    let r = app
        .delete(&format!("/people/{mentor_id}/grants/{grant}"), &admin)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let mentor = app.token_for("mentor@s.example", PASSWORD).await;
    app.get(&report, &mentor).await.problem(404, "not_found");
    app.put(
        &format!("/reflections/{id}/agreed/1"),
        &mentor,
        json!({"level": "b1"}),
    )
    .await
    .problem(404, "not_found");
    let incoming = app.get("/reflection-shares/incoming", &mentor).await;
    assert_eq!(incoming.body, json!([]), "{}", incoming.body);
    let outgoing = app.get("/reflection-shares", &teacher).await;
    assert_eq!(
        outgoing.body,
        json!([]),
        "the teacher sees the shares ended"
    );
    // A new grant elsewhere, or even in the same hub again, does not revive them.
    let hub = app.get("/hubs", &admin).await.body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .post(
            &format!("/people/{mentor_id}/grants"),
            &admin,
            json!({"role": "mentor", "hub_id": hub}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let mentor = app.token_for("mentor@s.example", PASSWORD).await;
    app.get(&report, &mentor).await.problem(404, "not_found");

    // A share made before its basis was recorded (no grant to end with) is checked on
    // every read: once the colleague leaves the school, it is not readable.
    let school = app.get("/schools", &admin).await.body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let colleague = app
        .person("colleague@s.example", "teacher", Some(&hub), Some(&school))
        .await;
    let s = app
        .post(
            "/reflection-shares",
            &teacher,
            json!({"email": "colleague@s.example", "reflection_id": id}),
        )
        .await;
    assert_eq!(s.status, StatusCode::CREATED, "{}", s.body);
    use sea_orm::ConnectionTrait;
    app.state
        .db
        .execute_unprepared("UPDATE reflection_shares SET grantee_grant_id = NULL")
        .await
        .unwrap();
    assert_eq!(app.get(&report, &colleague).await.status, StatusCode::OK);
    let me = app.get("/me", &colleague).await;
    let cid = me.body["id"].as_str().unwrap().to_string();
    let grant = me.body["grants"][0]["id"].as_str().unwrap().to_string();
    let r = app
        .delete(&format!("/people/{cid}/grants/{grant}"), &admin)
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    let colleague = app.token_for("colleague@s.example", PASSWORD).await;
    app.get(&report, &colleague).await.problem(404, "not_found");
}

/// On PostgreSQL, 50 simultaneous "start a reflection" calls by one teacher left 4–12
/// reflections in progress before the teacher's row was locked.
/// All 22 answers saved at the same moment (a phone coming back online) are all kept,
/// and a take-back in the same moment removes only its own answer.
async fn answers_saved_at_the_same_moment_are_all_kept(app: &TestApp) {
    let (_, _, _, teacher) = world(app).await;
    let r = app.post("/reflections", &teacher, json!({})).await;
    let id = r.body["reflection"]["id"].as_str().unwrap().to_string();
    let keys = item_keys(&r.body);
    let first = app
        .put(
            &format!("/reflections/{id}/answers/{}", keys[0]),
            &teacher,
            json!({"value": "a1"}),
        )
        .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let levels = ["a1", "a2", "b1", "b2", "c1", "c2"];
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(keys.len()));
    let mut tasks = Vec::new();
    for (i, k) in keys.iter().enumerate() {
        let rb = if i == 0 {
            app.client
                .delete(app.api(&format!("/reflections/{id}/answers/{k}")))
        } else {
            app.client
                .put(app.api(&format!("/reflections/{id}/answers/{k}")))
                .json(&json!({"value": levels[i % 6]}))
        }
        .bearer_auth(&teacher);
        let b = barrier.clone();
        tasks.push(tokio::spawn(async move {
            b.wait().await;
            rb.send().await.unwrap().status().as_u16()
        }));
    }
    for (i, t) in tasks.into_iter().enumerate() {
        assert_eq!(t.await.unwrap(), if i == 0 { 204 } else { 200 });
    }
    let got = app.get(&format!("/reflections/{id}"), &teacher).await;
    let answers = got.body["reflection"]["answers"]
        .as_object()
        .unwrap()
        .clone();
    assert_eq!(answers.len(), keys.len() - 1, "{answers:?}");
    for (i, k) in keys.iter().enumerate().skip(1) {
        assert_eq!(answers[k], levels[i % 6]);
    }
}

/// Answers that reach the writer together are checked one by one: each caller hears its
/// own outcome (saved, unknown item, wrong value, someone else's reflection, a submitted
/// one, a deactivated account), and only the good answers are stored.
async fn answers_arriving_together_each_get_their_own_outcome(app: &TestApp) {
    let (admin, hub, school, teacher) = world(app).await;
    let other = app
        .person("other@r.example", "teacher", Some(&hub), Some(&school))
        .await;
    let gone = app
        .person("gone@r.example", "teacher", Some(&hub), Some(&school))
        .await;
    let r = app.post("/reflections", &teacher, json!({})).await;
    let id = r.body["reflection"]["id"].as_str().unwrap().to_string();
    let keys = item_keys(&r.body);
    let done = reflect(app, &other, |_| "b1").await;
    let g = app.post("/reflections", &gone, json!({})).await;
    let gid = g.body["reflection"]["id"].as_str().unwrap().to_string();
    let gone_id = app.get("/me", &gone).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let d = app
        .post(&format!("/people/{gone_id}/deactivate"), &admin, json!({}))
        .await;
    assert!(d.status.is_success(), "{}", d.body);
    let levels = ["a1", "a2", "b1", "b2", "c1", "c2"];
    let mut cases: Vec<(String, String, &str, u16)> = Vec::new();
    for (i, k) in keys.iter().enumerate().take(10) {
        cases.push((
            teacher.clone(),
            format!("{id}/answers/{k}"),
            levels[i % 6],
            200,
        ));
    }
    cases.push((
        teacher.clone(),
        format!("{id}/answers/{}", keys[0]),
        levels[0],
        200,
    ));
    cases.push((teacher.clone(), format!("{id}/answers/9.9"), "b1", 422));
    cases.push((
        teacher.clone(),
        format!("{id}/answers/{}", keys[10]),
        "z9",
        422,
    ));
    cases.push((
        other.clone(),
        format!("{id}/answers/{}", keys[11]),
        "b1",
        404,
    ));
    cases.push((
        other.clone(),
        format!("{done}/answers/{}", keys[0]),
        "a1",
        409,
    ));
    cases.push((
        gone.clone(),
        format!("{gid}/answers/{}", keys[0]),
        "a1",
        401,
    ));
    // A deactivated account is told so first, also about someone else's reflection.
    cases.push((
        gone.clone(),
        format!("{id}/answers/{}", keys[12]),
        "a1",
        401,
    ));
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(cases.len()));
    let mut tasks = Vec::new();
    for (token, path, value, _) in &cases {
        let rb = app
            .client
            .put(app.api(&format!("/reflections/{path}")))
            .json(&json!({ "value": value }))
            .bearer_auth(token);
        let b = barrier.clone();
        tasks.push(tokio::spawn(async move {
            b.wait().await;
            rb.send().await.unwrap().status().as_u16()
        }));
    }
    for (t, (_, path, _, want)) in tasks.into_iter().zip(&cases) {
        assert_eq!(t.await.unwrap(), *want, "{path}");
    }
    let got = app.get(&format!("/reflections/{id}"), &teacher).await;
    let answers = got.body["reflection"]["answers"]
        .as_object()
        .unwrap()
        .clone();
    assert_eq!(answers.len(), 10, "{answers:?}");
    for (i, k) in keys.iter().enumerate().take(10) {
        assert_eq!(answers[k], levels[i % 6]);
    }
    let theirs = app.get(&format!("/reflections/{done}"), &other).await;
    assert_eq!(theirs.body["reflection"]["answers"][&keys[0]], "b1");
}

/// A teacher deletes a reflection while its answers are still being saved (two tabs): each
/// answer is saved before the delete or refused as not found — never a conflict or a 500.
async fn answers_racing_a_delete_are_saved_first_or_not_found(app: &TestApp) {
    let (_, _, _, teacher) = world(app).await;
    for _ in 0..4 {
        let r = app.post("/reflections", &teacher, json!({})).await;
        let id = r.body["reflection"]["id"].as_str().unwrap().to_string();
        let keys = item_keys(&r.body);
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(keys.len() + 1));
        let mut tasks = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            let rb = if i == 0 {
                app.client.delete(app.api(&format!("/reflections/{id}")))
            } else {
                app.client
                    .put(app.api(&format!("/reflections/{id}/answers/{k}")))
                    .json(&json!({"value": "b1"}))
            }
            .bearer_auth(&teacher);
            let b = barrier.clone();
            tasks.push(tokio::spawn(async move {
                b.wait().await;
                rb.send().await.unwrap().status().as_u16()
            }));
        }
        barrier.wait().await;
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        assert_eq!(statuses[0], 204, "{statuses:?}");
        assert!(
            statuses[1..].iter().all(|s| *s == 200 || *s == 404),
            "{statuses:?}"
        );
        let gone = app.get(&format!("/reflections/{id}"), &teacher).await;
        gone.problem(404, "not_found");
    }
}

async fn fifty_simultaneous_starts_leave_one_reflection_in_progress(app: &TestApp) {
    let (_, _, _, teacher) = world(app).await;
    let statuses = app
        .at_once(
            50,
            reqwest::Method::POST,
            "/reflections",
            Some(&teacher),
            Some(json!({})),
            &[],
        )
        .await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 200),
        "{statuses:?}"
    );
    let list = app.get("/reflections", &teacher).await;
    let open: Vec<&Value> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "in_progress")
        .collect();
    assert_eq!(open.len(), 1, "{}", list.body);
}
