//! Requests and answers of research datasets and data-use agreements.

use super::model::{DatasetKind, DatasetStatus};
use crate::analytics::model::ScopeKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

/// Record that an organisation signed a data-use agreement.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct AgreementInput {
    pub organisation_id: Uuid,
    /// The agreement's reference: a contract number or file name (1–200 characters).
    #[validate(length(min = 1, max = 200))]
    pub reference: String,
    /// The day it was signed, `YYYY-MM-DD`.
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub signed_on: String,
    /// The last day it holds, `YYYY-MM-DD`; none: until revoked.
    #[serde(default)]
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub valid_until: Option<String>,
}

/// A data-use agreement on record.
#[derive(Debug, Serialize, ToSchema)]
pub struct AgreementDto {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub reference: String,
    pub signed_on: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// Whether it holds today.
    pub holds: bool,
    pub created_at: DateTime<Utc>,
}

/// Generate a dataset.
#[derive(Debug, Deserialize, ToSchema, Validate)]
pub struct DatasetInput {
    /// The organisation that receives the data (a research partner of the scope's hub,
    /// with a data-use agreement that holds today).
    pub organisation_id: Uuid,
    /// What the dataset has a row for.
    #[schema(value_type = DatasetKind)]
    pub kind: String,
    /// `platform` (admins), `hub`, `programme` or `school`.
    #[schema(value_type = ScopeKind)]
    pub scope: String,
    /// The hub, programme or school (not for the platform).
    #[serde(default)]
    pub scope_id: Option<Uuid>,
    /// First month, `YYYY-MM`.
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub from: String,
    /// Last month, `YYYY-MM`, included.
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}$")]
    pub to: String,
}

/// A dataset and where its generation stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct DatasetDto {
    pub id: Uuid,
    pub organisation_id: Uuid,
    pub organisation_name: String,
    pub kind: DatasetKind,
    pub scope: ScopeKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_id: Option<Uuid>,
    /// The scope's name (the hub, programme or school).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scope_name: Option<String>,
    /// First month, `YYYY-MM`.
    pub from: String,
    /// Last month, `YYYY-MM`.
    pub to: String,
    pub status: DatasetStatus,
    /// Rows written so far (when ready: all of them).
    pub rows_done: i64,
    /// Rows expected (an estimate until ready).
    pub rows_total: i64,
    /// Rows left out because their school could not be generalised into a group of k.
    pub rows_dropped: i64,
    /// People (teachers or respondents) behind the rows.
    pub people: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file_size: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<DateTime<Utc>>,
    /// When the file is removed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires_at: Option<DateTime<Utc>>,
    /// Whether the caller may download the file (ready, and the caller is an admin or a
    /// researcher of the hub).
    pub downloadable: bool,
}

/// The organisations a caller may generate datasets for, with their hubs.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecipientDto {
    pub organisation_id: Uuid,
    pub organisation_name: String,
    /// Hubs where it is a research partner.
    pub hub_ids: Vec<Uuid>,
    /// Whether a data-use agreement holds today.
    pub agreement: bool,
}
