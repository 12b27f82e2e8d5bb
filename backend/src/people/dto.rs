use crate::auth::model::Role;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GrantDto {
    pub id: Uuid,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonDto {
    pub id: Uuid,
    pub email: String,
    pub name: String,
    /// Preferred language of the interface.
    pub locale: String,
    pub active: bool,
    pub grants: Vec<GrantDto>,
    pub created_at: DateTime<Utc>,
    /// Own profile only: notifications also by e-mail (sent only when `email_available`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_by_email: Option<bool>,
    /// Own profile only: the server is set up to send e-mail.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_available: Option<bool>,
    /// Own profile only: one's submitted self-reflections count in anonymous statistics
    /// (on unless turned off).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_statistics: Option<bool>,
}

pub const LOCALES: &[&str] = &["en", "et", "fi", "sv", "lt", "ka", "nb"];

fn valid_locale(l: &str) -> Result<(), validator::ValidationError> {
    if LOCALES.contains(&l) {
        Ok(())
    } else {
        Err(validator::ValidationError::new("locale")
            .with_message("Must be one of en, et, fi, sv, lt, ka, nb.".into()))
    }
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MePatch {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub name: Option<String>,
    /// One of `en`, `et`, `fi`, `sv`, `lt`, `ka`, `nb`.
    #[schema(pattern = "^(en|et|fi|sv|lt|ka|nb)$")]
    #[validate(custom(function = "valid_locale"))]
    pub locale: Option<String>,
    /// Notifications also by e-mail (when the server can send mail).
    pub notify_by_email: Option<bool>,
    /// Count one's submitted self-reflections in anonymous statistics (hubs' indicators);
    /// never shown one by one either way.
    pub in_statistics: Option<bool>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeopleQuery {
    /// Case-insensitive part of the name or e-mail.
    pub q: Option<String>,
    pub role: Option<Role>,
    pub hub_id: Option<Uuid>,
    pub school_id: Option<Uuid>,
    pub active: Option<bool>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantCreate {
    pub role: Role,
    /// Required for `hub_coordinator`, `mentor` and `researcher`.
    pub hub_id: Option<Uuid>,
    /// Required for `school_leader` and `teacher`.
    pub school_id: Option<Uuid>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationCreate {
    #[schema(max_length = 254, format = Email)]
    #[validate(email, length(max = 254))]
    pub email: String,
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub name: Option<String>,
    pub role: Role,
    pub hub_id: Option<Uuid>,
    pub school_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationDto {
    pub id: Uuid,
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub_id: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_id: Option<Uuid>,
    /// `pending`, `accepted`, `revoked` or `expired`.
    #[schema(value_type = crate::people::model::InvitationStatus)]
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationCreated {
    pub invitation: InvitationDto,
    /// True when the link went out by e-mail.
    pub emailed: bool,
    /// The one-time link, shown only when it was not e-mailed: pass it on yourself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvitationQuery {
    /// `pending` (default), `accepted`, `revoked`, `expired` or `all`.
    pub status: Option<String>,
    pub limit: Option<u64>,
    pub cursor: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InvitationLookupQuery {
    pub token: String,
}

/// What the invited person sees before accepting.
#[derive(Debug, Serialize, ToSchema)]
pub struct InvitationPreview {
    pub email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub role: Role,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub school_name: Option<String>,
    pub expires_at: DateTime<Utc>,
    /// An account with this e-mail exists: accept with its password.
    pub existing_account: bool,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InvitationAccept {
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub token: String,
    /// Your name (for a new account).
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub name: Option<String>,
    /// A new password, or the existing account's password.
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub password: String,
    #[schema(pattern = "^(en|et|fi|sv|lt|ka|nb)$")]
    #[validate(custom(function = "valid_locale"))]
    pub locale: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PasswordResetLink {
    pub url: String,
    pub expires_at: DateTime<Utc>,
}
