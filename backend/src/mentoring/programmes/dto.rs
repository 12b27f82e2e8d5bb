//! What the programmes endpoints send and receive.

use crate::mentoring::dto::{HoursDto, key, school_role};
use crate::mentoring::needs::dto::NeedsSummaryDto;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

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
    #[schema(value_type = crate::mentoring::model::SchoolRole)]
    pub role: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PhaseDto {
    /// One of the seven phases, e.g. `mapping_needs`.
    pub phase: crate::mentoring::model::Phase,
    /// `not_started`, `in_progress`, `done` or `skipped`.
    pub status: crate::mentoring::model::PhaseStatus,
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
    #[schema(value_type = crate::mentoring::model::PhaseStatus)]
    pub status: String,
    pub started_on: Option<NaiveDate>,
    pub finished_on: Option<NaiveDate>,
    #[validate(length(max = 5000))]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EnrolmentDto {
    pub id: Uuid,
    pub programme_id: Uuid,
    pub school_id: Uuid,
    pub school_name: String,
    pub hub_id: Uuid,
    pub role: crate::mentoring::model::SchoolRole,
    /// `approved`, or `pending` until the school's own hub approves.
    pub approval: crate::mentoring::model::EnrolmentApproval,
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
