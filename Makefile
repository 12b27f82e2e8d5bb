# iHub — the front door. `make run` to try it, `make test` to check everything.
SHELL := /bin/bash
CARGO ?= cargo
DATA_DIR ?= ./data
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD := 1

.PHONY: run test bench openapi web server seed fmt lint clean

## Build the SPA and the release server, load the demo data, serve on http://127.0.0.1:8080
run: web server
	@IHUB_DATA_DIR=$(DATA_DIR) ./target/release/ihub seed --demo
	@echo
	@echo "iHub is starting on http://127.0.0.1:8080  (API docs: http://127.0.0.1:8080/api/docs/)"
	@echo "Sign in with one of the demo accounts above. Stop with Ctrl+C."
	@IHUB_DATA_DIR=$(DATA_DIR) IHUB_STATIC_DIR=frontend/dist ./target/release/ihub serve

## Everything CI checks: formatting, lints, licences, Rust unit and API tests on SQLite and
## PostgreSQL, the SPA's checks and unit tests, browser tests in Chromium, API fuzzing.
test:
	@scripts/test.sh

## Load harness: requests/s and latency of key endpoints, as ratios to /health.
bench: server
	@tests/load/bench.sh

## Regenerate openapi/openapi.json and the SPA's typed client from the code.
openapi:
	$(CARGO) run -q -p ihub -- openapi > openapi/openapi.json
	cd frontend && npm install --no-audit --no-fund && npm run gen:api

web:
	cd frontend && npm install --no-audit --no-fund && npm run build

server:
	$(CARGO) build --release -p ihub

fmt:
	$(CARGO) fmt --all

clean:
	rm -rf target frontend/dist frontend/node_modules tests/e2e/node_modules
