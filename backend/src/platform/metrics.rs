//! Request counters and durations in the Prometheus text format.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;

/// (method, route pattern, status)
type Key = (String, String, u16);
/// (count, seconds)
type Tally = (u64, f64);

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<Key, Tally>>,
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        if let Ok(mut m) = self.requests.lock() {
            let e = m
                .entry((method.to_string(), route.to_string(), status))
                .or_insert((0, 0.0));
            e.0 += 1;
            e.1 += seconds;
        }
    }

    pub fn render(&self, db_up: bool) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# HELP ihub_up Whether the database answers (1) or not (0)."
        );
        let _ = writeln!(out, "# TYPE ihub_up gauge");
        let _ = writeln!(out, "ihub_up {}", u8::from(db_up));
        let _ = writeln!(out, "# HELP ihub_http_requests_total HTTP requests served.");
        let _ = writeln!(out, "# TYPE ihub_http_requests_total counter");
        let snapshot: Vec<_> = match self.requests.lock() {
            Ok(m) => m.iter().map(|(k, v)| (k.clone(), *v)).collect(),
            Err(_) => Vec::new(),
        };
        for ((method, route, status), (count, _)) in &snapshot {
            let _ = writeln!(
                out,
                "ihub_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {count}",
                escape(route)
            );
        }
        let _ = writeln!(
            out,
            "# HELP ihub_http_request_duration_seconds_sum Time spent serving requests."
        );
        let _ = writeln!(out, "# TYPE ihub_http_request_duration_seconds_sum counter");
        for ((method, route, status), (_, secs)) in &snapshot {
            let _ = writeln!(
                out,
                "ihub_http_request_duration_seconds_sum{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {secs:.6}",
                escape(route)
            );
        }
        out
    }
}

fn escape(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"")
}
