//! What the instrument endpoints send and receive.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use validator::Validate;

crate::string_enum! {
    /// Where a translation of an instrument stands: a draft, or reviewed by a person.
    ReviewStatus {
        Draft = "draft",
        Reviewed = "reviewed",
    }
}

/// How far a translation covers the English texts, and whether a hub has reviewed it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TranslationStatusDto {
    pub language: String,
    /// `draft` or `reviewed`.
    #[schema(value_type = ReviewStatus)]
    pub status: String,
    /// Texts present in this language.
    pub translated: usize,
    /// Texts the English version has.
    pub total: usize,
    pub updated_at: DateTime<Utc>,
    /// For `If-Match` when changing the status.
    pub version: i32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionSummaryDto {
    pub version: String,
    /// `shipped` (data files of this release) or `uploaded` (published through the API).
    pub origin: String,
    /// The version new reflections and campaigns use.
    pub current: bool,
    /// Reflections (and, later, campaigns) use it; it can never change.
    pub in_use: bool,
    pub items: usize,
    pub created_at: DateTime<Utc>,
    pub translations: Vec<TranslationStatusDto>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InstrumentDto {
    pub key: String,
    /// `teacher_competence`, `school_readiness`, or another kind an admin defined.
    pub kind: String,
    /// In the requested language where translated.
    pub title: String,
    pub current_version: String,
    /// Newest first.
    pub versions: Vec<VersionSummaryDto>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct LangQuery {
    /// Language of the texts (falls back to English where a translation has gaps).
    #[param(pattern = "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    pub lang: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OptionDto {
    pub value: String,
    /// `null` for answers that do not count ("not applicable", "prefer not to say").
    pub score: Option<f64>,
    /// The option as worded for this item (or the scale's label).
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meaning: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_step: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemDto {
    pub key: String,
    pub statement: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    pub scale: String,
    /// `ordinal` or `text`.
    pub scale_type: String,
    /// Ordinal items: the options in order.
    pub options: Vec<OptionDto>,
    /// Text items: the longest answer accepted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_length: Option<usize>,
    pub groups: Vec<String>,
    pub core: bool,
    pub required: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaDto {
    pub key: String,
    pub title: String,
    pub items: Vec<ItemDto>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScaleLevelDto {
    pub value: String,
    pub score: Option<f64>,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ScaleDto {
    pub key: String,
    /// `ordinal` or `text`.
    pub scale_type: String,
    pub levels: Vec<ScaleLevelDto>,
}

/// One version of an instrument, with texts in one language.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct VersionDto {
    pub key: String,
    pub kind: String,
    pub version: String,
    pub current: bool,
    pub in_use: bool,
    /// The language of the texts (gaps are filled with English).
    pub language: String,
    pub title: String,
    pub groups: Vec<String>,
    pub scales: Vec<ScaleDto>,
    pub areas: Vec<AreaDto>,
    pub translations: Vec<TranslationStatusDto>,
    /// The definition exactly as stored (the format `publish_instrument` takes).
    pub definition: serde_json::Value,
}

/// A new instrument, or a new version of one: the definition and its texts.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PublishInstrument {
    /// Key, version, kind, respondent groups, scales, areas and items.
    pub definition: serde_json::Value,
    /// One object per language; English is required.
    pub texts: Vec<serde_json::Value>,
}

/// The texts of one language, with what is still missing.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TextsDto {
    pub texts: serde_json::Value,
    pub status: TranslationStatusDto,
    /// Paths of the English texts this language lacks.
    pub missing: Vec<String>,
}

/// Replace the texts of one language. The status is `draft` unless given.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutTexts {
    pub texts: serde_json::Value,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextStatusPatch {
    /// `draft` or `reviewed`; reviewed needs a complete translation.
    #[schema(value_type = ReviewStatus)]
    #[validate(custom(function = "review_status"))]
    pub status: String,
}

fn review_status(s: &str) -> Result<(), validator::ValidationError> {
    if s == "draft" || s == "reviewed" {
        Ok(())
    } else {
        Err(validator::ValidationError::new("status")
            .with_message("Must be draft or reviewed.".into()))
    }
}
