//! What the mentoring endpoints send and receive.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

pub use crate::reflection::dto::links;

/// Programme roles of an enrolled school.
pub const SCHOOL_ROLES: [&str; 3] = ["mentor_school", "mentee_school", "peer_school"];
/// Kinds of mentoring relationship (the structures of the mentoring model).
pub const KINDS: [&str; 5] = [
    "school_to_school",
    "expert_to_school",
    "teacher_to_teacher",
    "peer_group",
    "leader_to_leader",
];
/// Roles of a relationship's participants.
pub const PARTICIPANT_ROLES: [&str; 4] = ["mentor", "mentee", "peer", "facilitator"];
pub const MODES: [&str; 3] = ["on_site", "online", "hybrid"];
/// Training audiences with hour targets.
pub const AUDIENCES: [&str; 2] = ["teachers", "leaders"];
/// Methods every hub starts with (a hub adds its own).
pub const DEFAULT_METHODS: [&str; 4] = [
    "digital_accelerator",
    "future_school",
    "digipeda",
    "peer_coaching",
];
/// Kinds of activity every hub starts with.
pub const DEFAULT_ACTIVITY_KINDS: [&str; 6] = [
    "meeting",
    "classroom_observation",
    "co_teaching",
    "workshop",
    "training_session",
    "webinar",
];

fn one_of(v: &str, list: &[&str], code: &'static str) -> Result<(), validator::ValidationError> {
    if list.contains(&v) {
        Ok(())
    } else {
        Err(validator::ValidationError::new(code)
            .with_message(format!("Must be one of: {}.", list.join(", ")).into()))
    }
}

pub fn school_role(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, &SCHOOL_ROLES, "school_role")
}
pub fn kind(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, &KINDS, "relationship_kind")
}
pub fn participant_role(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, &PARTICIPANT_ROLES, "role")
}
pub fn mode(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, &MODES, "mode")
}
/// A short key: lower-case letters, digits and `_` (methods, kinds of activity).
pub fn key(v: &str) -> Result<(), validator::ValidationError> {
    let ok = !v.is_empty()
        && v.len() <= 64
        && v.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(validator::ValidationError::new("key")
            .with_message("Use lower-case letters, digits and _ (up to 64).".into()))
    }
}
pub fn keys(v: &[String]) -> Result<(), validator::ValidationError> {
    v.iter().try_for_each(|k| {
        if k.is_empty() || k.len() > 64 || k.chars().any(|c| c.is_whitespace()) {
            Err(validator::ValidationError::new("key")
                .with_message("Use area or competence keys such as 2 or 2.1.".into()))
        } else {
            Ok(())
        }
    })
}

/// Training hours per audience, e.g. teachers 32, leaders 39.
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingTargets {
    #[validate(range(min = 0, max = 1000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teachers: Option<u32>,
    #[validate(range(min = 0, max = 1000))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub leaders: Option<u32>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeCreate {
    pub hub_id: Uuid,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub name: String,
    /// A method of the hub's list, e.g. `digital_accelerator`.
    #[validate(custom(function = "key"))]
    pub method: String,
    #[validate(length(max = 5000))]
    pub description: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Mentoring hours per mentee school, lower end of the range (e.g. 35).
    #[validate(range(min = 0, max = 10000))]
    pub mentoring_min_hours: u32,
    /// Upper end of the range (e.g. 80).
    #[validate(range(min = 0, max = 10000))]
    pub mentoring_max_hours: u32,
    #[serde(default)]
    #[validate(nested)]
    pub training_targets: TrainingTargets,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammePatch {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub name: Option<String>,
    #[validate(custom(function = "key"))]
    pub method: Option<String>,
    #[validate(length(max = 5000))]
    pub description: Option<String>,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    #[validate(range(min = 0, max = 10000))]
    pub mentoring_min_hours: Option<u32>,
    #[validate(range(min = 0, max = 10000))]
    pub mentoring_max_hours: Option<u32>,
    #[validate(nested)]
    pub training_targets: Option<TrainingTargets>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeDto {
    pub id: Uuid,
    pub hub_id: Uuid,
    pub hub_name: String,
    pub name: String,
    pub method: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub mentoring_min_hours: u32,
    pub mentoring_max_hours: u32,
    pub training_targets: TrainingTargets,
    pub schools: u64,
    /// The caller manages the programme (its hub's coordinators).
    pub manages: bool,
    pub created_at: DateTime<Utc>,
    /// For `If-Match`.
    pub etag_version: i32,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgrammeQuery {
    /// Only programmes of this hub.
    pub hub_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnrolmentCreate {
    pub school_id: Uuid,
    /// `mentor_school`, `mentee_school` or `peer_school`.
    #[validate(custom(function = "school_role"))]
    pub role: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhaseDto {
    /// One of the seven phases, e.g. `mapping_needs`.
    pub phase: String,
    /// `not_started`, `in_progress`, `done` or `skipped`.
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_on: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhasePut {
    /// `not_started`, `in_progress`, `done` or `skipped`.
    pub status: String,
    pub started_on: Option<NaiveDate>,
    pub finished_on: Option<NaiveDate>,
    #[validate(length(max = 5000))]
    pub notes: Option<String>,
}

/// Mentoring hours against the programme's range.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HoursDto {
    pub minutes: u64,
    pub hours: f64,
    /// `below`, `within` or `above` the programme's range (mentee schools only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub against_target: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrolmentDto {
    pub id: Uuid,
    pub programme_id: Uuid,
    pub school_id: Uuid,
    pub school_name: String,
    pub hub_id: Uuid,
    pub role: String,
    /// `approved`, or `pending` until the school's own hub approves.
    pub approval: String,
    pub cycle: u32,
    /// The phases of the current cycle, in the usual order.
    pub phases: Vec<PhaseDto>,
    /// Final activities of relationships in which this school or its staff are mentees.
    pub mentoring: HoursDto,
    /// The caller may edit the phases (coordinators, the school's leaders).
    pub can_edit: bool,
    /// A new cycle may start (its reflection is done).
    pub can_start_cycle: bool,
    /// The current cycle's needs-mapping findings in counts, for those who see them (the
    /// programme's coordinators, the school's hub, staff and mentors).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub needs: Option<NeedsSummaryDto>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MentorHoursDto {
    pub person_id: Uuid,
    pub name: String,
    pub hours: HoursDto,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipHoursDto {
    pub id: Uuid,
    pub title: String,
    pub kind: String,
    pub status: String,
    pub hours: HoursDto,
}

/// Schools × phases with hours against targets.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BoardDto {
    pub programme: ProgrammeDto,
    pub phases: Vec<String>,
    pub schools: Vec<EnrolmentDto>,
    /// All final activities of the programme (relationships and the programme itself),
    /// each counted once.
    pub total: HoursDto,
    pub relationships: Vec<RelationshipHoursDto>,
    pub mentors: Vec<MentorHoursDto>,
    pub courses: Vec<CourseSummaryDto>,
    /// Course hours against the programme's training targets, per audience.
    pub training: Vec<TrainingTargetDto>,
}

// ---------- relationships ----------

#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParticipantIn {
    /// A person (by id) …
    pub person_id: Option<Uuid>,
    /// … or by e-mail address …
    #[validate(email, length(max = 254))]
    pub email: Option<String>,
    /// … or a school, which acts through its leaders; for a person, the school they
    /// take part for (default: their own school in the hub).
    pub school_id: Option<Uuid>,
    /// `mentor`, `mentee`, `peer` or `facilitator`.
    #[validate(custom(function = "participant_role"))]
    pub role: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GoalIn {
    #[validate(
        length(min = 1, max = 1000),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub text: String,
    /// How the relationship will know the goal is reached.
    #[validate(
        length(min = 1, max = 1000),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub indicator: String,
    /// `open`, `achieved` or `dropped` (default `open`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationshipCreate {
    /// The hub (default: the programme's).
    pub hub_id: Option<Uuid>,
    pub programme_id: Option<Uuid>,
    #[validate(custom(function = "kind"))]
    pub kind: String,
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub title: String,
    /// Instrument areas or competences, e.g. `2`, `3.1`, `infrastructure`.
    #[serde(default)]
    #[validate(length(max = 30), custom(function = "keys"))]
    pub focus: Vec<String>,
    #[validate(length(max = 5000))]
    pub agreement: Option<String>,
    /// E.g. "every second week, 90 minutes".
    #[validate(length(max = 200))]
    pub meeting_rhythm: Option<String>,
    #[validate(length(min = 1, max = 50), nested)]
    pub participants: Vec<ParticipantIn>,
    #[serde(default)]
    #[validate(length(max = 20), nested)]
    pub goals: Vec<GoalIn>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationshipPatch {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub title: Option<String>,
    #[validate(length(max = 30), custom(function = "keys"))]
    pub focus: Option<Vec<String>>,
    #[validate(length(max = 5000))]
    pub agreement: Option<String>,
    #[validate(length(max = 200))]
    pub meeting_rhythm: Option<String>,
    /// Replaces the goals.
    #[validate(length(max = 20), nested)]
    pub goals: Option<Vec<GoalIn>>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransitionIn {
    /// `active`, `paused`, `completed` or `cancelled`.
    pub to: String,
    #[validate(length(max = 2000))]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParticipantDto {
    pub id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_id: Option<Uuid>,
    /// The person's name, or the school's for a school.
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_name: Option<String>,
    pub role: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoalDto {
    pub id: Uuid,
    pub text: String,
    pub indicator: String,
    pub status: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    pub to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    pub by_name: String,
    pub at: DateTime<Utc>,
}

/// What the caller may do in a relationship.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipRightsDto {
    /// Edit, add participants, change the lifecycle.
    pub manage: bool,
    /// Log activities.
    pub log: bool,
    /// The caller's roles in it (directly or through their school).
    pub roles: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipDto {
    pub id: Uuid,
    pub hub_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme_name: Option<String>,
    pub kind: String,
    pub title: String,
    pub focus: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_rhythm: Option<String>,
    /// `proposed`, `active`, `paused`, `completed` or `cancelled`.
    pub status: String,
    /// Lifecycle states it may move to next.
    pub next: Vec<String>,
    pub participants: Vec<ParticipantDto>,
    pub goals: Vec<GoalDto>,
    pub history: Vec<EventDto>,
    pub hours: HoursDto,
    pub rights: RelationshipRightsDto,
    /// Who may be ticked as attending an activity (for those who log): person
    /// participants and the staff of participating schools, with the role they attend in.
    pub attendable: Vec<AttendeeDto>,
    /// End-of-relationship feedback given by or to the caller.
    pub feedback: Vec<FeedbackDto>,
    /// Whom the caller may give feedback to (once it is completed): the other side,
    /// people and schools (a school's leaders give it for their school).
    pub feedback_to: Vec<ParticipantDto>,
    pub created_at: DateTime<Utc>,
    /// For `If-Match`.
    pub etag_version: i32,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RelationshipQuery {
    pub programme_id: Option<Uuid>,
    pub hub_id: Option<Uuid>,
    /// Only those the caller takes part in (directly or through their school).
    pub mine: Option<bool>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipSummaryDto {
    pub id: Uuid,
    pub hub_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme_id: Option<Uuid>,
    pub kind: String,
    pub title: String,
    pub status: String,
    /// Names of the participants, mentors first.
    pub participants: Vec<ParticipantDto>,
    pub hours: HoursDto,
    pub my_roles: Vec<String>,
}

// ---------- activities ----------

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActivityIn {
    /// The relationship it belongs to …
    pub relationship_id: Option<Uuid>,
    /// … or the programme (a programme-wide event).
    pub programme_id: Option<Uuid>,
    /// Local date in the hub's time zone.
    pub date: NaiveDate,
    /// Start time `HH:MM`, local in the hub's time zone (calendars then show the hour).
    #[validate(custom(function = "clock_time"))]
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub start_time: Option<String>,
    /// Where it takes place (a room, an address, a link).
    #[validate(length(max = 200))]
    pub place: Option<String>,
    /// 1 to 1,440.
    #[validate(range(min = 1, max = 1440))]
    pub duration_minutes: i64,
    /// `on_site`, `online` or `hybrid`.
    #[validate(custom(function = "mode"))]
    pub mode: String,
    /// A kind of the hub's list, e.g. `meeting`, `co_teaching`.
    #[validate(custom(function = "key"))]
    pub kind: String,
    /// `planned` (may be in the future), `draft`, or `final` (counted; not after today).
    pub state: String,
    /// People who took part (from the participants).
    #[serde(default)]
    #[validate(length(max = 100))]
    pub attendees: Vec<Uuid>,
    #[serde(default)]
    #[validate(length(max = 30), custom(function = "keys"))]
    pub topics: Vec<String>,
    #[validate(length(max = 10000))]
    pub notes: Option<String>,
    #[validate(length(max = 10000))]
    pub outcomes: Option<String>,
    #[validate(length(max = 10000))]
    pub follow_ups: Option<String>,
    #[serde(default)]
    #[validate(length(max = 20), custom(function = "links"))]
    pub evidence: Vec<String>,
}

fn clock_time(t: &str) -> Result<(), validator::ValidationError> {
    if chrono::NaiveTime::parse_from_str(t, "%H:%M").is_ok() && t.len() == 5 {
        Ok(())
    } else {
        Err(validator::ValidationError::new("time")
            .with_message("Use a time such as 14:30.".into()))
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttendeeDto {
    pub person_id: Uuid,
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActivityDto {
    pub id: Uuid,
    pub hub_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relationship_id: Option<Uuid>,
    pub date: NaiveDate,
    /// `HH:MM` in the hub's time zone.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    pub duration_minutes: u32,
    pub mode: String,
    pub kind: String,
    pub state: String,
    pub attendees: Vec<AttendeeDto>,
    pub topics: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcomes: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub follow_ups: Option<String>,
    pub evidence: Vec<String>,
    pub author_id: Uuid,
    pub author_name: String,
    /// The caller may change it (its author; the hub's coordinators).
    pub can_edit: bool,
    /// Usefulness as rated by participants: mean of 1–5, and how many rated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating_mean: Option<f64>,
    pub ratings: u64,
    /// The caller's own rating.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub my_rating: Option<u8>,
    pub created_at: DateTime<Utc>,
    /// For `If-Match`.
    pub etag_version: i32,
}

/// The lists a hub picks from, with the defaults every hub starts with.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VocabularyDto {
    pub methods: Vec<String>,
    pub activity_kinds: Vec<String>,
    /// The hub's own methods and kinds (its coordinators may remove them again).
    pub custom_methods: Vec<String>,
    pub custom_activity_kinds: Vec<String>,
    pub phases: Vec<String>,
    pub kinds: Vec<String>,
    pub participant_roles: Vec<String>,
    pub school_roles: Vec<String>,
    pub modes: Vec<String>,
    /// Areas a relationship or activity may focus on: the areas of the shipped teacher
    /// competence and school readiness instruments, keyed `instrument:area`.
    pub focus: Vec<FocusOptionDto>,
    /// The needs-mapping checklist: the default items and the hub's own.
    pub needs_items: Vec<NeedsItemDto>,
    pub needs_topics: Vec<String>,
    pub finding_states: Vec<String>,
    pub priorities: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FocusOptionDto {
    /// E.g. `digcompedu-teacher:teaching` or `school-readiness:infrastructure`.
    pub key: String,
    pub title: String,
    /// The instrument's title.
    pub instrument: String,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// Language of the texts.
    #[param(pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    pub lang: Option<String>,
}

/// Hour totals keyed by id, for the roll-ups.
pub type Minutes = BTreeMap<Uuid, u64>;

// ---------- training courses ----------

pub fn audience(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, &AUDIENCES, "audience")
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseIn {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub title: String,
    /// `teachers` or `leaders`.
    #[validate(custom(function = "audience"))]
    pub audience: String,
    /// E.g. 32 (basic course), 30 (tailor-made), 39 (leading digital change).
    #[validate(range(min = 1, max = 1000))]
    pub planned_hours: u32,
    #[validate(length(max = 5000))]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CoursePatch {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub title: Option<String>,
    #[validate(range(min = 1, max = 1000))]
    pub planned_hours: Option<u32>,
    #[validate(length(max = 5000))]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionIn {
    /// Local date in the hub's time zone.
    pub date: NaiveDate,
    #[validate(range(min = 1, max = 1440))]
    pub duration_minutes: i64,
    #[validate(length(max = 200))]
    pub title: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CourseParticipantIn {
    pub person_id: Option<Uuid>,
    #[validate(email, length(max = 254))]
    pub email: Option<String>,
}

/// Who was present at one session (everyone else was not).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendancePut {
    pub session_id: Uuid,
    #[validate(length(max = 500))]
    pub present: Vec<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseSummaryDto {
    pub id: Uuid,
    pub programme_id: Uuid,
    pub title: String,
    pub audience: String,
    pub planned_hours: u32,
    pub sessions: u64,
    /// Hours of all its sessions.
    pub scheduled: HoursDto,
    pub participants: u64,
    /// Participants who completed it (see `completion_rule`).
    pub completed: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionDto {
    pub id: Uuid,
    pub date: NaiveDate,
    pub duration_minutes: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseParticipantDto {
    pub person_id: Uuid,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_name: Option<String>,
    /// Sessions attended.
    pub attended: Vec<Uuid>,
    pub hours: HoursDto,
    pub completed: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseDto {
    #[serde(flatten)]
    pub summary: CourseSummaryDto,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub sessions_list: Vec<SessionDto>,
    /// The rows the caller may see: all (those who run it), their school's staff
    /// (leaders), or their own.
    pub participant_rows: Vec<CourseParticipantDto>,
    /// How completion is decided, e.g. "at least 80 % of the planned hours attended".
    pub completion_share: f64,
    /// The caller runs the course (sessions, participants, attendance).
    pub manages: bool,
    pub programme_name: String,
    pub hub_id: Uuid,
    /// For `If-Match`.
    pub etag_version: i32,
}

/// Training against a programme's target for one audience.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TrainingTargetDto {
    /// `teachers` or `leaders`.
    pub audience: String,
    pub target_hours: u32,
    /// People enrolled in the programme's courses for this audience.
    pub participants: u64,
    /// Of them, those whose attended hours reach the target.
    pub reached: u64,
    /// All attended hours of the audience.
    pub attended: HoursDto,
}

// ---------- school development plans ----------

pub const ACTION_STATUSES: [&str; 5] = ["proposed", "planned", "in_progress", "done", "dropped"];

pub fn action_status(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, &ACTION_STATUSES, "status")
}

/// An area of the shipped instruments, `instrument:area`.
pub fn area_ref(v: &str) -> Result<(), validator::ValidationError> {
    let ok = v.split_once(':').is_some_and(|(i, a)| {
        [
            crate::reflection::service::DEFAULT_INSTRUMENT,
            crate::campaigns::service::DEFAULT_INSTRUMENT,
        ]
        .contains(&i)
            && !a.is_empty()
            && a.len() <= 64
    });
    if ok {
        Ok(())
    } else {
        Err(validator::ValidationError::new("area")
            .with_message("Use an area such as school-readiness:infrastructure.".into()))
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanCreate {
    /// E.g. "Digital development plan 2026/27".
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub title: String,
    /// A readiness campaign of the school: each of its focus items becomes a goal, with
    /// the area's value in that campaign as the current value.
    pub campaign_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanPatch {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub title: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanGoalIn {
    #[validate(
        length(min = 1, max = 1000),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub title: String,
    /// `school-readiness:<area>` (mean agreement 1–5) or `digcompedu-teacher:<area>`
    /// (level score 0 = A1 … 5 = C2).
    #[validate(custom(function = "area_ref"))]
    pub area: String,
    pub current_value: Option<f64>,
    pub target_value: f64,
    #[validate(
        length(min = 1, max = 1000),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub indicator: String,
    /// One of the school's people who answers for the goal.
    pub owner_id: Option<Uuid>,
    /// Free text, only for an owner without an account.
    #[validate(length(max = 200))]
    pub owner_name: Option<String>,
}

/// Change a goal: its title, target, indicator or owner (absent: unchanged; `null`
/// clears the owner).
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanGoalPatch {
    #[validate(
        length(min = 1, max = 1000),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub title: Option<String>,
    pub target_value: Option<f64>,
    #[validate(
        length(min = 1, max = 1000),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub indicator: Option<String>,
    #[serde(default, deserialize_with = "crate::platform::patch::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub owner_id: Option<Option<Uuid>>,
    #[serde(default, deserialize_with = "crate::platform::patch::double_option")]
    #[schema(value_type = Option<String>, max_length = 200)]
    #[validate(custom(function = "owner_text"))]
    pub owner_name: Option<Option<String>>,
}

#[allow(clippy::ptr_arg)] // validator hands the field as &String
fn owner_text(t: &String) -> Result<(), validator::ValidationError> {
    if t.chars().count() > 200 {
        Err(validator::ValidationError::new("length")
            .with_message("Must be at most 200 characters long.".into()))
    } else {
        Ok(())
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanActionIn {
    #[validate(
        length(min = 1, max = 1000),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub title: String,
    /// One of the school's people who does it.
    pub owner_id: Option<Uuid>,
    /// Free text, only for an owner without an account.
    #[validate(length(max = 200))]
    pub owner_name: Option<String>,
    pub due_on: Option<NaiveDate>,
    /// `planned` (default), `in_progress`, `done` or `dropped`; what a mentor adds is
    /// always `proposed` until the school's leader takes it up.
    #[validate(custom(function = "action_status"))]
    pub status: Option<String>,
    #[serde(default)]
    #[validate(length(max = 20), custom(function = "links"))]
    pub evidence: Vec<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanActionPatch {
    #[validate(
        length(min = 1, max = 1000),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "crate::platform::patch::double_option")]
    #[schema(value_type = Option<Uuid>)]
    pub owner_id: Option<Option<Uuid>>,
    #[validate(length(max = 200))]
    pub owner_name: Option<String>,
    pub due_on: Option<NaiveDate>,
    #[validate(custom(function = "action_status"))]
    pub status: Option<String>,
    #[validate(length(max = 20), custom(function = "links"))]
    pub evidence: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanCommentIn {
    #[validate(
        length(min = 1, max = 5000),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub text: String,
    pub goal_id: Option<Uuid>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanActionDto {
    pub id: Uuid,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<Uuid>,
    /// The owner's name (the person's, or the free text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due_on: Option<NaiveDate>,
    pub status: String,
    pub evidence: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proposed_by_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanGoalDto {
    pub id: Uuid,
    pub title: String,
    pub area: String,
    pub area_title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_item: Option<String>,
    /// The area's scale: 1–5 (readiness) or 0–5 (competence levels).
    pub scale_min: f64,
    pub scale_max: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub current_value: Option<f64>,
    pub target_value: f64,
    /// The value now: for a goal made from a statement, that statement's mean in the
    /// school's latest closed readiness campaign; otherwise the area's (readiness), or the
    /// published aggregate of its staff group (competence).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured_value: Option<f64>,
    /// Share of the way from the current to the target value, measured (0–100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub progress_percent: Option<f64>,
    pub indicator: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<Uuid>,
    /// The owner's name (the person's, or the free text).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
    pub actions: Vec<PlanActionDto>,
    pub actions_done: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanCommentDto {
    pub id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goal_id: Option<Uuid>,
    pub author_name: String,
    pub text: String,
    pub at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanRightsDto {
    /// Goals, actions, title: the school's leaders.
    pub edit: bool,
    /// Comment: the leaders, the school's mentors, the hub's coordinators.
    pub comment: bool,
    /// Propose actions: the school's mentors and the hub's coordinators.
    pub propose: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeasuredFromDto {
    pub campaign_id: Uuid,
    pub campaign_name: String,
    pub closes_on: NaiveDate,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanDto {
    pub id: Uuid,
    pub school_id: Uuid,
    pub school_name: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign_id: Option<Uuid>,
    pub goals: Vec<PlanGoalDto>,
    pub comments: Vec<PlanCommentDto>,
    pub rights: PlanRightsDto,
    /// The campaign the readiness goals are measured in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub measured_from: Option<MeasuredFromDto>,
    pub updated_at: DateTime<Utc>,
    /// For `If-Match`.
    pub etag_version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlanSummaryDto {
    pub id: Uuid,
    pub school_id: Uuid,
    pub title: String,
    pub goals: u64,
    pub actions: u64,
    pub actions_done: u64,
    pub updated_at: DateTime<Utc>,
}

// ---------- ratings and feedback ----------

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingIn {
    /// How useful it was: 1 (not at all) to 5 (very).
    #[validate(range(min = 1, max = 5))]
    pub rating: i64,
    #[validate(length(max = 2000))]
    pub comment: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeedbackIn {
    /// The person the feedback is for (a mentor for a mentee, or the other way) …
    pub to_person: Option<Uuid>,
    /// … or the school it is for (its leaders read it). Exactly one of the two.
    pub to_school_id: Option<Uuid>,
    /// 1 to 5.
    #[validate(range(min = 1, max = 5))]
    pub rating: i64,
    #[validate(length(max = 5000))]
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeedbackDto {
    /// Who wrote it (for a school: one of its leaders).
    pub from_person: Uuid,
    pub from_name: String,
    /// Written for this school.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_school_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_school_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_person: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_school_id: Option<Uuid>,
    /// The person's or the school's name.
    pub to_name: String,
    pub rating: u8,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub at: DateTime<Utc>,
}

// ---------- needs mapping ----------

/// Topics of the needs-mapping checklist.
pub const NEEDS_TOPICS: [&str; 2] = ["infrastructure", "security"];
/// How far an item of the checklist is in place at the school.
pub const FINDING_STATES: [&str; 4] = ["in_place", "partial", "missing", "unknown"];
pub const PRIORITIES: [&str; 3] = ["high", "medium", "low"];
/// The checklist every hub starts with, as (topic, item key); a hub adds its own items.
pub const DEFAULT_NEEDS_ITEMS: [(&str, &str); 12] = [
    ("infrastructure", "wifi_coverage"),
    ("infrastructure", "student_devices"),
    ("infrastructure", "teacher_devices"),
    ("infrastructure", "classroom_displays"),
    ("infrastructure", "learning_platform"),
    ("infrastructure", "technical_support"),
    ("security", "data_protection_policy"),
    ("security", "account_lifecycle"),
    ("security", "backups"),
    ("security", "strong_sign_in"),
    ("security", "device_updates"),
    ("security", "online_safety_teaching"),
];

pub fn needs_topic(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, &NEEDS_TOPICS, "topic")
}

pub fn finding_state(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, &FINDING_STATES, "state")
}

pub fn priority(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, &PRIORITIES, "priority")
}

/// An item of a hub's needs-mapping checklist.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NeedsItemDto {
    /// `infrastructure` or `security`.
    pub topic: String,
    /// A key of the default checklist (the SPA translates it), or the hub's own text.
    pub item: String,
    /// The hub added this item (its text is shown as written).
    pub custom: bool,
}

/// One finding of the needs mapping: how far a checklist item is in place.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingIn {
    /// `infrastructure` or `security`.
    #[validate(custom(function = "needs_topic"))]
    pub topic: String,
    /// An item of the hub's checklist for that topic.
    #[validate(length(min = 1, max = 120))]
    pub item: String,
    /// `in_place`, `partial`, `missing` or `unknown`.
    #[validate(custom(function = "finding_state"))]
    pub state: String,
    #[validate(length(max = 2000))]
    pub note: Option<String>,
    /// `high`, `medium` or `low`.
    #[validate(custom(function = "priority"))]
    pub priority: String,
}

/// The needs mapping of the current cycle, saved as a whole.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NeedsPut {
    /// The school's readiness campaign the mapping starts from (one the caller sees).
    pub campaign_id: Option<Uuid>,
    #[serde(default)]
    #[validate(length(max = 100), nested)]
    pub findings: Vec<FindingIn>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FindingDto {
    pub topic: String,
    pub item: String,
    /// The item is the hub's own text, not a key of the default checklist.
    pub custom: bool,
    pub state: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub priority: String,
}

/// Counts of the current cycle's findings, for the programme board.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct NeedsSummaryDto {
    pub recorded: u32,
    pub in_place: u32,
    pub partial: u32,
    pub missing: u32,
    pub unknown: u32,
    /// High-priority items not (yet) in place.
    pub open_high: u32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NeedsAreaDto {
    /// The readiness instrument's area key.
    pub key: String,
    pub title: String,
    /// Mean agreement 1–5 over the groups shown (each above the anonymity threshold).
    pub mean: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NeedsFocusDto {
    pub item: String,
    pub area: String,
    pub statement: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub area_mean: Option<f64>,
}

/// The readiness campaign a needs mapping starts from.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NeedsCampaignDto {
    pub id: Uuid,
    pub name: String,
    pub closes_on: NaiveDate,
    /// The caller sees the campaign's results (the school's own people always; the hub
    /// once the leader shares the report). When false, areas and focus are empty.
    pub results_visible: bool,
    pub areas: Vec<NeedsAreaDto>,
    /// The focus items the school chose in the campaign.
    pub focus: Vec<NeedsFocusDto>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignOptionDto {
    pub id: Uuid,
    pub name: String,
    pub closes_on: NaiveDate,
}

/// An enrolled school's needs mapping in its current cycle.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NeedsDto {
    pub enrolment_id: Uuid,
    pub programme_id: Uuid,
    pub programme_name: String,
    /// The programme's hub, whose checklist applies.
    pub hub_id: Uuid,
    pub school_id: Uuid,
    pub school_name: String,
    pub cycle: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub campaign: Option<NeedsCampaignDto>,
    /// The school's campaigns the caller may link, newest first.
    pub campaigns: Vec<CampaignOptionDto>,
    /// The hub's checklist: the default items and the hub's own.
    pub checklist: Vec<NeedsItemDto>,
    pub findings: Vec<FindingDto>,
    /// The previous cycle's findings, to compare with.
    pub previous: Vec<FindingDto>,
    pub summary: NeedsSummaryDto,
    /// The caller may edit it (the programme's coordinators, the school's leaders and
    /// mentors).
    pub can_edit: bool,
    pub etag_version: i32,
}

/// A programme's own activities (events for all its schools, not of one relationship).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeActivitiesDto {
    pub items: Vec<ActivityDto>,
    /// The caller may log them (the programme's coordinators).
    pub can_log: bool,
    /// Who may attend, for those who log: the staff of approved schools, the hub's
    /// mentors and coordinators.
    pub attendable: Vec<AttendeeDto>,
}

/// A school a programme's coordinators may enrol: of the programme's hub or, with that
/// hub's approval, of another.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SchoolOptionDto {
    pub id: Uuid,
    pub name: String,
    pub hub_id: Uuid,
    pub hub_name: String,
    /// Of another hub: joins once that hub's coordinators approve.
    pub needs_approval: bool,
}
