#!/bin/bash
# make bench: runs every bench/bench_*.sh with the build folder and the real
# registry, and prints their figures.  Benchmarks measure ratios against a
# reference run in the same session (xmllint, getent, ...), never absolute
# times, so the figures mean the same on any machine.
set -u
build=${1:-build}
here=$(cd "$(dirname "$0")" && pwd)
export PORTREG=$(cd "$build" && pwd)/portreg
export SHARED=${SHARED:-$here/../../shared/data}
export BENCH_RUNS=${BENCH_RUNS:-7}
[ -x "$PORTREG" ] || { echo "bench: build first ($PORTREG missing)"; exit 2; }
[ -d "$SHARED/iana" ] || { echo "bench: skipped, $SHARED/iana not found"; exit 0; }
# The run is kept in bench/out/bench.txt too: `make bench-readme` writes
# the README's performance table from it (bench/readme.py).
mkdir -p "$here/out"
(
    status=0
    for b in "$here"/bench_*.sh; do
        echo "== $(basename "$b" .sh)"
        bash "$b" || status=1
        echo
    done
    exit $status
) 2>&1 | tee "$here/out/bench.txt"
exit "${PIPESTATUS[0]}"
