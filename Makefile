# Warden — build, run, test, bench.
#   make run    build and start the gateway on 127.0.0.1:50051 (data in ./.warden, starter policies, a fresh enrollment secret)
#   make test   every test (unit, CLI, conformance fixtures)
#   make proto  regenerate the committed gRPC/protobuf code from proto/
#   make bench  release-build benchmarks: policy engine, audit log, gRPC gateway (Swift and Python clients) (numbers go in docs/benchmarks.md)

SHELL := /bin/bash
# Swift lives in /opt/swift on our machines; keep it reachable when PATH is minimal (CI).
export PATH := /opt/swift/usr/bin:$(PATH)

SWIFT ?= swift
SCRATCH ?= .build/run
BIN_DEBUG := .build/debug/warden
BIN_RELEASE := .build/release/warden
# Warnings are errors in our own code (set per target in Package.swift when WARDEN_STRICT=1).
export WARDEN_STRICT ?= 1

.PHONY: all deps pydeps build release run test test-swift conformance bench proto clean help

all: build

help:
	@sed -n 's/^#   //p' Makefile

## deps: install what the build needs that a fresh machine may lack
deps:
	@command -v $(SWIFT) >/dev/null || { echo "error: swift not found (expected /opt/swift/usr/bin/swift)"; exit 1; }
	@need=""; \
	  command -v python3 >/dev/null || need="$$need python3"; \
	  [ -f /usr/include/sodium.h ] || need="$$need libsodium-dev"; \
	  [ -f /usr/include/sqlite3.h ] || need="$$need libsqlite3-dev"; \
	  command -v pkg-config >/dev/null || need="$$need pkg-config"; \
	  if [ -n "$$need" ]; then \
	    if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq $$need; \
	    else echo "error: missing:$$need (run as root or install them)"; exit 1; fi; \
	  fi

## pydeps: Python packages for the interop tests (stock grpcio client, PyJWT, h2 for raw HTTP/2)
pydeps:
	@python3 -c "import grpc, grpc_tools, jwt, cryptography, pytest, h2" 2>/dev/null || \
	  python3 -m pip install -q --disable-pip-version-check grpcio grpcio-tools pyjwt cryptography pytest h2

build: deps
	$(SWIFT) build --product warden

release: deps
	$(SWIFT) build -c release --product warden

run: build pydeps
	@mkdir -p .warden && chmod 700 .warden
	@[ -d .warden/policies ] || $(BIN_DEBUG) init .warden/policies >/dev/null
	@$(BIN_DEBUG) validate .warden/policies
	@echo
	@echo "enrollment secret (shown once): $$($(BIN_DEBUG) keys create-enrollment --name make-run --data .warden 2>/dev/null)"
	@echo "in another terminal:  python3 examples/python/roundtrip.py --secret <that secret>"
	@echo "stop with Ctrl-C (graceful); the audit log stays in .warden:  $(BIN_DEBUG) audit tail --data .warden"
	@echo
	$(BIN_DEBUG) serve --data .warden

test: deps pydeps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel
	python3 conformance/run_cli.py --warden $(BIN_DEBUG)
	WARDEN_BIN=$(BIN_DEBUG) python3 -m pytest -q Tests/interop

bench: deps pydeps
	$(SWIFT) build -c release --product warden
	$(BIN_RELEASE) bench policy
	$(BIN_RELEASE) bench audit
	$(BIN_RELEASE) bench rpc
	python3 scripts/bench_grpcio.py --warden $(BIN_RELEASE)

## proto: regenerate Sources/WardenProto from proto/ (generated code is committed)
proto: deps
	@command -v protoc >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq protobuf-compiler; }
	bash scripts/generate-proto.sh

clean:
	rm -rf .build
