# fairaudit — top-level Makefile wrapping CMake.
#
#   make demo   install missing Debian packages, build, run the main job
#   make test   install missing Debian packages, build, run every test (CTest)
#   make asan   the test suite under AddressSanitizer + UBSan (build-asan/)
#   make fuzz   libFuzzer targets with clang (build-fuzz/, docs/fuzzing.md);
#               make fuzz-smoke replays the corpus through them, make fuzz-run
#               runs a campaign (FUZZ_SECONDS per target, default 600)
#   make install [PREFIX=/usr/local]
#
# Installing packages needs root (apt-get); set FA_NO_APT=1 to skip that step.

BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 600
FUZZ_TARGETS = csv_reader table_load spec policy audit_doc report_doc model batch audit_csv \
               thresholds compare partial
PREFIX     ?= /usr/local
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
DEMO_DIR   ?= demo-out

# Debian packages the build and the demo need (gnuplot draws the charts).
DEB_PACKAGES = build-essential cmake pkg-config libopenblas-dev libcjson-dev libcsv-dev \
               libcriterion-dev liblbfgs-dev gnuplot-nox python3 libopenmpi-dev openmpi-bin
# ... and what the tests need on top: the audit.json schema check, the JUnit
# XSD check, and headless Chromium for the HTML report test.
TEST_PACKAGES = python3-jsonschema libxml2-utils chromium
# Only for the fuzzers (make fuzz, fuzz-smoke, fuzz-run): libFuzzer comes with clang.
FUZZ_DEB_PACKAGES = clang

.PHONY: all deps test-deps build test asan fuzz fuzz-smoke fuzz-run demo install clean

all: build

deps:
	@FA_NO_APT=$(FA_NO_APT) sh scripts/install-deps.sh $(DEB_PACKAGES)

test-deps:
	@FA_NO_APT=$(FA_NO_APT) sh scripts/install-deps.sh $(TEST_PACKAGES)

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build test-deps
	@[ -d ../shared/datasets ] || echo "make test: ../shared/datasets is absent: tests on UCI Adult and German credit will be SKIPPED"
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE slow

asan: deps test-deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DFA_SANITIZE=address,undefined $(CMAKE_ARGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) -LE slow

# libFuzzer needs clang (Debian: clang); never install from this build.
fuzz: deps
	@FA_NO_APT=$(FA_NO_APT) sh scripts/install-deps.sh $(FUZZ_DEB_PACKAGES)
	cmake -S . -B $(FUZZ_BUILD) -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
	  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBUILD_TESTING=OFF -DFA_BUILD_CLI=OFF \
	  -DFA_BUILD_FUZZERS=ON -DFA_SANITIZE=address,undefined $(CMAKE_ARGS)
	cmake --build $(FUZZ_BUILD) -j $(JOBS) $(addprefix --target fuzz_,$(FUZZ_TARGETS))

# Every committed input through the instrumented binaries (seconds).
fuzz-smoke: fuzz
	@for t in $(FUZZ_TARGETS); do \
	  OPENBLAS_NUM_THREADS=1 FA_FUZZ_OUT_DIR=$(FUZZ_BUILD)/smoke-out \
	    $(FUZZ_BUILD)/fuzz/fuzz_$$t -runs=0 tests/fuzz/corpus/$$t > $(FUZZ_BUILD)/smoke-$$t.log 2>&1 \
	    || { cat $(FUZZ_BUILD)/smoke-$$t.log; echo "fuzz-smoke: $$t FAILED"; exit 1; }; \
	  echo "fuzz-smoke: $$t: $$(ls tests/fuzz/corpus/$$t | wc -l) inputs ok"; \
	done; rm -rf $(FUZZ_BUILD)/smoke-out

fuzz-run: fuzz
	sh tests/fuzz/run_fuzzers.sh $(FUZZ_BUILD) $(FUZZ_SECONDS)

demo: build
	sh scripts/demo.sh $(BUILD)/fairaudit $(DEMO_DIR)

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(DEMO_DIR)
