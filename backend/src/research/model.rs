//! Research datasets without IO: what a dataset holds, pseudonyms, months, and the
//! generalisation that gives every combination of quasi-identifiers at least k people.
//!
//! ## How a dataset stays anonymous
//!
//! - **No direct identifiers.** No name, e-mail, id of the database or free text: persons,
//!   reflections, responses, campaigns and schools appear as pseudonyms, the first 64 bits
//!   of SHA-256 over a secret drawn for the dataset and the id. The secret is dropped when
//!   the file is written, so the pseudonyms of two datasets cannot be joined, not even by
//!   the platform.
//! - **Dates coarsened to the month** (`2026-05`).
//! - **Quasi-identifiers generalised (k-anonymity by local recoding).** The columns that
//!   say where an answer comes from — school, language of instruction, school kind, hub,
//!   country — are a school's attributes. Per *unit* (a school; for campaigns a school's
//!   respondent group, which is never generalised) the number of distinct people is
//!   counted. Level 0 publishes every attribute; level *L* replaces the first *L* of them
//!   (in the order above) by `*`. Level by level, the units still open are grouped by
//!   what the level publishes; a group that holds at least k people is published at that
//!   level, the others go one level up. Units that even with everything generalised hold
//!   fewer than k people are dropped, and their rows counted in the README. Every
//!   combination of the published quasi-identifiers therefore holds at least k people
//!   (and so at least k rows).

use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use uuid::Uuid;

crate::string_enum! {
    /// What a dataset has a row for.
    DatasetKind {
        /// An answer of a submitted self-reflection.
        ReflectionAnswers = "reflection_answers",
        /// An answer of a submitted readiness-campaign response (campaigns shared with the
        /// hub only).
        CampaignAnswers = "campaign_answers",
        /// A final mentoring activity (no notes, outcomes or other free text).
        Activities = "activities",
    }
}

crate::string_enum! {
    /// Where a dataset's generation stands.
    DatasetStatus {
        Queued = "queued",
        Running = "running",
        Ready = "ready",
        Failed = "failed",
        /// Its file was removed after the retention period.
        Expired = "expired",
    }
}

/// How long a dataset's file is kept.
pub const RETENTION_DAYS: i64 = 7;

/// The quasi-identifiers, in the order they are generalised (the first goes first).
pub const QUASI_IDENTIFIERS: [&str; 5] = ["school", "language", "school_kind", "hub", "country"];

/// What stands for a generalised value.
pub const GENERALISED: &str = "*";

/// A pseudonym: 16 hex digits that depend on the dataset's secret, the kind of thing
/// (`t` teacher, `r` reflection, …) and its id.
pub fn pseudonym(secret: &[u8; 32], kind: &str, id: Uuid) -> String {
    let mut h = Sha256::new();
    h.update(secret);
    h.update(kind.as_bytes());
    h.update(id.as_bytes());
    let d = h.finalize();
    format!("{kind}{}", hex::encode(&d[..8]))
}

/// A date's month: `2026-05-17` → `2026-05`. Anything shorter is returned unchanged.
pub fn month_of(day: &str) -> &str {
    day.get(..7).unwrap_or(day)
}

/// One unit whose quasi-identifiers are generalised together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Values of [`QUASI_IDENTIFIERS`], in that order.
    pub attrs: Vec<String>,
    /// Values never generalised (a respondent group); part of every combination.
    pub fixed: Vec<String>,
    /// Distinct people with rows in the unit.
    pub people: u64,
}

/// What a unit's rows publish: its attributes with the first `level` generalised, or
/// nothing (dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Published {
    At { level: usize, attrs: Vec<String> },
    Dropped,
}

fn publish(u: &Unit, level: usize) -> Vec<String> {
    u.attrs
        .iter()
        .enumerate()
        .map(|(i, a)| {
            if i < level {
                GENERALISED.to_string()
            } else {
                a.clone()
            }
        })
        .collect()
}

/// Generalises the units' attributes until every published combination (attributes and
/// fixed values) holds at least `k` people; see the module's documentation.
pub fn generalise(units: &[Unit], k: u64) -> Vec<Published> {
    let levels = units.iter().map(|u| u.attrs.len()).max().unwrap_or(0);
    let mut out = vec![Published::Dropped; units.len()];
    let mut open: Vec<usize> = (0..units.len()).filter(|&i| units[i].people > 0).collect();
    for level in 0..=levels {
        // What the level publishes (attributes, fixed values) → people and units.
        type Groups = BTreeMap<(Vec<String>, Vec<String>), (u64, Vec<usize>)>;
        let mut groups = Groups::new();
        for &i in &open {
            let key = (publish(&units[i], level), units[i].fixed.clone());
            let g = groups.entry(key).or_default();
            g.0 += units[i].people;
            g.1.push(i);
        }
        open.clear();
        for ((attrs, _), (people, members)) in groups {
            if people >= k {
                for i in members {
                    out[i] = Published::At {
                        level,
                        attrs: attrs.clone(),
                    };
                }
            } else {
                open.extend(members);
            }
        }
        if open.is_empty() {
            break;
        }
    }
    out
}

/// A column of a dataset: its name, type (of the Frictionless table schema) and meaning.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: &'static str,
    pub about: &'static str,
}

const fn col(name: &'static str, kind: &'static str, about: &'static str) -> Column {
    Column { name, kind, about }
}

const PLACE: [Column; 5] = [
    col(
        "school",
        "string",
        "Pseudonym of the school, or * where generalised.",
    ),
    col(
        "language",
        "string",
        "Languages of instruction of the school (comma-separated codes), or *.",
    ),
    col("school_kind", "string", "Kind of school, or *."),
    col("hub", "string", "Name of the hub, or *."),
    col(
        "country",
        "string",
        "Country of the school (ISO 3166 code), or *.",
    ),
];

/// The columns of a kind of dataset, in file order.
pub fn columns(kind: DatasetKind) -> Vec<Column> {
    let mut c = match kind {
        DatasetKind::ReflectionAnswers => vec![
            col("reflection", "string", "Pseudonym of the self-reflection."),
            col("teacher", "string", "Pseudonym of the teacher."),
            col("instrument", "string", "Key of the instrument."),
            col("instrument_version", "string", "Version of the instrument."),
            col(
                "month",
                "yearmonth",
                "Month (UTC) the self-reflection was submitted.",
            ),
        ],
        DatasetKind::CampaignAnswers => vec![
            col("response", "string", "Pseudonym of the anonymous response."),
            col("campaign", "string", "Pseudonym of the readiness campaign."),
            col("instrument", "string", "Key of the instrument."),
            col("instrument_version", "string", "Version of the instrument."),
            col(
                "respondent_group",
                "string",
                "Group that answered (leaders, teachers, students).",
            ),
            col(
                "month",
                "yearmonth",
                "Month (school's time zone) the response was started.",
            ),
        ],
        DatasetKind::Activities => {
            let mut c = vec![
                col("activity", "string", "Pseudonym of the mentoring activity."),
                col(
                    "relationship",
                    "string",
                    "Pseudonym of its mentoring relationship; empty for an activity of a \
                     programme or hub outside one, * where the school is generalised.",
                ),
                col(
                    "programme",
                    "string",
                    "Pseudonym of its programme; empty outside one.",
                ),
                col("month", "yearmonth", "Month (local date) of the activity."),
                col(
                    "kind",
                    "string",
                    "Kind of activity (a key of the hub's list).",
                ),
                col("mode", "string", "on_site, online or hybrid."),
                col("minutes", "integer", "Duration in minutes."),
                col("mentors", "integer", "Attendees taking part as mentors."),
                col("mentees", "integer", "Attendees taking part as mentees."),
                col(
                    "others",
                    "integer",
                    "Other attendees (peers, facilitators, participants).",
                ),
            ];
            let mut place = PLACE.to_vec();
            for p in &mut place {
                if p.name == "school" {
                    p.about = "Pseudonym of the mentee school, or * where generalised or \
                               where the activity has no mentee school.";
                }
            }
            c.extend(place);
            return c;
        }
    };
    c.extend(PLACE);
    c.extend([
        col("area", "string", "Key of the item's area."),
        col(
            "item",
            "string",
            "Key of the item (stable across versions).",
        ),
        col("value", "string", "The option chosen."),
        col(
            "score",
            "number",
            "The option's score; empty where the option does not count (not applicable).",
        ),
    ]);
    c
}

/// A CSV field: quoted when it holds a comma, quote or line break.
pub fn csv_field(out: &mut String, v: &str) {
    if v.contains([',', '"', '\n', '\r']) {
        out.push('"');
        out.push_str(&v.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(v);
    }
}

/// One CSV line of fields.
pub fn csv_line(out: &mut String, fields: &[&str]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        csv_field(out, f);
    }
    out.push('\n');
}

/// The table schema (Frictionless Data's `tableschema`) of a kind of dataset.
pub fn table_schema(kind: DatasetKind) -> serde_json::Value {
    let fields: Vec<serde_json::Value> = columns(kind)
        .iter()
        .map(|c| serde_json::json!({"name": c.name, "type": c.kind, "description": c.about}))
        .collect();
    serde_json::json!({
        "fields": fields,
        "missingValues": [""],
    })
}

/// What a generation counted, for the README and the dataset's record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    pub rows: u64,
    pub rows_dropped: u64,
    pub people: u64,
    pub people_dropped: u64,
    /// Units published per level (index = level), the last entry: dropped.
    pub units_at_level: Vec<u64>,
}

/// The README of a dataset's file.
pub fn readme(kind: DatasetKind, scope: &str, period: (&str, &str), k: u64, c: &Counts) -> String {
    let mut s = String::new();
    s.push_str("# iHub research dataset\n\n");
    s.push_str(&format!("Kind: {}\n", kind.as_str()));
    s.push_str(&format!("Scope: {scope}\n"));
    s.push_str(&format!(
        "Period: {} to {} (months, inclusive)\n",
        period.0, period.1
    ));
    s.push_str(&format!("Anonymity threshold k: {k}\n\n"));
    s.push_str(&format!(
        "Rows: {} (of {} people); dropped: {} rows of {} people whose school could not be \
         generalised into a group of at least k people.\n\n",
        c.rows, c.people, c.rows_dropped, c.people_dropped
    ));
    s.push_str("## Columns (data.csv)\n\n");
    for col in columns(kind) {
        s.push_str(&format!("- `{}` ({}): {}\n", col.name, col.kind, col.about));
    }
    s.push_str(
        "\n## Method\n\n\
         - Pseudonyms are keyed hashes with a secret drawn for this dataset and then \
         discarded: they cannot be joined with any other dataset.\n\
         - Dates are months. Names, e-mail addresses and free texts are not included.\n",
    );
    s.push_str(match kind {
        DatasetKind::Activities => {
            "- One row per final mentoring activity of the period. Its people (mentors, \
             mentees and others) appear only as counts; an activity belongs to the mentee \
             school of its relationship (none for an activity outside a relationship), and \
             the people of a school are the distinct attendees of its activities.\n"
        }
        _ => {
            "- Only teachers who take part in statistics are included; readiness answers \
             come only from campaigns their school shared with the hub.\n"
        }
    });
    s.push_str(
        "- The columns school, language, school_kind, hub and country are generalised \
         (replaced by *, in that order) until every combination of them holds at least k \
         people; rows of schools that cannot reach k even fully generalised are dropped.\n",
    );
    s.push_str("\n## Generalisation\n\n");
    let n = c.units_at_level.len();
    for (level, units) in c.units_at_level.iter().enumerate() {
        if level + 1 == n {
            s.push_str(&format!("- dropped: {units} units\n"));
        } else if level == 0 {
            s.push_str(&format!("- nothing generalised: {units} units\n"));
        } else {
            s.push_str(&format!(
                "- {} generalised: {units} units\n",
                QUASI_IDENTIFIERS[..level].join(", ")
            ));
        }
    }
    s.push_str(
        "\nThe dataset may be used only under the data-use agreement recorded for the \
         receiving organisation.\n",
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(attrs: [&str; 5], people: u64) -> Unit {
        Unit {
            attrs: attrs.iter().map(|s| s.to_string()).collect(),
            fixed: vec![],
            people,
        }
    }

    fn combos(units: &[Unit], out: &[Published]) -> BTreeMap<(Vec<String>, Vec<String>), u64> {
        let mut m = BTreeMap::new();
        for (u, p) in units.iter().zip(out) {
            if let Published::At { attrs, .. } = p {
                *m.entry((attrs.clone(), u.fixed.clone())).or_default() += u.people;
            }
        }
        m
    }

    #[test]
    fn a_school_of_k_keeps_its_attributes_and_a_smaller_one_is_generalised() {
        let units = [
            unit(["s1", "et", "basic", "Tallinn", "EE"], 5),
            unit(["s2", "et", "basic", "Tallinn", "EE"], 2),
            unit(["s3", "et", "basic", "Tallinn", "EE"], 3),
        ];
        let out = generalise(&units, 5);
        assert!(matches!(&out[0], Published::At { level: 0, attrs } if attrs[0] == "s1"));
        // s2 and s3 together hold 5 people once the school is generalised.
        for p in &out[1..] {
            assert!(
                matches!(p, Published::At { level: 1, attrs } if attrs[0] == "*" && attrs[1] == "et")
            );
        }
    }

    #[test]
    fn generalisation_climbs_until_k_and_drops_what_never_reaches_it() {
        let units = [
            unit(["s1", "et", "basic", "Tallinn", "EE"], 2),
            unit(["s2", "ru", "primary", "Tallinn", "EE"], 2),
            unit(["s3", "fi", "primary", "Porvoo", "FI"], 1),
            unit(["s4", "sv", "basic", "Porvoo", "FI"], 1),
            unit(["s5", "ka", "basic", "Batumi", "GE"], 4),
        ];
        let out = generalise(&units, 4);
        // s1 + s2: same hub once school, language and kind are generalised (level 3).
        assert!(matches!(&out[0], Published::At { level: 3, .. }));
        assert!(matches!(&out[1], Published::At { level: 3, .. }));
        // s5 alone holds 4.
        assert!(matches!(&out[4], Published::At { level: 0, .. }));
        // s3 + s4 hold 2 even as the whole of Finland: dropped.
        assert_eq!(out[2], Published::Dropped);
        assert_eq!(out[3], Published::Dropped);
        for (_, people) in combos(&units, &out) {
            assert!(people >= 4);
        }
    }

    #[test]
    fn fixed_values_are_part_of_every_combination() {
        let mut a = unit(["s1", "et", "basic", "Tallinn", "EE"], 6);
        a.fixed = vec!["students".into()];
        let mut b = unit(["s1", "et", "basic", "Tallinn", "EE"], 2);
        b.fixed = vec!["leaders".into()];
        let mut c = unit(["s2", "et", "basic", "Tallinn", "EE"], 3);
        c.fixed = vec!["leaders".into()];
        let units = [a, b, c];
        let out = generalise(&units, 5);
        assert!(matches!(&out[0], Published::At { level: 0, .. }));
        // The leaders of both schools together: 5.
        assert!(matches!(&out[1], Published::At { level: 1, .. }));
        assert!(matches!(&out[2], Published::At { level: 1, .. }));
    }

    #[test]
    fn every_published_combination_holds_k_people_on_random_units() {
        // A deterministic pseudo-random spread of school sizes and attributes.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        for k in [3, 5, 10] {
            let units: Vec<Unit> = (0..300)
                .map(|i| Unit {
                    attrs: vec![
                        format!("s{i}"),
                        ["et", "ru", "fi", "sv"][next(4) as usize].into(),
                        ["basic", "primary", "upper_secondary"][next(3) as usize].into(),
                        ["h1", "h2", "h3"][next(3) as usize].into(),
                        ["EE", "FI"][next(2) as usize].into(),
                    ],
                    fixed: vec![["leaders", "teachers"][next(2) as usize].into()],
                    people: next(12),
                })
                .collect();
            let out = generalise(&units, k);
            for (_, people) in combos(&units, &out) {
                assert!(people >= k, "a combination of {people} people at k = {k}");
            }
            let dropped: u64 = units
                .iter()
                .zip(&out)
                .filter(|(_, p)| **p == Published::Dropped)
                .map(|(u, _)| u.people)
                .sum();
            assert!(dropped < k * 4, "dropped {dropped} people at k = {k}");
        }
    }

    #[test]
    fn pseudonyms_differ_per_secret_and_kind_and_are_stable_within_one() {
        let id = Uuid::from_u128(42);
        let a = pseudonym(&[1; 32], "t", id);
        assert_eq!(a, pseudonym(&[1; 32], "t", id));
        assert_ne!(a, pseudonym(&[2; 32], "t", id));
        assert_ne!(a[1..], pseudonym(&[1; 32], "r", id)[1..]);
        assert_eq!(a.len(), 17);
    }

    #[test]
    fn csv_fields_are_quoted_only_when_needed() {
        let mut s = String::new();
        csv_line(&mut s, &["a", "b,c", "say \"hi\"", ""]);
        assert_eq!(s, "a,\"b,c\",\"say \"\"hi\"\"\",\n");
        assert_eq!(month_of("2026-05-17"), "2026-05");
    }
}
