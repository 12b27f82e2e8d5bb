//! Mentoring rules without IO (issue 4): the relationship lifecycle, the seven phases of
//! the dynamic process model, activity checks, hour roll-ups against targets, and course
//! completion. Storage and the API build on these.

use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use uuid::Uuid;

crate::string_enum! {
    /// Where a mentoring relationship stands.
    RelationshipStatus {
        Proposed = "proposed",
        Active = "active",
        Paused = "paused",
        Completed = "completed",
        Cancelled = "cancelled",
    }
}

impl RelationshipStatus {
    /// proposed → active → paused ⇄ active → completed; any unfinished state → cancelled.
    pub fn can_become(self, next: RelationshipStatus) -> bool {
        use RelationshipStatus::*;
        matches!(
            (self, next),
            (Proposed, Active)
                | (Active, Paused)
                | (Paused, Active)
                | (Active, Completed)
                | (Proposed | Active | Paused, Cancelled)
        )
    }

    pub fn is_final(self) -> bool {
        matches!(
            self,
            RelationshipStatus::Completed | RelationshipStatus::Cancelled
        )
    }
}

crate::string_enum! {
    /// The seven phases of the dynamic process model, in their usual (not required) order.
    Phase {
        Initiative = "initiative",
        AnchoringMeetings = "anchoring_meetings",
        JointPlanning = "joint_planning",
        MappingNeeds = "mapping_needs",
        NewPerspectives = "new_perspectives",
        DevelopmentActions = "development_actions",
        Reflection = "reflection",
    }
}

/// The phases' keys.
pub const PHASES: &[&str] = Phase::NAMES;

crate::string_enum! {
    /// How far an enrolled school is in a phase.
    PhaseStatus {
        NotStarted = "not_started",
        InProgress = "in_progress",
        Done = "done",
        Skipped = "skipped",
    }
}

crate::string_enum! {
    /// Kinds of mentoring relationship (the structures of the mentoring model).
    RelationshipKind {
        SchoolToSchool = "school_to_school",
        ExpertToSchool = "expert_to_school",
        TeacherToTeacher = "teacher_to_teacher",
        PeerGroup = "peer_group",
        LeaderToLeader = "leader_to_leader",
    }
}

/// Roles of a relationship's participants live with the policy that decides by them.
pub use crate::auth::model::ParticipantRole;

crate::string_enum! {
    /// How an attendee of an activity takes part: in a relationship by their role in it; in
    /// a programme's own activity as staff of an enrolled school (`participant`) or as the
    /// hub's mentor or coordinator (`facilitator`).
    AttendeeRole {
        Mentor = "mentor",
        Mentee = "mentee",
        Peer = "peer",
        Facilitator = "facilitator",
        Participant = "participant",
    }
}

impl From<ParticipantRole> for AttendeeRole {
    /// In a relationship's activity one attends in one's role in the relationship.
    fn from(r: ParticipantRole) -> Self {
        match r {
            ParticipantRole::Mentor => AttendeeRole::Mentor,
            ParticipantRole::Mentee => AttendeeRole::Mentee,
            ParticipantRole::Peer => AttendeeRole::Peer,
            ParticipantRole::Facilitator => AttendeeRole::Facilitator,
        }
    }
}

crate::string_enum! {
    /// Programme roles of an enrolled school.
    SchoolRole {
        MentorSchool = "mentor_school",
        MenteeSchool = "mentee_school",
        PeerSchool = "peer_school",
    }
}

crate::string_enum! {
    /// Where an activity or a course session takes place.
    ActivityMode {
        OnSite = "on_site",
        Online = "online",
        Hybrid = "hybrid",
    }
}

crate::string_enum! {
    /// Training audiences with hour targets.
    CourseAudience {
        Teachers = "teachers",
        Leaders = "leaders",
    }
}

crate::string_enum! {
    /// Where a relationship's goal stands.
    GoalStatus {
        Open = "open",
        Achieved = "achieved",
        Dropped = "dropped",
    }
}

crate::string_enum! {
    /// Where an action of a school development plan stands.
    PlanActionStatus {
        Proposed = "proposed",
        Planned = "planned",
        InProgress = "in_progress",
        Done = "done",
        Dropped = "dropped",
    }
}

crate::string_enum! {
    /// Topics of the needs checklist.
    NeedsTopic {
        Infrastructure = "infrastructure",
        Security = "security",
    }
}

crate::string_enum! {
    /// What a needs finding says about an item.
    FindingState {
        InPlace = "in_place",
        Partial = "partial",
        Missing = "missing",
        Unknown = "unknown",
    }
}

crate::string_enum! {
    /// How urgent a needs finding is.
    NeedsPriority {
        High = "high",
        Medium = "medium",
        Low = "low",
    }
}

crate::string_enum! {
    /// Whether an enrolled school takes part: a school of another hub waits for its own
    /// hub's coordinators.
    EnrolmentApproval {
        Approved = "approved",
        Pending = "pending",
    }
}

crate::string_enum! {
    /// The hub's own mentoring lists, added to the shipped values.
    MentoringList {
        Method = "method",
        ActivityKind = "activity_kind",
        NeedsItem = "needs_item",
    }
}

/// A new cycle may start once its reflection phase is done (phases run in any order).
pub fn may_start_new_cycle(phases: &BTreeMap<String, PhaseStatus>) -> bool {
    phases.get("reflection") == Some(&PhaseStatus::Done)
}

crate::string_enum! {
    /// `planned` (may be in the future), `draft`, or `final` (counted in hours).
    ActivityState {
        Planned = "planned",
        Draft = "draft",
        Final = "final",
    }
}

/// One thing wrong with an activity, by field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityProblem {
    pub field: &'static str,
    pub message: String,
}

/// Check an activity: 1–1,440 minutes; a final one not after today (in the hub's time
/// zone); attendees only from the relationship's participants.
pub fn check_activity(
    state: ActivityState,
    date: NaiveDate,
    minutes: u32,
    attendees: &BTreeSet<Uuid>,
    participants: &BTreeSet<Uuid>,
    today: NaiveDate,
) -> Vec<ActivityProblem> {
    let mut out = Vec::new();
    if !(1..=1440).contains(&minutes) {
        out.push(ActivityProblem {
            field: "duration_minutes",
            message: "Must be from 1 to 1440 minutes.".into(),
        });
    }
    if state == ActivityState::Final && date > today {
        out.push(ActivityProblem {
            field: "date",
            message: "A final activity cannot be dated after today.".into(),
        });
    }
    if !attendees.is_subset(participants) {
        out.push(ActivityProblem {
            field: "attendees",
            message: "Attendees must take part in the relationship.".into(),
        });
    }
    out
}

/// An activity as the roll-ups see it.
#[derive(Debug, Clone)]
pub struct Logged {
    pub id: Uuid,
    pub state: ActivityState,
    pub minutes: u32,
    pub relationship: Option<Uuid>,
    pub programme: Option<Uuid>,
    /// Mentors who attended (several may attend one activity).
    pub mentors: Vec<Uuid>,
    /// Schools that are mentees in the activity's relationship (directly or through staff).
    pub mentee_schools: Vec<Uuid>,
}

/// Minutes per relationship, mentee school, programme and mentor. Final activities only;
/// each activity counts once per key however many mentors attended.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rollup {
    pub relationships: BTreeMap<Uuid, u64>,
    pub mentee_schools: BTreeMap<Uuid, u64>,
    pub programmes: BTreeMap<Uuid, u64>,
    pub mentors: BTreeMap<Uuid, u64>,
}

pub fn roll_up(activities: &[Logged]) -> Rollup {
    let mut r = Rollup::default();
    let mut seen = BTreeSet::new();
    for a in activities {
        if a.state != ActivityState::Final || !seen.insert(a.id) {
            continue;
        }
        let m = u64::from(a.minutes);
        if let Some(rel) = a.relationship {
            *r.relationships.entry(rel).or_default() += m;
        }
        if let Some(p) = a.programme {
            *r.programmes.entry(p).or_default() += m;
        }
        for s in a.mentee_schools.iter().collect::<BTreeSet<_>>() {
            *r.mentee_schools.entry(*s).or_default() += m;
        }
        for mentor in a.mentors.iter().collect::<BTreeSet<_>>() {
            *r.mentors.entry(*mentor).or_default() += m;
        }
    }
    r
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgainstTarget {
    Below,
    Within,
    Above,
}

/// Hours against a target range such as 35–80 (inclusive).
pub fn against(minutes: u64, min_hours: f64, max_hours: f64) -> AgainstTarget {
    let hours = minutes as f64 / 60.0;
    if hours < min_hours {
        AgainstTarget::Below
    } else if hours > max_hours {
        AgainstTarget::Above
    } else {
        AgainstTarget::Within
    }
}

/// A course is completed with at least 80 % of its planned hours attended.
pub const COMPLETION_SHARE: f64 = 0.8;

pub fn course_completed(attended_minutes: u64, planned_minutes: u64) -> bool {
    planned_minutes > 0 && attended_minutes as f64 >= COMPLETION_SHARE * planned_minutes as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use RelationshipStatus::*;

    #[test]
    fn the_lifecycle_transition_table() {
        let all = [Proposed, Active, Paused, Completed, Cancelled];
        let allowed = [
            (Proposed, Active),
            (Proposed, Cancelled),
            (Active, Paused),
            (Active, Completed),
            (Active, Cancelled),
            (Paused, Active),
            (Paused, Cancelled),
        ];
        for from in all {
            for to in all {
                assert_eq!(
                    from.can_become(to),
                    allowed.contains(&(from, to)),
                    "{from:?} → {to:?}"
                );
            }
        }
        assert!(Completed.is_final() && Cancelled.is_final() && !Paused.is_final());
    }

    #[test]
    fn a_new_cycle_follows_a_finished_reflection() {
        let mut p: BTreeMap<String, PhaseStatus> = PHASES
            .iter()
            .map(|k| (k.to_string(), PhaseStatus::NotStarted))
            .collect();
        assert!(!may_start_new_cycle(&p));
        p.insert("reflection".into(), PhaseStatus::Done);
        assert!(
            may_start_new_cycle(&p),
            "other phases may be skipped or open"
        );
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    /// (state, date, minutes, attendees, fields with problems)
    type ActivityCase = (
        ActivityState,
        &'static str,
        u32,
        BTreeSet<Uuid>,
        Vec<&'static str>,
    );

    #[test]
    fn activities_are_checked_field_by_field() {
        let a = Uuid::new_v4();
        let b = Uuid::new_v4();
        let people: BTreeSet<Uuid> = [a].into();
        let today = d("2026-11-23");
        let cases: Vec<ActivityCase> = vec![
            (ActivityState::Final, "2026-11-23", 90, [a].into(), vec![]),
            (
                ActivityState::Final,
                "2026-11-24",
                90,
                [a].into(),
                vec!["date"],
            ),
            (ActivityState::Planned, "2026-12-01", 90, [a].into(), vec![]),
            (
                ActivityState::Draft,
                "2026-11-20",
                0,
                [a].into(),
                vec!["duration_minutes"],
            ),
            (
                ActivityState::Draft,
                "2026-11-20",
                1441,
                [a].into(),
                vec!["duration_minutes"],
            ),
            (
                ActivityState::Final,
                "2026-11-20",
                1440,
                [a, b].into(),
                vec!["attendees"],
            ),
        ];
        for (state, date, minutes, attendees, want) in cases {
            let got: Vec<&str> =
                check_activity(state, d(date), minutes, &attendees, &people, today)
                    .iter()
                    .map(|p| p.field)
                    .collect();
            assert_eq!(got, want, "{state:?} {date} {minutes}");
        }
    }

    #[test]
    fn roll_ups_count_final_activities_once_however_many_mentors() {
        let (rel, prog, school) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
        let (m1, m2) = (Uuid::new_v4(), Uuid::new_v4());
        let act = |state, minutes, mentors: Vec<Uuid>| Logged {
            id: Uuid::new_v4(),
            state,
            minutes,
            relationship: Some(rel),
            programme: Some(prog),
            mentors,
            mentee_schools: vec![school],
        };
        let shared = act(ActivityState::Final, 90, vec![m1, m2]);
        let activities = vec![
            shared.clone(),
            shared, // the same activity listed twice still counts once
            act(ActivityState::Final, 30, vec![m1]),
            act(ActivityState::Draft, 600, vec![m1]),
            act(ActivityState::Planned, 600, vec![m2]),
        ];
        let r = roll_up(&activities);
        assert_eq!(r.relationships[&rel], 120);
        assert_eq!(r.programmes[&prog], 120);
        assert_eq!(r.mentee_schools[&school], 120);
        assert_eq!(r.mentors[&m1], 120);
        assert_eq!(r.mentors[&m2], 90);
    }

    #[test]
    fn hours_against_a_target_range_and_course_completion() {
        let cases = [
            (34 * 60, AgainstTarget::Below),
            (35 * 60, AgainstTarget::Within),
            (80 * 60, AgainstTarget::Within),
            (80 * 60 + 1, AgainstTarget::Above),
        ];
        for (minutes, want) in cases {
            assert_eq!(against(minutes, 35.0, 80.0), want, "{minutes}");
        }
        assert!(course_completed(24 * 60, 30 * 60));
        assert!(!course_completed(24 * 60 - 1, 30 * 60));
        assert!(!course_completed(0, 0));
    }
}
