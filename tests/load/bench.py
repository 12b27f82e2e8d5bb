#!/usr/bin/env python3
"""Load harness behind `make bench`.

For each database (SQLite; PostgreSQL when BENCH_PG_URL is set) and each dataset (the
demo data, and `ihub seed --scale` data: national by default), it starts the release
server, measures each endpoint with wrk at 1 and 16 connections (writes at 64), and prints
one table per database: requests/s, p50/p95/p99, the ratio of the scale figures to the
demo figures of the same run, and the issue's target with met / NOT MET.

Environment: BENCH_SECONDS (per measurement, default 5), BENCH_SCALE (region|national),
BENCH_PG_URL (a PostgreSQL server URL; a database per dataset is made on it),
BENCH_ONLY (comma-separated: sqlite,postgres), BENCH_KEEP (keep the generated databases
under target/bench, default 1: generating national data takes minutes), BENCH_REPEATS
(runs of each autosave cell and of its reference rate, pgbench or raw SQLite commits,
default 3: their medians are compared).
"""
import hashlib, json, os, re, shutil, signal, subprocess, sys, tempfile, time, urllib.request, urllib.error
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / "target/release/ihub"
SECS = int(os.environ.get("BENCH_SECONDS", "5"))
SCALE = os.environ.get("BENCH_SCALE", "national")
PG = os.environ.get("BENCH_PG_URL")
ONLY = set(filter(None, os.environ.get("BENCH_ONLY", "sqlite,postgres").split(",")))
KEEP = os.environ.get("BENCH_KEEP", "1") != "0"
PASSWORD = "ihub-demo-2026"
PORT = int(os.environ.get("BENCH_PORT", "18097"))
BASE = f"http://127.0.0.1:{PORT}"

# Who reads what, per dataset (the demo's people, and the generated ones).
PEOPLE = {
    "demo": dict(coordinator="coordinator.ee@ihub.example", leader="leader.maardu@ihub.example",
                 teacher="teacher.maardu@ihub.example", mentor="mentor.ee@ihub.example",
                 admin="admin@ihub.example", search="tamm"),
    "scale": dict(coordinator="coordinator.h1@scale.example", leader="leader.h1.s60@scale.example",
                  teacher="teacher.h1.s3.t1@scale.example", mentor="mentor.h1.m1@scale.example",
                  admin="admin@ihub.example", search="tamm"),
}

# Reads: label -> (target p95 ms at 16 connections or None, growth limit scale/demo or None,
# and optionally the connections the target is for when not 16).
TARGETS = {
    "hub overview": (250, None),
    "programme board": (50, None),
    "campaign report": (50, 2.0),
    "reflection report": (30, 2.0),
    "people search": (20, None),
    "school search": (20, None),
    "list: schools of a hub": (20, None),
    "list: people of a hub": (20, None),
    # The demo's mentor takes part in 3 relationships, the national one in 50: the full
    # page (50) has the speed target, the growth is measured on pages of the same size.
    "list: relationships (mentor)": (20, None),
    "list: relationships (mentor), 3 a page": (20, 2.0),
    "list: campaigns of a school": (20, 2.0),
    "list: reflections (teacher)": (20, 2.0),
    # Issue 12's dashboard targets name no concurrency: they are judged for one reader at a
    # time (a coordinator opening the dashboard); the 16-connection row is printed beside.
    "dashboard (hub)": (250, None, 1),
    "dashboard (school)": (100, None, 1),
    "dashboard (platform)": (1000, None, 1),
}
# Writes: label -> (connections the target is for, p99 ms, minimum rate: a number, or
# "raw" = the raw durable commit rate of the same run (SQLite) / half of pgbench's one-row
# INSERT rate at the same concurrency (PostgreSQL)).
AUTOSAVE_R = "autosave: reflection answers"
AUTOSAVE_A = "autosave: anonymous answers"
WHOLE = "respond: whole response, 1 request"
PATH = "respond: start + 30 answers + submit"
WRITE_TARGETS = {
    AUTOSAVE_R: (64, 25, "raw"),
    AUTOSAVE_A: (64, 25, "raw"),
    WHOLE: (32, 25, 2000),
    PATH: (32, 25, 200),
}
# What the rate column counts.
UNITS = {AUTOSAVE_R: "answers/s", AUTOSAVE_A: "answers/s", WHOLE: "responses/s", PATH: "responses/s"}
RSS_LIMIT_MB = 200
# Runs of each autosave cell and of the rate it is compared with; the medians are compared.
REPEATS = int(os.environ.get("BENCH_REPEATS", "3"))


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2]


def call(method, path, body=None, token=None, headers=None, form=False):
    data = None
    req = urllib.request.Request(BASE + path, method=method)
    if body is not None:
        data = json.dumps(body).encode()
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", "Bearer " + token)
    for k, v in (headers or {}).items():
        req.add_header(k, v)
    with urllib.request.urlopen(req, data=data, timeout=600) as r:
        t = r.read()
        return json.loads(t) if t else None


def login(email):
    return call("POST", "/api/v1/auth/login", {"email": email, "password": PASSWORD})["access_token"]


def key_of_sources():
    h = hashlib.sha256()
    for p in sorted((ROOT / "backend/migration/src").glob("*.rs")) + [ROOT / "backend/src/seed_scale.rs", ROOT / "backend/src/seed.rs"]:
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


class Server:
    def __init__(self, env):
        self.env = env
        self.proc = None

    def start(self, log):
        self.proc = subprocess.Popen([str(BIN), "serve"], env=self.env, stdout=subprocess.DEVNULL, stderr=open(log, "w"))
        for _ in range(600):
            try:
                urllib.request.urlopen(BASE + "/api/v1/ready", timeout=2).read()
                return
            except Exception:
                time.sleep(0.2)
        raise SystemExit(f"the server did not start; see {log}")

    def rss_mb(self):
        try:
            for line in open(f"/proc/{self.proc.pid}/status"):
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    def stop(self):
        if self.proc:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()


LUA_P = """
done = function(summary, latency, requests)
  io.write(string.format("P50 %d\\nP95 %d\\nP99 %d\\nRPS %f\\nERR %d\\nDONE %d\\n", latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.requests / (summary.duration / 1e6), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.requests))
end
"""


def settle(limit=30.0):
    """Wait until the machine is idle (under 10 % of its CPU busy for half a second, at most
    `limit` seconds): a heavy cell leaves the server and the database finishing requests
    that wrk has given up on, which would otherwise land in the next cell's figures."""
    def busy_total():
        f = [int(x) for x in open("/proc/stat").readline().split()[1:]]
        return sum(f) - f[3] - f[4], sum(f)
    end = time.time() + limit
    while time.time() < end:
        b0, t0 = busy_total()
        time.sleep(0.5)
        b1, t1 = busy_total()
        if t1 > t0 and (b1 - b0) / (t1 - t0) < 0.10:
            return


def wrk(work, conns, url, token=None, script=None, threads=None):
    settle()
    args = ["wrk", f"-t{threads or min(conns, 2)}", f"-c{conns}", f"-d{SECS}s", "--timeout", "10s"]
    lua = work / "report.lua"
    if script:
        lua = script
    else:
        lua.write_text(LUA_P)
    args += ["-s", str(lua)]
    if token:
        args += ["-H", f"Authorization: Bearer {token}"]
    out = subprocess.run(args + [url], capture_output=True, text=True).stdout
    v = dict(re.findall(r"^(P50|P95|P99|RPS|ERR|UNITS|SECS|DONE) ([\d.]+)$", out, re.M))
    if not v:
        raise SystemExit(f"wrk said: {out}")
    rate = float(v["UNITS"]) / float(v["SECS"]) if "UNITS" in v else float(v["RPS"])
    if v.get("DONE") == "0":
        # Not one request finished within the cell: no latency to show, and no target met.
        inf = float("inf")
        return dict(rps=0.0, p50=inf, p95=inf, p99=inf, err=int(v["ERR"]))
    return dict(rps=rate, p50=float(v["P50"]) / 1000, p95=float(v["P95"]) / 1000, p99=float(v["P99"]) / 1000, err=int(v["ERR"]))


def writers(work, tokens):
    """Scripts for autosave: 64 teachers with a reflection each, 64 anonymous respondents."""
    coordinator, leader_school = tokens["coordinator"], tokens["school"]
    import datetime, uuid
    teachers = []
    tag = uuid.uuid4().hex[:6]
    for i in range(64):
        inv = call("POST", "/api/v1/invitations", {"email": f"bench.{tag}.{i}@bench.example", "role": "teacher", "school_id": leader_school}, token=coordinator)
        tok = inv["url"].split("#token=")[1]
        call("POST", "/api/v1/invitations/accept", {"token": tok, "name": f"Bench Teacher {i}", "password": "bench-password-2026"})
        t = call("POST", "/api/v1/auth/login", {"email": f"bench.{tag}.{i}@bench.example", "password": "bench-password-2026"})["access_token"]
        r = call("POST", "/api/v1/reflections", {}, token=t)
        teachers.append((t, r["reflection"]["id"]))
    items = [it["key"] for a in r["areas"] for it in a["items"]]
    today = datetime.date.today()
    c = call("POST", f"/api/v1/schools/{leader_school}/campaigns", {"name": f"Bench {tag}", "groups": ["student"],
             "opens_on": str(today - datetime.timedelta(days=1)), "closes_on": str(today + datetime.timedelta(days=7))}, token=tokens["leader"])
    code = c["codes"][0]["code"]
    form = call("GET", f"/api/v1/respond/{code}")
    sitems = [it["key"] for a in form["areas"] for it in a["items"]]
    resp = [call("POST", f"/api/v1/respond/{code}/responses") for _ in range(64)]
    lst = lambda xs: "{" + ",".join(xs) + "}"
    (work / "teachers.lua").write_text(f"""local people = {lst('{"%s","%s"}' % (t, rid) for t, rid in teachers)}
local items = {lst('"%s"' % k for k in items)}
local levels = {{"a1","a2","b1","b2","c1","c2"}}
local n = 0
request = function()
  n = n + 1
  local p = people[(n % #people) + 1]
  return wrk.format("PUT", "/api/v1/reflections/" .. p[2] .. "/answers/" .. items[(n % #items) + 1],
    {{["Authorization"] = "Bearer " .. p[1], ["Content-Type"] = "application/json"}}, '{{"value":"' .. levels[(n % 6) + 1] .. '"}}')
end
""" + LUA_P)
    (work / "respondents.lua").write_text(f"""local people = {lst('{"%s","%s"}' % (r["id"], r["token"]) for r in resp)}
local items = {lst('"%s"' % k for k in sitems)}
local n = 0
request = function()
  n = n + 1
  local p = people[(n % #people) + 1]
  return wrk.format("PUT", "/api/v1/respond/{code}/responses/" .. p[1] .. "/answers/" .. items[(n % #items) + 1],
    {{["X-Response-Token"] = p[2], ["Content-Type"] = "application/json"}}, '{{"value":"a' .. ((n % 5) + 1) .. '"}}')
end
""" + LUA_P)
    # A whole response in one request, and the 32-request path (one respondent per
    # connection: wrk runs one thread per connection, so each thread's steps are in order).
    answers = "{" + ",".join('\\"%s\\":\\"a%d\\"' % (k, i % 5 + 1) for i, k in enumerate(sitems)) + "}"
    (work / "whole.lua").write_text(f"""local body = "{{\\"answers\\":{answers}}}"
request = function()
  return wrk.format("POST", "/api/v1/respond/{code}/submissions", {{["Content-Type"] = "application/json"}}, body)
end
""" + LUA_P)
    (work / "path.lua").write_text(f"""local items = {lst('"%s"' % k for k in sitems)}
local base = "/api/v1/respond/{code}/responses"
local step, id, token = 0, nil, nil
submitted = 0
threads = {{}}
setup = function(thread) table.insert(threads, thread) end
request = function()
  if step == 0 then
    return wrk.format("POST", base, {{}}, "")
  elseif step <= #items then
    return wrk.format("PUT", base .. "/" .. id .. "/answers/" .. items[step],
      {{["X-Response-Token"] = token, ["Content-Type"] = "application/json"}}, '{{"value":"a' .. ((step % 5) + 1) .. '"}}')
  else
    return wrk.format("POST", base .. "/" .. id .. "/submit", {{["X-Response-Token"] = token}}, "")
  end
end
response = function(status, headers, body)
  if step == 0 then
    if status == 201 then
      id = string.match(body, '"id":"([^"]+)"')
      token = string.match(body, '"token":"([^"]+)"')
      step = 1
    end
  elseif step <= #items then
    step = step + 1
  else
    if status == 200 then submitted = submitted + 1 end
    step = 0
  end
end
""" + LUA_P.replace("done = function(summary, latency, requests)", """done = function(summary, latency, requests)
  local n = 0
  for _, t in ipairs(threads) do n = n + t:get("submitted") end
  io.write(string.format("UNITS %d\\nSECS %f\\n", n, summary.duration / 1e6))"""))


def pgbench_insert_rate(url, conns):
    """pgbench's one-row INSERT rate (each its own commit) at `conns` connections."""
    subprocess.run(["psql", url, "-qc", "DROP TABLE IF EXISTS bench_raw; CREATE TABLE bench_raw (id bigserial PRIMARY KEY, v text)"], check=True)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as f:
        f.write("INSERT INTO bench_raw (v) VALUES ('b1');\n")
    out = subprocess.run(["pgbench", "-n", "-c", str(conns), "-j", "2", "-T", str(SECS), "-f", f.name, url], capture_output=True, text=True).stdout
    os.unlink(f.name)
    subprocess.run(["psql", url, "-qc", "DROP TABLE IF EXISTS bench_raw"], check=False)
    m = re.search(r"tps = ([\d.]+)", out)
    return float(m.group(1)) if m else float("nan")


def targets_of(dataset):
    who = PEOPLE[dataset]
    t = {k: login(v) for k, v in who.items() if k != "search"}
    me = call("GET", "/api/v1/me", token=t["coordinator"])
    hub = next(g["hub_id"] for g in me["grants"] if g.get("hub_id"))
    programme = call("GET", f"/api/v1/programmes?hub_id={hub}", token=t["coordinator"])[0]["id"]
    me = call("GET", "/api/v1/me", token=t["leader"])
    school = next(g["school_id"] for g in me["grants"] if g.get("school_id"))
    campaigns = call("GET", f"/api/v1/schools/{school}/campaigns", token=t["leader"])
    campaign = next(c["id"] for c in campaigns if c.get("status") == "closed")
    reflection = call("GET", "/api/v1/reflections", token=t["teacher"])["items"][0]["id"]
    q = who["search"]
    reads = [
        ("hub overview", f"/api/v1/hubs/{hub}/overview?lang=en", t["coordinator"]),
        ("programme board", f"/api/v1/programmes/{programme}/board", t["coordinator"]),
        ("campaign report", f"/api/v1/campaigns/{campaign}/report?lang=en", t["leader"]),
        ("reflection report", f"/api/v1/reflections/{reflection}/report?lang=en", t["teacher"]),
        ("people search", f"/api/v1/people?q={q}&limit=20", t["coordinator"]),
        ("school search", f"/api/v1/schools?q=school&limit=20", t["coordinator"]),
        ("list: schools of a hub", f"/api/v1/schools?hub_id={hub}&limit=50", t["coordinator"]),
        ("list: people of a hub", f"/api/v1/people?hub_id={hub}&limit=50", t["coordinator"]),
        ("list: relationships (mentor)", "/api/v1/relationships", t["mentor"]),
        ("list: relationships (mentor), 3 a page", "/api/v1/relationships?limit=3", t["mentor"]),
        ("list: campaigns of a school", f"/api/v1/schools/{school}/campaigns", t["leader"]),
        ("list: reflections (teacher)", "/api/v1/reflections", t["teacher"]),
        # Indicators over the last 12 months (no target of their own yet: the is for
        # a whole dashboard, which is still to come).
        ("indicator: teachers active (hub)", f"/api/v1/analytics/indicators/teachers_active?scope=hub&scope_id={hub}", t["coordinator"]),
        ("indicator: mentoring hours (hub)", f"/api/v1/analytics/indicators/mentoring_hours?scope=hub&scope_id={hub}", t["coordinator"]),
        ("indicator: self-reflections (school)", f"/api/v1/analytics/indicators/reflections_submitted?scope=school&scope_id={school}", t["leader"]),
        ("growth (hub)", f"/api/v1/analytics/growth?scope=hub&scope_id={hub}", t["coordinator"]),
        ("growth (school)", f"/api/v1/analytics/growth?scope=school&scope_id={school}", t["leader"]),
        ("cohorts (hub)", f"/api/v1/analytics/cohorts?scope=hub&scope_id={hub}", t["coordinator"]),
        ("readiness change (hub)", f"/api/v1/analytics/readiness?scope=hub&scope_id={hub}", t["coordinator"]),
        ("hours per mentee school (hub)", f"/api/v1/analytics/school-hours?scope=hub&scope_id={hub}", t["coordinator"]),
        ("indicator: plan actions overdue (hub)", f"/api/v1/analytics/indicators/plan_actions_overdue?scope=hub&scope_id={hub}", t["coordinator"]),
        # A whole dashboard in one request (every indicator, hours per school, growth,
        # cohorts, readiness change): the targets.
        ("dashboard (hub)", f"/api/v1/analytics/dashboard?scope=hub&scope_id={hub}&lang=en", t["coordinator"]),
        ("dashboard (school)", f"/api/v1/analytics/dashboard?scope=school&scope_id={school}&lang=en", t["leader"]),
        ("dashboard (platform)", "/api/v1/analytics/dashboard?scope=platform&lang=en", t["admin"]),
    ]
    return reads, dict(t, school=school)


def prepare(backend, dataset, work, key):
    """A database with the dataset; returns the server's environment."""
    env = dict(os.environ, IHUB_BIND=f"127.0.0.1:{PORT}", IHUB_STATIC_DIR=str(work / "none"), IHUB_LOG_LEVEL="warn",
               IHUB_RATE_LOGIN_PER_MINUTE="1000000", IHUB_ACCESS_TOKEN_TTL_SECS="3600",
               IHUB_RATE_CODE_PER_MINUTE="1000000", IHUB_RATE_INVITATION_PER_MINUTE="1000000",
               IHUB_JWT_SECRET="bench-secret-bench-secret-bench-secret-0123")
    args = ["seed", "--demo"] + (["--scale", SCALE] if dataset == "scale" else [])
    cache = ROOT / "target/bench"
    cache.mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        d = work / f"{dataset}"
        d.mkdir()
        env["IHUB_DATA_DIR"] = str(d)
        env.pop("IHUB_DATABASE_URL", None)
        kept = cache / f"{SCALE}-{key}.db"
        if dataset == "scale" and KEEP and kept.exists():
            shutil.copy(kept, d / "ihub.db")
            print(f"  using the kept {SCALE} data ({kept})", flush=True)
        else:
            t = time.time()
            out = subprocess.run([str(BIN)] + args, env=env, capture_output=True, text=True, check=True).stdout
            print(f"  seeded {dataset} on SQLite in {time.time() - t:.0f} s: {out.strip().splitlines()[-2] if dataset == 'scale' else 'demo'}", flush=True)
            if dataset == "scale" and KEEP:
                subprocess.run(["sqlite3", str(d / "ihub.db"), "PRAGMA wal_checkpoint(TRUNCATE)"], check=False)
                shutil.copy(d / "ihub.db", kept)
    else:
        name = f"ihub_bench_{dataset}_{SCALE}_{key}" if dataset == "scale" else f"ihub_bench_demo_{os.getpid()}"
        base = PG.rstrip("/")
        url = base.rsplit("/", 1)[0] + "/" + name
        exists = subprocess.run(["psql", base, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"], capture_output=True, text=True).stdout.strip() == "1"
        env["IHUB_DATABASE_URL"] = url
        env["IHUB_DATA_DIR"] = str(work / f"pg-{dataset}")
        if exists and dataset == "scale" and KEEP:
            print(f"  using the kept {SCALE} database {name}", flush=True)
        else:
            if exists:
                subprocess.run(["psql", base, "-qc", f'DROP DATABASE "{name}"'], check=True)
            subprocess.run(["psql", base, "-qc", f'CREATE DATABASE "{name}"'], check=True)
            t = time.time()
            out = subprocess.run([str(BIN)] + args, env=env, capture_output=True, text=True, check=True).stdout
            print(f"  seeded {dataset} on PostgreSQL in {time.time() - t:.0f} s", flush=True)
        env["BENCH_DROP"] = "" if (dataset == "scale" and KEEP) else name
        if dataset == "scale" and KEEP:
            # The run writes (autosave, responses): measure a copy, so the kept data stays
            # as generated and every run reads the same school (a copy takes seconds).
            work_db = f"ihub_bench_run_{os.getpid()}"
            subprocess.run(["psql", base, "-qc", f'DROP DATABASE IF EXISTS "{work_db}"'], check=True)
            # FILE_COPY (PostgreSQL 15+) copies the files instead of writing every page to the WAL.
            made = subprocess.run(["psql", base, "-qc", f'CREATE DATABASE "{work_db}" TEMPLATE "{name}" STRATEGY = FILE_COPY'])
            if made.returncode != 0:
                subprocess.run(["psql", base, "-qc", f'CREATE DATABASE "{work_db}" TEMPLATE "{name}"'], check=True)
            env["IHUB_DATABASE_URL"] = base.rsplit("/", 1)[0] + "/" + work_db
            env["BENCH_DROP"] = work_db
    return env


def raw_commit_rate(work):
    import sqlite3
    for suffix in ("", "-wal", "-shm"):
        (work / f"raw.db{suffix}").unlink(missing_ok=True)
    db = sqlite3.connect(str(work / "raw.db"), isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=FULL")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
    n, end = 0, time.time() + 3
    while time.time() < end:
        db.execute("BEGIN IMMEDIATE"); db.execute("INSERT INTO t (v) VALUES ('b1')"); db.execute("COMMIT"); n += 1
    return n / 3


# Research datasets generated per (backend, dataset): rows, seconds, status.
DATASETS = {}
DATASET_RATE = 100_000


def dataset_rate():
    """Generate the platform's self-reflection answers as a research dataset (the demo's
    research partner, whose agreement the demo records) and time it to ready."""
    admin = login("admin@ihub.example")
    org = next(r for r in call("GET", "/api/v1/research/recipients", token=admin) if r["agreement"])["organisation_id"]
    now = time.gmtime()
    body = {"organisation_id": org, "kind": "reflection_answers", "scope": "platform",
            "from": f"{now.tm_year - 9}-{now.tm_mon:02d}", "to": f"{now.tm_year}-{now.tm_mon:02d}"}
    t = time.time()
    d = call("POST", "/api/v1/research/datasets", body, token=admin)
    while d["status"] in ("queued", "running"):
        time.sleep(0.1)
        d = call("GET", f"/api/v1/research/datasets/{d['id']}", token=admin)
    return d["rows_done"], time.time() - t, d["status"]


def run_backend(backend, work, key):
    results = {}
    rss = {}
    for dataset in ("demo", "scale"):
        print(f"{backend}: {dataset} data", flush=True)
        env = prepare(backend, dataset, work, key)
        server = Server(env)
        server.start(work / f"{backend}-{dataset}.log")
        try:
            reads, tokens = targets_of(dataset)
            rss[(dataset, "idle")] = server.rss_mb()
            for label, path, token in reads:
                for c in (1, 16):
                    results[(dataset, label, c)] = wrk(work, c, BASE + path, token)
            writers(work, tokens)
            # Autosave is compared with a rate measured apart (pgbench, raw SQLite commits)
            # that moves by ±10% from one run to the next: each side is the median of
            # REPEATS runs (the autosave row shows the latencies of its median run).
            for label, lua in ((AUTOSAVE_R, "teachers.lua"), (AUTOSAVE_A, "respondents.lua")):
                runs = [wrk(work, 64, BASE + "/api/v1/health", script=work / lua) for _ in range(REPEATS)]
                results[(dataset, label, 64)] = sorted(runs, key=lambda x: x["rps"])[len(runs) // 2]
            for c in (1, 8, 32):
                results[(dataset, WHOLE, c)] = wrk(work, c, BASE + "/api/v1/health", script=work / "whole.lua")
                results[(dataset, PATH, c)] = wrk(work, c, BASE + "/api/v1/health", script=work / "path.lua", threads=c)
            rss[(dataset, "load")] = server.rss_mb()
            DATASETS[(backend, dataset)] = dataset_rate()
            if backend == "postgres" and dataset == "scale":
                rss["pgbench"] = median(pgbench_insert_rate(env["IHUB_DATABASE_URL"], 64) for _ in range(REPEATS))
        finally:
            server.stop()
            if env.get("BENCH_DROP"):
                subprocess.run(["psql", PG, "-qc", f'DROP DATABASE IF EXISTS "{env["BENCH_DROP"]}"'], check=False)
    return results, rss


def table(backend, results, rss, commits):
    print(f"\n=== {backend}: demo vs {SCALE} data, wrk {SECS}s per cell, release build, this machine ===")
    print(f"{'endpoint':<40}{'conn':>5}{'demo p95':>10}{'rate/s':>9}{'p50':>8}{'p95':>8}{'p99':>8}{'errors':>7}{'p95 ÷ demo':>12}  target: verdict")
    verdicts = []
    pg_rate = rss.pop("pgbench", None)
    labels = list(dict.fromkeys(l for (_, l, _) in results))
    for label in labels:
        for c in (1, 8, 16, 32, 64):
            s = results.get(("scale", label, c))
            d = results.get(("demo", label, c))
            if not s:
                continue
            ratio = s["p95"] / d["p95"] if d and d["p95"] > 0 else float("nan")
            verdict = ""
            if label in TARGETS and c == (TARGETS[label][2:] or (16,))[0] and TARGETS[label][0] is not None:
                target, growth = TARGETS[label][:2]
                ok = s["p95"] <= target and (growth is None or ratio <= growth) and s["err"] == 0
                verdict = f"p95 ≤ {target} ms" + (f", ≤ {growth}× demo" if growth else "") + (": met" if ok else ": NOT MET")
                verdicts.append(ok)
            elif label in WRITE_TARGETS and c == WRITE_TARGETS[label][0]:
                _, p99, rate = WRITE_TARGETS[label]
                if rate == "raw":
                    rate = commits if commits else (0.5 * pg_rate if pg_rate else None)
                ok = s["p99"] <= p99 and s["err"] == 0 and (rate is None or s["rps"] >= rate)
                verdict = f"p99 ≤ {p99} ms" + (f", ≥ {rate:.0f} {UNITS[label]}" if rate else "") + (": met" if ok else ": NOT MET")
                verdicts.append(ok)
            print(f"{label:<40}{c:>5}{(d or {}).get('p95', 0):>10.1f}{s['rps']:>9.0f}{s['p50']:>8.1f}{s['p95']:>8.1f}{s['p99']:>8.1f}{s['err']:>7}{ratio:>12.2f}  {verdict}")
    print("rate/s: requests/s for reads; answers/s for autosave; responses/s for the respond rows (their latencies are per request)")
    for (dataset, when), mb in sorted(rss.items()):
        ok = mb <= RSS_LIMIT_MB
        if dataset == "scale":
            verdicts.append(ok)
        print(f"server RSS, {dataset} data, {when}: {mb:.0f} MB" + (f"  (≤ {RSS_LIMIT_MB} MB: {'met' if ok else 'NOT MET'})" if dataset == "scale" else ""))
    for dataset in ("demo", "scale"):
        got = DATASETS.get((backend.lower().replace("postgresql", "postgres"), dataset))
        if not got:
            continue
        rows, secs, status = got
        rate = rows / secs if secs > 0 else 0.0
        line = f"research dataset, self-reflection answers of the platform, {dataset} data: {rows} rows in {secs:.1f} s = {rate:.0f} rows/s ({status})"
        if dataset == "scale":
            ok = status == "ready" and rows >= 1_000_000 and rate >= DATASET_RATE
            verdicts.append(ok)
            line += f"  (≥ 1 M rows at ≥ {DATASET_RATE} rows/s: {'met' if ok else 'NOT MET'})"
        print(line)
    if commits:
        print(f"raw SQLite one-row durable commits (WAL, synchronous=FULL, no server, one connection): {commits:.0f}/s")
    if pg_rate:
        print(f"pgbench one-row INSERT (own commit each) at 64 connections: {pg_rate:.0f}/s")
    for label in (AUTOSAVE_R, AUTOSAVE_A):
        s = results.get(("scale", label, 64))
        base = commits or pg_rate
        if s and base:
            print(f"  {label}: {s['rps']:.0f}/s = {s['rps'] / base:.2f} x that rate")
    print(f"targets met: {sum(verdicts)} of {len(verdicts)}")


def main():
    if not BIN.exists():
        raise SystemExit("build the release server first (make bench does)")
    key = key_of_sources()
    work = Path(tempfile.mkdtemp(prefix="ihub-bench."))
    try:
        out = []
        if "sqlite" in ONLY:
            r, rss = run_backend("sqlite", work, key)
            out.append(("SQLite", r, rss, median(raw_commit_rate(work) for _ in range(REPEATS))))
        if "postgres" in ONLY and PG:
            r, rss = run_backend("postgres", work, key)
            out.append(("PostgreSQL", r, rss, None))
        for backend, r, rss, commits in out:
            table(backend, r, rss, commits)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
