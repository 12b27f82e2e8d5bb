//! What the campaign endpoints send and receive.

use crate::instruments::dto::AreaDto;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// A question written by the school, answered on the agreement scale.
#[derive(Debug, Clone, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CustomItem {
    /// A stable key for the question (lower-case letters, digits and `_`, up to 32). The
    /// same key in two campaigns of the school means the same question, and only then does
    /// the report compare it with "last time": to ask a question again, send it with its
    /// key from the earlier campaign's `custom_items`. Omitted: a new key is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[validate(custom(function = "own_key"))]
    #[schema(pattern = "^[a-z0-9_]{1,32}$")]
    pub key: Option<String>,
    #[validate(
        length(min = 3, max = 300),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub statement: String,
    /// The statement in other languages: language code → text (the questionnaire and the
    /// report show it to those who read that language).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[validate(custom(function = "own_translations"))]
    pub translations: BTreeMap<String, String>,
    /// The groups that answer it (default: every group of the campaign).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<crate::campaigns::model::RespondentGroup>)]
    pub groups: Vec<String>,
}

fn own_key(k: &str) -> Result<(), validator::ValidationError> {
    if (1..=32).contains(&k.len())
        && k.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        Ok(())
    } else {
        Err(validator::ValidationError::new("key")
            .with_message("Use lower-case letters, digits and _ (up to 32).".into()))
    }
}

fn own_translations(t: &BTreeMap<String, String>) -> Result<(), validator::ValidationError> {
    let ok = t.len() <= 20
        && t.iter().all(|(lang, text)| {
            crate::platform::validate::language(lang)
                && (3..=300).contains(&text.chars().count())
                && crate::platform::validate::not_blank(text).is_ok()
        });
    if ok {
        Ok(())
    } else {
        Err(
            validator::ValidationError::new("translations").with_message(
                "Language codes such as et or fi, each with a statement of 3 to 300 characters."
                    .into(),
            ),
        )
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignCreate {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub name: String,
    /// Instrument key (default: the shipped school readiness instrument, current version).
    #[validate(length(min = 1, max = 64))]
    pub instrument: Option<String>,
    /// Respondent groups: any of `leader`, `teacher`, `student`.
    #[validate(length(min = 1, max = 3))]
    #[schema(value_type = Vec<crate::campaigns::model::RespondentGroup>)]
    pub groups: Vec<String>,
    /// First day of answering, in the school's time zone.
    pub opens_on: NaiveDate,
    /// Last day of answering, in the school's time zone.
    pub closes_on: NaiveDate,
    /// Optional items of the instrument to ask as well.
    #[serde(default)]
    #[validate(length(max = 100))]
    pub optional_items: Vec<String>,
    /// Up to 10 questions written by the school.
    #[serde(default)]
    #[validate(length(max = 10), nested)]
    pub custom_items: Vec<CustomItem>,
    /// Expected number of respondents per group, for the participation rate.
    #[serde(default)]
    pub expected: BTreeMap<String, u32>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignPatch {
    /// Items the school chooses to work on (2–3 recommended); they start the development plan.
    #[validate(length(max = 10))]
    pub focus_items: Option<Vec<String>>,
    /// Share the report with the mentors of the school's hub.
    pub shared_with_mentors: Option<bool>,
    /// Share the report with the hub's coordinators.
    pub shared_with_coordinator: Option<bool>,
    /// Move the close date (not into the past).
    pub closes_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CodeDto {
    #[schema(value_type = crate::campaigns::model::RespondentGroup)]
    pub group: String,
    /// Unguessable and easy to type, e.g. `K7QX-M2PD-R8TW`.
    pub code: String,
    /// The path respondents open (append it to the server's address).
    pub path: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParticipationDto {
    #[schema(value_type = crate::campaigns::model::RespondentGroup)]
    pub group: String,
    /// Submitted responses.
    pub responses: u64,
    /// Started but not submitted.
    pub in_progress: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<u32>,
    /// Responses as a share of the expected number (0–100).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub percent: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignDto {
    pub id: Uuid,
    pub school_id: Uuid,
    pub school_name: String,
    pub name: String,
    pub instrument: String,
    pub version: String,
    #[schema(value_type = Vec<crate::campaigns::model::RespondentGroup>)]
    pub groups: Vec<String>,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    pub time_zone: String,
    /// `scheduled`, `open` or `closed`.
    #[schema(value_type = crate::campaigns::model::CampaignStatus)]
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_early_at: Option<DateTime<Utc>>,
    pub optional_items: Vec<String>,
    pub custom_items: Vec<CustomItem>,
    pub expected: BTreeMap<String, u32>,
    pub focus_items: Vec<String>,
    pub shared_with_mentors: bool,
    pub shared_with_coordinator: bool,
    /// Access codes: only for those who manage the campaign.
    pub codes: Vec<CodeDto>,
    pub participation: Vec<ParticipationDto>,
    pub created_at: DateTime<Utc>,
    /// For `If-Match`.
    pub etag_version: i32,
}

/// What a respondent sees after entering a code.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RespondFormDto {
    pub campaign: String,
    pub school: String,
    #[schema(value_type = crate::campaigns::model::RespondentGroup)]
    pub group: String,
    pub language: String,
    pub opens_on: NaiveDate,
    pub closes_on: NaiveDate,
    /// Leaders answer as the school's leadership: their answers are shown from one
    /// response, and they are told so before answering.
    pub identified: bool,
    pub areas: Vec<AreaDto>,
}

/// A new anonymous response: keep the token on the device to resume.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResponseStartedDto {
    pub id: Uuid,
    /// Send as `X-Response-Token` with every answer; it cannot be shown again.
    pub token: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ResponseDto {
    pub id: Uuid,
    /// `in_progress` or `submitted`.
    #[schema(value_type = crate::reflection::model::ReflectionStatus)]
    pub status: String,
    pub answers: BTreeMap<String, String>,
}

/// A whole response at once: every answer, keyed by item.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseSubmitWhole {
    /// Item key → answer, as `put_response_answer` takes them one by one.
    pub answers: BTreeMap<String, String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResponseAnswerPut {
    #[validate(length(min = 1, max = 2000))]
    pub value: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GroupItemDto {
    #[schema(value_type = crate::campaigns::model::RespondentGroup)]
    pub group: String,
    pub n: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mean: Option<f64>,
    pub distribution: BTreeMap<String, u64>,
    /// Share of "not applicable" / "prefer not to say" answers (0–100).
    pub unscored_percent: f64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportItemDto {
    pub key: String,
    pub area: String,
    pub statement: String,
    pub groups: Vec<GroupItemDto>,
    /// Mean of the visible groups' means.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall: Option<f64>,
    /// The visible groups differ by one point or more.
    pub groups_differ: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportAreaDto {
    pub key: String,
    pub title: String,
    /// Group → mean of the area's item means.
    pub groups: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub overall: Option<f64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportGroupDto {
    #[schema(value_type = crate::campaigns::model::RespondentGroup)]
    pub group: String,
    pub responses: u64,
    pub visible: bool,
    /// Why the group is hidden.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden_code: Option<HiddenCode>,
    pub identified: bool,
}

/// Why a group's results are not shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HiddenCode {
    /// The campaign is still open (or not yet open): results appear when it closes.
    NotClosed,
    /// Fewer respondents than the anonymity threshold.
    TooFew,
    NoResponses,
}

impl HiddenCode {
    pub fn parse(code: &str) -> Option<HiddenCode> {
        match code {
            "not_closed" => Some(HiddenCode::NotClosed),
            "too_few" => Some(HiddenCode::TooFew),
            "no_responses" => Some(HiddenCode::NoResponses),
            _ => None,
        }
    }
}

/// The school report: aggregates only, small anonymous groups hidden.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignReportDto {
    pub campaign_id: Uuid,
    pub name: String,
    pub school_name: String,
    pub language: String,
    #[schema(value_type = crate::campaigns::model::CampaignStatus)]
    pub status: String,
    /// False while the campaign is open or scheduled: results are shown once, when it
    /// has closed, so that no respondent's answers can be worked out by comparing two
    /// views of the report (before and after one more response).
    pub results_shown: bool,
    /// The smallest anonymous group that is shown.
    pub threshold: u64,
    pub groups: Vec<ReportGroupDto>,
    pub areas: Vec<ReportAreaDto>,
    pub items: Vec<ReportItemDto>,
    /// Three highest items across visible groups (ties: instrument order).
    pub strongest: Vec<String>,
    /// Three lowest items across visible groups (ties: instrument order).
    pub weakest: Vec<String>,
    /// Share of unscored answers over all visible answers (0–100).
    pub unscored_percent: f64,
    pub focus_items: Vec<String>,
    /// The school's previous campaign, compared on the items both share.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub previous_campaign: Option<Uuid>,
}
