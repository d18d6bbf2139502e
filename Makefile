# Warden — build, run, test, bench.
#   make run    build and start the gateway on 127.0.0.1:50051 (data in ./.warden, starter policies, a fresh enrollment secret)
#   make test   every test (unit, CLI, C ABI, Python SDK, conformance fixtures)
#   make ffi    build libwarden (the C ABI) self-contained into build/lib/libwarden.so
#   make eval-detect  precision, recall and false-positive rate of the content detectors (tuning corpus, development set and held-out set, eval/detect/)
#   make proto  regenerate the committed gRPC/protobuf code from proto/
#   make bench  release-build benchmarks: policy engine, audit log, gRPC gateway (Swift, Python and h2load clients), each SDK (numbers go in docs/benchmarks.md)
#   make bench-instructions  instructions per libwarden check, counted by valgrind (steady where timings drift)

SHELL := /bin/bash
# Swift lives in /opt/swift on our machines; keep it reachable when PATH is minimal (CI).
export PATH := /opt/swift/usr/bin:$(PATH)

SWIFT ?= swift
SCRATCH ?= .build/run
BIN_DEBUG := .build/debug/warden
BIN_RELEASE := .build/release/warden
# Warnings are errors in our own code (set per target in Package.swift when WARDEN_STRICT=1).
export WARDEN_STRICT ?= 1

# libwarden: a release build in its own scratch folder (its flags differ from the CLI's), with
# the Swift runtime linked in statically and only the wd_* symbols exported.
FFI_SCRATCH := .build-ffi
LIBWARDEN := build/lib/libwarden.so

NODE_ADDON := bindings/node/build/warden.node
# The fuzz build: libwarden's Swift code with AddressSanitizer and libFuzzer's coverage
# (inline 8-bit counters, PC table, comparison tracing), the harness linked by clang.
FUZZ_SCRATCH := .build-fuzz
FUZZ_SECONDS ?= 300
CLANG ?= /opt/swift/usr/bin/clang

.PHONY: pyspeedups bench-instructions eval-detect all deps godeps pydeps build release run test bench-bindings fuzz fuzz-build fuzz-replay test-loaders test-swift test-ffi test-python test-node test-go node conformance bench proto ffi clean help

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

## pydeps: Python packages for the interop tests (stock grpcio client, PyJWT, h2 for raw HTTP/2,
## agsec to compare the Claude Code hook's answers with, langchain-core for warden.langchain, mcp for the proxy)
pydeps:
	@python3 -c "import grpc, grpc_tools, jwt, cryptography, pytest, h2" 2>/dev/null || \
	  python3 -m pip install -q --disable-pip-version-check grpcio grpcio-tools pyjwt cryptography pytest h2
	@python3 -c "import mcp" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check mcp==2.3.0
	@python3 -c "import agsec" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check agsec==0.2.2
	@python3 -c "import langchain_core" 2>/dev/null || python3 -m pip install -q --disable-pip-version-check "langchain-core>=0.3,<2"

build: deps
	$(SWIFT) build --product warden

## release: the CLI and gateway with the optimiser on (CI builds it after `make test`: Swift's
## optimiser has crashed on code that debug builds compile)
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
	$(MAKE) test-ffi test-python test-node test-go test-loaders fuzz-replay
	python3 conformance/run.py --warden $(BIN_DEBUG) --lib $(CURDIR)/$(LIBWARDEN)
	WARDEN_BIN=$(BIN_DEBUG) python3 -m pytest -q Tests/interop

ffi: deps
	$(SWIFT) build -c release --scratch-path $(FFI_SCRATCH) --product wardenffi \
	  -Xswiftc -static-stdlib -Xlinker --version-script=$(CURDIR)/ffi/warden.map -Xlinker -soname=libwarden.so
	@mkdir -p build/lib
	cp $(FFI_SCRATCH)/release/libwardenffi.so $(LIBWARDEN)
	strip --strip-unneeded $(LIBWARDEN)
	@mkdir -p bindings/python/warden/_lib && cp $(LIBWARDEN) bindings/python/warden/_lib/libwarden.so

## test-ffi: the C ABI contract from C, and the library's exports and dependencies
test-ffi: ffi
	gcc -std=c11 -O1 -Wall -Wextra -Werror -pthread -Iffi/include ffi/tests/test_abi.c \
	  -Lbuild/lib -lwarden -Wl,-rpath,'$$ORIGIN/lib' -o build/test_abi
	build/test_abi
	@echo '#include "warden.h"' | gcc -std=c99 -Wall -Werror -fsyntax-only -Iffi/include -x c - && \
	  echo '#include "warden.h"' | g++ -Wall -Werror -fsyntax-only -Iffi/include -x c++ - && echo "warden.h compiles alone as C and C++"
	@bad=$$(nm -D --defined-only $(LIBWARDEN) | awk '$$2 ~ /^[A-Z]$$/ {print $$3}' | grep -v '^wd_' || true); \
	  if [ -n "$$bad" ]; then echo "error: libwarden exports more than wd_*:"; echo "$$bad" | head; exit 1; fi
	@if ldd $(LIBWARDEN) | grep -i swift; then echo "error: libwarden depends on the Swift runtime"; exit 1; fi
	@echo "libwarden: exports only wd_* ($$(nm -D --defined-only $(LIBWARDEN) | grep -c ' wd_') functions), no Swift runtime dependency, $$(du -h $(LIBWARDEN) | cut -f1)"

## conformance: the shared fixtures (policy cases, token vectors) through every binding, as a matrix
conformance: build ffi node godeps
	python3 conformance/run.py --warden $(BIN_DEBUG) --lib $(CURDIR)/$(LIBWARDEN)

## node: the Node addon (N-API, C, built with gcc against Node's headers) with libwarden beside it
node: ffi
	@[ -f /usr/include/node/node_api.h ] || { echo "error: Node's headers (/usr/include/node/node_api.h) are missing: install nodejs (Debian: libnode-dev)"; exit 1; }
	@mkdir -p bindings/node/build
	gcc -std=gnu11 -O2 -Wall -Wextra -Werror -fPIC -shared -DNODE_GYP_MODULE_NAME=warden \
	  -I/usr/include/node -Iffi/include bindings/node/src/addon.c -ldl -o $(NODE_ADDON)
	cp $(LIBWARDEN) bindings/node/build/libwarden.so

## test-node: the Node SDK (node --test)
test-node: node
	node --test bindings/node/test/

## test-loaders: each language loads libwarden from an empty environment (no LD_LIBRARY_PATH, no
## /opt/swift on PATH), and no process maps anything from the Swift toolchain
PY_EXE = $(shell python3 -c 'import sys; print(sys.executable)')
test-loaders: ffi node godeps
	env -i WARDEN_LIB=$(CURDIR)/$(LIBWARDEN) $(PY_EXE) -c "import sys; sys.path.insert(0, 'bindings/python'); import warden; \
	  e = warden.Engine.from_directory('bindings/testdata'); assert e.check('bash.execute').allowed; \
	  maps = open('/proc/self/maps').read(); assert '/opt/swift' not in maps, 'Swift toolchain mapped'; print('python: loaded', warden.library_version())"
	env -i /usr/bin/node -e "const w = require('./bindings/node'); const e = w.Engine.fromDirectory('bindings/testdata'); \
	  if (!e.check({type: 'bash.execute'}).allowed) process.exit(1); \
	  if (require('fs').readFileSync('/proc/self/maps', 'utf8').includes('/opt/swift')) { console.error('Swift toolchain mapped'); process.exit(1); } \
	  console.log('node: loaded', w.version())"
	cd bindings/go && go build -o ../../build/conformance-runner-go ./cmd/warden-conformance
	printf 'TOKEN\t0\t0\t\tx\t{"keys":[]}\n' | env -i build/conformance-runner-go | grep -q '"reason":"malformed"' && echo "go: loaded"
	@if ldd build/conformance-runner-go $(NODE_ADDON) | grep -i swift; then echo "error: a binding links the Swift runtime"; exit 1; fi

## godeps: Debian's Go (1.19; stdlib and cgo only: the Go module proxy is not used)
godeps:
	@command -v go >/dev/null || { if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq golang-go; \
	  else echo "error: go not found (install Debian's golang-go)"; exit 1; fi; }

## test-go: the Go package (cgo over libwarden)
test-go: ffi godeps
	cd bindings/go && go vet ./... && go test ./...

## fuzz-build: the libFuzzer target over libwarden's JSON entry points (ffi/fuzz/fuzz_abi.c)
fuzz-build: deps
	$(SWIFT) build -c release --scratch-path $(FUZZ_SCRATCH) --product wardenffi-core \
	  -Xswiftc -sanitize=address -Xswiftc -sanitize-coverage=edge,inline-8bit-counters,pc-table,trace-cmp
	@mkdir -p build
	$(CLANG) -g -O1 -fsanitize=fuzzer,address -Iffi/include ffi/fuzz/fuzz_abi.c -L$(FUZZ_SCRATCH)/release -lwardenffi-core \
	  -Wl,-rpath,$(CURDIR)/$(FUZZ_SCRATCH)/release -Wl,-rpath,/opt/swift/usr/lib/swift/linux -o build/fuzz_abi 2>&1 | grep -v 'Cannot export local symbol' || true
	@test -x build/fuzz_abi

## fuzz-replay: every saved corpus input once (part of make test); a crash fails
fuzz-replay: fuzz-build
	build/fuzz_abi -runs=0 ffi/fuzz/corpus

## fuzz: fuzz for FUZZ_SECONDS (default 300); new inputs go to build/fuzz-corpus, crashes to build/
fuzz: fuzz-build
	@mkdir -p build/fuzz-corpus
	build/fuzz_abi -detect_leaks=0 -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -artifact_prefix=build/ build/fuzz-corpus ffi/fuzz/corpus

## pyspeedups: the Python SDK's optional C accelerator (warden/_speedups.c), built in place
pyspeedups:
	cd bindings/python && python3 setup.py -q build_ext --inplace 2>&1 | grep -v -i -E "warning|deprecat|^ *!!|^\*+$$|corresp" || true

## test-python: the Python SDK against libwarden
test-python: ffi pydeps pyspeedups
	WARDEN_LIB=$(CURDIR)/$(LIBWARDEN) WARDEN_REQUIRE_SPEEDUPS=1 python3 -m pytest -q bindings/python/tests

bench: deps pydeps
	$(SWIFT) build -c release --product warden
	$(BIN_RELEASE) bench policy
	$(BIN_RELEASE) bench audit
	$(BIN_RELEASE) bench rpc
	$(BIN_RELEASE) bench detect
	python3 scripts/bench_grpcio.py --warden $(BIN_RELEASE)
	@command -v h2load >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq nghttp2-client; } || \
	  { echo "bench needs h2load (apt-get install nghttp2-client)"; exit 1; }
	python3 scripts/bench_h2load.py --warden $(BIN_RELEASE)
	$(MAKE) bench-bindings

## bench-bindings: the 20-rule workload checked through libwarden from C, Python, Node and Go
bench-bindings: ffi node godeps pyspeedups
	$(SWIFT) build -c release --product warden
	$(BIN_RELEASE) bench policy --export build/workload
	gcc -O2 -Wall -Werror -Iffi/include ffi/bench/bench_check.c -Lbuild/lib -lwarden -Wl,-rpath,$(CURDIR)/build/lib -o build/bench_check
	build/bench_check build/workload/policy.yaml build/workload/actions.jsonl
	WARDEN_LIB=$(CURDIR)/$(LIBWARDEN) python3 bindings/python/bench.py build/workload/policy.yaml build/workload/actions.jsonl
	node bindings/node/bench.js build/workload/policy.yaml build/workload/actions.jsonl
	cd bindings/go && go run ./cmd/warden-bench ../../build/workload/policy.yaml ../../build/workload/actions.jsonl

## bench-instructions: instructions per libwarden check (valgrind), steady on a noisy machine
bench-instructions: ffi
	@command -v valgrind >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq valgrind; } || \
	  { echo "bench-instructions needs valgrind (apt-get install valgrind)"; exit 1; }
	$(SWIFT) build -c release --product warden
	$(BIN_RELEASE) bench policy --export build/workload
	gcc -O2 -Wall -Werror -Iffi/include ffi/bench/bench_check.c -Lbuild/lib -lwarden -Wl,-rpath,$(CURDIR)/build/lib -o build/bench_check
	@echo "the 20-rule workload policy:"
	@scripts/instructions_per_check.sh build/bench_check build/workload/policy.yaml build/workload/actions.jsonl
	@echo "the starter policies (warden init: content detectors on), same actions:"
	@rm -rf build/starter && $(BIN_RELEASE) init build/starter >/dev/null
	@scripts/instructions_per_check.sh build/bench_check build/starter build/workload/actions.jsonl 5000

## eval-detect: the detectors' measured quality on the labelled corpus (docs/detection.md)
eval-detect: build
	python3 scripts/eval_detect.py --warden $(BIN_DEBUG)
	python3 scripts/eval_detect.py --warden $(BIN_DEBUG) --corpus eval/detect/dev/dev.jsonl
	python3 scripts/eval_detect.py --warden $(BIN_DEBUG) --corpus eval/detect/heldout/heldout.jsonl

## proto: regenerate Sources/WardenProto from proto/ (generated code is committed)
proto: deps
	@command -v protoc >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && apt-get install -y -qq protobuf-compiler; }
	bash scripts/generate-proto.sh

clean:
	rm -rf .build $(FFI_SCRATCH) build
