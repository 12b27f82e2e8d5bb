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
