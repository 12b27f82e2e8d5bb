//! The instruments shipped with this release: `backend/instruments/<key>/<version>/`
//! holds `definition.json` and `texts/<language>.json`, embedded at build time.

use super::model::{self, Definition, Texts};
use std::collections::BTreeMap;

mod files {
    include!(concat!(env!("OUT_DIR"), "/shipped_instruments.rs"));
}

/// One shipped version with all its texts, checked.
#[derive(Debug, Clone)]
pub struct Shipped {
    pub definition: Definition,
    pub texts: Vec<Texts>,
}

/// Parse and validate every shipped version; a problem names the file and the path in it.
pub fn all() -> Result<Vec<Shipped>, String> {
    parse(files::FILES)
}

pub fn parse(files: &[(&str, &str)]) -> Result<Vec<Shipped>, String> {
    let mut by_dir: BTreeMap<String, (Option<Definition>, Vec<Texts>)> = BTreeMap::new();
    let mut problems = Vec::new();
    for (path, contents) in files {
        let parts: Vec<&str> = path.split('/').collect();
        match parts.as_slice() {
            [key, version, "definition.json"] => {
                match serde_json::from_str::<Definition>(contents) {
                    Ok(d) => {
                        if d.key != *key || d.version != *version {
                            problems.push(format!(
                                "{path}: key/version {}/{} do not match the folder",
                                d.key, d.version
                            ));
                        }
                        by_dir.entry(format!("{key}/{version}")).or_default().0 = Some(d);
                    }
                    Err(e) => problems.push(format!("{path}: {e}")),
                }
            }
            [key, version, "texts", file] => {
                let lang = file.trim_end_matches(".json");
                match serde_json::from_str::<Texts>(contents) {
                    Ok(t) if t.language == lang => by_dir
                        .entry(format!("{key}/{version}"))
                        .or_default()
                        .1
                        .push(t),
                    Ok(t) => problems.push(format!(
                        "{path}: says language {:?}, the file name says {lang:?}",
                        t.language
                    )),
                    Err(e) => problems.push(format!("{path}: {e}")),
                }
            }
            _ => problems.push(format!("{path}: not where instrument files go")),
        }
    }
    let mut out = Vec::new();
    for (dir, (def, texts)) in by_dir {
        let Some(def) = def else {
            problems.push(format!("{dir}: no definition.json"));
            continue;
        };
        if let Err(ps) = model::validate(&def, &texts) {
            for p in ps {
                problems.push(format!("{dir}: {}: {}", p.path, p.message));
            }
            continue;
        }
        out.push(Shipped {
            definition: def,
            texts,
        });
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(format!(
            "the shipped instruments have problems:\n  {}",
            problems.join("\n  ")
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_shipped_instrument_is_valid() {
        let all = super::all().unwrap_or_else(|e| panic!("{e}"));
        assert!(all.iter().any(|s| s.definition.key == "digcompedu-teacher"));
    }

    #[test]
    fn every_shipped_translation_covers_all_english_texts() {
        for s in super::all().unwrap_or_else(|e| panic!("{e}")) {
            let en = s.texts.iter().find(|t| t.language == "en").unwrap();
            let langs: Vec<&str> = s.texts.iter().map(|t| t.language.as_str()).collect();
            for l in ["en", "et", "fi", "sv", "lt", "ka", "nb"] {
                assert!(langs.contains(&l), "{} lacks {l}", s.definition.key);
            }
            for t in &s.texts {
                let c = crate::instruments::model::coverage(&s.definition, en, t);
                assert!(
                    c.missing.is_empty(),
                    "{} {}: {} missing, e.g. {:?}",
                    s.definition.key,
                    t.language,
                    c.missing.len(),
                    c.missing.first()
                );
            }
        }
    }

    #[test]
    fn a_broken_file_is_named() {
        let err = super::parse(&[
            ("x/1/definition.json", "{\"key\":\"x\"}"),
            ("x/1/texts/et.json", "{}"),
        ])
        .unwrap_err();
        assert!(err.contains("x/1/definition.json"), "{err}");
        assert!(err.contains("x/1/texts/et.json"), "{err}");
    }
}
