//! Instruments as versioned data: shipped ones loaded, new versions published, translations
//! added and reviewed without making versions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

fn small_definition(version: &str) -> Value {
    json!({
        "key": "wellbeing", "version": version, "kind": {"other": "wellbeing"},
        "groups": ["teacher"],
        "scales": [{"key": "agree", "type": "ordinal", "options": [
            {"value": "a1", "score": 1}, {"value": "a2", "score": 2}, {"value": "a3", "score": 3},
            {"value": "n_a", "score": null}]}],
        "areas": [{"key": "balance"}],
        "items": [{"key": "b1", "area": "balance", "scale": "agree", "groups": ["teacher"]},
                  {"key": "b2", "area": "balance", "scale": "agree", "groups": ["teacher"]}]
    })
}

fn english() -> Value {
    json!({
        "language": "en", "status": "reviewed", "title": "Wellbeing",
        "areas": {"balance": "Balance"},
        "options": {"agree": {"a1": "Disagree", "a2": "Neutral", "a3": "Agree", "n_a": "Not applicable"}},
        "items": {"b1": {"statement": "I switch off after work."},
                  "b2": {"statement": "I plan screen-free time.", "help": "At home or at school."}}
    })
}

on_both!(
    the_shipped_instruments_are_listed_with_translation_status,
    a_version_reads_in_a_language_with_english_filling_gaps,
    an_admin_publishes_versions_and_bad_definitions_list_every_problem,
    hubs_add_translations_and_review_them_without_new_versions,
    a_version_in_use_never_changes_when_reloaded,
    a_readiness_version_with_campaigns_is_in_use,
);

async fn the_shipped_instruments_are_listed_with_translation_status(app: &TestApp) {
    let admin = app.admin().await;
    let r = app.get("/instruments", &admin).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let dce = r
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "digcompedu-teacher")
        .unwrap();
    assert_eq!(dce["kind"], "teacher_competence");
    assert_eq!(dce["current_version"], "1");
    let v = &dce["versions"][0];
    assert_eq!(v["items"], 22);
    assert_eq!(v["current"], true);
    let en = v["translations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["language"] == "en")
        .unwrap();
    assert_eq!(en["status"], "reviewed");
    assert_eq!(en["translated"], en["total"]);
}

async fn a_version_reads_in_a_language_with_english_filling_gaps(app: &TestApp) {
    let admin = app.admin().await;
    let r = app
        .get(
            "/instruments/digcompedu-teacher/versions/current?lang=xx",
            &admin,
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["language"], "en", "no such translation: English");
    assert_eq!(r.body["areas"][0]["key"], "engagement");
    let item = &r.body["areas"][0]["items"][0];
    assert_eq!(item["key"], "1.1");
    assert_eq!(item["options"].as_array().unwrap().len(), 6);
    assert!(item["options"][2]["next_step"].as_str().is_some());
    assert_eq!(r.body["definition"]["key"], "digcompedu-teacher");
    app.get("/instruments/digcompedu-teacher/versions/99", &admin)
        .await
        .problem(404, "not_found");
    app.get("/instruments/nope/versions/current", &admin)
        .await
        .problem(404, "not_found");
}

async fn an_admin_publishes_versions_and_bad_definitions_list_every_problem(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Publishing Hub").await;
    let coordinator = app
        .person("coord@i.example", "hub_coordinator", Some(&hub), None)
        .await;
    let body = json!({"definition": small_definition("1"), "texts": [english()]});
    app.post("/instruments", &coordinator, body.clone())
        .await
        .problem(403, "forbidden");

    // Three problems at once: an unknown area, an unknown scale, a missing statement.
    let mut bad = small_definition("1");
    bad["items"][0]["area"] = json!("nowhere");
    bad["items"][1]["scale"] = json!("stars");
    let mut en = english();
    en["items"]["b1"] = json!({"statement": ""});
    let r = app
        .post(
            "/instruments",
            &admin,
            json!({"definition": bad, "texts": [en]}),
        )
        .await;
    r.problem(422, "validation_failed");
    let fields: Vec<&str> = r.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "items[0].area",
        "items[1].scale",
        "texts.en.items.b1.statement",
    ] {
        assert!(fields.contains(&f), "{f} not in {fields:?}");
    }
    // Not even a definition.
    app.post(
        "/instruments",
        &admin,
        json!({"definition": {"key": 1}, "texts": []}),
    )
    .await
    .problem(422, "validation_failed");

    let ok = app.post("/instruments", &admin, body.clone()).await;
    assert_eq!(ok.status, StatusCode::CREATED, "{}", ok.body);
    assert_eq!(ok.body["version"], "1");
    assert_eq!(ok.body["kind"], "wellbeing");
    app.post("/instruments", &admin, body)
        .await
        .problem(409, "version_exists");
    let v2 = app
        .post(
            "/instruments",
            &admin,
            json!({"definition": small_definition("2"), "texts": [english()]}),
        )
        .await;
    assert_eq!(v2.status, StatusCode::CREATED, "{}", v2.body);
    let list = app.get("/instruments", &admin).await;
    let w = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "wellbeing")
        .unwrap();
    assert_eq!(w["current_version"], "2");
    assert_eq!(w["versions"].as_array().unwrap().len(), 2);
    let audit = app.get("/audit", &admin).await;
    assert!(
        audit.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "instrument.publish")
    );
}

async fn hubs_add_translations_and_review_them_without_new_versions(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Translating Hub").await;
    let coordinator = app
        .person("coord@t.example", "hub_coordinator", Some(&hub), None)
        .await;
    let teacher = app
        .person("teacher@t.example", "teacher", Some(&hub), None)
        .await;
    let r = app
        .post(
            "/instruments",
            &admin,
            json!({"definition": small_definition("1"), "texts": [english()]}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    // A partial Estonian draft: the help text of b2 is missing.
    let et = json!({"title": "Heaolu", "areas": {"balance": "Tasakaal"},
        "options": {"agree": {"a1": "Ei nõustu", "a2": "Neutraalne", "a3": "Nõustun", "n_a": "Ei puuduta mind"}},
        "items": {"b1": {"statement": "Lülitun pärast tööd välja."},
                  "b2": {"statement": "Planeerin ekraanivaba aega."}}});
    let path = "/instruments/wellbeing/versions/1/texts/et";
    app.put(path, &teacher, json!({"texts": et.clone()}))
        .await
        .problem(403, "forbidden");
    let put = app
        .put(path, &coordinator, json!({"texts": et.clone()}))
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(put.body["status"]["status"], "draft");
    assert_eq!(put.body["missing"], json!(["items.b2.help"]));
    let etag = put.header("etag").unwrap();

    // Reviewed needs a complete translation.
    app.patch(path, &coordinator, json!({"status": "reviewed"}))
        .await
        .problem(422, "validation_failed");
    let mut full = et.clone();
    full["items"]["b2"]["help"] = json!("Kodus või koolis.");
    let stale = app
        .client
        .put(app.api(path))
        .bearer_auth(&coordinator)
        .header("if-match", "\"v99\"")
        .json(&json!({"texts": full.clone()}))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status().as_u16(), 412);
    let fixed = app
        .client
        .put(app.api(path))
        .bearer_auth(&coordinator)
        .header("if-match", etag)
        .json(&json!({"texts": full}))
        .send()
        .await
        .unwrap();
    assert_eq!(fixed.status().as_u16(), 200);
    let reviewed = app
        .patch(path, &coordinator, json!({"status": "reviewed"}))
        .await;
    assert_eq!(reviewed.status, StatusCode::OK, "{}", reviewed.body);
    assert_eq!(reviewed.body["status"]["status"], "reviewed");
    assert_eq!(reviewed.body["missing"], json!([]));

    // Still one version, now readable in Estonian.
    let list = app.get("/instruments?lang=et", &teacher).await;
    let w = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["key"] == "wellbeing")
        .unwrap();
    assert_eq!(w["versions"].as_array().unwrap().len(), 1);
    assert_eq!(w["title"], "Heaolu");
    let v = app
        .get("/instruments/wellbeing/versions/1?lang=et", &teacher)
        .await;
    assert_eq!(v.body["areas"][0]["items"][1]["help"], "Kodus või koolis.");
    // Texts for things the version does not have are refused.
    let mut wrong = et;
    wrong["items"]["zz"] = json!({"statement": "?"});
    app.put(path, &coordinator, json!({"texts": wrong}))
        .await
        .problem(422, "validation_failed");
}

async fn a_version_in_use_never_changes_when_reloaded(app: &TestApp) {
    // A teacher answers on the shipped version; reloading the shipped files (as every
    // start does) leaves the stored definition as it is.
    let admin = app.admin().await;
    let teacher = app.person("t@u.example", "teacher", None, None).await;
    let r = app.post("/reflections", &teacher, json!({})).await;
    let id = r.body["reflection"]["id"].as_str().unwrap().to_string();
    app.put(
        &format!("/reflections/{id}/answers/1.1"),
        &teacher,
        json!({"value": "b1"}),
    )
    .await;
    let before = app
        .get("/instruments/digcompedu-teacher/versions/1", &admin)
        .await;
    assert_eq!(before.body["in_use"], true);
    let log = ihub::instruments::service::load_shipped(&app.state.db)
        .await
        .unwrap();
    assert!(log.is_empty(), "nothing changed: {log:?}");
    let after = app
        .get("/instruments/digcompedu-teacher/versions/1", &admin)
        .await;
    assert_eq!(before.body["definition"], after.body["definition"]);
}

/// School readiness v1 was not "in use" although campaigns had answers on it (only
/// reflections were counted), so a changed shipped definition would have replaced it.
async fn a_readiness_version_with_campaigns_is_in_use(app: &TestApp) {
    let admin = app.admin().await;
    let path = "/instruments/school-readiness/versions/1";
    assert_eq!(app.get(path, &admin).await.body["in_use"], false);
    let hub = app.create_hub(&admin, "Readiness Hub").await;
    let school = app
        .create_school(&admin, &hub, "Dologani Public School")
        .await;
    let leader = app
        .person("l@u.example", "school_leader", Some(&hub), Some(&school))
        .await;
    let today = chrono::Utc::now().date_naive();
    let r = app
        .post(
            &format!("/schools/{school}/campaigns"),
            &leader,
            json!({"name": "Spring", "groups": ["teacher"], "opens_on": today.to_string(),
                   "closes_on": (today + chrono::Duration::days(7)).to_string()}),
        )
        .await;
    assert_eq!(r.status, reqwest::StatusCode::CREATED, "{}", r.body);
    let v = app.get(path, &admin).await;
    assert_eq!(v.body["in_use"], true, "{}", v.body);
    let log = ihub::instruments::service::load_shipped(&app.state.db)
        .await
        .unwrap();
    assert!(log.is_empty(), "nothing changed: {log:?}");
}
