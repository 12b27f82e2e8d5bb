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
export IHUB_RATE_CODE_PER_MINUTE=1000000 IHUB_RATE_INVITATION_PER_MINUTE=1000000
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
# Answering: 64 teachers autosaving their reflections, 200 anonymous respondents of a
# readiness campaign. The accounts, reflections, campaign and responses are made first.
python3 - "$base" "$token" "$dir" <<'PY'
import json, sys, urllib.request
base, token, d = sys.argv[1], sys.argv[2], sys.argv[3]
def call(method, path, body=None, auth=token, headers=None):
    req = urllib.request.Request(base + path, method=method, data=None if body is None else json.dumps(body).encode())
    req.add_header("content-type", "application/json")
    if auth: req.add_header("authorization", "Bearer " + auth)
    for k, v in (headers or {}).items(): req.add_header(k, v)
    with urllib.request.urlopen(req) as r:
        t = r.read()
        return json.loads(t) if t else None
schools = call("GET", "/api/v1/schools?limit=1")["items"]
school = schools[0]
teachers = []
for i in range(64):
    inv = call("POST", "/api/v1/invitations", {"email": f"bench.{i}@bench.example", "role": "teacher", "school_id": school["id"]})
    tok = inv["url"].split("#token=")[1]
    call("POST", "/api/v1/invitations/accept", {"token": tok, "name": f"Bench Teacher {i}", "password": "bench-password-2026"}, auth=None)
    t = call("POST", "/api/v1/auth/login", {"email": f"bench.{i}@bench.example", "password": "bench-password-2026"}, auth=None)["access_token"]
    r = call("POST", "/api/v1/reflections", {}, auth=t)
    teachers.append((t, r["reflection"]["id"]))
items = [it["key"] for a in r["areas"] for it in a["items"]]
leader_school = school["id"]
import datetime
today = datetime.date.today()
c = call("POST", f"/api/v1/schools/{leader_school}/campaigns", {"name": "Bench", "groups": ["student"],
    "opens_on": str(today - datetime.timedelta(days=1)), "closes_on": str(today + datetime.timedelta(days=7))})
code = c["codes"][0]["code"]
form = call("GET", f"/api/v1/respond/{code}", auth=None)
sitems = [it["key"] for a in form["areas"] for it in a["items"]]
resp = [call("POST", f"/api/v1/respond/{code}/responses", auth=None) for _ in range(200)]
def lua_list(xs): return "{" + ",".join(xs) + "}"
with open(f"{d}/teachers.lua", "w") as f:
    f.write(f"""local people = {lua_list('{"%s","%s"}' % (t, rid) for t, rid in teachers)}
local items = {lua_list('"%s"' % k for k in items)}
local levels = {{"a1","a2","b1","b2","c1","c2"}}
local n = 0
request = function()
  n = n + 1
  local p = people[(n % #people) + 1]
  local path = "/api/v1/reflections/" .. p[2] .. "/answers/" .. items[(n % #items) + 1]
  return wrk.format("PUT", path, {{["Authorization"] = "Bearer " .. p[1], ["Content-Type"] = "application/json"}},
    '{{"value":"' .. levels[(n % 6) + 1] .. '"}}')
end
""")
with open(f"{d}/respondents.lua", "w") as f:
    f.write(f"""local people = {lua_list('{"%s","%s"}' % (r["id"], r["token"]) for r in resp)}
local items = {lua_list('"%s"' % k for k in sitems)}
local n = 0
request = function()
  n = n + 1
  local p = people[(n % #people) + 1]
  local path = "/api/v1/respond/{code}/responses/" .. p[1] .. "/answers/" .. items[(n % #items) + 1]
  return wrk.format("PUT", path, {{["X-Response-Token"] = p[2], ["Content-Type"] = "application/json"}},
    '{{"value":"a' .. ((n % 5) + 1) .. '"}}')
end
""")
PY

# The database's raw rate of one-row commits (SQLite, WAL, synchronous=FULL, as the server
# uses it), with no server in between: the ceiling for acknowledged, durable writes.
python3 - "$dir" "$secs" > "$dir/commits.txt" <<'PY'
import sqlite3, sys, time
d, secs = sys.argv[1], float(sys.argv[2])
db = sqlite3.connect(f"{d}/raw.db", isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
n, end = 0, time.time() + min(secs, 5)
while time.time() < end:
    db.execute("BEGIN IMMEDIATE"); db.execute("INSERT INTO t (v) VALUES ('b1')"); db.execute("COMMIT"); n += 1
print(n / min(secs, 5))
PY

measure health "$base/api/v1/health"
measure schools -H "Authorization: Bearer $token" "$base/api/v1/schools?limit=50"
measure login -s "$dir/login.lua" "$base/api/v1/auth/login"
conns=64 measure teachers -s "$dir/teachers.lua" "$base/api/v1/health"
conns=200 measure respondents -s "$dir/respondents.lua" "$base/api/v1/health"

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
        ("POST /api/v1/auth/login (argon2id)", read("login")),
        ("PUT reflection answers (64 teachers)", read("teachers")),
        ("PUT anonymous answers (200 respondents)", read("respondents"))]
commits = float(open(f"{d}/commits.txt").read())
base = rows[0][1]
print(f"\niHub load harness: wrk, {conns} connections, {secs}s per endpoint, release build, SQLite")
print(f"{'endpoint':<48}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'req/s ÷ health':>16}{'p99 ÷ health':>14}{'non-2xx':>9}")
for name, (rps, p50, p99, errs) in rows:
    print(f"{name:<48}{rps:>10.0f}{p50:>10.2f}{p99:>10.2f}{rps / base[0]:>16.3f}{p99 / base[2]:>14.1f}{errs:>9}")
print(f"\nraw SQLite one-row commits (WAL, synchronous=FULL, no server): {commits:.0f}/s")
for name, (rps, *_ ) in rows[3:]:
    print(f"{name}: {rps:.0f} answers/s = {rps / commits:.2f} x the raw commit rate, {rps / base[0]:.3f} x /health")
PY
