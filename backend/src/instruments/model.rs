//! Instrument definitions: what a version is made of, how it is checked, how answers score.
//!
//! A *definition* is one version of an instrument: scales, areas and items with stable
//! keys, respondent groups and scoring. Its *texts* (one set per language) are separate:
//! adding or correcting a translation never makes a new version. Pure code, no IO.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The kind of instrument; admins may define others.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    TeacherCompetence,
    SchoolReadiness,
    Other(String),
}

/// How an item is answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ScaleKind {
    /// Ordered options, each with a score (e.g. A1–C2 scored 0–5, or Digital Mirror A–E).
    Ordinal { options: Vec<OptionDef> },
    /// Free text; never scored.
    Text { max_length: usize },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OptionDef {
    /// Stable value sent by clients, e.g. `b1`, `agree`, `n_a`.
    pub value: String,
    /// The option's score; `None` for answers that do not count ("not applicable",
    /// "prefer not to say"), which are kept but left out of results.
    pub score: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    pub key: String,
    #[serde(flatten)]
    pub kind: ScaleKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// Stable across versions: the same key means the same question.
    pub key: String,
    pub area: String,
    pub scale: String,
    /// Respondent groups that see the item (e.g. `teacher`; `leader`, `teacher`, `student`).
    pub groups: Vec<String>,
    /// Core items are always asked; optional ones only when a campaign picks them.
    #[serde(default = "yes")]
    pub core: bool,
    #[serde(default = "yes")]
    pub required: bool,
}

fn yes() -> bool {
    true
}

/// One version of an instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Definition {
    pub key: String,
    pub version: String,
    pub kind: Kind,
    pub groups: Vec<String>,
    pub scales: Vec<Scale>,
    pub areas: Vec<Area>,
    pub items: Vec<Item>,
}

/// The texts of one language: titles, statements, help, option labels, and for ordinal
/// items optional per-option "what this means" and "next step".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Texts {
    pub language: String,
    /// `draft` or `reviewed`.
    pub status: String,
    pub title: String,
    #[serde(default)]
    pub areas: BTreeMap<String, String>,
    #[serde(default)]
    pub items: BTreeMap<String, ItemTexts>,
    /// scale key → option value → label
    #[serde(default)]
    pub options: BTreeMap<String, BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ItemTexts {
    pub statement: String,
    #[serde(default)]
    pub help: Option<String>,
    /// option value → what answering this means
    #[serde(default)]
    pub meaning: BTreeMap<String, String>,
    /// option value → a concrete next step from there
    #[serde(default)]
    pub next_step: BTreeMap<String, String>,
}

/// One thing wrong with a definition, located by a path such as `items[3].scale`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DefinitionProblem {
    pub path: String,
    pub message: String,
}

fn key_ok(k: &str) -> bool {
    !k.is_empty()
        && k.len() <= 64
        && k.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-' || c == '.'
        })
}

/// Check a definition and its texts; every problem is reported, not just the first.
pub fn validate(def: &Definition, texts: &[Texts]) -> Result<(), Vec<DefinitionProblem>> {
    let mut out = Vec::new();
    let mut bad = |path: String, message: String| out.push(DefinitionProblem { path, message });
    if !key_ok(&def.key) {
        bad(
            "key".into(),
            "use lower-case letters, digits, `_`, `-` or `.`".into(),
        );
    }
    if def.version.trim().is_empty() {
        bad("version".into(), "name the version".into());
    }
    if def.groups.is_empty() {
        bad("groups".into(), "name at least one respondent group".into());
    }
    let mut scales: BTreeMap<&str, &Scale> = BTreeMap::new();
    for (i, s) in def.scales.iter().enumerate() {
        if !key_ok(&s.key) {
            bad(format!("scales[{i}].key"), "not a valid key".into());
        }
        if scales.insert(&s.key, s).is_some() {
            bad(
                format!("scales[{i}].key"),
                format!("duplicate scale key {:?}", s.key),
            );
        }
        match &s.kind {
            ScaleKind::Ordinal { options } => {
                if options.iter().filter(|o| o.score.is_some()).count() < 2 {
                    bad(
                        format!("scales[{i}].options"),
                        "an ordinal scale needs at least two scored options".into(),
                    );
                }
                let mut seen = BTreeSet::new();
                let mut last: Option<f64> = None;
                for (j, o) in options.iter().enumerate() {
                    if !key_ok(&o.value) || !seen.insert(o.value.as_str()) {
                        bad(
                            format!("scales[{i}].options[{j}].value"),
                            format!("missing, invalid or duplicate value {:?}", o.value),
                        );
                    }
                    if let Some(score) = o.score {
                        if !score.is_finite() {
                            bad(
                                format!("scales[{i}].options[{j}].score"),
                                "must be a finite number".into(),
                            );
                        } else if last.is_some_and(|l| score <= l) {
                            bad(
                                format!("scales[{i}].options[{j}].score"),
                                "scored options must climb in order".into(),
                            );
                        }
                        last = Some(score);
                    }
                }
            }
            ScaleKind::Text { max_length } => {
                if *max_length == 0 || *max_length > 10_000 {
                    bad(
                        format!("scales[{i}].max_length"),
                        "must be from 1 to 10000".into(),
                    );
                }
            }
        }
    }
    let mut areas = BTreeSet::new();
    for (i, a) in def.areas.iter().enumerate() {
        if !key_ok(&a.key) || !areas.insert(a.key.as_str()) {
            bad(
                format!("areas[{i}].key"),
                format!("missing, invalid or duplicate area key {:?}", a.key),
            );
        }
    }
    let groups: BTreeSet<&str> = def.groups.iter().map(String::as_str).collect();
    let mut items = BTreeSet::new();
    let mut scored_in_area: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, it) in def.items.iter().enumerate() {
        if !key_ok(&it.key) || !items.insert(it.key.as_str()) {
            bad(
                format!("items[{i}].key"),
                format!("missing, invalid or duplicate item key {:?}", it.key),
            );
        }
        if !areas.contains(it.area.as_str()) {
            bad(format!("items[{i}].area"), format!("no area {:?}", it.area));
        }
        match scales.get(it.scale.as_str()) {
            None => bad(
                format!("items[{i}].scale"),
                format!("no scale {:?}", it.scale),
            ),
            Some(s) if matches!(s.kind, ScaleKind::Ordinal { .. }) => {
                *scored_in_area.entry(it.area.as_str()).or_default() += 1;
            }
            Some(_) => {}
        }
        if it.groups.is_empty() {
            bad(
                format!("items[{i}].groups"),
                "name the groups that answer it".into(),
            );
        }
        for g in &it.groups {
            if !groups.contains(g.as_str()) {
                bad(
                    format!("items[{i}].groups"),
                    format!("no respondent group {g:?}"),
                );
            }
        }
    }
    for a in &def.areas {
        if !scored_in_area.contains_key(a.key.as_str()) {
            bad(
                format!("areas.{}", a.key),
                "the area has no scored item, so it cannot be scored".into(),
            );
        }
    }
    if !texts.iter().any(|t| t.language == "en") {
        bad("texts".into(), "English texts are required".into());
    }
    let mut langs = BTreeSet::new();
    for t in texts {
        let p = format!("texts.{}", t.language);
        if !langs.insert(t.language.as_str()) {
            bad(p.clone(), "the language appears twice".into());
        }
        if t.status != "draft" && t.status != "reviewed" {
            bad(format!("{p}.status"), "must be draft or reviewed".into());
        }
        if t.title.trim().is_empty() {
            bad(format!("{p}.title"), "missing".into());
        }
        for a in &def.areas {
            if t.areas.get(&a.key).is_none_or(|s| s.trim().is_empty()) {
                bad(format!("{p}.areas.{}", a.key), "missing".into());
            }
        }
        for it in &def.items {
            match t.items.get(&it.key) {
                Some(x) if !x.statement.trim().is_empty() => {}
                _ => bad(format!("{p}.items.{}.statement", it.key), "missing".into()),
            }
        }
        for s in &def.scales {
            if let ScaleKind::Ordinal { options } = &s.kind {
                for o in options {
                    let label = t.options.get(&s.key).and_then(|m| m.get(&o.value));
                    if label.is_none_or(|l| l.trim().is_empty()) {
                        bad(
                            format!("{p}.options.{}.{}", s.key, o.value),
                            "missing".into(),
                        );
                    }
                }
            }
        }
        for k in t.items.keys() {
            if !items.contains(k.as_str()) {
                bad(
                    format!("{p}.items.{k}"),
                    "text for an item the version does not have".into(),
                );
            }
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// Results of one set of answers: per item, per area and overall, on the scale's scores.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Results {
    pub items: BTreeMap<String, f64>,
    /// Mean of the area's scored answers; absent when none was scored.
    pub areas: BTreeMap<String, f64>,
    /// Mean of the area results (every area weighs the same, however many items it has).
    pub overall: Option<f64>,
}

/// Score answers (item key → option value). Unscored options ("not applicable") and text
/// answers are left out; unknown items or values are ignored here (the API refuses them).
pub fn score(def: &Definition, answers: &BTreeMap<String, String>) -> Results {
    let scales: BTreeMap<&str, &Scale> = def.scales.iter().map(|s| (s.key.as_str(), s)).collect();
    let mut items = BTreeMap::new();
    let mut sums: BTreeMap<&str, (f64, usize)> = BTreeMap::new();
    for it in &def.items {
        let Some(value) = answers.get(&it.key) else {
            continue;
        };
        let Some(Scale {
            kind: ScaleKind::Ordinal { options },
            ..
        }) = scales.get(it.scale.as_str()).copied()
        else {
            continue;
        };
        if let Some(s) = options
            .iter()
            .find(|o| &o.value == value)
            .and_then(|o| o.score)
        {
            items.insert(it.key.clone(), s);
            let e = sums.entry(it.area.as_str()).or_default();
            e.0 += s;
            e.1 += 1;
        }
    }
    let areas: BTreeMap<String, f64> = sums
        .into_iter()
        .map(|(k, (sum, n))| (k.to_string(), sum / n as f64))
        .collect();
    let overall = if areas.is_empty() {
        None
    } else {
        Some(areas.values().sum::<f64>() / areas.len() as f64)
    };
    Results {
        items,
        areas,
        overall,
    }
}

/// The option of an ordinal scale nearest to a result (ties go to the lower option), e.g.
/// to name the level (B1) that an area's mean of 2.4 stands for.
pub fn nearest_option(scale: &Scale, result: f64) -> Option<&OptionDef> {
    let ScaleKind::Ordinal { options } = &scale.kind else {
        return None;
    };
    options
        .iter()
        .filter_map(|o| o.score.map(|s| (o, (s - result).abs())))
        .fold(None, |best: Option<(&OptionDef, f64)>, (o, d)| match best {
            Some((_, bd)) if bd <= d => best,
            _ => Some((o, d)),
        })
        .map(|(o, _)| o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels() -> Scale {
        let opts = ["a1", "a2", "b1", "b2", "c1", "c2"]
            .iter()
            .enumerate()
            .map(|(i, v)| OptionDef {
                value: v.to_string(),
                score: Some(i as f64),
            })
            .collect();
        Scale {
            key: "level".into(),
            kind: ScaleKind::Ordinal { options: opts },
        }
    }

    fn agreement() -> Scale {
        let mut opts: Vec<OptionDef> = (1..=5)
            .map(|i| OptionDef {
                value: format!("a{i}"),
                score: Some(i as f64),
            })
            .collect();
        opts.push(OptionDef {
            value: "n_a".into(),
            score: None,
        });
        opts.push(OptionDef {
            value: "no_answer".into(),
            score: None,
        });
        Scale {
            key: "agree".into(),
            kind: ScaleKind::Ordinal { options: opts },
        }
    }

    fn item(key: &str, area: &str, scale: &str) -> Item {
        Item {
            key: key.into(),
            area: area.into(),
            scale: scale.into(),
            groups: vec!["teacher".into()],
            core: true,
            required: true,
        }
    }

    fn def() -> Definition {
        Definition {
            key: "competence".into(),
            version: "1".into(),
            kind: Kind::TeacherCompetence,
            groups: vec!["teacher".into()],
            scales: vec![
                levels(),
                agreement(),
                Scale {
                    key: "note".into(),
                    kind: ScaleKind::Text { max_length: 500 },
                },
            ],
            areas: vec![
                Area {
                    key: "engagement".into(),
                },
                Area {
                    key: "resources".into(),
                },
            ],
            items: vec![
                item("e1", "engagement", "level"),
                item("e2", "engagement", "level"),
                item("r1", "resources", "agree"),
                item("r_note", "resources", "note"),
            ],
        }
    }

    fn texts(lang: &str) -> Texts {
        let d = def();
        let mut t = Texts {
            language: lang.into(),
            status: "reviewed".into(),
            title: "Competence".into(),
            ..Default::default()
        };
        for a in &d.areas {
            t.areas.insert(a.key.clone(), format!("Area {}", a.key));
        }
        for i in &d.items {
            t.items.insert(
                i.key.clone(),
                ItemTexts {
                    statement: format!("Statement {}", i.key),
                    ..Default::default()
                },
            );
        }
        for s in &d.scales {
            if let ScaleKind::Ordinal { options } = &s.kind {
                t.options.insert(
                    s.key.clone(),
                    options
                        .iter()
                        .map(|o| (o.value.clone(), o.value.to_uppercase()))
                        .collect(),
                );
            }
        }
        t
    }

    #[test]
    fn a_complete_definition_is_valid() {
        assert_eq!(validate(&def(), &[texts("en"), texts("et")]), Ok(()));
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        type Break = fn(&mut Definition, &mut Vec<Texts>);
        let cases: Vec<(&str, Break, &str)> = vec![
            (
                "duplicate item",
                |d, _| d.items.push(item("e1", "engagement", "level")),
                "items[4].key",
            ),
            (
                "unknown area",
                |d, _| d.items[0].area = "nowhere".into(),
                "items[0].area",
            ),
            (
                "unknown scale",
                |d, _| d.items[0].scale = "stars".into(),
                "items[0].scale",
            ),
            (
                "unknown group",
                |d, _| d.items[0].groups = vec!["parents".into()],
                "items[0].groups",
            ),
            (
                "scores must climb",
                |d, _| {
                    if let ScaleKind::Ordinal { options } = &mut d.scales[0].kind {
                        options[2].score = Some(0.5);
                    }
                },
                "scales[0].options[2].score",
            ),
            (
                "area without scored items",
                |d, _| {
                    d.areas.push(Area {
                        key: "empty".into(),
                    })
                },
                "areas.empty",
            ),
            (
                "no English",
                |_, t| t.retain(|x| x.language != "en"),
                "texts",
            ),
            (
                "missing statement",
                |_, t| {
                    t[0].items.remove("e2");
                },
                "texts.en.items.e2.statement",
            ),
            (
                "missing option label",
                |_, t| {
                    t[1].options.get_mut("agree").map(|m| m.remove("n_a"));
                },
                "texts.et.options.agree.n_a",
            ),
            (
                "bad status",
                |_, t| t[1].status = "final".into(),
                "texts.et.status",
            ),
            ("bad key", |d, _| d.key = "Teacher Competence".into(), "key"),
        ];
        for (name, brk, path) in cases {
            let mut d = def();
            let mut t = vec![texts("en"), texts("et")];
            brk(&mut d, &mut t);
            let problems = validate(&d, &t).expect_err(name);
            assert!(
                problems.iter().any(|p| p.path == path),
                "{name}: {problems:?}"
            );
        }
        // Several problems at once are all listed.
        let mut d = def();
        d.items[0].area = "x".into();
        d.items[1].scale = "y".into();
        assert!(validate(&d, &[texts("en")]).unwrap_err().len() >= 2);
    }

    /// (answers, expected area results, expected overall)
    type ScoreCase = (
        BTreeMap<String, String>,
        Vec<(&'static str, f64)>,
        Option<f64>,
    );

    #[test]
    fn scoring_per_item_area_and_overall() {
        let d = def();
        let answers = |pairs: &[(&str, &str)]| {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let cases: Vec<ScoreCase> = vec![
            (answers(&[]), vec![], None),
            // b1 = 2 and c1 = 4 → engagement 3; agree a4 = 4 → resources 4; overall 3.5
            (
                answers(&[("e1", "b1"), ("e2", "c1"), ("r1", "a4")]),
                vec![("engagement", 3.0), ("resources", 4.0)],
                Some(3.5),
            ),
            // "not applicable" is kept out: resources has no result, overall is engagement's
            (
                answers(&[("e1", "a2"), ("r1", "n_a")]),
                vec![("engagement", 1.0)],
                Some(1.0),
            ),
            // text answers and unknown values never score
            (
                answers(&[("r_note", "we share"), ("e1", "zz")]),
                vec![],
                None,
            ),
        ];
        for (a, areas, overall) in cases {
            let r = score(&d, &a);
            let got: Vec<(&str, f64)> = r.areas.iter().map(|(k, v)| (k.as_str(), *v)).collect();
            assert_eq!(got, areas, "{a:?}");
            assert_eq!(r.overall, overall, "{a:?}");
        }
    }

    #[test]
    fn results_name_the_nearest_level_ties_going_down() {
        let s = levels();
        let cases = [
            (0.0, "a1"),
            (2.4, "b1"),
            (2.5, "b1"),
            (2.51, "b2"),
            (5.0, "c2"),
            (9.0, "c2"),
        ];
        for (result, level) in cases {
            assert_eq!(
                nearest_option(&s, result).map(|o| o.value.as_str()),
                Some(level),
                "{result}"
            );
        }
    }

    #[test]
    fn definitions_parse_from_json() {
        let json = r#"{"key":"readiness","version":"2026.1","kind":"school_readiness","groups":["leader","teacher","student"],
            "scales":[{"key":"agree","type":"ordinal","options":[{"value":"a1","score":1},{"value":"a2","score":2},{"value":"n_a","score":null}]}],
            "areas":[{"key":"leadership"}],
            "items":[{"key":"l1","area":"leadership","scale":"agree","groups":["leader","teacher"],"core":false}]}"#;
        let d: Definition = serde_json::from_str(json).unwrap();
        assert_eq!(d.kind, Kind::SchoolReadiness);
        assert!(!d.items[0].core && d.items[0].required);
        assert!(
            serde_json::from_str::<Definition>(
                &json.replace("\"key\":\"readiness\"", "\"key\":\"r\",\"extra\":1")
            )
            .is_err()
        );
    }
}
