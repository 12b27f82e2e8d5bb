//! What the plans endpoints send and receive.

use crate::mentoring::dto::one_of;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

pub const ACTION_STATUSES: &[&str] = crate::mentoring::model::PlanActionStatus::NAMES;

pub fn action_status(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, ACTION_STATUSES, "status")
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
pub(crate) fn owner_text(t: &String) -> Result<(), validator::ValidationError> {
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
    #[schema(value_type = Option<crate::mentoring::model::PlanActionStatus>)]
    pub status: Option<String>,
    #[serde(default)]
    #[validate(length(max = 20), custom(function = "crate::reflection::dto::links"))]
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
    #[schema(value_type = Option<crate::mentoring::model::PlanActionStatus>)]
    pub status: Option<String>,
    #[validate(length(max = 20), custom(function = "crate::reflection::dto::links"))]
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
    pub status: crate::mentoring::model::PlanActionStatus,
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
