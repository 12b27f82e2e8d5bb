//! People, roles, invitations and the audit log.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

on_both!(
    school_leader_invites_a_teacher_who_accepts_and_signs_in,
    invitation_links_work_once_and_can_be_withdrawn,
    invitation_scope_follows_the_inviters_grants,
    existing_account_accepts_with_its_own_password,
    coordinator_lists_and_manages_people_of_own_hub,
    grants_and_revocations_are_audited_per_hub,
    the_last_admin_cannot_be_revoked,
    profile_language_can_be_changed,
    an_invitation_accepted_twenty_times_at_once_is_accepted_once,
    two_admins_revoking_each_other_at_once_leave_one_admin,
    the_audit_log_names_who_did_what_filters_and_exports,
    lists_and_searches_find_the_same_people_whichever_way_the_database_reads_them,
);

async fn invite(app: &TestApp, token: &str, body: serde_json::Value) -> Resp {
    app.post("/invitations", token, body).await
}

fn token_of(r: &Resp) -> String {
    r.body["url"]
        .as_str()
        .unwrap()
        .split("#token=")
        .nth(1)
        .unwrap()
        .to_string()
}

async fn school_leader_invites_a_teacher_who_accepts_and_signs_in(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let s = app.create_school(&admin, &hub, "Kevätkumpu School").await;
    let leader = app
        .person("l@test.example", "school_leader", Some(&hub), Some(&s))
        .await;
    let r = invite(
        app,
        &leader,
        json!({"email": "New.Teacher@Test.example", "role": "teacher", "school_id": s}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    assert_eq!(r.body["emailed"], false);
    assert_eq!(r.body["invitation"]["status"], "pending");
    let token = token_of(&r);
    let preview = app
        .call(
            Method::GET,
            &format!("/invitations/preview?token={token}"),
            None,
            None,
        )
        .await;
    assert_eq!(preview.status, StatusCode::OK, "{}", preview.body);
    assert_eq!(preview.body["school_name"], "Kevätkumpu School");
    assert_eq!(preview.body["email"], "new.teacher@test.example");
    assert_eq!(preview.body["existing_account"], false);
    let weak = app
        .call(
            Method::POST,
            "/invitations/accept",
            None,
            Some(json!({"token": token, "name": "Onni", "password": "1234567890"})),
        )
        .await;
    weak.problem(422, "validation_failed");
    let acc = app.call(Method::POST, "/invitations/accept", None, Some(json!({"token": token, "name": "Onni Oksala", "password": "kevat-kumpu-2026", "locale": "fi"}))).await;
    assert_eq!(acc.status, StatusCode::OK, "{}", acc.body);
    assert_eq!(acc.body["user"]["locale"], "fi");
    assert_eq!(acc.body["user"]["grants"][0]["role"], "teacher");
    assert_eq!(
        acc.body["user"]["grants"][0]["school_name"],
        "Kevätkumpu School"
    );
    let t = app
        .token_for("new.teacher@test.example", "kevat-kumpu-2026")
        .await;
    assert_eq!(
        app.get(&format!("/schools/{s}"), &t).await.status,
        StatusCode::OK
    );
}

async fn invitation_links_work_once_and_can_be_withdrawn(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let r = invite(
        app,
        &admin,
        json!({"email": "m@test.example", "role": "mentor", "hub_id": hub}),
    )
    .await;
    let token = token_of(&r);
    let ok = app
        .call(
            Method::POST,
            "/invitations/accept",
            None,
            Some(json!({"token": token, "name": "Mentor", "password": "mentoring-is-fun"})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    app.call(
        Method::POST,
        "/invitations/accept",
        None,
        Some(json!({"token": token, "name": "Mentor", "password": "mentoring-is-fun"})),
    )
    .await
    .problem(400, "invitation_invalid");
    let r2 = invite(
        app,
        &admin,
        json!({"email": "x@test.example", "role": "mentor", "hub_id": hub}),
    )
    .await;
    let id = r2.body["invitation"]["id"].as_str().unwrap();
    let pending = app.get("/invitations", &admin).await;
    assert_eq!(pending.body["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.delete(&format!("/invitations/{id}"), &admin)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    app.call(
        Method::GET,
        &format!("/invitations/preview?token={}", token_of(&r2)),
        None,
        None,
    )
    .await
    .problem(400, "invitation_invalid");
    let all = app.get("/invitations?status=all", &admin).await;
    let statuses: Vec<_> = all.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["status"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(statuses, vec!["revoked", "accepted"]);
    app.get("/invitations?status=weird", &admin)
        .await
        .problem(400, "invalid_query");
}

async fn invitation_scope_follows_the_inviters_grants(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub A").await;
    let other = app.create_hub(&admin, "Hub B").await;
    let s = app.create_school(&admin, &hub, "A1").await;
    let foreign = app.create_school(&admin, &other, "B1").await;
    let leader = app
        .person("l@test.example", "school_leader", Some(&hub), Some(&s))
        .await;
    let teacher = app
        .person("t@test.example", "teacher", Some(&hub), Some(&s))
        .await;
    let coord = app
        .person("c@test.example", "hub_coordinator", Some(&hub), None)
        .await;
    invite(
        app,
        &teacher,
        json!({"email": "a@test.example", "role": "teacher", "school_id": s}),
    )
    .await
    .problem(403, "forbidden");
    invite(
        app,
        &leader,
        json!({"email": "a@test.example", "role": "mentor", "hub_id": hub}),
    )
    .await
    .problem(403, "forbidden");
    invite(
        app,
        &leader,
        json!({"email": "a@test.example", "role": "teacher", "school_id": foreign}),
    )
    .await
    .problem(422, "validation_failed");
    invite(
        app,
        &coord,
        json!({"email": "a@test.example", "role": "admin"}),
    )
    .await
    .problem(403, "forbidden");
    invite(
        app,
        &coord,
        json!({"email": "a@test.example", "role": "teacher"}),
    )
    .await
    .problem(422, "validation_failed");
    invite(
        app,
        &coord,
        json!({"email": "not-an-email", "role": "teacher", "school_id": s}),
    )
    .await
    .problem(422, "validation_failed");
    assert_eq!(
        invite(
            app,
            &coord,
            json!({"email": "a@test.example", "role": "school_leader", "school_id": s})
        )
        .await
        .status,
        StatusCode::CREATED
    );
    assert_eq!(
        invite(
            app,
            &coord,
            json!({"email": "b@test.example", "role": "mentor", "hub_id": hub})
        )
        .await
        .status,
        StatusCode::CREATED
    );
    let t_email = invite(
        app,
        &leader,
        json!({"email": "t@test.example", "role": "teacher", "school_id": s}),
    )
    .await;
    t_email.problem(409, "role_already_held");
}

async fn existing_account_accepts_with_its_own_password(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let s = app.create_school(&admin, &hub, "School").await;
    app.person("t@test.example", "teacher", Some(&hub), Some(&s))
        .await;
    let r = invite(
        app,
        &admin,
        json!({"email": "t@test.example", "role": "mentor", "hub_id": hub}),
    )
    .await;
    let token = token_of(&r);
    let preview = app
        .call(
            Method::GET,
            &format!("/invitations/preview?token={token}"),
            None,
            None,
        )
        .await;
    assert_eq!(preview.body["existing_account"], true);
    app.call(
        Method::POST,
        "/invitations/accept",
        None,
        Some(json!({"token": token, "password": "a-wrong-password"})),
    )
    .await
    .problem(401, "invalid_credentials");
    let ok = app
        .call(
            Method::POST,
            "/invitations/accept",
            None,
            Some(json!({"token": token, "password": PASSWORD})),
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let roles: Vec<_> = ok.body["user"]["grants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["role"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(roles, vec!["teacher", "mentor"]);
}

async fn coordinator_lists_and_manages_people_of_own_hub(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub A").await;
    let other = app.create_hub(&admin, "Hub B").await;
    let s = app.create_school(&admin, &hub, "A1").await;
    let sb = app.create_school(&admin, &other, "B1").await;
    let coord = app
        .person("c@test.example", "hub_coordinator", Some(&hub), None)
        .await;
    let t = app
        .person("t@test.example", "teacher", Some(&hub), Some(&s))
        .await;
    let tb = app
        .person("tb@test.example", "teacher", Some(&other), Some(&sb))
        .await;
    let list = app.get("/people", &coord).await;
    let emails: Vec<_> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["email"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(emails.len(), 2, "{emails:?}");
    assert!(
        emails.contains(&"t@test.example".to_string())
            && emails.contains(&"c@test.example".to_string())
    );
    let tb_id = app.get("/me", &tb).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.get(&format!("/people/{tb_id}"), &coord)
        .await
        .problem(404, "not_found");
    app.post(&format!("/people/{tb_id}/deactivate"), &coord, json!({}))
        .await
        .problem(404, "not_found");
    let t_id = app.get("/me", &t).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let filtered = app
        .get(
            &format!("/people?role=teacher&school_id={s}&q=T%40TEST"),
            &coord,
        )
        .await;
    assert_eq!(
        filtered.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        filtered.body
    );
    let g = app
        .post(
            &format!("/people/{t_id}/grants"),
            &coord,
            json!({"role": "mentor", "hub_id": hub}),
        )
        .await;
    assert_eq!(g.status, StatusCode::CREATED, "{}", g.body);
    app.post(
        &format!("/people/{t_id}/grants"),
        &coord,
        json!({"role": "mentor", "hub_id": hub}),
    )
    .await
    .problem(409, "role_already_held");
    app.post(
        &format!("/people/{t_id}/grants"),
        &coord,
        json!({"role": "mentor", "hub_id": other}),
    )
    .await
    .problem(422, "validation_failed");
    app.get("/people", &t).await.problem(403, "forbidden");
    let d = app
        .post(&format!("/people/{t_id}/deactivate"), &coord, json!({}))
        .await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.body);
    let inactive = app.get("/people?active=false", &coord).await;
    assert_eq!(inactive.body["items"].as_array().unwrap().len(), 1);
    let re = app
        .post(&format!("/people/{t_id}/reactivate"), &coord, json!({}))
        .await;
    assert_eq!(re.body["active"], true);
}

async fn grants_and_revocations_are_audited_per_hub(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub A").await;
    let other = app.create_hub(&admin, "Hub B").await;
    let coord = app
        .person("c@test.example", "hub_coordinator", Some(&hub), None)
        .await;
    let coord_b = app
        .person("cb@test.example", "hub_coordinator", Some(&other), None)
        .await;
    let m = app
        .person("m@test.example", "mentor", Some(&hub), None)
        .await;
    let m_id = app.get("/me", &m).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let person = app.get(&format!("/people/{m_id}"), &coord).await;
    let grant = person.body["grants"][0]["id"].as_str().unwrap().to_string();
    app.delete(&format!("/people/{m_id}/grants/{grant}"), &coord_b)
        .await
        .problem(404, "not_found");
    assert_eq!(
        app.delete(&format!("/people/{m_id}/grants/{grant}"), &coord)
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let log = app.get("/audit", &coord).await;
    assert_eq!(log.status, StatusCode::OK, "{}", log.body);
    let actions: Vec<_> = log.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        actions.first().map(String::as_str),
        Some("role.revoked"),
        "{actions:?}"
    );
    assert!(actions.contains(&"role.granted".to_string()));
    let log_b = app.get("/audit", &coord_b).await;
    assert!(
        log_b.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["hub_id"] == other.as_str())
    );
    app.get("/audit", &m).await.problem(403, "forbidden");
    let all = app.get("/audit?limit=1", &admin).await;
    assert_eq!(all.body["items"].as_array().unwrap().len(), 1);
    assert!(all.body["next_cursor"].is_string());
}

async fn the_last_admin_cannot_be_revoked(app: &TestApp) {
    let admin = app.admin().await;
    let me = app.get("/me", &admin).await;
    let id = me.body["id"].as_str().unwrap();
    let grant = me.body["grants"][0]["id"].as_str().unwrap();
    app.delete(&format!("/people/{id}/grants/{grant}"), &admin)
        .await
        .problem(409, "last_admin");
}

async fn profile_language_can_be_changed(app: &TestApp) {
    let admin = app.admin().await;
    let r = app
        .patch(
            "/me",
            &admin,
            json!({"locale": "et", "name": "Juhan Juurikas"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["locale"], "et");
    app.patch("/me", &admin, json!({"locale": "xx"}))
        .await
        .problem(422, "validation_failed");
}

/// On PostgreSQL one invitation accepted by 20 requests at once gave 3 × 200 before the
/// invitation's row was locked.
async fn an_invitation_accepted_twenty_times_at_once_is_accepted_once(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub").await;
    let s = app.create_school(&admin, &hub, "Vårberga School").await;
    let r = invite(
        app,
        &admin,
        json!({"email": "once@test.example", "role": "teacher", "school_id": s}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let token = token_of(&r);
    let statuses = app
        .at_once(
            20,
            Method::POST,
            "/invitations/accept",
            None,
            Some(json!({"token": token, "name": "Elsa Ek", "password": "varberga-skola-2026"})),
            &[],
        )
        .await;
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 400),
        "{statuses:?}"
    );
    let people = app.get("/people?q=once", &admin).await;
    assert_eq!(
        people.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        people.body
    );
    assert_eq!(
        people.body["items"][0]["grants"].as_array().unwrap().len(),
        1
    );
}

/// The last-admin rule holds when two admins revoke each other at the same moment.
async fn two_admins_revoking_each_other_at_once_leave_one_admin(app: &TestApp) {
    let first = app.admin().await;
    let second = app.person("root2@test.example", "admin", None, None).await;
    let me1 = app.get("/me", &first).await.body;
    let me2 = app.get("/me", &second).await.body;
    {
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(2));
        let mut tasks = Vec::new();
        for (token, target) in [(&first, &me2), (&second, &me1)] {
            let rb = app.client.delete(app.api(&format!(
                "/people/{}/grants/{}",
                target["id"].as_str().unwrap(),
                target["grants"][0]["id"].as_str().unwrap()
            )));
            let rb = rb.bearer_auth(token);
            let b = barrier.clone();
            tasks.push(tokio::spawn(async move {
                b.wait().await;
                rb.send().await.unwrap().status().as_u16()
            }));
        }
        let mut got = Vec::new();
        for t in tasks {
            got.push(t.await.unwrap());
        }
        got.sort_unstable();
        // The loser is refused as the last admin (409), or — when the winner was quicker
        // than its sign-in check — is no admin any more and sees nobody to revoke (404).
        assert!(got == vec![204, 409] || got == vec![204, 404], "{got:?}");
    }
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let admins = ihub::people::entity::role_grant::Entity::find()
        .filter(ihub::people::entity::role_grant::Column::Role.eq("admin"))
        .all(&app.state.db)
        .await
        .unwrap();
    assert_eq!(admins.len(), 1);
}

/// The "By" column showed an id prefix that was the same for everyone. Entries now carry
/// the actor's and the target's names, filter by actor, action, target and dates, and
/// export as CSV with the same filters.
async fn the_audit_log_names_who_did_what_filters_and_exports(app: &TestApp) {
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Adjara Hub").await;
    let school = app
        .create_school(&admin, &hub, "Batumi Public School N1")
        .await;
    let coord = app
        .person("c@audit.example", "hub_coordinator", Some(&hub), None)
        .await;
    let r = invite(
        app,
        &coord,
        json!({"email": "nino@audit.example", "role": "teacher", "school_id": school}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let coord_id = app.get("/me", &coord).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let log = app.get("/audit?limit=200", &admin).await;
    let items = log.body["items"].as_array().unwrap();
    let invited = items
        .iter()
        .find(|e| e["action"] == "invitation.created")
        .unwrap();
    assert_eq!(invited["actor_name"], "Test Person", "{invited}");
    assert_eq!(invited["target_name"], "nino@audit.example");
    let created = items
        .iter()
        .find(|e| e["action"] == "school.created")
        .unwrap();
    assert_eq!(created["target_name"], "Batumi Public School N1");
    // Filters: actor, action (exact or a whole kind), target, dates.
    let by_coord = app
        .get(&format!("/audit?actor_id={coord_id}"), &admin)
        .await;
    let actions: Vec<&str> = by_coord.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, vec!["invitation.created"]);
    let schools = app.get("/audit?action=school.", &admin).await;
    assert!(
        schools.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["action"].as_str().unwrap().starts_with("school.")),
        "{}",
        schools.body
    );
    let about = app
        .get(
            &format!("/audit?target_kind=school&target_id={school}"),
            &admin,
        )
        .await;
    assert_eq!(
        about.body["items"].as_array().unwrap().len(),
        1,
        "{}",
        about.body
    );
    let today = chrono::Utc::now().date_naive();
    let yesterday = today - chrono::Duration::days(1);
    let none = app
        .get(&format!("/audit?from={yesterday}&to={yesterday}"), &admin)
        .await;
    assert_eq!(none.body["items"], json!([]));
    let all_today = app
        .get(&format!("/audit?from={today}&to={today}&limit=200"), &admin)
        .await;
    assert_eq!(
        all_today.body["items"].as_array().unwrap().len(),
        items.len()
    );
    app.get(&format!("/audit?from={today}&to={yesterday}"), &admin)
        .await
        .problem(422, "validation_failed");
    // Who appears in the log, for the filter.
    let actors = app.get("/audit/actors", &admin).await;
    assert!(
        actors
            .body
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["id"] == coord_id.as_str()),
        "{}",
        actors.body
    );
    // CSV with the same filters, names included; a coordinator's CSV is their hub's.
    let csv = app
        .client
        .get(app.api(&format!("/audit.csv?actor_id={coord_id}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(
        csv.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let text = csv.text().await.unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[1].contains("\"invitation.created\"") && lines[1].contains("nino@audit.example"),
        "{text}"
    );
    let coord_csv = app
        .client
        .get(app.api("/audit.csv"))
        .bearer_auth(&coord)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !coord_csv.contains("\"hub.created\"") || coord_csv.contains(&hub),
        "{coord_csv}"
    );
    assert!(
        coord_csv.lines().skip(1).all(|l| l.contains(&hub)),
        "{coord_csv}"
    );
    let teacher = app
        .person("t@audit.example", "teacher", Some(&hub), Some(&school))
        .await;
    let r = app
        .client
        .get(app.api("/audit.csv"))
        .bearer_auth(&teacher)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::FORBIDDEN);
}

/// A person written by the test: name, e-mail, hub, school.
type Made<'a> = (String, String, &'a str, &'a str);

/// Every page of a people list, as emails in the order given.
async fn all_emails(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/people?{query}&limit=20&cursor={c}"),
            None => format!("/people?{query}&limit=20"),
        };
        let r = app.get(&path, token).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        for p in r.body["items"].as_array().unwrap() {
            out.push(p["email"].as_str().unwrap().to_string());
        }
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return out,
        }
    }
}

/// A list is read from the grants when it is narrow (a school's people), by walking the
/// name order when it is wide (a hub's), from the text index when the words match few
/// people and with the index only asked when they match many (more than 100 here): each
/// way gives the same people, in name order, page after page.
async fn lists_and_searches_find_the_same_people_whichever_way_the_database_reads_them(
    app: &TestApp,
) {
    use ihub::people::entity::{person, role_grant};
    use sea_orm::{ActiveModelTrait, IntoActiveModel};
    let admin = app.admin().await;
    let hub = app.create_hub(&admin, "Hub A").await;
    let other = app.create_hub(&admin, "Hub B").await;
    let s1 = app.create_school(&admin, &hub, "A1").await;
    let s2 = app.create_school(&admin, &hub, "A2").await;
    let sb = app.create_school(&admin, &other, "B1").await;
    let coord = app
        .person("coord@test.example", "hub_coordinator", Some(&hub), None)
        .await;
    let leader = app
        .person("lead@test.example", "school_leader", Some(&hub), Some(&s1))
        .await;
    // 150 people: 130 named Tamm in hub A's two schools (one of them also Zebulon), 20
    // named Kask in A1, 30 named Tamm in hub B; written directly (no password to hash).
    let now = chrono::Utc::now();
    let mut expected: Vec<Made> = Vec::new();
    for i in 0..130 {
        let name = if i == 77 {
            "Zebulon Tamm".to_string()
        } else {
            format!("Tamm Teacher {:03}", (i * 37) % 130)
        };
        let school = if i % 2 == 0 { &s1 } else { &s2 };
        expected.push((
            name,
            format!("tamm{i}@test.example"),
            hub.as_str(),
            school.as_str(),
        ));
    }
    for i in 0..20 {
        expected.push((
            format!("Kask {i:02}"),
            format!("kask{i}@test.example"),
            hub.as_str(),
            s1.as_str(),
        ));
    }
    for i in 0..30 {
        expected.push((
            format!("Tamm Other {i:02}"),
            format!("other{i}@test.example"),
            other.as_str(),
            sb.as_str(),
        ));
    }
    for (name, email, h, s) in &expected {
        let id = uuid::Uuid::now_v7();
        person::Model {
            id,
            email: email.clone(),
            name: name.clone(),
            name_folded: ihub::platform::validate::fold(name),
            password_hash: None,
            locale: "en".into(),
            active: true,
            created_at: now,
            updated_at: now,
            deactivated_at: None,
            version: 1,
            notify_by_email: false,
            in_statistics: true,
            stat_key: 0,
        }
        .into_active_model()
        .insert(&app.state.db)
        .await
        .unwrap();
        role_grant::Model {
            id: uuid::Uuid::now_v7(),
            person_id: id,
            role: ihub::auth::model::Role::Teacher,
            hub_id: Some(h.parse().unwrap()),
            school_id: Some(s.parse().unwrap()),
            scope_key: format!("school:{s}"),
            created_at: now,
            created_by: None,
        }
        .into_active_model()
        .insert(&app.state.db)
        .await
        .unwrap();
    }
    let sorted = |pick: &dyn Fn(&Made) -> bool| -> Vec<String> {
        let mut v: Vec<_> = expected.iter().filter(|x| pick(x)).collect();
        v.sort_by(|a, b| {
            ihub::platform::validate::fold(&a.0).cmp(&ihub::platform::validate::fold(&b.0))
        });
        v.into_iter().map(|x| x.1.clone()).collect()
    };
    let tamm = |x: &Made| x.0.contains("Tamm");
    // Wide, many matches (the walk): the coordinator's 130 Tamms of hub A.
    assert_eq!(
        all_emails(app, &coord, "q=tamm").await,
        sorted(&|x| tamm(x) && x.2 == hub)
    );
    // Wide, few matches (the text index drives).
    assert_eq!(
        all_emails(app, &coord, "q=zebulon").await,
        vec!["tamm77@test.example".to_string()]
    );
    assert_eq!(
        all_emails(app, &admin, "q=tamm%20zeb").await,
        vec!["tamm77@test.example".to_string()]
    );
    // The admin sees both hubs' Tamms.
    assert_eq!(
        all_emails(app, &admin, "q=TAMM").await,
        sorted(&|x| tamm(x))
    );
    // A wide filter without words: every teacher of hub A, and only them.
    assert_eq!(
        all_emails(app, &coord, &format!("hub_id={hub}&role=teacher")).await,
        sorted(&|x| x.2 == hub)
    );
    // Narrow: one school (a filter, or a leader's reach), with and without words.
    assert_eq!(
        all_emails(app, &coord, &format!("school_id={s2}&q=tamm")).await,
        sorted(&|x| tamm(x) && x.3 == s2)
    );
    let mut leaders_list = sorted(&|x| x.3 == s1);
    leaders_list.push("lead@test.example".into());
    let mut got = all_emails(app, &leader, "").await;
    got.sort();
    leaders_list.sort();
    assert_eq!(got, leaders_list);
    assert_eq!(
        all_emails(app, &leader, "q=tamm").await,
        sorted(&|x| tamm(x) && x.3 == s1)
    );
    assert_eq!(
        all_emails(app, &leader, "q=kask").await,
        sorted(&|x| x.0.starts_with("Kask"))
    );
}
