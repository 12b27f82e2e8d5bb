#!/usr/bin/env bash
# Starts the release server on a fresh SQLite database with one admin, for the browser tests.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="$(mktemp -d /tmp/ihub-e2e.XXXXXX)"
export IHUB_DATA_DIR="$dir" IHUB_BIND="127.0.0.1:${E2E_PORT:-18090}" IHUB_STATIC_DIR="$root/frontend/dist"
export IHUB_RATE_LOGIN_PER_MINUTE=1000 IHUB_RATE_INVITATION_PER_MINUTE=1000 IHUB_RATE_RESET_PER_MINUTE=1000
printf '%s' 'e2e-admin-password-1' | "$root/target/release/ihub" admin create --email admin@e2e.example --name 'Erika Admin' --password-stdin
exec "$root/target/release/ihub" serve
