//! Every class of bad input gets problem+json with a stable code; never a 500.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::json;

on_both!(
    each_class_of_bad_input_gets_its_problem,
    responses_carry_request_ids_and_security_headers,
    on_postgresql_the_suite_talks_to_two_servers
);

/// On PostgreSQL every API test runs against two servers on one database (this process
/// and a separate one), its requests alternating: a session begun on one goes on on the
/// other, and what one wrote the other reads.
async fn on_postgresql_the_suite_talks_to_two_servers(app: &TestApp) {
    let two = app.backend == Backend::Postgres
        && std::env::var("IHUB_TEST_SECOND_SERVER").as_deref() != Ok("off");
    assert_eq!(app.servers(), if two { 2 } else { 1 });
    let (a, b) = (app.api("/health"), app.api("/health"));
    assert_eq!(a != b, two, "{a} {b}");
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Two servers").await;
    for _ in 0..4 {
        let r = app.get(&format!("/hubs/{hub}"), &admin).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(r.body["name"], "Two servers");
    }
}

async fn each_class_of_bad_input_gets_its_problem(app: &TestApp) {
    let admin = app.admin().await;
    let c = &app.client;
    let hubs = app.api("/hubs");
    // Malformed JSON and wrong types: 400.
    let r = c
        .post(&hubs)
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{\"name\":")
        .send()
        .await
        .unwrap();
    Resp::from(r).await.problem(400, "invalid_json");
    let r = c.post(&hubs).bearer_auth(&admin).json(&json!({"name": 5, "country": "EE", "languages": ["et"], "time_zone": "Europe/Tallinn"})).send().await.unwrap();
    Resp::from(r).await.problem(400, "invalid_json");
    let r = c.post(&hubs).bearer_auth(&admin).json(&json!({"name": "X", "country": "EE", "languages": ["et"], "time_zone": "Europe/Tallinn", "extra": 1})).send().await.unwrap();
    Resp::from(r).await.problem(400, "invalid_json");
    // Not JSON at all: 415.
    let r = c
        .post(&hubs)
        .bearer_auth(&admin)
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    Resp::from(r).await.problem(415, "unsupported_media_type");
    // Too large: 413.
    let big = "x".repeat(1_100_000);
    let r = c
        .post(&hubs)
        .bearer_auth(&admin)
        .json(&json!({"name": big}))
        .send()
        .await
        .unwrap();
    Resp::from(r).await.problem(413, "payload_too_large");
    // Validation: 422 with field errors.
    let r = app.post("/hubs", &admin, json!({"name": " ", "country": "EE", "languages": ["et"], "time_zone": "Europe/Tallinn"})).await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "name");
    // Bad query and path: 400.
    app.get("/hubs?limit=0", &admin)
        .await
        .problem(400, "invalid_query");
    app.get("/hubs?limit=abc", &admin)
        .await
        .problem(400, "invalid_query");
    app.get("/hubs?cursor=!!!", &admin)
        .await
        .problem(400, "invalid_query");
    app.get("/hubs/not-a-uuid", &admin)
        .await
        .problem(400, "invalid_path");
    // Unknown route and wrong method.
    app.get("/nothing-here", &admin)
        .await
        .problem(404, "not_found");
    let r = c.put(&hubs).bearer_auth(&admin).send().await.unwrap();
    let r = Resp::from(r).await;
    r.problem(405, "method_not_allowed");
    assert_eq!(r.header("allow").as_deref(), Some("GET, POST"));
    // Unknown id: 404; SQL-looking input is just text.
    app.get(&format!("/hubs/{}", uuid::Uuid::now_v7()), &admin)
        .await
        .problem(404, "not_found");
    let r = app
        .get("/hubs?q=%27%3B%20DROP%20TABLE%20hubs%3B--", &admin)
        .await;
    assert_eq!(r.status, StatusCode::OK);
}

async fn responses_carry_request_ids_and_security_headers(app: &TestApp) {
    for path in ["/api/v1/health", "/api/v1/nothing", "/", "/hubs/deep/link"] {
        let r = app
            .client
            .get(format!("{}{path}", app.url))
            .send()
            .await
            .unwrap();
        let h = r.headers();
        assert!(
            uuid::Uuid::parse_str(h["x-request-id"].to_str().unwrap()).is_ok(),
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "no-referrer");
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"),
            "{csp}"
        );
        assert!(
            h.get("strict-transport-security").is_none(),
            "HSTS over plain HTTP"
        );
    }
    // Counted by this server's metrics, so asked of this server.
    let ready = app
        .client
        .get(format!("{}/api/v1/ready", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(ready.status(), StatusCode::OK);
    let metrics = app.metrics().await;
    assert!(metrics.contains("ihub_up 1"), "{metrics}");
    assert!(
        metrics.contains(
            "ihub_http_requests_total{method=\"GET\",route=\"/api/v1/ready\",status=\"200\"}"
        ),
        "{metrics}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hsts_is_sent_when_served_over_https() {
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        &[("IHUB_PUBLIC_URL", "https://hub.example.org")],
    )
    .await
    .unwrap();
    let r = app.client.get(app.api("/health")).send().await.unwrap();
    assert!(r.headers().get("strict-transport-security").is_some());
    app.stop().await;
}

on_both!(concurrent_writes_all_succeed);

/// Many read-then-write transactions at once (the fuzzer found SQLite's "database is
/// locked" here before write transactions began with BEGIN IMMEDIATE).
async fn concurrent_writes_all_succeed(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Busy Hub").await;
    let mut tasks = Vec::new();
    for i in 0..24 {
        let client = app.client.clone();
        let url = app.api("/schools");
        let token = admin.clone();
        let hub = hub.clone();
        tasks.push(tokio::spawn(async move {
            let body = json!({"hub_id": hub, "name": format!("School {i}"), "country": "EE", "kind": "basic",
                              "languages": ["et"], "time_zone": "Europe/Tallinn"});
            client.post(url).bearer_auth(token).json(&body).send().await.unwrap().status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::CREATED);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_origins_may_call_the_api_from_browsers_and_others_may_not() {
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        &[("IHUB_CORS_ORIGINS", "https://app.hub.example")],
    )
    .await
    .unwrap();
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, app.api("/hubs"))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
    };
    let ok = preflight("https://app.hub.example").await.unwrap();
    assert!(ok.status().is_success(), "{}", ok.status());
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        "https://app.hub.example"
    );
    assert_eq!(ok.headers()["access-control-allow-credentials"], "true");
    let other = preflight("https://evil.example").await.unwrap();
    assert!(other.headers().get("access-control-allow-origin").is_none());
    let simple = app
        .client
        .get(app.api("/health"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(
        simple
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
    let status = simple.status();
    let ctype = simple
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_string());
    let body = simple.text().await.unwrap();
    assert!(
        status.is_success() || ctype.as_deref() == Some("application/problem+json"),
        "{status} {ctype:?} {body}"
    );
    app.stop().await;
}

on_both!(nul_and_control_characters_are_refused_naming_the_field);

/// PostgreSQL cannot store NUL; before the text guard it answered 500 to any string with
/// one. Every string the API accepts — body fields at any depth, object keys, form values,
/// query parameters, the path — is checked in one place and refused with a 422.
async fn nul_and_control_characters_are_refused_naming_the_field(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Text Hub").await;
    let c = &app.client;
    // Unauthenticated: the login e-mail.
    let r = app
        .call(
            reqwest::Method::POST,
            "/auth/login",
            None,
            Some(json!({"email": "a\u{0}@x.example", "password": "whatever-long-enough"})),
        )
        .await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "email");
    assert_eq!(r.body["errors"][0]["code"], "control_character");
    let corpus = [
        (
            "/hubs",
            json!({"name": "N\u{0}ul", "country": "EE", "languages": ["et"], "time_zone": "Europe/Tallinn"}),
            "name",
        ),
        (
            "/schools",
            json!({"hub_id": hub, "name": "Kool", "country": "EE", "kind": "basic",
                   "languages": ["et", "f\u{0}i"], "time_zone": "Europe/Tallinn"}),
            "languages.1",
        ),
        (
            "/hubs",
            json!({"name": "Kellad", "country": "EE", "languages": ["et"],
                   "time_zone": "Europe/Tallinn", "description": "bell \u{7}"}),
            "description",
        ),
        (
            "/auth/token",
            json!({"client_id": "x\u{0}", "client_secret": "y"}),
            "client_id",
        ),
    ];
    for (path, body, field) in corpus {
        let r = app.post(path, &admin, body).await;
        r.problem(422, "validation_failed");
        assert_eq!(r.body["errors"][0]["field"], field, "{path}: {}", r.body);
    }
    // An object key.
    let r = app.post("/hubs", &admin, json!({"na\u{0}me": "x"})).await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "name");
    // Query parameters and the path.
    let r = app.get("/hubs?q=Tal%00linn", &admin).await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "query.q");
    let r = app.get("/hubs/abc%00def", &admin).await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "path");
    // A form-encoded body.
    let r = c
        .post(app.api("/auth/token"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("grant_type=client_credentials&client_id=a%00b&client_secret=c")
        .send()
        .await
        .unwrap();
    let r = Resp::from(r).await;
    r.problem(422, "validation_failed");
    assert_eq!(r.body["errors"][0]["field"], "client_id");
    // Line breaks and tabs are text: a multi-line description is stored as sent.
    let r = app
        .post(
            "/hubs",
            &admin,
            json!({"name": "Multi-line Hub", "country": "EE", "languages": ["et"],
                   "time_zone": "Europe/Tallinn", "description": "First line\nsecond\tline\r\n"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["description"], "First line\nsecond\tline\r\n");
}
