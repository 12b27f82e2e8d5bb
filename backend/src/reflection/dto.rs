//! What the self-reflection endpoints send and receive.

use crate::instruments::dto::{AreaDto, ScaleLevelDto};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReflectionStart {
    /// Instrument key; the default is the shipped teacher digital-competence instrument.
    #[validate(length(min = 1, max = 64))]
    pub instrument: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerPut {
    /// An option's value (`b1`) for ordinal items, the text for free-text items.
    #[validate(length(min = 1, max = 10000))]
    pub value: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerDto {
    pub item_key: String,
    pub value: String,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgressDto {
    pub answered: usize,
    pub total: usize,
    pub required_answered: usize,
    pub required_total: usize,
    /// Required items not answered yet, in the instrument's order.
    pub missing_required: Vec<String>,
}

/// One self-reflection; only its owner (and people it is shared with) can see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReflectionDto {
    pub id: Uuid,
    pub instrument: String,
    pub version: String,
    pub title: String,
    /// `in_progress` or `submitted`.
    pub status: crate::reflection::model::ReflectionStatus,
    pub started_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<DateTime<Utc>>,
    pub progress: ProgressDto,
    /// Item key → answer.
    pub answers: BTreeMap<String, String>,
}

/// A reflection with its questions, in the caller's language: everything the
/// questionnaire needs in one response.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReflectionFormDto {
    pub reflection: ReflectionDto,
    pub language: String,
    pub areas: Vec<AreaDto>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReflectionSummaryDto {
    pub id: Uuid,
    pub instrument: String,
    pub version: String,
    pub title: String,
    pub status: crate::reflection::model::ReflectionStatus,
    pub started_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<DateTime<Utc>>,
    pub progress: ProgressDto,
    /// Overall result on the instrument's scale (e.g. 0 = A1 … 5 = C2).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall: Option<f64>,
    /// The level the overall result stands for, e.g. `b1`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall_level: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReflectionQuery {
    /// Only reflections on this instrument.
    pub instrument: Option<String>,
    /// `in_progress` or `submitted`.
    #[param(value_type = Option<crate::reflection::model::ReflectionStatus>)]
    pub status: Option<String>,
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Language of the texts (default: the caller's language).
    #[param(pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    pub lang: Option<String>,
}

/// A result on the scale, with the level it stands for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResultDto {
    /// On the scale's scores (DigCompEdu: 0 = A1 … 5 = C2).
    pub score: f64,
    /// The nearest level (ties go to the lower one), e.g. `b1`.
    pub level: String,
    /// Its label, e.g. "B1 Integrator".
    pub label: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaResultDto {
    pub key: String,
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<ResultDto>,
    /// Change since the previous submitted reflection, on the items both share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CompetenceResultDto {
    pub key: String,
    pub area: String,
    pub statement: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The chosen option as worded for this item.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_label: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub result: Option<ResultDto>,
    /// What this level means for this competence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
    /// A concrete next step from this level.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_score: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HistoryPointDto {
    pub id: Uuid,
    pub version: String,
    pub submitted_at: DateTime<Utc>,
    /// Scored on the items this reflection shares with the report's version.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall: Option<f64>,
    pub areas: BTreeMap<String, f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PreviousDto {
    pub id: Uuid,
    pub version: String,
    pub submitted_at: DateTime<Utc>,
}

/// A reflection's results: per competence, per area and overall, with meanings, next
/// steps, strongest and weakest competences, growth and history.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReflectionReportDto {
    pub reflection_id: Uuid,
    pub instrument: String,
    pub version: String,
    pub title: String,
    pub language: String,
    pub status: crate::reflection::model::ReflectionStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<DateTime<Utc>>,
    /// The levels of the scale, lowest first (for charts).
    pub levels: Vec<ScaleLevelDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall: Option<ResultDto>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall_change: Option<f64>,
    pub areas: Vec<AreaResultDto>,
    pub competences: Vec<CompetenceResultDto>,
    /// Up to three item keys, highest first; ties keep the instrument's order.
    pub strongest: Vec<String>,
    /// Up to three item keys, lowest first; ties keep the instrument's order.
    pub weakest: Vec<String>,
    /// The submitted reflection before this one (growth is measured against it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousDto>,
    /// Every submitted reflection on this instrument, oldest first.
    pub history: Vec<HistoryPointDto>,
    /// Levels agreed with mentors or peers, per area.
    pub agreed: Vec<AgreedDto>,
    /// Whether the caller owns the reflection (or reads it because it was shared).
    pub own: bool,
    /// The owner's name, for those it is shared with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner_name: Option<String>,
}

/// Share a reflection, or always one's latest submitted reflection, with a colleague.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShareCreate {
    /// A person from `GET /reflection-shares/candidates` …
    pub person_id: Option<Uuid>,
    /// … or the e-mail address of a mentor or peer in one's school or hub.
    #[validate(email, length(max = 254))]
    pub email: Option<String>,
    /// A specific reflection; leave out to share "always my latest".
    pub reflection_id: Option<Uuid>,
}

/// Someone a teacher may share a reflection with: a colleague of their school or hub.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShareCandidateDto {
    pub id: Uuid,
    pub name: String,
    /// Their roles where they meet the teacher (e.g. mentor of the hub, teacher of the school).
    pub roles: Vec<crate::auth::model::Role>,
    /// The school they work in, when they share it with the teacher.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_name: Option<String>,
    /// True when they work in the teacher's own school.
    pub same_school: bool,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CandidateQuery {
    /// Part of the name.
    #[param(max_length = 100)]
    pub q: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ShareDto {
    pub id: Uuid,
    pub grantee_id: Uuid,
    pub grantee_name: String,
    pub grantee_email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reflection_id: Option<Uuid>,
    /// Shares whatever the owner's latest submitted reflection is.
    pub latest: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IncomingShareDto {
    pub share_id: Uuid,
    pub owner_id: Uuid,
    pub owner_name: String,
    pub latest: bool,
    /// The reflection it gives access to now (none while the owner has not submitted one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reflection: Option<ReflectionSummaryDto>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreedPut {
    /// A level of the instrument's scale, e.g. `b1`.
    #[validate(length(min = 1, max = 32))]
    pub level: String,
    #[validate(length(max = 2000))]
    pub comment: Option<String>,
    /// Links to evidence (lesson plans, recordings, portfolios).
    #[serde(default)]
    #[validate(length(max = 10), custom(function = "crate::reflection::dto::links"))]
    pub evidence: Vec<String>,
}

pub fn links(v: &[String]) -> Result<(), validator::ValidationError> {
    for l in v {
        let ok = url::Url::parse(l).is_ok_and(|u| matches!(u.scheme(), "http" | "https"));
        if !ok || l.len() > 2000 {
            return Err(
                validator::ValidationError::new("url").with_message("Use http(s) links.".into())
            );
        }
    }
    Ok(())
}

/// A level agreed with a mentor or peer for one area, beside the self-rating.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgreedDto {
    pub area: String,
    pub level: String,
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    pub evidence: Vec<String>,
    pub by_name: String,
    pub at: DateTime<Utc>,
}
