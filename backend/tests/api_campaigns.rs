//! School readiness campaigns: codes, anonymous answers, participation, the report with
//! small groups hidden, privacy of what is stored.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

struct World {
    admin: String,
    hub: String,
    school: String,
    leader: String,
}

async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Readiness Hub").await;
    let school = app.create_school(&admin, &hub, "Readiness School").await;
    let leader = app
        .person(
            "leader@c.example",
            "school_leader",
            Some(&hub),
            Some(&school),
        )
        .await;
    World {
        admin,
        hub,
        school,
        leader,
    }
}

fn today() -> String {
    chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Tallinn)
        .date_naive()
        .to_string()
}

fn in_days(n: i64) -> String {
    (chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Tallinn)
        .date_naive()
        + chrono::Duration::days(n))
    .to_string()
}

async fn campaign(app: &TestApp, w: &World, extra: Value) -> Value {
    let mut body = json!({"name": "Spring 2026", "groups": ["leader", "teacher", "student"],
        "opens_on": today(), "closes_on": in_days(14), "expected": {"student": 10}});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    let r = app
        .post(&format!("/schools/{}/campaigns", w.school), &w.leader, body)
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    r.body
}

fn code_of(c: &Value, group: &str) -> String {
    c["codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["group"] == group)
        .unwrap()["code"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn anon(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
) -> Resp {
    let mut rb = app.client.request(method, app.api(path));
    if let Some(t) = token {
        rb = rb.header("x-response-token", t);
    }
    if let Some(b) = body {
        rb = rb.json(&b);
    }
    Resp::from(rb.send().await.unwrap()).await
}

/// One anonymous respondent answering every item of their group with `value(i)`.
async fn respond(app: &TestApp, code: &str, value: impl Fn(usize) -> &'static str) {
    let form = anon(app, Method::GET, &format!("/respond/{code}"), None, None).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let started = anon(
        app,
        Method::POST,
        &format!("/respond/{code}/responses"),
        None,
        None,
    )
    .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let id = started.body["id"].as_str().unwrap();
    let token = started.body["token"].as_str().unwrap();
    let keys = item_keys(&form.body);
    for (i, k) in keys.iter().enumerate() {
        let r = anon(
            app,
            Method::PUT,
            &format!("/respond/{code}/responses/{id}/answers/{k}"),
            Some(token),
            Some(json!({"value": value(i)})),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    }
    let s = anon(
        app,
        Method::POST,
        &format!("/respond/{code}/responses/{id}/submit"),
        Some(token),
        None,
    )
    .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
}

fn participation(c: &Value, g: &str) -> (u64, u64) {
    let p = c["participation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["group"] == g)
        .unwrap();
    (
        p["responses"].as_u64().unwrap(),
        p["in_progress"].as_u64().unwrap(),
    )
}

/// Kiosks and partners send a whole response at once: the same checks as one answer at a
/// time and the submit, and on any error nothing at all is stored.
async fn a_whole_response_is_sent_in_one_request_or_not_at_all(app: &TestApp) {
    let w = world(app).await;
    let c = campaign(app, &w, json!({})).await;
    let cid = c["id"].as_str().unwrap();
    let code = code_of(&c, "student");
    let form = anon(app, Method::GET, &format!("/respond/{code}"), None, None).await;
    let keys = item_keys(&form.body);
    assert!(keys.len() > 3);
    let all: serde_json::Map<String, Value> =
        keys.iter().map(|k| (k.clone(), json!("a4"))).collect();
    let path = format!("/respond/{code}/submissions");
    let send = |answers: Value| {
        anon(
            app,
            Method::POST,
            &path,
            None,
            Some(json!({ "answers": answers })),
        )
    };

    let mut missing = all.clone();
    missing.remove(&keys[1]);
    let r = send(Value::Object(missing)).await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], format!("answers.{}", keys[1]));
    assert_eq!(r.body["errors"][0]["code"], "required");

    let mut bad = all.clone();
    bad.insert(keys[2].clone(), json!("a9"));
    bad.insert("no.such.item".into(), json!("a1"));
    let r = send(Value::Object(bad)).await;
    r.problem(422, "validation_failed");
    let fields: Vec<(String, String)> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert!(
        fields.contains(&(format!("answers.{}", keys[2]), "invalid_option".into())),
        "{fields:?}"
    );
    assert!(
        fields.contains(&("answers.no.such.item".into(), "unknown_item".into())),
        "{fields:?}"
    );

    let mut nul = all.clone();
    nul.insert(keys[0].clone(), json!("a\u{0000}"));
    send(Value::Object(nul))
        .await
        .problem(422, "validation_failed");
    let r = anon(
        app,
        Method::POST,
        &path,
        None,
        Some(json!({"answers": {keys[0].clone(): 3}})),
    )
    .await;
    assert!(r.status == 400 || r.status == 422, "{}", r.body);

    // Nothing of the refused ones was stored, not even as started.
    let live = app.get(&format!("/campaigns/{cid}"), &w.leader).await;
    assert_eq!(participation(&live.body, "student"), (0, 0));

    let ok = send(Value::Object(all.clone())).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert_eq!(ok.body["status"], "submitted");
    assert_eq!(ok.body["answers"], Value::Object(all.clone()));
    assert!(ok.body.get("token").is_none());
    let live = app.get(&format!("/campaigns/{cid}"), &w.leader).await;
    assert_eq!(participation(&live.body, "student"), (1, 0));

    // A code of another group checks against that group's items.
    let teacher_code = code_of(&c, "teacher");
    let tform = anon(
        app,
        Method::GET,
        &format!("/respond/{teacher_code}"),
        None,
        None,
    )
    .await;
    let tall: serde_json::Map<String, Value> = item_keys(&tform.body)
        .into_iter()
        .map(|k| (k, json!("a2")))
        .collect();
    let r = anon(
        app,
        Method::POST,
        &format!("/respond/{teacher_code}/submissions"),
        None,
        Some(json!({ "answers": tall })),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let live = app.get(&format!("/campaigns/{cid}"), &w.leader).await;
    assert_eq!(participation(&live.body, "teacher"), (1, 0));

    // Unknown codes are 404; after closing, 410 and nothing stored.
    anon(
        app,
        Method::POST,
        "/respond/ZZZZ-ZZZZ/submissions",
        None,
        Some(json!({"answers": all})),
    )
    .await
    .problem(404, "not_found");
    let closed = app
        .post(&format!("/campaigns/{cid}/close"), &w.leader, json!({}))
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    send(Value::Object(all))
        .await
        .problem(410, "campaign_closed");
    let live = app.get(&format!("/campaigns/{cid}"), &w.leader).await;
    assert_eq!(participation(&live.body, "student"), (1, 0));
}

/// Autosave goes through one writer on SQLite (group commit): many respondents answering
/// at the same moment all get their answers kept, and a refused answer in the same batch
/// (a submitted response) undoes only itself.
async fn many_respondents_answering_at_once_keep_every_acknowledged_answer(app: &TestApp) {
    let w = world(app).await;
    let c = campaign(app, &w, json!({})).await;
    let code = code_of(&c, "student");
    let form = anon(app, Method::GET, &format!("/respond/{code}"), None, None).await;
    let keys = item_keys(&form.body);
    let (done_id, done_token, _) = answered(app, &code).await;
    let s = anon(
        app,
        Method::POST,
        &format!("/respond/{code}/responses/{done_id}/submit"),
        Some(&done_token),
        None,
    )
    .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
    let starts = app
        .at_once(
            12,
            Method::POST,
            &format!("/respond/{code}/responses"),
            None,
            None,
            &[],
        )
        .await;
    assert!(starts.iter().all(|s| *s == 201), "{starts:?}");
    let mut people = Vec::new();
    for _ in 0..8 {
        let r = anon(
            app,
            Method::POST,
            &format!("/respond/{code}/responses"),
            None,
            None,
        )
        .await;
        people.push((
            r.body["id"].as_str().unwrap().to_string(),
            r.body["token"].as_str().unwrap().to_string(),
        ));
    }
    let values = ["a1", "a2", "a3", "a4", "a5"];
    // Answers that fail their checks, in the same burst: each hears its own outcome and
    // the others' answers stay.
    let (id0, token0) = people[0].clone();
    let failing = [
        (
            code.clone(),
            id0.clone(),
            "not-the-token".to_string(),
            keys[0].clone(),
            "a1",
            404u16,
        ),
        (
            "NOPE-NOPE".to_string(),
            id0.clone(),
            token0.clone(),
            keys[0].clone(),
            "a1",
            404,
        ),
        (
            code.clone(),
            id0.clone(),
            token0.clone(),
            keys[1].clone(),
            "z9",
            422,
        ),
        (
            code.clone(),
            id0.clone(),
            token0.clone(),
            "no.such.item".to_string(),
            "a1",
            422,
        ),
    ];
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(
        people.len() * keys.len() + keys.len() + failing.len(),
    ));
    let mut tasks = Vec::new();
    for (c, id, token, k, v, want) in failing {
        let rb = app
            .client
            .put(app.api(&format!("/respond/{c}/responses/{id}/answers/{k}")))
            .header("x-response-token", token)
            .json(&json!({ "value": v }));
        let b = barrier.clone();
        tasks.push(tokio::spawn(async move {
            b.wait().await;
            (want, rb.send().await.unwrap().status().as_u16())
        }));
    }
    for (n, (id, token)) in people.iter().enumerate() {
        for (i, k) in keys.iter().enumerate() {
            let rb = app
                .client
                .put(app.api(&format!("/respond/{code}/responses/{id}/answers/{k}")))
                .header("x-response-token", token)
                .json(&json!({"value": values[(n + i) % 5]}));
            let b = barrier.clone();
            tasks.push(tokio::spawn(async move {
                b.wait().await;
                (204u16, rb.send().await.unwrap().status().as_u16())
            }));
        }
    }
    for k in &keys {
        let rb = app
            .client
            .put(app.api(&format!("/respond/{code}/responses/{done_id}/answers/{k}")))
            .header("x-response-token", &done_token)
            .json(&json!({"value": "a1"}));
        let b = barrier.clone();
        tasks.push(tokio::spawn(async move {
            b.wait().await;
            (409u16, rb.send().await.unwrap().status().as_u16())
        }));
    }
    for t in tasks {
        let (want, got) = t.await.unwrap();
        assert_eq!(got, want);
    }
    // On SQLite they were committed in groups (one transaction for many answers).
    if app.backend == Backend::Sqlite {
        let m = app.metrics().await;
        let count = |name: &str| -> u64 {
            m.lines()
                .find_map(|l| l.strip_prefix(&format!("{name} ")))
                .unwrap()
                .parse()
                .unwrap()
        };
        let (batches, jobs) = (
            count("ihub_writer_batches_total"),
            count("ihub_writer_jobs_total"),
        );
        assert!(jobs > batches, "{jobs} writes in {batches} transactions");
    }
    for (n, (id, token)) in people.iter().enumerate() {
        let r = anon(
            app,
            Method::GET,
            &format!("/respond/{code}/responses/{id}"),
            Some(token),
            None,
        )
        .await;
        for (i, k) in keys.iter().enumerate() {
            assert_eq!(r.body["answers"][k], values[(n + i) % 5], "{n} {k}");
        }
    }
    let r = anon(
        app,
        Method::GET,
        &format!("/respond/{code}/responses/{done_id}"),
        Some(&done_token),
        None,
    )
    .await;
    assert!(
        r.body["answers"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v == "a3")
    );
}

on_both!(
    a_schools_list_of_campaigns_costs_the_same_for_one_or_four,
    a_whole_response_is_sent_in_one_request_or_not_at_all,
    many_respondents_answering_at_once_keep_every_acknowledged_answer,
    own_questions_compare_only_with_the_same_question_and_can_be_translated,
    no_respondent_can_be_recovered_by_comparing_two_reports,
    simultaneous_edits_submits_and_answers_change_a_campaign_once,
    a_leader_creates_a_campaign_with_a_code_per_group,
    respondents_answer_anonymously_resume_and_submit,
    small_anonymous_groups_are_hidden_everywhere_and_leaders_show_from_one,
    the_report_compares_groups_and_ranks_items,
    campaigns_open_and_close_by_date_and_early,
    only_the_school_and_those_it_shares_with_see_a_campaign,
    anonymous_records_keep_no_trace_of_the_respondent,
    code_look_ups_are_rate_limited,
    the_demo_seed_has_a_finished_campaign_with_every_group_visible,
);

async fn a_leader_creates_a_campaign_with_a_code_per_group(app: &TestApp) {
    let w = world(app).await;
    let c = campaign(app, &w, json!({"optional_items": ["infra.lending"],
        "custom_items": [{"statement": "Our robotics club is open to everyone.", "groups": ["student"]}]}))
    .await;
    assert_eq!(c["status"], "open");
    assert_eq!(c["codes"].as_array().unwrap().len(), 3);
    let code = code_of(&c, "student");
    assert_eq!(code.len(), 14);
    assert_eq!(c["participation"][2]["expected"], 10);
    // The student questionnaire has the student items and the school's own one, and
    // accepts the code typed in lower case without dashes.
    let typed = code.to_lowercase().replace('-', " ");
    let f = anon(app, Method::GET, &format!("/respond/{typed}"), None, None).await;
    assert_eq!(f.status, StatusCode::OK, "{}", f.body);
    assert_eq!(f.body["group"], "student");
    assert_eq!(f.body["identified"], false);
    let keys: Vec<&str> = f.body["areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["items"].as_array().unwrap().iter())
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    // The school's own question has a key of its own (not its position).
    let own_key = format!("own.{}", c["custom_items"][0]["key"].as_str().unwrap());
    assert!(
        keys.contains(&"stud.internet") && keys.contains(&own_key.as_str()),
        "{keys:?}"
    );
    assert!(!keys.contains(&"lead.strategy"));
    let leader_form = anon(
        app,
        Method::GET,
        &format!("/respond/{}", code_of(&c, "leader")),
        None,
        None,
    )
    .await;
    assert_eq!(leader_form.body["identified"], true);
    let lk: Vec<&str> = leader_form.body["areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["items"].as_array().unwrap().iter())
        .map(|i| i["key"].as_str().unwrap())
        .collect();
    assert!(
        lk.contains(&"infra.lending"),
        "the optional item the school chose"
    );
    assert!(
        !lk.contains(&"lead.copyright"),
        "an optional item it did not choose"
    );

    // Bad input is named.
    let bad = app
        .post(
            &format!("/schools/{}/campaigns", w.school),
            &w.leader,
            json!({"name": "x", "groups": ["parents"], "opens_on": today(), "closes_on": in_days(-3),
                   "optional_items": ["lead.strategy"]}),
        )
        .await;
    bad.problem(422, "validation_failed");
    let fields: Vec<&str> = bad.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in ["groups", "closes_on", "optional_items"] {
        assert!(fields.contains(&f), "{f} in {fields:?}");
    }
    let eleven: Vec<Value> = (0..11)
        .map(|i| json!({"statement": format!("Question {i}")}))
        .collect();
    app.post(
        &format!("/schools/{}/campaigns", w.school),
        &w.leader,
        json!({"name": "x", "groups": ["teacher"], "opens_on": today(), "closes_on": in_days(3),
               "custom_items": eleven}),
    )
    .await
    .problem(422, "validation_failed");
    app.get("/respond/AAAA-BBBB-CCCC", &w.leader)
        .await
        .problem(404, "not_found");
    app.get("/respond/not-a-code", &w.leader)
        .await
        .problem(404, "not_found");
}

async fn respondents_answer_anonymously_resume_and_submit(app: &TestApp) {
    let w = world(app).await;
    let c = campaign(app, &w, json!({})).await;
    let code = code_of(&c, "teacher");
    let started = anon(
        app,
        Method::POST,
        &format!("/respond/{code}/responses"),
        None,
        None,
    )
    .await;
    let id = started.body["id"].as_str().unwrap().to_string();
    let token = started.body["token"].as_str().unwrap().to_string();
    // Random, not time-ordered ids.
    assert_eq!(&id[14..15], "4", "a v4 uuid: {id}");
    let put = |k: &str, v: &str, t: Option<String>| {
        let path = format!("/respond/{code}/responses/{id}/answers/{k}");
        let body = json!({"value": v});
        async move { anon(app, Method::PUT, &path, t.as_deref(), Some(body)).await }
    };
    assert_eq!(
        put("lead.strategy", "a4", Some(token.clone())).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        put("lead.strategy", "a4", Some(token.clone())).await.status,
        StatusCode::NO_CONTENT
    );
    put("lead.strategy", "a4", None)
        .await
        .problem(404, "not_found");
    put("lead.strategy", "a4", Some("wrong".into()))
        .await
        .problem(404, "not_found");
    put("stud.internet", "a4", Some(token.clone()))
        .await
        .problem(422, "validation_failed");
    put("lead.time", "a9", Some(token.clone()))
        .await
        .problem(422, "validation_failed");
    // Resume on the same device: the answers so far.
    let back = anon(
        app,
        Method::GET,
        &format!("/respond/{code}/responses/{id}"),
        Some(&token),
        None,
    )
    .await;
    assert_eq!(back.body["answers"], json!({"lead.strategy": "a4"}));
    // Submit needs every item of the group.
    let early = anon(
        app,
        Method::POST,
        &format!("/respond/{code}/responses/{id}/submit"),
        Some(&token),
        None,
    )
    .await;
    early.problem(422, "validation_failed");
    let live = app
        .get(
            &format!("/campaigns/{}", c["id"].as_str().unwrap()),
            &w.leader,
        )
        .await;
    let teachers = live.body["participation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["group"] == "teacher")
        .unwrap()
        .clone();
    assert_eq!(teachers["in_progress"], 1);
    assert_eq!(teachers["responses"], 0);
    respond(app, &code, |_| "a3").await;
    let live = app
        .get(
            &format!("/campaigns/{}", c["id"].as_str().unwrap()),
            &w.leader,
        )
        .await;
    let students = live.body["participation"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["group"] == "teacher")
        .unwrap()
        .clone();
    assert_eq!(students["responses"], 1);
}

fn group<'a>(report: &'a Value, g: &str) -> &'a Value {
    report["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["group"] == g)
        .unwrap()
}

async fn small_anonymous_groups_are_hidden_everywhere_and_leaders_show_from_one(app: &TestApp) {
    let w = world(app).await;
    let c = campaign(app, &w, json!({})).await;
    let id = c["id"].as_str().unwrap();
    respond(app, &code_of(&c, "leader"), |_| "a4").await;
    for _ in 0..4 {
        respond(app, &code_of(&c, "student"), |_| "a2").await;
    }
    app.post(&format!("/campaigns/{id}/close"), &w.leader, json!({}))
        .await;
    let r = app.get(&format!("/campaigns/{id}/report"), &w.leader).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["threshold"], 5);
    assert_eq!(r.body["results_shown"], true);
    assert_eq!(
        group(&r.body, "leader")["visible"],
        true,
        "leaders show from one"
    );
    let students = group(&r.body, "student");
    assert_eq!(students["visible"], false);
    assert_eq!(students["hidden_code"], "too_few");
    assert!(
        students["hidden_reason"]
            .as_str()
            .unwrap()
            .contains("Fewer than 5")
    );
    let serialized = r.body.to_string();
    assert!(
        !r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["groups"]
                .as_array()
                .unwrap()
                .iter()
                .any(|g| g["group"] == "student")),
        "no student numbers anywhere: {serialized}"
    );
    let csv = report_csv(app, id, &w.leader).await;
    assert!(csv.contains("Fewer than 5"), "{csv}");
    assert!(!csv.contains("\"student\",4"), "{csv}");
}

async fn report_csv(app: &TestApp, id: &str, token: &str) -> String {
    app.client
        .get(app.api(&format!("/campaigns/{id}/report.csv")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// What the school and its hub see of a campaign: report, CSV and hub overview.
async fn views(app: &TestApp, id: &str, w: &World, coord: &str) -> (Value, String, Value) {
    let report = app
        .get(&format!("/campaigns/{id}/report"), &w.leader)
        .await
        .body;
    let csv = report_csv(app, id, &w.leader).await;
    let overview = app
        .get(&format!("/hubs/{}/overview", w.hub), coord)
        .await
        .body;
    (report, csv, overview)
}

/// The probe recovered one student's answers exactly (13 of 13 items) by comparing the
/// report before and after that student submitted. Results now appear once, when the
/// campaign closes: nothing that comes from answers moves while responses can arrive,
/// and a closed campaign takes no more responses and cannot be reopened.
async fn no_respondent_can_be_recovered_by_comparing_two_reports(app: &TestApp) {
    let w = world(app).await;
    let mut c = campaign(app, &w, json!({})).await;
    let id = c["id"].as_str().unwrap().to_string();
    let etag = app
        .get(&format!("/campaigns/{id}"), &w.leader)
        .await
        .header("etag")
        .unwrap();
    let r = app
        .client
        .patch(app.api(&format!("/campaigns/{id}")))
        .bearer_auth(&w.leader)
        .header("if-match", etag)
        .json(&json!({"shared_with_coordinator": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let coord = app
        .person("coord@c.example", "hub_coordinator", Some(&w.hub), None)
        .await;
    respond(app, &code_of(&c, "leader"), |_| "a4").await;
    // Five, six, seven students: whatever is seen between two submissions is the same
    // (only the participation count moves).
    let mut before = None;
    for n in 1..=7 {
        respond(app, &code_of(&c, "student"), |i| {
            if i % 2 == 0 { "a5" } else { "a1" }
        })
        .await;
        let (mut report, csv, overview) = views(app, &id, &w, &coord).await;
        assert_eq!(report["results_shown"], false);
        assert_eq!(group(&report, "student")["responses"], n);
        assert_eq!(group(&report, "student")["hidden_code"], "not_closed");
        assert_eq!(group(&report, "leader")["hidden_code"], "not_closed");
        for it in report["items"].as_array().unwrap() {
            assert_eq!(it["groups"], json!([]), "{it}");
            assert!(it["overall"].is_null(), "{it}");
        }
        for a in report["areas"].as_array().unwrap() {
            assert_eq!(a["groups"], json!({}), "{a}");
        }
        assert!(
            csv.contains("Results appear when the campaign closes"),
            "{csv}"
        );
        let row = overview["schools"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["school_id"] == w.school.as_str())
            .unwrap()
            .clone();
        assert_eq!(row["areas"], json!({}), "{row}");
        // Everything but the participation count is the same as after the previous one.
        for g in report["groups"].as_array_mut().unwrap() {
            g["responses"] = json!(0);
        }
        if let Some(b) = &before {
            assert_eq!(&report, b);
        }
        before = Some(report);
    }
    // Closed: the results, once.
    c = app
        .post(&format!("/campaigns/{id}/close"), &w.leader, json!({}))
        .await
        .body;
    assert_eq!(c["status"], "closed");
    let (closed, csv, overview) = views(app, &id, &w, &coord).await;
    assert_eq!(closed["results_shown"], true);
    assert_eq!(group(&closed, "student")["visible"], true);
    assert_eq!(group(&closed, "student")["responses"], 7);
    assert!(!csv.contains("Results appear"), "{csv}");
    let row = overview["schools"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["school_id"] == w.school.as_str())
        .unwrap()
        .clone();
    assert_eq!(row["campaign_id"], id.as_str());
    assert!(!row["areas"].as_object().unwrap().is_empty(), "{row}");
    // No eighth response, no reopening: nothing can be compared with what was shown.
    anon(
        app,
        Method::POST,
        &format!("/respond/{}/responses", code_of(&c, "student")),
        None,
        None,
    )
    .await
    .problem(410, "campaign_closed");
    let etag = app
        .get(&format!("/campaigns/{id}"), &w.leader)
        .await
        .header("etag")
        .unwrap();
    let reopen = app
        .client
        .patch(app.api(&format!("/campaigns/{id}")))
        .bearer_auth(&w.leader)
        .header("if-match", etag)
        .json(&json!({"closes_on": in_days(30)}))
        .send()
        .await
        .unwrap();
    Resp::from(reopen).await.problem(409, "campaign_closed");
    let (again, csv_again, _) = views(app, &id, &w, &coord).await;
    assert_eq!(again, closed);
    assert_eq!(csv_again, csv);
}

async fn the_report_compares_groups_and_ranks_items(app: &TestApp) {
    let k3 = TestApp::spawn_with(app.backend, &[("IHUB_ANONYMITY_THRESHOLD", "3")]).await;
    let Some(app3) = k3 else { return };
    let w3 = world(&app3).await;
    let c = campaign(
        &app3,
        &w3,
        json!({"groups": ["leader", "teacher"], "expected": {}}),
    )
    .await;
    let id = c["id"].as_str().unwrap();
    // Leaders agree strongly with everything; teachers are lukewarm except on the first
    // three items, and say "not applicable" to the last one.
    respond(&app3, &code_of(&c, "leader"), |_| "a5").await;
    for _ in 0..3 {
        respond(&app3, &code_of(&c, "teacher"), |i| match i {
            0..=2 => "a5",
            31 => "n_a",
            _ => "a3",
        })
        .await;
    }
    app3.post(&format!("/campaigns/{id}/close"), &w3.leader, json!({}))
        .await;
    let r = app3
        .get(&format!("/campaigns/{id}/report?lang=en"), &w3.leader)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let item = |k: &str| {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == k)
            .unwrap()
            .clone()
    };
    assert_eq!(item("lead.time")["groups_differ"], true, "5 vs 3");
    assert_eq!(item("lead.strategy")["groups_differ"], false, "5 vs 5");
    assert_eq!(
        r.body["strongest"],
        json!(["lead.strategy", "lead.involve", "lead.explore"])
    );
    assert_eq!(
        r.body["weakest"][0], "lead.time",
        "ties go to the instrument's order"
    );
    assert!(r.body["unscored_percent"].as_f64().unwrap() > 0.0);
    let area = r.body["areas"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["key"] == "leadership")
        .unwrap();
    assert_eq!(area["groups"]["leader"], 5.0);
    assert_eq!(area["groups"]["teacher"], 4.5, "(5+5+5+3)/4");
    // Focus items are stored on the campaign.
    let etag = app3
        .get(&format!("/campaigns/{id}"), &w3.leader)
        .await
        .header("etag")
        .unwrap();
    let patched = app3
        .client
        .patch(app3.api(&format!("/campaigns/{id}")))
        .bearer_auth(&w3.leader)
        .header("if-match", etag)
        .json(&json!({"focus_items": ["lead.time", "cpd.needs"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status().as_u16(), 200);
    app3.patch(
        &format!("/campaigns/{id}"),
        &w3.leader,
        json!({"focus_items": ["nope"]}),
    )
    .await
    .problem(422, "validation_failed");
    // A second campaign compares with the first on the items they share.
    let c2 = campaign(
        &app3,
        &w3,
        json!({"name": "Autumn", "groups": ["leader", "teacher"], "expected": {}}),
    )
    .await;
    let r2 = app3
        .get(
            &format!("/campaigns/{}/report", c2["id"].as_str().unwrap()),
            &w3.leader,
        )
        .await;
    assert_eq!(r2.body["previous_campaign"], id);
    app3.stop().await;
}

async fn campaigns_open_and_close_by_date_and_early(app: &TestApp) {
    let w = world(app).await;
    let later = campaign(
        app,
        &w,
        json!({"opens_on": in_days(3), "closes_on": in_days(10)}),
    )
    .await;
    assert_eq!(later["status"], "scheduled");
    anon(
        app,
        Method::GET,
        &format!("/respond/{}", code_of(&later, "teacher")),
        None,
        None,
    )
    .await
    .problem(409, "campaign_not_open");
    let now = campaign(app, &w, json!({})).await;
    let code = code_of(&now, "teacher");
    let started = anon(
        app,
        Method::POST,
        &format!("/respond/{code}/responses"),
        None,
        None,
    )
    .await;
    let rid = started.body["id"].as_str().unwrap().to_string();
    let token = started.body["token"].as_str().unwrap().to_string();
    let id = now["id"].as_str().unwrap();
    let closed = app
        .post(&format!("/campaigns/{id}/close"), &w.leader, json!({}))
        .await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    assert_eq!(closed.body["status"], "closed");
    app.post(&format!("/campaigns/{id}/close"), &w.leader, json!({}))
        .await
        .problem(409, "campaign_closed");
    anon(app, Method::GET, &format!("/respond/{code}"), None, None)
        .await
        .problem(410, "campaign_closed");
    anon(
        app,
        Method::PUT,
        &format!("/respond/{code}/responses/{rid}/answers/lead.time"),
        Some(&token),
        Some(json!({"value": "a3"})),
    )
    .await
    .problem(410, "campaign_closed");
}

async fn only_the_school_and_those_it_shares_with_see_a_campaign(app: &TestApp) {
    let w = world(app).await;
    let c = campaign(app, &w, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let coordinator = app
        .person("coord@c.example", "hub_coordinator", Some(&w.hub), None)
        .await;
    let mentor = app
        .person("mentor@c.example", "mentor", Some(&w.hub), None)
        .await;
    let teacher = app
        .person(
            "teacher@c.example",
            "teacher",
            Some(&w.hub),
            Some(&w.school),
        )
        .await;
    for (who, t) in [
        ("coordinator", &coordinator),
        ("mentor", &mentor),
        ("teacher", &teacher),
    ] {
        let r = app.get(&format!("/campaigns/{id}/report"), t).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{who} before sharing");
    }
    app.post(
        &format!("/schools/{}/campaigns", w.school),
        &teacher,
        json!({"name": "x",
        "groups": ["teacher"], "opens_on": today(), "closes_on": in_days(3)}),
    )
    .await
    .problem(403, "forbidden");
    let shared = app
        .patch(
            &format!("/campaigns/{id}"),
            &w.leader,
            json!({"shared_with_coordinator": true, "shared_with_mentors": true}),
        )
        .await;
    assert_eq!(shared.status, StatusCode::OK, "{}", shared.body);
    for t in [&coordinator, &mentor] {
        let r = app.get(&format!("/campaigns/{id}/report"), t).await;
        assert_eq!(r.status, StatusCode::OK);
        let g = app.get(&format!("/campaigns/{id}"), t).await;
        assert_eq!(g.body["codes"], json!([]), "codes stay with the school");
        app.post(&format!("/campaigns/{id}/close"), t, json!({}))
            .await
            .problem(403, "forbidden");
    }
    assert_eq!(
        app.get(&format!("/campaigns/{id}"), &teacher).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get(&format!("/campaigns/{id}"), &w.admin).await.status,
        StatusCode::OK
    );
}

async fn anonymous_records_keep_no_trace_of_the_respondent(app: &TestApp) {
    let w = world(app).await;
    let c = campaign(app, &w, json!({})).await;
    let code = code_of(&c, "student");
    let marker_agent = "Marker-Agent/9.9 (respondent device)";
    let r = app
        .client
        .post(app.api(&format!("/respond/{code}/responses")))
        .header("user-agent", marker_agent)
        .header("x-forwarded-for", "203.0.113.77")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201);
    respond(app, &code, |_| "a4").await;
    // Dump every table that holds anonymous data, and the audit log.
    use ihub::campaigns::entity::{response, response_answer};
    use sea_orm::EntityTrait;
    let db = &app.state.db;
    let anonymous = format!(
        "{:?}{:?}",
        response::Entity::find().all(db).await.unwrap(),
        response_answer::Entity::find().all(db).await.unwrap()
    );
    let dump = format!(
        "{anonymous}{:?}",
        ihub::audit::entity::audit_entry::Entity::find()
            .all(db)
            .await
            .unwrap()
    );
    for needle in [
        "127.0.0.1",
        "203.0.113.77",
        "Marker-Agent",
        &code,
        &code.replace('-', ""),
    ] {
        assert!(!dump.contains(needle), "{needle} found in the database");
    }
    // The only time is a day.
    assert!(anonymous.contains(&today()), "the day is kept");
    assert!(
        !anonymous.contains(&format!("{}T", today()))
            && !anonymous.contains(&format!("{} ", today())),
        "no time of day: {anonymous}"
    );
}

async fn code_look_ups_are_rate_limited(app: &TestApp) {
    let Some(limited) =
        TestApp::spawn_with(app.backend, &[("IHUB_RATE_CODE_PER_MINUTE", "3")]).await
    else {
        return;
    };
    let w = world(&limited).await;
    let c = campaign(&limited, &w, json!({})).await;
    let code = code_of(&c, "teacher");
    for _ in 0..3 {
        let r = anon(
            &limited,
            Method::GET,
            &format!("/respond/{code}"),
            None,
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK);
    }
    // Guessing does not get further either: the limit counts every look-up.
    let r = anon(&limited, Method::GET, "/respond/AAAA-BBBB-CCCC", None, None).await;
    r.problem(429, "rate_limited");
    assert!(r.header("retry-after").is_some());
    limited.stop().await;
}

async fn the_demo_seed_has_a_finished_campaign_with_every_group_visible(app: &TestApp) {
    ihub::seed::demo(&app.state.db).await.unwrap();
    ihub::seed::demo(&app.state.db).await.unwrap();
    let leader = app
        .token_for("leader.maardu@ihub.example", ihub::seed::DEMO_PASSWORD)
        .await;
    let me = app.get("/me", &leader).await;
    let school = me.body["grants"][0]["school_id"]
        .as_str()
        .unwrap()
        .to_string();
    let list = app
        .get(&format!("/schools/{school}/campaigns"), &leader)
        .await;
    let campaigns = list.body.as_array().unwrap();
    // The autumn check and the teachers' spring check before it (the readiness history
    // of the hub's dashboard); seeding twice adds nothing.
    assert_eq!(campaigns.len(), 2, "seeding twice adds nothing");
    assert_eq!(campaigns[0]["name"], "Autumn 2026 readiness check");
    assert_eq!(campaigns[1]["name"], "Spring readiness check");
    assert_eq!(campaigns[0]["status"], "closed");
    let id = campaigns[0]["id"].as_str().unwrap();
    let r = app.get(&format!("/campaigns/{id}/report"), &leader).await;
    for g in ["leader", "teacher", "student"] {
        assert_eq!(
            group(&r.body, g)["visible"],
            true,
            "{g}: {}",
            r.body["groups"]
        );
    }
    assert_eq!(r.body["strongest"].as_array().unwrap().len(), 3);
}

/// Start a response for `code` and answer every item with "a3"; returns (id, token, keys).
async fn answered(app: &TestApp, code: &str) -> (String, String, Vec<String>) {
    let form = anon(app, Method::GET, &format!("/respond/{code}"), None, None).await;
    let started = anon(
        app,
        Method::POST,
        &format!("/respond/{code}/responses"),
        None,
        None,
    )
    .await;
    assert_eq!(started.status, StatusCode::CREATED, "{}", started.body);
    let id = started.body["id"].as_str().unwrap().to_string();
    let token = started.body["token"].as_str().unwrap().to_string();
    let keys = item_keys(&form.body);
    for k in &keys {
        let r = anon(
            app,
            Method::PUT,
            &format!("/respond/{code}/responses/{id}/answers/{k}"),
            Some(&token),
            Some(json!({"value": "a3"})),
        )
        .await;
        assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.body);
    }
    (id, token, keys)
}

/// On PostgreSQL, before the row locks: 4–16 of 30 edits with one ETag got through,
/// 2–6 of 50 submits of one response succeeded, and an answer sent with its submit
/// changed the submitted response in 24 of 25 pairs.
async fn simultaneous_edits_submits_and_answers_change_a_campaign_once(app: &TestApp) {
    let w = world(app).await;
    let c = campaign(app, &w, json!({})).await;
    let id = c["id"].as_str().unwrap();
    let path = format!("/campaigns/{id}");
    let etag = app.get(&path, &w.leader).await.header("etag").unwrap();
    let statuses = app
        .at_once(
            30,
            Method::PATCH,
            &path,
            Some(&w.leader),
            Some(json!({"shared_with_mentors": true})),
            &[("if-match", &etag)],
        )
        .await;
    let ok = statuses.iter().filter(|s| **s == 200).count();
    assert_eq!((ok, statuses.len() - ok), (1, 29), "{statuses:?}");
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 412),
        "{statuses:?}"
    );

    // Fifty submits of one response: one 200, the rest 409.
    let code = code_of(&c, "student");
    let (rid, token, keys) = answered(app, &code).await;
    let statuses = app
        .at_once(
            50,
            Method::POST,
            &format!("/respond/{code}/responses/{rid}/submit"),
            None,
            None,
            &[("x-response-token", &token)],
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

    // An answer sent at the same moment as the submit: either it lands first (and is in
    // what was submitted) or it is refused. What is stored is what the submit returned.
    for _ in 0..12 {
        let (rid, token, _) = answered(app, &code).await;
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let answer = {
            let rb = app
                .client
                .put(app.api(&format!(
                    "/respond/{code}/responses/{rid}/answers/{}",
                    keys[0]
                )))
                .header("x-response-token", &token)
                .json(&json!({"value": "a5"}));
            let b = barrier.clone();
            tokio::spawn(async move {
                b.wait().await;
                rb.send().await.unwrap().status().as_u16()
            })
        };
        let submit = {
            let rb = app
                .client
                .post(app.api(&format!("/respond/{code}/responses/{rid}/submit")))
                .header("x-response-token", &token);
            let b = barrier.clone();
            tokio::spawn(async move {
                b.wait().await;
                let r = rb.send().await.unwrap();
                (r.status().as_u16(), r.json::<Value>().await.unwrap())
            })
        };
        let a = answer.await.unwrap();
        let (s, submitted) = submit.await.unwrap();
        assert_eq!(s, 200, "{submitted}");
        assert!(a == 204 || a == 409, "{a}");
        let stored = anon(
            app,
            Method::GET,
            &format!("/respond/{code}/responses/{rid}"),
            Some(&token),
            None,
        )
        .await;
        assert_eq!(stored.body["answers"], submitted["answers"], "answer {a}");
        let want = if a == 204 { "a5" } else { "a3" };
        assert_eq!(stored.body["answers"][&keys[0]], want);
    }
}

/// "Last time" matched a school's own questions by position (`own.1`), so a new question
/// showed the mean of an unrelated old one. Own questions now carry a key; only a question
/// asked again with its key is compared.
async fn own_questions_compare_only_with_the_same_question_and_can_be_translated(app: &TestApp) {
    let w = world(app).await;
    let first = campaign(
        app,
        &w,
        json!({"groups": ["leader"], "expected": {},
               "custom_items": [{"statement": "Phones stay in bags during lessons."}]}),
    )
    .await;
    let old = first["custom_items"][0].clone();
    let old_key = old["key"].as_str().unwrap().to_string();
    assert!(old_key.starts_with('q'), "{old}");
    respond(app, &code_of(&first, "leader"), |_| "a5").await;
    let id1 = first["id"].as_str().unwrap();
    app.post(&format!("/campaigns/{id1}/close"), &w.leader, json!({}))
        .await;
    // The next campaign asks a new question first and the old one again, translated.
    let second = campaign(
        app,
        &w,
        json!({"name": "Autumn", "groups": ["leader"], "expected": {},
               "custom_items": [
                   {"statement": "Parents know how we use digital tools."},
                   {"key": old_key, "statement": old["statement"],
                    "translations": {"fi": "Puhelimet pysyvät laukuissa oppituntien aikana."}}]}),
    )
    .await;
    let new_key = second["custom_items"][0]["key"]
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(new_key, old_key);
    assert_eq!(second["custom_items"][1]["key"], old_key.as_str());
    let code = code_of(&second, "leader");
    let form = anon(
        app,
        Method::GET,
        &format!("/respond/{code}?lang=fi"),
        None,
        None,
    )
    .await;
    let own: Vec<&Value> = form.body["areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["items"].as_array().unwrap().iter())
        .filter(|i| i["key"].as_str().unwrap().starts_with("own."))
        .collect();
    assert_eq!(
        own[0]["statement"],
        "Parents know how we use digital tools."
    );
    assert_eq!(
        own[1]["statement"],
        "Puhelimet pysyvät laukuissa oppituntien aikana."
    );
    respond(app, &code, |_| "a3").await;
    let id2 = second["id"].as_str().unwrap();
    app.post(&format!("/campaigns/{id2}/close"), &w.leader, json!({}))
        .await;
    let r = app
        .get(&format!("/campaigns/{id2}/report"), &w.leader)
        .await;
    let item = |k: &str| {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["key"] == k)
            .unwrap()
            .clone()
    };
    assert_eq!(r.body["previous_campaign"], id1);
    assert!(
        item(&format!("own.{new_key}"))["previous"].is_null(),
        "a new question has no last time"
    );
    assert_eq!(
        item(&format!("own.{old_key}"))["previous"],
        5.0,
        "the same question: compared"
    );
    // Keys are checked.
    for (bad, field) in [
        (
            json!([{"key": "Bad Key", "statement": "Something to ask"}]),
            "custom_items.0.key",
        ),
        (
            json!([{"key": "k", "statement": "One"}, {"key": "k", "statement": "Two"}]),
            "custom_items.1.key",
        ),
        (
            json!([{"statement": "Tõlge", "translations": {"xx_YY": "?"}}]),
            "custom_items.0.translations",
        ),
    ] {
        let r = app
            .post(
                &format!("/schools/{}/campaigns", w.school),
                &w.leader,
                json!({"name": "Bad", "groups": ["leader"], "opens_on": today(), "closes_on": in_days(3),
                       "custom_items": bad}),
            )
            .await;
        r.problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["field"], field, "{}", r.body);
    }
}

async fn a_schools_list_of_campaigns_costs_the_same_for_one_or_four(app: &TestApp) {
    let w = world(app).await;
    let path = format!("/schools/{}/campaigns", w.school);
    let first = campaign(app, &w, json!({})).await;
    let (one, body) = app.statements(&path, &w.leader).await;
    assert_eq!(body.as_array().unwrap().len(), 1);
    for name in ["Autumn", "Winter", "Summer"] {
        campaign(app, &w, json!({"name": name})).await;
    }
    // With responses in one of them (counts come from one grouped statement).
    respond(app, &code_of(&first, "teacher"), |_| "a3").await;
    let (four, body) = app.statements(&path, &w.leader).await;
    let listed = body.as_array().unwrap();
    assert_eq!(listed.len(), 4);
    assert_eq!(one, four, "statements for 1 and for 4 campaigns");
    // Newest first, each with its codes and its own participation.
    assert_eq!(listed[0]["name"], "Summer");
    assert_eq!(listed[3]["id"], first["id"]);
    assert_eq!(listed[3]["codes"].as_array().unwrap().len(), 3);
    assert_eq!(participation(&listed[3], "teacher"), (1, 0));
    assert_eq!(participation(&listed[0], "teacher"), (0, 0));
}
