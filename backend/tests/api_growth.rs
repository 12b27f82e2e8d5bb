//! Growth and cohorts against a hand-built fixture on both databases: paired changes per
//! area, the spread of changes with complementary suppression, a mean that one more
//! teacher does not give away, the statistics switch, cohorts by programme and by
//! relationship time with deterministic bootstrap intervals, and bad parameters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use ihub::analytics::model::{people_cell, people_mean};
use reqwest::StatusCode;
use serde_json::{Value, json};

const K: u64 = 5;
/// The span of the scale (A1 to C2): one teacher's change lies within ±5 levels.
const WIDTH: f64 = 5.0;

struct World {
    admin: String,
    hub: String,
    school_a: String,
    school_b: String,
    coord: String,
    leader_b: String,
    programme: String,
    /// Teachers 0–5 at A, 6–11 at B: token and id.
    t: Vec<(String, String)>,
}

fn key_of(i: usize) -> i64 {
    (i as i64 * 104_729 + 7_919) % 1_000_000
}

/// Start, answer (every item of an area with `level(area)`), submit; then date the
/// submission.
async fn reflect(app: &TestApp, token: &str, level: impl Fn(&str) -> &'static str, at: &str) {
    let r = app.post("/reflections", token, json!({})).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let id = r.body["reflection"]["id"].as_str().unwrap().to_string();
    for a in r.body["areas"].as_array().unwrap() {
        let area = a["key"].as_str().unwrap();
        for it in a["items"].as_array().unwrap() {
            let k = it["key"].as_str().unwrap();
            let w = app
                .put(
                    &format!("/reflections/{id}/answers/{k}"),
                    token,
                    json!({"value": level(area)}),
                )
                .await;
            assert_eq!(w.status, StatusCode::OK, "{}", w.body);
        }
    }
    let s = app
        .post(&format!("/reflections/{id}/submit"), token, json!({}))
        .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    let at: chrono::DateTime<chrono::Utc> = at.parse().unwrap();
    app.exec(
        "UPDATE reflections SET submitted_at = ? WHERE id = ?",
        vec![at.into(), uuid_value(&id)],
    )
    .await;
}

/// A hub with schools A and B of six teachers each. Every teacher reflected in March 2026
/// at A2 everywhere, and again on 15 April: A's teachers at B1 everywhere (teacher 0 at
/// B2: +2), B's at A2 again (teacher 6 at B1: +1). A is a mentee school of a programme
/// that started on 1 January.
async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Growth Hub").await;
    let school_a = app.create_school(&admin, &hub, "School A").await;
    let school_b = app.create_school(&admin, &hub, "School B").await;
    let coord = app
        .person("coord@gr.example", "hub_coordinator", Some(&hub), None)
        .await;
    let leader_b = app
        .person(
            "leader@gr.example",
            "school_leader",
            Some(&hub),
            Some(&school_b),
        )
        .await;
    let mut t = Vec::new();
    for i in 0..12 {
        let school = if i < 6 { &school_a } else { &school_b };
        let token = app
            .person(
                &format!("t{i}@gr.example"),
                "teacher",
                Some(&hub),
                Some(school),
            )
            .await;
        let id = app.get("/me", &token).await.body["id"]
            .as_str()
            .unwrap()
            .to_string();
        app.exec(
            "UPDATE people SET stat_key = ? WHERE id = ?",
            vec![(key_of(i) as i32).into(), uuid_value(&id)],
        )
        .await;
        reflect(app, &token, |_| "a2", "2026-03-02T09:00:00+00:00").await;
        let later: &'static str = match i {
            0 => "b2",
            1..=6 => "b1",
            _ => "a2",
        };
        reflect(app, &token, move |_| later, "2026-04-15T09:00:00+00:00").await;
        t.push((token, id));
    }
    let programme = programme_2026_with_mentee(app, &coord, &hub, &school_a).await;
    World {
        admin,
        hub,
        school_a,
        school_b,
        coord,
        leader_b,
        programme,
        t,
    }
}

async fn get(app: &TestApp, token: &str, path: &str) -> Value {
    let r = app.get(path, token).await;
    assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
    r.body
}

fn keys(people: &[usize]) -> i64 {
    people.iter().map(|i| key_of(*i)).sum()
}

fn count(people: &[usize]) -> Value {
    let c = people_cell(people.len() as f64, people.len() as u64, keys(people), K);
    match c.value {
        Some(v) => json!({"value": v}),
        None => json!({"suppressed": "below_threshold"}),
    }
}

fn mean(sum: f64, people: &[usize]) -> f64 {
    let m = people_mean(sum, people.len() as u64, keys(people), K, WIDTH).unwrap();
    (m * 100.0).round() / 100.0
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

fn bin<'a>(area: &'a Value, name: &str) -> &'a Value {
    area["bins"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["bin"] == name)
        .unwrap()
}

on_both!(
    deleting_a_reflection_pairs_the_next_with_the_one_before_and_backfill_agrees,
    growth_pairs_each_teachers_reflections_and_hides_what_could_be_worked_out,
    cohorts_compare_mentored_teachers_with_the_others_and_say_it_is_not_proof,
    cohorts_count_a_school_taking_part_and_only_unbroken_time,
    growth_parameters_are_named_and_foreign_scopes_are_not_found,
);

async fn growth_pairs_each_teachers_reflections_and_hides_what_could_be_worked_out(app: &TestApp) {
    let w = world(app).await;
    let all: Vec<usize> = (0..12).collect();
    let q = format!(
        "/analytics/growth?scope=hub&scope_id={}&from=2026-04&to=2026-04",
        w.hub
    );
    let g = get(app, &w.coord, &q).await;
    assert_eq!(g["threshold"], K);
    assert_eq!(g["from"], "2026-04-01");
    let areas = g["areas"].as_array().unwrap();
    assert_eq!(areas.len(), 6, "{g}");
    for a in areas {
        assert!(!a["title"].as_str().unwrap().is_empty());
        // Twelve teachers; changes 2 + 5·1 at A, 1 at B: a sum of 8 levels.
        assert_eq!(cell(&a["teachers"]), count(&all), "{a}");
        assert_eq!(a["mean_change"], mean(8.0, &all), "{a}");
        // Nobody went down; one went up by two (hidden), so the smallest other part
        // (the five who stayed the same) is hidden too: the total minus the shown parts
        // no longer gives the hidden one.
        assert_eq!(bin(a, "down")["value"], 0.0);
        assert_eq!(bin(a, "up_more")["suppressed"], "below_threshold");
        assert_eq!(bin(a, "same")["suppressed"], "complementary");
        assert_eq!(cell(bin(a, "up_one")), count(&[1, 2, 3, 4, 5, 6]));
    }
    // Only the period's later reflections count: in March nobody had a pair yet.
    let march = get(
        app,
        &w.coord,
        &format!(
            "/analytics/growth?scope=hub&scope_id={}&from=2026-03&to=2026-03",
            w.hub
        ),
    )
    .await;
    assert_eq!(march["areas"][0]["teachers"]["value"], 0.0);
    assert!(march["areas"][0].get("mean_change").is_none());

    // The leader of B: six teachers, shown; the mean of one +1 among six.
    let b_q = format!(
        "/analytics/growth?scope=school&scope_id={}&from=2026-04&to=2026-04",
        w.school_b
    );
    let b = get(app, &w.leader_b, &b_q).await;
    let b_people = [6, 7, 8, 9, 10, 11];
    assert_eq!(cell(&b["areas"][0]["teachers"]), count(&b_people));
    assert_eq!(b["areas"][0]["mean_change"], mean(1.0, &b_people));

    // Two of B's teachers leave statistics: four are left, and nothing about them shows.
    for i in [10, 11] {
        let r = app
            .patch("/me", &w.t[i].0, json!({"in_statistics": false}))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    }
    let b = get(app, &w.leader_b, &b_q).await;
    let a0 = &b["areas"][0];
    assert_eq!(a0["teachers"], json!({"suppressed": "below_threshold"}));
    assert_eq!(a0["mean_suppressed"], "below_threshold");
    assert!(a0.get("mean_change").is_none());
    assert_eq!(bin(a0, "up_one")["suppressed"], "below_threshold");
    assert_eq!(bin(a0, "same")["suppressed"], "below_threshold");
    assert_eq!(bin(a0, "down")["value"], 0.0);

    // Differencing: one more of B's teachers (10) comes back. Whoever read the hub before
    // and after, and knows the counts, works out the returning teacher's change from the
    // two means; the published means do not give it (their true change is 0).
    let before: Vec<usize> = (0..10).collect();
    let after: Vec<usize> = (0..11).collect();
    let r = app
        .patch("/me", &w.t[10].0, json!({"in_statistics": true}))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let g2 = get(app, &w.coord, &q).await;
    let m_before = mean(8.0, &before);
    let m_after = mean(8.0, &after);
    assert_eq!(g2["areas"][0]["mean_change"], m_after);
    let guess = 11.0 * m_after - 10.0 * m_before;
    assert!(
        guess.abs() > 0.1,
        "the difference of two views gives the teacher's change away: {guess}"
    );
    // Asking again gives the same numbers (the same people, the same noise).
    assert_eq!(get(app, &w.coord, &q).await, g2);
}

async fn cohorts_compare_mentored_teachers_with_the_others_and_say_it_is_not_proof(app: &TestApp) {
    let w = world(app).await;
    // Teacher 11 (B) became a mentee of a colleague on 1 April: active two weeks before
    // their later reflection, too short for eight weeks; they are left out of both.
    let r = app
        .post(
            "/relationships",
            &w.coord,
            json!({"hub_id": w.hub, "kind": "teacher_to_teacher", "title": "Pairing",
                   "participants": [{"email": "t0@gr.example", "role": "mentor"},
                                    {"email": "t11@gr.example", "role": "mentee"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rel = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("/relationships/{rel}/transitions"),
            &w.coord,
            json!({"to": "active"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let april: chrono::DateTime<chrono::Utc> = "2026-04-01T09:00:00+00:00".parse().unwrap();
    app.exec(
        "UPDATE relationship_events SET at = ? WHERE relationship_id = ?",
        vec![april.into(), uuid_value(&rel)],
    )
    .await;

    let q = format!(
        "/analytics/cohorts?scope=hub&scope_id={}&from=2026-04&to=2026-04&lang=et",
        w.hub
    );
    let c = get(app, &w.coord, &q).await;
    assert_eq!(c["min_weeks"], 8);
    assert!(
        c["caution"].as_str().unwrap().contains("vaatlusandmed"),
        "{c}"
    );
    assert_eq!(c["excluded"], json!({"suppressed": "below_threshold"}));
    let mentored = [0, 1, 2, 3, 4, 5];
    let others = [6, 7, 8, 9, 10];
    for a in c["areas"].as_array().unwrap() {
        let m = &a["cohorts"][0];
        let o = &a["cohorts"][1];
        assert_eq!(m["cohort"], "mentored");
        assert_eq!(o["cohort"], "not_yet_mentored");
        assert_eq!(cell(&m["teachers"]), count(&mentored));
        assert_eq!(cell(&o["teachers"]), count(&others));
        let mm = mean(7.0, &mentored);
        let om = mean(1.0, &others);
        assert_eq!(m["mean_change"], mm);
        assert_eq!(o["mean_change"], om);
        for s in [m, o] {
            let (lo, hi) = (
                s["ci_low"].as_f64().unwrap(),
                s["ci_high"].as_f64().unwrap(),
            );
            let x = s["mean_change"].as_f64().unwrap();
            assert!(lo <= x && x <= hi, "{s}");
        }
        let d = &a["difference"];
        assert_eq!(d["mean"], ((mm - om) * 100.0).round() / 100.0);
        assert!(d["ci_low"].as_f64().unwrap() <= d["ci_high"].as_f64().unwrap());
    }
    // The same data, the same numbers.
    assert_eq!(get(app, &w.coord, &q).await, c);
    // The dashboard reads growth and cohorts in one statement (every teacher in one of the
    // three cohorts, the left-out teacher 11 included): the same numbers as the endpoints.
    let period = format!(
        "scope=hub&scope_id={}&from=2026-04&to=2026-04&lang=et",
        w.hub
    );
    let d = get(app, &w.coord, &format!("/analytics/dashboard?{period}")).await;
    assert_eq!(d["cohorts"], c);
    let g = get(app, &w.coord, &format!("/analytics/growth?{period}")).await;
    assert_eq!(d["growth"], g);
    assert!(
        g["areas"][0]["teachers"]["value"].as_f64().unwrap() >= 10.0,
        "{g}"
    );

    // With no minimum time, teacher 11 counts as mentored: seven mentored, five others.
    let c0 = get(app, &w.coord, &format!("{q}&min_weeks=0")).await;
    assert_eq!(
        cell(&c0["areas"][0]["cohorts"][0]["teachers"]),
        count(&[0, 1, 2, 3, 4, 5, 11])
    );
    assert_eq!(c0["excluded"]["value"], 0.0);
    // Only this programme's mentee schools and relationships: the relationship is no
    // programme's, so teacher 11 is touched by mentoring but not mentored by it.
    let cp = get(
        app,
        &w.coord,
        &format!("{q}&min_weeks=0&programme_id={}", w.programme),
    )
    .await;
    assert_eq!(
        cell(&cp["areas"][0]["cohorts"][0]["teachers"]),
        count(&mentored)
    );
    // A programme that started after the later reflections makes nobody mentored.
    app.exec(
        "UPDATE programmes SET starts_on = ? WHERE id = ?",
        vec!["2026-05-01".into(), uuid_value(&w.programme)],
    )
    .await;
    let late = get(app, &w.coord, &format!("{q}&programme_id={}", w.programme)).await;
    assert_eq!(late["areas"][0]["cohorts"][0]["teachers"]["value"], 0.0);
    assert!(late["areas"][0].get("difference").is_none());
    // The admin compares across the platform.
    let p = get(
        app,
        &w.admin,
        "/analytics/cohorts?scope=platform&from=2026-04&to=2026-04",
    )
    .await;
    assert_eq!(p["areas"].as_array().unwrap().len(), 6);
}

async fn cohorts_count_a_school_taking_part_and_only_unbroken_time(app: &TestApp) {
    let w = world(app).await;
    // School B takes part as a school (a mentee) in a relationship with school A, active
    // from 1 February: ten weeks before the later reflections of 15 April.
    let r = app
        .post(
            "/relationships",
            &w.coord,
            json!({"hub_id": w.hub, "kind": "school_to_school", "title": "Twinning",
                   "participants": [{"school_id": w.school_a, "role": "mentor"},
                                    {"school_id": w.school_b, "role": "mentee"}]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let rel = r.body["id"].as_str().unwrap().to_string();
    let go = |to: &'static str| {
        let rel = rel.clone();
        let coord = w.coord.clone();
        async move {
            let r = app
                .post(
                    &format!("/relationships/{rel}/transitions"),
                    &coord,
                    json!({"to": to, "reason": "Test"}),
                )
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        }
    };
    go("active").await;
    let at = |day: &str| -> chrono::DateTime<chrono::Utc> {
        format!("{day}T09:00:00+00:00").parse().unwrap()
    };
    let date = |which: &'static str, day: &'static str| {
        let rel = rel.clone();
        async move {
            app.exec(
                &format!(
                    "UPDATE relationship_events SET at = ? WHERE relationship_id = ? AND {which}"
                ),
                vec![at(day).into(), uuid_value(&rel)],
            )
            .await;
        }
    };
    date("from_status = 'proposed'", "2026-02-01").await;
    let q = format!(
        "/analytics/cohorts?scope=hub&scope_id={}&from=2026-04&to=2026-04",
        w.hub
    );
    let all: Vec<usize> = (0..12).collect();
    let c = get(app, &w.coord, &q).await;
    // A's teachers through the programme, B's through their school: all mentored.
    for a in c["areas"].as_array().unwrap() {
        assert_eq!(cell(&a["cohorts"][0]["teachers"]), count(&all), "{a}");
        assert_eq!(a["cohorts"][1]["teachers"]["value"], 0.0, "{a}");
    }
    assert_eq!(c["excluded"]["value"], 0.0, "{c}");

    // A pause on 1 March and a restart on 20 March: neither stretch lasted eight weeks,
    // so B's teachers were touched by mentoring but not mentored long enough (left out).
    go("paused").await;
    go("active").await;
    date("to_status = 'paused'", "2026-03-01").await;
    date("from_status = 'paused'", "2026-03-20").await;
    let c = get(app, &w.coord, &q).await;
    let a_teachers: Vec<usize> = (0..6).collect();
    for a in c["areas"].as_array().unwrap() {
        assert_eq!(
            cell(&a["cohorts"][0]["teachers"]),
            count(&a_teachers),
            "{a}"
        );
        assert_eq!(a["cohorts"][1]["teachers"]["value"], 0.0, "{a}");
    }
    assert_eq!(c["excluded"], count(&(6..12).collect::<Vec<_>>()), "{c}");
    // Three weeks are enough: 26 days from the restart to the reflections of 15 April.
    let c = get(app, &w.coord, &format!("{q}&min_weeks=3")).await;
    assert_eq!(
        cell(&c["areas"][0]["cohorts"][0]["teachers"]),
        count(&all),
        "{c}"
    );
}

async fn growth_parameters_are_named_and_foreign_scopes_are_not_found(app: &TestApp) {
    let w = world(app).await;
    let other_hub = app.create_hub(&w.admin, "Elsewhere").await;
    let other_coord = app
        .person("oc@gr.example", "hub_coordinator", Some(&other_hub), None)
        .await;
    for (path, field) in [
        ("/analytics/growth?scope=galaxy", "scope"),
        ("/analytics/growth?scope=hub", "scope_id"),
        ("/analytics/growth?scope=hub&scope_id=nope", "scope_id"),
        ("/analytics/growth?scope=platform&from=2026-13", "from"),
        (
            "/analytics/growth?scope=platform&from=2026-05&to=2026-01",
            "from",
        ),
        (
            "/analytics/cohorts?scope=platform&min_weeks=-1",
            "min_weeks",
        ),
        (
            "/analytics/cohorts?scope=platform&min_weeks=105",
            "min_weeks",
        ),
        ("/analytics/cohorts?scope=platform&min_weeks=x", "min_weeks"),
        (
            "/analytics/cohorts?scope=platform&programme_id=nope",
            "programme_id",
        ),
    ] {
        let r = app.get(path, &w.admin).await;
        r.problem(422, "validation_failed");
        assert!(r.body.to_string().contains(field), "{path}: {}", r.body);
    }
    // A programme of another hub is no part of this hub's comparison.
    let r = app
        .get(
            &format!(
                "/analytics/cohorts?scope=hub&scope_id={other_hub}&programme_id={}",
                w.programme
            ),
            &other_coord,
        )
        .await;
    r.problem(422, "validation_failed");
    // Another hub's coordinator does not see this hub; a school's leader not another
    // school; teachers see no statistics.
    let r = app
        .get(
            &format!("/analytics/growth?scope=hub&scope_id={}", w.hub),
            &other_coord,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app
        .get(
            &format!("/analytics/cohorts?scope=school&scope_id={}", w.school_a),
            &w.leader_b,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    let r = app.get("/analytics/growth?scope=platform", &w.coord).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let r = app
        .get(
            &format!("/analytics/growth?scope=school&scope_id={}", w.school_a),
            &w.t[0].0,
        )
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

async fn deleting_a_reflection_pairs_the_next_with_the_one_before_and_backfill_agrees(
    app: &TestApp,
) {
    let w = world(app).await;
    // A's teachers reflect a third time in May, at C1 everywhere.
    for (token, _) in &w.t[..6] {
        reflect(app, token, |_| "c1", "2026-05-20T09:00:00+00:00").await;
    }
    let a: Vec<usize> = (0..6).collect();
    let may = format!(
        "/analytics/growth?scope=school&scope_id={}&from=2026-05&to=2026-05",
        w.school_a
    );
    // May against April: B1 → C1 is +2 (teacher 0: B2 → C1, +1): 11 levels in all.
    let g = get(app, &w.coord, &may).await;
    assert_eq!(g["areas"][0]["mean_change"], mean(11.0, &a), "{g}");
    // Each deletes the April one: May is now paired with March, A2 → C1, +3 each.
    for (token, _) in &w.t[..6] {
        let list = app.get("/reflections", token).await;
        let april = list.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["submitted_at"].as_str().unwrap().starts_with("2026-04"))
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let r = app.delete(&format!("/reflections/{april}"), token).await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    }
    let after = get(app, &w.coord, &may).await;
    for area in after["areas"].as_array().unwrap() {
        assert_eq!(area["mean_change"], mean(18.0, &a), "{area}");
    }
    // Nothing is missing; worked out again from scratch, the pairs give the same numbers.
    assert_eq!(
        ihub::reflection::changes::backfill(&app.state.db)
            .await
            .unwrap(),
        0
    );
    app.exec("DELETE FROM reflection_changes", vec![]).await;
    app.exec("DELETE FROM reflection_pairs", vec![]).await;
    // Twelve teachers: 2 reflections each at B, 2 left at A.
    assert_eq!(
        ihub::reflection::changes::backfill(&app.state.db)
            .await
            .unwrap(),
        24
    );
    assert_eq!(get(app, &w.coord, &may).await, after);
    let hub = format!(
        "/analytics/growth?scope=hub&scope_id={}&from=2026-04&to=2026-04",
        w.hub
    );
    let b: Vec<usize> = (6..12).collect();
    assert_eq!(
        get(app, &w.coord, &hub).await["areas"][0]["mean_change"],
        mean(1.0, &b)
    );
}
