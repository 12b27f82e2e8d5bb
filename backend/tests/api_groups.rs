//! Teacher groups: consent by accepting, k contributors before anything shows, and no
//! way to learn one member's levels by comparing reports before and after they join.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn dist(report: &Value, key: &str) -> Value {
    report["competences"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == key)
        .map(|c| c["distribution"].clone())
        .unwrap_or(Value::Null)
}

on_both!(
    a_list_of_groups_costs_the_same_for_one_or_three,
    adding_a_sixth_member_does_not_reveal_their_levels,
    only_invited_colleagues_join_and_only_members_see_the_aggregate,
);

async fn adding_a_sixth_member_does_not_reveal_their_levels(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Cohort Hub").await;
    let school = app.create_school(&admin, &hub, "Cohort School").await;
    let coordinator = app
        .person("coord@g.example", "hub_coordinator", Some(&hub), None)
        .await;
    let g = app
        .post(
            "/teacher-groups",
            &coordinator,
            json!({"name": "Spring cohort", "kind": "course_cohort", "hub_id": hub}),
        )
        .await;
    assert_eq!(g.status, StatusCode::CREATED, "{}", g.body);
    let gid = g.body["id"].as_str().unwrap().to_string();
    let mut teachers = Vec::new();
    for i in 0..6 {
        let email = format!("t{i}@g.example");
        let t = app
            .person(&email, "teacher", Some(&hub), Some(&school))
            .await;
        // Five at B1 everywhere; the sixth at C2.
        submit_all(app, &t, if i < 5 { "b1" } else { "c2" }).await;
        let inv = app
            .post(
                &format!("/teacher-groups/{gid}/members"),
                &coordinator,
                json!({"email": email}),
            )
            .await;
        assert_eq!(inv.status, StatusCode::OK, "{}", inv.body);
        teachers.push(t);
    }
    let join = |t: String| {
        let path = format!("/teacher-groups/{gid}/membership");
        async move { app.put(&path, &t, json!({"accept": true})).await }
    };
    for t in teachers.iter().take(4) {
        assert_eq!(join(t.clone()).await.status, StatusCode::OK);
    }
    let report = |t: String| {
        let path = format!("/teacher-groups/{gid}/report?lang=en");
        async move { app.get(&path, &t).await }
    };
    let four = report(coordinator.clone()).await;
    assert_eq!(four.status, StatusCode::OK, "{}", four.body);
    assert!(four.body["hidden_reason"].is_string(), "4 members: hidden");
    assert_eq!(four.body["competences"], json!([]));

    join(teachers[4].clone()).await;
    let five = report(coordinator.clone()).await;
    assert_eq!(five.body["contributors"], 5);
    assert_eq!(dist(&five.body, "1.1"), json!({"b1": 5}));

    // The sixth member (at C2) joins: the report does not move, so comparing it with
    // the one before tells nothing about them.
    join(teachers[5].clone()).await;
    let six = report(coordinator.clone()).await;
    assert_eq!(six.body["active_members"], 6);
    assert_eq!(six.body["contributors"], 5);
    assert_eq!(six.body["published_at"], five.body["published_at"]);
    assert_eq!(dist(&six.body, "1.1"), json!({"b1": 5}));
    assert!(!six.body.to_string().contains("c2\":1"), "{}", six.body);

    // One leaves (withdrawing consent): still the same published aggregate.
    let left = app
        .put(
            &format!("/teacher-groups/{gid}/membership"),
            &teachers[0],
            json!({"accept": false}),
        )
        .await;
    assert_eq!(left.status, StatusCode::OK);
    let after = report(coordinator.clone()).await;
    assert_eq!(after.body["published_at"], five.body["published_at"]);
    // The hub overview sums the groups' published aggregates: the same five.
    let overview = app
        .get(&format!("/hubs/{hub}/overview"), &coordinator)
        .await;
    assert_eq!(overview.status, StatusCode::OK, "{}", overview.body);
    assert_eq!(overview.body["competence"]["contributions"], 5);
    assert_eq!(dist(&overview.body["competence"], "1.1"), json!({"b1": 5}));
    // A member who left sees the group no more as a member.
    app.get(&format!("/teacher-groups/{gid}/report"), &teachers[0])
        .await
        .problem(404, "not_found");
}

async fn only_invited_colleagues_join_and_only_members_see_the_aggregate(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Staff Hub").await;
    let school = app.create_school(&admin, &hub, "Staff School").await;
    let other = app.create_school(&admin, &hub, "Other School").await;
    let leader = app
        .person(
            "leader@g.example",
            "school_leader",
            Some(&hub),
            Some(&school),
        )
        .await;
    let other_leader = app
        .person(
            "leader2@g.example",
            "school_leader",
            Some(&hub),
            Some(&other),
        )
        .await;
    let teacher = app
        .person("staff@g.example", "teacher", Some(&hub), Some(&school))
        .await;
    app.person("elsewhere@g.example", "teacher", Some(&hub), Some(&other))
        .await;
    // A teacher cannot start a group; a leader starts their school's staff group.
    app.post(
        "/teacher-groups",
        &teacher,
        json!({"name": "x", "kind": "school_staff", "school_id": school}),
    )
    .await
    .problem(403, "forbidden");
    // Bad input is named.
    for (body, field) in [
        (
            json!({"name": "x", "kind": "club", "school_id": school}),
            "kind",
        ),
        (json!({"name": "x", "kind": "peer_circle"}), "school_id"),
        (
            json!({"name": "", "kind": "peer_circle", "school_id": school}),
            "name",
        ),
    ] {
        let r = app.post("/teacher-groups", &leader, body).await;
        r.problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["field"], field);
    }
    let g = app
        .post(
            "/teacher-groups",
            &leader,
            json!({"name": "Our staff", "kind": "school_staff", "school_id": school}),
        )
        .await;
    assert_eq!(g.status, StatusCode::CREATED, "{}", g.body);
    let gid = g.body["id"].as_str().unwrap().to_string();
    // Only teachers of that school can be invited.
    app.post(
        &format!("/teacher-groups/{gid}/members"),
        &leader,
        json!({"email": "elsewhere@g.example"}),
    )
    .await
    .problem(422, "validation_failed");
    let inv = app
        .post(
            &format!("/teacher-groups/{gid}/members"),
            &leader,
            json!({"email": "staff@g.example"}),
        )
        .await;
    assert_eq!(inv.status, StatusCode::OK, "{}", inv.body);
    app.post(
        &format!("/teacher-groups/{gid}/members"),
        &leader,
        json!({"email": "staff@g.example"}),
    )
    .await
    .problem(409, "already_member");
    // Invited, not yet accepted: sees the group, not its aggregate; cannot invite.
    let mine = app.get(&format!("/teacher-groups/{gid}"), &teacher).await;
    assert_eq!(mine.body["my_status"], "invited");
    assert_eq!(
        mine.body["members"],
        json!([]),
        "member lists are for those who run it"
    );
    app.get(&format!("/teacher-groups/{gid}/report"), &teacher)
        .await
        .problem(404, "not_found");
    app.post(
        &format!("/teacher-groups/{gid}/members"),
        &teacher,
        json!({"email": "staff@g.example"}),
    )
    .await
    .problem(403, "forbidden");
    // Another school's leader sees nothing, and does not find it in a list.
    app.get(&format!("/teacher-groups/{gid}"), &other_leader)
        .await
        .problem(404, "not_found");
    assert_eq!(
        app.get("/teacher-groups", &other_leader).await.body,
        json!([])
    );
    assert_eq!(
        app.get("/teacher-groups", &leader)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
    let joined = app
        .put(
            &format!("/teacher-groups/{gid}/membership"),
            &teacher,
            json!({"accept": true}),
        )
        .await;
    assert_eq!(joined.body["my_status"], "active");
    assert_eq!(
        app.get(&format!("/teacher-groups/{gid}/report"), &teacher)
            .await
            .status,
        StatusCode::OK
    );
    let list = app.get("/teacher-groups", &teacher).await;
    assert_eq!(list.body.as_array().unwrap().len(), 1);
}

async fn a_list_of_groups_costs_the_same_for_one_or_three(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Groups Hub").await;
    let school = app.create_school(&admin, &hub, "Groups School").await;
    let coordinator = app
        .person("coord@gl.example", "hub_coordinator", Some(&hub), None)
        .await;
    for i in 0..3 {
        app.person(
            &format!("t{i}@gl.example"),
            "teacher",
            Some(&hub),
            Some(&school),
        )
        .await;
    }
    let group = |name: &'static str| {
        let (coordinator, hub) = (coordinator.clone(), hub.clone());
        async move {
            let g = app
                .post(
                    "/teacher-groups",
                    &coordinator,
                    json!({"name": name, "kind": "course_cohort", "hub_id": hub}),
                )
                .await;
            assert_eq!(g.status, StatusCode::CREATED, "{}", g.body);
            g.body["id"].as_str().unwrap().to_string()
        }
    };
    let first = group("First").await;
    app.post(
        &format!("/teacher-groups/{first}/members"),
        &coordinator,
        json!({"email": "t0@gl.example"}),
    )
    .await;
    let (one, body) = app.statements("/teacher-groups", &coordinator).await;
    assert_eq!(body.as_array().unwrap().len(), 1);
    for name in ["Second", "Third"] {
        let id = group(name).await;
        for t in ["t1@gl.example", "t2@gl.example"] {
            let r = app
                .post(
                    &format!("/teacher-groups/{id}/members"),
                    &coordinator,
                    json!({"email": t}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
    }
    let (three, body) = app.statements("/teacher-groups", &coordinator).await;
    let listed = body.as_array().unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(one, three, "statements for 1 and for 3 groups");
    // Newest first, each with its own members, named for the one who runs them.
    assert_eq!(listed[0]["name"], "Third");
    assert_eq!(listed[0]["members"].as_array().unwrap().len(), 2);
    assert_eq!(listed[2]["members"][0]["name"], "Test Person");
    assert_eq!(listed[2]["members"][0]["status"], "invited");
}
