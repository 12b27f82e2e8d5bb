//! The one place that refuses characters no text field may hold, before any handler or
//! database sees them: NUL (PostgreSQL cannot store it) and the other C0 control
//! characters and DEL. Tab, line feed and carriage return are text (notes, descriptions);
//! single-line fields refuse them in their own validators. Checked in every JSON string
//! (object keys too), every form value, every query parameter and the path. Answers 422
//! `validation_failed` naming the field (`custom_items.0.statement`, `query.q`, `path`).

use crate::error::{ApiError, ErrorCode, FieldError};
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use serde_json::Value;

/// A character that no text the API accepts may hold.
pub fn forbidden(c: char) -> bool {
    (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{7f}'
}

fn has_forbidden(s: &str) -> bool {
    s.chars().any(forbidden)
}

/// The fields (dotted paths, list positions as numbers) whose text holds a forbidden
/// character; a bad object key names the key itself.
pub fn json_fields(v: &Value) -> Vec<String> {
    fn walk(v: &Value, path: &str, out: &mut Vec<String>) {
        let join = |k: &str| {
            if path.is_empty() {
                k.to_string()
            } else {
                format!("{path}.{k}")
            }
        };
        match v {
            Value::String(s) if has_forbidden(s) => out.push(if path.is_empty() {
                "body".into()
            } else {
                path.to_string()
            }),
            Value::Array(xs) => {
                for (i, x) in xs.iter().enumerate() {
                    walk(x, &join(&i.to_string()), out);
                }
            }
            Value::Object(m) => {
                for (k, x) in m {
                    let name = join(&k.chars().filter(|c| !forbidden(*c)).collect::<String>());
                    if has_forbidden(k) {
                        out.push(name.clone());
                    }
                    walk(x, &name, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(v, "", &mut out);
    out
}

/// Bad fields of a `name=value&…` text (query string or form body), prefixed.
fn urlencoded_fields(text: &str, prefix: &str) -> Vec<String> {
    match web::Query::<Vec<(String, String)>>::from_query(text) {
        Ok(pairs) => pairs
            .into_inner()
            .into_iter()
            .filter(|(k, v)| has_forbidden(k) || has_forbidden(v))
            .map(|(k, _)| {
                let k: String = k.chars().filter(|c| !forbidden(*c)).collect();
                if prefix.is_empty() {
                    k
                } else {
                    format!("{prefix}.{k}")
                }
            })
            .collect(),
        // Not decodable: the route's own extractor answers 400.
        Err(_) => Vec::new(),
    }
}

/// Whether a raw (percent-encoded) path encodes a forbidden byte.
fn path_is_bad(path: &str) -> bool {
    let b = path.as_bytes();
    (0..b.len()).any(|i| {
        b[i] == b'%'
            && b.get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .is_some_and(|x| x < 0x20 || x == 0x7f)
    })
}

fn refuse(fields: Vec<String>) -> ApiError {
    ApiError::validation(
        fields
            .into_iter()
            .map(|field| FieldError {
                field,
                code: "control_character".into(),
                message: "Must not hold NUL or other control characters.".into(),
            })
            .collect(),
    )
}

enum BodyKind {
    Json,
    Form,
    Other,
}

fn body_kind(req: &ServiceRequest) -> BodyKind {
    let ct = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if ct.starts_with("application/json") || ct.contains("+json") {
        BodyKind::Json
    } else if ct.starts_with("application/x-www-form-urlencoded") {
        BodyKind::Form
    } else {
        BodyKind::Other
    }
}

pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    if path_is_bad(req.path()) {
        let e = refuse(vec!["path".into()]);
        return Ok(req.error_response(e).map_into_right_body());
    }
    let mut bad = urlencoded_fields(req.query_string(), "query");
    let kind = body_kind(&req);
    if !matches!(kind, BodyKind::Other) {
        let body = match req.extract::<Bytes>().await {
            Ok(b) => b,
            Err(_) => {
                let e = ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    ErrorCode::PayloadTooLarge,
                    format!(
                        "The request body is larger than {} bytes or could not be read.",
                        super::extractors::BODY_LIMIT
                    ),
                );
                return Ok(req.error_response(e).map_into_right_body());
            }
        };
        match kind {
            // Raw control bytes are not valid JSON (the extractor answers 400); escaped
            // ones are all spelled `\u00..`, so only bodies with that spelling are parsed.
            BodyKind::Json if body.windows(4).any(|w| w.eq_ignore_ascii_case(b"\\u00")) => {
                if let Ok(v) = serde_json::from_slice::<Value>(&body) {
                    bad.extend(json_fields(&v));
                }
            }
            BodyKind::Form => {
                if let Ok(text) = std::str::from_utf8(&body) {
                    bad.extend(urlencoded_fields(text, ""));
                }
            }
            _ => {}
        }
        req.set_payload(actix_web::dev::Payload::from(body));
    }
    if !bad.is_empty() {
        return Ok(req.error_response(refuse(bad)).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_every_field_with_a_control_character() {
        let cases = [
            (json!({"name": "Kool"}), vec![]),
            (json!({"name": "Ko\u{0}ol"}), vec!["name"]),
            (json!({"notes": "line\nnext\ttab\r"}), vec![]),
            (json!({"a": {"b": ["ok", "bell\u{7}"]}}), vec!["a.b.1"]),
            (json!({"x\u{0}": 1}), vec!["x"]),
            (json!({"del": "\u{7f}"}), vec!["del"]),
            (json!("\u{1b}[31m"), vec!["body"]),
            (
                json!({"findings": [{"item": "wifi", "note": "\u{0}"}]}),
                vec!["findings.0.note"],
            ),
        ];
        for (v, want) in cases {
            assert_eq!(json_fields(&v), want, "{v}");
        }
    }

    #[test]
    fn query_form_and_path() {
        assert_eq!(
            urlencoded_fields("q=a%00b&limit=5", "query"),
            vec!["query.q"]
        );
        assert!(urlencoded_fields("q=M%C3%A4rt+a%0Ab", "query").is_empty());
        assert_eq!(urlencoded_fields("grant_type=x%01", ""), vec!["grant_type"]);
        assert!(path_is_bad("/api/v1/schools/a%00b"));
        assert!(path_is_bad("/api/v1/x%1F"));
        assert!(!path_is_bad("/api/v1/respond/K7QX%2DM2PD"));
        assert!(!path_is_bad("/api/v1/x%"));
    }
}
