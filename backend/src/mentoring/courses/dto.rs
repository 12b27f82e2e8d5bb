//! What the courses endpoints send and receive.

use crate::mentoring::dto::{HoursDto, audience};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

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
    #[schema(value_type = crate::mentoring::model::CourseAudience)]
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
    pub audience: crate::mentoring::model::CourseAudience,
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
    pub audience: crate::mentoring::model::CourseAudience,
    pub target_hours: u32,
    /// People enrolled in the programme's courses for this audience.
    pub participants: u64,
    /// Of them, those whose attended hours reach the target.
    pub reached: u64,
    /// All attended hours of the audience.
    pub attended: HoursDto,
}
