//! What answers when no route matched: problem+json 404/405 under `/api/`,
//! otherwise the SPA's files, with `index.html` for deep links.

use crate::error::{ApiError, ErrorCode};
use crate::state::Data;
use actix_files::NamedFile;
use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use std::path::{Component, Path, PathBuf};

/// The API's path templates and their methods, from the OpenAPI document.
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<String>)>,
}

impl RouteTable {
    pub fn from_openapi(api: &utoipa::openapi::OpenApi) -> Self {
        let routes = api
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let segs = path.split('/').map(str::to_string).collect();
                let methods = [
                    ("GET", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("PATCH", item.patch.is_some()),
                    ("HEAD", item.head.is_some()),
                ]
                .into_iter()
                .filter(|(_, present)| *present)
                .map(|(m, _)| m.to_string())
                .collect();
                (segs, methods)
            })
            .collect();
        RouteTable { routes }
    }

    /// Methods allowed on a concrete path, if any template matches it.
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let segs: Vec<&str> = path.trim_end_matches('/').split('/').collect();
        let mut out: Vec<String> = Vec::new();
        for (tpl, methods) in &self.routes {
            if tpl.len() == segs.len()
                && tpl
                    .iter()
                    .zip(&segs)
                    .all(|(t, s)| (t.starts_with('{') && !s.is_empty()) || t == s)
            {
                out.extend(methods.iter().cloned());
            }
        }
        if out.is_empty() {
            None
        } else {
            out.sort();
            out.dedup();
            Some(out)
        }
    }
}

pub async fn fallback(
    req: HttpRequest,
    state: Data,
    routes: web::Data<RouteTable>,
) -> Result<HttpResponse, ApiError> {
    let path = req.path();
    if path == "/api" || path.starts_with("/api/") || path == "/metrics" {
        if let Some(methods) = routes.allowed(path) {
            if req.method() == Method::OPTIONS {
                return Ok(HttpResponse::NoContent()
                    .insert_header((header::ALLOW, methods.join(", ")))
                    .finish());
            }
            return Err(ApiError::method_not_allowed(methods.join(", ")));
        }
        return Err(ApiError::new(
            StatusCode::NOT_FOUND,
            ErrorCode::NotFound,
            "There is no such API endpoint.",
        ));
    }
    if req.method() != Method::GET && req.method() != Method::HEAD {
        return Err(ApiError::method_not_allowed("GET, HEAD".into()));
    }
    let root = &state.config.static_dir;
    if let Some(rel) = safe_relative(path)
        && !rel.as_os_str().is_empty()
    {
        let file = root.join(&rel);
        if file.is_file()
            && let Ok(f) = NamedFile::open_async(&file).await
        {
            let mut res = f.use_etag(true).into_response(&req);
            if rel.starts_with("assets") {
                res.headers_mut().insert(
                    header::CACHE_CONTROL,
                    header::HeaderValue::from_static("public, max-age=31536000, immutable"),
                );
            }
            return Ok(res);
        }
        // A missing file with an extension is a missing asset, not a page.
        if rel.extension().is_some() {
            return Err(ApiError::not_found("File"));
        }
    }
    let index = root.join("index.html");
    match NamedFile::open_async(&index).await {
        Ok(f) => {
            let mut res = f.into_response(&req);
            res.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("no-cache"),
            );
            Ok(res)
        }
        Err(_) => Ok(HttpResponse::Ok()
            .content_type("text/html; charset=utf-8")
            .body(NO_SPA_PAGE)),
    }
}

const NO_SPA_PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>iHub</title></head>\
<body><main><h1>iHub API</h1><p>The web app has not been built. Run <code>make run</code>, \
or see <a href=\"/api/docs/\">the API documentation</a>.</p></main></body></html>";

fn safe_relative(path: &str) -> Option<PathBuf> {
    let decoded = path.trim_start_matches('/');
    let p = Path::new(decoded);
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::Normal(s) => out.push(s),
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_climb_out_are_refused() {
        assert!(safe_relative("/../etc/passwd").is_none());
        assert_eq!(
            safe_relative("/assets/a.js"),
            Some(PathBuf::from("assets/a.js"))
        );
        assert_eq!(safe_relative("/"), Some(PathBuf::new()));
    }
}
