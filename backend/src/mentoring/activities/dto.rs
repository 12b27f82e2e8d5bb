//! What the activities endpoints send and receive.

use crate::mentoring::dto::{key, keys, mode};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

/// A page of a relationship's activities.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActivityPageQuery {
    /// 1 to 200; default 50.
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

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
    #[schema(value_type = crate::mentoring::model::ActivityMode)]
    pub mode: String,
    /// A kind of the hub's list, e.g. `meeting`, `co_teaching`.
    #[validate(custom(function = "key"))]
    pub kind: String,
    /// `planned` (may be in the future), `draft`, or `final` (counted; not after today).
    #[schema(value_type = crate::mentoring::model::ActivityState)]
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
    #[validate(length(max = 20), custom(function = "crate::reflection::dto::links"))]
    pub evidence: Vec<String>,
}

pub(crate) fn clock_time(t: &str) -> Result<(), validator::ValidationError> {
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
    pub role: crate::mentoring::model::AttendeeRole,
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
    pub mode: crate::mentoring::model::ActivityMode,
    pub kind: String,
    pub state: crate::mentoring::model::ActivityState,
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

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RatingIn {
    /// How useful it was: 1 (not at all) to 5 (very).
    #[validate(range(min = 1, max = 5))]
    pub rating: i64,
    #[validate(length(max = 2000))]
    pub comment: Option<String>,
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
