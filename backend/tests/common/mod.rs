//! Test harness: the real server on a fresh database per test, on SQLite and PostgreSQL.
//!
//! Fresh databases are cheap: migrations run once per test process into a template
//! (a SQLite file that is copied; a PostgreSQL template database that is cloned).
//!
//! On PostgreSQL every test talks to two servers on its database, as behind a load
//! balancer: the one in this process and a separate `ihub serve` process (own memory,
//! own caches, own rate-limit state), and the requests alternate between them. So the
//! whole API suite passes against either instance. `IHUB_TEST_SECOND_SERVER=off` in the
//! environment turns the second server off (to tell whether a failure comes from it); in
//! `spawn_with`'s settings, for one test (one that counts what a single server does).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use ihub::config::Config;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static SQLITE_TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
static PG_TEMPLATE: OnceLock<Option<(String, String)>> = OnceLock::new();
static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn work_dir() -> PathBuf {
    let d = std::env::temp_dir().join(format!("ihub-tests-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Run a future to completion on a private runtime (templates are made outside any test's runtime).
fn block_on<F>(f: F) -> F::Output
where
    F: std::future::Future + Send,
    F::Output: Send,
{
    std::thread::scope(|s| {
        s.spawn(|| {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(f)
        })
        .join()
        .unwrap()
    })
}

fn sqlite_template() -> PathBuf {
    SQLITE_TEMPLATE
        .get_or_init(|| {
            // Work directories of earlier, finished test processes.
            if let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().to_string();
                    if let Some(pid) = name.strip_prefix("ihub-tests-")
                        && !std::path::Path::new(&format!("/proc/{pid}")).exists()
                    {
                        let _ = std::fs::remove_dir_all(e.path());
                    }
                }
            }
            let path = work_dir().join("template.db");
            let url = format!("sqlite://{}?mode=rwc", path.display());
            block_on(async {
                let db = ihub::db::connect_url(&url, true).await.unwrap();
                ihub::db::migrate(&db).await.unwrap();
                ihub::instruments::service::load_shipped(&db).await.unwrap();
                // Fold the WAL into the main file so a plain copy is complete.
                use sea_orm::ConnectionTrait;
                db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                    .await
                    .unwrap();
                db.close().await.unwrap();
            });
            path
        })
        .clone()
}

/// The server URL of the test PostgreSQL, or None when skipped by `IHUB_TEST_PG=skip`.
pub fn pg_base_url() -> Option<String> {
    if std::env::var("IHUB_TEST_PG").as_deref() == Ok("skip") {
        return None;
    }
    Some(
        std::env::var("IHUB_TEST_PG_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into()),
    )
}

fn with_db(url: &str, db: &str) -> String {
    let (base, _) = url.rsplit_once('/').unwrap();
    format!("{base}/{db}")
}

fn pg_template() -> Option<(String, String)> {
    PG_TEMPLATE
        .get_or_init(|| {
            let base = pg_base_url()?;
            let tmpl = format!("ihub_tmpl_{}", std::process::id());
            block_on(async {
                use sea_orm::ConnectionTrait;
                let admin = ihub::db::connect_url(&base, false).await.unwrap_or_else(|e| {
                    panic!(
                        "PostgreSQL tests need a server at {base} ({e}). Start one, set \
                         IHUB_TEST_PG_URL, or set IHUB_TEST_PG=skip to skip them (make test sets this up)."
                    )
                });
                // Leftovers of earlier runs.
                let old = admin
                    .query_all_raw(sea_orm::Statement::from_string(
                        sea_orm::DatabaseBackend::Postgres,
                        "SELECT datname FROM pg_database WHERE datname LIKE 'ihub_t\\_%' OR datname LIKE 'ihub_tmpl\\_%'",
                    ))
                    .await
                    .unwrap();
                for row in old {
                    let name: String = row.try_get("", "datname").unwrap();
                    // Names carry the pid of the test process that made them; leave
                    // those of processes still running (another test run on this server).
                    let pid = name.trim_start_matches("ihub_tmpl_").trim_start_matches("ihub_t_");
                    let pid = pid.split('_').next().unwrap_or("");
                    if std::path::Path::new(&format!("/proc/{pid}")).exists() {
                        continue;
                    }
                    let _ = admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                        .await;
                }
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{tmpl}\""))
                    .await
                    .unwrap();
                let db = ihub::db::connect_url(&with_db(&base, &tmpl), false).await.unwrap();
                ihub::db::migrate(&db).await.unwrap();
                ihub::instruments::service::load_shipped(&db).await.unwrap();
                db.close().await.unwrap();
                admin.close().await.unwrap();
            });
            Some((base, tmpl))
        })
        .clone()
}

pub struct TestApp {
    /// The server in this test process (`state` is its state).
    pub url: String,
    pub backend: Backend,
    pub client: reqwest::Client,
    pub state: ihub::state::Data,
    pub database_url: String,
    handle: actix_web::dev::ServerHandle,
    /// On PostgreSQL: a second server, a separate process on the same database.
    other: Option<OtherServer>,
    turn: AtomicUsize,
}

/// `ihub serve` in its own process; killed when dropped.
struct OtherServer {
    url: String,
    child: std::sync::Mutex<std::process::Child>,
}

impl OtherServer {
    fn kill(&self) {
        if let Ok(mut c) = self.child.lock() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Start the binary with the same settings (so the same JWT secret) and wait until it
    /// answers; a port taken between choosing and binding is retried.
    async fn start(map: &HashMap<String, String>) -> OtherServer {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let log = work_dir().join(format!("server-{n}.log"));
        for _ in 0..5 {
            let port = std::net::TcpListener::bind("127.0.0.1:0")
                .unwrap()
                .local_addr()
                .unwrap()
                .port();
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_ihub"));
            cmd.arg("serve")
                .env_clear()
                .envs(map)
                .env("IHUB_BIND", format!("127.0.0.1:{port}"))
                .env("IHUB_LOG_LEVEL", "warn")
                .stdin(std::process::Stdio::null())
                .stdout(std::fs::File::create(&log).unwrap())
                .stderr(std::fs::File::options().append(true).open(&log).unwrap());
            let child = cmd.spawn().unwrap();
            let other = OtherServer {
                url: format!("http://127.0.0.1:{port}"),
                child: std::sync::Mutex::new(child),
            };
            let probe = reqwest::Client::new();
            let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
            loop {
                let up = probe
                    .get(format!("{}/api/v1/health", other.url))
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success());
                if up {
                    return other;
                }
                let exited = other.child.lock().unwrap().try_wait().unwrap().is_some();
                if exited || std::time::Instant::now() > deadline {
                    break;
                }
                tokio::time::sleep(std::time::Duration::from_millis(25)).await;
            }
            other.kill();
        }
        panic!(
            "the second server did not start: {}",
            std::fs::read_to_string(&log).unwrap_or_default()
        );
    }
}

impl Drop for OtherServer {
    fn drop(&mut self) {
        self.kill();
    }
}

pub fn settings(env: &[(&str, &str)], database_url: &str) -> Config {
    Config::from_sources(None, &settings_map(env, database_url)).unwrap()
}

fn settings_map(env: &[(&str, &str)], database_url: &str) -> HashMap<String, String> {
    let mut map: HashMap<String, String> = env
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    map.insert("IHUB_DATABASE_URL".into(), database_url.into());
    map.insert("IHUB_DATA_DIR".into(), work_dir().display().to_string());
    map.insert(
        "IHUB_JWT_SECRET".into(),
        "test-secret-test-secret-test-secret-0123456789".into(),
    );
    map.entry("IHUB_RATE_LOGIN_PER_MINUTE".into())
        .or_insert("100000".into());
    map.entry("IHUB_RATE_RESET_PER_MINUTE".into())
        .or_insert("100000".into());
    map.entry("IHUB_RATE_CODE_PER_MINUTE".into())
        .or_insert("100000".into());
    map.entry("IHUB_RATE_INVITATION_PER_MINUTE".into())
        .or_insert("100000".into());
    map.entry("IHUB_STATEMENT_HEADER".into())
        .or_insert("true".into());
    map.entry("IHUB_STATIC_DIR".into())
        .or_insert(work_dir().join("no-spa").display().to_string());
    map
}

impl TestApp {
    /// None when the PostgreSQL suite is skipped on purpose.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, &[]).await
    }

    pub async fn spawn_with(backend: Backend, env: &[(&str, &str)]) -> Option<TestApp> {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let database_url = match backend {
            Backend::Sqlite => {
                let tmpl = sqlite_template();
                let path = work_dir().join(format!("t{n}.db"));
                std::fs::copy(&tmpl, &path).unwrap();
                format!("sqlite://{}?mode=rwc", path.display())
            }
            Backend::Postgres => {
                let Some((base, tmpl)) = pg_template() else {
                    eprintln!("SKIPPED: PostgreSQL variant (IHUB_TEST_PG=skip)");
                    return None;
                };
                let name = format!("ihub_t_{}_{n}", std::process::id());
                let admin = ihub::db::connect_url(&base, false).await.unwrap();
                use sea_orm::ConnectionTrait;
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\" TEMPLATE \"{tmpl}\""))
                    .await
                    .unwrap();
                admin.close().await.unwrap();
                with_db(&base, &name)
            }
        };
        let map = settings_map(env, &database_url);
        let config = Config::from_sources(None, &map).unwrap();
        let state = ihub::prepare(config).await.unwrap();
        // The e-mail tests run their own servers against their own SMTP catcher.
        let off = |v: Option<&str>| v == Some("off");
        let other = (backend == Backend::Postgres
            && !off(std::env::var("IHUB_TEST_SECOND_SERVER").ok().as_deref())
            && !off(map.get("IHUB_TEST_SECOND_SERVER").map(String::as_str))
            && !map.contains_key("IHUB_SMTP_URL"))
        .then(|| OtherServer::start(&map));
        let other = match other {
            Some(f) => Some(f.await),
            None => None,
        };
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = ihub::server(state.clone(), listener, Some(2)).unwrap();
        let handle = server.handle();
        tokio::spawn(server);
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        Some(TestApp {
            url: format!("http://127.0.0.1:{port}"),
            backend,
            client,
            state,
            database_url,
            handle,
            other,
            turn: AtomicUsize::new(0),
        })
    }

    /// A second server on the same database (as two instances behind one load balancer).
    #[allow(dead_code)]
    pub async fn another_server(&self, env: &[(&str, &str)]) -> TestApp {
        let state = ihub::prepare(settings(env, &self.database_url))
            .await
            .unwrap();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let server = ihub::server(state.clone(), listener, Some(2)).unwrap();
        let handle = server.handle();
        tokio::spawn(server);
        TestApp {
            url: format!("http://127.0.0.1:{port}"),
            backend: self.backend,
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            state,
            database_url: self.database_url.clone(),
            handle,
            other: None,
            turn: AtomicUsize::new(0),
        }
    }

    pub async fn stop(&self) {
        self.handle.stop(true).await;
        if let Some(o) = &self.other {
            o.kill();
        }
    }

    /// The URL of an API path on the next server in turn (one server, or the two
    /// alternately on PostgreSQL).
    pub fn api(&self, path: &str) -> String {
        let base = match &self.other {
            Some(o) if self.turn.fetch_add(1, Ordering::Relaxed) % 2 == 1 => &o.url,
            _ => &self.url,
        };
        format!("{base}/api/v1{path}")
    }

    /// How many servers answer this test's requests.
    pub fn servers(&self) -> usize {
        1 + usize::from(self.other.is_some())
    }

    /// Send a request; returns status, headers and the JSON body (Null when empty).
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Resp {
        let mut rb = self.client.request(method, self.api(path));
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        Resp::from(rb.send().await.unwrap()).await
    }

    /// The same request `n` times at the same moment (a barrier releases them together);
    /// returns every answer's status. For races: one winner, the rest refused.
    pub async fn at_once(
        &self,
        n: usize,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Vec<u16> {
        let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(n));
        let mut tasks = Vec::new();
        for _ in 0..n {
            let mut rb = self.client.request(method.clone(), self.api(path));
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            }
            if let Some(b) = &body {
                rb = rb.json(b);
            }
            for (k, v) in headers {
                rb = rb.header(*k, *v);
            }
            let barrier = barrier.clone();
            tasks.push(tokio::spawn(async move {
                barrier.wait().await;
                let r = rb.send().await.unwrap();
                let status = r.status().as_u16();
                let text = r.text().await.unwrap_or_default();
                assert!(status < 500, "{status}: {text}");
                status
            }));
        }
        let mut out = Vec::new();
        for t in tasks {
            out.push(t.await.unwrap());
        }
        out.sort_unstable();
        out
    }

    /// The SQL statements a GET takes (`X-DB-Statements`) and its body — asked twice of the
    /// server in this process, so that what it caches is warm and the count is its own.
    pub async fn statements(&self, path: &str, token: &str) -> (u64, Value) {
        let mut out = (0, Value::Null);
        for _ in 0..2 {
            let r = self
                .client
                .get(format!("{}/api/v1{path}", self.url))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), StatusCode::OK, "{path}");
            let n = r.headers()["x-db-statements"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            out = (n, r.json().await.unwrap());
        }
        out
    }

    /// The Prometheus text of `/metrics` (from loopback, so without a token).
    pub async fn metrics(&self) -> String {
        self.client
            .get(format!("{}/metrics", self.url))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    fn statement(&self, sql: &str, values: Vec<sea_orm::Value>) -> sea_orm::Statement {
        let backend = self.state.db.get_database_backend();
        let mut text = String::new();
        let mut n = 0;
        for ch in sql.chars() {
            if ch == '?' && backend == sea_orm::DatabaseBackend::Postgres {
                n += 1;
                text.push_str(&format!("${n}"));
            } else {
                text.push(ch);
            }
        }
        sea_orm::Statement::from_sql_and_values(backend, text, values)
    }

    /// Run a statement written with `?` placeholders on either database (fixtures that
    /// need what the API cannot do, such as a date in the past).
    pub async fn exec(&self, sql: &str, values: Vec<sea_orm::Value>) {
        use sea_orm::ConnectionTrait;
        self.state
            .db
            .execute_raw(self.statement(sql, values))
            .await
            .unwrap();
    }

    /// The number in column `n` of a query's one row (a count to compare with).
    pub async fn exec_count(&self, sql: &str, values: Vec<sea_orm::Value>) -> i64 {
        use sea_orm::ConnectionTrait;
        let row = self
            .state
            .db
            .query_one_raw(self.statement(sql, values))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    pub async fn get(&self, path: &str, token: &str) -> Resp {
        self.call(Method::GET, path, Some(token), None).await
    }
    pub async fn post(&self, path: &str, token: &str, body: Value) -> Resp {
        self.call(Method::POST, path, Some(token), Some(body)).await
    }
    pub async fn patch(&self, path: &str, token: &str, body: Value) -> Resp {
        self.call(Method::PATCH, path, Some(token), Some(body))
            .await
    }
    pub async fn put(&self, path: &str, token: &str, body: Value) -> Resp {
        self.call(Method::PUT, path, Some(token), Some(body)).await
    }
    pub async fn delete(&self, path: &str, token: &str) -> Resp {
        self.call(Method::DELETE, path, Some(token), None).await
    }

    pub async fn login(&self, email: &str, password: &str) -> Resp {
        self.call(
            Method::POST,
            "/auth/login",
            None,
            Some(json!({"email": email, "password": password})),
        )
        .await
    }

    /// A fresh client (own cookie jar) signed in; returns the access token.
    pub async fn token_for(&self, email: &str, password: &str) -> String {
        let r = self.login(email, password).await;
        assert_eq!(r.status, StatusCode::OK, "login {email}: {}", r.body);
        r.body["access_token"].as_str().unwrap().to_string()
    }

    /// Create a person directly with the given role (as the system).
    pub async fn person(
        &self,
        email: &str,
        role: &str,
        hub: Option<&str>,
        school: Option<&str>,
    ) -> String {
        let p = ihub::people::service::create_person_with_password(
            &self.state.db,
            email,
            "Test Person",
            PASSWORD,
            "en",
        )
        .await
        .unwrap();
        let role = ihub::auth::model::Role::parse(role).unwrap();
        let hub = hub.map(|h| h.parse().unwrap());
        let school = school.map(|s| s.parse().unwrap());
        ihub::people::service::ensure_grant(&self.state.db, p.id, role, hub, school)
            .await
            .unwrap();
        self.token_for(email, PASSWORD).await
    }

    pub async fn admin(&self) -> String {
        self.person("root@test.example", "admin", None, None).await
    }

    pub async fn create_hub(&self, token: &str, name: &str) -> String {
        let r = self
            .post(
                "/hubs",
                token,
                json!({"name": name, "country": "EE", "languages": ["et"], "time_zone": "Europe/Tallinn"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["id"].as_str().unwrap().to_string()
    }

    pub async fn create_school(&self, token: &str, hub: &str, name: &str) -> String {
        let r = self
            .post(
                "/schools",
                token,
                json!({"hub_id": hub, "name": name, "country": "EE", "kind": "basic",
                       "languages": ["et"], "time_zone": "Europe/Tallinn"}),
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
        r.body["id"].as_str().unwrap().to_string()
    }
}

pub const PASSWORD: &str = "a-long-test-password-42";

pub struct Resp {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub body: Value,
}

impl Resp {
    pub async fn from(r: reqwest::Response) -> Resp {
        let status = r.status();
        let headers = r.headers().clone();
        let text = r.text().await.unwrap();
        let body = if text.is_empty() {
            Value::Null
        } else {
            serde_json::from_str(&text).unwrap_or(Value::String(text))
        };
        Resp {
            status,
            headers,
            body,
        }
    }
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    }
    /// Asserts a problem+json answer with this status and code.
    pub fn problem(&self, status: u16, code: &str) {
        assert_eq!(self.status.as_u16(), status, "body: {}", self.body);
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/problem+json"),
            "body: {}",
            self.body
        );
        assert_eq!(self.body["code"], code, "body: {}", self.body);
        assert_eq!(self.body["status"], status);
    }
}

/// One test body, run on SQLite and on PostgreSQL.
#[macro_export]
macro_rules! on_both {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    let app = $crate::common::TestApp::spawn($crate::common::Backend::Sqlite).await.unwrap();
                    super::$name(&app).await;
                    app.stop().await;
                }
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    if let Some(app) = $crate::common::TestApp::spawn($crate::common::Backend::Postgres).await {
                        super::$name(&app).await;
                        app.stop().await;
                    }
                }
            }
        )+
    };
}

/// The item keys of a questionnaire or reflection form (`areas[].items[].key`), in order.
pub fn item_keys(form: &Value) -> Vec<String> {
    form["areas"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["items"].as_array().unwrap().iter())
        .map(|i| i["key"].as_str().unwrap().to_string())
        .collect()
}

/// Start a self-reflection, answer every item with `level` and submit it.
pub async fn submit_all(app: &TestApp, token: &str, level: &str) {
    let r = app.post("/reflections", token, json!({})).await;
    let id = r.body["reflection"]["id"].as_str().unwrap().to_string();
    for a in r.body["areas"].as_array().unwrap() {
        for it in a["items"].as_array().unwrap() {
            let k = it["key"].as_str().unwrap();
            app.put(
                &format!("/reflections/{id}/answers/{k}"),
                token,
                json!({"value": level}),
            )
            .await;
        }
    }
    let s = app
        .post(&format!("/reflections/{id}/submit"), token, json!({}))
        .await;
    assert_eq!(s.status, StatusCode::OK, "{}", s.body);
}

/// A UUID given as text, as a bound value (SQLite stores UUIDs as bytes: compare with a
/// bound UUID, never with its text).
pub fn uuid_value(s: &str) -> sea_orm::Value {
    s.parse::<uuid::Uuid>().unwrap().into()
}

/// A Digital Accelerator programme of the hub running through 2026 (10–40 mentoring hours
/// per school) with one school enrolled as a mentee school; the programme's id.
pub async fn programme_2026_with_mentee(
    app: &TestApp,
    coordinator: &str,
    hub: &str,
    school: &str,
) -> String {
    let r = app
        .post(
            "/programmes",
            coordinator,
            json!({"hub_id": hub, "name": "Accelerator 2026", "method": "digital_accelerator",
                   "starts_on": "2026-01-01", "ends_on": "2026-12-31",
                   "mentoring_min_hours": 10, "mentoring_max_hours": 40,
                   "training_targets": {"teachers": 10, "leaders": 10}}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    let programme = r.body["id"].as_str().unwrap().to_string();
    let r = app
        .post(
            &format!("/programmes/{programme}/schools"),
            coordinator,
            json!({"school_id": school, "role": "mentee_school"}),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    programme
}
