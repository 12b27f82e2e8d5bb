//! What the relationships endpoints send and receive.

use crate::mentoring::activities::dto::AttendeeDto;
use crate::mentoring::dto::{HoursDto, keys, kind, participant_role};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

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
    #[schema(value_type = crate::mentoring::model::ParticipantRole)]
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
    #[schema(value_type = Option<crate::mentoring::model::GoalStatus>)]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RelationshipCreate {
    /// The hub (default: the programme's).
    pub hub_id: Option<Uuid>,
    pub programme_id: Option<Uuid>,
    #[validate(custom(function = "kind"))]
    #[schema(value_type = crate::mentoring::model::RelationshipKind)]
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
    pub role: crate::mentoring::model::ParticipantRole,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GoalDto {
    pub id: Uuid,
    pub text: String,
    pub indicator: String,
    pub status: crate::mentoring::model::GoalStatus,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EventDto {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<crate::mentoring::model::RelationshipStatus>,
    pub to: crate::mentoring::model::RelationshipStatus,
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
    pub roles: Vec<crate::mentoring::model::ParticipantRole>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipDto {
    pub id: Uuid,
    pub hub_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme_name: Option<String>,
    pub kind: crate::mentoring::model::RelationshipKind,
    pub title: String,
    pub focus: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub agreement: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meeting_rhythm: Option<String>,
    /// `proposed`, `active`, `paused`, `completed` or `cancelled`.
    pub status: crate::mentoring::model::RelationshipStatus,
    /// The statuses it may move to next (for those who manage it).
    pub next: Vec<crate::mentoring::model::RelationshipStatus>,
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
    /// `true`: only those the caller takes part in (in person, through a school they work
    /// at, or as whoever set it up); `false`: only the others they see.
    pub mine: Option<bool>,
    /// 1 to 200; default 50.
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipSummaryDto {
    pub id: Uuid,
    pub hub_id: Uuid,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub programme_id: Option<Uuid>,
    pub kind: crate::mentoring::model::RelationshipKind,
    pub title: String,
    pub status: crate::mentoring::model::RelationshipStatus,
    /// Names of the participants, mentors first.
    pub participants: Vec<ParticipantDto>,
    pub hours: HoursDto,
    pub my_roles: Vec<crate::mentoring::model::ParticipantRole>,
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
