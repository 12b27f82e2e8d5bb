//! One error type for the whole API, rendered as RFC 9457 `application/problem+json`
//! with a stable machine-readable `code` that the SPA translates.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

/// Stable error codes. Never rename one: clients and translations key on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    InvalidJson,
    InvalidQuery,
    InvalidPath,
    InvalidHeader,
    ValidationFailed,
    Unauthenticated,
    InvalidCredentials,
    TokenInvalid,
    AccountDeactivated,
    RefreshTokenInvalid,
    RefreshTokenReused,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    EmailTaken,
    InUse,
    PreconditionFailed,
    PayloadTooLarge,
    UnsupportedMediaType,
    RateLimited,
    InvitationInvalid,
    ResetTokenInvalid,
    WeakPassword,
    WrongPassword,
    AlreadySubmitted,
    CampaignNotOpen,
    CampaignClosed,
    AlreadyTakingPart,
    TransitionNotAllowed,
    RelationshipNotCompleted,
    ActivityNotFinal,
    RelationshipEnded,
    DefaultValueFixed,
    EnrolmentNotApproved,
    AlreadyEnrolled,
    CycleNotFinished,
    VersionExists,
    NameTaken,
    AlreadyLinked,
    AlreadyMember,
    RejoinNeedsInvitation,
    RoleAlreadyHeld,
    LastAdmin,
    InvitationAccepted,
    ReflectionNotSubmitted,
    NoDataUseAgreement,
    DatasetNotReady,
    DatasetExpired,
    Internal,
    Unavailable,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "invalid_json",
            ErrorCode::InvalidQuery => "invalid_query",
            ErrorCode::InvalidPath => "invalid_path",
            ErrorCode::InvalidHeader => "invalid_header",
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::TokenInvalid => "token_invalid",
            ErrorCode::AccountDeactivated => "account_deactivated",
            ErrorCode::RefreshTokenInvalid => "refresh_token_invalid",
            ErrorCode::RefreshTokenReused => "refresh_token_reused",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::Conflict => "conflict",
            ErrorCode::EmailTaken => "email_taken",
            ErrorCode::InUse => "in_use",
            ErrorCode::PreconditionFailed => "precondition_failed",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::InvitationInvalid => "invitation_invalid",
            ErrorCode::ResetTokenInvalid => "reset_token_invalid",
            ErrorCode::WeakPassword => "weak_password",
            ErrorCode::WrongPassword => "wrong_password",
            ErrorCode::AlreadySubmitted => "already_submitted",
            ErrorCode::CampaignNotOpen => "campaign_not_open",
            ErrorCode::CampaignClosed => "campaign_closed",
            ErrorCode::AlreadyTakingPart => "already_taking_part",
            ErrorCode::TransitionNotAllowed => "transition_not_allowed",
            ErrorCode::RelationshipNotCompleted => "relationship_not_completed",
            ErrorCode::ActivityNotFinal => "activity_not_final",
            ErrorCode::RelationshipEnded => "relationship_ended",
            ErrorCode::DefaultValueFixed => "default_value_fixed",
            ErrorCode::EnrolmentNotApproved => "enrolment_not_approved",
            ErrorCode::AlreadyEnrolled => "already_enrolled",
            ErrorCode::CycleNotFinished => "cycle_not_finished",
            ErrorCode::VersionExists => "version_exists",
            ErrorCode::NameTaken => "name_taken",
            ErrorCode::AlreadyLinked => "already_linked",
            ErrorCode::AlreadyMember => "already_member",
            ErrorCode::RejoinNeedsInvitation => "rejoin_needs_invitation",
            ErrorCode::RoleAlreadyHeld => "role_already_held",
            ErrorCode::LastAdmin => "last_admin",
            ErrorCode::InvitationAccepted => "invitation_accepted",
            ErrorCode::ReflectionNotSubmitted => "reflection_not_submitted",
            ErrorCode::NoDataUseAgreement => "no_data_use_agreement",
            ErrorCode::DatasetNotReady => "dataset_not_ready",
            ErrorCode::DatasetExpired => "dataset_expired",
            ErrorCode::Internal => "internal",
            ErrorCode::Unavailable => "unavailable",
        }
    }

    /// Every code, for the translation-completeness check and documentation.
    pub const ALL: &'static [ErrorCode] = &[
        ErrorCode::InvalidJson,
        ErrorCode::InvalidQuery,
        ErrorCode::InvalidPath,
        ErrorCode::InvalidHeader,
        ErrorCode::ValidationFailed,
        ErrorCode::Unauthenticated,
        ErrorCode::InvalidCredentials,
        ErrorCode::TokenInvalid,
        ErrorCode::AccountDeactivated,
        ErrorCode::RefreshTokenInvalid,
        ErrorCode::RefreshTokenReused,
        ErrorCode::Forbidden,
        ErrorCode::NotFound,
        ErrorCode::MethodNotAllowed,
        ErrorCode::Conflict,
        ErrorCode::EmailTaken,
        ErrorCode::InUse,
        ErrorCode::PreconditionFailed,
        ErrorCode::PayloadTooLarge,
        ErrorCode::UnsupportedMediaType,
        ErrorCode::RateLimited,
        ErrorCode::InvitationInvalid,
        ErrorCode::ResetTokenInvalid,
        ErrorCode::WeakPassword,
        ErrorCode::WrongPassword,
        ErrorCode::AlreadySubmitted,
        ErrorCode::CampaignNotOpen,
        ErrorCode::CampaignClosed,
        ErrorCode::AlreadyTakingPart,
        ErrorCode::TransitionNotAllowed,
        ErrorCode::RelationshipNotCompleted,
        ErrorCode::ActivityNotFinal,
        ErrorCode::RelationshipEnded,
        ErrorCode::DefaultValueFixed,
        ErrorCode::EnrolmentNotApproved,
        ErrorCode::AlreadyEnrolled,
        ErrorCode::CycleNotFinished,
        ErrorCode::VersionExists,
        ErrorCode::NameTaken,
        ErrorCode::AlreadyLinked,
        ErrorCode::AlreadyMember,
        ErrorCode::RejoinNeedsInvitation,
        ErrorCode::RoleAlreadyHeld,
        ErrorCode::LastAdmin,
        ErrorCode::InvitationAccepted,
        ErrorCode::ReflectionNotSubmitted,
        ErrorCode::NoDataUseAgreement,
        ErrorCode::DatasetNotReady,
        ErrorCode::DatasetExpired,
        ErrorCode::Internal,
        ErrorCode::Unavailable,
    ];
}

/// One invalid field of a request body.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldError {
    /// The field's name as in the request (`snake_case`; nested with dots).
    pub field: String,
    /// A stable code such as `required`, `length`, `range`, `email`, `time_zone`.
    pub code: String,
    pub message: String,
}

/// RFC 9457 problem details.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub code: ErrorCode,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
}

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub detail: Option<String>,
    pub errors: Option<Vec<FieldError>>,
    pub retry_after: Option<u64>,
    pub allow: Option<String>,
    /// Logged, never sent.
    pub internal: Option<String>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.code.as_str())?;
        if let Some(d) = &self.detail {
            write!(f, ": {d}")?;
        }
        if let Some(i) = &self.internal {
            write!(f, " ({i})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}

pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            detail: Some(detail.into()),
            errors: None,
            retry_after: None,
            allow: None,
            internal: None,
        }
    }
    pub fn bad_request(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, detail)
    }
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ErrorCode::ValidationFailed,
            "Some fields are not valid.",
        );
        e.errors = Some(errors);
        e
    }
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self::validation(vec![FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }])
    }
    pub fn unauthenticated(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, code, detail)
    }
    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, detail)
    }
    pub fn not_found(what: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            format!("{what} not found."),
        )
    }
    pub fn conflict(code: ErrorCode, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, code, detail)
    }
    pub fn precondition_failed() -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            ErrorCode::PreconditionFailed,
            "The resource was changed by someone else; reload it and try again.",
        )
    }
    pub fn rate_limited(retry_after: u64) -> Self {
        let mut e = Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::RateLimited,
            "Too many attempts; wait a moment and try again.",
        );
        e.retry_after = Some(retry_after.max(1));
        e
    }
    pub fn method_not_allowed(allow: String) -> Self {
        let mut e = Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::MethodNotAllowed,
            "This method is not allowed on this resource.",
        );
        e.allow = Some(allow);
        e
    }
    pub fn internal(msg: impl Into<String>) -> Self {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: ErrorCode::Internal,
            detail: Some(
                "Something went wrong on our side; the request id helps us find it.".into(),
            ),
            errors: None,
            retry_after: None,
            allow: None,
            internal: Some(msg.into()),
        }
    }
    pub fn unavailable(msg: impl Into<String>) -> Self {
        let mut e = Self::internal(msg);
        e.status = StatusCode::SERVICE_UNAVAILABLE;
        e.code = ErrorCode::Unavailable;
        e.detail = Some("The service is not ready.".into());
        e
    }

    pub fn problem(&self) -> Problem {
        Problem {
            type_: format!("urn:ihub:problem:{}", self.code.as_str()),
            title: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code,
            errors: self.errors.clone(),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }
    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        if let Some(s) = self.retry_after {
            res.insert_header((header::RETRY_AFTER, s.to_string()));
        }
        if let Some(a) = &self.allow
            && let Ok(v) = HeaderValue::from_str(a)
        {
            res.insert_header((header::ALLOW, v));
        }
        let body = serde_json::to_string(&self.problem()).unwrap_or_else(|_| "{}".into());
        res.body(body)
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        if let Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_)) = e.sql_err() {
            return ApiError::conflict(ErrorCode::InUse, "Other records still refer to this one.");
        }
        if is_connection_error(&e) {
            return ApiError::unavailable(e.to_string());
        }
        // PostgreSQL refuses NUL in text. The text guard stops it at the door; this is
        // the fallback for text that reaches the database another way (files, imports).
        if e.to_string().contains("invalid byte sequence for encoding") {
            return ApiError::field(
                "text",
                "control_character",
                "Must not hold NUL or other control characters.",
            );
        }
        ApiError::internal(e.to_string())
    }
}

impl From<sea_orm::TransactionError<ApiError>> for ApiError {
    fn from(e: sea_orm::TransactionError<ApiError>) -> Self {
        match e {
            sea_orm::TransactionError::Connection(db) => db.into(),
            sea_orm::TransactionError::Transaction(api) => api,
        }
    }
}

fn is_connection_error(e: &sea_orm::DbErr) -> bool {
    matches!(
        e,
        sea_orm::DbErr::ConnectionAcquire(_) | sea_orm::DbErr::Conn(_)
    )
}

/// True when the database rejected a write for a duplicate key.
pub fn is_unique_violation(e: &sea_orm::DbErr) -> bool {
    matches!(
        e.sql_err(),
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_))
    )
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errs: validator::ValidationErrors) -> Self {
        let mut out = Vec::new();
        collect_validation(&errs, "", &mut out);
        out.sort_by(|a, b| a.field.cmp(&b.field));
        ApiError::validation(out)
    }
}

fn collect_validation(errs: &validator::ValidationErrors, prefix: &str, out: &mut Vec<FieldError>) {
    for (field, kind) in errs.errors() {
        let name = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            validator::ValidationErrorsKind::Field(list) => {
                for e in list {
                    out.push(FieldError {
                        field: name.clone(),
                        code: e.code.to_string(),
                        message: e
                            .message
                            .as_ref()
                            .map(|m| m.to_string())
                            .unwrap_or_else(|| default_message(&e.code, e)),
                    });
                }
            }
            validator::ValidationErrorsKind::Struct(inner) => collect_validation(inner, &name, out),
            validator::ValidationErrorsKind::List(map) => {
                for (i, inner) in map {
                    collect_validation(inner, &format!("{name}.{i}"), out);
                }
            }
        }
    }
}

fn default_message(code: &str, e: &validator::ValidationError) -> String {
    let p = |k: &str| e.params.get(k).map(|v| v.to_string());
    match code {
        "length" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("Must be {min} to {max} characters long."),
            (Some(min), None) => format!("Must be at least {min} characters long."),
            (None, Some(max)) => format!("Must be at most {max} characters long."),
            _ => "Has the wrong length.".into(),
        },
        "range" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("Must be from {min} to {max}."),
            (Some(min), None) => format!("Must be at least {min}."),
            (None, Some(max)) => format!("Must be at most {max}."),
            _ => "Is out of range.".into(),
        },
        "email" => "Must be an e-mail address.".into(),
        "url" => "Must be a URL.".into(),
        "required" => "Is required.".into(),
        _ => "Is not valid.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_listed_once_and_serialises_as_its_name() {
        let mut seen = std::collections::HashSet::new();
        for c in ErrorCode::ALL {
            assert!(seen.insert(c.as_str()), "duplicate {}", c.as_str());
            assert_eq!(serde_json::to_value(c).unwrap(), c.as_str());
        }
    }

    #[test]
    fn internal_errors_do_not_leak_their_cause() {
        let e = ApiError::internal("password=hunter2 at db.rs:42");
        let body = serde_json::to_string(&e.problem()).unwrap();
        assert!(!body.contains("hunter2"));
        assert_eq!(e.problem().status, 500);
    }
}
