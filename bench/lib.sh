# bench/lib.sh - helpers for bench_*.sh: median wall time of a command over
# $BENCH_RUNS runs, peak RSS, and a ratio line.
# median_ms CMD... : prints the median wall time in milliseconds.
median_ms() {
    local times=() i
    for ((i = 0; i < BENCH_RUNS; i++)); do
        local t0 t1
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f\n", a[int((NR+1)/2)]/1000}'
}
# median_setup_ms SETUP CMD: runs SETUP (a shell string) before each timed run.
median_setup_ms() {
    local setup=$1; shift
    local times=() i
    for ((i = 0; i < BENCH_RUNS; i++)); do
        eval "$setup" >/dev/null 2>&1
        local t0 t1
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1
        t1=$(date +%s%N)
        times+=($(( (t1 - t0) / 1000 )))
    done
    printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.2f\n", a[int((NR+1)/2)]/1000}'
}
# peak_kb CMD...: peak resident set size in KiB (GNU time).
peak_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
# ratio NAME OURS REF TARGET: prints "NAME: ours X ms, reference Y ms, ratio R (target <= T)".
ratio() {
    awk -v n="$1" -v a="$2" -v b="$3" -v t="$4" 'BEGIN {
        r = a / b; printf "%-40s %9.2f ms vs %9.2f ms  ratio %5.2fx  (target <= %sx) %s\n",
        n, a, b, r, t, (r <= t ? "ok" : "OVER") }'
}
