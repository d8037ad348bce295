# Reroute's two everyday commands (see README.md):
#   make demo   build everything and run the app on SQLite with demo data
#   make test   run every test: format, lints, unit and data-layer tests, browser tests
# Both install what they need first, and skip what is already installed.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
CARGO_LEPTOS_VERSION := 0.3.10
# Checks the API's OpenAPI document in server/tests/api.rs (from PyPI, into a venv under target/).
# Python tools the Rust tests run as separate processes: the OpenAPI validator, and PyJWT
# to verify completion records as a force's own systems would.
OPENAPI_SPEC_VALIDATOR_VERSION := 0.7.2
PYJWT_VERSION := 2.10.1
CRYPTOGRAPHY_VERSION := 50.0.2
TEST_PYTHON := target/test-python
WASM_BINDGEN_VERSION = $(shell awk '/^name = "wasm-bindgen"$$/ {getline; gsub(/"/, "", $$3); print $$3; exit}' Cargo.lock)
export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
POSTGRES_URL ?= postgres://127.0.0.1/test

.PHONY: demo test tools browser-tools postgres lint unit e2e build

demo: tools build
	./target/release/reroute serve --demo

test: tools browser-tools postgres lint unit build e2e

# Rust and wasm tooling; offline-friendly (no binary downloads).
tools:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q " $(CARGO_LEPTOS_VERSION)$$" || \
		cargo install cargo-leptos --locked --version $(CARGO_LEPTOS_VERSION) --features no_downloads
	@wasm-bindgen --version 2>/dev/null | grep -q " $(WASM_BINDGEN_VERSION)$$" || \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@[ -x end2end/node_modules/.bin/wasm-opt ] || (cd end2end && npm ci --no-audit --no-fund)
	@[ -x $(TEST_PYTHON)/bin/openapi-spec-validator ] && $(TEST_PYTHON)/bin/python -c "import jwt, cryptography" 2>/dev/null || { \
		python3 -m venv $(TEST_PYTHON) && $(TEST_PYTHON)/bin/python -m pip install --quiet \
			openapi-spec-validator==$(OPENAPI_SPEC_VALIDATOR_VERSION) PyJWT==$(PYJWT_VERSION) cryptography==$(CRYPTOGRAPHY_VERSION); }

# Chromium for the browser tests, from Debian's packages.
browser-tools:
	@command -v chromium >/dev/null || { \
		[ "$$(id -u)" = 0 ] && SUDO= || SUDO=sudo; \
		$$SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y chromium; }
	@command -v chromium >/dev/null || { echo "Chromium is required for the browser tests and could not be installed." >&2; exit 1; }

# The data-layer tests need PostgreSQL: start it if it is installed but down; fail if absent.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
		command -v pg_ctlcluster >/dev/null && pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -n 1) main start; }
	@pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is required at 127.0.0.1:5432 and is not running." >&2; exit 1; }

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo clippy -p reroute-app --lib --target wasm32-unknown-unknown --no-default-features --features hydrate --locked -- -D warnings

unit:
	REROUTE_TEST_POSTGRES_URL=$(POSTGRES_URL) cargo test --workspace --locked

build:
	cargo leptos build --release

e2e:
	cd end2end && npx playwright test
