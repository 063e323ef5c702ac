# fairaudit — top-level Makefile wrapping CMake.
#
#   make demo   install missing Debian packages, build, run the main job
#   make test   install missing Debian packages, build, run every test (CTest)
#   make asan   the test suite under AddressSanitizer + UBSan (build-asan/)
#   make install [PREFIX=/usr/local]
#
# Installing packages needs root (apt-get); set FA_NO_APT=1 to skip that step.

BUILD      ?= build
ASAN_BUILD ?= build-asan
PREFIX     ?= /usr/local
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_ARGS ?=
DEMO_DIR   ?= demo-out

# Debian packages the build, the tests and the demo need.
DEB_PACKAGES = build-essential cmake pkg-config libopenblas-dev libcjson-dev libcsv-dev \
               libcriterion-dev liblbfgs-dev gnuplot-nox python3 python3-jsonschema \
               libxml2-utils libopenmpi-dev openmpi-bin

.PHONY: all deps build test asan demo install clean

all: build

deps:
	@FA_NO_APT=$(FA_NO_APT) sh scripts/install-deps.sh $(DEB_PACKAGES)

$(BUILD)/CMakeCache.txt:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=$(PREFIX) $(CMAKE_ARGS)

build: deps $(BUILD)/CMakeCache.txt
	cmake --build $(BUILD) -j $(JOBS)

test: build
	@[ -d ../shared/datasets ] || echo "make test: ../shared/datasets is absent: tests on UCI Adult and German credit will be SKIPPED"
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -LE slow

asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DFA_SANITIZE=address,undefined $(CMAKE_ARGS)
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	  UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j $(JOBS) -LE slow

demo: build
	sh scripts/demo.sh $(BUILD)/fairaudit $(DEMO_DIR)

install: build
	cmake --install $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(DEMO_DIR)
