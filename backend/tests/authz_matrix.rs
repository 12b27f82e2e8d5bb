//! The authorisation matrix: every operation in the OpenAPI document × every kind of
//! caller × own and foreign scope, with the answer each must get. An operation without a
//! row fails the test, so a new endpoint cannot ship without its access decisions.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
#[path = "authz/mentoring.rs"]
mod mentoring;
use reqwest::Method;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Callers, in the order they are tried for each row (it matters for rows that change state).
const CALLERS: [&str; 7] = [
    "anonymous",
    "teacher",
    "mentor",
    "school_leader",
    "client",
    "hub_coordinator",
    "admin",
];

struct Row {
    op: &'static str,
    scope: &'static str,
    method: Method,
    path: String,
    body: Option<Value>,
    /// Allowed statuses per caller ("200" or "201|409").
    expect: [&'static str; 7],
}

fn row(
    op: &'static str,
    scope: &'static str,
    method: Method,
    path: impl Into<String>,
    body: Option<Value>,
    expect: [&'static str; 7],
) -> Row {
    Row {
        op,
        scope,
        method,
        path: path.into(),
        body,
        expect,
    }
}

async fn id_of(app: &TestApp, token: &str) -> String {
    app.get("/me", token).await.body["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn first_grant(app: &TestApp, admin: &str, person: &str) -> String {
    app.get(&format!("/people/{person}"), admin).await.body["grants"][0]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

on_both!(every_operation_answers_every_caller_as_the_policy_says);

async fn every_operation_answers_every_caller_as_the_policy_says(app: &TestApp) {
    // The world: hub A (own) with school A1, hub B (foreign) with school B1.
    let admin = app.admin().await;
    let a = app.create_hub(&admin, "Hub A").await;
    let b = app.create_hub(&admin, "Hub B").await;
    let a1 = app.create_school(&admin, &a, "School A1").await;
    let b1 = app.create_school(&admin, &b, "School B1").await;
    let coord = app
        .person("coord@m.example", "hub_coordinator", Some(&a), None)
        .await;
    let mentor = app
        .person("mentor@m.example", "mentor", Some(&a), None)
        .await;
    let leader = app
        .person("leader@m.example", "school_leader", Some(&a), Some(&a1))
        .await;
    let teacher = app
        .person("teacher@m.example", "teacher", Some(&a), Some(&a1))
        .await;
    let target_a_token = app
        .person("target.a@m.example", "teacher", Some(&a), Some(&a1))
        .await;
    let target_b_token = app
        .person("target.b@m.example", "teacher", Some(&b), Some(&b1))
        .await;
    let target_a = id_of(app, &target_a_token).await;
    let target_b = id_of(app, &target_b_token).await;
    let grant_a = first_grant(app, &admin, &target_a).await;
    let grant_b = first_grant(app, &admin, &target_b).await;
    let org = |name: &str| json!({"name": name, "kind": "university", "country": "EE"});
    let org_o = app.post("/organisations", &admin, org("Org O")).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let org_p = app.post("/organisations", &admin, org("Org P")).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let link_a = app
        .post(
            &format!("/hubs/{a}/organisations"),
            &admin,
            json!({"organisation_id": org_o, "role": "coordinator"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let link_b = app
        .post(
            &format!("/hubs/{b}/organisations"),
            &admin,
            json!({"organisation_id": org_p, "role": "coordinator"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let invite =
        |email: &str, school: &str| json!({"email": email, "role": "teacher", "school_id": school});
    let inv_a = app
        .post("/invitations", &admin, invite("pending.a@m.example", &a1))
        .await
        .body["invitation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let inv_b = app
        .post("/invitations", &admin, invite("pending.b@m.example", &b1))
        .await
        .body["invitation"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let c = app
        .post(
            "/clients",
            &admin,
            json!({"name": "Partner university", "scopes": ["directory:read"]}),
        )
        .await;
    let client_token = app
        .call(
            Method::POST,
            "/auth/token",
            None,
            Some(json!({"grant_type": "client_credentials",
            "client_id": c.body["client"]["client_id"], "client_secret": c.body["client_secret"]})),
        )
        .await
        .body["access_token"]
        .as_str()
        .unwrap()
        .to_string();
    let other_client = app
        .post(
            "/clients",
            &admin,
            json!({"name": "Other", "scopes": ["people:read"]}),
        )
        .await
        .body["client"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Reflections: the teacher caller's own, and one of another teacher (foreign to all).
    let start = |token: String| async move {
        app.post("/reflections", &token, json!({})).await.body["reflection"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let refl_own = start(teacher.clone()).await;
    let refl_foreign = start(target_a_token.clone()).await;
    // Readiness campaigns: two at school A1 (one to close), two at school B1.
    let today = chrono::Utc::now()
        .with_timezone(&chrono_tz::Europe::Tallinn)
        .date_naive();
    let new_campaign = |school: String, token: String| async move {
        let r = app
            .post(
                &format!("/schools/{school}/campaigns"),
                &token,
                json!({"name": "Matrix", "groups": ["teacher", "student"],
                       "opens_on": today.to_string(), "closes_on": (today + chrono::Duration::days(7)).to_string()}),
            )
            .await;
        assert_eq!(r.status.as_u16(), 201, "{}", r.body);
        r.body
    };
    let camp_a = new_campaign(a1.clone(), leader.clone()).await;
    let camp_a_close = new_campaign(a1.clone(), leader.clone()).await;
    let camp_b = new_campaign(b1.clone(), admin.clone()).await;
    let camp_b_close = new_campaign(b1.clone(), admin.clone()).await;
    let id_of_c = |c: &Value| c["id"].as_str().unwrap().to_string();
    let (ca, ca_close, cb, cb_close) = (
        id_of_c(&camp_a),
        id_of_c(&camp_a_close),
        id_of_c(&camp_b),
        id_of_c(&camp_b_close),
    );
    let code_a = camp_a["codes"][0]["code"].as_str().unwrap().to_string();
    let code_b = camp_b["codes"][0]["code"].as_str().unwrap().to_string();
    let resp_of = |code: String| async move {
        app.call(
            Method::POST,
            &format!("/respond/{code}/responses"),
            None,
            None,
        )
        .await
        .body["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let resp_a = resp_of(code_a.clone()).await;
    let resp_b = resp_of(code_b.clone()).await;
    // Shares: the teacher caller's own (to the school's leader: target.a's grant is revoked
    // by an earlier row, which ends shares made to target.a), and one to the teacher caller
    // from that colleague (foreign: only its owner may revoke it).
    let share_own = app
        .post(
            "/reflection-shares",
            &teacher,
            json!({"email": "leader@m.example"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let share_foreign = app
        .post(
            "/reflection-shares",
            &target_a_token,
            json!({"email": "teacher@m.example"}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Teacher groups: one in hub A (the teacher caller invited), one in hub B.
    let group_a = app
        .post(
            "/teacher-groups",
            &coord,
            json!({"name": "Cohort A", "kind": "course_cohort", "hub_id": a}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(
        &format!("/teacher-groups/{group_a}/members"),
        &coord,
        json!({"email": "teacher@m.example"}),
    )
    .await;
    let group_b = app
        .post(
            "/teacher-groups",
            &admin,
            json!({"name": "Cohort B", "kind": "course_cohort", "hub_id": b}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let small_instrument = json!({
        "definition": {"key": "matrix", "version": "1", "kind": {"other": "matrix"}, "groups": ["teacher"],
            "scales": [{"key": "s", "type": "ordinal", "options": [{"value": "lo", "score": 0}, {"value": "hi", "score": 1}]}],
            "areas": [{"key": "a"}],
            "items": [{"key": "i", "area": "a", "scale": "s", "groups": ["teacher"]}]},
        "texts": [{"language": "en", "status": "reviewed", "title": "Matrix", "areas": {"a": "A"},
            "options": {"s": {"lo": "Low", "hi": "High"}}, "items": {"i": {"statement": "Item"}}}]
    });
    let mentoring_rows = mentoring::rows(
        app,
        mentoring::Given {
            admin: &admin,
            coord: &coord,
            mentor: &mentor,
            leader: &leader,
            hub_a: &a,
            hub_b: &b,
            a1: &a1,
            b1: &b1,
        },
    )
    .await;
    // Research: a research partner of each hub with an agreement, a ready dataset of each.
    let mut research_org = Vec::new();
    let mut dataset = Vec::new();
    for (hub, name) in [(&a, "Research A"), (&b, "Research B")] {
        let o = app.post("/organisations", &admin, org(name)).await.body["id"]
            .as_str()
            .unwrap()
            .to_string();
        app.post(
            &format!("/hubs/{hub}/organisations"),
            &admin,
            json!({"organisation_id": o, "role": "research_partner"}),
        )
        .await;
        let r = app
            .post(
                "/research/agreements",
                &admin,
                json!({"organisation_id": o, "reference": "DUA", "signed_on": "2026-01-01"}),
            )
            .await;
        assert_eq!(r.status.as_u16(), 201, "{}", r.body);
        let r = app
            .post(
                "/research/datasets",
                &admin,
                json!({"organisation_id": o, "kind": "reflection_answers", "scope": "hub",
                       "scope_id": hub, "from": "2026-01", "to": "2026-12"}),
            )
            .await;
        assert_eq!(r.status.as_u16(), 202, "{}", r.body);
        let id = r.body["id"].as_str().unwrap().to_string();
        for _ in 0..300 {
            let d = app.get(&format!("/research/datasets/{id}"), &admin).await;
            if d.body["status"] == "ready" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        research_org.push(o);
        dataset.push(id);
    }
    let (research_a, research_b) = (research_org[0].clone(), research_org[1].clone());
    let (dataset_a, dataset_b) = (dataset[0].clone(), dataset[1].clone());
    let tokens: [Option<String>; 7] = [
        None,
        Some(teacher),
        Some(mentor),
        Some(leader),
        Some(client_token),
        Some(coord),
        Some(admin),
    ];

    use Method as M;
    let all = |s: &'static str| [s; 7];
    let signed_in = |s: &'static str| ["401", s, s, s, s, s, s];
    let admin_only = |s: &'static str| ["401", "403", "403", "403", "403", "403", s];
    let foreign_admin_only = |s: &'static str| ["401", "404", "404", "404", "404", "404", s];
    // Only the teacher caller owns it; nobody else sees it, admins included.
    let own_only = |s: &'static str| ["401", s, "404", "404", "404", "404", "404"];
    let nobody = || ["401", "404", "404", "404", "404", "404", "404"];
    // The school leader of A1 (and admins) manage A1's campaigns; nobody else sees them.
    let leader_only = |s: &'static str| ["401", "404", "404", s, "404", "404", s];
    let campaign_body = json!({"name": "Matrix", "groups": ["teacher"],
        "opens_on": today.to_string(), "closes_on": (today + chrono::Duration::days(3)).to_string()});
    let mut rows = vec![
        // platform and public auth
        row("health", "-", M::GET, "/api/v1/health", None, all("200")),
        row("ready", "-", M::GET, "/api/v1/ready", None, all("200")),
        row("metrics", "-", M::GET, "/metrics", None, all("200")),
        row(
            "login",
            "-",
            M::POST,
            "/api/v1/auth/login",
            Some(json!({"email": "nobody@m.example", "password": "not-the-password"})),
            all("401"),
        ),
        row(
            "refresh",
            "-",
            M::POST,
            "/api/v1/auth/refresh",
            None,
            all("401"),
        ),
        row(
            "logout",
            "-",
            M::POST,
            "/api/v1/auth/logout",
            None,
            all("204"),
        ),
        row(
            "request_password_reset",
            "-",
            M::POST,
            "/api/v1/auth/password-reset/request",
            Some(json!({"email": "nobody@m.example"})),
            all("202"),
        ),
        row(
            "confirm_password_reset",
            "-",
            M::POST,
            "/api/v1/auth/password-reset/confirm",
            Some(json!({"token": "nope", "new_password": "a-new-long-password"})),
            all("400"),
        ),
        row(
            "client_token",
            "-",
            M::POST,
            "/api/v1/auth/token",
            Some(
                json!({"grant_type": "client_credentials", "client_id": "nope", "client_secret": "nope"}),
            ),
            all("401"),
        ),
        row(
            "preview_invitation",
            "-",
            M::GET,
            "/api/v1/invitations/preview?token=nope",
            None,
            all("400"),
        ),
        row(
            "accept_invitation",
            "-",
            M::POST,
            "/api/v1/invitations/accept",
            Some(json!({"token": "nope", "password": "whatever-it-is"})),
            all("400"),
        ),
        // the signed-in person
        row(
            "get_me",
            "-",
            M::GET,
            "/api/v1/me",
            None,
            ["401", "200", "200", "200", "404", "200", "200"],
        ),
        row(
            "update_me",
            "-",
            M::PATCH,
            "/api/v1/me",
            Some(json!({"locale": "en"})),
            ["401", "200", "200", "200", "404", "200", "200"],
        ),
        row(
            "change_password",
            "-",
            M::POST,
            "/api/v1/me/password",
            Some(
                json!({"current_password": "not-my-password", "new_password": "a-new-long-password"}),
            ),
            ["401", "422", "422", "422", "403", "422", "422"],
        ),
        // organisations (before the link rows below change who is linked where)
        row(
            "list_organisations",
            "-",
            M::GET,
            "/api/v1/organisations",
            None,
            signed_in("200"),
        ),
        row(
            "create_organisation",
            "-",
            M::POST,
            "/api/v1/organisations",
            Some(org("Matrix Org")),
            ["401", "403", "403", "403", "403", "201", "409"],
        ),
        row(
            "get_organisation",
            "own",
            M::GET,
            format!("/api/v1/organisations/{org_o}"),
            None,
            signed_in("200"),
        ),
        row(
            "get_organisation",
            "foreign",
            M::GET,
            format!("/api/v1/organisations/{org_p}"),
            None,
            signed_in("200"),
        ),
        row(
            "update_organisation",
            "own",
            M::PATCH,
            format!("/api/v1/organisations/{org_o}"),
            Some(json!({"website": "https://example.org"})),
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        row(
            "update_organisation",
            "foreign",
            M::PATCH,
            format!("/api/v1/organisations/{org_p}"),
            Some(json!({"website": "https://example.org"})),
            admin_only("200"),
        ),
        row(
            "delete_organisation",
            "own",
            M::DELETE,
            format!("/api/v1/organisations/{org_o}"),
            None,
            admin_only("409"),
        ),
        row(
            "delete_organisation",
            "foreign",
            M::DELETE,
            format!("/api/v1/organisations/{org_p}"),
            None,
            admin_only("409"),
        ),
        // hubs
        row(
            "list_hubs",
            "-",
            M::GET,
            "/api/v1/hubs",
            None,
            signed_in("200"),
        ),
        row(
            "create_hub",
            "-",
            M::POST,
            "/api/v1/hubs",
            Some(
                json!({"name": "Matrix Hub", "country": "EE", "languages": ["et"], "time_zone": "Europe/Tallinn"}),
            ),
            admin_only("201"),
        ),
        row(
            "get_hub",
            "own",
            M::GET,
            format!("/api/v1/hubs/{a}"),
            None,
            signed_in("200"),
        ),
        row(
            "get_hub",
            "foreign",
            M::GET,
            format!("/api/v1/hubs/{b}"),
            None,
            ["401", "404", "404", "404", "200", "404", "200"],
        ),
        row(
            "update_hub",
            "own",
            M::PATCH,
            format!("/api/v1/hubs/{a}"),
            Some(json!({"description": "Ours"})),
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        row(
            "update_hub",
            "foreign",
            M::PATCH,
            format!("/api/v1/hubs/{b}"),
            Some(json!({"description": "Theirs"})),
            ["401", "404", "404", "404", "403", "404", "200"],
        ),
        row(
            "delete_hub",
            "own",
            M::DELETE,
            format!("/api/v1/hubs/{a}"),
            None,
            admin_only("409"),
        ),
        row(
            "delete_hub",
            "foreign",
            M::DELETE,
            format!("/api/v1/hubs/{b}"),
            None,
            ["401", "404", "404", "404", "403", "404", "409"],
        ),
        row(
            "list_hub_organisations",
            "own",
            M::GET,
            format!("/api/v1/hubs/{a}/organisations"),
            None,
            signed_in("200"),
        ),
        row(
            "list_hub_organisations",
            "foreign",
            M::GET,
            format!("/api/v1/hubs/{b}/organisations"),
            None,
            ["401", "404", "404", "404", "200", "404", "200"],
        ),
        row(
            "link_hub_organisation",
            "own",
            M::POST,
            format!("/api/v1/hubs/{a}/organisations"),
            Some(json!({"organisation_id": org_p, "role": "stakeholder"})),
            ["401", "403", "403", "403", "403", "201", "409"],
        ),
        row(
            "link_hub_organisation",
            "foreign",
            M::POST,
            format!("/api/v1/hubs/{b}/organisations"),
            Some(json!({"organisation_id": org_o, "role": "stakeholder"})),
            ["401", "404", "404", "404", "403", "404", "201"],
        ),
        row(
            "unlink_hub_organisation",
            "own",
            M::DELETE,
            format!("/api/v1/hubs/{a}/organisations/{link_a}"),
            None,
            ["401", "403", "403", "403", "403", "204", "404"],
        ),
        row(
            "unlink_hub_organisation",
            "foreign",
            M::DELETE,
            format!("/api/v1/hubs/{b}/organisations/{link_b}"),
            None,
            ["401", "404", "404", "404", "403", "404", "204"],
        ),
        // schools
        row(
            "list_schools",
            "-",
            M::GET,
            "/api/v1/schools",
            None,
            signed_in("200"),
        ),
        row(
            "create_school",
            "own",
            M::POST,
            "/api/v1/schools",
            Some(
                json!({"hub_id": a, "name": "Matrix School", "country": "EE", "kind": "basic", "languages": ["et"], "time_zone": "Europe/Tallinn"}),
            ),
            ["401", "403", "403", "403", "403", "201", "409"],
        ),
        row(
            "create_school",
            "foreign",
            M::POST,
            "/api/v1/schools",
            Some(
                json!({"hub_id": b, "name": "Matrix School", "country": "EE", "kind": "basic", "languages": ["et"], "time_zone": "Europe/Tallinn"}),
            ),
            ["401", "422", "422", "422", "403", "422", "201"],
        ),
        row(
            "get_school",
            "own",
            M::GET,
            format!("/api/v1/schools/{a1}"),
            None,
            signed_in("200"),
        ),
        row(
            "get_school",
            "foreign",
            M::GET,
            format!("/api/v1/schools/{b1}"),
            None,
            ["401", "404", "404", "404", "200", "404", "200"],
        ),
        row(
            "update_school",
            "own",
            M::PATCH,
            format!("/api/v1/schools/{a1}"),
            Some(json!({"student_count": 300})),
            ["401", "403", "403", "200", "403", "200", "200"],
        ),
        row(
            "update_school",
            "foreign",
            M::PATCH,
            format!("/api/v1/schools/{b1}"),
            Some(json!({"student_count": 300})),
            ["401", "404", "404", "404", "403", "404", "200"],
        ),
        row(
            "delete_school",
            "own",
            M::DELETE,
            format!("/api/v1/schools/{a1}"),
            None,
            ["401", "403", "403", "403", "403", "409", "409"],
        ),
        row(
            "delete_school",
            "foreign",
            M::DELETE,
            format!("/api/v1/schools/{b1}"),
            None,
            ["401", "404", "404", "404", "403", "404", "409"],
        ),
        // people (status and reset rows before the grant rows change who holds what)
        row(
            "list_people",
            "-",
            M::GET,
            "/api/v1/people",
            None,
            ["401", "403", "403", "200", "403", "200", "200"],
        ),
        row(
            "get_person",
            "own",
            M::GET,
            format!("/api/v1/people/{target_a}"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_person",
            "foreign",
            M::GET,
            format!("/api/v1/people/{target_b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "deactivate_person",
            "own",
            M::POST,
            format!("/api/v1/people/{target_a}/deactivate"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "deactivate_person",
            "foreign",
            M::POST,
            format!("/api/v1/people/{target_b}/deactivate"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "reactivate_person",
            "own",
            M::POST,
            format!("/api/v1/people/{target_a}/reactivate"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "reactivate_person",
            "foreign",
            M::POST,
            format!("/api/v1/people/{target_b}/reactivate"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "issue_password_reset",
            "own",
            M::POST,
            format!("/api/v1/people/{target_a}/password-reset"),
            None,
            ["401", "404", "404", "403", "404", "403", "201"],
        ),
        row(
            "issue_password_reset",
            "foreign",
            M::POST,
            format!("/api/v1/people/{target_b}/password-reset"),
            None,
            foreign_admin_only("201"),
        ),
        row(
            "grant_role",
            "own",
            M::POST,
            format!("/api/v1/people/{target_a}/grants"),
            Some(json!({"role": "mentor", "hub_id": a})),
            ["401", "404", "404", "403", "404", "201", "409"],
        ),
        row(
            "grant_role",
            "foreign",
            M::POST,
            format!("/api/v1/people/{target_b}/grants"),
            Some(json!({"role": "mentor", "hub_id": b})),
            foreign_admin_only("201"),
        ),
        row(
            "revoke_role",
            "own",
            M::DELETE,
            format!("/api/v1/people/{target_a}/grants/{grant_a}"),
            None,
            ["401", "404", "404", "204", "404", "404", "404"],
        ),
        row(
            "revoke_role",
            "foreign",
            M::DELETE,
            format!("/api/v1/people/{target_b}/grants/{grant_b}"),
            None,
            foreign_admin_only("204"),
        ),
        // invitations
        row(
            "create_invitation",
            "own",
            M::POST,
            "/api/v1/invitations",
            Some(invite("invited.a@m.example", &a1)),
            ["401", "403", "403", "201", "403", "201", "201"],
        ),
        row(
            "create_invitation",
            "foreign",
            M::POST,
            "/api/v1/invitations",
            Some(invite("invited.b@m.example", &b1)),
            ["401", "422", "422", "422", "403", "422", "201"],
        ),
        row(
            "list_invitations",
            "-",
            M::GET,
            "/api/v1/invitations",
            None,
            ["401", "403", "403", "200", "403", "200", "200"],
        ),
        row(
            "revoke_invitation",
            "own",
            M::DELETE,
            format!("/api/v1/invitations/{inv_a}"),
            None,
            ["401", "404", "404", "204", "404", "204", "204"],
        ),
        row(
            "revoke_invitation",
            "foreign",
            M::DELETE,
            format!("/api/v1/invitations/{inv_b}"),
            None,
            foreign_admin_only("204"),
        ),
        // machine clients and the audit log
        row(
            "list_clients",
            "-",
            M::GET,
            "/api/v1/clients",
            None,
            admin_only("200"),
        ),
        row(
            "create_client",
            "-",
            M::POST,
            "/api/v1/clients",
            Some(json!({"name": "Matrix client", "scopes": ["directory:read"]})),
            admin_only("201"),
        ),
        row(
            "deactivate_client",
            "-",
            M::POST,
            format!("/api/v1/clients/{other_client}/deactivate"),
            None,
            admin_only("200"),
        ),
        row(
            "list_audit",
            "-",
            M::GET,
            "/api/v1/audit",
            None,
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        row(
            "audit_csv",
            "-",
            M::GET,
            "/api/v1/audit.csv",
            None,
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        row(
            "list_audit_actors",
            "-",
            M::GET,
            "/api/v1/audit/actors",
            None,
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        // instruments
        row(
            "list_instruments",
            "-",
            M::GET,
            "/api/v1/instruments",
            None,
            signed_in("200"),
        ),
        row(
            "publish_instrument",
            "-",
            M::POST,
            "/api/v1/instruments",
            Some(small_instrument),
            admin_only("201"),
        ),
        row(
            "get_instrument_version",
            "-",
            M::GET,
            "/api/v1/instruments/digcompedu-teacher/versions/current",
            None,
            signed_in("200"),
        ),
        row(
            "get_instrument_texts",
            "-",
            M::GET,
            "/api/v1/instruments/digcompedu-teacher/versions/1/texts/en",
            None,
            signed_in("200"),
        ),
        row(
            "put_instrument_texts",
            "-",
            M::PUT,
            "/api/v1/instruments/digcompedu-teacher/versions/1/texts/se",
            Some(json!({"texts": {"title": "Oahppi digitála gelbbolašvuohta"}})),
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        row(
            "set_instrument_texts_status",
            "-",
            M::PATCH,
            "/api/v1/instruments/digcompedu-teacher/versions/1/texts/en",
            Some(json!({"status": "reviewed"})),
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        // self-reflections: private to their owner, whatever the caller's role (the
        // own reflection is deleted last)
        row(
            "start_reflection",
            "-",
            M::POST,
            "/api/v1/reflections",
            Some(json!({})),
            ["401", "200", "201", "201", "403", "201", "201"],
        ),
        row(
            "list_my_reflections",
            "-",
            M::GET,
            "/api/v1/reflections",
            None,
            signed_in("200"),
        ),
        row(
            "create_reflection_share",
            "-",
            M::POST,
            "/api/v1/reflection-shares",
            Some(json!({"email": "nobody@m.example"})),
            ["401", "422", "422", "422", "403", "422", "422"],
        ),
        row(
            "list_reflection_shares",
            "-",
            M::GET,
            "/api/v1/reflection-shares",
            None,
            signed_in("200"),
        ),
        row(
            "list_upcoming_activities",
            "-",
            M::GET,
            "/api/v1/me/upcoming-activities",
            None,
            signed_in("200"),
        ),
        row(
            "list_share_candidates",
            "-",
            M::GET,
            "/api/v1/reflection-shares/candidates",
            None,
            signed_in("200"),
        ),
        row(
            "list_incoming_reflection_shares",
            "-",
            M::GET,
            "/api/v1/reflection-shares/incoming",
            None,
            signed_in("200"),
        ),
        row(
            "put_agreed_level",
            "own",
            M::PUT,
            format!("/api/v1/reflections/{refl_own}/agreed/engagement"),
            Some(json!({"level": "b1"})),
            own_only("403"),
        ),
        row(
            "put_agreed_level",
            "foreign",
            M::PUT,
            format!("/api/v1/reflections/{refl_foreign}/agreed/engagement"),
            Some(json!({"level": "b1"})),
            nobody(),
        ),
        row(
            "revoke_reflection_share",
            "own",
            M::DELETE,
            format!("/api/v1/reflection-shares/{share_own}"),
            None,
            own_only("204"),
        ),
        row(
            "revoke_reflection_share",
            "foreign",
            M::DELETE,
            format!("/api/v1/reflection-shares/{share_foreign}"),
            None,
            nobody(),
        ),
        row(
            "get_reflection",
            "own",
            M::GET,
            format!("/api/v1/reflections/{refl_own}"),
            None,
            own_only("200"),
        ),
        row(
            "get_reflection",
            "foreign",
            M::GET,
            format!("/api/v1/reflections/{refl_foreign}"),
            None,
            nobody(),
        ),
        row(
            "get_reflection_report",
            "own",
            M::GET,
            format!("/api/v1/reflections/{refl_own}/report"),
            None,
            own_only("200"),
        ),
        row(
            "get_reflection_report",
            "foreign",
            M::GET,
            format!("/api/v1/reflections/{refl_foreign}/report"),
            None,
            nobody(),
        ),
        row(
            "put_reflection_answer",
            "own",
            M::PUT,
            format!("/api/v1/reflections/{refl_own}/answers/1.1"),
            Some(json!({"value": "b1"})),
            own_only("200"),
        ),
        row(
            "put_reflection_answer",
            "foreign",
            M::PUT,
            format!("/api/v1/reflections/{refl_foreign}/answers/1.1"),
            Some(json!({"value": "b1"})),
            nobody(),
        ),
        row(
            "delete_reflection_answer",
            "own",
            M::DELETE,
            format!("/api/v1/reflections/{refl_own}/answers/1.1"),
            None,
            own_only("204"),
        ),
        row(
            "delete_reflection_answer",
            "foreign",
            M::DELETE,
            format!("/api/v1/reflections/{refl_foreign}/answers/1.1"),
            None,
            nobody(),
        ),
        row(
            "submit_reflection",
            "own",
            M::POST,
            format!("/api/v1/reflections/{refl_own}/submit"),
            None,
            own_only("422"),
        ),
        row(
            "submit_reflection",
            "foreign",
            M::POST,
            format!("/api/v1/reflections/{refl_foreign}/submit"),
            None,
            nobody(),
        ),
        row(
            "delete_reflection",
            "own",
            M::DELETE,
            format!("/api/v1/reflections/{refl_own}"),
            None,
            own_only("204"),
        ),
        row(
            "delete_reflection",
            "foreign",
            M::DELETE,
            format!("/api/v1/reflections/{refl_foreign}"),
            None,
            nobody(),
        ),
        // readiness campaigns: the school's leaders manage; others see nothing until shared
        row(
            "create_campaign",
            "own",
            M::POST,
            format!("/api/v1/schools/{a1}/campaigns"),
            Some(campaign_body.clone()),
            ["401", "403", "403", "201", "403", "403", "201"],
        ),
        row(
            "create_campaign",
            "foreign",
            M::POST,
            format!("/api/v1/schools/{b1}/campaigns"),
            Some(campaign_body),
            ["401", "404", "404", "404", "403", "404", "201"],
        ),
        row(
            "list_school_campaigns",
            "own",
            M::GET,
            format!("/api/v1/schools/{a1}/campaigns"),
            None,
            signed_in("200"),
        ),
        row(
            "list_school_campaigns",
            "foreign",
            M::GET,
            format!("/api/v1/schools/{b1}/campaigns"),
            None,
            ["401", "404", "404", "404", "200", "404", "200"],
        ),
        row(
            "get_campaign",
            "own",
            M::GET,
            format!("/api/v1/campaigns/{ca}"),
            None,
            leader_only("200"),
        ),
        row(
            "get_campaign",
            "foreign",
            M::GET,
            format!("/api/v1/campaigns/{cb}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "update_campaign",
            "own",
            M::PATCH,
            format!("/api/v1/campaigns/{ca}"),
            Some(json!({"shared_with_mentors": false})),
            leader_only("200"),
        ),
        row(
            "update_campaign",
            "foreign",
            M::PATCH,
            format!("/api/v1/campaigns/{cb}"),
            Some(json!({"shared_with_mentors": false})),
            foreign_admin_only("200"),
        ),
        row(
            "close_campaign",
            "own",
            M::POST,
            format!("/api/v1/campaigns/{ca_close}/close"),
            None,
            ["401", "404", "404", "200", "404", "404", "409"],
        ),
        row(
            "close_campaign",
            "foreign",
            M::POST,
            format!("/api/v1/campaigns/{cb_close}/close"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_campaign_report",
            "own",
            M::GET,
            format!("/api/v1/campaigns/{ca}/report"),
            None,
            leader_only("200"),
        ),
        row(
            "get_campaign_report",
            "foreign",
            M::GET,
            format!("/api/v1/campaigns/{cb}/report"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_campaign_report_csv",
            "own",
            M::GET,
            format!("/api/v1/campaigns/{ca}/report.csv"),
            None,
            leader_only("200"),
        ),
        row(
            "get_campaign_report_csv",
            "foreign",
            M::GET,
            format!("/api/v1/campaigns/{cb}/report.csv"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_campaign_qr",
            "own",
            M::GET,
            format!("/api/v1/campaigns/{ca}/codes/teacher/qr.svg"),
            None,
            leader_only("200"),
        ),
        row(
            "get_campaign_qr",
            "foreign",
            M::GET,
            format!("/api/v1/campaigns/{cb}/codes/teacher/qr.svg"),
            None,
            foreign_admin_only("200"),
        ),
        // anonymous respondents: the code opens the questionnaire to anyone; a response
        // needs its token (none is sent here), so nobody else reaches it
        row(
            "get_questionnaire",
            "-",
            M::GET,
            format!("/api/v1/respond/{code_a}"),
            None,
            all("200"),
        ),
        row(
            "start_response",
            "-",
            M::POST,
            format!("/api/v1/respond/{code_a}/responses"),
            None,
            all("201"),
        ),
        // a whole response at once: the same for everyone (an empty one misses its
        // required answers)
        row(
            "submit_whole_response",
            "-",
            M::POST,
            format!("/api/v1/respond/{code_a}/submissions"),
            Some(json!({"answers": {}})),
            all("422"),
        ),
        row(
            "get_response",
            "own",
            M::GET,
            format!("/api/v1/respond/{code_a}/responses/{resp_a}"),
            None,
            all("404"),
        ),
        row(
            "get_response",
            "foreign",
            M::GET,
            format!("/api/v1/respond/{code_a}/responses/{resp_b}"),
            None,
            all("404"),
        ),
        row(
            "put_response_answer",
            "own",
            M::PUT,
            format!("/api/v1/respond/{code_a}/responses/{resp_a}/answers/lead.time"),
            Some(json!({"value": "a3"})),
            all("404"),
        ),
        row(
            "put_response_answer",
            "foreign",
            M::PUT,
            format!("/api/v1/respond/{code_b}/responses/{resp_a}/answers/lead.time"),
            Some(json!({"value": "a3"})),
            all("404"),
        ),
        row(
            "submit_response",
            "own",
            M::POST,
            format!("/api/v1/respond/{code_a}/responses/{resp_a}/submit"),
            None,
            all("404"),
        ),
        row(
            "submit_response",
            "foreign",
            M::POST,
            format!("/api/v1/respond/{code_b}/responses/{resp_b}/submit"),
            None,
            all("404"),
        ),
        // teacher groups
        row(
            "create_teacher_group",
            "-",
            M::POST,
            "/api/v1/teacher-groups",
            Some(json!({"name": "Matrix cohort", "kind": "course_cohort", "hub_id": a})),
            ["401", "403", "201", "403", "403", "201", "201"],
        ),
        row(
            "list_teacher_groups",
            "-",
            M::GET,
            "/api/v1/teacher-groups",
            None,
            signed_in("200"),
        ),
        row(
            "get_teacher_group",
            "own",
            M::GET,
            format!("/api/v1/teacher-groups/{group_a}"),
            None,
            ["401", "200", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_teacher_group",
            "foreign",
            M::GET,
            format!("/api/v1/teacher-groups/{group_b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "invite_teacher_group_member",
            "own",
            M::POST,
            format!("/api/v1/teacher-groups/{group_a}/members"),
            Some(json!({"email": "target.a@m.example"})),
            ["401", "403", "404", "404", "404", "200", "409"],
        ),
        row(
            "invite_teacher_group_member",
            "foreign",
            M::POST,
            format!("/api/v1/teacher-groups/{group_b}/members"),
            Some(json!({"email": "target.b@m.example"})),
            foreign_admin_only("200"),
        ),
        row(
            "set_teacher_group_membership",
            "own",
            M::PUT,
            format!("/api/v1/teacher-groups/{group_a}/membership"),
            Some(json!({"accept": true})),
            ["401", "200", "404", "404", "404", "403", "403"],
        ),
        row(
            "set_teacher_group_membership",
            "foreign",
            M::PUT,
            format!("/api/v1/teacher-groups/{group_b}/membership"),
            Some(json!({"accept": true})),
            ["401", "404", "404", "404", "404", "404", "403"],
        ),
        row(
            "get_teacher_group_report",
            "own",
            M::GET,
            format!("/api/v1/teacher-groups/{group_a}/report"),
            None,
            ["401", "200", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_teacher_group_report",
            "foreign",
            M::GET,
            format!("/api/v1/teacher-groups/{group_b}/report"),
            None,
            foreign_admin_only("200"),
        ),
        // the hub overview: the hub's coordinators (and admins)
        row(
            "get_hub_overview",
            "own",
            M::GET,
            format!("/api/v1/hubs/{a}/overview"),
            None,
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        row(
            "get_hub_overview",
            "foreign",
            M::GET,
            format!("/api/v1/hubs/{b}/overview"),
            None,
            ["401", "404", "404", "404", "403", "404", "200"],
        ),
        // the Learning Analytics Toolbox: the catalogue for everyone signed in; a hub's
        // indicators and targets for its coordinators, a school's also for its leaders,
        // the platform's for admins; a scope one may not read is not found
        row(
            "list_indicators",
            "-",
            M::GET,
            "/api/v1/analytics/indicators",
            None,
            signed_in("200"),
        ),
        row(
            "get_indicator",
            "own",
            M::GET,
            format!("/api/v1/analytics/indicators/teachers_active?scope=hub&scope_id={a}"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_indicator",
            "own",
            M::GET,
            format!("/api/v1/analytics/indicators/teachers_active?scope=school&scope_id={a1}"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_indicator",
            "foreign",
            M::GET,
            format!("/api/v1/analytics/indicators/teachers_active?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_indicator",
            "-",
            M::GET,
            "/api/v1/analytics/indicators/teachers_active?scope=platform",
            None,
            admin_only("200"),
        ),
        row(
            "get_growth",
            "own",
            M::GET,
            format!("/api/v1/analytics/growth?scope=hub&scope_id={a}"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_growth",
            "own",
            M::GET,
            format!("/api/v1/analytics/growth?scope=school&scope_id={a1}"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_growth",
            "foreign",
            M::GET,
            format!("/api/v1/analytics/growth?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_growth",
            "-",
            M::GET,
            "/api/v1/analytics/growth?scope=platform",
            None,
            admin_only("200"),
        ),
        row(
            "get_cohorts",
            "own",
            M::GET,
            format!("/api/v1/analytics/cohorts?scope=hub&scope_id={a}&min_weeks=4"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_cohorts",
            "own",
            M::GET,
            format!("/api/v1/analytics/cohorts?scope=school&scope_id={a1}"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_cohorts",
            "foreign",
            M::GET,
            format!("/api/v1/analytics/cohorts?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_cohorts",
            "-",
            M::GET,
            "/api/v1/analytics/cohorts?scope=platform",
            None,
            admin_only("200"),
        ),
        row(
            "get_readiness_change",
            "own",
            M::GET,
            format!("/api/v1/analytics/readiness?scope=hub&scope_id={a}&min_weeks=4"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_readiness_change",
            "own",
            M::GET,
            format!("/api/v1/analytics/readiness?scope=school&scope_id={a1}"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_readiness_change",
            "foreign",
            M::GET,
            format!("/api/v1/analytics/readiness?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_readiness_change",
            "-",
            M::GET,
            "/api/v1/analytics/readiness?scope=platform",
            None,
            admin_only("200"),
        ),
        row(
            "get_school_hours",
            "own",
            M::GET,
            format!("/api/v1/analytics/school-hours?scope=hub&scope_id={a}"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_school_hours",
            "own",
            M::GET,
            format!("/api/v1/analytics/school-hours?scope=school&scope_id={a1}"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_school_hours",
            "foreign",
            M::GET,
            format!("/api/v1/analytics/school-hours?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_school_hours",
            "-",
            M::GET,
            "/api/v1/analytics/school-hours?scope=platform",
            None,
            admin_only("200"),
        ),
        row(
            "get_dashboard",
            "own",
            M::GET,
            format!("/api/v1/analytics/dashboard?scope=hub&scope_id={a}"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_dashboard",
            "own",
            M::GET,
            format!("/api/v1/analytics/dashboard?scope=school&scope_id={a1}"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_dashboard",
            "foreign",
            M::GET,
            format!("/api/v1/analytics/dashboard?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_dashboard",
            "-",
            M::GET,
            "/api/v1/analytics/dashboard?scope=platform",
            None,
            admin_only("200"),
        ),
        row(
            "get_comparison",
            "own",
            M::GET,
            format!(
                "/api/v1/analytics/indicators/teachers_active/comparison?scope=hub&scope_id={a}"
            ),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_comparison",
            "own",
            M::GET,
            format!(
                "/api/v1/analytics/indicators/teachers_active/comparison?scope=school&scope_id={a1}"
            ),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_comparison",
            "foreign",
            M::GET,
            format!(
                "/api/v1/analytics/indicators/teachers_active/comparison?scope=hub&scope_id={b}"
            ),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_comparison",
            "-",
            M::GET,
            "/api/v1/analytics/indicators/mentoring_hours/comparison?scope=platform",
            None,
            admin_only("200"),
        ),
        row(
            "get_activities",
            "own",
            M::GET,
            format!("/api/v1/analytics/activities?scope=hub&scope_id={a}"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_activities",
            "own",
            M::GET,
            format!("/api/v1/analytics/activities?scope=school&scope_id={a1}"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_activities",
            "foreign",
            M::GET,
            format!("/api/v1/analytics/activities?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_response_rates",
            "own",
            M::GET,
            format!("/api/v1/analytics/response-rates?scope=hub&scope_id={a}"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_response_rates",
            "own",
            M::GET,
            format!("/api/v1/analytics/response-rates?scope=school&scope_id={a1}"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_response_rates",
            "foreign",
            M::GET,
            format!("/api/v1/analytics/response-rates?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_relationship_counts",
            "own",
            M::GET,
            format!("/api/v1/analytics/relationships?scope=hub&scope_id={a}"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_relationship_counts",
            "own",
            M::GET,
            format!("/api/v1/analytics/relationships?scope=school&scope_id={a1}"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_relationship_counts",
            "foreign",
            M::GET,
            format!("/api/v1/analytics/relationships?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "get_plan_goals",
            "own",
            M::GET,
            format!("/api/v1/analytics/plan-goals?scope=hub&scope_id={a}"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_plan_goals",
            "own",
            M::GET,
            format!("/api/v1/analytics/plan-goals?scope=school&scope_id={a1}"),
            None,
            ["401", "404", "404", "200", "404", "200", "200"],
        ),
        row(
            "get_plan_goals",
            "foreign",
            M::GET,
            format!("/api/v1/analytics/plan-goals?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "list_targets",
            "own",
            M::GET,
            format!("/api/v1/analytics/targets?scope=hub&scope_id={a}"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "list_targets",
            "foreign",
            M::GET,
            format!("/api/v1/analytics/targets?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "set_target",
            "own",
            M::PUT,
            format!("/api/v1/analytics/targets/teachers_active?scope=hub&scope_id={a}"),
            Some(json!({"target": 10})),
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "set_target",
            "foreign",
            M::PUT,
            format!("/api/v1/analytics/targets/teachers_active?scope=hub&scope_id={b}"),
            Some(json!({"target": 10})),
            foreign_admin_only("200"),
        ),
        row(
            "set_target",
            "-",
            M::PUT,
            "/api/v1/analytics/targets/teachers_active?scope=platform",
            Some(json!({"target": 600})),
            admin_only("200"),
        ),
        row(
            "delete_target",
            "own",
            M::DELETE,
            format!("/api/v1/analytics/targets/teachers_active?scope=hub&scope_id={a}"),
            None,
            ["401", "404", "404", "404", "404", "204", "404"],
        ),
        row(
            "delete_target",
            "foreign",
            M::DELETE,
            format!("/api/v1/analytics/targets/teachers_active?scope=hub&scope_id={b}"),
            None,
            foreign_admin_only("204"),
        ),
        // research datasets: coordinators and admins see them; researchers (tested in
        // api_research) generate and download; admins do everything.
        row(
            "list_dataset_recipients",
            "-",
            M::GET,
            "/api/v1/research/recipients",
            None,
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        row(
            "list_agreements",
            "-",
            M::GET,
            "/api/v1/research/agreements",
            None,
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        row(
            "record_agreement",
            "own",
            M::POST,
            "/api/v1/research/agreements",
            Some(
                json!({"organisation_id": research_a, "reference": "DUA-2", "signed_on": "2026-02-01"}),
            ),
            ["401", "403", "403", "403", "403", "201", "201"],
        ),
        row(
            "record_agreement",
            "foreign",
            M::POST,
            "/api/v1/research/agreements",
            Some(
                json!({"organisation_id": research_b, "reference": "DUA-2", "signed_on": "2026-02-01"}),
            ),
            ["401", "403", "403", "403", "403", "404", "201"],
        ),
        row(
            "create_dataset",
            "own",
            M::POST,
            "/api/v1/research/datasets",
            Some(
                json!({"organisation_id": research_a, "kind": "campaign_answers", "scope": "hub",
                        "scope_id": a, "from": "2026-01", "to": "2026-12"}),
            ),
            ["401", "403", "403", "403", "403", "404", "202"],
        ),
        row(
            "create_dataset",
            "foreign",
            M::POST,
            "/api/v1/research/datasets",
            Some(
                json!({"organisation_id": research_b, "kind": "campaign_answers", "scope": "school",
                        "scope_id": b1, "from": "2026-01", "to": "2026-12"}),
            ),
            ["401", "403", "403", "403", "403", "404", "202"],
        ),
        row(
            "create_dataset",
            "-",
            M::POST,
            "/api/v1/research/datasets",
            Some(
                json!({"organisation_id": research_a, "kind": "reflection_answers", "scope": "platform",
                        "from": "2026-01", "to": "2026-12"}),
            ),
            ["401", "403", "403", "403", "403", "403", "202"],
        ),
        row(
            "list_datasets",
            "-",
            M::GET,
            "/api/v1/research/datasets",
            None,
            ["401", "403", "403", "403", "403", "200", "200"],
        ),
        row(
            "get_dataset",
            "own",
            M::GET,
            format!("/api/v1/research/datasets/{dataset_a}"),
            None,
            ["401", "404", "404", "404", "404", "200", "200"],
        ),
        row(
            "get_dataset",
            "foreign",
            M::GET,
            format!("/api/v1/research/datasets/{dataset_b}"),
            None,
            foreign_admin_only("200"),
        ),
        row(
            "download_dataset",
            "own",
            M::GET,
            format!("/api/v1/research/datasets/{dataset_a}/file"),
            None,
            ["401", "404", "404", "404", "404", "403", "200"],
        ),
        row(
            "download_dataset",
            "foreign",
            M::GET,
            format!("/api/v1/research/datasets/{dataset_b}/file"),
            None,
            foreign_admin_only("200"),
        ),
    ];

    rows.extend(mentoring_rows);

    // Every operation of the spec has rows; operations on one resource have own and foreign rows.
    let spec = serde_json::to_value(ihub::openapi_spec()).unwrap();
    let mut ops: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (_, op) in item.as_object().unwrap() {
            ops.insert(
                op["operationId"].as_str().unwrap().to_string(),
                path.clone(),
            );
        }
    }
    let covered: BTreeSet<String> = rows.iter().map(|r| r.op.to_string()).collect();
    let missing: Vec<_> = ops.keys().filter(|o| !covered.contains(*o)).collect();
    assert!(
        missing.is_empty(),
        "operations without a row in the authorisation matrix: {missing:?}"
    );
    let unknown: Vec<_> = covered.iter().filter(|o| !ops.contains_key(*o)).collect();
    assert!(
        unknown.is_empty(),
        "rows for operations not in the spec: {unknown:?}"
    );
    for (op, path) in &ops {
        // Machine clients are platform-wide: there is no own or foreign one.
        if path.contains("{id}") && !path.starts_with("/api/v1/clients") {
            for scope in ["own", "foreign"] {
                assert!(
                    rows.iter().any(|r| r.op == op && r.scope == scope),
                    "{op} lacks a row for {scope} scope"
                );
            }
        }
    }

    // Each caller gets the expected answer; all mismatches are reported together.
    let plain = reqwest::Client::new();
    let mut failures = Vec::new();
    for r in &rows {
        for (i, caller) in CALLERS.iter().enumerate() {
            let mut rb = plain.request(r.method.clone(), format!("{}{}", app.url, r.path));
            if let Some(t) = &tokens[i] {
                rb = rb.bearer_auth(t);
            }
            if let Some(b) = &r.body {
                rb = rb.json(b);
            }
            let res = rb.send().await.unwrap();
            let status = res.status().as_u16().to_string();
            if !r.expect[i].split('|').any(|s| s == status) {
                let body = res.text().await.unwrap_or_default();
                failures.push(format!(
                    "{} ({}) as {caller}: got {status}, expected {} — {body}",
                    r.op, r.scope, r.expect[i]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
