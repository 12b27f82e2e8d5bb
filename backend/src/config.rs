//! Settings: built-in defaults < optional TOML file < `IHUB_*` environment variables.
//! Validated once at start; every problem is reported with the setting's name.

use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    Json,
    Pretty,
}

#[derive(Debug, Clone)]
pub struct Config {
    pub database_url: String,
    pub data_dir: PathBuf,
    pub bind: SocketAddr,
    /// Shared signing secret; `None` means "generate once and keep in the data directory".
    pub jwt_secret: Option<String>,
    pub log: LogFormat,
    pub log_level: String,
    pub static_dir: PathBuf,
    pub cors_origins: Vec<String>,
    /// Public base URL used in links sent to people (invitations, password resets).
    pub public_url: String,
    pub rate_login_per_minute: u32,
    pub rate_reset_per_minute: u32,
    pub rate_invitation_per_minute: u32,
    /// Look-ups of campaign access codes per client address and minute.
    pub rate_code_per_minute: u32,
    pub smtp_url: Option<String>,
    pub smtp_from: Option<String>,
    /// How often (seconds) pending notifications go out by e-mail, when SMTP is set.
    pub notify_mail_every_secs: u64,
    /// Smallest group whose aggregated results may be shown (never below 3).
    pub anonymity_threshold: u32,
    pub access_token_ttl_secs: i64,
    pub refresh_token_ttl_days: i64,
    /// Reverse proxies whose `X-Forwarded-For` / `X-Forwarded-Proto` are believed
    /// (`IHUB_TRUSTED_PROXIES`, or `IHUB_TRUST_PROXY=true` for loopback and private networks).
    pub trusted_proxies: Vec<crate::platform::client::Net>,
    /// Bearer token for `/metrics`; without one, only loopback connections that did not
    /// come through a proxy may read it.
    pub metrics_token: Option<String>,
    /// Put the number of SQL statements a request issued in an `X-DB-Statements` header
    /// (for tests and profiling; off by default).
    pub statement_header: bool,
}

/// The keys a config file may carry; each also exists as `IHUB_<KEY>` in upper case.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    database_url: Option<String>,
    data_dir: Option<String>,
    bind: Option<String>,
    jwt_secret: Option<String>,
    log: Option<String>,
    log_level: Option<String>,
    static_dir: Option<String>,
    cors_origins: Option<String>,
    public_url: Option<String>,
    rate_login_per_minute: Option<String>,
    rate_reset_per_minute: Option<String>,
    rate_invitation_per_minute: Option<String>,
    rate_code_per_minute: Option<String>,
    smtp_url: Option<String>,
    smtp_from: Option<String>,
    notify_mail_every_secs: Option<String>,
    anonymity_threshold: Option<String>,
    access_token_ttl_secs: Option<String>,
    refresh_token_ttl_days: Option<String>,
    trust_proxy: Option<String>,
    trusted_proxies: Option<String>,
    metrics_token: Option<String>,
    statement_header: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("configuration: {0}")]
pub struct ConfigError(pub String);

const KEYS: &[&str] = &[
    "database_url",
    "data_dir",
    "bind",
    "jwt_secret",
    "log",
    "log_level",
    "static_dir",
    "cors_origins",
    "public_url",
    "rate_login_per_minute",
    "rate_reset_per_minute",
    "rate_invitation_per_minute",
    "rate_code_per_minute",
    "smtp_url",
    "smtp_from",
    "notify_mail_every_secs",
    "anonymity_threshold",
    "access_token_ttl_secs",
    "refresh_token_ttl_days",
    "trust_proxy",
    "trusted_proxies",
    "metrics_token",
    "statement_header",
];

impl Config {
    /// Load from an optional file (explicit path, or `IHUB_CONFIG`) and the process environment.
    pub fn load(file: Option<&Path>) -> Result<Self, ConfigError> {
        let env: HashMap<String, String> = std::env::vars().collect();
        let file = file
            .map(Path::to_path_buf)
            .or_else(|| env.get("IHUB_CONFIG").map(PathBuf::from));
        let file_text = match &file {
            Some(p) => Some(std::fs::read_to_string(p).map_err(|e| {
                ConfigError(format!("cannot read config file {}: {e}", p.display()))
            })?),
            None => None,
        };
        Self::from_sources(file_text.as_deref(), &env)
    }

    /// Pure merge of the sources; used by `load` and by tests.
    pub fn from_sources(
        file_text: Option<&str>,
        env: &HashMap<String, String>,
    ) -> Result<Self, ConfigError> {
        let file: FileConfig = match file_text {
            Some(t) => toml::from_str(t)
                .map_err(|e| ConfigError(format!("config file is not valid: {e}")))?,
            None => FileConfig::default(),
        };
        let file_map: HashMap<&str, Option<String>> = HashMap::from([
            ("database_url", file.database_url),
            ("data_dir", file.data_dir),
            ("bind", file.bind),
            ("jwt_secret", file.jwt_secret),
            ("log", file.log),
            ("log_level", file.log_level),
            ("static_dir", file.static_dir),
            ("cors_origins", file.cors_origins),
            ("public_url", file.public_url),
            ("rate_login_per_minute", file.rate_login_per_minute),
            ("rate_reset_per_minute", file.rate_reset_per_minute),
            (
                "rate_invitation_per_minute",
                file.rate_invitation_per_minute,
            ),
            ("rate_code_per_minute", file.rate_code_per_minute),
            ("smtp_url", file.smtp_url),
            ("smtp_from", file.smtp_from),
            ("notify_mail_every_secs", file.notify_mail_every_secs),
            ("anonymity_threshold", file.anonymity_threshold),
            ("access_token_ttl_secs", file.access_token_ttl_secs),
            ("refresh_token_ttl_days", file.refresh_token_ttl_days),
            ("trust_proxy", file.trust_proxy),
            ("trusted_proxies", file.trusted_proxies),
            ("metrics_token", file.metrics_token),
            ("statement_header", file.statement_header),
        ]);
        let get = |key: &str| -> Option<String> {
            debug_assert!(KEYS.contains(&key));
            env.get(&format!("IHUB_{}", key.to_uppercase()))
                .cloned()
                .or_else(|| file_map.get(key).cloned().flatten())
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let mut problems = Vec::new();
        let mut num = |key: &str, default: u64, min: u64, max: u64| -> u64 {
            match get(key) {
                None => default,
                Some(v) => match v.parse::<u64>() {
                    Ok(n) if (min..=max).contains(&n) => n,
                    _ => {
                        problems.push(format!(
                            "IHUB_{} must be a whole number from {min} to {max}, got {v:?}",
                            key.to_uppercase()
                        ));
                        default
                    }
                },
            }
        };
        let rate_login = num("rate_login_per_minute", 10, 1, 1_000_000) as u32;
        let rate_reset = num("rate_reset_per_minute", 5, 1, 1_000_000) as u32;
        let rate_invitation = num("rate_invitation_per_minute", 10, 1, 1_000_000) as u32;
        let rate_code = num("rate_code_per_minute", 60, 1, 1_000_000) as u32;
        let anonymity_threshold = num("anonymity_threshold", 5, 3, 1000) as u32;
        let access_ttl = num("access_token_ttl_secs", 900, 30, 86_400) as i64;
        let refresh_days = num("refresh_token_ttl_days", 30, 1, 365) as i64;
        let notify_mail_every = num("notify_mail_every_secs", 60, 1, 86_400);

        let data_dir = PathBuf::from(get("data_dir").unwrap_or_else(|| "./data".into()));
        let database_url = get("database_url")
            .unwrap_or_else(|| format!("sqlite://{}/ihub.db?mode=rwc", data_dir.display()));
        if !(database_url.starts_with("sqlite:")
            || database_url.starts_with("postgres://")
            || database_url.starts_with("postgresql://"))
        {
            problems.push(format!(
                "IHUB_DATABASE_URL must start with sqlite: or postgres://, got {database_url:?}"
            ));
        }
        let bind_text = get("bind").unwrap_or_else(|| "127.0.0.1:8080".into());
        let bind = match bind_text.parse::<SocketAddr>() {
            Ok(b) => b,
            Err(_) => {
                problems.push(format!(
                    "IHUB_BIND must be an address and port such as 127.0.0.1:8080, got {bind_text:?}"
                ));
                SocketAddr::from(([127, 0, 0, 1], 8080))
            }
        };
        let jwt_secret = get("jwt_secret");
        if let Some(s) = &jwt_secret
            && s.len() < 32
        {
            problems.push("IHUB_JWT_SECRET must be at least 32 characters long".into());
        }
        let log = match get("log").as_deref() {
            None | Some("pretty") => LogFormat::Pretty,
            Some("json") => LogFormat::Json,
            Some(other) => {
                problems.push(format!("IHUB_LOG must be json or pretty, got {other:?}"));
                LogFormat::Pretty
            }
        };
        let log_level = get("log_level").unwrap_or_else(|| "info".into());
        if tracing_subscriber::EnvFilter::try_new(&log_level).is_err() {
            problems.push(format!(
                "IHUB_LOG_LEVEL is not a valid filter: {log_level:?}"
            ));
        }
        let cors_origins: Vec<String> = get("cors_origins")
            .map(|v| {
                v.split(',')
                    .map(|s| s.trim().trim_end_matches('/').to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        for o in &cors_origins {
            if !(o.starts_with("http://") || o.starts_with("https://")) {
                problems.push(format!(
                    "IHUB_CORS_ORIGINS entries must be origins like https://hub.example.org, got {o:?}"
                ));
            }
        }
        let public_url = get("public_url")
            .unwrap_or_else(|| format!("http://{bind}"))
            .trim_end_matches('/')
            .to_string();
        if url::Url::parse(&public_url).is_err() {
            problems.push(format!("IHUB_PUBLIC_URL is not a URL: {public_url:?}"));
        }
        let smtp_url = get("smtp_url");
        let smtp_from = get("smtp_from");
        if smtp_url.is_some() && smtp_from.is_none() {
            problems.push("IHUB_SMTP_FROM is required when IHUB_SMTP_URL is set".into());
        }
        if let Some(from) = &smtp_from
            && from.parse::<lettre::message::Mailbox>().is_err()
        {
            problems.push(format!("IHUB_SMTP_FROM is not an e-mail address: {from:?}"));
        }
        let trust_proxy = match get("trust_proxy").as_deref() {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(other) => {
                problems.push(format!(
                    "IHUB_TRUST_PROXY must be true or false, got {other:?}"
                ));
                false
            }
        };
        use crate::platform::client::{Net, PRIVATE_NETWORKS};
        let trusted_proxies: Vec<Net> = match get("trusted_proxies") {
            Some(list) => list
                .split(',')
                .filter(|x| !x.trim().is_empty())
                .filter_map(|x| {
                    let n = Net::parse(x);
                    if n.is_none() {
                        problems.push(format!(
                            "IHUB_TRUSTED_PROXIES entries must be addresses or ranges such as 10.0.0.0/8, got {:?}",
                            x.trim()
                        ));
                    }
                    n
                })
                .collect(),
            None if trust_proxy => PRIVATE_NETWORKS.iter().filter_map(|n| Net::parse(n)).collect(),
            None => Vec::new(),
        };
        let statement_header = match get("statement_header").as_deref() {
            None | Some("false") | Some("0") => false,
            Some("true") | Some("1") => true,
            Some(other) => {
                problems.push(format!(
                    "IHUB_STATEMENT_HEADER must be true or false, got {other:?}"
                ));
                false
            }
        };
        let metrics_token = get("metrics_token");
        if metrics_token.as_ref().is_some_and(|t| t.len() < 16) {
            problems.push("IHUB_METRICS_TOKEN must be at least 16 characters long".into());
        }
        if !problems.is_empty() {
            return Err(ConfigError(problems.join("; ")));
        }
        Ok(Config {
            database_url,
            data_dir,
            bind,
            jwt_secret,
            log,
            log_level,
            static_dir: PathBuf::from(get("static_dir").unwrap_or_else(|| "frontend/dist".into())),
            cors_origins,
            public_url,
            rate_login_per_minute: rate_login,
            rate_reset_per_minute: rate_reset,
            rate_invitation_per_minute: rate_invitation,
            rate_code_per_minute: rate_code,
            smtp_url,
            smtp_from,
            notify_mail_every_secs: notify_mail_every,
            anonymity_threshold,
            access_token_ttl_secs: access_ttl,
            refresh_token_ttl_days: refresh_days,
            trusted_proxies,
            metrics_token,
            statement_header,
        })
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url.starts_with("https://")
    }

    /// The JWT signing secret: configured, or generated once into the data directory (0600).
    pub fn resolve_jwt_secret(&self) -> Result<String, ConfigError> {
        if let Some(s) = &self.jwt_secret {
            return Ok(s.clone());
        }
        let path = self.data_dir.join("jwt_secret");
        if let Ok(text) = std::fs::read_to_string(&path) {
            let t = text.trim().to_string();
            if t.len() >= 32 {
                return Ok(t);
            }
        }
        std::fs::create_dir_all(&self.data_dir).map_err(|e| {
            ConfigError(format!(
                "cannot create data directory {}: {e}",
                self.data_dir.display()
            ))
        })?;
        let secret = crate::platform::secret::random_token(48);
        write_private(&path, &secret)
            .map_err(|e| ConfigError(format!("cannot write {}: {e}", path.display())))?;
        Ok(secret)
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn defaults_apply_without_any_source() {
        let c = Config::from_sources(None, &env(&[])).unwrap();
        assert_eq!(c.bind.to_string(), "127.0.0.1:8080");
        assert!(c.database_url.starts_with("sqlite://./data/ihub.db"));
        assert_eq!(c.anonymity_threshold, 5);
        assert_eq!(c.log, LogFormat::Pretty);
    }

    #[test]
    fn environment_overrides_file_which_overrides_defaults() {
        let file = "bind = \"0.0.0.0:9000\"\nlog = \"json\"\n";
        let c = Config::from_sources(Some(file), &env(&[("IHUB_LOG", "pretty")])).unwrap();
        assert_eq!(c.bind.to_string(), "0.0.0.0:9000");
        assert_eq!(c.log, LogFormat::Pretty);
    }

    #[test]
    fn bad_values_are_reported_by_name() {
        let cases = [
            ("IHUB_BIND", "nowhere", "IHUB_BIND"),
            ("IHUB_DATABASE_URL", "mysql://x", "IHUB_DATABASE_URL"),
            ("IHUB_JWT_SECRET", "short", "IHUB_JWT_SECRET"),
            ("IHUB_LOG", "xml", "IHUB_LOG"),
            ("IHUB_ANONYMITY_THRESHOLD", "2", "IHUB_ANONYMITY_THRESHOLD"),
            (
                "IHUB_RATE_LOGIN_PER_MINUTE",
                "-1",
                "IHUB_RATE_LOGIN_PER_MINUTE",
            ),
            ("IHUB_CORS_ORIGINS", "example.org", "IHUB_CORS_ORIGINS"),
            ("IHUB_SMTP_URL", "smtp://localhost", "IHUB_SMTP_FROM"),
        ];
        for (k, v, expect) in cases {
            let err = Config::from_sources(None, &env(&[(k, v)])).unwrap_err();
            assert!(err.0.contains(expect), "{k}={v}: {}", err.0);
        }
    }

    #[test]
    fn unknown_file_keys_are_rejected() {
        assert!(Config::from_sources(Some("colour = \"blue\""), &env(&[])).is_err());
    }

    #[test]
    fn generated_secret_is_kept_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        let c = Config::from_sources(
            None,
            &env(&[("IHUB_DATA_DIR", dir.path().to_str().unwrap())]),
        )
        .unwrap();
        let a = c.resolve_jwt_secret().unwrap();
        let b = c.resolve_jwt_secret().unwrap();
        assert_eq!(a, b);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join("jwt_secret"))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
