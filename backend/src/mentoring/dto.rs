//! What the mentoring sub-features share in their requests and answers: the model's
//! vocabularies and their checks, hours, the language query.

use crate::mentoring::model::{
    ActivityMode, CourseAudience, ParticipantRole, RelationshipKind, SchoolRole,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Programme roles of an enrolled school.
pub const SCHOOL_ROLES: &[&str] = SchoolRole::NAMES;
/// Kinds of mentoring relationship.
pub const KINDS: &[&str] = RelationshipKind::NAMES;
/// Roles of a relationship's participants.
pub const PARTICIPANT_ROLES: &[&str] = ParticipantRole::NAMES;
/// Where activities take place.
pub const MODES: &[&str] = ActivityMode::NAMES;
/// Training audiences with hour targets.
pub const AUDIENCES: &[&str] = CourseAudience::NAMES;

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

pub(crate) use crate::platform::enums::one_of;

pub fn school_role(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, SCHOOL_ROLES, "school_role")
}

pub fn kind(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, KINDS, "relationship_kind")
}

pub fn participant_role(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, PARTICIPANT_ROLES, "role")
}

pub fn mode(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, MODES, "mode")
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

/// Mentoring hours against the programme's range.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HoursDto {
    pub minutes: u64,
    pub hours: f64,
    /// `below`, `within` or `above` the programme's range (mentee schools only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub against_target: Option<String>,
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

pub fn audience(v: &str) -> Result<(), validator::ValidationError> {
    one_of(v, AUDIENCES, "audience")
}
