//! The Learning Analytics Toolbox: indicators against a hand-built fixture on both
//! databases, buckets cut in the scope's time zone, small groups hidden, people-based
//! figures perturbed exactly as the cell key method says, differencing two views that does
//! not give away one person, the statistics switch, targets, and bad parameters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use ihub::analytics::model::people_cell;
use reqwest::StatusCode;
use serde_json::{Value, json};

const K: u64 = 5;

struct Fixture {
    admin: String,
    hub: String,
    school_a: String,
    school_b: String,
    coord: String,
    leader_a: String,
    /// Teachers of A (5) and of B (4): token and id.
    a: Vec<(String, String)>,
    b: Vec<(String, String)>,
    programme: String,
}

async fn exec(app: &TestApp, sql: &str, values: Vec<sea_orm::Value>) {
    app.exec(sql, values).await
}

fn uuid(s: &str) -> sea_orm::Value {
    uuid_value(s)
}

/// A person's statistics key, set to a known value.
async fn set_key(app: &TestApp, person: &str, key: i64) {
    exec(
        app,
        "UPDATE people SET stat_key = ? WHERE id = ?",
        vec![(key as i32).into(), uuid(person)],
    )
    .await;
}

async fn submitted_at(app: &TestApp, person: &str, at: &str) {
    let at: chrono::DateTime<chrono::Utc> = at.parse().unwrap();
    exec(
        app,
        "UPDATE reflections SET submitted_at = ? WHERE person_id = ?",
        vec![at.into(), uuid(person)],
    )
    .await;
}

fn key_of(i: usize) -> i64 {
    // Distinct, spread over the range of keys.
    (i as i64 * 104_729 + 7_919) % 1_000_000
}

/// Hub (Tallinn time) with schools A (5 teachers) and B (4 teachers), each teacher with one
/// submitted reflection: A's at 10 and 12 March and 15 April (UTC); B's at 22:30 UTC on
/// 31 March, which is 1 April in Tallinn. A programme of 2026 with A enrolled.
async fn fixture(app: &TestApp) -> Fixture {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Analytics Hub").await;
    let school_a = app.create_school(&admin, &hub, "School A").await;
    let school_b = app.create_school(&admin, &hub, "School B").await;
    let coord = app
        .person("coord@an.example", "hub_coordinator", Some(&hub), None)
        .await;
    let leader_a = app
        .person(
            "leader@an.example",
            "school_leader",
            Some(&hub),
            Some(&school_a),
        )
        .await;
    let mut a = Vec::new();
    let mut b = Vec::new();
    for i in 0..9 {
        let (school, list) = if i < 5 {
            (&school_a, &mut a)
        } else {
            (&school_b, &mut b)
        };
        let t = app
            .person(
                &format!("t{i}@an.example"),
                "teacher",
                Some(&hub),
                Some(school),
            )
            .await;
        let id = app.get("/me", &t).await.body["id"]
            .as_str()
            .unwrap()
            .to_string();
        submit_all(app, &t, "b1").await;
        set_key(app, &id, key_of(i)).await;
        let at = match i {
            0..=2 => "2026-03-10T10:00:00+00:00",
            3 => "2026-03-12T10:00:00+00:00",
            4 => "2026-04-15T10:00:00+00:00",
            _ => "2026-03-31T22:30:00+00:00",
        };
        submitted_at(app, &id, at).await;
        list.push((t, id));
    }
    let programme = programme_2026_with_mentee(app, &coord, &hub, &school_a).await;
    Fixture {
        admin,
        hub,
        school_a,
        school_b,
        coord,
        leader_a,
        a,
        b,
        programme,
    }
}

async fn indicator(app: &TestApp, token: &str, key: &str, query: &str) -> Value {
    let r = app
        .get(&format!("/analytics/indicators/{key}?{query}"), token)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{key}?{query}: {}", r.body);
    r.body
}

/// The published cell the model gives for these people (teacher indexes of the fixture).
fn expected(value: f64, people: &[usize]) -> Value {
    let sum: i64 = people.iter().map(|i| key_of(*i)).sum();
    let c = people_cell(value, people.len() as u64, sum, K);
    match c.value {
        Some(v) => json!({"value": v}),
        None => json!({"suppressed": "below_threshold"}),
    }
}

fn cell(v: &Value) -> Value {
    let mut out = serde_json::Map::new();
    for k in ["value", "suppressed"] {
        if let Some(x) = v.get(k) {
            out.insert(k.into(), x.clone());
        }
    }
    Value::Object(out)
}

on_both!(
    comparisons_set_units_side_by_side_and_hide_what_could_be_worked_out,
    training_hours_and_targets_follow_the_attendance,
    a_dashboard_is_its_parts_in_one_request,
    relationships_are_counted_in_the_month_they_started,
    hours_per_mentee_school_stand_against_the_programme_range,
    plan_actions_are_counted_in_the_month_they_were_due,
    school_filters_narrow_the_schools_and_their_difference_gives_nobody_away,
    the_rest_of_the_catalogue_counts_the_fixture,
    indicators_count_the_fixture_in_the_hubs_time_zone_and_hide_small_groups,
    comparing_two_views_does_not_give_away_one_person,
    targets_are_set_per_hub_and_the_platform_falls_back_to_the_catalogue,
    bad_parameters_are_named_and_foreign_scopes_are_not_found,
);

async fn indicators_count_the_fixture_in_the_hubs_time_zone_and_hide_small_groups(app: &TestApp) {
    let f = fixture(app).await;
    let hub_q = format!("scope=hub&scope_id={}&from=2026-03&to=2026-04", f.hub);
    let r = indicator(app, &f.coord, "reflections_submitted", &hub_q).await;
    assert_eq!(r["time_zone"], "Europe/Tallinn");
    assert_eq!(r["threshold"], K);
    assert_eq!(r["perturbed"], true);
    assert_eq!(r["from"], "2026-03-01");
    assert_eq!(r["to"], "2026-04-30");
    let series = r["series"].as_array().unwrap();
    assert_eq!(series[0]["label"], "2026-03");
    // March: A's four (B's were in April, Tallinn time): hidden. April: A's fifth and
    // B's four: shown. In UTC it would have been eight and one.
    assert_eq!(cell(&series[0]), expected(4.0, &[0, 1, 2, 3]));
    assert_eq!(series[0]["suppressed"], "below_threshold");
    assert_eq!(cell(&series[1]), expected(5.0, &[4, 5, 6, 7, 8]));
    assert!(series[1]["value"].as_f64().unwrap() >= K as f64);
    assert_eq!(
        cell(&r["total"]),
        expected(9.0, &[0, 1, 2, 3, 4, 5, 6, 7, 8])
    );
    assert!(r.get("target").is_none());

    // Teachers active: the same people (nobody attended anything else yet).
    let t = indicator(app, &f.coord, "teachers_active", &hub_q).await;
    assert_eq!(
        cell(&t["total"]),
        expected(9.0, &[0, 1, 2, 3, 4, 5, 6, 7, 8])
    );

    // The school's leader: A's five over the period are shown, each month hidden.
    let a_q = format!(
        "scope=school&scope_id={}&from=2026-03&to=2026-04",
        f.school_a
    );
    let r = indicator(app, &f.leader_a, "reflections_submitted", &a_q).await;
    assert_eq!(cell(&r["total"]), expected(5.0, &[0, 1, 2, 3, 4]));
    assert_eq!(r["series"][1]["suppressed"], "below_threshold");
    // B's four are hidden, for the coordinator too.
    let b_q = format!(
        "scope=school&scope_id={}&from=2026-03&to=2026-04",
        f.school_b
    );
    let r = indicator(app, &f.coord, "reflections_submitted", &b_q).await;
    assert_eq!(r["total"], json!({"suppressed": "below_threshold"}));

    // A teacher who leaves statistics is no longer counted: A falls below the threshold.
    let me = app
        .patch("/me", &f.a[0].0, json!({"in_statistics": false}))
        .await;
    assert_eq!(me.status, StatusCode::OK, "{}", me.body);
    assert_eq!(me.body["in_statistics"], false);
    let r = indicator(app, &f.leader_a, "reflections_submitted", &a_q).await;
    assert_eq!(r["total"], json!({"suppressed": "below_threshold"}));
    let r = indicator(app, &f.coord, "teachers_active", &hub_q).await;
    assert_eq!(cell(&r["total"]), expected(8.0, &[1, 2, 3, 4, 5, 6, 7, 8]));

    // Mentoring hours and schools taking part are exact (not computed from answers).
    let workshop = |date: &str, minutes: i64, state: &str, attendees: Vec<String>| {
        json!({"programme_id": f.programme, "date": date, "duration_minutes": minutes,
               "mode": "on_site", "kind": "workshop", "state": state, "attendees": attendees})
    };
    for (date, minutes, state) in [
        ("2026-03-05", 90, "final"),
        ("2026-04-02", 60, "final"),
        ("2026-04-03", 600, "draft"),
    ] {
        let r = app
            .post(
                "/activities",
                &f.coord,
                workshop(date, minutes, state, vec![f.a[0].1.clone()]),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    for scope in [
        format!("scope=hub&scope_id={}", f.hub),
        format!("scope=programme&scope_id={}", f.programme),
    ] {
        let r = indicator(
            app,
            &f.coord,
            "mentoring_hours",
            &format!("{scope}&from=2026-03&to=2026-04"),
        )
        .await;
        assert_eq!(r["perturbed"], false);
        assert_eq!(r["series"][0]["value"], 1.5, "{scope}");
        assert_eq!(r["series"][1]["value"], 1.0, "{scope}");
        assert_eq!(r["total"]["value"], 2.5, "{scope}");
    }
    // The same activities by kind and mode, with an online meeting in April (the draft
    // is not counted).
    let r = app
        .post(
            "/activities",
            &f.coord,
            json!({"programme_id": f.programme, "date": "2026-04-10", "duration_minutes": 30,
                   "mode": "online", "kind": "meeting", "state": "final", "attendees": []}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let q = format!("scope=hub&scope_id={}&from=2026-03&to=2026-04", f.hub);
    let r = app
        .get(&format!("/analytics/activities?{q}"), &f.coord)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let count = |kind: &str, mode: &str, n: u64, h: f64| json!({"kind": kind, "mode": mode, "activities": n, "hours": h});
    assert_eq!(
        r.body["series"][0]["counts"],
        json!([count("workshop", "on_site", 1, 1.5)])
    );
    assert_eq!(
        r.body["series"][1]["counts"],
        json!([
            count("meeting", "online", 1, 0.5),
            count("workshop", "on_site", 1, 1.0)
        ])
    );
    assert_eq!(
        r.body["total"],
        json!([
            count("meeting", "online", 1, 0.5),
            count("workshop", "on_site", 2, 2.5)
        ])
    );
    // A school's: of the relationships it takes part in (none here); no school filters.
    let r = app
        .get(
            &format!(
                "/analytics/activities?scope=school&scope_id={}&from=2026-03&to=2026-04",
                f.school_a
            ),
            &f.leader_a,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["total"], json!([]));
    app.get(&format!("/analytics/activities?{q}&language=et"), &f.coord)
        .await
        .problem(422, "validation_failed");
    app.get(&format!("/analytics/activities?{q}"), &f.leader_a)
        .await
        .problem(404, "not_found");
    // The teacher who left statistics attended a workshop: active again, through it.
    let r = indicator(app, &f.coord, "teachers_active", &hub_q).await;
    assert_eq!(
        cell(&r["total"]),
        expected(9.0, &[0, 1, 2, 3, 4, 5, 6, 7, 8])
    );
    let r = indicator(
        app,
        &f.coord,
        "schools_taking_part",
        &format!("{hub_q}&bucket=quarter"),
    )
    .await;
    let labels: Vec<&str> = r["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2026-Q1", "2026-Q2"]);
    assert_eq!(r["series"][0]["value"], 1.0);
    assert_eq!(r["total"]["value"], 1.0);
    // The platform (admins): the project's own target of 75 schools, not met.
    let r = indicator(
        app,
        &f.admin,
        "schools_taking_part",
        "scope=platform&from=2026-03&to=2026-04",
    )
    .await;
    assert_eq!(r["target"], 75.0);
    assert_eq!(r["target_source"], "default");
    assert_eq!(r["status"], "below");
    // Nothing before the programme and the reflections: zeros, shown as such.
    let r = indicator(
        app,
        &f.coord,
        "teachers_active",
        &format!("scope=hub&scope_id={}&from=2025-01&to=2025-02", f.hub),
    )
    .await;
    assert_eq!(r["total"], json!({"value": 0.0}));
    assert_eq!(r["trend"], "flat");
}

async fn comparing_two_views_does_not_give_away_one_person(app: &TestApp) {
    let f = fixture(app).await;
    // The attacker's views: the hub's April (five people) with and without B's last
    // teacher (who leaves statistics). Without perturbation the difference would be
    // exactly one, every time. With it, the difference is noise around one: over twenty
    // sets of keys it is often not one, and each published figure is exactly what the
    // cell key method gives for its people.
    let q = format!("scope=hub&scope_id={}&from=2026-04&to=2026-04", f.hub);
    let leaver = &f.b[3];
    let mut exactly_one = 0;
    for round in 0..20usize {
        for i in 0..9 {
            let person = if i < 5 { &f.a[i].1 } else { &f.b[i - 5].1 };
            set_key(
                app,
                person,
                (key_of(i) * (round as i64 + 3) + round as i64 * 7) % 1_000_000,
            )
            .await;
        }
        let keys: Vec<i64> = (0..9)
            .map(|i| (key_of(i) * (round as i64 + 3) + round as i64 * 7) % 1_000_000)
            .collect();
        app.patch("/me", &leaver.0, json!({"in_statistics": true}))
            .await;
        let with = indicator(app, &f.coord, "reflections_submitted", &q).await;
        app.patch("/me", &leaver.0, json!({"in_statistics": false}))
            .await;
        let without = indicator(app, &f.coord, "reflections_submitted", &q).await;
        let model = |people: &[usize]| {
            let c = people_cell(
                people.len() as f64,
                people.len() as u64,
                people.iter().map(|i| keys[*i]).sum(),
                K,
            );
            c.value
        };
        assert_eq!(with["total"]["value"].as_f64(), model(&[4, 5, 6, 7, 8]));
        // Without the leaver April rests on four people: hidden, not a smaller number.
        assert_eq!(without["total"]["suppressed"], "below_threshold");
        // And the period of two months, where both views are shown.
        let q2 = format!("scope=hub&scope_id={}&from=2026-03&to=2026-04", f.hub);
        let without2 = indicator(app, &f.coord, "reflections_submitted", &q2).await;
        app.patch("/me", &leaver.0, json!({"in_statistics": true}))
            .await;
        let with2 = indicator(app, &f.coord, "reflections_submitted", &q2).await;
        let (w, wo) = (
            with2["total"]["value"].as_f64().unwrap(),
            without2["total"]["value"].as_f64().unwrap(),
        );
        assert_eq!(Some(w), model(&[0, 1, 2, 3, 4, 5, 6, 7, 8]));
        assert_eq!(Some(wo), model(&[0, 1, 2, 3, 4, 5, 6, 7]));
        if w - wo == 1.0 {
            exactly_one += 1;
        }
    }
    assert!(
        exactly_one <= 12,
        "the difference of the two views gave the one person away {exactly_one} times of 20"
    );
}

async fn targets_are_set_per_hub_and_the_platform_falls_back_to_the_catalogue(app: &TestApp) {
    let f = fixture(app).await;
    let hub_scope = format!("scope=hub&scope_id={}", f.hub);
    let r = app
        .get(&format!("/analytics/targets?{hub_scope}"), &f.coord)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body, json!([]));
    let r = app
        .put(
            &format!("/analytics/targets/teachers_active?{hub_scope}"),
            &f.coord,
            json!({"target": 8}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["target"], 8.0);
    // A second write replaces the first.
    app.put(
        &format!("/analytics/targets/teachers_active?{hub_scope}"),
        &f.coord,
        json!({"target": 7}),
    )
    .await;
    let r = indicator(
        app,
        &f.coord,
        "teachers_active",
        &format!("{hub_scope}&from=2026-03&to=2026-04"),
    )
    .await;
    assert_eq!(r["target"], 7.0);
    assert_eq!(r["target_source"], "hub");
    assert_eq!(r["status"], "met");
    let log = app
        .get("/audit?action=analytics.target_set", &f.admin)
        .await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    let entries = log.body["items"].as_array().unwrap();
    assert!(
        entries
            .iter()
            .any(|e| e["action"] == "analytics.target_set"),
        "{}",
        log.body
    );
    // The platform's defaults: 75 schools and 600 teachers until an admin sets their own.
    let r = app.get("/analytics/targets?scope=platform", &f.admin).await;
    let teachers = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["indicator"] == "teachers_active")
        .unwrap()
        .clone();
    assert_eq!(teachers["target"], 600.0);
    assert_eq!(teachers["set"], false);
    // The school's leader may not set the hub's targets (nor see them), the coordinator
    // not the platform's; bad targets are refused.
    app.put(
        &format!("/analytics/targets/teachers_active?{hub_scope}"),
        &f.leader_a,
        json!({"target": 1}),
    )
    .await
    .problem(404, "not_found");
    app.put(
        "/analytics/targets/teachers_active?scope=platform",
        &f.coord,
        json!({"target": 1}),
    )
    .await
    .problem(403, "forbidden");
    for bad in [json!({"target": -1}), json!({"target": "many"}), json!({})] {
        let r = app
            .put(
                &format!("/analytics/targets/teachers_active?{hub_scope}"),
                &f.coord,
                bad,
            )
            .await;
        assert!(r.status.is_client_error(), "{}", r.body);
    }
    let r = app
        .delete(
            &format!("/analytics/targets/teachers_active?{hub_scope}"),
            &f.coord,
        )
        .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    app.delete(
        &format!("/analytics/targets/teachers_active?{hub_scope}"),
        &f.coord,
    )
    .await
    .problem(404, "not_found");
}

async fn bad_parameters_are_named_and_foreign_scopes_are_not_found(app: &TestApp) {
    let f = fixture(app).await;
    let c = app.get("/analytics/indicators?lang=et", &f.coord).await;
    assert_eq!(c.status, StatusCode::OK);
    assert_eq!(
        c.body.as_array().unwrap().len(),
        ihub::analytics::model::CATALOGUE.len()
    );
    assert_eq!(c.body[1]["key"], "teachers_active");
    assert_eq!(c.body[1]["title"], "Aktiivsed õpetajad");
    let hub = &f.hub;
    for (query, field) in [
        (String::new(), "scope"),
        ("scope=galaxy".to_string(), "scope"),
        ("scope=hub".to_string(), "scope_id"),
        ("scope=hub&scope_id=nope".to_string(), "scope_id"),
        (format!("scope=hub&scope_id={hub}&from=2026-13"), "from"),
        (format!("scope=hub&scope_id={hub}&to=26-01"), "to"),
        (format!("scope=hub&scope_id={hub}&bucket=week"), "bucket"),
        (
            format!("scope=hub&scope_id={hub}&from=2026-05&to=2026-04"),
            "from",
        ),
        (
            format!("scope=hub&scope_id={hub}&from=2020-01&to=2026-04"),
            "from",
        ),
        (format!("scope=platform&scope_id={hub}"), "scope_id"),
    ] {
        let r = app
            .get(
                &format!("/analytics/indicators/teachers_active?{query}"),
                &f.coord,
            )
            .await;
        r.problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["field"], field, "{query}: {}", r.body);
    }
    let r = app
        .get(
            &format!(
                "/analytics/indicators/schools_taking_part?scope=school&scope_id={}",
                f.school_a
            ),
            &f.coord,
        )
        .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "scope");
    app.get(
        &format!("/analytics/indicators/happiness?scope=hub&scope_id={hub}"),
        &f.coord,
    )
    .await
    .problem(404, "not_found");
    // Foreign scopes: another hub's coordinator, a teacher, the leader for the other school.
    let admin = &f.admin;
    let other_hub = app.create_hub(admin, "Other Hub").await;
    let other = app
        .person(
            "other@an.example",
            "hub_coordinator",
            Some(&other_hub),
            None,
        )
        .await;
    let path = |scope: &str, id: &str| {
        format!("/analytics/indicators/teachers_active?scope={scope}&scope_id={id}")
    };
    app.get(&path("hub", hub), &other)
        .await
        .problem(404, "not_found");
    app.get(&path("school", &f.school_a), &other)
        .await
        .problem(404, "not_found");
    app.get(&path("programme", &f.programme), &other)
        .await
        .problem(404, "not_found");
    app.get(&path("hub", hub), &f.a[1].0)
        .await
        .problem(404, "not_found");
    app.get(&path("school", &f.school_b), &f.leader_a)
        .await
        .problem(404, "not_found");
    app.get(&path("hub", &uuid::Uuid::now_v7().to_string()), admin)
        .await
        .problem(404, "not_found");
    app.get(
        "/analytics/indicators/teachers_active?scope=platform",
        &f.coord,
    )
    .await
    .problem(403, "forbidden");
}

/// Reflections started, teachers whose growth can be measured, campaigns run, mentors and
/// school leaders active, against the fixture.
async fn the_rest_of_the_catalogue_counts_the_fixture(app: &TestApp) {
    let f = fixture(app).await;
    let all: Vec<usize> = (0..9).collect();
    let hub_q = |from: &str, to: &str| format!("scope=hub&scope_id={}&from={from}&to={to}", f.hub);
    // Every reflection was started when it was submitted (B's at 22:30 UTC on 31 March,
    // 1 April in Tallinn).
    exec(
        app,
        "UPDATE reflections SET started_at = submitted_at WHERE submitted_at IS NOT NULL",
        vec![],
    )
    .await;
    let r = indicator(
        app,
        &f.coord,
        "reflections_started",
        &hub_q("2026-03", "2026-04"),
    )
    .await;
    assert_eq!(r["series"][0]["suppressed"], "below_threshold");
    assert_eq!(cell(&r["series"][1]), expected(5.0, &[4, 5, 6, 7, 8]));
    assert_eq!(cell(&r["total"]), expected(9.0, &all));

    // A's five reflect again in May: their growth becomes measurable then, nobody's before.
    let may: chrono::DateTime<chrono::Utc> = "2026-05-10T10:00:00+00:00".parse().unwrap();
    let june: chrono::DateTime<chrono::Utc> = "2026-06-01T00:00:00+00:00".parse().unwrap();
    for (token, id) in &f.a {
        submit_all(app, token, "b2").await;
        exec(
            app,
            "UPDATE reflections SET submitted_at = ? WHERE person_id = ? AND submitted_at > ?",
            vec![may.into(), uuid(id), june.into()],
        )
        .await;
    }
    let r = indicator(
        app,
        &f.coord,
        "teachers_growth_measurable",
        &hub_q("2026-03", "2026-05"),
    )
    .await;
    assert_eq!(r["series"][0]["value"], 0.0);
    assert_eq!(r["series"][1]["value"], 0.0);
    assert_eq!(cell(&r["series"][2]), expected(5.0, &[0, 1, 2, 3, 4]));
    assert_eq!(cell(&r["total"]), expected(5.0, &[0, 1, 2, 3, 4]));

    // A campaign of school A open from 20 March to 10 April: one in each month, one in all.
    let c = app
        .post(
            &format!("/schools/{}/campaigns", f.school_a),
            &f.leader_a,
            json!({"name": "Spring", "groups": ["leader", "teacher"],
                   "opens_on": chrono::Utc::now().date_naive().to_string(),
                   "closes_on": (chrono::Utc::now().date_naive() + chrono::Days::new(14)).to_string()}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
    exec(
        app,
        "UPDATE campaigns SET opens_on = '2026-03-20', closes_on = '2026-04-10' WHERE id = ?",
        vec![uuid(c.body["id"].as_str().unwrap())],
    )
    .await;
    for scope in [
        hub_q("2026-02", "2026-04"),
        format!(
            "scope=school&scope_id={}&from=2026-02&to=2026-04",
            f.school_a
        ),
    ] {
        let r = indicator(app, &f.coord, "campaigns_run", &scope).await;
        assert_eq!(r["perturbed"], false);
        assert_eq!(r["unit"], "campaigns");
        let values: Vec<f64> = r["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["value"].as_f64().unwrap())
            .collect();
        assert_eq!(values, [0.0, 1.0, 1.0], "{scope}");
        assert_eq!(r["total"]["value"], 1.0);
    }
    let r = indicator(
        app,
        &f.coord,
        "campaigns_run",
        &format!(
            "scope=school&scope_id={}&from=2026-02&to=2026-04",
            f.school_b
        ),
    )
    .await;
    assert_eq!(r["total"]["value"], 0.0);

    // Five of the hub's mentors and A's leader attend a workshop of the programme on
    // 2 April: five mentors active (shown), one leader (hidden).
    let mut attendees = Vec::new();
    for i in 0..5 {
        let t = app
            .person(&format!("m{i}@an.example"), "mentor", Some(&f.hub), None)
            .await;
        let id = app.get("/me", &t).await.body["id"]
            .as_str()
            .unwrap()
            .to_string();
        set_key(app, &id, key_of(20 + i)).await;
        attendees.push(id);
    }
    let leader_id = app.get("/me", &f.leader_a).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    attendees.push(leader_id);
    let r = app
        .post(
            "/activities",
            &f.coord,
            json!({"programme_id": f.programme, "date": "2026-04-02", "duration_minutes": 60,
                   "mode": "online", "kind": "workshop", "state": "final",
                   "attendees": attendees}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    for scope in [
        hub_q("2026-03", "2026-04"),
        format!(
            "scope=programme&scope_id={}&from=2026-03&to=2026-04",
            f.programme
        ),
    ] {
        let r = indicator(app, &f.coord, "mentors_active", &scope).await;
        assert_eq!(r["series"][0]["value"], 0.0, "{scope}");
        assert_eq!(cell(&r["series"][1]), expected(5.0, &[20, 21, 22, 23, 24]));
        let r = indicator(app, &f.coord, "school_leaders_active", &scope).await;
        assert_eq!(r["total"]["suppressed"], "below_threshold", "{scope}");
    }
    // Mentors belong to a hub, not a school: the school scope does not offer them.
    let r = app
        .get(
            &format!(
                "/analytics/indicators/mentors_active?scope=school&scope_id={}",
                f.school_a
            ),
            &f.coord,
        )
        .await;
    r.problem(422, "validation_failed");
    let r = indicator(
        app,
        &f.leader_a,
        "school_leaders_active",
        &format!(
            "scope=school&scope_id={}&from=2026-04&to=2026-04",
            f.school_a
        ),
    )
    .await;
    assert_eq!(r["total"]["suppressed"], "below_threshold");
}

/// A is a primary school teaching in Estonian, B a basic school teaching in Estonian and
/// Russian (the fixture's hub is Estonian).
async fn school_filters_narrow_the_schools_and_their_difference_gives_nobody_away(app: &TestApp) {
    let f = fixture(app).await;
    exec(
        app,
        "UPDATE schools SET kind = 'primary', languages = 'et', country = 'EE' WHERE id = ?",
        vec![uuid(&f.school_a)],
    )
    .await;
    exec(
        app,
        "UPDATE schools SET kind = 'basic', languages = 'et,ru', country = 'EE' WHERE id = ?",
        vec![uuid(&f.school_b)],
    )
    .await;
    let base = format!("scope=hub&scope_id={}&from=2026-03&to=2026-04", f.hub);
    let all: Vec<usize> = (0..9).collect();
    let a: Vec<usize> = (0..5).collect();
    for (filter, people) in [
        ("", &all[..]),
        ("&country=EE", &all[..]),
        ("&school_kind=primary", &a[..]),
        ("&language=et", &all[..]),
        ("&language=ru", &[5, 6, 7, 8][..]),
        ("&school_kind=basic&language=ru", &[5, 6, 7, 8][..]),
        ("&country=FI", &[][..]),
    ] {
        let r = indicator(
            app,
            &f.coord,
            "reflections_submitted",
            &format!("{base}{filter}"),
        )
        .await;
        assert_eq!(
            cell(&r["total"]),
            expected(people.len() as f64, people),
            "{filter}"
        );
    }
    let r = indicator(
        app,
        &f.coord,
        "teachers_active",
        &format!("{base}&language=ru"),
    )
    .await;
    assert_eq!(r["filters"], json!({"language": "ru"}));
    // Growth and cohorts take the same filters.
    let g = app
        .get(
            &format!("/analytics/growth?{base}&school_kind=primary&country=EE"),
            &f.coord,
        )
        .await;
    assert_eq!(g.status, StatusCode::OK, "{}", g.body);
    assert_eq!(
        g.body["filters"],
        json!({"country": "EE", "school_kind": "primary"})
    );
    // Hours belong to hubs and programmes: no school filters there; bad filters are named.
    for (query, field) in [
        ("mentoring_hours", "&country=EE", "country"),
        ("mentors_active", "&language=et", "language"),
        ("teachers_active", "&country=ee", "country"),
        ("teachers_active", "&school_kind=castle", "school_kind"),
        ("teachers_active", "&language=Estonian", "language"),
    ]
    .iter()
    .map(|(k, q, fld)| (format!("/analytics/indicators/{k}?{base}{q}"), *fld))
    {
        let r = app.get(&query, &f.coord).await;
        r.problem(422, "validation_failed");
        assert!(r.body.to_string().contains(field), "{query}: {}", r.body);
    }

    // Differencing: the hub's teachers minus the primary school's would be B's four
    // (below the threshold) if the figures were exact. Over twenty sets of keys, the
    // difference of the published figures is often not four, and each figure is what the
    // cell key method gives for its own people.
    let mut exactly = 0;
    for round in 0..20i64 {
        let keys: Vec<i64> = (0..9)
            .map(|i| (key_of(i) * (round + 5) + round * 11) % 1_000_000)
            .collect();
        for (i, k) in keys.iter().enumerate() {
            let person = if i < 5 { &f.a[i].1 } else { &f.b[i - 5].1 };
            set_key(app, person, *k).await;
        }
        let model = |people: &[usize]| {
            people_cell(
                people.len() as f64,
                people.len() as u64,
                people.iter().map(|i| keys[*i]).sum(),
                K,
            )
            .value
            .unwrap()
        };
        let hub = indicator(app, &f.coord, "teachers_active", &base).await["total"]["value"]
            .as_f64()
            .unwrap();
        let primary = indicator(
            app,
            &f.coord,
            "teachers_active",
            &format!("{base}&school_kind=primary"),
        )
        .await["total"]["value"]
            .as_f64()
            .unwrap();
        assert_eq!(hub, model(&all));
        assert_eq!(primary, model(&a));
        if hub - primary == 4.0 {
            exactly += 1;
        }
    }
    assert!(
        exactly <= 12,
        "the difference of the filtered views gave B's four away {exactly} times of 20"
    );
}

async fn plan_actions_are_counted_in_the_month_they_were_due(app: &TestApp) {
    let f = fixture(app).await;
    let plan = app
        .post(
            &format!("/schools/{}/plans", f.school_a),
            &f.leader_a,
            json!({"title": "Our digital plan"}),
        )
        .await;
    assert_eq!(plan.status, StatusCode::CREATED, "{}", plan.body);
    let plan = plan.body["id"].as_str().unwrap().to_string();
    let goal = app
        .post(
            &format!("/plans/{plan}/goals"),
            &f.leader_a,
            json!({"title": "Devices for every class", "area": "school-readiness:infrastructure",
                   "current_value": 2.5, "target_value": 3.5, "indicator": "Campaign mean"}),
        )
        .await;
    assert_eq!(goal.status, StatusCode::OK, "{}", goal.body);
    let goal = goal.body["goals"][0]["id"].as_str().unwrap().to_string();
    let later = (chrono::Utc::now().date_naive() + chrono::Days::new(30)).to_string();
    // March: one done, one planned (overdue); April: one in progress (overdue), one
    // dropped; one done without a due date and one planned for next month: neither counts.
    for (title, due, status) in [
        ("Inventory", Some("2026-03-10"), "done"),
        ("Order", Some("2026-03-20"), "planned"),
        ("Install", Some("2026-04-05"), "in_progress"),
        ("Pilot", Some("2026-04-06"), "dropped"),
        ("Talk", None, "done"),
        ("Review", Some(later.as_str()), "planned"),
    ] {
        let r = app
            .post(
                &format!("/plans/{plan}/goals/{goal}/actions"),
                &f.leader_a,
                json!({"title": title, "due_on": due, "status": status}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{title}: {}", r.body);
    }
    let values = |r: &Value| -> Vec<f64> {
        r["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["value"].as_f64().unwrap())
            .collect()
    };
    let hub_q = format!("scope=hub&scope_id={}&from=2026-03&to=2026-04", f.hub);
    let done = indicator(app, &f.coord, "plan_actions_done", &hub_q).await;
    assert_eq!(done["unit"], "actions");
    assert_eq!(done["perturbed"], false);
    assert_eq!(values(&done), [1.0, 0.0]);
    assert_eq!(done["total"]["value"], 1.0);
    let overdue = indicator(app, &f.coord, "plan_actions_overdue", &hub_q).await;
    assert_eq!(values(&overdue), [1.0, 1.0]);
    assert_eq!(overdue["total"]["value"], 2.0);
    // School B has no plan; the programme's scope is its mentee school A.
    let b = indicator(
        app,
        &f.coord,
        "plan_actions_overdue",
        &format!(
            "scope=school&scope_id={}&from=2026-03&to=2026-04",
            f.school_b
        ),
    )
    .await;
    assert_eq!(b["total"]["value"], 0.0);
    let p = indicator(
        app,
        &f.coord,
        "plan_actions_overdue",
        &format!(
            "scope=programme&scope_id={}&from=2026-03&to=2026-04",
            f.programme
        ),
    )
    .await;
    assert_eq!(p["total"]["value"], 2.0);
    // Overdue actions have a ceiling: two against a target of one is above it.
    let r = app
        .put(
            &format!(
                "/analytics/targets/plan_actions_overdue?scope=hub&scope_id={}",
                f.hub
            ),
            &f.coord,
            json!({"target": 1}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let overdue = indicator(app, &f.coord, "plan_actions_overdue", &hub_q).await;
    assert_eq!(overdue["status"], "above");
    let r = app
        .put(
            &format!(
                "/analytics/targets/plan_actions_overdue?scope=hub&scope_id={}",
                f.hub
            ),
            &f.coord,
            json!({"target": 2}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let overdue = indicator(app, &f.coord, "plan_actions_overdue", &hub_q).await;
    assert_eq!(overdue["status"], "met");
}

async fn hours_per_mentee_school_stand_against_the_programme_range(app: &TestApp) {
    let f = fixture(app).await;
    // School B joins the programme as a mentee school too; only A has a relationship.
    let r = app
        .post(
            &format!("/programmes/{}/schools", f.programme),
            &f.coord,
            json!({"school_id": f.school_b, "role": "mentee_school"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let mentor = app
        .person("mx@an.example", "mentor", Some(&f.hub), None)
        .await;
    let mentor_id = app.get("/me", &mentor).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .post(
            "/relationships",
            &f.coord,
            json!({"programme_id": f.programme, "kind": "expert_to_school", "title": "Expert with A",
                   "participants": [{"person_id": mentor_id, "role": "mentor"},
                                    {"school_id": f.school_a, "role": "mentee"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rel = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("/relationships/{rel}/transitions"),
            &f.coord,
            json!({"to": "active"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let today = chrono::Utc::now().date_naive();
    // 6 h and 5 h final, 3 h planned: 11 h against 10–40 h.
    for (minutes, state, days) in [(360, "final", 2u64), (300, "final", 1), (180, "planned", 0)] {
        let r = app
            .post(
                "/activities",
                &mentor,
                json!({"relationship_id": rel, "date": (today - chrono::Days::new(days)).to_string(),
                       "duration_minutes": minutes, "mode": "on_site", "kind": "meeting",
                       "state": state, "attendees": [], "topics": [], "notes": "", "evidence": []}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    let q = format!("/analytics/school-hours?scope=hub&scope_id={}", f.hub);
    let r = app.get(&q, &f.coord).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let b = &r.body;
    assert_eq!(
        (b["below"].clone(), b["within"].clone(), b["above"].clone()),
        (json!(1), json!(1), json!(0)),
        "{b}"
    );
    let rows = b["schools"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    // Furthest below first: B with nothing, then A with 11 hours.
    assert_eq!(rows[0]["school_id"], f.school_b.as_str());
    assert_eq!(rows[0]["hours"]["minutes"], 0);
    assert_eq!(rows[0]["hours"]["against_target"], "below");
    assert_eq!(rows[1]["school_id"], f.school_a.as_str());
    assert_eq!(rows[1]["hours"]["hours"], 11.0);
    assert_eq!(rows[1]["hours"]["against_target"], "within");
    assert_eq!(
        (rows[1]["min_hours"].clone(), rows[1]["max_hours"].clone()),
        (json!(10), json!(40))
    );
    // The programme's scope, the school's (its leader), and a period before the programme.
    let r = app
        .get(
            &format!(
                "/analytics/school-hours?scope=programme&scope_id={}",
                f.programme
            ),
            &f.coord,
        )
        .await;
    assert_eq!(r.body["schools"].as_array().unwrap().len(), 2);
    let r = app
        .get(
            &format!(
                "/analytics/school-hours?scope=school&scope_id={}",
                f.school_a
            ),
            &f.leader_a,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["schools"].as_array().unwrap().len(), 1);
    assert_eq!(r.body["schools"][0]["hours"]["minutes"], 660);
    let r = app
        .get(
            &format!(
                "/analytics/school-hours?scope=hub&scope_id={}&from=2025-01&to=2025-06",
                f.hub
            ),
            &f.coord,
        )
        .await;
    assert_eq!(r.body["schools"], json!([]));
    // The school filter: B is a basic school like A, so a primary-only view is empty.
    let r = app
        .get(
            &format!(
                "/analytics/school-hours?scope=hub&scope_id={}&school_kind=primary",
                f.hub
            ),
            &f.coord,
        )
        .await;
    assert_eq!(r.body["schools"], json!([]), "{}", r.body);
    // Another school's leader does not see A's hours; bad parameters are named.
    app.get(
        &format!(
            "/analytics/school-hours?scope=school&scope_id={}",
            f.school_b
        ),
        &f.leader_a,
    )
    .await
    .problem(404, "not_found");
    let r = app
        .get(
            &format!(
                "/analytics/school-hours?scope=hub&scope_id={}&from=2026-13",
                f.hub
            ),
            &f.coord,
        )
        .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "from");
}

async fn relationships_are_counted_in_the_month_they_started(app: &TestApp) {
    let f = fixture(app).await;
    let mentor = app
        .person("rm@an.example", "mentor", Some(&f.hub), None)
        .await;
    let mentor_id = app.get("/me", &mentor).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut rels = Vec::new();
    for body in [
        // The programme's expert with school A; two teachers of school B; two more of B.
        json!({"programme_id": f.programme, "kind": "expert_to_school", "title": "Expert with A",
               "participants": [{"person_id": mentor_id, "role": "mentor"},
                                {"school_id": f.school_a, "role": "mentee"}]}),
        json!({"hub_id": f.hub, "kind": "teacher_to_teacher", "title": "Pair in B",
               "participants": [{"email": "t5@an.example", "role": "mentor"},
                                {"email": "t6@an.example", "role": "mentee"}]}),
        json!({"hub_id": f.hub, "kind": "teacher_to_teacher", "title": "Proposed pair in B",
               "participants": [{"email": "t7@an.example", "role": "mentor"},
                                {"email": "t8@an.example", "role": "mentee"}]}),
    ] {
        let r = app.post("/relationships", &f.coord, body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        rels.push(r.body["id"].as_str().unwrap().to_string());
    }
    // The first two start, on 10 March and 20 April; the third stays proposed.
    for (rel, at) in rels[..2]
        .iter()
        .zip(["2026-03-10T09:00:00+00:00", "2026-04-20T09:00:00+00:00"])
    {
        let r = app
            .post(
                &format!("/relationships/{rel}/transitions"),
                &f.coord,
                json!({"to": "active"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let at: chrono::DateTime<chrono::Utc> = at.parse().unwrap();
        exec(
            app,
            "UPDATE relationship_events SET at = ? WHERE relationship_id = ? AND to_status = 'active'",
            vec![at.into(), uuid(rel)],
        )
        .await;
    }
    // Paused and active again in April: still started once, in March.
    for to in ["paused", "active"] {
        let r = app
            .post(
                &format!("/relationships/{}/transitions", rels[0]),
                &f.coord,
                json!({"to": to, "reason": "holidays"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let values = |r: &Value| -> Vec<f64> {
        r["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["value"].as_f64().unwrap())
            .collect()
    };
    let q = |scope: &str, id: &str| format!("scope={scope}&scope_id={id}&from=2026-03&to=2026-04");
    let r = indicator(app, &f.coord, "relationships_started", &q("hub", &f.hub)).await;
    assert_eq!(r["unit"], "relationships");
    assert_eq!(r["perturbed"], false);
    assert_eq!(values(&r), [1.0, 1.0]);
    assert_eq!(r["total"]["value"], 2.0);
    let r = indicator(
        app,
        &f.coord,
        "relationships_started",
        &q("programme", &f.programme),
    )
    .await;
    assert_eq!(values(&r), [1.0, 0.0]);
    let r = indicator(
        app,
        &f.coord,
        "relationships_started",
        &q("school", &f.school_a),
    )
    .await;
    assert_eq!(values(&r), [1.0, 0.0]);
    let r = indicator(
        app,
        &f.coord,
        "relationships_started",
        &q("school", &f.school_b),
    )
    .await;
    assert_eq!(values(&r), [0.0, 1.0]);

    // Days from proposed to active: the first waited 9 days (set up on 1 March), the
    // second 4.5 (set up on 15 April at 21:00); a bucket where none started has no value.
    for (rel, at) in rels[..2]
        .iter()
        .zip(["2026-03-01T09:00:00+00:00", "2026-04-15T21:00:00+00:00"])
    {
        let at: chrono::DateTime<chrono::Utc> = at.parse().unwrap();
        exec(
            app,
            "UPDATE relationships SET created_at = ? WHERE id = ?",
            vec![at.into(), uuid(rel)],
        )
        .await;
    }
    let means = |r: &Value| -> Vec<Option<f64>> {
        r["series"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                assert!(p.get("suppressed").is_none(), "{p}");
                p["value"].as_f64()
            })
            .collect()
    };
    let r = indicator(app, &f.coord, "days_to_active", &q("hub", &f.hub)).await;
    assert_eq!(r["unit"], "days");
    assert_eq!(r["perturbed"], false);
    assert_eq!(means(&r), [Some(9.0), Some(4.5)]);
    assert_eq!(
        r["total"]["value"], 6.8,
        "the mean of 9 and 4.5, to a tenth"
    );
    let r = indicator(
        app,
        &f.coord,
        "days_to_active",
        &q("programme", &f.programme),
    )
    .await;
    assert_eq!(means(&r), [Some(9.0), None]);
    assert_eq!(r["total"]["value"], 9.0);
    let r = indicator(app, &f.coord, "days_to_active", &q("school", &f.school_b)).await;
    assert_eq!(means(&r), [None, Some(4.5)]);
    let r = indicator(
        app,
        &f.coord,
        "days_to_active",
        &format!("scope=hub&scope_id={}&from=2025-01&to=2025-02", f.hub),
    )
    .await;
    assert_eq!(means(&r), [None, None]);
    assert!(r["total"].get("value").is_none(), "{}", r["total"]);

    // By structure and status as they stand: the third (set up today) is after April.
    let count = |kind: &str, status: &str, n: u64| json!({"kind": kind, "status": status, "relationships": n});
    let r = app
        .get(
            &format!("/analytics/relationships?{}", q("hub", &f.hub)),
            &f.coord,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        r.body["counts"],
        json!([
            count("expert_to_school", "active", 1),
            count("teacher_to_teacher", "active", 1)
        ])
    );
    let r = app
        .get(
            &format!("/analytics/relationships?scope=hub&scope_id={}", f.hub),
            &f.coord,
        )
        .await;
    assert_eq!(
        r.body["counts"],
        json!([
            count("expert_to_school", "active", 1),
            count("teacher_to_teacher", "active", 1),
            count("teacher_to_teacher", "proposed", 1)
        ])
    );
    let r = app
        .get(
            &format!(
                "/analytics/relationships?scope=school&scope_id={}",
                f.school_a
            ),
            &f.leader_a,
        )
        .await;
    assert_eq!(
        r.body["counts"],
        json!([count("expert_to_school", "active", 1)])
    );
    app.get(
        &format!("/analytics/relationships?{}&country=EE", q("hub", &f.hub)),
        &f.coord,
    )
    .await
    .problem(422, "validation_failed");
}

/// The combined dashboard equals, part by part, what each endpoint answers for the same
/// scope, period and filters (cohorts and readiness with their defaults), for each scope;
/// it checks its parameters and the caller's right like the indicator endpoint.
async fn a_dashboard_is_its_parts_in_one_request(app: &TestApp) {
    let f = fixture(app).await;
    let period = "from=2026-01&to=2026-06";
    let catalogue = app.get("/analytics/indicators", &f.coord).await.body;
    for (token, scope, id, filters) in [
        (&f.coord, "hub", f.hub.as_str(), ""),
        (
            &f.coord,
            "hub",
            f.hub.as_str(),
            "&school_kind=primary&bucket=quarter",
        ),
        (&f.coord, "programme", f.programme.as_str(), ""),
        (&f.leader_a, "school", f.school_a.as_str(), ""),
        (&f.admin, "platform", "", "&language=et"),
    ] {
        let base = if id.is_empty() {
            format!("scope={scope}&{period}")
        } else {
            format!("scope={scope}&scope_id={id}&{period}")
        };
        let q = format!("{base}{filters}");
        let d = app.get(&format!("/analytics/dashboard?{q}"), token).await;
        assert_eq!(d.status, StatusCode::OK, "{q}: {}", d.body);
        let shown: Vec<&Value> = catalogue
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["scopes"].as_array().unwrap().iter().any(|s| s == scope))
            .collect();
        let parts = d.body["indicators"].as_array().unwrap();
        assert_eq!(parts.len(), shown.len(), "{q}");
        for (part, info) in parts.iter().zip(shown) {
            let key = info["key"].as_str().unwrap();
            assert_eq!(part["key"], key);
            // Indicators of hubs and programmes take no school filters: the dashboard
            // leaves them out for those.
            let own = if info["school_filters"] == true {
                q.clone()
            } else {
                let bucket = if filters.contains("quarter") {
                    "&bucket=quarter"
                } else {
                    ""
                };
                format!("{base}{bucket}")
            };
            assert_eq!(part, &indicator(app, token, key, &own).await, "{key}?{own}");
        }
        let no_bucket = q.replace("&bucket=quarter", "");
        for (field, path) in [
            ("growth", format!("/analytics/growth?{no_bucket}")),
            (
                "cohorts",
                format!(
                    "/analytics/cohorts?{no_bucket}&min_weeks=8{}",
                    if scope == "programme" {
                        format!("&programme_id={id}")
                    } else {
                        String::new()
                    }
                ),
            ),
            (
                "readiness",
                format!(
                    "/analytics/readiness?{no_bucket}&group=teacher&min_weeks=8{}",
                    if scope == "programme" {
                        format!("&programme_id={id}")
                    } else {
                        String::new()
                    }
                ),
            ),
            (
                "school_hours",
                format!("/analytics/school-hours?{no_bucket}"),
            ),
            ("response_rates", format!("/analytics/response-rates?{q}")),
            (
                "relationships",
                format!(
                    "/analytics/relationships?{base}{}",
                    if filters.contains("quarter") {
                        "&bucket=quarter"
                    } else {
                        ""
                    }
                ),
            ),
            (
                "activities",
                format!(
                    "/analytics/activities?{base}{}",
                    if filters.contains("quarter") {
                        "&bucket=quarter"
                    } else {
                        ""
                    }
                ),
            ),
        ] {
            let own = app.get(&path, token).await;
            assert_eq!(own.status, StatusCode::OK, "{path}: {}", own.body);
            assert_eq!(d.body[field], own.body, "{field}: {path}");
        }
    }
    // The fixture's teachers of school A show up in the hub's submitted reflections.
    let d = app
        .get(
            &format!("/analytics/dashboard?scope=hub&scope_id={}&{period}", f.hub),
            &f.coord,
        )
        .await;
    let submitted = d.body["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "reflections_submitted")
        .unwrap();
    assert!(
        submitted["total"]["value"].as_f64().unwrap() >= 5.0,
        "{submitted}"
    );
    // Bad parameters are named, foreign scopes are not found, the platform is for admins.
    let hub = &f.hub;
    for (query, field) in [
        (String::new(), "scope"),
        ("scope=hub".to_string(), "scope_id"),
        (format!("scope=hub&scope_id={hub}&bucket=week"), "bucket"),
        (format!("scope=hub&scope_id={hub}&from=2026-13"), "from"),
        (
            format!("scope=hub&scope_id={hub}&school_kind=castle"),
            "school_kind",
        ),
        (
            format!("scope=hub&scope_id={hub}&from=2026-05&to=2026-04"),
            "from",
        ),
    ] {
        let r = app
            .get(&format!("/analytics/dashboard?{query}"), &f.coord)
            .await;
        r.problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["field"], field, "{query}: {}", r.body);
    }
    let school_b = format!("/analytics/dashboard?scope=school&scope_id={}", f.school_b);
    app.get(&school_b, &f.leader_a)
        .await
        .problem(404, "not_found");
    app.get(
        &format!("/analytics/dashboard?scope=hub&scope_id={hub}"),
        &f.a[0].0,
    )
    .await
    .problem(404, "not_found");
    app.get("/analytics/dashboard?scope=platform", &f.coord)
        .await
        .problem(403, "forbidden");
}

/// Training: hours attended per month, and the people whose attended hours in the
/// programme's courses for their audience reached the programme's target (10 h for
/// teachers), counted in the month of the session where they got there — with the hours
/// before the period counted toward it.
async fn training_hours_and_targets_follow_the_attendance(app: &TestApp) {
    let f = fixture(app).await;
    let r = app
        .post(
            &format!("/programmes/{}/courses", f.programme),
            &f.coord,
            json!({"title": "Basic course", "audience": "teachers", "planned_hours": 12}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let course = r.body["id"].as_str().unwrap().to_string();
    // 4 h in March, 4 h in April, 3 h in May.
    let mut sessions = Vec::new();
    for (date, minutes) in [
        ("2026-03-05", 240),
        ("2026-04-09", 240),
        ("2026-05-07", 180),
    ] {
        let r = app
            .post(
                &format!("/courses/{course}/sessions"),
                &f.coord,
                json!({"date": date, "duration_minutes": minutes}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let s = r.body["sessions_list"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["date"] == date)
            .unwrap();
        sessions.push(s["id"].as_str().unwrap().to_string());
    }
    for (_, id) in &f.a {
        let r = app
            .post(
                &format!("/courses/{course}/participants"),
                &f.coord,
                json!({"person_id": id}),
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let attend = |session: usize, people: std::ops::Range<usize>| {
        let present: Vec<&str> = f.a[people].iter().map(|(_, id)| id.as_str()).collect();
        let body = json!({"session_id": sessions[session], "present": present});
        let path = format!("/courses/{course}/attendance");
        let token = f.coord.clone();
        async move {
            let r = app.put(&path, &token, body).await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
    };
    attend(0, 0..5).await;
    attend(1, 0..5).await;
    attend(2, 0..4).await;

    let months =
        |b: &Value| -> Vec<Value> { b["series"].as_array().unwrap().iter().map(cell).collect() };
    let hub = format!("scope=hub&scope_id={}&from=2026-02&to=2026-06", f.hub);
    let programme = format!(
        "scope=programme&scope_id={}&from=2026-02&to=2026-06",
        f.programme
    );
    let school_a = format!(
        "scope=school&scope_id={}&from=2026-02&to=2026-06",
        f.school_a
    );
    let school_b = format!(
        "scope=school&scope_id={}&from=2026-02&to=2026-06",
        f.school_b
    );
    for (token, q) in [
        (&f.coord, &hub),
        (&f.coord, &programme),
        (&f.leader_a, &school_a),
    ] {
        // Hours are exact: 5 × 4 h, 5 × 4 h, 4 × 3 h.
        let h = indicator(app, token, "training_hours", q).await;
        assert_eq!(h["unit"], "hours");
        assert_eq!(
            months(&h),
            vec![
                json!({"value": 0.0}),
                json!({"value": 20.0}),
                json!({"value": 20.0}),
                json!({"value": 12.0}),
                json!({"value": 0.0})
            ],
            "{q}"
        );
        assert_eq!(cell(&h["total"]), json!({"value": 52.0}), "{q}");
        // Four teachers got to 10 h in May (4 + 4 + 3 h): fewer than five, hidden.
        let t = indicator(app, token, "training_targets_reached", q).await;
        assert_eq!(cell(&t["series"][3]), expected(4.0, &[0, 1, 2, 3]), "{q}");
        assert_eq!(cell(&t["total"]), expected(4.0, &[0, 1, 2, 3]), "{q}");
        assert_eq!(cell(&t["series"][2]), expected(0.0, &[]), "{q}");
        // The same four completed the 12-hour course (80 %: 9.6 h) in May.
        let c = indicator(app, token, "courses_completed", q).await;
        assert_eq!(cell(&c["series"][3]), expected(4.0, &[0, 1, 2, 3]), "{q}");
        assert_eq!(cell(&c["series"][2]), expected(0.0, &[]), "{q}");
    }
    let b = indicator(app, &f.coord, "training_hours", &school_b).await;
    assert_eq!(cell(&b["total"]), json!({"value": 0.0}));

    // The fifth teacher comes in May too: five people reach the target, shown (perturbed).
    attend(2, 0..5).await;
    let t = indicator(app, &f.coord, "training_targets_reached", &hub).await;
    assert_eq!(cell(&t["series"][3]), expected(5.0, &[0, 1, 2, 3, 4]));
    assert_eq!(cell(&t["total"]), expected(5.0, &[0, 1, 2, 3, 4]));
    let c = indicator(app, &f.coord, "courses_completed", &hub).await;
    assert_eq!(cell(&c["total"]), expected(5.0, &[0, 1, 2, 3, 4]));
    // A longer course (20 h planned, 16 h to complete): the same sessions complete nobody.
    let r = app
        .patch(
            &format!("/courses/{course}"),
            &f.coord,
            json!({"planned_hours": 20}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let c = indicator(app, &f.coord, "courses_completed", &hub).await;
    assert_eq!(cell(&c["total"]), expected(0.0, &[]));
    let t = indicator(app, &f.coord, "training_targets_reached", &hub).await;
    assert_eq!(cell(&t["total"]), expected(5.0, &[0, 1, 2, 3, 4]));
    // A period from May: the earlier sessions' hours still count toward the target.
    let may = format!("scope=hub&scope_id={}&from=2026-05&to=2026-06", f.hub);
    let t = indicator(app, &f.coord, "training_targets_reached", &may).await;
    assert_eq!(cell(&t["total"]), expected(5.0, &[0, 1, 2, 3, 4]));
    let h = indicator(app, &f.coord, "training_hours", &may).await;
    assert_eq!(cell(&h["total"]), json!({"value": 15.0}));
    // Before May nobody had reached it.
    let spring = format!("scope=hub&scope_id={}&from=2026-02&to=2026-04", f.hub);
    let t = indicator(app, &f.coord, "training_targets_reached", &spring).await;
    assert_eq!(cell(&t["total"]), expected(0.0, &[]));
}

async fn comparison(app: &TestApp, token: &str, key: &str, query: &str) -> Value {
    let r = app
        .get(
            &format!("/analytics/indicators/{key}/comparison?{query}"),
            token,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{key}?{query}: {}", r.body);
    r.body
}

fn row<'a>(c: &'a Value, name: &str) -> &'a Value {
    c["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == name)
        .unwrap_or_else(|| panic!("no row {name} in {c}"))
}

async fn comparisons_set_units_side_by_side_and_hide_what_could_be_worked_out(app: &TestApp) {
    let f = fixture(app).await;
    exec(
        app,
        "UPDATE schools SET kind = 'primary' WHERE id = ?",
        vec![uuid(&f.school_a)],
    )
    .await;
    exec(
        app,
        "UPDATE schools SET kind = 'basic' WHERE id = ?",
        vec![uuid(&f.school_b)],
    )
    .await;
    let all: Vec<usize> = (0..9).collect();
    let a: Vec<usize> = (0..5).collect();
    let b: Vec<usize> = (5..9).collect();
    let period = "from=2026-03&to=2026-04";
    let hub = format!("scope=hub&scope_id={}&{period}", f.hub);

    // The hub's schools: B's four are below the threshold, and A is hidden beside it,
    // since the hub's total less A would be B.
    for key in ["teachers_active", "reflections_submitted"] {
        let c = comparison(app, &f.coord, key, &hub).await;
        assert_eq!(c["units"], "school");
        let names: Vec<&str> = c["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["School A", "School B"], "{c}");
        assert_eq!(
            cell(&row(&c, "School B")["cell"]),
            json!({"suppressed": "below_threshold"})
        );
        assert_eq!(
            cell(&row(&c, "School A")["cell"]),
            json!({"suppressed": "complementary"})
        );
        assert_eq!(cell(&c["total"]), expected(9.0, &all), "{key}");
        assert!(c.get("quartiles").is_none());
        // The same total as the indicator's own.
        let i = indicator(app, &f.coord, key, &hub).await;
        assert_eq!(cell(&c["total"]), cell(&i["total"]));
    }
    // Only the primary school: A alone, with the figure its own people give it (the same
    // as A's own indicator), and nothing hidden.
    let c = comparison(
        app,
        &f.coord,
        "teachers_active",
        &format!("{hub}&school_kind=primary"),
    )
    .await;
    assert_eq!(c["rows"].as_array().unwrap().len(), 1);
    assert_eq!(cell(&row(&c, "School A")["cell"]), expected(5.0, &a));
    assert_eq!(cell(&c["total"]), expected(5.0, &a));
    assert_eq!(c["filters"], json!({"school_kind": "primary"}));
    let own = indicator(
        app,
        &f.coord,
        "teachers_active",
        &format!("scope=school&scope_id={}&{period}", f.school_a),
    )
    .await;
    assert_eq!(cell(&own["total"]), expected(5.0, &a));

    // A leader: their school, the hub's total, no other school.
    let school = format!("scope=school&scope_id={}&{period}", f.school_a);
    let c = comparison(app, &f.leader_a, "teachers_active", &school).await;
    assert_eq!(c["scope"], "school");
    assert_eq!(c["rows"].as_array().unwrap().len(), 1);
    assert_eq!(cell(&row(&c, "School A")["cell"]), expected(5.0, &a));
    assert_eq!(cell(&c["total"]), expected(9.0, &all));
    assert!(
        c.get("quartiles").is_none(),
        "two schools give no quartiles"
    );
    // Against the hub's basic schools only (A is not one): A's own figure still, the
    // total of B's four hidden.
    let c = comparison(
        app,
        &f.leader_a,
        "teachers_active",
        &format!("{school}&school_kind=basic"),
    )
    .await;
    assert_eq!(cell(&row(&c, "School A")["cell"]), expected(5.0, &a));
    assert_eq!(cell(&c["total"]), expected(4.0, &b));
    assert!(!c.to_string().contains("School B"));
    for q in [
        format!("scope=school&scope_id={}&{period}", f.school_b),
        hub.clone(),
    ] {
        app.get(
            &format!("/analytics/indicators/teachers_active/comparison?{q}"),
            &f.leader_a,
        )
        .await
        .problem(404, "not_found");
    }

    // The platform's hubs (admins), by people and by hours.
    let platform = format!("scope=platform&{period}");
    let c = comparison(app, &f.admin, "teachers_active", &platform).await;
    assert_eq!(c["units"], "hub");
    assert_eq!(cell(&row(&c, "Analytics Hub")["cell"]), expected(9.0, &all));
    let c = comparison(app, &f.admin, "mentoring_hours", &platform).await;
    assert!(row(&c, "Analytics Hub")["cell"]["value"].is_number());
    assert_eq!(c["perturbed"], false);
    // A coordinator cannot compare hubs.
    app.get(
        &format!("/analytics/indicators/teachers_active/comparison?{platform}"),
        &f.coord,
    )
    .await
    .problem(403, "forbidden");

    // What is not split, and bad parameters.
    for (key, q, field) in [
        ("mentoring_hours", hub.as_str(), "scope"),
        ("courses_completed", platform.as_str(), "scope"),
        ("teachers_active", "scope=hub", "scope_id"),
    ] {
        let r = app
            .get(
                &format!("/analytics/indicators/{key}/comparison?{q}"),
                &f.coord,
            )
            .await;
        r.problem(422, "validation_failed");
        assert!(r.body.to_string().contains(field), "{key}: {}", r.body);
    }
    app.get(
        &format!("/analytics/indicators/nothing/comparison?{hub}"),
        &f.coord,
    )
    .await
    .problem(404, "not_found");
    // The catalogue says what can be compared by what.
    let cat = app.get("/analytics/indicators", &f.coord).await.body;
    let by = |k: &str| {
        cat.as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == k)
            .unwrap()["comparable_by"]
            .clone()
    };
    assert_eq!(by("teachers_active"), json!(["hub", "school"]));
    assert_eq!(by("mentoring_hours"), json!(["hub"]));
    assert_eq!(by("courses_completed"), json!([]));
}
