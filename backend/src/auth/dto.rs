use super::model::ClientScope;
use crate::people::dto::PersonDto;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;
use validator::Validate;

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(min_length = 1, max_length = 254)]
    #[validate(length(min = 1, max = 254))]
    pub email: String,
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub password: String,
}

/// A signed-in session: a short-lived access token in the body, and a rotating refresh
/// token in an HttpOnly cookie scoped to `/api/v1/auth`.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoginResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Seconds until the access token expires.
    pub expires_in: i64,
    pub user: PersonDto,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub current_password: String,
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub new_password: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetRequest {
    #[schema(min_length = 1, max_length = 254)]
    #[validate(length(min = 1, max = 254))]
    pub email: String,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetConfirm {
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub token: String,
    #[schema(min_length = 1, max_length = 256)]
    #[validate(length(min = 1, max = 256))]
    pub new_password: String,
}

/// OAuth 2.0 client-credentials grant (RFC 6749 §4.4) for partners' machine clients, as
/// `application/x-www-form-urlencoded` (the standard) or JSON. The client authenticates
/// with HTTP Basic (`client_id:client_secret`) or with both fields in the body.
#[derive(Debug, Default, Deserialize, Validate, ToSchema)]
pub struct TokenRequest {
    /// Must be `client_credentials`.
    #[schema(min_length = 1, max_length = 50)]
    #[validate(length(min = 1, max = 50))]
    pub grant_type: String,
    /// Required unless sent with HTTP Basic.
    #[schema(min_length = 1, max_length = 100)]
    #[validate(length(min = 1, max = 100))]
    pub client_id: Option<String>,
    /// Required unless sent with HTTP Basic.
    #[schema(min_length = 1, max_length = 200)]
    #[validate(length(min = 1, max = 200))]
    pub client_secret: Option<String>,
    /// Space-separated subset of the client's scopes; all of them when absent.
    #[schema(max_length = 500)]
    #[validate(length(max = 500))]
    pub scope: Option<String>,
}

/// An error of the token endpoint as RFC 6749 §5.2 words it (`error`,
/// `error_description`), with the fields of a problem document beside them.
#[derive(Debug, Serialize, ToSchema)]
pub struct OAuthError {
    /// `invalid_request`, `invalid_client`, `unsupported_grant_type` or `invalid_scope`.
    pub error: String,
    pub error_description: String,
    pub status: u16,
    /// The API-wide error code (e.g. `invalid_credentials`).
    pub code: String,
    pub title: String,
    pub detail: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    pub token_type: String,
    pub expires_in: i64,
    pub scope: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClientDto {
    pub id: Uuid,
    pub name: String,
    pub client_id: String,
    pub scopes: Vec<ClientScope>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hub_id: Option<Uuid>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_used_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientCreate {
    #[validate(
        length(min = 1, max = 200),
        custom(function = "crate::platform::validate::not_blank")
    )]
    pub name: String,
    #[schema(min_items = 1, max_items = 10)]
    #[validate(length(min = 1, max = 10))]
    pub scopes: Vec<ClientScope>,
    /// Bind the client to one hub: it then sees only that hub.
    pub hub_id: Option<Uuid>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClientCreated {
    pub client: ClientDto,
    /// Shown once; store it safely.
    pub client_secret: String,
}
