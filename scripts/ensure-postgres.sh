#!/usr/bin/env bash
# Makes a PostgreSQL server available for the tests and prints the URL to use on stdout
# (messages go to stderr). Order: IHUB_TEST_PG_URL if given; else the local server on
# 127.0.0.1:5432, started if installed and stopped, installed from Debian's packages when
# absent (as root). IHUB_TEST_PG=skip skips the PostgreSQL suite (and says so).
set -euo pipefail
say() { echo "[postgres] $*" >&2; }

if [ "${IHUB_TEST_PG:-}" = "skip" ]; then
  say "IHUB_TEST_PG=skip: the PostgreSQL variants of the tests will be SKIPPED"
  exit 0
fi

can_connect() { command -v psql >/dev/null 2>&1 && psql "$1" -tAc 'select 1' >/dev/null 2>&1; }

if [ -n "${IHUB_TEST_PG_URL:-}" ]; then
  if can_connect "$IHUB_TEST_PG_URL"; then echo "$IHUB_TEST_PG_URL"; exit 0; fi
  say "cannot connect to IHUB_TEST_PG_URL=$IHUB_TEST_PG_URL"; exit 1
fi

url="postgres://postgres@127.0.0.1:5432/postgres"
pw_url="postgres://postgres:ihub-test@127.0.0.1:5432/postgres"
for u in "$url" "$pw_url"; do
  if can_connect "$u"; then echo "$u"; exit 0; fi
done

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  if [ "$(id -u)" != "0" ]; then
    say "no PostgreSQL here and not root: install one, or set IHUB_TEST_PG_URL=postgres://user:pass@host:port/db, or IHUB_TEST_PG=skip"
    exit 1
  fi
  say "installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

ver=$(pg_lsclusters -h | awk 'NR==1{print $1}')
name=$(pg_lsclusters -h | awk 'NR==1{print $2}')
if ! pg_lsclusters -h | awk 'NR==1{print $4}' | grep -q online; then
  say "starting cluster $ver/$name"
  pg_ctlcluster --skip-systemctl-redirect "$ver" "$name" start >&2 || pg_ctlcluster "$ver" "$name" start >&2
fi
for _ in $(seq 1 30); do
  if su postgres -c "psql -tAc 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done
if can_connect "$url"; then echo "$url"; exit 0; fi
# Debian's default asks for a password over TCP: give the postgres role one for the tests.
su postgres -c "psql -qc \"ALTER USER postgres PASSWORD 'ihub-test'\"" >&2
if can_connect "$pw_url"; then echo "$pw_url"; exit 0; fi
say "PostgreSQL is running but refuses connections on 127.0.0.1:5432; set IHUB_TEST_PG_URL"
exit 1
