//! Request and response shapes of the directory (hubs, schools, organisations).

use super::entity::{hub, hub_organisation, organisation, school};
use crate::platform::patch::double_option;
use crate::platform::validate::{self, split_languages};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

pub use super::model::{HubOrganisationRole, OrganisationKind, SchoolKind};

#[derive(Debug, Serialize, ToSchema)]
pub struct HubDto {
    pub id: Uuid,
    pub name: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Language codes, such as `et`, `fi`, `sv`.
    pub languages: Vec<String>,
    /// IANA time zone used for dates people see.
    pub time_zone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Changes on every update; the `ETag` carries it.
    pub version: i32,
}

impl From<hub::Model> for HubDto {
    fn from(m: hub::Model) -> Self {
        HubDto {
            id: m.id,
            name: m.name,
            country: m.country,
            region: m.region,
            languages: split_languages(&m.languages),
            time_zone: m.time_zone,
            description: m.description,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HubCreate {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    pub name: String,
    #[schema(pattern = "^[A-Z]{2}$")]
    #[validate(custom(function = "validate::country"))]
    pub country: String,
    #[schema(max_length = 200)]
    #[validate(length(max = 200))]
    pub region: Option<String>,
    #[schema(min_items = 1, max_items = 20)]
    #[validate(custom(function = "validate_languages"))]
    pub languages: Vec<String>,
    #[schema(min_length = 1, max_length = 64, example = "Europe/Tallinn")]
    #[validate(custom(function = "validate::time_zone"))]
    pub time_zone: String,
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000))]
    pub description: Option<String>,
}

fn validate_languages(ls: &[String]) -> Result<(), validator::ValidationError> {
    validate::languages(ls)
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HubPatch {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    pub name: Option<String>,
    #[schema(pattern = "^[A-Z]{2}$")]
    #[validate(custom(function = "validate::country"))]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 200)]
    #[validate(length(max = 200))]
    pub region: Option<Option<String>>,
    #[schema(min_items = 1, max_items = 20)]
    #[validate(custom(function = "validate_languages"))]
    pub languages: Option<Vec<String>>,
    #[schema(min_length = 1, max_length = 64, example = "Europe/Tallinn")]
    #[validate(custom(function = "validate::time_zone"))]
    pub time_zone: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 5000)]
    #[validate(length(max = 5000))]
    pub description: Option<Option<String>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HubQuery {
    /// Case-insensitive part of the name.
    pub q: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// 1 to 200; default 50.
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolDto {
    pub id: Uuid,
    pub hub_id: Uuid,
    pub name: String,
    pub country: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub municipality: Option<String>,
    pub kind: SchoolKind,
    /// Languages of instruction.
    pub languages: Vec<String>,
    pub time_zone: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub teacher_count: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub student_count: Option<i32>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<school::Model> for SchoolDto {
    fn from(m: school::Model) -> Self {
        SchoolDto {
            id: m.id,
            hub_id: m.hub_id,
            name: m.name,
            country: m.country,
            municipality: m.municipality,
            kind: m.kind,
            languages: split_languages(&m.languages),
            time_zone: m.time_zone,
            teacher_count: m.teacher_count,
            student_count: m.student_count,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolCreate {
    pub hub_id: Uuid,
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    pub name: String,
    #[schema(pattern = "^[A-Z]{2}$")]
    #[validate(custom(function = "validate::country"))]
    pub country: String,
    #[schema(max_length = 200)]
    #[validate(length(max = 200))]
    pub municipality: Option<String>,
    pub kind: SchoolKind,
    #[schema(min_items = 1, max_items = 20)]
    #[validate(custom(function = "validate_languages"))]
    pub languages: Vec<String>,
    #[schema(min_length = 1, max_length = 64, example = "Europe/Tallinn")]
    #[validate(custom(function = "validate::time_zone"))]
    pub time_zone: String,
    #[schema(minimum = 0, maximum = 100000)]
    #[validate(range(min = 0, max = 100000))]
    pub teacher_count: Option<i32>,
    #[schema(minimum = 0, maximum = 1000000)]
    #[validate(range(min = 0, max = 1000000))]
    pub student_count: Option<i32>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolPatch {
    /// Moving a school to another hub needs the right to add schools there.
    pub hub_id: Option<Uuid>,
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    pub name: Option<String>,
    #[schema(pattern = "^[A-Z]{2}$")]
    #[validate(custom(function = "validate::country"))]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 200)]
    #[validate(length(max = 200))]
    pub municipality: Option<Option<String>>,
    pub kind: Option<SchoolKind>,
    #[schema(min_items = 1, max_items = 20)]
    #[validate(custom(function = "validate_languages"))]
    pub languages: Option<Vec<String>>,
    #[schema(min_length = 1, max_length = 64, example = "Europe/Tallinn")]
    #[validate(custom(function = "validate::time_zone"))]
    pub time_zone: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>)]
    #[schema(minimum = 0, maximum = 100000)]
    #[validate(range(min = 0, max = 100000))]
    pub teacher_count: Option<Option<i32>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i32>)]
    #[schema(minimum = 0, maximum = 1000000)]
    #[validate(range(min = 0, max = 1000000))]
    pub student_count: Option<Option<i32>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SchoolQuery {
    pub q: Option<String>,
    pub hub_id: Option<Uuid>,
    pub country: Option<String>,
    pub kind: Option<SchoolKind>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDto {
    pub id: Uuid,
    pub name: String,
    pub kind: OrganisationKind,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub website: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<organisation::Model> for OrganisationDto {
    fn from(m: organisation::Model) -> Self {
        OrganisationDto {
            id: m.id,
            name: m.name,
            kind: m.kind,
            country: m.country,
            website: m.website,
            created_at: m.created_at,
            updated_at: m.updated_at,
            version: m.version,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationCreate {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    pub name: String,
    pub kind: OrganisationKind,
    #[schema(pattern = "^[A-Z]{2}$")]
    #[validate(custom(function = "validate::country"))]
    pub country: Option<String>,
    #[schema(max_length = 500, format = "uri")]
    #[validate(url, length(max = 500))]
    pub website: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationPatch {
    #[schema(min_length = 1, max_length = 200, pattern = r"\S")]
    #[validate(length(min = 1, max = 200), custom(function = "validate::not_blank"))]
    pub name: Option<String>,
    pub kind: Option<OrganisationKind>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[schema(pattern = "^[A-Z]{2}$")]
    #[validate(custom(function = "validate::country"))]
    pub country: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    #[schema(max_length = 500, format = "uri")]
    #[validate(url, length(max = 500))]
    pub website: Option<Option<String>>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganisationQuery {
    pub q: Option<String>,
    pub kind: Option<OrganisationKind>,
    pub country: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct HubOrganisationDto {
    pub id: Uuid,
    pub hub_id: Uuid,
    pub role: HubOrganisationRole,
    pub organisation: OrganisationDto,
    pub created_at: DateTime<Utc>,
}

impl HubOrganisationDto {
    pub fn new(link: hub_organisation::Model, org: organisation::Model) -> Self {
        HubOrganisationDto {
            id: link.id,
            hub_id: link.hub_id,
            role: link.role,
            organisation: org.into(),
            created_at: link.created_at,
        }
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HubOrganisationCreate {
    pub organisation_id: Uuid,
    pub role: HubOrganisationRole,
}
