//! Guards of the shape of the code (ARCHITECTURE.md): no import cycle between modules,
//! lower layers never import the features above them. The source is read as text: every
//! `use crate::…`/`use super::…` and every inline `crate::…`/`super::…` path counts as an
//! edge from the file's module to the longest module prefix it names. Test modules
//! (`#[cfg(test)] mod …`) and comments are left out. A feature's `entity/` folder counts as
//! one module (sea-orm relations between entities point both ways by design), and a
//! module's references to its own submodules (a `mod.rs` wiring routes) are not edges.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Module path (`mentoring::service`) → (target module → first line that names it).
type Graph = BTreeMap<String, BTreeMap<String, (String, usize)>>;

/// Every module of the crate with its source: `a/b.rs` and `a/b/mod.rs` are `a::b`.
fn modules(src: &Path) -> BTreeMap<String, (PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(src, &mut files);
    let mut out = BTreeMap::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|l| l == "mod") {
            parts.pop();
        }
        if parts == ["lib"] || parts == ["main"] {
            continue; // the crate root and the CLI wire everything together
        }
        let text = std::fs::read_to_string(&f).unwrap();
        out.insert(parts.join("::"), (f, text));
    }
    out
}

/// The source without comments and without test modules (line numbers kept).
fn code_of(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut in_tests = false;
    let mut depth = 0i32;
    let mut pending_cfg_test = false;
    for line in text.lines() {
        let code = match line.find("//") {
            Some(i) if !line[..i].contains('"') => &line[..i],
            _ => line,
        };
        let trimmed = code.trim();
        if in_tests {
            depth += code.matches('{').count() as i32 - code.matches('}').count() as i32;
            if depth <= 0 {
                in_tests = false;
            }
            lines.push(String::new());
            continue;
        }
        if trimmed == "#[cfg(test)]" {
            pending_cfg_test = true;
            lines.push(String::new());
            continue;
        }
        if pending_cfg_test && trimmed.starts_with("mod ") && trimmed.ends_with('{') {
            in_tests = true;
            depth = 1;
            pending_cfg_test = false;
            lines.push(String::new());
            continue;
        }
        pending_cfg_test = false;
        lines.push(code.to_string());
    }
    lines
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e` (aliases and globs dropped).
fn expand_use(tree: &str) -> Vec<String> {
    let tree = tree.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = Vec::new();
    fn rec(prefix: &str, body: &str, out: &mut Vec<String>) {
        let mut depth = 0;
        let mut cur = String::new();
        let mut items = Vec::new();
        for ch in body.chars() {
            match ch {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if ch == ',' && depth == 0 {
                items.push(std::mem::take(&mut cur));
            } else {
                cur.push(ch);
            }
        }
        items.push(cur);
        for it in items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()) {
            if let (Some(open), true) = (it.find('{'), it.ends_with('}')) {
                let head = it[..open].trim();
                rec(&format!("{prefix}{head}"), &it[open + 1..it.len() - 1], out);
            } else {
                let it = it.split(" as ").next().unwrap_or(it).trim();
                let it = it.trim_end_matches("::*").trim_end_matches("::self");
                out.push(format!("{prefix}{it}"));
            }
        }
    }
    rec("", &tree, &mut out);
    out
}

/// Where `super::…` points from a module: its parent (the file's own module is `m`).
fn absolute(m: &str, path: &str) -> Option<String> {
    if let Some(rest) = path.strip_prefix("crate::") {
        return Some(rest.to_string());
    }
    let mut base: Vec<&str> = m.split("::").collect();
    let mut rest = path;
    let mut any = false;
    while let Some(r) = rest.strip_prefix("super::") {
        base.pop()?;
        rest = r;
        any = true;
    }
    if !any {
        return None;
    }
    base.push(rest);
    Some(
        base.into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("::"),
    )
}

/// A feature's entities are one module.
fn grouped(m: &str) -> String {
    let parts: Vec<&str> = m.split("::").collect();
    match parts.iter().position(|p| *p == "entity") {
        Some(i) => parts[..=i].join("::"),
        None => m.to_string(),
    }
}

fn graph(src: &Path) -> Graph {
    let mods = modules(src);
    let resolve = |path: &str| -> Option<String> {
        let parts: Vec<&str> = path.split("::").collect();
        (1..=parts.len())
            .rev()
            .map(|n| parts[..n].join("::"))
            .find(|k| mods.contains_key(k))
    };
    let mut g = Graph::new();
    for (m, (file, text)) in &mods {
        let from = grouped(m);
        let rel = file.strip_prefix(src).unwrap().display().to_string();
        let lines = code_of(text);
        let mut refs: Vec<(String, usize)> = Vec::new();
        // `use` statements may span lines: join the file, remember line starts.
        let joined = lines.join("\n");
        let line_of = |offset: usize| joined[..offset].matches('\n').count() + 1;
        let mut at = 0;
        while let Some(i) = joined[at..].find("use ") {
            let start = at + i;
            at = start + 4;
            let before = joined[..start].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let Some(end) = joined[start..].find(';') else {
                break;
            };
            let tree = &joined[start + 4..start + end];
            if tree.contains('(') || tree.contains('"') {
                continue; // not a use declaration
            }
            for p in expand_use(tree) {
                refs.push((p, line_of(start)));
            }
        }
        for (n, line) in lines.iter().enumerate() {
            for key in ["crate::", "super::"] {
                let mut from_i = 0;
                while let Some(i) = line[from_i..].find(key) {
                    let s = from_i + i;
                    from_i = s + key.len();
                    let prev = line[..s].chars().next_back();
                    if prev.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                        continue;
                    }
                    let path: String = line[s..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                        .collect();
                    refs.push((path.trim_end_matches(':').to_string(), n + 1));
                }
            }
        }
        for (p, line) in refs {
            let Some(abs) = absolute(m, &p) else { continue };
            let Some(target) = resolve(&abs) else {
                continue;
            };
            let to = grouped(&target);
            if to.is_empty() || to == from || to.starts_with(&format!("{from}::")) {
                continue;
            }
            g.entry(from.clone())
                .or_default()
                .entry(to)
                .or_insert((rel.clone(), line));
        }
    }
    g
}

/// Strongly connected components with more than one module (Tarjan).
fn cycles(g: &Graph) -> Vec<Vec<String>> {
    struct T<'a> {
        g: &'a Graph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on: BTreeSet<&'a str>,
        out: Vec<Vec<String>>,
    }
    fn visit<'a>(t: &mut T<'a>, v: &'a str) {
        let i = t.index.len();
        t.index.insert(v, i);
        t.low.insert(v, i);
        t.stack.push(v);
        t.on.insert(v);
        if let Some(next) = t.g.get(v) {
            for w in next.keys() {
                if !t.index.contains_key(w.as_str()) {
                    visit(t, w);
                    let lw = t.low[w.as_str()];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(lw));
                } else if t.on.contains(w.as_str()) {
                    let iw = t.index[w.as_str()];
                    let lv = t.low[v];
                    t.low.insert(v, lv.min(iw));
                }
            }
        }
        if t.low[v] == t.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = t.stack.pop() {
                t.on.remove(w);
                comp.push(w.to_string());
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort();
                t.out.push(comp);
            }
        }
    }
    let mut t = T {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !t.index.contains_key(v.as_str()) {
            visit(&mut t, v);
        }
    }
    t.out
}

fn describe(g: &Graph, comp: &[String]) -> String {
    let mut s = String::new();
    for a in comp {
        for (b, (file, line)) in g.get(a).into_iter().flatten() {
            if comp.contains(b) {
                s.push_str(&format!("    {a} -> {b}   ({file}:{line})\n"));
            }
        }
    }
    s
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The features: what lower layers must not import.
const FEATURES: &[&str] = &[
    "analytics",
    "audit",
    "auth",
    "campaigns",
    "directory",
    "groups",
    "hubview",
    "instruments",
    "mentoring",
    "notifications",
    "people",
    "reflection",
];

/// (module, what it must not import, why).
const LAYERS: &[(&str, &[&str], &str)] = &[
    (
        "platform",
        FEATURES,
        "platform is plumbing below every feature (it takes a locale, not a principal)",
    ),
    ("error", FEATURES, "the error type is below every feature"),
    (
        "config",
        FEATURES,
        "settings are read before any feature exists",
    ),
    ("db", FEATURES, "the database layer is below every feature"),
    (
        "instruments",
        &["reflection", "campaigns", "mentoring", "groups", "hubview"],
        "instruments are data below the features that use them",
    ),
];

#[test]
fn no_import_cycle_between_modules() {
    let g = graph(&src());
    assert!(g.len() > 50, "the scan found too few modules: {}", g.len());
    let found = cycles(&g);
    let report: String = found
        .iter()
        .map(|c| format!("  cycle {}:\n{}", c.join(" · "), describe(&g, c)))
        .collect();
    assert!(found.is_empty(), "import cycles between modules:\n{report}");
}

#[test]
fn lower_layers_import_no_feature_above_them() {
    let g = graph(&src());
    let mut wrong = Vec::new();
    for (layer, forbidden, why) in LAYERS {
        for (from, edges) in &g {
            if from != layer && !from.starts_with(&format!("{layer}::")) {
                continue;
            }
            for (to, (file, line)) in edges {
                let top = to.split("::").next().unwrap_or_default();
                if forbidden.contains(&top) {
                    wrong.push(format!("  {from} -> {to} ({file}:{line}): {why}"));
                }
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

/// The scanner itself: a cycle through `super::` and inline paths is found, a module's
/// wiring of its own submodules and test modules are not edges.
#[test]
fn the_scanner_finds_a_cycle_and_ignores_tests_and_wiring() {
    let dir = tempfile::tempdir().unwrap();
    let s = dir.path();
    std::fs::create_dir_all(s.join("f/entity")).unwrap();
    std::fs::write(
        s.join("f/mod.rs"),
        "pub mod a;\npub mod b;\npub fn config() { a::x(); }\n",
    )
    .unwrap();
    std::fs::write(
        s.join("f/a.rs"),
        "use super::{b::{self, y}};\npub fn x() {}\n",
    )
    .unwrap();
    std::fs::write(
        s.join("f/b.rs"),
        "// use crate::f::a;\npub fn y() { let _ = crate::f::entity::t::Entity; }\n\
         pub fn z() { super::a::x() }\n",
    )
    .unwrap();
    std::fs::write(s.join("f/entity/mod.rs"), "pub mod t;\n").unwrap();
    std::fs::write(s.join("f/entity/t.rs"), "pub struct Entity;\n").unwrap();
    std::fs::write(
        s.join("g.rs"),
        "#[cfg(test)]\nmod tests {\n    use crate::f::a;\n}\n",
    )
    .unwrap();
    let g = graph(s);
    assert_eq!(
        cycles(&g),
        vec![vec!["f::a".to_string(), "f::b".to_string()]]
    );
    assert!(g["f::b"].contains_key("f::entity"));
    assert!(!g.contains_key("g"), "a test module is not an edge: {g:?}");
    assert!(
        !g.get("f").is_some_and(|e| e.contains_key("f::a")),
        "wiring is not an edge"
    );
    // Without b → a the cycle is gone.
    std::fs::write(s.join("f/b.rs"), "pub fn y() {}\n").unwrap();
    assert!(cycles(&graph(s)).is_empty());
}

/// Decisions about the caller by role: the principal's role questions and comparisons of
/// a role with a variant. Comparing a stored grant's role string with
/// `Role::Admin.as_str()` is data (which rows), not a decision on the caller.
fn role_checks(line: &str) -> Vec<&'static str> {
    const CALLS: [&str; 7] = [
        ".is_admin()",
        ".coordinates(",
        ".mentors_in(",
        ".staff_of(",
        ".leads_school(",
        ".grants()",
        ".has_scope(",
    ];
    let mut found: Vec<&'static str> = CALLS.into_iter().filter(|c| line.contains(c)).collect();
    let compact: String = line.split_whitespace().collect();
    let mut at = 0;
    while let Some(i) = compact[at..].find("==Role::") {
        let rest = &compact[at + i + 8..];
        let variant: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
        if !rest[variant.len()..].starts_with(".as_str") {
            found.push("== Role::…");
        }
        at += i + 8;
    }
    // A variant named in a pattern (`Role::Mentor | Role::…`, `matches!(…, Role::Mentor)`).
    let variants: Vec<&str> = compact
        .match_indices("Role::")
        .map(|(i, _)| &compact[i + 6..])
        .filter(|rest| {
            rest.starts_with(|c: char| c.is_ascii_uppercase()) && !rest.starts_with("ALL")
        })
        .collect();
    let alternated = variants.iter().any(|rest| {
        let v: String = rest.chars().take_while(|c| c.is_alphanumeric()).collect();
        rest[v.len()..].starts_with("|Role::")
    });
    if alternated || (compact.contains("matches!(") && !variants.is_empty()) {
        found.push("matches!(…, Role::…)");
    }
    found
}

/// Where role checks may live: the policy, and the principal that answers its questions.
/// The demo-data generators decide what to create, not who may do what.
const ROLE_CHECKS_ALLOWED: [&str; 5] = [
    "auth/policy.rs",
    "auth/model.rs",
    "seed.rs",
    "seed_scale.rs",
    "mentoring/seed.rs",
];

#[test]
fn role_checks_live_only_in_auth_policy() {
    let src = src();
    let mut wrong = Vec::new();
    for (_, (file, text)) in modules(&src) {
        let rel = file.strip_prefix(&src).unwrap().display().to_string();
        if ROLE_CHECKS_ALLOWED.contains(&rel.as_str()) {
            continue;
        }
        for (n, line) in code_of(&text).iter().enumerate() {
            for what in role_checks(line) {
                wrong.push(format!("  {rel}:{}: {what}   {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "role checks outside auth/policy (add a named rule to the policy and call it):\n{}",
        wrong.join("\n")
    );
}

/// What reads or writes the database: an entity's finders and writers, raw statements,
/// transactions. Handlers extract, call a service, map; the service holds the rules and
/// the transaction and the queries.
fn database_access(line: &str) -> Option<&'static str> {
    const SHAPES: [&str; 7] = [
        "Entity::",
        "ActiveModel {",
        "query_all(",
        "query_one(",
        "Statement::",
        "execute_unprepared(",
        ".begin()",
    ];
    SHAPES.into_iter().find(|s| line.contains(s))
}

#[test]
fn handlers_never_touch_the_database() {
    let src = src();
    let mut wrong = Vec::new();
    for (module, (file, text)) in modules(&src) {
        let feature = module.split("::").next().unwrap_or_default();
        if !module.ends_with("::http") || !FEATURES.contains(&feature) {
            continue;
        }
        let rel = file.strip_prefix(&src).unwrap().display().to_string();
        for (n, line) in code_of(&text).iter().enumerate() {
            if let Some(what) = database_access(line) {
                wrong.push(format!("  {rel}:{}: {what}   {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "database access in handlers (move it into the feature's service):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_database_access_scanner_sees_the_usual_shapes() {
    assert_eq!(
        database_access("let p = person::Entity::find_by_id(id).one(db).await?;"),
        Some("Entity::")
    );
    assert_eq!(
        database_access("let dto = service::update(&state.db, &p, *id, body).await?;"),
        None
    );
    assert_eq!(
        database_access("db.query_all(Statement::from_sql_and_values(b, sql, v))"),
        Some("query_all(")
    );
    assert_eq!(
        database_access("let txn = state.db.begin().await?;"),
        Some(".begin()")
    );
    assert_eq!(
        database_access("let h = service::find_visible_hub(&state.db, &p, id).await?;"),
        None
    );
}

/// Entity columns that hold a domain value (their names say so) and are still strings,
/// each with why. Every other such column is a `string_enum!` type, so a stored value is
/// one of the enum's and the code matches on variants, not on spelled-out strings.
const STRING_DOMAIN_COLUMNS: [(&str, &str, &str); 3] = [
    (
        "audit/entity/audit_entry.rs",
        "target_kind",
        "an open set: every feature adds targets",
    ),
    (
        "mentoring/entity/activity.rs",
        "kind",
        "the hub's own vocabulary, not a fixed list",
    ),
    (
        "instruments/entity/instrument.rs",
        "kind",
        "an open set: admins may define kinds of instrument beyond the two shipped ones",
    ),
];

#[test]
fn domain_columns_are_enums() {
    const NAMES: [&str; 14] = [
        "status",
        "kind",
        "role",
        "mode",
        "state",
        "phase",
        "audience",
        "topic",
        "priority",
        "actor_kind",
        "target_kind",
        "respondent_group",
        "list",
        "approval",
    ];
    let src = src();
    let mut found = Vec::new();
    for (_, (file, text)) in modules(&src) {
        let rel = file.strip_prefix(&src).unwrap().display().to_string();
        if !rel.contains("/entity/") {
            continue;
        }
        for line in code_of(&text) {
            let t = line.trim();
            for n in NAMES {
                if t == format!("pub {n}: String,") || t == format!("pub {n}: Option<String>,") {
                    found.push((rel.clone(), n));
                }
            }
        }
    }
    let known: Vec<(String, &str)> = STRING_DOMAIN_COLUMNS
        .iter()
        .map(|(f, c, _)| (f.to_string(), *c))
        .collect();
    let new: Vec<String> = found
        .iter()
        .filter(|x| !known.contains(x))
        .map(|(f, c)| format!("  {f}: {c}"))
        .collect();
    assert!(
        new.is_empty(),
        "domain columns stored as plain strings (make the column a string_enum! type):\n{}",
        new.join("\n")
    );
    let gone: Vec<String> = known
        .iter()
        .filter(|x| !found.contains(x))
        .map(|(f, c)| format!("  {f}: {c}"))
        .collect();
    assert!(
        gone.is_empty(),
        "these are enums now: take them off STRING_DOMAIN_COLUMNS:\n{}",
        gone.join("\n")
    );
}

#[test]
fn the_role_check_scanner_sees_the_usual_shapes() {
    assert_eq!(role_checks("    if !p.is_admin() {"), vec![".is_admin()"]);
    assert_eq!(
        role_checks("g.role == Role::Mentor && x"),
        vec!["== Role::…"]
    );
    assert_eq!(
        role_checks("matches!(g.role, Role::Mentor | Role::HubCoordinator)"),
        vec!["matches!(…, Role::…)"]
    );
    assert_eq!(
        role_checks(".any(|g| g.role ==\n Role::HubCoordinator)"),
        vec!["== Role::…"]
    );
    assert!(role_checks("if g.role == Role::Admin.as_str() {").is_empty());
    assert!(role_checks("let r = Role::parse(&g.role);").is_empty());
    assert!(role_checks("policy::sees_mentor_hours(p, hub)").is_empty());
    assert!(role_checks(".filter(|g| Role::parse(&g.role).is_some_and(|r| ok(r)))").is_empty());
    assert_eq!(
        role_checks("Some(Role::Teacher | Role::SchoolLeader) =>"),
        vec!["matches!(…, Role::…)"]
    );
}

#[test]
fn use_trees_expand() {
    assert_eq!(
        expand_use("crate::a::{b, c::{d as e, f}, g::*}"),
        vec![
            "crate::a::b",
            "crate::a::c::d",
            "crate::a::c::f",
            "crate::a::g"
        ]
    );
    assert_eq!(absolute("x::y", "super::z::w").as_deref(), Some("x::z::w"));
    assert_eq!(
        absolute("x::y::q", "super::super::z").as_deref(),
        Some("x::z")
    );
}

/// What builds or runs a query: an entity's finders and writers, columns in conditions,
/// active models, sea-query statements, raw SQL. Services call their feature's repository
/// for these (and hold the transaction and the rules); locking the row a use case is about
/// (`crate::db::lock`) is part of holding the transaction and stays in the service.
fn query_building(line: &str) -> Option<&'static str> {
    const SHAPES: [&str; 13] = [
        "Entity::",
        "::Column::",
        "ActiveModel {",
        "::ActiveModel",
        ".into_active_model()",
        "query_all(",
        "query_one(",
        "Statement::",
        "execute_unprepared(",
        "Query::select(",
        "Query::insert(",
        "Query::update(",
        "Query::delete(",
    ];
    SHAPES.into_iter().find(|s| line.contains(s))
}

#[test]
fn queries_live_in_repositories() {
    // Every module of a feature keeps its queries in a repository module (`repo` or
    // `query`), its entities, or its demo-data generator (`seed`): services hold the rules
    // and the transaction, handlers extract, call and map.
    let src = src();
    let mut wrong = Vec::new();
    for (module, (file, text)) in modules(&src) {
        let feature = module.split("::").next().unwrap_or_default();
        let last = module.rsplit("::").next().unwrap_or_default();
        if !FEATURES.contains(&feature)
            || module.contains("::entity")
            || matches!(last, "repo" | "query" | "seed")
        {
            continue;
        }
        let rel = file.strip_prefix(&src).unwrap().display().to_string();
        for (n, line) in code_of(&text).iter().enumerate() {
            if let Some(what) = query_building(line) {
                wrong.push(format!("  {rel}:{}: {what}   {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "queries outside a repository module (move them into the feature's repo.rs):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_query_scanner_sees_the_usual_shapes() {
    assert_eq!(
        query_building(".filter(finding::Column::Cycle.eq(cycle))"),
        Some("::Column::")
    );
    assert_eq!(
        query_building("let mut a: enrolment::ActiveModel = e.into();"),
        Some("::ActiveModel")
    );
    assert_eq!(
        query_building("let q = Query::select()"),
        Some("Query::select(")
    );
    assert_eq!(
        query_building("let rows = repo::findings_of(&txn, e.id, e.cycle).await?;"),
        None
    );
    assert_eq!(
        query_building("crate::db::lock::<hub::Entity>(&txn, hub_id).await?;"),
        None
    );
}
