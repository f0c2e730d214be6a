# portreg: convenience wrapper around CMake.  `make demo` and `make test`
# build with what is installed (CMake finds the libraries with pkg-config
# and names what is missing) and need neither root nor a package manager;
# `make deps` is the one target that installs packages (Debian, as root).
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
PKG_BUILD  ?= build-pkg
COV_BUILD  ?= build-cov
FUZZ_SECONDS ?= 60
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PREFIX     ?= /usr/local
DEMO_DB    ?= $(BUILD)/demo.db
PORTREG    := $(BUILD)/portreg
# more cmake options for every build (CI: -DPORTREG_WERROR=ON)
CMAKE_ARGS ?=

# Debian packages: to build (cmake ... libcurl4-openssl-dev), then only to
# test: tmux drives the TUI tests, xmllint (libxml2-utils) and time are
# benchmark references, python3 serves update's loopback HTTP test and
# checks JSON, nmap-common ships the nmap-services the tests import,
# sqlite3 is the e2e tests' window into the database, groff-base and mandoc
# lint the man pages, zsh and fish run their completion, gcovr summarises
# make coverage.  A missing test-only tool skips its tests with a message.
DEB_BUILD_PACKAGES = cmake gcc make pkg-config libsqlite3-dev libxml2-dev \
                     libncurses-dev libcurl4-openssl-dev
DEB_TEST_PACKAGES  = libxml2-utils tmux time python3 nmap-common sqlite3 groff-base \
                     mandoc zsh fish gcovr
DEB_PACKAGES = $(DEB_BUILD_PACKAGES) $(DEB_TEST_PACKAGES)

.PHONY: all deps build demo test test-asan test-oom coverage mutate fuzz bench bench-readme install uninstall package clean
all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then echo "make deps: every package is installed"; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "make deps: installing$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
	  echo "make deps: missing packages:$$missing (run 'make deps' as root, or install them)"; exit 1; \
	fi

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . $(CMAKE_ARGS) -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

# Imports the real registry when ../shared/data has it (else the sample;
# PORTREG_XML=FILE chooses), searches, reviews, audits, re-exports, and
# prints the next commands (tests/demo.sh).
demo: build
	@DEMO_DB="$(DEMO_DB)" PORTREG_XML="$(PORTREG_XML)" tests/demo.sh $(PORTREG)

test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan:
	cmake -S . $(CMAKE_ARGS) -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPORTREG_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

# Allocation failures (tests/unit/test_oom.c): every allocation of every
# operation failing in turn, portreg's, SQLite's and libxml2's (make test
# runs a subset of them).  OOM=NAME... limits it to some operations.
test-oom: build
	cd $(BUILD)/tests && PR_OOM_FULL=1 ./test_oom $(OOM)

# The suite on a tree built with gcov counters (-O0 --coverage; test_oom
# with its complete sweep, PR_OOM_FULL=1), then gcovr's summary: lines and
# branches of the library (registry/ + importers/), cli/ and tui/
# (tests/coverage.sh).  Prints the summary even
# when a test fails, and then fails.  libgcov's own complaints (a run under
# ulimit -f or as nobody cannot write its counters) go to
# COV_BUILD/gcov-errors.log (writable by all), not into what tests compare.
coverage:
	cmake -S . $(CMAKE_ARGS) -B $(COV_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPORTREG_COVERAGE=ON
	cmake --build $(COV_BUILD) -j $(JOBS)
	find $(COV_BUILD) -name '*.gcda' -delete
	: >$(COV_BUILD)/gcov-errors.log && chmod 666 $(COV_BUILD)/gcov-errors.log
	cd $(COV_BUILD) && GCOV_ERROR_FILE=$(abspath $(COV_BUILD))/gcov-errors.log PR_OOM_FULL=1 \
	  ctest --output-on-failure -j $(JOBS); rc=$$?; \
	  cd $(CURDIR) && tests/coverage.sh $(COV_BUILD) && exit $$rc

# Can the tests fail?  Each mutant of tests/mutation/mutants.tsv (a small
# realistic bug) applied alone to a copy of the tree in build-mut/, built,
# and tested; prints how many the tests catch and the survivors.
# MUTANTS=ID... runs only those (or ids starting so); MUTATE_OPTS=--quick
# counts a mutant the named tests miss as a survivor without the whole
# suite's second look.  A mutant caught last time (build-mut/results.tsv)
# runs the test that caught it first (MUTATE_OPTS=--fresh: not).
mutate:
	python3 tests/mutation/mutate.py --jobs $(JOBS) $(MUTATE_OPTS) $(MUTANTS)

# make install [PREFIX=/usr/local] [DESTDIR=staging]: bin/portreg, man pages,
# bash/zsh/fish completions, docs; BUILD/install_manifest.txt lists them and
# make uninstall removes them.
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

uninstall:
	DESTDIR="$(DESTDIR)" cmake --build $(BUILD) --target uninstall

# A .deb (CPack) from a Release tree of its own, installed under /usr.
package:
	cmake -S . $(CMAKE_ARGS) -B $(PKG_BUILD) -DCMAKE_BUILD_TYPE=Release -DPORTREG_BUILD_TESTS=OFF \
	  -DPORTREG_GZIP_MAN=ON -DPORTREG_ZSH_COMPLETION_DIR=share/zsh/vendor-completions
	cmake --build $(PKG_BUILD) -j $(JOBS)
	cd $(PKG_BUILD) && cpack -G DEB
	@for f in $(PKG_BUILD)/*.deb; do echo "package: $$f"; done

# libFuzzer harnesses (tests/fuzz): needs clang and libclang-rt-dev.  Runs each
# for FUZZ_SECONDS, one after the other (FUZZ=name limits it to one).
fuzz:
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTREG_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ)

bench: build
	bench/run.sh $(BUILD)

# The README's performance table from the last `make bench` (bench/out/bench.txt).
bench-readme:
	python3 bench/readme.py bench/out/bench.txt README.md

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD) $(PKG_BUILD) $(COV_BUILD)
