//! When a teacher group's anonymous aggregate may change, so that nobody can learn one
//! member's levels by comparing the report before and after a member joins or leaves.
//!
//! Method ("published snapshots"): the report shows a snapshot of the contributions
//! (member × latest submitted reflection). A new snapshot is published only when the
//! current contributions number at least k and differ from the published ones in at
//! least k contributions (joined, left, withdrew consent or submitted a newer reflection).
//! Two consecutive snapshots therefore differ by k or more contributions, so their
//! difference is itself an aggregate of at least k people — never one person's levels.

use std::collections::BTreeSet;

/// Whether the current contributions should replace the published snapshot.
pub fn should_publish(published: &BTreeSet<String>, current: &BTreeSet<String>, k: usize) -> bool {
    current.len() >= k && published.symmetric_difference(current).count() >= k
}

crate::string_enum! {
    /// What holds a teacher group together.
    GroupKind {
        SchoolStaff = "school_staff",
        CourseCohort = "course_cohort",
        PeerCircle = "peer_circle",
    }
}

crate::string_enum! {
    /// A member's standing in a teacher group.
    MemberStatus {
        Invited = "invited",
        Active = "active",
        Left = "left",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(xs: &[&str]) -> BTreeSet<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn snapshots_change_only_by_at_least_k_contributions() {
        let k = 5;
        let none = set(&[]);
        let four = set(&["a", "b", "c", "d"]);
        let five = set(&["a", "b", "c", "d", "e"]);
        let six = set(&["a", "b", "c", "d", "e", "f"]);
        let cases = [
            (&none, &four, false, "below k: nothing is shown"),
            (&none, &five, true, "k contributors: the first snapshot"),
            (
                &five,
                &six,
                false,
                "a sixth joins: unchanged, or the difference is one person",
            ),
            (&five, &four, false, "one leaves: unchanged"),
            (
                &five,
                &set(&["a", "b", "c", "d", "e:2"]),
                false,
                "one resubmits: unchanged",
            ),
            (
                &five,
                &set(&["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]),
                true,
                "five more: a new snapshot",
            ),
            (
                &five,
                &set(&["f", "g", "h", "i", "j"]),
                true,
                "all replaced",
            ),
        ];
        for (published, current, want, why) in cases {
            assert_eq!(should_publish(published, current, k), want, "{why}");
        }
    }
}
