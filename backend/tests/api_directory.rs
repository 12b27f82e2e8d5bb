//! Hubs, schools, organisations: visibility, changes, concurrency, pagination.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::json;

on_both!(
    admin_creates_lists_and_pages_through_hubs,
    names_are_searched_without_regard_to_case_or_alphabet,
    stale_if_match_is_refused_with_412,
    deleting_a_hub_with_schools_is_a_conflict,
    teacher_sees_only_their_school_and_hub,
    coordinator_manages_schools_of_own_hub_only,
    school_leader_edits_own_school_but_cannot_delete_it,
    organisations_link_to_hubs_in_roles,
    moving_a_school_moves_its_roles_with_it,
);

async fn admin_creates_lists_and_pages_through_hubs(app: &TestApp) {
    let admin = app.admin().await;
    for i in 0..5 {
        app.create_hub(&admin, &format!("Hub {i}")).await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/hubs?limit=2&cursor={c}"),
            None => "/hubs?limit=2".into(),
        };
        let r = app.get(&path, &admin).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        for h in r.body["items"].as_array().unwrap() {
            seen.push(h["name"].as_str().unwrap().to_string());
        }
        match r.body.get("next_cursor").and_then(|c| c.as_str()) {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, vec!["Hub 0", "Hub 1", "Hub 2", "Hub 3", "Hub 4"]);
    app.create_hub(&admin, "hub 9").await;
    let dup = app
        .post("/hubs", &admin, json!({"name": "HUB 9", "country": "EE", "languages": ["et"], "time_zone": "Europe/Tallinn"}))
        .await;
    dup.problem(409, "name_taken");
}

async fn names_are_searched_without_regard_to_case_or_alphabet(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Põhja Hub").await;
    app.create_school(&admin, &hub, "Jõõpre Primary School")
        .await;
    app.create_school(&admin, &hub, "Kevätkumpu School").await;
    app.create_school(&admin, &hub, "100%_Digital School").await;
    let r = app.get("/schools?q=JÕÕPRE", &admin).await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "{}", r.body);
    // Accents are folded both ways, a word's beginning is enough, and every term counts.
    for q in ["joopre", "Kevat", "kevätkumpu%20school", "primary%20jõõ"] {
        let r = app.get(&format!("/schools?q={q}"), &admin).await;
        assert_eq!(
            r.body["items"].as_array().unwrap().len(),
            1,
            "{q}: {}",
            r.body
        );
    }
    let r = app.get("/schools?q=kevat%20primary", &admin).await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 0, "{}", r.body);
    // A renamed school is found by its new name only.
    let id = app.get("/schools?q=kevat", &admin).await.body["items"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let etag = app
        .get(&format!("/schools/{id}"), &admin)
        .await
        .header("etag")
        .unwrap();
    let r = app
        .client
        .patch(app.api(&format!("/schools/{id}")))
        .bearer_auth(&admin)
        .header("if-match", etag)
        .json(&json!({"name": "Sügisaia School"}))
        .send()
        .await
        .unwrap();
    let r = Resp::from(r).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(
        app.get("/schools?q=kevat", &admin).await.body["items"],
        json!([])
    );
    let r = app.get("/schools?q=sugisaia", &admin).await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "{}", r.body);
    let r = app.get("/schools?q=%25_", &admin).await;
    let names: Vec<_> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].clone())
        .collect();
    assert_eq!(names, vec![json!("100%_Digital School")]);
    // Quotes and backslashes are text to look for, nothing more (PostgreSQL writes the
    // pattern into the statement).
    app.create_school(&admin, &hub, r"St. Mary's \North\ School")
        .await;
    let r = app.get("/schools?q=mary's", &admin).await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "{}", r.body);
    for q in ["x'%20OR%20'1'='1", "zz'';--", "zz%5C%5C'"] {
        let r = app.get(&format!("/schools?q={q}"), &admin).await;
        assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.body);
        assert_eq!(r.body["items"], json!([]), "{q}");
    }
    let r = app
        .get(
            &format!("/schools?hub_id={hub}&kind=basic&country=ee"),
            &admin,
        )
        .await;
    assert_eq!(r.body["items"].as_array().unwrap().len(), 4);
}

async fn stale_if_match_is_refused_with_412(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let g = app.get(&format!("/hubs/{hub}"), &admin).await;
    let etag = g.header("etag").unwrap();
    assert_eq!(etag, "\"v1\"");
    let send = |tag: &str, name: &str| {
        app.client
            .patch(app.api(&format!("/hubs/{hub}")))
            .bearer_auth(&admin)
            .header("if-match", tag)
            .json(&json!({"name": name}))
            .send()
    };
    let ok = Resp::from(send(&etag, "Renamed").await.unwrap()).await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    assert_eq!(ok.header("etag").unwrap(), "\"v2\"");
    Resp::from(send(&etag, "Again").await.unwrap())
        .await
        .problem(412, "precondition_failed");
    Resp::from(send("garbage", "Again").await.unwrap())
        .await
        .problem(400, "invalid_header");
    let cleared = app
        .patch(
            &format!("/hubs/{hub}"),
            &admin,
            json!({"region": null, "description": "About us"}),
        )
        .await;
    assert_eq!(cleared.status, StatusCode::OK);
    assert_eq!(cleared.body["description"], "About us");
    assert!(cleared.body.get("region").is_none());
}

async fn deleting_a_hub_with_schools_is_a_conflict(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let school = app.create_school(&admin, &hub, "School").await;
    let r = app.delete(&format!("/hubs/{hub}"), &admin).await;
    r.problem(409, "in_use");
    assert!(r.body["detail"].as_str().unwrap().contains("1 school"));
    assert_eq!(
        app.delete(&format!("/schools/{school}"), &admin)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete(&format!("/hubs/{hub}"), &admin).await.status,
        StatusCode::NO_CONTENT
    );
    app.get(&format!("/hubs/{hub}"), &admin)
        .await
        .problem(404, "not_found");
}

async fn teacher_sees_only_their_school_and_hub(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub A").await;
    let other_hub = app.create_hub(&admin, "Hub B").await;
    let mine = app.create_school(&admin, &hub, "Mine").await;
    let sibling = app.create_school(&admin, &hub, "Sibling").await;
    let foreign = app.create_school(&admin, &other_hub, "Foreign").await;
    let t = app
        .person("t@test.example", "teacher", Some(&hub), Some(&mine))
        .await;
    let list = app.get("/schools", &t).await;
    let ids: Vec<_> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(ids, vec![mine.clone()]);
    assert_eq!(
        app.get(&format!("/schools/{mine}"), &t).await.status,
        StatusCode::OK
    );
    app.get(&format!("/schools/{sibling}"), &t)
        .await
        .problem(404, "not_found");
    app.get(&format!("/schools/{foreign}"), &t)
        .await
        .problem(404, "not_found");
    app.get(&format!("/hubs/{other_hub}"), &t)
        .await
        .problem(404, "not_found");
    assert_eq!(
        app.get(&format!("/hubs/{hub}"), &t).await.status,
        StatusCode::OK
    );
    app.patch(&format!("/schools/{mine}"), &t, json!({"name": "Renamed"}))
        .await
        .problem(403, "forbidden");
}

async fn coordinator_manages_schools_of_own_hub_only(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub A").await;
    let other_hub = app.create_hub(&admin, "Hub B").await;
    let c = app
        .person("c@test.example", "hub_coordinator", Some(&hub), None)
        .await;
    let s = app.create_school(&c, &hub, "New school").await;
    let r = app
        .post("/schools", &c, json!({"hub_id": other_hub, "name": "X", "country": "EE", "kind": "basic", "languages": ["et"], "time_zone": "Europe/Tallinn"}))
        .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "hub_id");
    assert_eq!(
        app.patch(&format!("/hubs/{hub}"), &c, json!({"description": "Ours"}))
            .await
            .status,
        StatusCode::OK
    );
    app.delete(&format!("/hubs/{hub}"), &c)
        .await
        .problem(403, "forbidden");
    assert_eq!(
        app.delete(&format!("/schools/{s}"), &c).await.status,
        StatusCode::NO_CONTENT
    );
    app.post("/hubs", &c, json!({"name": "Mine", "country": "EE", "languages": ["et"], "time_zone": "Europe/Tallinn"})).await.problem(403, "forbidden");
}

async fn school_leader_edits_own_school_but_cannot_delete_it(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let s = app.create_school(&admin, &hub, "School").await;
    let l = app
        .person("l@test.example", "school_leader", Some(&hub), Some(&s))
        .await;
    let r = app
        .patch(
            &format!("/schools/{s}"),
            &l,
            json!({"teacher_count": 42, "student_count": 500}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["teacher_count"], 42);
    app.patch(&format!("/schools/{s}"), &l, json!({"teacher_count": -1}))
        .await
        .problem(422, "validation_failed");
    app.delete(&format!("/schools/{s}"), &l)
        .await
        .problem(403, "forbidden");
}

async fn organisations_link_to_hubs_in_roles(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let o = app.post("/organisations", &admin, json!({"name": "University of Bergen", "kind": "university", "country": "NO", "website": "https://www.uib.no"})).await;
    assert_eq!(o.status, StatusCode::CREATED, "{}", o.body);
    let org = o.body["id"].as_str().unwrap();
    let l = app
        .post(
            &format!("/hubs/{hub}/organisations"),
            &admin,
            json!({"organisation_id": org, "role": "research_partner"}),
        )
        .await;
    assert_eq!(l.status, StatusCode::CREATED, "{}", l.body);
    app.post(
        &format!("/hubs/{hub}/organisations"),
        &admin,
        json!({"organisation_id": org, "role": "research_partner"}),
    )
    .await
    .problem(409, "already_linked");
    let list = app.get(&format!("/hubs/{hub}/organisations"), &admin).await;
    assert_eq!(list.body[0]["organisation"]["name"], "University of Bergen");
    app.delete(&format!("/organisations/{org}"), &admin)
        .await
        .problem(409, "in_use");
    let link = l.body["id"].as_str().unwrap();
    assert_eq!(
        app.delete(&format!("/hubs/{hub}/organisations/{link}"), &admin)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.delete(&format!("/organisations/{org}"), &admin)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    app.post(
        "/organisations",
        &admin,
        json!({"name": "X", "kind": "spaceship"}),
    )
    .await
    .problem(400, "invalid_json");
}

async fn moving_a_school_moves_its_roles_with_it(app: &TestApp) {
    let admin = app.admin().await;
    let a = app.create_hub(&admin, "Hub A").await;
    let b = app.create_hub(&admin, "Hub B").await;
    let s = app.create_school(&admin, &a, "School").await;
    let t = app
        .person("t@test.example", "teacher", Some(&a), Some(&s))
        .await;
    let r = app
        .patch(&format!("/schools/{s}"), &admin, json!({"hub_id": b}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    let me = app.get("/me", &t).await;
    assert_eq!(me.body["grants"][0]["hub_id"], b.as_str());
    assert_eq!(
        app.get(&format!("/hubs/{b}"), &t).await.status,
        StatusCode::OK
    );
    app.get(&format!("/hubs/{a}"), &t)
        .await
        .problem(404, "not_found");
}
