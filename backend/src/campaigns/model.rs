//! Campaign rules without IO: access codes, open/closed by local date, and the school
//! report computed from answer counts (hidden groups, differences, ranking).

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// Letters and digits that cannot be mistaken for each other (no 0/O, 1/I/L).
pub const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
/// 12 characters from 31: about 59 bits, shown as three groups of four.
pub const CODE_LEN: usize = 12;

/// A fresh access code, e.g. `K7QX-M2PD-R8TW`, from a cryptographic random source.
pub fn new_code(rng: &mut impl rand::Rng) -> String {
    let raw: String = (0..CODE_LEN)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect();
    format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12])
}

/// What a respondent typed, as stored: upper case, dashes and spaces put back in place.
/// `None` when it cannot be a code at all.
pub fn normalise_code(input: &str) -> Option<String> {
    let raw: String = input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if raw.len() != CODE_LEN || !raw.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
        return None;
    }
    Some(format!("{}-{}-{}", &raw[0..4], &raw[4..8], &raw[8..12]))
}

crate::string_enum! {
    /// Where a campaign stands: before, during or after its days.
    CampaignStatus {
        Scheduled = "scheduled",
        Open = "open",
        Closed = "closed",
    }
}

crate::string_enum! {
    /// Who answers a readiness campaign: each group through its own code.
    RespondentGroup {
        Leader = "leader",
        Teacher = "teacher",
        Student = "student",
    }
}

crate::string_enum! {
    /// Where one anonymous response stands.
    ResponseStatus {
        InProgress = "in_progress",
        Submitted = "submitted",
    }
}

/// Open from the first minute of `opens_on` to the last of `closes_on`, in the school's
/// own time zone, unless closed early.
pub fn status(
    today: NaiveDate,
    opens_on: NaiveDate,
    closes_on: NaiveDate,
    closed_early: bool,
) -> CampaignStatus {
    if closed_early || today > closes_on {
        CampaignStatus::Closed
    } else if today < opens_on {
        CampaignStatus::Scheduled
    } else {
        CampaignStatus::Open
    }
}

/// Respondent groups whose results are identified rather than anonymous: leaders answer
/// as the school's leadership, so their group shows from one response.
pub fn is_identified(group: &str) -> bool {
    group == "leader"
}

/// Counts of one item in one group.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ItemStats {
    pub n: u64,
    /// Mean of the scored answers; none when nobody gave one.
    pub mean: Option<f64>,
    /// option value → number of answers
    pub distribution: BTreeMap<String, u64>,
    /// Answers without a score ("not applicable", "prefer not to say").
    pub unscored: u64,
}

/// Aggregate answer counts (group, item, value, count) into per-item statistics.
pub fn item_stats(
    counts: &[(String, String, String, u64)],
    score_of: impl Fn(&str, &str) -> Option<f64>,
) -> BTreeMap<(String, String), ItemStats> {
    let mut out: BTreeMap<(String, String), (ItemStats, f64, u64)> = BTreeMap::new();
    for (group, item, value, n) in counts {
        let e = out.entry((group.clone(), item.clone())).or_default();
        e.0.n += n;
        *e.0.distribution.entry(value.clone()).or_default() += n;
        match score_of(item, value) {
            Some(s) => {
                e.1 += s * *n as f64;
                e.2 += n;
            }
            None => e.0.unscored += n,
        }
    }
    out.into_iter()
        .map(|(k, (mut st, sum, scored))| {
            st.mean = (scored > 0).then(|| round2(sum / scored as f64));
            (k, st)
        })
        .collect()
}

pub fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Results of a campaign are shown once, when it has closed.
///
/// A report that moved with every new response would give away the newest respondent:
/// compare it before and after one more submission and the difference is that person's
/// answers. The threshold k alone does not prevent that (the 6th, 7th, … respondent of a
/// group of five would be exposed). So while a campaign is open only participation
/// (how many answered) is shown; the results appear once it has closed, when no further
/// response can arrive and a closed campaign cannot be reopened. There is then one state
/// of the results, ever, and nothing to compare it with.
pub fn results_shown(status: CampaignStatus) -> bool {
    status == CampaignStatus::Closed
}

/// Why a group's results are not shown: a stable code (the web app words it) and an
/// English sentence (the CSV export).
pub fn hidden(
    group: &str,
    responses: u64,
    k: u64,
    status: CampaignStatus,
) -> Option<(&'static str, String)> {
    if !results_shown(status) {
        Some((
            "not_closed",
            "Results appear when the campaign closes, so that no answer can be worked out \
             by comparing the report before and after it."
                .into(),
        ))
    } else if responses == 0 {
        Some(("no_responses", "No responses.".into()))
    } else if is_identified(group) || responses >= k {
        None
    } else {
        Some((
            "too_few",
            format!("Fewer than {k} responses ({responses}): hidden to protect the respondents."),
        ))
    }
}

/// Items where the visible groups' means differ by one point or more.
pub fn differences(
    items: &[String],
    groups: &[String],
    stats: &BTreeMap<(String, String), ItemStats>,
) -> BTreeSet<String> {
    items
        .iter()
        .filter(|item| {
            let means: Vec<f64> = groups
                .iter()
                .filter_map(|g| {
                    stats
                        .get(&(g.clone(), (*item).clone()))
                        .and_then(|s| s.mean)
                })
                .collect();
            let (lo, hi) = means
                .iter()
                .fold((f64::MAX, f64::MIN), |(lo, hi), m| (lo.min(*m), hi.max(*m)));
            means.len() >= 2 && hi - lo >= 1.0 - 1e-9
        })
        .cloned()
        .collect()
}

/// An item's result across visible groups: the mean of the group means (each group
/// weighs the same, however many answered).
pub fn across_groups(
    item: &str,
    groups: &[String],
    stats: &BTreeMap<(String, String), ItemStats>,
) -> Option<f64> {
    let means: Vec<f64> = groups
        .iter()
        .filter_map(|g| {
            stats
                .get(&(g.clone(), item.to_string()))
                .and_then(|s| s.mean)
        })
        .collect();
    (!means.is_empty()).then(|| round2(means.iter().sum::<f64>() / means.len() as f64))
}

/// The `n` strongest (highest) or weakest items by `across_groups`. Ties: the item that
/// comes first in the instrument wins.
pub fn top(
    items: &[String],
    value: impl Fn(&str) -> Option<f64>,
    n: usize,
    strongest: bool,
) -> Vec<String> {
    let mut v: Vec<(usize, &String, f64)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, k)| value(k).map(|m| (i, k, m)))
        .collect();
    v.sort_by(|a, b| {
        let c = if strongest {
            b.2.total_cmp(&a.2)
        } else {
            a.2.total_cmp(&b.2)
        };
        c.then(a.0.cmp(&b.0))
    });
    v.into_iter().take(n).map(|(_, k, _)| k.clone()).collect()
}

/// The kept counts of one campaign.
pub struct Kept {
    /// Group → submitted responses (every group of the campaign).
    pub responses: BTreeMap<String, u64>,
    /// (group, item) → the answers.
    pub stats: BTreeMap<(String, String), ItemStats>,
}

/// Per group of one campaign: the submitted responses, and per area the mean of the
/// statement means of the area (statements nobody scored left out).
#[derive(Default, Clone)]
pub struct KeptAreas {
    pub responses: BTreeMap<String, u64>,
    /// (group, area) → mean of the statement means.
    pub areas: BTreeMap<(String, String), f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_easy_to_type_and_normalised() {
        let mut rng = rand::rng();
        let mut seen = BTreeSet::new();
        for _ in 0..500 {
            let c = new_code(&mut rng);
            assert_eq!(c.len(), 14);
            assert_eq!(
                normalise_code(&c.to_lowercase().replace('-', " ")),
                Some(c.clone())
            );
            assert!(seen.insert(c));
        }
        assert_eq!(normalise_code("K7QX-M2PD-R8T"), None);
        assert_eq!(
            normalise_code("O0O0-1111-LLLL"),
            None,
            "ambiguous characters are never issued"
        );
    }

    #[test]
    fn status_follows_local_dates() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default();
        let (o, c) = (d("2026-03-01"), d("2026-03-14"));
        let cases = [
            ("2026-02-28", false, CampaignStatus::Scheduled),
            ("2026-03-01", false, CampaignStatus::Open),
            ("2026-03-14", false, CampaignStatus::Open),
            ("2026-03-15", false, CampaignStatus::Closed),
            ("2026-03-05", true, CampaignStatus::Closed),
        ];
        for (today, early, want) in cases {
            assert_eq!(status(d(today), o, c, early), want, "{today} {early}");
        }
    }

    #[test]
    fn stats_means_distributions_and_unscored() {
        let rows = vec![
            ("teacher".to_string(), "i".to_string(), "a4".to_string(), 3),
            ("teacher".into(), "i".into(), "a2".into(), 1),
            ("teacher".into(), "i".into(), "n_a".into(), 2),
        ];
        let st = item_stats(&rows, |_, v| {
            v.strip_prefix('a').and_then(|n| n.parse().ok())
        });
        let s = &st[&("teacher".to_string(), "i".to_string())];
        assert_eq!(s.n, 6);
        assert_eq!(s.mean, Some(3.5));
        assert_eq!(s.unscored, 2);
        assert_eq!(s.distribution["a4"], 3);
    }

    #[test]
    fn small_anonymous_groups_hide_and_leaders_never_do() {
        let code = |g, n, status| hidden(g, n, 5, status).map(|h| h.0);
        assert_eq!(code("teacher", 4, CampaignStatus::Closed), Some("too_few"));
        assert_eq!(code("teacher", 5, CampaignStatus::Closed), None);
        assert_eq!(
            code("student", 0, CampaignStatus::Closed),
            Some("no_responses")
        );
        assert_eq!(code("leader", 1, CampaignStatus::Closed), None);
        // Nothing while open, however many answered: one more response must not move
        // anything anybody can see.
        assert_eq!(
            code("teacher", 50, CampaignStatus::Open),
            Some("not_closed")
        );
        assert_eq!(code("leader", 3, CampaignStatus::Open), Some("not_closed"));
        assert_eq!(
            code("student", 9, CampaignStatus::Scheduled),
            Some("not_closed")
        );
    }

    #[test]
    fn differences_of_a_point_are_flagged_and_ties_keep_instrument_order() {
        let mut st = BTreeMap::new();
        let mut put = |g: &str, i: &str, m: f64| {
            st.insert(
                (g.to_string(), i.to_string()),
                ItemStats {
                    mean: Some(m),
                    ..Default::default()
                },
            );
        };
        put("leader", "x", 4.5);
        put("teacher", "x", 3.5);
        put("leader", "y", 4.0);
        put("teacher", "y", 3.2);
        put("leader", "z", 3.0);
        put("teacher", "z", 3.0);
        let items: Vec<String> = ["x", "y", "z"].iter().map(|s| s.to_string()).collect();
        let groups = vec!["leader".to_string(), "teacher".to_string()];
        let flagged = differences(&items, &groups, &st);
        assert_eq!(
            flagged.into_iter().collect::<Vec<_>>(),
            vec!["x".to_string()]
        );
        // x = 4.0, y = 3.6, z = 3.0
        let value = |k: &str| across_groups(k, &groups, &st);
        assert_eq!(top(&items, value, 2, true), vec!["x", "y"]);
        assert_eq!(top(&items, value, 1, false), vec!["z"]);
        // Equal values: the earlier item wins.
        let same = |_: &str| Some(3.0);
        assert_eq!(top(&items, same, 2, true), vec!["x", "y"]);
        assert_eq!(top(&items, same, 2, false), vec!["x", "y"]);
    }
}
