//! What the lists endpoints send and receive.

use crate::mentoring::needs::dto::NeedsItemDto;
use serde::Serialize;
use utoipa::ToSchema;

/// The lists a hub picks from, with the defaults every hub starts with.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VocabularyDto {
    pub methods: Vec<String>,
    pub activity_kinds: Vec<String>,
    /// The hub's own methods and kinds (its coordinators may remove them again).
    pub custom_methods: Vec<String>,
    pub custom_activity_kinds: Vec<String>,
    #[schema(value_type = Vec<crate::mentoring::model::Phase>)]
    pub phases: Vec<String>,
    #[schema(value_type = Vec<crate::mentoring::model::RelationshipKind>)]
    pub kinds: Vec<String>,
    #[schema(value_type = Vec<crate::mentoring::model::ParticipantRole>)]
    pub participant_roles: Vec<String>,
    #[schema(value_type = Vec<crate::mentoring::model::SchoolRole>)]
    pub school_roles: Vec<String>,
    #[schema(value_type = Vec<crate::mentoring::model::ActivityMode>)]
    pub modes: Vec<String>,
    /// Areas a relationship or activity may focus on: the areas of the shipped teacher
    /// competence and school readiness instruments, keyed `instrument:area`.
    pub focus: Vec<FocusOptionDto>,
    /// The needs-mapping checklist: the default items and the hub's own.
    pub needs_items: Vec<NeedsItemDto>,
    #[schema(value_type = Vec<crate::mentoring::model::NeedsTopic>)]
    pub needs_topics: Vec<String>,
    #[schema(value_type = Vec<crate::mentoring::model::FindingState>)]
    pub finding_states: Vec<String>,
    #[schema(value_type = Vec<crate::mentoring::model::NeedsPriority>)]
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
