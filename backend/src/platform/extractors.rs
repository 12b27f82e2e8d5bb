//! Problem+json for what actix's extractors reject (bad JSON, query, path, size).

use crate::error::{ApiError, ErrorCode};
use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, web};

pub const BODY_LIMIT: usize = 1 << 20;

pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(|err, _req: &HttpRequest| {
            let e = match &err {
                JsonPayloadError::Overflow { .. }
                | JsonPayloadError::OverflowKnownLength { .. } => ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::PayloadTooLarge,
                    format!("The request body is larger than {BODY_LIMIT} bytes."),
                ),
                JsonPayloadError::ContentType => ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    ErrorCode::UnsupportedMediaType,
                    "Send the body as application/json.",
                ),
                JsonPayloadError::Deserialize(de) => ApiError::bad_request(
                    ErrorCode::InvalidJson,
                    format!("The body is not valid JSON for this request: {de}"),
                ),
                _ => ApiError::bad_request(ErrorCode::InvalidJson, "The body could not be read."),
            };
            e.into()
        })
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err, _req| {
        let detail = match &err {
            QueryPayloadError::Deserialize(de) => format!("The query is not valid: {de}"),
            _ => "The query is not valid.".into(),
        };
        ApiError::bad_request(ErrorCode::InvalidQuery, detail).into()
    })
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|err, _req| {
        let detail = match &err {
            PathError::Deserialize(de) => format!("The path is not valid: {de}"),
            _ => "The path is not valid.".into(),
        };
        ApiError::bad_request(ErrorCode::InvalidPath, detail).into()
    })
}

pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::default().limit(BODY_LIMIT)
}
