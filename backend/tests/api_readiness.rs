//! Readiness change between a school's campaigns shared with the hub, against a
//! hand-built fixture on both databases: the change per area, mentee schools against
//! schools not yet mentored with deterministic intervals, the group rule (k responses in
//! both campaigns), only shared campaigns, and bad parameters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

/// A campaign of the school for teachers, five teachers answering every statement with
/// `value` (in one request each), closed; `closed_at` dates its early close (UTC);
/// `shared` says whether the hub sees it.
async fn campaign(
    app: &TestApp,
    leader: &str,
    school: &str,
    value: &str,
    responses: usize,
    closed_at: &str,
    shared: bool,
) {
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Tallinn)
        .date_naive();
    let r = app
        .post(
            &format!("/schools/{school}/campaigns"),
            leader,
            json!({"name": "Check", "groups": ["teacher"], "opens_on": today.to_string(),
                   "closes_on": (today + chrono::Duration::days(7)).to_string()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();
    let code = r.body["codes"][0]["code"].as_str().unwrap().to_string();
    let form = reqwest::Client::new()
        .get(app.api(&format!("/respond/{code}")))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    let answers: serde_json::Map<String, Value> = item_keys(&form)
        .into_iter()
        .map(|k| (k, json!(value)))
        .collect();
    for _ in 0..responses {
        let r = reqwest::Client::new()
            .post(app.api(&format!("/respond/{code}/submissions")))
            .json(&json!({ "answers": answers }))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success(), "{}", r.text().await.unwrap());
    }
    let r = app
        .post(&format!("/campaigns/{id}/close"), leader, json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let at: chrono::DateTime<chrono::Utc> = closed_at.parse().unwrap();
    app.exec(
        "UPDATE campaigns SET closed_early_at = ?, shared_with_coordinator = ? WHERE id = ?",
        vec![at.into(), shared.into(), uuid_value(&id)],
    )
    .await;
}

fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}

on_both!(
    plan_goals_count_what_is_measured_and_reached,
    response_rates_count_closed_campaigns_against_the_expected_sizes,
    readiness_change_compares_mentee_schools_with_the_others,
    bad_readiness_parameters_are_named,
);

async fn readiness_change_compares_mentee_schools_with_the_others(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Readiness Change Hub").await;
    let coord = app
        .person("coord@rc.example", "hub_coordinator", Some(&hub), None)
        .await;
    // A and B: mentee schools of a programme that started on 1 January 2026; C and D not.
    let mut schools = Vec::new();
    for (i, name) in ["A", "B", "C", "D", "E"].iter().enumerate() {
        let s = app
            .create_school(&admin, &hub, &format!("School {name}"))
            .await;
        let leader = app
            .person(
                &format!("leader{i}@rc.example"),
                "school_leader",
                Some(&hub),
                Some(&s),
            )
            .await;
        schools.push((s, leader));
    }
    let programme = programme_2026_with_mentee(app, &coord, &hub, &schools[0].0).await;
    let r = app
        .post(
            &format!("/programmes/{programme}/schools"),
            &coord,
            json!({"school_id": schools[1].0, "role": "mentee_school"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // Last year's campaigns at a2 (score 2) everywhere; this time A at a4 (+2), B at a5
    // (+3), C at a3 (+1), D at a2 (0). E's second campaign had four teachers: hidden, so E
    // has no pair. D's first campaign was not shared: D has no pair either... unless D's
    // shared ones are two: D gets an unshared one in between, which does not count.
    let earlier = "2025-11-20T10:00:00Z";
    for (i, later) in ["a4", "a5", "a3", "a2", "a4"].iter().enumerate() {
        let (s, l) = &schools[i];
        campaign(app, l, s, "a2", 5, earlier, true).await;
        if i == 3 {
            campaign(app, l, s, "a5", 5, "2026-02-01T10:00:00Z", false).await;
        }
        let n = if i == 4 { 4 } else { 5 };
        campaign(app, l, s, later, n, &now(), true).await;
    }
    let path = format!("/analytics/readiness?scope=hub&scope_id={hub}&min_weeks=8");
    let r = app.get(&path, &coord).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = &r.body;
    assert_eq!(b["group"], "teacher");
    assert_eq!(b["schools"], 4, "{b}");
    assert_eq!(b["excluded"], 0);
    assert!(b["caution"].as_str().unwrap().contains("not proof"));
    let areas = b["areas"].as_array().unwrap();
    assert!(areas.len() >= 4);
    for a in areas {
        assert_eq!(a["schools"], 4, "{a}");
        // (2 + 3 + 1 + 0) / 4
        assert_eq!(a["mean_change"], 1.5, "{a}");
        let m = &a["cohorts"][0];
        assert_eq!(m["cohort"], "mentored");
        assert_eq!(m["schools"], 2);
        assert_eq!(m["mean_change"], 2.5);
        assert!(m["ci_low"].as_f64().unwrap() >= 2.0 && m["ci_high"].as_f64().unwrap() <= 3.0);
        let n = &a["cohorts"][1];
        assert_eq!(n["cohort"], "not_yet_mentored");
        assert_eq!(n["schools"], 2);
        assert_eq!(n["mean_change"], 0.5);
        assert_eq!(a["difference"]["mean"], 2.0);
    }
    // The same data, the same intervals.
    assert_eq!(app.get(&path, &coord).await.body, r.body);

    // With a year's minimum, nobody is mentored long enough: A and B are left out.
    let r = app
        .get(
            &format!("/analytics/readiness?scope=hub&scope_id={hub}&min_weeks=104"),
            &coord,
        )
        .await;
    assert_eq!(r.body["excluded"], 2, "{}", r.body);
    assert_eq!(r.body["areas"][0]["cohorts"][0]["schools"], 0);
    assert!(r.body["areas"][0].get("difference").is_none());

    // A school's leader sees the school's own change.
    let r = app
        .get(
            &format!(
                "/analytics/readiness?scope=school&scope_id={}",
                schools[0].0
            ),
            &schools[0].1,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["schools"], 1);
    assert_eq!(r.body["areas"][0]["mean_change"], 2.0);
    // …but not another school's.
    app.get(
        &format!(
            "/analytics/readiness?scope=school&scope_id={}",
            schools[1].0
        ),
        &schools[0].1,
    )
    .await
    .problem(404, "not_found");
    // Students did not take part: nothing to compare.
    let r = app
        .get(
            &format!("/analytics/readiness?scope=hub&scope_id={hub}&group=student"),
            &coord,
        )
        .await;
    assert_eq!(r.body["schools"], 0);
}

async fn bad_readiness_parameters_are_named(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Bad Readiness Hub").await;
    for (q, field) in [
        ("scope=hub", "scope_id"),
        ("scope=galaxy", "scope"),
        ("scope=platform&group=parents", "group"),
        ("scope=platform&min_weeks=500", "min_weeks"),
        ("scope=platform&from=2026-13", "from"),
        ("scope=platform&programme_id=nope", "programme_id"),
    ] {
        let r = app.get(&format!("/analytics/readiness?{q}"), &admin).await;
        r.problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["field"], field, "{q}: {}", r.body);
    }
    let other = uuid::Uuid::new_v4();
    app.get(
        &format!("/analytics/readiness?scope=hub&scope_id={hub}&programme_id={other}"),
        &admin,
    )
    .await
    .problem(422, "validation_failed");
    app.get(
        &format!("/analytics/readiness?scope=hub&scope_id={other}"),
        &admin,
    )
    .await
    .problem(404, "not_found");
}

async fn response_rates_count_closed_campaigns_against_the_expected_sizes(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Response Rate Hub").await;
    let coord = app
        .person("coord@rr.example", "hub_coordinator", Some(&hub), None)
        .await;
    let mut schools = Vec::new();
    for (i, name) in ["A", "B"].iter().enumerate() {
        let s = app
            .create_school(&admin, &hub, &format!("School {name}"))
            .await;
        let leader = app
            .person(
                &format!("leader{i}@rr.example"),
                "school_leader",
                Some(&hub),
                Some(&s),
            )
            .await;
        schools.push((s, leader));
    }
    let (a, la) = &schools[0];
    let (b, lb) = &schools[1];
    // A: 5 of 10 teachers, shared; last year 4 of 5 (outside this year's period). B: 6 of
    // 8, not shared with the hub.
    campaign(app, la, a, "a2", 4, "2025-11-20T10:00:00Z", true).await;
    campaign(app, la, a, "a3", 5, &now(), true).await;
    campaign(app, lb, b, "a3", 6, &now(), false).await;
    for (school, expected) in [(a, r#"{"teacher": 10}"#), (b, r#"{"teacher": 8}"#)] {
        app.exec(
            "UPDATE campaigns SET expected = ? WHERE school_id = ?",
            vec![expected.into(), uuid_value(school)],
        )
        .await;
    }
    app.exec(
        "UPDATE campaigns SET expected = ? WHERE closed_early_at < ?",
        vec![
            r#"{"teacher": 5}"#.into(),
            "2026-01-01T00:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap()
                .into(),
        ],
    )
    .await;
    let teachers = |v: &Value| -> Value {
        v["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["group"] == "teacher")
            .unwrap()
            .clone()
    };
    // The hub sees A's shared campaign of this year only.
    let r = rates(app, &coord, format!("scope=hub&scope_id={hub}")).await;
    assert_eq!(r["shared_only"], true);
    assert_eq!(
        teachers(&r),
        json!({"group": "teacher", "campaigns": 1, "responses": 5, "expected": 10, "rate": 0.5})
    );
    let none = &r["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "student")
        .unwrap()
        .clone();
    assert_eq!(none["campaigns"], 0);
    assert!(none.get("rate").is_none());
    // B's leader sees B's own campaign; the hub's coordinator does not.
    let r = rates(app, lb, format!("scope=school&scope_id={b}")).await;
    assert_eq!(r["shared_only"], false);
    assert_eq!(teachers(&r)["rate"], 0.75);
    let r = rates(app, &coord, format!("scope=school&scope_id={b}")).await;
    assert_eq!(teachers(&r)["campaigns"], 0);
    // Admins see both; last year's period has A's earlier campaign (4 of 5).
    let r = rates(app, &admin, format!("scope=hub&scope_id={hub}")).await;
    assert_eq!(teachers(&r)["responses"], 11);
    assert_eq!(teachers(&r)["expected"], 18);
    let r = rates(
        app,
        &coord,
        format!("scope=hub&scope_id={hub}&from=2025-11&to=2025-11"),
    )
    .await;
    assert_eq!(teachers(&r)["rate"], 0.8);
    // A foreign school is not found; school filters apply.
    app.get(
        &format!("/analytics/response-rates?scope=school&scope_id={a}"),
        lb,
    )
    .await
    .problem(404, "not_found");
    let r = rates(app, &coord, format!("scope=hub&scope_id={hub}&country=FI")).await;
    assert_eq!(teachers(&r)["campaigns"], 0);
}

async fn rates(app: &TestApp, token: &str, q: String) -> Value {
    let path = format!("/analytics/response-rates?{q}");
    let r = app.get(&path, token).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r.body
}

/// A goal on `area` of the school's plan (made on 5 January 2026), from `current` to
/// `target`; its id.
async fn goal(
    app: &TestApp,
    leader: &str,
    plan: &str,
    area: &str,
    current: f64,
    target: f64,
) -> String {
    let r = app
        .post(
            &format!("/plans/{plan}/goals"),
            leader,
            json!({"title": "Better", "area": area, "current_value": current,
                   "target_value": target, "indicator": "The next campaign"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body["goals"].as_array().unwrap().last().unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn plan_goals_count_what_is_measured_and_reached(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Plan Goals Hub").await;
    let coord = app
        .person("coord@pg.example", "hub_coordinator", Some(&hub), None)
        .await;
    let mut schools = Vec::new();
    for (i, name) in ["A", "B"].iter().enumerate() {
        let s = app
            .create_school(&admin, &hub, &format!("School {name}"))
            .await;
        let leader = app
            .person(
                &format!("leader{i}@pg.example"),
                "school_leader",
                Some(&hub),
                Some(&s),
            )
            .await;
        let r = app
            .post(
                &format!("/schools/{s}/plans"),
                &leader,
                json!({"title": "Plan"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        let plan = r.body["id"].as_str().unwrap().to_string();
        schools.push((s, leader, plan));
    }
    let def = app
        .get("/instruments/school-readiness/versions/current", &admin)
        .await
        .body;
    let area = format!(
        "school-readiness:{}",
        def["areas"][0]["key"].as_str().unwrap()
    );
    let item = def["areas"][0]["items"][0]["key"]
        .as_str()
        .unwrap()
        .to_string();
    let (a, la, pa) = &schools[0];
    let (b, lb, pb) = &schools[1];
    // A: its area from 2 to 3.5; a statement of it from 2 to 4.5; a competence area (its
    // staff have published nothing: never measured). B: the area from 2 to 3.
    goal(app, la, pa, &area, 2.0, 3.5).await;
    let on_item = goal(app, la, pa, &area, 2.0, 4.5).await;
    app.exec(
        "UPDATE plan_goals SET source_item = ? WHERE id = ?",
        vec![item.clone().into(), uuid_value(&on_item)],
    )
    .await;
    goal(app, la, pa, "digcompedu-teacher:teaching", 1.0, 2.0).await;
    goal(app, lb, pb, &area, 2.0, 3.0).await;
    app.exec(
        "UPDATE plans SET created_at = ?",
        vec![
            "2026-01-05T08:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap()
                .into(),
        ],
    )
    .await;
    // A's campaign at 4 everywhere closed in March, shared; B's in March too, not shared.
    campaign(app, la, a, "a4", 5, "2026-03-15T10:00:00Z", true).await;
    campaign(app, lb, b, "a4", 5, "2026-03-20T10:00:00Z", false).await;
    let counts = |v: &Value| -> Vec<(u64, u64, u64)> {
        v["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["goals"].as_u64().unwrap(),
                    b["measured"].as_u64().unwrap(),
                    b["reached"].as_u64().unwrap(),
                )
            })
            .collect()
    };
    let hub_q = format!("scope=hub&scope_id={hub}&from=2025-12&to=2026-04");
    let r = plan_goals(app, &coord, &hub_q).await;
    assert_eq!(r["shared_only"], true);
    // December: no plan yet; then four goals, two measured by A's campaign from March
    // (the area reached, the statement at 4 short of 4.5).
    assert_eq!(
        counts(&r),
        [(0, 0, 0), (4, 0, 0), (4, 0, 0), (4, 2, 1), (4, 2, 1)]
    );
    assert_eq!(r["total"], json!({"goals": 4, "measured": 2, "reached": 1}));
    // B's leader sees B's own campaign measure B's goal; the coordinator does not.
    let r = plan_goals(app, lb, &format!("scope=school&scope_id={b}")).await;
    assert_eq!(r["shared_only"], false);
    assert_eq!(r["total"], json!({"goals": 1, "measured": 1, "reached": 1}));
    let r = plan_goals(app, &coord, &format!("scope=school&scope_id={b}")).await;
    assert_eq!(r["total"], json!({"goals": 1, "measured": 0, "reached": 0}));
    // A later campaign of A at 2 (April) measures A's goals from then on: none reached.
    campaign(app, la, a, "a2", 5, "2026-04-10T10:00:00Z", true).await;
    let r = plan_goals(app, &coord, &hub_q).await;
    assert_eq!(
        counts(&r),
        [(0, 0, 0), (4, 0, 0), (4, 0, 0), (4, 2, 1), (4, 2, 0)]
    );
    // A campaign with four teachers shows no result: it measures nothing, and the one
    // before it no longer stands either (the plan shows the latest closed campaign).
    campaign(app, la, a, "a5", 4, "2026-04-20T10:00:00Z", true).await;
    let r = plan_goals(app, &coord, &hub_q).await;
    assert_eq!(r["total"], json!({"goals": 4, "measured": 0, "reached": 0}));
    // The plan's own page agrees: no measured value.
    let plan = app.get(&format!("/plans/{pa}"), la).await;
    assert_eq!(plan.status, StatusCode::OK, "{}", plan.body);
    assert!(
        plan.body["goals"][0]
            .get("measured_value")
            .is_none_or(Value::is_null),
        "{}",
        plan.body
    );
    // The dashboard's part is the endpoint's answer; school filters apply; a foreign
    // school is not found.
    let d = app
        .get(&format!("/analytics/dashboard?{hub_q}"), &coord)
        .await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    assert_eq!(d.body["plan_goals"], plan_goals(app, &coord, &hub_q).await);
    let r = plan_goals(app, &coord, &format!("{hub_q}&country=FI")).await;
    assert_eq!(r["total"]["goals"], 0);
    app.get(
        &format!("/analytics/plan-goals?scope=school&scope_id={a}"),
        lb,
    )
    .await
    .problem(404, "not_found");
    app.get(
        &format!("/analytics/plan-goals?scope=hub&scope_id={hub}&to=2026-13"),
        &coord,
    )
    .await
    .problem(422, "validation_failed");
}

async fn plan_goals(app: &TestApp, token: &str, q: &str) -> Value {
    let path = format!("/analytics/plan-goals?{q}");
    let r = app.get(&path, token).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r.body
}
