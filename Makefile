# portreg: convenience wrapper around CMake.  `make demo` and `make test` are
# the two commands the README promises work on a fresh Debian machine.
BUILD      ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PORTREG_XML ?= tests/data/sample.xml
DEMO_DB    ?= $(BUILD)/demo.db
PORTREG    := $(BUILD)/portreg

# Debian packages needed to build and test (tmux drives the TUI tests,
# xmllint and time are the benchmark references, python3 serves update's
# loopback HTTP test, nmap-common ships the nmap-services the tests import,
# sqlite3 is the e2e tests' window into the database).
DEB_PACKAGES = cmake gcc make pkg-config libsqlite3-dev libxml2-dev \
               libncurses-dev libxml2-utils tmux time libcurl4-openssl-dev \
               python3 nmap-common sqlite3

.PHONY: all deps build demo test test-asan fuzz bench clean
all: build

deps:
	@missing=""; for p in $(DEB_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "make deps: installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "make deps: missing packages:$$missing (run as root, or install them)"; exit 1; \
	  fi; \
	fi

$(BUILD)/Makefile: CMakeLists.txt
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

demo: deps build
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(BUILD)/demo-export.xml
	@echo "== portreg import $(PORTREG_XML)"
	@$(PORTREG) --db $(DEMO_DB) import $(PORTREG_XML)
	@echo; echo "== portreg stats"
	@$(PORTREG) --db $(DEMO_DB) stats
	@echo; echo "== portreg search 443"
	@$(PORTREG) --db $(DEMO_DB) search 443 || true
	@echo; echo "== portreg search --port 6010"
	@$(PORTREG) --db $(DEMO_DB) search --port 6010 || true
	@echo; echo "== portreg search --text 'multicast dns'"
	@$(PORTREG) --db $(DEMO_DB) search --text 'multicast dns' || true
	@echo; echo "== portreg show imap"
	@$(PORTREG) --db $(DEMO_DB) show imap || true
	@echo; echo "== portreg review docs/examples/secure-variant.req docs/examples/discovery-port.req docs/examples/clean.req"
	@$(PORTREG) --db $(DEMO_DB) review docs/examples/secure-variant.req docs/examples/discovery-port.req docs/examples/clean.req || true
	@echo; echo "== portreg audit --rule secure-variant"
	@$(PORTREG) --db $(DEMO_DB) audit --rule secure-variant | head -15 || true
	@echo; echo "== portreg export --format xml: byte-for-byte round trip"
	@$(PORTREG) --db $(DEMO_DB) export --format xml -o $(BUILD)/demo-export.xml
	@cmp $(PORTREG_XML) $(BUILD)/demo-export.xml && echo "identical to $(PORTREG_XML)"

test: deps build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DPORTREG_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)

# libFuzzer harnesses (tests/fuzz): needs clang and libclang-rt-dev.  Runs each
# for FUZZ_SECONDS, one after the other (FUZZ=name limits it to one).
fuzz:
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPORTREG_FUZZ=ON
	cmake --build $(FUZZ_BUILD) -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/fuzz/run.sh $(FUZZ_BUILD) $(FUZZ)

bench: deps build
	bench/run.sh $(BUILD)

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
