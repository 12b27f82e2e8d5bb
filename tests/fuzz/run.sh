#!/usr/bin/env bash
# Contract fuzzing: schemathesis against the served OpenAPI document of the release
# server on a throwaway SQLite database with the demo data, once anonymously and once
# as each role and as a machine client. Checks: no 5xx; status codes, content types and bodies match the spec.
# Left out: operations that would end the fuzzing account's own session or access
# (logout, change_password, deactivate_person, revoke_role).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
port="${FUZZ_PORT:-18095}"
base="http://127.0.0.1:$port"
examples="${FUZZ_EXAMPLES:-20}"

if [ ! -x .venv/bin/st ]; then
  python3 -m venv .venv
  .venv/bin/pip install -q --disable-pip-version-check 'schemathesis==4.32.5'
fi

dir="$(mktemp -d /tmp/ihub-fuzz.XXXXXX)"
export IHUB_DATA_DIR="$dir" IHUB_BIND="127.0.0.1:$port" IHUB_STATIC_DIR="$dir/none"
export IHUB_RATE_LOGIN_PER_MINUTE=1000000 IHUB_RATE_INVITATION_PER_MINUTE=1000000 IHUB_RATE_RESET_PER_MINUTE=1000000
export IHUB_ACCESS_TOKEN_TTL_SECS=86400 IHUB_LOG_LEVEL=warn
./target/release/ihub seed --demo >/dev/null
./target/release/ihub serve 2>"$dir/server.log" &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -fs "$base/api/v1/ready" >/dev/null && break; sleep 0.2; done

token() {
  curl -fs -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
    -d "{\"email\":\"$1\",\"password\":\"ihub-demo-2026\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])'
}

run() {
  local who="$1"; shift
  echo "--- schemathesis as $who"
  .venv/bin/st run "$base/api/openapi.json" "$@" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
    --exclude-operation-id logout --exclude-operation-id change_password \
    --exclude-operation-id deactivate_person --exclude-operation-id revoke_role \
    --max-examples "$examples" --workers 1 --generation-deterministic \
    --suppress-health-check all --request-timeout 10 --no-color
}

run anonymous
for email in admin@ihub.example coordinator.ee@ihub.example mentor.ee@ihub.example leader.maardu@ihub.example teacher.maardu@ihub.example; do
  run "$email" -H "Authorization: Bearer $(token "$email")"
done
# A partner's machine client holding every scope.
admin_token="$(token admin@ihub.example)"
client_token=$(curl -fs -X POST "$base/api/v1/clients" -H "Authorization: Bearer $admin_token" -H 'content-type: application/json' \
  -d '{"name":"Fuzzing partner","scopes":["directory:read","directory:write","people:read","audit:read"]}' \
  | python3 -c 'import sys,json; d=json.load(sys.stdin); print(d["client"]["client_id"], d["client_secret"])' \
  | { read -r id secret; curl -fs -X POST "$base/api/v1/auth/token" -H 'content-type: application/json' \
      -d "{\"grant_type\":\"client_credentials\",\"client_id\":\"$id\",\"client_secret\":\"$secret\"}"; } \
  | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
run "a machine client" -H "Authorization: Bearer $client_token"
if grep -q 'panicked' "$dir/server.log"; then
  echo "the server panicked during fuzzing:"; grep -A5 panicked "$dir/server.log"; exit 1
fi
echo "fuzzing found no server errors and no answers outside the spec"
