//! Structural test: the SQL statements one request issues must not grow with the number
//! of schools, members, responses or activities behind it. The same generator as
//! `ihub seed --scale` makes a small and a ten times larger hub; every report, board,
//! overview and list is called on both and the statement counts (`X-DB-Statements`) must
//! be equal. A query inside a loop over rows shows up here as a difference.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use ihub::seed_scale::{Size, seed};
use reqwest::StatusCode;
use std::collections::BTreeMap;

/// One server per database here (not the two of the other PostgreSQL tests): what a
/// server caches (instrument texts, kept results) is its own, and the counts must come
/// from servers in the same state for the small and the large database.
const ONE_SERVER: &[(&str, &str)] = &[("IHUB_TEST_SECOND_SERVER", "off")];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    let app = TestApp::spawn_with(Backend::Sqlite, ONE_SERVER)
        .await
        .unwrap();
    statements_per_request_do_not_grow_with_the_data(&app).await;
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    if let Some(app) = TestApp::spawn_with(Backend::Postgres, ONE_SERVER).await {
        statements_per_request_do_not_grow_with_the_data(&app).await;
        app.stop().await;
    }
}

/// The requests to count, as (label, path) for the people who make them.
async fn counts(app: &TestApp) -> BTreeMap<String, (u64, usize)> {
    let pw = ihub::seed::DEMO_PASSWORD;
    let coordinator = app.token_for("coordinator.h1@scale.example", pw).await;
    let leader = app.token_for("leader.h1.s8@scale.example", pw).await;
    let teacher = app.token_for("teacher.h1.s3.t1@scale.example", pw).await;
    let mentor = app.token_for("mentor.h1.m1@scale.example", pw).await;
    let mentor_school_leader = app.token_for("leader.h1.s1@scale.example", pw).await;

    let me = app.get("/me", &coordinator).await;
    let hub = me.body["grants"][0]["hub_id"].as_str().unwrap().to_string();
    let programmes = app
        .get(&format!("/programmes?hub_id={hub}"), &coordinator)
        .await;
    let programme = programmes.body[0]["id"].as_str().unwrap().to_string();
    let me = app.get("/me", &leader).await;
    let school = me.body["grants"][0]["school_id"]
        .as_str()
        .unwrap()
        .to_string();
    let campaigns = app
        .get(&format!("/schools/{school}/campaigns"), &leader)
        .await;
    let campaign = campaigns.body[0]["id"].as_str().unwrap().to_string();
    let reflections = app.get("/reflections", &teacher).await;
    let reflection = reflections.body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let relationships = app.get("/relationships", &mentor_school_leader).await;
    let relationship = relationships.body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();

    let calls: Vec<(&str, String, &str)> = vec![
        (
            "hub overview",
            format!("/hubs/{hub}/overview?lang=en"),
            &coordinator,
        ),
        (
            "programme board",
            format!("/programmes/{programme}/board"),
            &coordinator,
        ),
        (
            "programme activities",
            format!("/programmes/{programme}/activities"),
            &coordinator,
        ),
        (
            "programme school options",
            format!("/programmes/{programme}/school-options"),
            &coordinator,
        ),
        (
            "programmes",
            format!("/programmes?hub_id={hub}"),
            &coordinator,
        ),
        (
            "schools of the hub",
            format!("/schools?hub_id={hub}&limit=50"),
            &coordinator,
        ),
        (
            "school search",
            "/schools?q=school&limit=20".to_string(),
            &coordinator,
        ),
        (
            "people of the hub",
            format!("/people?hub_id={hub}&limit=50"),
            &coordinator,
        ),
        (
            "people search",
            "/people?q=tamm&limit=20".to_string(),
            &coordinator,
        ),
        (
            "relationships (coordinator)",
            "/relationships".to_string(),
            &coordinator,
        ),
        (
            "relationships (mentor)",
            "/relationships".to_string(),
            &mentor,
        ),
        (
            "relationship",
            format!("/relationships/{relationship}"),
            &mentor_school_leader,
        ),
        (
            "relationship activities",
            format!("/relationships/{relationship}/activities"),
            &mentor_school_leader,
        ),
        (
            "campaigns of a school",
            format!("/schools/{school}/campaigns"),
            &leader,
        ),
        (
            "campaign report",
            format!("/campaigns/{campaign}/report?lang=en"),
            &leader,
        ),
        (
            "campaign report csv",
            format!("/campaigns/{campaign}/report.csv?lang=en"),
            &leader,
        ),
        ("reflections", "/reflections".to_string(), &teacher),
        (
            "reflection report",
            format!("/reflections/{reflection}/report?lang=en"),
            &teacher,
        ),
        (
            "upcoming activities",
            "/me/upcoming-activities".to_string(),
            &mentor,
        ),
        ("notifications", "/notifications".to_string(), &mentor),
        (
            "indicator: teachers active (hub)",
            format!("/analytics/indicators/teachers_active?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "indicator: reflections (school)",
            format!("/analytics/indicators/reflections_submitted?scope=school&scope_id={school}"),
            &leader,
        ),
        (
            "indicator: schools taking part (programme)",
            format!(
                "/analytics/indicators/schools_taking_part?scope=programme&scope_id={programme}"
            ),
            &coordinator,
        ),
        (
            "indicator: mentoring hours (hub)",
            format!(
                "/analytics/indicators/mentoring_hours?scope=hub&scope_id={hub}&bucket=quarter"
            ),
            &coordinator,
        ),
        (
            "indicator: mentors active (programme)",
            format!("/analytics/indicators/mentors_active?scope=programme&scope_id={programme}"),
            &coordinator,
        ),
        (
            "indicator: campaigns run (school)",
            format!("/analytics/indicators/campaigns_run?scope=school&scope_id={school}"),
            &leader,
        ),
        (
            "indicator: growth measurable (hub)",
            format!("/analytics/indicators/teachers_growth_measurable?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "indicator: plan actions overdue (hub)",
            format!("/analytics/indicators/plan_actions_overdue?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "hours per mentee school (hub)",
            format!("/analytics/school-hours?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "indicator: relationships started (school)",
            format!("/analytics/indicators/relationships_started?scope=school&scope_id={school}"),
            &leader,
        ),
        (
            "growth (hub)",
            format!("/analytics/growth?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "cohorts (hub)",
            format!("/analytics/cohorts?scope=hub&scope_id={hub}&min_weeks=4"),
            &coordinator,
        ),
        (
            "readiness change (hub)",
            format!("/analytics/readiness?scope=hub&scope_id={hub}&min_weeks=4"),
            &coordinator,
        ),
        (
            "growth (school)",
            format!("/analytics/growth?scope=school&scope_id={school}"),
            &leader,
        ),
        (
            "indicator: training targets reached (hub)",
            format!("/analytics/indicators/training_targets_reached?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "dashboard (hub)",
            format!("/analytics/dashboard?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "dashboard (school)",
            format!("/analytics/dashboard?scope=school&scope_id={school}"),
            &leader,
        ),
        (
            "activities by kind and mode (hub)",
            format!("/analytics/activities?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "response rates (hub)",
            format!("/analytics/response-rates?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "relationships by structure and status (hub)",
            format!("/analytics/relationships?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "plan goals (hub)",
            format!("/analytics/plan-goals?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "plan goals (school)",
            format!("/analytics/plan-goals?scope=school&scope_id={school}"),
            &leader,
        ),
        (
            "comparison: schools of a hub",
            format!("/analytics/indicators/teachers_active/comparison?scope=hub&scope_id={hub}"),
            &coordinator,
        ),
        (
            "comparison: a school against its hub",
            format!(
                "/analytics/indicators/reflections_submitted/comparison?scope=school&scope_id={school}"
            ),
            &leader,
        ),
    ];
    let mut out = BTreeMap::new();
    for (label, path, token) in calls {
        // The first call may keep results or warm a cache; the second is the steady state.
        app.get(&path, token).await;
        let r = app
            .client
            .get(app.api(&path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{label}: {path}");
        let n: u64 = r
            .headers()
            .get("x-db-statements")
            .expect("the statement header")
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let body = r.bytes().await.unwrap().len();
        out.insert(label.to_string(), (n, body));
    }
    out
}

async fn statements_per_request_do_not_grow_with_the_data(app: &TestApp) {
    let small = Size {
        hubs: 1,
        schools_per_hub: 10,
        teachers_per_school: 2,
        students_per_campaign: 5,
        activities_per_hub: 60,
        programme_schools: 5,
    };
    seed(&app.state.db, small).await.unwrap();
    let few = counts(app).await;

    // A second database, ten times the schools, members, answers and activities.
    let big_app = TestApp::spawn_with(app.backend, ONE_SERVER).await.unwrap();
    let big = Size {
        schools_per_hub: 100,
        teachers_per_school: 20,
        students_per_campaign: 50,
        activities_per_hub: 600,
        programme_schools: 50,
        ..small
    };
    seed(&big_app.state.db, big).await.unwrap();
    let many = counts(&big_app).await;
    big_app.stop().await;

    let mut grew = Vec::new();
    for (label, (n, bytes)) in &few {
        let (m, big_bytes) = many[label];
        eprintln!("{label:<28} {n:>3} statements ({bytes} bytes)  vs  {m:>3} ({big_bytes} bytes)");
        if m != *n {
            grew.push(format!("{label}: {n} → {m}"));
        }
    }
    assert!(
        grew.is_empty(),
        "statements per request changed with ten times the data: {grew:?}"
    );
}
