#!/usr/bin/env bash
# Load harness: starts the release server on a temporary SQLite database with the demo
# data and measures three endpoints with wrk in one run, printing requests/s, p50 and
# p99, each also as a ratio to GET /api/v1/health measured in the same run.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
port="${BENCH_PORT:-18097}"
base="http://127.0.0.1:$port"
secs="${BENCH_SECONDS:-8}"
conns="${BENCH_CONNECTIONS:-16}"

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is needed: install Debian's wrk package"; exit 1
  fi
fi
[ -x target/release/ihub ] || cargo build --release -p ihub

dir="$(mktemp -d /tmp/ihub-bench.XXXXXX)"
export IHUB_DATA_DIR="$dir" IHUB_BIND="127.0.0.1:$port" IHUB_STATIC_DIR="$dir/none" IHUB_LOG_LEVEL=warn
export IHUB_RATE_LOGIN_PER_MINUTE=1000000 IHUB_ACCESS_TOKEN_TTL_SECS=3600
./target/release/ihub seed --demo >/dev/null
./target/release/ihub serve 2>"$dir/server.log" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
for _ in $(seq 1 50); do curl -fs "$base/api/v1/ready" >/dev/null && break; sleep 0.2; done

token=$(curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
  -d '{"email":"admin@ihub.example","password":"ihub-demo-2026"}' | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')

cat > "$dir/login.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"email":"admin@ihub.example","password":"ihub-demo-2026"}'
LUA

measure() { # name, then wrk arguments
  local name="$1"; shift
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" > "$dir/$name.txt"
}
measure health "$base/api/v1/health"
measure schools -H "Authorization: Bearer $token" "$base/api/v1/schools?limit=50"
measure login -s "$dir/login.lua" "$base/api/v1/auth/login"

python3 - "$dir" "$secs" "$conns" <<'PY'
import re, sys
d, secs, conns = sys.argv[1], sys.argv[2], sys.argv[3]
def unit(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v)
    n, u = float(m.group(1)), m.group(2)
    return n / 1000 if u == "us" else n if u == "ms" else n * 1000
def read(name):
    t = open(f"{d}/{name}.txt").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", t).group(1))
    p50 = unit(re.search(r"\s50%\s+(\S+)", t).group(1))
    p99 = unit(re.search(r"\s99%\s+(\S+)", t).group(1))
    errs = re.search(r"Non-2xx or 3xx responses: (\d+)", t)
    return rps, p50, p99, int(errs.group(1)) if errs else 0
rows = [("GET /api/v1/health", read("health")),
        ("GET /api/v1/schools?limit=50 (authenticated)", read("schools")),
        ("POST /api/v1/auth/login (argon2id)", read("login"))]
base = rows[0][1]
print(f"\niHub load harness: wrk, {conns} connections, {secs}s per endpoint, release build, SQLite")
print(f"{'endpoint':<48}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'req/s ÷ health':>16}{'p99 ÷ health':>14}{'non-2xx':>9}")
for name, (rps, p50, p99, errs) in rows:
    print(f"{name:<48}{rps:>10.0f}{p50:>10.2f}{p99:>10.2f}{rps / base[0]:>16.3f}{p99 / base[2]:>14.1f}{errs:>9}")
PY
