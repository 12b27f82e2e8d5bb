//! The committed `openapi/openapi.json` is exactly what this build generates and serves.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

#[test]
fn committed_spec_is_current() {
    let generated = serde_json::to_string_pretty(&ihub::openapi_spec()).unwrap() + "\n";
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    if committed != generated {
        if std::env::var("IHUB_UPDATE_SPEC").is_ok() {
            std::fs::write(path, &generated).unwrap();
        } else {
            panic!("openapi/openapi.json is stale: run `make openapi` and commit it");
        }
    }
}

#[test]
fn every_operation_has_an_id_a_tag_and_problem_answers() {
    let spec = serde_json::to_value(ihub::openapi_spec()).unwrap();
    let mut ids = std::collections::HashSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let id = op["operationId"]
                .as_str()
                .unwrap_or_else(|| panic!("{method} {path} has no operationId"));
            assert!(ids.insert(id.to_string()), "duplicate operationId {id}");
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{id} has no tag"
            );
            let responses = op["responses"].as_object().unwrap();
            assert!(responses.contains_key("500"), "{id} lacks 500");
            let secured = op["security"].as_array().is_some_and(|s| {
                s.iter()
                    .any(|r| r.as_object().is_some_and(|o| !o.is_empty()))
            });
            if secured {
                assert!(responses.contains_key("401"), "{id} lacks 401");
            }
        }
    }
    assert!(ids.len() >= 40, "only {} operations", ids.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_serves_the_committed_spec() {
    let app = common::TestApp::spawn(common::Backend::Sqlite)
        .await
        .unwrap();
    let served: serde_json::Value = app
        .client
        .get(format!("{}/api/openapi.json", app.url))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let generated = serde_json::to_value(ihub::openapi_spec()).unwrap();
    assert_eq!(served, generated);
    let docs = app
        .client
        .get(format!("{}/api/docs/", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(docs.status(), 200);
    let html = docs.text().await.unwrap();
    assert!(
        !html.contains("cdn") && !html.contains("unpkg"),
        "docs page loads from a CDN"
    );
    app.stop().await;
}

/// Domain values (statuses, kinds, roles, modes, states, groups) are enums in the spec, so
/// that clients — the SPA's generated client among them — get them as string unions and
/// never keep their own lists. A field with such a name that is a plain string fails here
/// unless it is listed below with the reason it is open.
#[test]
fn domain_values_are_enums_in_the_spec() {
    let spec = serde_json::to_value(ihub::openapi_spec()).unwrap();
    let schemas = spec["components"]["schemas"].as_object().unwrap();
    const DOMAIN: [&str; 16] = [
        "status", "state", "kind", "role", "mode", "priority", "topic", "audience", "phase",
        "group", "groups", "roles", "kinds", "modes", "phases", "my_roles",
    ];
    // (schema, field): why the value is open.
    let open: std::collections::BTreeMap<(&str, &str), &str> = [
        (
            ("ActivityDto", "kind"),
            "a hub's own kinds of activity (the hub adds values)",
        ),
        (
            ("ActivityIn", "kind"),
            "a hub's own kinds of activity (the hub adds values)",
        ),
        (
            ("ActivityCountDto", "kind"),
            "a hub's own kinds of activity (the hub adds values)",
        ),
        (
            ("InstrumentDto", "kind"),
            "instrument kinds are data of the instruments",
        ),
        (
            ("VersionDto", "kind"),
            "instrument kinds are data of the instruments",
        ),
        (
            ("VersionDto", "groups"),
            "who answers is part of an instrument's data",
        ),
        (
            ("ItemDto", "groups"),
            "who answers an item is part of an instrument's data",
        ),
        (
            ("Health", "status"),
            "for probes: always `ok` when the process answers",
        ),
    ]
    .into_iter()
    .collect();
    let is_enum = |v: &serde_json::Value| -> bool {
        let target = v.get("items").unwrap_or(v);
        let r = target["$ref"]
            .as_str()
            .or_else(|| target["oneOf"][0]["$ref"].as_str())
            .or_else(|| target["allOf"][0]["$ref"].as_str());
        match r.and_then(|r| r.strip_prefix("#/components/schemas/")) {
            Some(name) => schemas[name].get("enum").is_some(),
            None => target.get("enum").is_some(),
        }
    };
    let mut plain = Vec::new();
    let mut checked = 0;
    for (name, schema) in schemas {
        let Some(props) = schema["properties"].as_object() else {
            continue;
        };
        for (field, v) in props {
            if !DOMAIN.contains(&field.as_str()) {
                continue;
            }
            let is_text = v["type"] == "string"
                || v["type"]
                    .as_array()
                    .is_some_and(|t| t.iter().any(|x| x == "string"))
                || v["items"]["type"] == "string";
            if is_enum(v) {
                checked += 1;
            } else if is_text && !open.contains_key(&(name.as_str(), field.as_str())) {
                plain.push(format!("{name}.{field}"));
            }
        }
    }
    for ((name, field), why) in &open {
        let v = &spec["components"]["schemas"][*name]["properties"][*field];
        assert!(
            !v.is_null() && !is_enum(v),
            "{name}.{field} is listed as open ({why}) but is not a plain string field"
        );
    }
    assert!(checked >= 40, "only {checked} domain fields are enums");
    assert!(
        plain.is_empty(),
        "domain values as plain strings (make them an enum): {plain:?}"
    );
}
