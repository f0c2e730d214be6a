#!/bin/bash
# make fuzz: run each libFuzzer harness in turn for FUZZ_SECONDS (default 60)
# seconds.  Usage: tests/fuzz/run.sh BUILD_DIR [HARNESS...]
#
# One fuzzer process at a time, under `nice -n 19`.  The corpus grows in
# BUILD_DIR/fuzz-corpus/<harness> (kept between runs, seeded from the seed
# paths); crash inputs land in BUILD_DIR/fuzz-findings/<harness>/.  Keep each
# one, once fixed, as tests/fuzz/regress/<harness>/<name> so ctest replays it.
# Exit status: 0 no finding, 1 a harness found something, 2 setup error.
set -u
build=${1:?usage: run.sh BUILD_DIR [HARNESS...]}; shift
top=$(cd "$(dirname "$0")/../.." && pwd)
secs=${FUZZ_SECONDS:-60}
harnesses=("$@")
if [ ${#harnesses[@]} = 0 ]; then
    for f in "$top"/tests/fuzz/fuzz_*.c; do h=$(basename "$f" .c); harnesses+=("${h#fuzz_}"); done
fi
status=0
for h in "${harnesses[@]}"; do
    bin=$build/tests/fuzz_$h
    [ -x "$bin" ] || { echo "fuzz: $bin not built (configure with -DPORTREG_FUZZ=ON)"; exit 2; }
    corpus=$build/fuzz-corpus/$h findings=$build/fuzz-findings/$h
    mkdir -p "$corpus" "$findings"
    # Seeds (files and folders) are copied into the corpus: libFuzzer
    # takes only folders, and the first one gets the new units.
    seeds=()
    if [ -f "$top/tests/fuzz/seeds/$h.paths" ]; then
        while IFS= read -r p; do
            [[ -z $p || $p == \#* ]] || seeds+=("$top/$p")
        done < "$top/tests/fuzz/seeds/$h.paths"
    fi
    for d in "$top/tests/fuzz/seeds/$h" "$top/tests/fuzz/regress/$h"; do
        [ -d "$d" ] && seeds+=("$d")
    done
    for s in "${seeds[@]}"; do
        if [ -d "$s" ]; then
            for f in "$s"/*; do [ -f "$f" ] && cp "$f" "$corpus/seed-$(basename "$f")"; done
        else
            cp "$s" "$corpus/seed-$(basename "$s")"
        fi
    done
    dict=()
    [ -f "$top/tests/fuzz/$h.dict" ] && dict=(-dict="$top/tests/fuzz/$h.dict")
    before=$(ls "$findings" | wc -l)
    echo "== fuzz_$h for ${secs}s (corpus $corpus)"
    # -fork/-jobs are not used: one process, niced, on a shared machine.
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    nice -n 19 "$bin" "$corpus" "${dict[@]}" \
        -max_total_time="$secs" -timeout=10 -rss_limit_mb=1024 -max_len=65536 \
        -print_final_stats=1 -artifact_prefix="$findings/" 2>&1 |
        grep -E '^#[0-9]+[[:space:]]+(INITED|DONE|pulse)|^Done |^stat::|ERROR|SUMMARY|Test unit written|invariant failed|^==' |
        grep -v '^==[0-9]*==WARNING'
    rc=${PIPESTATUS[0]}
    after=$(ls "$findings" | wc -l)
    if [ "$after" -gt "$before" ]; then
        echo "fuzz_$h: $((after - before)) new finding(s) in $findings"; status=1
    elif [ "$rc" != 0 ]; then
        echo "fuzz_$h: exited with status $rc"; status=2
    fi
done
exit $status
