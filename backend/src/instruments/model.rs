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

impl Kind {
    pub fn as_str(&self) -> &str {
        match self {
            Kind::TeacherCompetence => "teacher_competence",
            Kind::SchoolReadiness => "school_readiness",
            Kind::Other(k) => k,
        }
    }
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

fn draft() -> String {
    "draft".into()
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
    /// Taken from the path when a translation is put through the API.
    #[serde(default)]
    pub language: String,
    /// `draft` or `reviewed`.
    #[serde(default = "draft")]
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
    /// option value → this item's own wording of the option (e.g. a level described
    /// for one competence); without it the scale's label is shown
    #[serde(default)]
    pub options: BTreeMap<String, String>,
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
    let Some(en) = texts.iter().find(|t| t.language == "en") else {
        bad("texts".into(), "English texts are required".into());
        return Err(out);
    };
    let scale_options = |item: &Item| -> Vec<&str> {
        match scales.get(item.scale.as_str()).map(|s| &s.kind) {
            Some(ScaleKind::Ordinal { options }) => {
                options.iter().map(|o| o.value.as_str()).collect()
            }
            _ => Vec::new(),
        }
    };
    // English is the base: everything a respondent sees must be there.
    let mut base: BTreeSet<Unit> = BTreeSet::new();
    base.insert(Unit::Title);
    for a in &def.areas {
        base.insert(Unit::Area(a.key.clone()));
    }
    for it in &def.items {
        base.insert(Unit::Statement(it.key.clone()));
        for v in scale_options(it) {
            base.insert(label_unit(en, it, v));
        }
    }
    for u in &base {
        if u.get(en).is_none() {
            bad(format!("texts.en.{}", u.path()), "missing".into());
        }
    }
    let expected = expected_units(def, en);
    let mut langs = BTreeSet::new();
    for t in texts {
        let p = format!("texts.{}", t.language);
        if !crate::platform::validate::language(&t.language) {
            bad(
                format!("{p}.language"),
                "use a language code such as `et` or `pt-BR`".into(),
            );
        }
        if !langs.insert(t.language.as_str()) {
            bad(p.clone(), "the language appears twice".into());
        }
        if t.status != "draft" && t.status != "reviewed" {
            bad(format!("{p}.status"), "must be draft or reviewed".into());
        }
        if t.status == "reviewed" && t.language != "en" {
            for u in expected.iter().filter(|u| u.get(t).is_none()) {
                bad(
                    format!("{p}.{}", u.path()),
                    "missing (a reviewed translation is complete; mark it draft while it is not)"
                        .into(),
                );
            }
        }
        // Texts for things the version does not have are mistakes, in any language.
        for a in t.areas.keys() {
            if !areas.contains(a.as_str()) {
                bad(format!("{p}.areas.{a}"), "no such area".into());
            }
        }
        for (s, labels) in &t.options {
            match scales.get(s.as_str()).map(|x| &x.kind) {
                Some(ScaleKind::Ordinal { options }) => {
                    for v in labels.keys() {
                        if !options.iter().any(|o| &o.value == v) {
                            bad(format!("{p}.options.{s}.{v}"), "no such option".into());
                        }
                    }
                }
                _ => bad(format!("{p}.options.{s}"), "no such ordinal scale".into()),
            }
        }
        for (k, x) in &t.items {
            let Some(it) = def.items.iter().find(|i| &i.key == k) else {
                bad(
                    format!("{p}.items.{k}"),
                    "text for an item the version does not have".into(),
                );
                continue;
            };
            let values = scale_options(it);
            for (what, map) in [
                ("options", &x.options),
                ("meaning", &x.meaning),
                ("next_step", &x.next_step),
            ] {
                for v in map.keys() {
                    if !values.contains(&v.as_str()) {
                        bad(
                            format!("{p}.items.{k}.{what}.{v}"),
                            "no such option on the item's scale".into(),
                        );
                    }
                }
            }
        }
    }
    if out.is_empty() { Ok(()) } else { Err(out) }
}

/// One translatable text of a version, e.g. an item's statement or one option's label.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unit {
    Title,
    Area(String),
    Statement(String),
    Help(String),
    /// A label of an option for one item (overrides the scale's label).
    ItemOption(String, String),
    /// A label of an option shared by every item on the scale.
    ScaleOption(String, String),
    Meaning(String, String),
    NextStep(String, String),
}

fn nonempty(s: Option<&String>) -> Option<&str> {
    s.map(String::as_str).filter(|x| !x.trim().is_empty())
}

impl Unit {
    pub fn path(&self) -> String {
        match self {
            Unit::Title => "title".into(),
            Unit::Area(a) => format!("areas.{a}"),
            Unit::Statement(k) => format!("items.{k}.statement"),
            Unit::Help(k) => format!("items.{k}.help"),
            Unit::ItemOption(k, v) => format!("items.{k}.options.{v}"),
            Unit::ScaleOption(s, v) => format!("options.{s}.{v}"),
            Unit::Meaning(k, v) => format!("items.{k}.meaning.{v}"),
            Unit::NextStep(k, v) => format!("items.{k}.next_step.{v}"),
        }
    }

    /// The text in this language, if present and not blank.
    pub fn get<'t>(&self, t: &'t Texts) -> Option<&'t str> {
        match self {
            Unit::Title => nonempty(Some(&t.title)),
            Unit::Area(a) => nonempty(t.areas.get(a)),
            Unit::Statement(k) => nonempty(t.items.get(k).map(|x| &x.statement)),
            Unit::Help(k) => nonempty(t.items.get(k).and_then(|x| x.help.as_ref())),
            Unit::ItemOption(k, v) => nonempty(t.items.get(k).and_then(|x| x.options.get(v))),
            Unit::ScaleOption(s, v) => nonempty(t.options.get(s).and_then(|m| m.get(v))),
            Unit::Meaning(k, v) => nonempty(t.items.get(k).and_then(|x| x.meaning.get(v))),
            Unit::NextStep(k, v) => nonempty(t.items.get(k).and_then(|x| x.next_step.get(v))),
        }
    }
}

/// Where the label of an item's option lives: the item's own label when English gives
/// one, else the scale's shared label.
fn label_unit(en: &Texts, it: &Item, value: &str) -> Unit {
    let own = Unit::ItemOption(it.key.clone(), value.to_string());
    if own.get(en).is_some() {
        own
    } else {
        Unit::ScaleOption(it.scale.clone(), value.to_string())
    }
}

/// Every text a complete translation has: the English texts of the version.
pub fn expected_units(def: &Definition, en: &Texts) -> BTreeSet<Unit> {
    let mut out = BTreeSet::new();
    out.insert(Unit::Title);
    for a in &def.areas {
        out.insert(Unit::Area(a.key.clone()));
    }
    for it in &def.items {
        out.insert(Unit::Statement(it.key.clone()));
        let help = Unit::Help(it.key.clone());
        if help.get(en).is_some() {
            out.insert(help);
        }
        let Some(Scale {
            kind: ScaleKind::Ordinal { options },
            ..
        }) = def.scales.iter().find(|s| s.key == it.scale)
        else {
            continue;
        };
        for o in options {
            out.insert(label_unit(en, it, &o.value));
            for u in [
                Unit::Meaning(it.key.clone(), o.value.clone()),
                Unit::NextStep(it.key.clone(), o.value.clone()),
            ] {
                if u.get(en).is_some() {
                    out.insert(u);
                }
            }
        }
    }
    out
}

/// How much of the English a translation covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Coverage {
    pub translated: usize,
    pub total: usize,
    /// Paths of the missing texts, e.g. `items.1.1.next_step.b2`.
    pub missing: Vec<String>,
}

pub fn coverage(def: &Definition, en: &Texts, t: &Texts) -> Coverage {
    let expected = expected_units(def, en);
    let missing: Vec<String> = expected
        .iter()
        .filter(|u| u.get(t).is_none())
        .map(Unit::path)
        .collect();
    Coverage {
        translated: expected.len() - missing.len(),
        total: expected.len(),
        missing,
    }
}

/// Texts in one language with English wherever the translation has a gap.
pub struct Localised<'a> {
    pub def: &'a Definition,
    pub en: &'a Texts,
    pub t: &'a Texts,
}

impl<'a> Localised<'a> {
    fn pick(&self, u: Unit) -> Option<&'a str> {
        u.get(self.t).or_else(|| u.get(self.en))
    }
    pub fn title(&self) -> &'a str {
        self.pick(Unit::Title).unwrap_or("")
    }
    pub fn area(&self, a: &'a str) -> &'a str {
        self.pick(Unit::Area(a.into())).unwrap_or(a)
    }
    pub fn statement(&self, k: &'a str) -> &'a str {
        self.pick(Unit::Statement(k.into())).unwrap_or(k)
    }
    pub fn help(&self, k: &str) -> Option<&'a str> {
        self.pick(Unit::Help(k.into()))
    }
    pub fn label(&self, it: &Item, v: &str) -> &'a str {
        self.pick(Unit::ItemOption(it.key.clone(), v.into()))
            .or_else(|| self.pick(Unit::ScaleOption(it.scale.clone(), v.into())))
            .unwrap_or("")
    }
    /// The scale's own label of an option (e.g. "B1 Integrator"), without an item's wording.
    pub fn scale_label(&self, scale: &str, v: &str) -> Option<&'a str> {
        self.pick(Unit::ScaleOption(scale.into(), v.into()))
    }
    pub fn meaning(&self, k: &str, v: &str) -> Option<&'a str> {
        self.pick(Unit::Meaning(k.into(), v.into()))
    }
    pub fn next_step(&self, k: &str, v: &str) -> Option<&'a str> {
        self.pick(Unit::NextStep(k.into(), v.into()))
    }
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

/// Items two versions share (same key in the same area): comparisons across versions use
/// only these, so a new or dropped question never looks like growth.
pub fn shared_items(a: &Definition, b: &Definition) -> BTreeSet<String> {
    a.items
        .iter()
        .filter(|x| b.items.iter().any(|y| y.key == x.key && y.area == x.area))
        .map(|x| x.key.clone())
        .collect()
}

/// The change per area from one set of answers to a later one (possibly on another
/// version): over the items both versions share (same key, same area) that are answered
/// with a scored option in both, the sum of the later score minus the earlier in hundredths
/// of a level, and how many items that is. Areas without such an item are absent.
pub fn paired_changes(
    earlier: (&Definition, &BTreeMap<String, String>),
    later: (&Definition, &BTreeMap<String, String>),
) -> BTreeMap<String, (i64, i64)> {
    fn centi(def: &Definition, item: &Item, value: &str) -> Option<i64> {
        let scale = def.scales.iter().find(|s| s.key == item.scale)?;
        let ScaleKind::Ordinal { options } = &scale.kind else {
            return None;
        };
        let score = options.iter().find(|o| o.value == value)?.score?;
        Some((score * 100.0).round() as i64)
    }
    let mut out: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for b in &later.0.items {
        let Some(a) = earlier
            .0
            .items
            .iter()
            .find(|a| a.key == b.key && a.area == b.area)
        else {
            continue;
        };
        let (Some(va), Some(vb)) = (earlier.1.get(&a.key), later.1.get(&b.key)) else {
            continue;
        };
        if let (Some(sa), Some(sb)) = (centi(earlier.0, a, va), centi(later.0, b, vb)) {
            let e = out.entry(b.area.clone()).or_default();
            e.0 += sb - sa;
            e.1 += 1;
        }
    }
    out
}

/// Answers restricted to some items.
pub fn only(
    answers: &BTreeMap<String, String>,
    keep: &BTreeSet<String>,
) -> BTreeMap<String, String> {
    answers
        .iter()
        .filter(|(k, _)| keep.contains(*k))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// The `n` highest (or lowest) scored items. Ties keep the instrument's order, so the
/// answer is stable: among equal scores the item that comes first in the version wins.
pub fn ranked(def: &Definition, results: &Results, n: usize, highest: bool) -> Vec<String> {
    let mut scored: Vec<(usize, &str, f64)> = def
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, it)| results.items.get(&it.key).map(|s| (i, it.key.as_str(), *s)))
        .collect();
    scored.sort_by(|a, b| {
        let by_score = if highest {
            b.2.total_cmp(&a.2)
        } else {
            a.2.total_cmp(&b.2)
        };
        by_score.then(a.0.cmp(&b.0))
    });
    scored
        .into_iter()
        .take(n)
        .map(|(_, k, _)| k.to_string())
        .collect()
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

    #[test]
    fn drafts_may_have_gaps_reviewed_translations_may_not() {
        let d = def();
        let en = texts("en");
        let mut et = texts("et");
        et.status = "draft".into();
        et.items.remove("e2");
        assert_eq!(validate(&d, &[en.clone(), et.clone()]), Ok(()));
        let c = coverage(&d, &en, &et);
        assert_eq!(c.missing, vec!["items.e2.statement".to_string()]);
        assert_eq!(c.translated + 1, c.total);
        et.status = "reviewed".into();
        let problems = validate(&d, &[en.clone(), et.clone()]).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "texts.et.items.e2.statement");
        // A gap shows the English text.
        let l = Localised {
            def: &d,
            en: &en,
            t: &et,
        };
        assert_eq!(l.statement("e2"), "Statement e2");
    }

    #[test]
    fn item_wording_of_options_overrides_the_scale_and_counts_for_coverage() {
        let d = def();
        let mut en = texts("en");
        en.items
            .get_mut("e1")
            .unwrap()
            .options
            .insert("b1".into(), "I use it weekly".into());
        en.items
            .get_mut("e1")
            .unwrap()
            .next_step
            .insert("b1".into(), "Try it with a class".into());
        let et = texts("et");
        let c = coverage(&d, &en, &et);
        assert!(
            c.missing.contains(&"items.e1.options.b1".to_string()),
            "{c:?}"
        );
        assert!(
            c.missing.contains(&"items.e1.next_step.b1".to_string()),
            "{c:?}"
        );
        let l = Localised {
            def: &d,
            en: &en,
            t: &et,
        };
        assert_eq!(l.label(&d.items[0], "b1"), "I use it weekly");
        assert_eq!(l.label(&d.items[1], "b1"), "B1");
        // Texts for options the scale does not have are refused.
        en.items
            .get_mut("e1")
            .unwrap()
            .meaning
            .insert("z9".into(), "?".into());
        let problems = validate(&d, &[en]).unwrap_err();
        assert_eq!(problems[0].path, "texts.en.items.e1.meaning.z9");
    }

    #[test]
    fn comparisons_across_versions_use_shared_items() {
        let a = def();
        let mut b = def();
        b.items.retain(|i| i.key != "e2");
        b.items.push(item("e3", "engagement", "level"));
        let shared = shared_items(&a, &b);
        assert_eq!(
            shared.iter().map(String::as_str).collect::<Vec<_>>(),
            vec!["e1", "r1", "r_note"]
        );
        let answers: BTreeMap<String, String> = [("e1", "a2"), ("e2", "c2")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        assert_eq!(score(&a, &only(&answers, &shared)).areas["engagement"], 1.0);
    }

    #[test]
    fn strongest_and_weakest_break_ties_by_instrument_order() {
        let d = def();
        let answers: BTreeMap<String, String> = [("e1", "b1"), ("e2", "b1"), ("r1", "a5")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let r = score(&d, &answers);
        assert_eq!(ranked(&d, &r, 2, true), vec!["r1", "e1"]);
        assert_eq!(ranked(&d, &r, 2, false), vec!["e1", "e2"]);
        assert_eq!(ranked(&d, &r, 9, false).len(), 3);
    }
}
