//! What the needs endpoints send and receive.

use crate::mentoring::dto::one_of;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// Topics of the needs-mapping checklist.
pub const NEEDS_TOPICS: &[&str] = crate::mentoring::model::NeedsTopic::NAMES;

/// How far an item of the checklist is in place at the school.
pub const FINDING_STATES: &[&str] = crate::mentoring::model::FindingState::NAMES;

pub const PRIORITIES: &[&str] = crate::mentoring::model::NeedsPriority::NAMES;

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
    one_of(v, NEEDS_TOPICS, "topic")
}

pub fn finding_state(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, FINDING_STATES, "state")
}

pub fn priority(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, PRIORITIES, "priority")
}

/// An item of a hub's needs-mapping checklist.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NeedsItemDto {
    /// `infrastructure` or `security`.
    #[schema(value_type = crate::mentoring::model::NeedsTopic)]
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
    #[schema(value_type = crate::mentoring::model::NeedsTopic)]
    pub topic: String,
    /// An item of the hub's checklist for that topic.
    #[validate(length(min = 1, max = 120))]
    pub item: String,
    /// `in_place`, `partial`, `missing` or `unknown`.
    #[validate(custom(function = "finding_state"))]
    #[schema(value_type = crate::mentoring::model::FindingState)]
    pub state: String,
    #[validate(length(max = 2000))]
    pub note: Option<String>,
    /// `high`, `medium` or `low`.
    #[validate(custom(function = "priority"))]
    #[schema(value_type = crate::mentoring::model::NeedsPriority)]
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
    pub topic: crate::mentoring::model::NeedsTopic,
    pub item: String,
    /// The item is the hub's own text, not a key of the default checklist.
    pub custom: bool,
    pub state: crate::mentoring::model::FindingState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub priority: crate::mentoring::model::NeedsPriority,
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
