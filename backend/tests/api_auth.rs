//! Sign-in, sessions, passwords, deactivation, rate limits — over HTTP, on both databases.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both!(
    login_gives_a_token_and_a_refresh_cookie,
    wrong_password_and_unknown_email_look_the_same,
    refresh_rotates_and_reuse_ends_the_whole_family,
    logout_ends_the_session,
    deactivation_ends_sessions_at_once,
    password_change_checks_the_old_one_and_the_rules,
    admin_reset_link_sets_a_new_password_once,
    requests_without_a_valid_token_get_401,
    machine_client_gets_scoped_access,
    a_hub_bound_client_reads_only_its_hubs_audit_entries,
    the_token_endpoint_speaks_rfc_6749,
);

async fn login_gives_a_token_and_a_refresh_cookie(app: &TestApp) {
    app.admin().await;
    let r = app.login("ROOT@test.example ", PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["expires_in"], 900);
    assert_eq!(r.body["user"]["grants"][0]["role"], "admin");
    let cookie = r.header("set-cookie").unwrap();
    assert!(cookie.starts_with("ihub_refresh="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("Path=/api/v1/auth")
            && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    let token = r.body["access_token"].as_str().unwrap();
    let me = app.get("/me", token).await;
    assert_eq!(me.status, StatusCode::OK);
    assert_eq!(me.body["email"], "root@test.example");
}

async fn wrong_password_and_unknown_email_look_the_same(app: &TestApp) {
    app.admin().await;
    let a = app.login("root@test.example", "not the password").await;
    let b = app.login("nobody@test.example", "not the password").await;
    a.problem(401, "invalid_credentials");
    b.problem(401, "invalid_credentials");
    assert_eq!(a.body["detail"], b.body["detail"]);
}

async fn refresh_rotates_and_reuse_ends_the_whole_family(app: &TestApp) {
    app.admin().await;
    let r = app.login("root@test.example", PASSWORD).await;
    let first = r.header("set-cookie").unwrap();
    let first_value = first.split(';').next().unwrap().to_string();
    let r2 = app.call(Method::POST, "/auth/refresh", None, None).await;
    assert_eq!(r2.status, StatusCode::OK, "{}", r2.body);
    let second = r2.header("set-cookie").unwrap();
    assert_ne!(first_value, second.split(';').next().unwrap());
    // An attacker replays the first (already rotated) token.
    let replay = reqwest::Client::new()
        .post(app.api("/auth/refresh"))
        .header("cookie", &first_value)
        .send()
        .await
        .unwrap();
    Resp::from(replay)
        .await
        .problem(401, "refresh_token_reused");
    // The legitimate holder's newer token is dead too.
    let r3 = app.call(Method::POST, "/auth/refresh", None, None).await;
    r3.problem(401, "refresh_token_invalid");
}

async fn logout_ends_the_session(app: &TestApp) {
    app.admin().await;
    app.login("root@test.example", PASSWORD).await;
    let out = app.call(Method::POST, "/auth/logout", None, None).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    app.call(Method::POST, "/auth/refresh", None, None)
        .await
        .problem(401, "refresh_token_invalid");
}

async fn deactivation_ends_sessions_at_once(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let school = app.create_school(&admin, &hub, "School").await;
    let teacher = app
        .person("t@test.example", "teacher", Some(&hub), Some(&school))
        .await;
    assert_eq!(app.get("/me", &teacher).await.status, StatusCode::OK);
    let me = app.get("/me", &teacher).await;
    let id = me.body["id"].as_str().unwrap();
    let r = app
        .post(&format!("/people/{id}/deactivate"), &admin, json!({}))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["active"], false);
    app.get("/me", &teacher)
        .await
        .problem(401, "account_deactivated");
    app.login("t@test.example", PASSWORD)
        .await
        .problem(401, "account_deactivated");
    // The audit log has it.
    let log = app.get("/audit", &admin).await;
    assert!(
        log.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "person.deactivated")
    );
    // One cannot deactivate oneself.
    let my_id = app.get("/me", &admin).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(&format!("/people/{my_id}/deactivate"), &admin, json!({}))
        .await
        .problem(403, "forbidden");
}

async fn password_change_checks_the_old_one_and_the_rules(app: &TestApp) {
    let admin = app.admin().await;
    app.post(
        "/me/password",
        &admin,
        json!({"current_password": "wrong one!!", "new_password": "another-good-one-77"}),
    )
    .await
    .problem(422, "validation_failed");
    let weak = app
        .post(
            "/me/password",
            &admin,
            json!({"current_password": PASSWORD, "new_password": "password123"}),
        )
        .await;
    weak.problem(422, "validation_failed");
    assert_eq!(weak.body["errors"][0]["code"], "common_password");
    let short = app
        .post(
            "/me/password",
            &admin,
            json!({"current_password": PASSWORD, "new_password": "short"}),
        )
        .await;
    assert_eq!(short.body["errors"][0]["code"], "too_short");
    let ok = app
        .post(
            "/me/password",
            &admin,
            json!({"current_password": PASSWORD, "new_password": "another-good-one-77"}),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    app.login("root@test.example", PASSWORD)
        .await
        .problem(401, "invalid_credentials");
    assert_eq!(
        app.login("root@test.example", "another-good-one-77")
            .await
            .status,
        StatusCode::OK
    );
}

async fn admin_reset_link_sets_a_new_password_once(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let coord = app
        .person("c@test.example", "hub_coordinator", Some(&hub), None)
        .await;
    let id = app.get("/me", &coord).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(&format!("/people/{id}/password-reset"), &coord, json!({}))
        .await
        .problem(403, "forbidden");
    let link = app
        .post(&format!("/people/{id}/password-reset"), &admin, json!({}))
        .await;
    assert_eq!(link.status, StatusCode::CREATED, "{}", link.body);
    let url = link.body["url"].as_str().unwrap();
    let token = url.split("#token=").nth(1).unwrap();
    let ok = app
        .call(
            Method::POST,
            "/auth/password-reset/confirm",
            None,
            Some(json!({"token": token, "new_password": "fresh-password-2026"})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::NO_CONTENT, "{}", ok.body);
    // The coordinator's old sessions are gone; the new password works.
    assert_eq!(
        app.login("c@test.example", "fresh-password-2026")
            .await
            .status,
        StatusCode::OK
    );
    let again = app
        .call(
            Method::POST,
            "/auth/password-reset/confirm",
            None,
            Some(json!({"token": token, "new_password": "fresh-password-2027"})),
        )
        .await;
    again.problem(400, "reset_token_invalid");
    // Asking for a link by e-mail never tells whether the account exists.
    for email in ["c@test.example", "nobody@test.example"] {
        let r = app
            .call(
                Method::POST,
                "/auth/password-reset/request",
                None,
                Some(json!({"email": email})),
            )
            .await;
        assert_eq!(r.status, StatusCode::ACCEPTED);
    }
}

async fn requests_without_a_valid_token_get_401(app: &TestApp) {
    app.call(Method::GET, "/hubs", None, None)
        .await
        .problem(401, "unauthenticated");
    app.call(Method::GET, "/hubs", Some("not-a-jwt"), None)
        .await
        .problem(401, "token_invalid");
    // A token signed with another secret.
    let other = ihub::auth::token::JwtKeys::new("some-other-secret-some-other-secret-123");
    let forged = other
        .issue(
            uuid::Uuid::now_v7(),
            ihub::auth::token::SubjectKind::Person,
            60,
            None,
        )
        .unwrap();
    app.call(Method::GET, "/hubs", Some(&forged), None)
        .await
        .problem(401, "token_invalid");
}

async fn machine_client_gets_scoped_access(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Partner Hub").await;
    let other = app.create_hub(&admin, "Other Hub").await;
    let c = app
        .post(
            "/clients",
            &admin,
            json!({"name": "University sync", "scopes": ["directory:read"], "hub_id": hub}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
    let client_id = c.body["client"]["client_id"].as_str().unwrap();
    let secret = c.body["client_secret"].as_str().unwrap();
    let bad = app.call(Method::POST, "/auth/token", None, Some(json!({"grant_type": "client_credentials", "client_id": client_id, "client_secret": "wrong"}))).await;
    assert_eq!(bad.status, StatusCode::UNAUTHORIZED);
    assert_eq!(bad.body["error"], "invalid_client");
    assert_eq!(bad.body["code"], "invalid_credentials");
    let t = app.call(Method::POST, "/auth/token", None, Some(json!({"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret}))).await;
    assert_eq!(t.status, StatusCode::OK, "{}", t.body);
    assert_eq!(t.body["scope"], "directory:read");
    let token = t.body["access_token"].as_str().unwrap();
    assert_eq!(
        app.get(&format!("/hubs/{hub}"), token).await.status,
        StatusCode::OK
    );
    app.get(&format!("/hubs/{other}"), token)
        .await
        .problem(404, "not_found");
    app.get("/people", token).await.problem(403, "forbidden");
    app.post(
        "/hubs",
        token,
        json!({"name": "X", "country": "EE", "languages": ["et"], "time_zone": "Europe/Tallinn"}),
    )
    .await
    .problem(403, "forbidden");
    // Deactivated clients lose access at once.
    let id = c.body["client"]["id"].as_str().unwrap();
    assert_eq!(
        app.post(&format!("/clients/{id}/deactivate"), &admin, json!({}))
            .await
            .status,
        StatusCode::OK
    );
    app.get(&format!("/hubs/{hub}"), token)
        .await
        .problem(401, "account_deactivated");
}

async fn login_is_rate_limited_with_retry_after(backend: Backend) {
    let Some(app) = TestApp::spawn_with(backend, &[("IHUB_RATE_LOGIN_PER_MINUTE", "3")]).await
    else {
        return;
    };
    for _ in 0..3 {
        app.login("x@test.example", "whatever-password")
            .await
            .problem(401, "invalid_credentials");
    }
    let r = app.login("x@test.example", "whatever-password").await;
    r.problem(429, "rate_limited");
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_is_rate_limited_with_retry_after_sqlite() {
    login_is_rate_limited_with_retry_after(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_is_rate_limited_with_retry_after_postgres() {
    login_is_rate_limited_with_retry_after(Backend::Postgres).await;
}

/// Two servers on one PostgreSQL database (behind one load balancer) share each address's
/// allowance: attempts alternate between them and the limit holds for the sum, not once
/// per server. Another address keeps its own allowance. (SQLite runs one server.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_the_login_limit() {
    let env = [
        ("IHUB_RATE_LOGIN_PER_MINUTE", "4"),
        ("IHUB_TRUST_PROXY", "true"),
    ];
    let Some(a) = TestApp::spawn_with(Backend::Postgres, &env).await else {
        return;
    };
    let b = a.another_server(&env).await;
    let login = |app: &TestApp, from: &str| {
        let rb = app
            .client
            .post(app.api("/auth/login"))
            .header("x-forwarded-for", from.to_string())
            .json(&json!({"email": "x@test.example", "password": "whatever-password"}));
        async move { rb.send().await.unwrap().status().as_u16() }
    };
    let mut got = Vec::new();
    for i in 0..8 {
        let server = if i % 2 == 0 { &a } else { &b };
        got.push(login(server, "198.51.100.7").await);
    }
    assert_eq!(got, vec![401, 401, 401, 401, 429, 429, 429, 429]);
    assert_eq!(login(&b, "198.51.100.8").await, 401);
    b.stop().await;
    a.stop().await;
}

async fn a_hub_bound_client_reads_only_its_hubs_audit_entries(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Audited Hub").await;
    let other = app.create_hub(&admin, "Other Audited Hub").await;
    app.create_school(&admin, &hub, "Own School").await;
    app.create_school(&admin, &other, "Foreign School").await;
    let mut tokens = Vec::new();
    for (name, bound) in [("Bound", Some(&hub)), ("Unbound", None)] {
        let mut body = json!({"name": name, "scopes": ["audit:read"]});
        if let Some(h) = bound {
            body["hub_id"] = json!(h);
        }
        let c = app.post("/clients", &admin, body).await;
        assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
        let t = app
            .call(
                Method::POST,
                "/auth/token",
                None,
                Some(json!({"grant_type": "client_credentials",
            "client_id": c.body["client"]["client_id"], "client_secret": c.body["client_secret"]})),
            )
            .await;
        assert_eq!(t.status, StatusCode::OK, "{}", t.body);
        tokens.push(t.body["access_token"].as_str().unwrap().to_string());
    }
    let hubs_of = |r: &Resp| -> Vec<String> {
        r.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["hub_id"].as_str().unwrap_or("none").to_string())
            .collect()
    };
    let bound = app.get("/audit?limit=200", &tokens[0]).await;
    assert_eq!(bound.status, StatusCode::OK, "{}", bound.body);
    let seen = hubs_of(&bound);
    assert!(
        !seen.is_empty() && seen.iter().all(|h| h == &hub),
        "{seen:?}"
    );
    let asked = app.get(&format!("/audit?hub_id={other}"), &tokens[0]).await;
    assert_eq!(asked.status, StatusCode::OK);
    assert!(hubs_of(&asked).is_empty(), "{}", asked.body);
    // An unbound audit client sees every hub, as an admin does.
    let all = hubs_of(&app.get("/audit?limit=200", &tokens[1]).await);
    assert!(all.contains(&hub) && all.contains(&other), "{all:?}");
}

/// In the shipped deployment (nginx appends to X-Forwarded-For) 30 wrong logins with
/// forged addresses got 30 × 401 and no 429: the server keyed on the first, client-chosen
/// entry. The client is now the right-most entry a trusted proxy wrote.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_forwarded_addresses_do_not_escape_the_login_limit() {
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        &[
            ("IHUB_RATE_LOGIN_PER_MINUTE", "3"),
            ("IHUB_TRUST_PROXY", "true"),
        ],
    )
    .await
    .unwrap();
    let login = |xff: String| {
        let rb = app
            .client
            .post(app.api("/auth/login"))
            .header("x-forwarded-for", xff)
            .json(&json!({"email": "x@test.example", "password": "whatever-password"}));
        async move { rb.send().await.unwrap().status().as_u16() }
    };
    let mut got = Vec::new();
    for i in 0..30 {
        // What nginx forwards when the client sends its own X-Forwarded-For: the forged
        // entry, then the address nginx saw.
        got.push(login(format!("10.9.{i}.1, 198.51.100.7")).await);
    }
    assert_eq!(got.iter().filter(|s| **s == 401).count(), 3, "{got:?}");
    assert_eq!(got.iter().filter(|s| **s == 429).count(), 27, "{got:?}");
    // Another real client (another address seen by the proxy) has its own allowance.
    assert_eq!(login("198.51.100.8".into()).await, 401);
    app.stop().await;

    // Without a trusted proxy the header means nothing: everything is the peer's.
    let app = TestApp::spawn_with(Backend::Sqlite, &[("IHUB_RATE_LOGIN_PER_MINUTE", "3")])
        .await
        .unwrap();
    let mut got = Vec::new();
    for i in 0..5 {
        let r = app
            .client
            .post(app.api("/auth/login"))
            .header("x-forwarded-for", format!("198.51.100.{i}"))
            .json(&json!({"email": "x@test.example", "password": "whatever-password"}))
            .send()
            .await
            .unwrap();
        got.push(r.status().as_u16());
    }
    assert_eq!(got, vec![401, 401, 401, 429, 429]);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hsts_and_metrics_trust_only_what_they_should() {
    // X-Forwarded-Proto from a peer that is not a trusted proxy: no HSTS.
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let r = app
        .client
        .get(app.api("/health"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("strict-transport-security").is_none());
    // Metrics: loopback without a proxy only; relayed requests are refused.
    let metrics = format!("{}/metrics", app.url);
    let direct = app.client.get(&metrics).send().await.unwrap();
    assert_eq!(direct.status(), StatusCode::OK);
    let relayed = app
        .client
        .get(&metrics)
        .header("x-forwarded-for", "203.0.113.5")
        .send()
        .await
        .unwrap();
    Resp::from(relayed).await.problem(403, "forbidden");
    app.stop().await;

    // Behind a trusted proxy, HTTPS is believed; with a token, metrics need it.
    let app = TestApp::spawn_with(
        Backend::Sqlite,
        &[
            ("IHUB_TRUSTED_PROXIES", "127.0.0.1, ::1"),
            ("IHUB_METRICS_TOKEN", "scrape-token-0123456789"),
        ],
    )
    .await
    .unwrap();
    let r = app
        .client
        .get(app.api("/health"))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    assert!(r.headers().get("strict-transport-security").is_some());
    let metrics = format!("{}/metrics", app.url);
    let none = app.client.get(&metrics).send().await.unwrap();
    Resp::from(none).await.problem(401, "token_invalid");
    let wrong = app
        .client
        .get(&metrics)
        .bearer_auth("scrape-token-wrong-000")
        .send()
        .await
        .unwrap();
    Resp::from(wrong).await.problem(401, "token_invalid");
    let ok = app
        .client
        .get(&metrics)
        .bearer_auth("scrape-token-0123456789")
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::OK);
    assert!(ok.text().await.unwrap().contains("ihub_up"));
    app.stop().await;
}

/// RFC 6749 clients send `application/x-www-form-urlencoded` and authenticate with HTTP
/// Basic; they read errors as `{"error": …}`. The endpoint refused both before.
async fn the_token_endpoint_speaks_rfc_6749(app: &TestApp) {
    use base64::Engine;
    let admin = app.admin().await;
    let c = app
        .post(
            "/clients",
            &admin,
            json!({"name": "Oauth lib", "scopes": ["directory:read", "people:read"]}),
        )
        .await;
    assert_eq!(c.status, StatusCode::CREATED, "{}", c.body);
    let id = c.body["client"]["client_id"].as_str().unwrap().to_string();
    let secret = c.body["client_secret"].as_str().unwrap().to_string();
    let token = |body: String, basic: Option<(String, String)>| {
        let mut rb = app
            .client
            .post(app.api("/auth/token"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body);
        if let Some((u, p)) = basic {
            let enc = base64::engine::general_purpose::STANDARD.encode(format!("{u}:{p}"));
            rb = rb.header("authorization", format!("Basic {enc}"));
        }
        async move {
            let r = rb.send().await.unwrap();
            let status = r.status().as_u16();
            let ct = r
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_string());
            let www = r.headers().get("www-authenticate").is_some();
            (
                status,
                ct,
                www,
                r.json::<serde_json::Value>().await.unwrap(),
            )
        }
    };
    // Form body with Basic: the standard way.
    let (s, ct, _, b) = token(
        "grant_type=client_credentials&scope=directory%3Aread".into(),
        Some((id.clone(), secret.clone())),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(ct.as_deref(), Some("application/json"));
    assert_eq!(b["token_type"], "Bearer");
    assert_eq!(b["scope"], "directory:read");
    let t = b["access_token"].as_str().unwrap().to_string();
    assert_eq!(app.get("/hubs", &t).await.status, StatusCode::OK);
    // Form body with the credentials in it.
    let (s, _, _, b) = token(
        format!(
            "grant_type=client_credentials&client_id={id}&client_secret={}",
            urlenc(&secret)
        ),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    // Errors in RFC 6749 words.
    let (s, ct, www, b) = token(
        "grant_type=client_credentials".into(),
        Some((id.clone(), "wrong-secret".into())),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (401, Some("invalid_client")),
        "{b}"
    );
    assert!(www, "Basic clients get WWW-Authenticate");
    assert_eq!(ct.as_deref(), Some("application/json"));
    let (s, _, _, b) = token(
        "grant_type=password".into(),
        Some((id.clone(), secret.clone())),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (400, Some("unsupported_grant_type")),
        "{b}"
    );
    let (s, _, _, b) = token(
        "grant_type=client_credentials&scope=audit%3Aread".into(),
        Some((id.clone(), secret.clone())),
    )
    .await;
    assert_eq!(
        (s, b["error"].as_str()),
        (400, Some("invalid_scope")),
        "{b}"
    );
    let (s, _, _, b) = token("scope=x".into(), Some((id.clone(), secret.clone()))).await;
    assert_eq!(
        (s, b["error"].as_str()),
        (400, Some("invalid_request")),
        "{b}"
    );
    let (s, _, _, b) = token("grant_type=client_credentials".into(), None).await;
    assert_eq!(
        (s, b["error"].as_str()),
        (401, Some("invalid_client")),
        "{b}"
    );
    // Anything else than a form or JSON: 415.
    let r = app
        .client
        .post(app.api("/auth/token"))
        .header("content-type", "text/plain")
        .body("grant_type=client_credentials")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

fn urlenc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
