//! The OpenAPI document: the base (info, security, tags) and the finishing pass that
//! documents the error answers every operation can give.

use utoipa::OpenApi;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "iHub API",
        description = "The API of iHub, a platform for Regional Innovation Hubs that speed up digital innovation in schools. \
Errors are RFC 9457 problem details (`application/problem+json`) with a stable `code`. \
Lists use keyset pagination (`limit`, `cursor` → `next_cursor`). Updates honour `If-Match`.",
        license(name = "EUPL-1.2", identifier = "EUPL-1.2")
    ),
    components(schemas(crate::error::Problem, crate::error::ErrorCode, crate::error::FieldError)),
    tags(
        (name = "auth", description = "Sign-in, sessions, password reset, machine-client tokens"),
        (name = "me", description = "The signed-in person"),
        (name = "people", description = "People, roles and deactivation"),
        (name = "invitations", description = "Invitations into roles"),
        (name = "hubs", description = "Regional Innovation Hubs"),
        (name = "schools", description = "Schools in hubs"),
        (name = "organisations", description = "Universities, agencies and other organisations"),
        (name = "clients", description = "Partners' machine clients"),
        (name = "audit", description = "The audit log"),
        (name = "analytics", description = "The Learning Analytics Toolbox: indicators against targets, anonymous by construction"),
        (name = "research", description = "Research datasets for hubs' research partners: pseudonymous, coarsened, k-anonymous, under a data-use agreement"),
        (name = "platform", description = "Health, readiness, metrics"),
    )
)]
struct ApiDoc;

pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
            .build(),
    )
}

/// Add the security scheme and the error answers shared by all operations.
pub fn finish(mut api: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    if let Some(c) = api.components.as_mut() {
        c.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "An access token from /api/v1/auth/login or /api/v1/auth/token",
                    ))
                    .build(),
            ),
        );
        c.add_security_scheme(
            "basic",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Basic)
                    .description(Some(
                        "A machine client's client_id and client_secret, for /api/v1/auth/token only",
                    ))
                    .build(),
            ),
        );
    }
    for (_, item) in api.paths.paths.iter_mut() {
        for op in [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.options,
            &mut item.head,
            &mut item.patch,
            &mut item.trace,
        ]
        .into_iter()
        .flatten()
        {
            let secured = op.security.as_ref().is_some_and(|reqs| {
                reqs.iter().any(|r| {
                    serde_json::to_value(r)
                        .is_ok_and(|v| v.as_object().is_some_and(|o| !o.is_empty()))
                })
            });
            let has_input =
                op.request_body.is_some() || op.parameters.as_ref().is_some_and(|p| !p.is_empty());
            let r = &mut op.responses.responses;
            if has_input {
                r.entry("400".into())
                    .or_insert_with(|| problem("Malformed request: JSON, query, path or header"));
                // The text guard answers for every operation that takes input.
                r.entry("422".into()).or_insert_with(|| {
                    problem("A text holds NUL or another control character (the field is named)")
                });
            }
            if secured {
                r.entry("401".into())
                    .or_insert_with(|| problem("Not signed in, or the token is invalid"));
            }
            if op.request_body.is_some() {
                r.entry("413".into())
                    .or_insert_with(|| problem("The body is larger than 1 MiB"));
                r.entry("415".into())
                    .or_insert_with(|| problem("The body is not JSON"));
            }
            r.entry("500".into()).or_insert_with(|| {
                problem("Unexpected error; the X-Request-Id header identifies it")
            });
        }
    }
    api
}
