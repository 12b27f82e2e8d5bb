//! Research datasets on both databases: the agreement they rest on, who may generate and
//! download them, the background job, and what the file holds — pseudonyms that differ per
//! dataset, months, no names, e-mails, exact dates or free text, every combination of
//! quasi-identifiers holding at least k people, the rest dropped and counted; the 7-day
//! retention; the audit trail; bad parameters.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

const K: usize = 5;

struct World {
    admin: String,
    hub: String,
    coord: String,
    researcher: String,
    other_researcher: String,
    org: String,
}

async fn teacher(app: &TestApp, hub: &str, school: &str, email: &str) -> String {
    app.person(email, "teacher", Some(hub), Some(school)).await
}

/// Hub H: school A with six teachers (and a seventh who opted out of statistics), schools
/// B and C (same kind and language) with two and three, school D (another kind) with one.
/// Each teacher submitted one self-reflection, every item at B1. University U is H's
/// research partner; R researches in H; another hub has its own researcher.
async fn world(app: &TestApp) -> World {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Research Hub").await;
    let other_hub = app.create_hub(&admin, "Other Hub").await;
    let a = app.create_school(&admin, &hub, "School Alpha").await;
    let b = app.create_school(&admin, &hub, "School Beta").await;
    let c = app.create_school(&admin, &hub, "School Gamma").await;
    let d = app
        .post(
            "/schools",
            &admin,
            json!({"hub_id": hub, "name": "School Delta", "country": "EE", "kind": "primary",
                   "languages": ["et"], "time_zone": "Europe/Tallinn"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut n = 0;
    for (school, count) in [(&a, 6), (&b, 2), (&c, 3), (&d, 1)] {
        for _ in 0..count {
            n += 1;
            let t = teacher(app, &hub, school, &format!("t{n}@rs.example")).await;
            submit_all(app, &t, "b1").await;
        }
    }
    let opted = teacher(app, &hub, &a, "optout@rs.example").await;
    submit_all(app, &opted, "c2").await;
    let r = app
        .patch("/me", &opted, json!({"in_statistics": false}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let coord = app
        .person("coord@rs.example", "hub_coordinator", Some(&hub), None)
        .await;
    let researcher = app
        .person("researcher@rs.example", "researcher", Some(&hub), None)
        .await;
    let other_researcher = app
        .person("other@rs.example", "researcher", Some(&other_hub), None)
        .await;
    let org = app
        .post(
            "/organisations",
            &admin,
            json!({"name": "University U", "kind": "university", "country": "EE"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let link = app
        .post(
            &format!("/hubs/{hub}/organisations"),
            &admin,
            json!({"organisation_id": org, "role": "research_partner"}),
        )
        .await;
    assert_eq!(link.status, StatusCode::CREATED, "{}", link.body);
    World {
        admin,
        hub,
        coord,
        researcher,
        other_researcher,
        org,
    }
}

fn this_month() -> String {
    chrono::Utc::now().format("%Y-%m").to_string()
}

fn request(w: &World, kind: &str) -> Value {
    json!({"organisation_id": w.org, "kind": kind, "scope": "hub", "scope_id": w.hub,
           "from": this_month(), "to": this_month()})
}

/// Polls the dataset until its job has ended.
async fn finished(app: &TestApp, token: &str, id: &str) -> Value {
    for _ in 0..300 {
        let r = app.get(&format!("/research/datasets/{id}"), token).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        let s = r.body["status"].as_str().unwrap().to_string();
        if s != "queued" && s != "running" {
            return r.body;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("dataset {id} did not finish");
}

async fn download(app: &TestApp, token: &str, id: &str) -> (StatusCode, Vec<u8>) {
    let r = reqwest::Client::new()
        .get(app.api(&format!("/research/datasets/{id}/file")))
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    let status = r.status();
    (status, r.bytes().await.unwrap().to_vec())
}

/// The zip's files by name.
fn unzip(bytes: &[u8]) -> BTreeMap<String, String> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        out.insert(f.name().unwrap().to_string(), s);
    }
    out
}

/// One CSV line's fields (quoted fields may hold commas and doubled quotes).
fn fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                out.last_mut().unwrap().push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => out.push(String::new()),
            c => out.last_mut().unwrap().push(c),
        }
    }
    out
}

/// The CSV as rows of named fields.
fn rows(csv: &str) -> Vec<BTreeMap<String, String>> {
    let mut lines = csv.lines();
    let head = fields(lines.next().unwrap());
    lines
        .map(|l| {
            let f = fields(l);
            assert_eq!(f.len(), head.len(), "{l}");
            head.iter().cloned().zip(f).collect()
        })
        .collect()
}

const QI: [&str; 5] = ["school", "language", "school_kind", "hub", "country"];

on_both!(
    a_reflection_dataset_is_pseudonymous_coarsened_and_k_anonymous,
    a_campaign_dataset_holds_shared_campaigns_only,
    an_activity_dataset_counts_people_and_holds_no_free_text,
    bad_requests_are_named_and_foreign_scopes_hidden,
);

async fn a_reflection_dataset_is_pseudonymous_coarsened_and_k_anonymous(app: &TestApp) {
    let w = world(app).await;
    // No agreement yet: refused, and the researcher cannot record one.
    app.post(
        "/research/datasets",
        &w.researcher,
        request(&w, "reflection_answers"),
    )
    .await
    .problem(409, "no_data_use_agreement");
    let agreement =
        json!({"organisation_id": w.org, "reference": "DUA-2026/7", "signed_on": "2026-01-15"});
    app.post("/research/agreements", &w.researcher, agreement.clone())
        .await
        .problem(403, "forbidden");
    let r = app
        .post("/research/agreements", &w.coord, agreement.clone())
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["holds"], true);
    let recipients = app.get("/research/recipients", &w.researcher).await;
    assert_eq!(recipients.body[0]["organisation_name"], "University U");
    assert_eq!(recipients.body[0]["agreement"], true);

    // A coordinator cannot generate; the researcher of another hub does not see the hub.
    app.post(
        "/research/datasets",
        &w.coord,
        request(&w, "reflection_answers"),
    )
    .await
    .problem(404, "not_found");
    app.post(
        "/research/datasets",
        &w.other_researcher,
        request(&w, "reflection_answers"),
    )
    .await
    .problem(404, "not_found");

    let r = app
        .post(
            "/research/datasets",
            &w.researcher,
            request(&w, "reflection_answers"),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();
    let d = finished(app, &w.researcher, &id).await;
    assert_eq!(d["status"], "ready", "{d}");
    assert_eq!(d["downloadable"], true);
    assert!(d["expires_at"].is_string());

    // Who may download: the researcher; the coordinator sees the record but not the file;
    // the other hub's researcher sees nothing.
    assert_eq!(download(app, &w.coord, &id).await.0, StatusCode::FORBIDDEN);
    assert_eq!(
        download(app, &w.other_researcher, &id).await.0,
        StatusCode::NOT_FOUND
    );
    let coord_view = app.get(&format!("/research/datasets/{id}"), &w.coord).await;
    assert_eq!(coord_view.body["downloadable"], false);
    let (status, bytes) = download(app, &w.researcher, &id).await;
    assert_eq!(status, StatusCode::OK);
    let files = unzip(&bytes);
    assert_eq!(
        files.keys().cloned().collect::<Vec<_>>(),
        ["README.md", "data.csv", "schema.json"]
    );
    let csv = &files["data.csv"];
    let data = rows(csv);

    // Nothing that names or dates a person: scan every file.
    let date = regex_like_date();
    for (name, text) in &files {
        assert!(!text.contains('@'), "{name} holds an e-mail address");
        assert!(!text.contains("Test Person"), "{name} holds a name");
        assert!(!text.contains("School "), "{name} holds a school's name");
        assert!(!date(text), "{name} holds an exact date");
        assert!(!has_uuid(text), "{name} holds a database id");
    }
    // Schema and README describe the columns of the file.
    let schema: Value = serde_json::from_str(&files["schema.json"]).unwrap();
    let names: Vec<&str> = schema["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names.join(","), csv.lines().next().unwrap());
    assert!(files["README.md"].contains("k: 5"));

    // Eleven teachers counted: A's six at their school, B's and C's five together with
    // the school generalised; D's one dropped (it never reaches k); the opted-out none.
    let teachers: BTreeSet<&str> = data.iter().map(|r| r["teacher"].as_str()).collect();
    assert_eq!(teachers.len(), 11);
    let mut by_combo: BTreeMap<Vec<&str>, BTreeSet<&str>> = BTreeMap::new();
    for r in &data {
        let combo: Vec<&str> = QI.iter().map(|q| r[*q].as_str()).collect();
        by_combo
            .entry(combo)
            .or_default()
            .insert(r["teacher"].as_str());
        assert_eq!(r["value"], "b1");
        assert_eq!(r["score"], "2");
        assert_eq!(r["month"], this_month());
        assert_eq!(r["instrument"], "digcompedu-teacher");
    }
    for (combo, people) in &by_combo {
        assert!(people.len() >= K, "{combo:?} holds {} people", people.len());
    }
    let mut sizes: Vec<usize> = by_combo.values().map(BTreeSet::len).collect();
    sizes.sort();
    assert_eq!(sizes, [5, 6]);
    let generalised: Vec<&Vec<&str>> = by_combo.keys().filter(|c| c[0] == "*").collect();
    assert_eq!(generalised.len(), 1);
    assert_eq!(generalised[0][1..], ["et", "basic", "Research Hub", "EE"]);
    let items_per_teacher = data.len() / 11;
    assert_eq!(d["rows_done"].as_u64().unwrap() as usize, data.len());
    assert_eq!(
        d["rows_dropped"].as_u64().unwrap() as usize,
        items_per_teacher
    );
    assert_eq!(d["people"], 11);

    // A second dataset of the same data: the same rows under other pseudonyms.
    let r = app
        .post(
            "/research/datasets",
            &w.researcher,
            request(&w, "reflection_answers"),
        )
        .await;
    let id2 = r.body["id"].as_str().unwrap().to_string();
    assert_eq!(finished(app, &w.researcher, &id2).await["status"], "ready");
    let again = rows(&unzip(&download(app, &w.researcher, &id2).await.1)["data.csv"]);
    assert_eq!(again.len(), data.len());
    let teachers2: BTreeSet<&str> = again.iter().map(|r| r["teacher"].as_str()).collect();
    assert!(teachers.is_disjoint(&teachers2));

    // The list: both, newest first, for the researcher and the coordinator; not for the
    // other hub's researcher.
    let list = app.get("/research/datasets", &w.coord).await;
    assert_eq!(list.body.as_array().unwrap().len(), 2);
    assert_eq!(list.body[0]["id"], id2.as_str());
    assert_eq!(
        app.get("/research/datasets", &w.other_researcher)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        0
    );

    // Every request, generation and download is in the audit log.
    let audit = app.get("/audit?action=dataset.", &w.admin).await;
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for a in [
        "dataset.requested",
        "dataset.generated",
        "dataset.downloaded",
    ] {
        assert!(actions.contains(&a), "{a} not audited: {actions:?}");
    }
    assert_eq!(
        actions
            .iter()
            .filter(|a| **a == "dataset.downloaded")
            .count(),
        2
    );

    // After 7 days the file goes: a download says so, and housekeeping removes it.
    app.exec(
        "UPDATE research_datasets SET expires_at = ? WHERE id = ?",
        vec![
            (chrono::Utc::now() - chrono::Duration::minutes(1)).into(),
            uuid_value(&id),
        ],
    )
    .await;
    let (status, body) = download(app, &w.researcher, &id).await;
    assert_eq!(status, StatusCode::GONE);
    let problem: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(problem["code"], "dataset_expired");
    let file = ihub::research::job::file_of(&app.state.config.data_dir, id.parse().unwrap());
    assert!(file.exists());
    ihub::research::job::sweep(&app.state.db, &app.state.config.data_dir)
        .await
        .unwrap();
    assert!(!file.exists());
    let d = app
        .get(&format!("/research/datasets/{id}"), &w.researcher)
        .await;
    assert_eq!(d.body["status"], "expired");
    assert_eq!(d.body["downloadable"], false);
    // The other one is still there.
    assert!(
        ihub::research::job::file_of(&app.state.config.data_dir, id2.parse().unwrap()).exists()
    );
}

/// `true` when the text holds something like `2026-05-17`.
fn regex_like_date() -> impl Fn(&str) -> bool {
    |s: &str| {
        let b = s.as_bytes();
        b.windows(10).any(|w| {
            w[..4].iter().all(u8::is_ascii_digit)
                && w[4] == b'-'
                && w[5..7].iter().all(u8::is_ascii_digit)
                && w[7] == b'-'
                && w[8..].iter().all(u8::is_ascii_digit)
        })
    }
}

/// `true` when the text holds a UUID.
fn has_uuid(s: &str) -> bool {
    s.split(|c: char| !(c.is_ascii_hexdigit() || c == '-'))
        .any(|w| w.len() == 36 && uuid::Uuid::parse_str(w).is_ok())
}

async fn a_campaign_dataset_holds_shared_campaigns_only(app: &TestApp) {
    // The demo: its hubs' research partner, a researcher of the Estonian hub, an agreement,
    // and readiness campaigns of which some were shared with the hub.
    ihub::seed::demo(&app.state.db).await.unwrap();
    let researcher = app
        .token_for("researcher.ee@ihub.example", ihub::seed::DEMO_PASSWORD)
        .await;
    let recipients = app.get("/research/recipients", &researcher).await;
    assert_eq!(recipients.status, StatusCode::OK, "{}", recipients.body);
    let org = recipients.body[0]["organisation_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(recipients.body[0]["agreement"], true);
    let me = app.get("/me", &researcher).await;
    let hub = me.body["grants"][0]["hub_id"].as_str().unwrap().to_string();
    let r = app
        .post(
            "/research/datasets",
            &researcher,
            json!({"organisation_id": org, "kind": "campaign_answers", "scope": "hub",
                   "scope_id": hub, "from": "2020-01", "to": this_month()}),
        )
        .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();
    let d = finished(app, &researcher, &id).await;
    assert_eq!(d["status"], "ready", "{d}");
    let files = unzip(&download(app, &researcher, &id).await.1);
    let data = rows(&files["data.csv"]);
    assert!(!data.is_empty());
    // Responses per combination of place and group: at least k.
    let mut by_combo: BTreeMap<Vec<&str>, BTreeSet<&str>> = BTreeMap::new();
    for r in &data {
        let mut combo: Vec<&str> = QI.iter().map(|q| r[*q].as_str()).collect();
        combo.push(r["respondent_group"].as_str());
        by_combo
            .entry(combo)
            .or_default()
            .insert(r["response"].as_str());
        assert!(["leader", "teacher", "student"].contains(&r["respondent_group"].as_str()));
        // A generalised school hides its campaign too.
        if r["school"] == "*" {
            assert_eq!(r["campaign"], "*");
        }
    }
    for (combo, responses) in &by_combo {
        assert!(responses.len() >= K, "{combo:?}: {}", responses.len());
    }
    // Only campaigns shared with the hub: as many responses as the shared campaigns'
    // submitted ones, counted in SQL.
    let shared = app
        .exec_count(
            "SELECT COUNT(DISTINCT x.id) AS n FROM responses x JOIN campaigns c ON c.id = x.campaign_id \
             JOIN schools s ON s.id = c.school_id WHERE x.status = 'submitted' \
             AND c.shared_with_coordinator = ? AND s.hub_id = ?",
            vec![true.into(), uuid_value(&hub)],
        )
        .await;
    let responses: BTreeSet<&str> = data.iter().map(|r| r["response"].as_str()).collect();
    let dropped_people = d["rows_dropped"].as_i64().unwrap();
    assert!(responses.len() as i64 <= shared);
    assert!(dropped_people > 0 || responses.len() as i64 == shared);
}

async fn an_activity_dataset_counts_people_and_holds_no_free_text(app: &TestApp) {
    // The demo's Estonian hub: relationships, programme activities and their attendees.
    ihub::seed::demo(&app.state.db).await.unwrap();
    let researcher = app
        .token_for("researcher.ee@ihub.example", ihub::seed::DEMO_PASSWORD)
        .await;
    let recipients = app.get("/research/recipients", &researcher).await;
    let org = recipients.body[0]["organisation_id"]
        .as_str()
        .unwrap()
        .to_string();
    let me = app.get("/me", &researcher).await;
    let hub = me.body["grants"][0]["hub_id"].as_str().unwrap().to_string();
    let generate = |scope: &'static str, scope_id: String| {
        let org = org.clone();
        let researcher = researcher.clone();
        async move {
            let r = app
                .post(
                    "/research/datasets",
                    &researcher,
                    json!({"organisation_id": org, "kind": "activities", "scope": scope,
                           "scope_id": scope_id, "from": "2020-01", "to": this_month()}),
                )
                .await;
            assert_eq!(r.status, StatusCode::ACCEPTED, "{}", r.body);
            let id = r.body["id"].as_str().unwrap().to_string();
            let d = finished(app, &researcher, &id).await;
            assert_eq!(d["status"], "ready", "{d}");
            (d, unzip(&download(app, &researcher, &id).await.1))
        }
    };
    let (d, files) = generate("hub", hub.clone()).await;
    let head: Vec<String> = fields(files["data.csv"].lines().next().unwrap());
    assert_eq!(
        head,
        [
            "activity",
            "relationship",
            "programme",
            "month",
            "kind",
            "mode",
            "minutes",
            "mentors",
            "mentees",
            "others",
            "school",
            "language",
            "school_kind",
            "hub",
            "country"
        ]
    );
    let data = rows(&files["data.csv"]);
    assert!(!data.is_empty());
    // Every final activity of the hub is a row, or dropped and counted.
    let final_activities = app
        .exec_count(
            "SELECT COUNT(*) AS n FROM activities a WHERE a.state = 'final' AND a.hub_id = ?",
            vec![uuid_value(&hub)],
        )
        .await;
    assert_eq!(
        data.len() as i64 + d["rows_dropped"].as_i64().unwrap(),
        final_activities
    );
    let activities: BTreeSet<&str> = data.iter().map(|r| r["activity"].as_str()).collect();
    assert_eq!(activities.len(), data.len());
    for r in &data {
        let month = r["month"].as_str();
        assert!(month.len() == 7 && month.as_bytes()[4] == b'-', "{month}");
        assert!(["on_site", "online", "hybrid"].contains(&r["mode"].as_str()));
        let people: i64 = ["mentors", "mentees", "others"]
            .iter()
            .map(|c| r[*c].parse::<i64>().unwrap())
            .sum();
        assert!(people >= 0 && r["minutes"].parse::<i64>().unwrap() > 0);
        // A generalised school hides its relationship and programme too.
        if r["school"] == "*" {
            for c in ["relationship", "programme"] {
                assert!(r[c].is_empty() || r[c] == "*", "{r:?}");
            }
        }
    }
    // No free text: no activity's notes, outcomes or follow-ups appear in the file.
    let texts = app
        .exec_count(
            "SELECT COUNT(*) AS n FROM activities a WHERE a.hub_id = ? \
             AND (a.notes IS NOT NULL OR a.outcomes IS NOT NULL)",
            vec![uuid_value(&hub)],
        )
        .await;
    assert!(texts > 0, "the demo has activities with notes");
    for t in ["notes", "outcomes", "follow"] {
        assert!(!files["data.csv"].contains(t));
    }
    assert!(files["README.md"].contains("One row per final mentoring activity"));
    assert!(files["schema.json"].contains("\"mentees\""));
    // A school's dataset: its own activities only (a subset of the hub's, by number).
    // The mentee school of one of the hub's relationships.
    let admin = app
        .token_for("admin@ihub.example", ihub::seed::DEMO_PASSWORD)
        .await;
    let rels = app
        .get(&format!("/relationships?hub_id={hub}"), &admin)
        .await;
    assert_eq!(rels.status, StatusCode::OK, "{}", rels.body);
    let school = rels.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["participants"].as_array().unwrap().iter())
        .find(|p| p["role"] == "mentee" && p["school_id"].is_string())
        .map(|p| p["school_id"].as_str().unwrap().to_string())
        .expect("a mentee school");
    let (ds, sfiles) = generate("school", school).await;
    let srows = rows(&sfiles["data.csv"]);
    let in_school = srows.len() as i64 + ds["rows_dropped"].as_i64().unwrap();
    assert!(
        in_school > 0 && in_school < final_activities,
        "{in_school} of {final_activities}"
    );
    let places: BTreeSet<&str> = srows.iter().map(|r| r["school"].as_str()).collect();
    assert!(places.len() <= 1, "{places:?}");
}

async fn bad_requests_are_named_and_foreign_scopes_hidden(app: &TestApp) {
    let w = world_light(app).await;
    let base = json!({"organisation_id": w.org, "kind": "reflection_answers", "scope": "hub",
                      "scope_id": w.hub, "from": "2026-01", "to": "2026-03"});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    for (body, field) in [
        (with("kind", json!("everything")), "kind"),
        (with("scope", json!("galaxy")), "scope"),
        (with("from", json!("2026-13")), "from"),
        (with("to", json!("2025-12")), "to"),
        (with("scope_id", Value::Null), "scope_id"),
        (
            with("organisation_id", json!(uuid::Uuid::new_v4())),
            "organisation_id",
        ),
    ] {
        let r = app.post("/research/datasets", &w.researcher, body).await;
        r.problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["field"], field, "{}", r.body);
    }
    // The platform is for admins; a foreign hub is not there.
    let mut platform = with("scope", json!("platform"));
    platform["scope_id"] = Value::Null;
    app.post("/research/datasets", &w.researcher, platform)
        .await
        .problem(403, "forbidden");
    app.post(
        "/research/datasets",
        &w.researcher,
        with("scope_id", json!(uuid::Uuid::new_v4())),
    )
    .await
    .problem(404, "not_found");
    // Agreements: a NUL byte, a bad day, an end before the start.
    let a = json!({"organisation_id": w.org, "reference": "X", "signed_on": "2026-02-01"});
    let mut nul = a.clone();
    nul["reference"] = json!("DUA\u{0}1");
    app.post("/research/agreements", &w.admin, nul)
        .await
        .problem(422, "validation_failed");
    let mut bad = a.clone();
    bad["signed_on"] = json!("2026-02-30");
    let r = app.post("/research/agreements", &w.admin, bad).await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "signed_on");
    let mut order = a.clone();
    order["valid_until"] = json!("2026-01-01");
    let r = app.post("/research/agreements", &w.admin, order).await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "valid_until");
    // An agreement that has ended does not hold.
    let mut ended = a.clone();
    ended["valid_until"] = json!("2026-02-28");
    let r = app.post("/research/agreements", &w.admin, ended).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["holds"], false);
    app.post("/research/datasets", &w.researcher, base.clone())
        .await
        .problem(409, "no_data_use_agreement");
    // A dataset that is not there, or not the caller's.
    let none = uuid::Uuid::new_v4();
    app.get(&format!("/research/datasets/{none}"), &w.researcher)
        .await
        .problem(404, "not_found");
    // Teachers see nothing of research.
    let t = app
        .person("plain@rs.example", "teacher", Some(&w.hub), Some(&w.school))
        .await;
    app.get("/research/datasets", &t)
        .await
        .problem(403, "forbidden");
}

struct Light {
    admin: String,
    hub: String,
    school: String,
    researcher: String,
    org: String,
}

async fn world_light(app: &TestApp) -> Light {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Light Hub").await;
    let school = app.create_school(&admin, &hub, "Light School").await;
    let researcher = app
        .person("r@light.example", "researcher", Some(&hub), None)
        .await;
    let org = app
        .post(
            "/organisations",
            &admin,
            json!({"name": "Light University", "kind": "university", "country": "EE"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(
        &format!("/hubs/{hub}/organisations"),
        &admin,
        json!({"organisation_id": org, "role": "research_partner"}),
    )
    .await;
    Light {
        admin,
        hub,
        school,
        researcher,
        org,
    }
}
