#!/usr/bin/env bash
# Runs every check of the project; `make test` and CI call this. Sets up what it needs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CARGO_TERM_COLOR=never
start=$(date +%s)
step() { echo; echo "==> [$(( $(date +%s) - start ))s] $*"; }

step "PostgreSQL for the database tests"
if [ "${IHUB_TEST_PG:-}" = "skip" ]; then
  echo "!!! IHUB_TEST_PG=skip: the PostgreSQL variants of the tests are SKIPPED !!!"
else
  IHUB_TEST_PG_URL="$(scripts/ensure-postgres.sh)"
  export IHUB_TEST_PG_URL
  echo "using ${IHUB_TEST_PG_URL}"
fi

step "rustfmt"
cargo fmt --all --check

step "clippy (warnings are errors)"
cargo clippy --workspace --all-targets -q -- -D warnings

step "licences of the crates that ship"
python3 scripts/check-licenses.py

step "Rust unit and API tests (SQLite and PostgreSQL)"
cargo test --workspace

step "SPA: install"
(cd frontend && npm install --no-audit --no-fund --loglevel=error)

step "SPA: typed API client matches openapi/openapi.json"
(cd frontend && npm run -s check:api) || { echo "the SPA's API client is stale: run 'make openapi'"; exit 1; }

step "SPA: typecheck, lint, unit tests (with translation completeness), licences"
(cd frontend && npm run -s typecheck && npm run -s lint && npm run -s test && npm run -s licenses)

step "SPA: production build"
(cd frontend && npm run -s build)

step "release server"
cargo build --release -p ihub -q

step "Python tools (a venv with schemathesis and PyYAML)"
if [ ! -x .venv/bin/st ]; then
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check 'schemathesis==4.32.5'
fi

step "docker-compose.yml, Dockerfile and the proxy (parsed: no Docker engine here)"
.venv/bin/python scripts/check-compose.py

step "Chromium for the browser tests"
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is missing: install Debian's chromium package"; exit 1
  fi
fi
chromium --version

step "browser tests (Playwright, headless Chromium, release server on a fresh SQLite)"
(cd tests/e2e && npm install --no-audit --no-fund --loglevel=error && npx tsc -p . && npx playwright test)
echo "screenshots and reports: tests/e2e/test-results, tests/e2e/playwright-report"

step "API fuzzing (schemathesis against the served spec, as each role)"
tests/fuzz/run.sh

step "all checks passed in $(( $(date +%s) - start ))s"
