# Two commands do everything on a fresh machine with the Rust toolchain, Node/npm and apt:
#   make run    installs what is missing, builds, and serves http://127.0.0.1:3000 with demo data
#   make test   runs every test: domain, API/storage (SQLite, and PostgreSQL when reachable), browser
SHELL := /bin/bash
.DEFAULT_GOAL := run

CARGO_LEPTOS_VERSION := 0.3.10
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/"/,"",$$3); print $$3; exit}' Cargo.lock)
NODE_BIN := $(CURDIR)/end2end/node_modules/.bin
export PATH := $(NODE_BIN):$(HOME)/.cargo/bin:$(PATH)
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
ADDR ?= 127.0.0.1:3000
DATABASE_URL ?= sqlite://data/app.db
# PostgreSQL for the storage tests; `make test` uses it when it answers.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres

.PHONY: run test tools build check test-rust test-e2e test-fuzz test-dist dist dist-pack bench size clean

## Install what is missing: wasm target, pinned cargo-leptos and wasm-bindgen CLI,
## npm tools (wasm-opt from binaryen, Playwright), Debian's Chromium.
tools:
	@rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
	@cargo leptos --version 2>/dev/null | grep -q "$(CARGO_LEPTOS_VERSION)" || \
		cargo install cargo-leptos --locked --version $(CARGO_LEPTOS_VERSION) --features no_downloads
	@wasm-bindgen --version 2>/dev/null | grep -q "$(WASM_BINDGEN_VERSION)" || \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION)
	@[ -x $(NODE_BIN)/wasm-opt ] && [ -d end2end/node_modules/@playwright/test ] && [ -d end2end/node_modules/@axe-core/playwright ] && [ -d end2end/node_modules/@gfx/zopfli ] || (cd end2end && npm ci --no-audit --no-fund)
	@[ -x /usr/bin/chromium ] || (apt-get update && apt-get install -y chromium)
	@cmp -s end2end/fuzz/requirements.txt end2end/.venv/requirements.txt 2>/dev/null || \
		(python3 -m venv end2end/.venv && end2end/.venv/bin/pip install -q -r end2end/fuzz/requirements.txt && \
		cp end2end/fuzz/requirements.txt end2end/.venv/requirements.txt)

## The release site: desk pages split into lazy chunks, one file per page (merge-splits.js,
## which also optimises them: end2end/size/bin/wasm-opt keeps cargo-leptos's wasm-opt to the
## main file), assets precompressed (brotli, gzip).
build: tools
	PATH=$(CURDIR)/end2end/size/bin:$$PATH RUSTC_BOOTSTRAP=1 cargo leptos build --release --split
	node end2end/size/merge-splits.js $(or $(LEPTOS_SITE_ROOT),target/site)/pkg
	node end2end/size/precompress.js $(or $(LEPTOS_SITE_ROOT),target/site)/pkg

run: build
	LEPTOS_SITE_ROOT=target/site $(TARGET_DIR)/release/server serve --demo --addr $(ADDR) --database-url $(DATABASE_URL)

check:
	cargo fmt --all -- --check
	cargo clippy -p app -p server --all-targets --features app/ssr -- -D warnings

test-rust:
	@if pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1 || [ -n "$$CI_REQUIRE_POSTGRES" ]; then \
		echo "storage tests: SQLite and PostgreSQL ($(TEST_POSTGRES_URL))"; \
		TEST_POSTGRES_URL=$(TEST_POSTGRES_URL) cargo test -p app -p server --features app/ssr; \
	else \
		echo "storage tests: SQLite only (no PostgreSQL on 127.0.0.1:5432)"; \
		cargo test -p app -p server --features app/ssr; \
	fi

test-e2e: build
	cd end2end && npx playwright test

## schemathesis against /api/v1/openapi.json as sales, warehouse and admin (end2end/fuzz/run.py):
## no 5xx, every answer as the document says, at least 2,000 requests.
test-fuzz: build
	end2end/.venv/bin/python end2end/fuzz/run.py --server $(TARGET_DIR)/release/server

test: tools test-rust test-e2e test-fuzz test-dist

## One archive that runs on a machine without Rust or Node: the server binary, the site it
## serves, a systemd unit and a Containerfile.
VERSION := $(shell awk -F'"' '/^version = /{print $$2; exit}' Cargo.toml)
DIST := $(TARGET_DIR)/dist/sales-$(VERSION)
dist: build dist-pack

## Packs what `build` made (test-dist runs after test-e2e's build: nothing is built twice).
dist-pack:
	@[ -x $(TARGET_DIR)/release/server ] && [ -d $(or $(LEPTOS_SITE_ROOT),target/site)/pkg ] || $(MAKE) build
	rm -rf $(DIST) && mkdir -p $(DIST)
	cp $(TARGET_DIR)/release/server $(DIST)/server
	cp -r $(or $(LEPTOS_SITE_ROOT),target/site) $(DIST)/site
	cp deploy/sales.service deploy/Containerfile $(DIST)/
	tar -C $(TARGET_DIR)/dist -czf $(DIST)-linux-$(shell uname -m).tar.gz sales-$(VERSION)
	@echo "dist: $(DIST)-linux-$(shell uname -m).tar.gz"

test-dist: dist-pack
	deploy/check-dist.sh $(DIST)-linux-$(shell uname -m).tar.gz

## The ten-year benchmark on SQLite, then PostgreSQL: in process, then over TCP on loopback
## (10 connections, 15 s per request). Figures in the README.
BENCH_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/sales_bench
bench:
	cargo build --release -p server
	$(TARGET_DIR)/release/server bench --http
	@if pg_isready -h 127.0.0.1 -p 5432 >/dev/null 2>&1; then \
		$(TARGET_DIR)/release/server bench --http --database-url $(BENCH_POSTGRES_URL); \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: its benchmark skipped"; fi

## What a first load of each route group weighs on the wire, and where the WebAssembly's bytes go.
size: build
	node end2end/size/report.js

clean:
	cargo clean
	rm -rf data end2end/node_modules end2end/test-results
