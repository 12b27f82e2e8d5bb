//! Keyset pagination: `?limit=&cursor=` -> `{items, next_cursor}` in a stable order.

use crate::error::{ApiError, ApiResult, ErrorCode};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

pub const DEFAULT_LIMIT: u64 = 50;
pub const MAX_LIMIT: u64 = 200;

#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

pub fn limit(requested: Option<u64>) -> ApiResult<u64> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::bad_request(
            ErrorCode::InvalidQuery,
            format!("limit must be from 1 to {MAX_LIMIT}."),
        )),
    }
}

/// A position after (sort key, id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub key: String,
    pub id: Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}\u{1f}{}", self.id, self.key))
    }
    pub fn decode(s: &str) -> ApiResult<Cursor> {
        let bad = || ApiError::bad_request(ErrorCode::InvalidQuery, "cursor is not valid.");
        let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad())?;
        let text = String::from_utf8(bytes).map_err(|_| bad())?;
        let (id, key) = text.split_once('\u{1f}').ok_or_else(bad)?;
        Ok(Cursor {
            key: key.to_string(),
            id: Uuid::parse_str(id).map_err(|_| bad())?,
        })
    }
    pub fn decode_opt(s: Option<&str>) -> ApiResult<Option<Cursor>> {
        s.filter(|s| !s.is_empty()).map(Cursor::decode).transpose()
    }
}

/// Cut a page fetched with `limit + 1` rows and make the next cursor from the last kept one.
pub fn finish<R, T: ToSchema>(
    mut rows: Vec<R>,
    limit: u64,
    key: impl Fn(&R) -> Cursor,
    map: impl Fn(R) -> T,
) -> Page<T> {
    let more = rows.len() as u64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| key(r).encode())
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(map).collect(),
        next_cursor,
    }
}

/// `finish` for lists in newest-first order by their time-ordered (v7) id.
pub fn finish_by_id<R, T: ToSchema>(
    rows: Vec<R>,
    limit: u64,
    id: impl Fn(&R) -> Uuid,
    map: impl Fn(R) -> T,
) -> Page<T> {
    finish(
        rows,
        limit,
        |r| Cursor {
            key: String::new(),
            id: id(r),
        },
        map,
    )
}

/// Text for a LIKE pattern that matches `q` anywhere, with wildcards escaped (escape char `\`).
pub fn like_pattern(q: &str) -> String {
    let folded = q.trim().to_lowercase();
    let mut out = String::with_capacity(folded.len() + 2);
    out.push('%');
    for c in folded.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_even_with_odd_names() {
        for key in ["", "kevätkumpu", "a\u{1f}b", "Batumi Public School N1"] {
            let c = Cursor {
                key: key.to_lowercase(),
                id: Uuid::now_v7(),
            };
            assert_eq!(Cursor::decode(&c.encode()).unwrap(), c);
        }
        assert!(Cursor::decode("%%%").is_err());
        assert!(Cursor::decode("bm90LWEtdXVpZA").is_err());
    }

    #[test]
    fn limits_and_patterns() {
        assert_eq!(limit(None).unwrap(), DEFAULT_LIMIT);
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(MAX_LIMIT + 1)).is_err());
        assert_eq!(like_pattern(" 50%_Off "), "%50\\%\\_off%");
        assert_eq!(like_pattern("JÕÕPRE"), "%jõõpre%");
    }
}
