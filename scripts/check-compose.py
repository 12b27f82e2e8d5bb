#!/usr/bin/env python3
"""No Docker engine runs here, so the deployment files are checked by parsing them:
services, ports, variables, healthchecks, build targets and the proxy."""
import re, sys
from pathlib import Path
import yaml

root = Path(__file__).resolve().parent.parent
compose = yaml.safe_load((root / "docker-compose.yml").read_text())
dockerfile = (root / "Dockerfile").read_text()
nginx = (root / "deploy/nginx.conf").read_text()
problems = []

def need(cond, msg):
    if not cond:
        problems.append(msg)

svc = compose.get("services", {})
need(set(svc) >= {"db", "api", "web"}, f"services db, api, web expected, got {sorted(svc)}")
db, api, web = svc.get("db", {}), svc.get("api", {}), svc.get("web", {})
need(str(db.get("image", "")).startswith("postgres:"), "db must use a postgres image")
need(any(":/var/lib/postgresql/data" in v for v in db.get("volumes", [])), "db needs a volume for its data")
need("pgdata" in (compose.get("volumes") or {}), "the pgdata volume must be declared")
for name, s in (("db", db), ("api", api), ("web", web)):
    hc = s.get("healthcheck", {})
    need(bool(hc.get("test")), f"{name} needs a healthcheck")
need(api.get("build", {}).get("target") == "api", "api builds the Dockerfile target 'api'")
need(web.get("build", {}).get("target") == "web", "web builds the Dockerfile target 'web'")
env = api.get("environment", {})
need(str(env.get("IHUB_DATABASE_URL", "")).startswith("postgres://"), "api must use PostgreSQL")
need("@db:5432/" in str(env.get("IHUB_DATABASE_URL", "")), "api must reach the db service")
need("IHUB_JWT_SECRET" in env and ":?" in str(env["IHUB_JWT_SECRET"]), "api must require a shared IHUB_JWT_SECRET")
need(str(env.get("IHUB_BIND", "")).startswith("0.0.0.0:8080"), "api must listen on 0.0.0.0:8080")
need(api.get("depends_on", {}).get("db", {}).get("condition") == "service_healthy", "api waits for a healthy db")
need(web.get("depends_on", {}).get("api", {}).get("condition") == "service_healthy", "web waits for a healthy api")
need(any(str(p).endswith(":80") for p in web.get("ports", [])), "web publishes port 80")
need("seed" not in str(api.get("command", "")) and "seed" not in dockerfile.split("FROM debian")[-1].split("FROM nginx")[0].replace("never loads demo data", ""),
     "the deployment must not load demo data")
for target in ("build", "spa", "api", "web"):
    need(re.search(rf"^FROM \S+ AS {target}$", dockerfile, re.M), f"Dockerfile stage {target} missing")
need('CMD ["ihub", "serve"]' in dockerfile, "the api image runs `ihub serve` (which migrates on start)")
need("proxy_pass http://api:8080" in nginx, "nginx must proxy /api to the api service")
need("try_files $uri /index.html" in nginx, "nginx must fall back to the SPA for deep links")
if problems:
    print("docker-compose.yml / Dockerfile problems:\n  " + "\n  ".join(problems))
    sys.exit(1)
print("docker-compose.yml, Dockerfile and deploy/nginx.conf are consistent")
