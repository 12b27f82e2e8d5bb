#!/usr/bin/env bash
# Load harness (`make bench`): installs wrk if missing, makes sure the release server is
# built and a PostgreSQL server runs, then tests/load/bench.py measures the demo data and
# the national-scale data (`ihub seed --scale`) on SQLite and PostgreSQL and prints, per
# database, each endpoint's requests/s and p50/p95/p99 at 1 and 16 connections (autosave
# at 64), the ratio to the demo figures of the same run, and the targets met.
# BENCH_SCALE=region for a quarter of the data; BENCH_ONLY=sqlite for one database.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "wrk is needed: install Debian's wrk package"; exit 1
  fi
fi
command -v sqlite3 >/dev/null 2>&1 || { [ "$(id -u)" = "0" ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; }
[ -x target/release/ihub ] || cargo build --release -p ihub
if [ -z "${BENCH_PG_URL:-}" ] && [[ ",${BENCH_ONLY:-sqlite,postgres}," == *",postgres,"* ]]; then
  BENCH_PG_URL="$(scripts/ensure-postgres.sh)"
  export BENCH_PG_URL
fi
exec python3 tests/load/bench.py
