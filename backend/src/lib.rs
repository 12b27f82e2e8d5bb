//! iHub: a platform for Regional Innovation Hubs that speed up digital innovation in
//! schools. This library holds the whole server; `main.rs` is a thin CLI over it.

pub mod analytics;
pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod config;
pub mod db;
pub mod directory;
pub mod error;
pub mod groups;
pub mod hubview;
pub mod instruments;
pub mod mentoring;
pub mod notifications;
pub mod openapi;
pub mod people;
pub mod platform;
pub mod reflection;
pub mod research;
pub mod seed;
pub mod seed_scale;
pub mod state;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{Condition, from_fn};
use actix_web::{App, web};
use std::sync::Arc;
use utoipa_actix_web::{AppExt, scope};

/// Every API route under `/api/v1`.
pub fn api_routes(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(platform::http::health)
        .service(platform::http::ready);
    auth::config(cfg);
    people::config(cfg);
    directory::config(cfg);
    audit::config(cfg);
    instruments::config(cfg);
    reflection::config(cfg);
    campaigns::config(cfg);
    groups::config(cfg);
    hubview::config(cfg);
    analytics::config(cfg);
    research::config(cfg);
    mentoring::config(cfg);
    notifications::config(cfg);
}

fn routes(
    app: App<
        impl ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<impl MessageBody + 'static>,
            Error = actix_web::Error,
            InitError = (),
        > + 'static,
    >,
) -> (
    App<
        impl ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<impl MessageBody>,
            Error = actix_web::Error,
            InitError = (),
        >,
    >,
    utoipa::openapi::OpenApi,
) {
    app.into_utoipa_app()
        .openapi(openapi::base())
        .service(scope("/api/v1").configure(api_routes))
        .service(platform::http::metrics)
        .split_for_parts()
}

/// The OpenAPI document of this build, exactly as served and committed.
pub fn openapi_spec() -> utoipa::openapi::OpenApi {
    let (_app, api) = routes(App::new());
    openapi::finish(api)
}

/// The whole application: API, docs, metrics, the SPA, middleware.
pub fn build_app(
    state: state::Data,
    spec: Arc<utoipa::openapi::OpenApi>,
    route_table: web::Data<platform::fallback::RouteTable>,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let origins = state.config.cors_origins.clone();
    let mut cors = actix_cors::Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
        .allowed_headers([
            "authorization",
            "content-type",
            "if-match",
            "x-response-token",
        ])
        .expose_headers(["etag", "x-request-id", "retry-after"])
        .supports_credentials()
        .max_age(3600);
    for o in &origins {
        cors = cors.allowed_origin(o);
    }
    let base = App::new()
        .app_data(state)
        .app_data(route_table)
        .app_data(platform::extractors::json_config())
        .app_data(platform::extractors::query_config())
        .app_data(platform::extractors::path_config())
        .app_data(platform::extractors::payload_config());
    let (app, _) = routes(base);
    app.service(
        utoipa_swagger_ui::SwaggerUi::new("/api/docs/{_:.*}")
            .url("/api/openapi.json", (*spec).clone()),
    )
    .default_service(web::to(platform::fallback::fallback))
    .wrap(from_fn(platform::textguard::guard))
    .wrap(Condition::new(!origins.is_empty(), cors))
    .wrap(from_fn(platform::middleware::observe))
}

/// Everything `serve` needs, built from configuration: database (migrated) and state.
pub async fn prepare(config: config::Config) -> Result<state::Data, String> {
    let secret = config.resolve_jwt_secret().map_err(|e| e.to_string())?;
    let db = db::connect(&config)
        .await
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    db::migrate(&db)
        .await
        .map_err(|e| format!("database migration failed: {e}"))?;
    // SQLite gathers no planner statistics by itself; a sampled ANALYZE takes
    // milliseconds even on national data. (PostgreSQL's autovacuum keeps its own.)
    if config.is_sqlite() {
        db::analyze(&db)
            .await
            .map_err(|e| format!("cannot analyze the database: {e}"))?;
    }
    for line in instruments::service::load_shipped(&db).await? {
        tracing::info!("{line}");
    }
    // Pairs of reflections that have none yet (loaded data, or an upgrade).
    let paired = reflection::changes::backfill(&db)
        .await
        .map_err(|e| format!("cannot pair reflections: {e}"))?;
    if paired > 0 {
        tracing::info!("{paired} submitted reflections paired with the ones before them");
    }
    let state = state::AppState::new(db, config, &secret)?;
    Ok(web::Data::new(state))
}

/// Serve until stopped (SIGINT/SIGTERM), on an already bound listener.
pub async fn serve(state: state::Data, listener: std::net::TcpListener) -> std::io::Result<()> {
    server(state, listener, None)?.await
}

/// The server future, for callers that run it themselves (tests: one worker each).
pub fn server(
    state: state::Data,
    listener: std::net::TcpListener,
    workers: Option<usize>,
) -> std::io::Result<actix_web::dev::Server> {
    notifications::mail::spawn(state.clone());
    research::job::spawn_housekeeping(state.clone());
    let spec = Arc::new(openapi_spec());
    let table = web::Data::new(platform::fallback::RouteTable::from_openapi(&spec));
    let mut s =
        actix_web::HttpServer::new(move || build_app(state.clone(), spec.clone(), table.clone()))
            .shutdown_timeout(10);
    if let Some(w) = workers {
        s = s.workers(w);
    }
    Ok(s.listen(listener)?.run())
}
