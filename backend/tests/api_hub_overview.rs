//! The hub overview: readiness across schools as shared, competence across groups, for
//! the hub's coordinators only; every figure at or above the threshold.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;
use common::*;
use reqwest::StatusCode;
use serde_json::json;

on_both!(coordinators_see_shared_readiness_and_group_aggregates_of_their_hub);

async fn coordinators_see_shared_readiness_and_group_aggregates_of_their_hub(app: &TestApp) {
    ihub::seed::demo(&app.state.db).await.unwrap();
    let coordinator = app
        .token_for("coordinator.ee@ihub.example", ihub::seed::DEMO_PASSWORD)
        .await;
    let me = app.get("/me", &coordinator).await;
    let hub = me.body["grants"][0]["hub_id"].as_str().unwrap().to_string();
    // Every demo school of the hub has shared its checks: a new one has none yet.
    let admin = app.admin().await;
    let fresh = app
        .create_school(&admin, &hub, "A school new to the hub")
        .await;
    let r = app
        .get(&format!("/hubs/{hub}/overview?lang=en"), &coordinator)
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["areas"].as_array().unwrap().len(), 8);
    let schools = r.body["schools"].as_array().unwrap();
    assert!(schools.len() >= 2);
    let maardu = schools
        .iter()
        .find(|s| s["school_name"] == "Maardu High School")
        .unwrap();
    assert_eq!(
        maardu["groups_shown"],
        json!(["leader", "teacher", "student"])
    );
    assert!(maardu["areas"]["infrastructure"].as_f64().unwrap() > 1.0);
    // A school without a shared campaign is listed without figures.
    let new = schools
        .iter()
        .find(|s| s["school_id"] == fresh.as_str())
        .unwrap();
    assert!(new.get("campaign_id").is_none(), "{new}");
    // No teacher group has published yet: competence is hidden with the reason.
    assert!(r.body["competence"]["hidden_reason"].is_string());
    assert_eq!(r.body["competence"]["competences"], json!([]));

    // A teacher of the hub sees the hub but not the overview; another hub's
    // coordinator does not even see the hub.
    let teacher = app
        .token_for("teacher.maardu@ihub.example", ihub::seed::DEMO_PASSWORD)
        .await;
    app.get(&format!("/hubs/{hub}/overview"), &teacher)
        .await
        .problem(403, "forbidden");
    let other = app
        .token_for("coordinator.ge@ihub.example", ihub::seed::DEMO_PASSWORD)
        .await;
    app.get(&format!("/hubs/{hub}/overview"), &other)
        .await
        .problem(404, "not_found");
}
