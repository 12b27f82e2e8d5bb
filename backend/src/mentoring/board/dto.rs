//! What the board endpoints send and receive.

use crate::mentoring::courses::dto::{CourseSummaryDto, TrainingTargetDto};
use crate::mentoring::dto::HoursDto;
use crate::mentoring::programmes::dto::{EnrolmentDto, ProgrammeDto};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

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
    pub kind: crate::mentoring::model::RelationshipKind,
    pub status: crate::mentoring::model::RelationshipStatus,
    pub hours: HoursDto,
}

/// Schools × phases with hours against targets.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BoardDto {
    pub programme: ProgrammeDto,
    pub phases: Vec<crate::mentoring::model::Phase>,
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
