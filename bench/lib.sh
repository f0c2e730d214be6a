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
# ratio NAME OURS REF TARGET [UNIT]: prints "NAME  X ms vs Y ms  ratio R (target <= T)"
# (UNIT, ms by default, names what X and Y count).
ratio() {
    awk -v n="$1" -v a="$2" -v b="$3" -v t="$4" -v u="${5:-ms}" 'BEGIN {
        r = a / b; printf "%-40s %9.2f %s vs %9.2f %s  ratio %5.2fx  (target <= %sx) %s\n",
        n, a, u, b, u, r, t, (r <= t ? "ok" : "OVER") }'
}
# tui_keys DB LOG QUERY...: runs 'portreg tui' on DB in a private tmux
# server (80x24) with PORTREG_TUI_TIMING=LOG, types each QUERY into the '/'
# prompt one key at a time (each once the previous one's redraw is logged),
# clears it, and quits.  LOG gets one line per key (see tui/tui.c).
tui_keys() {
    local db=$1 log=$2 sock=pr-bench-$$-$RANDOM q i n
    shift 2
    local T=(tmux -L "$sock" -f "$(dirname "${BASH_SOURCE[0]}")/../tests/tui/empty.conf")
    rm -f "$log"
    "${T[@]}" new-session -d -x 80 -y 24 \
        "env TERM=xterm-256color LANG=C.UTF-8 PORTREG_TUI_TIMING=$log $PORTREG --db $db tui"
    until "${T[@]}" capture-pane -p 2>/dev/null | grep -q 'records | row'; do sleep 0.05; done
    "${T[@]}" send-keys /
    for q in "$@"; do
        for ((i = 0; i < ${#q}; i++)); do
            n=$(wc -l <"$log" 2>/dev/null || echo 0)
            "${T[@]}" send-keys -l -- "${q:i:1}"
            until [ "$(wc -l <"$log" 2>/dev/null || echo 0)" -gt "$n" ]; do sleep 0.01; done
        done
        "${T[@]}" send-keys C-u
    done
    "${T[@]}" send-keys Enter q
    "${T[@]}" kill-server 2>/dev/null
}
# paired_ms N CMD_A... -- CMD_B...: runs A then B, N times each, alternating
# (so that a change of the machine's load hits both alike); each run is a
# loop of 20 (one process is too short to time alone).  Prints the median
# time of one A and of one B, in ms: "A B".
paired_ms() {
    local n=$1 a=() b=() ta=() tb=() i t0 t1 j
    shift
    while [ "$1" != -- ]; do a+=("$1"); shift; done
    shift
    b=("$@")
    for ((i = 0; i < n; i++)); do
        t0=$(date +%s%N); for ((j = 0; j < 20; j++)); do "${a[@]}" >/dev/null 2>&1; done
        t1=$(date +%s%N); ta+=($(( (t1 - t0) / 20000 )))
        t0=$(date +%s%N); for ((j = 0; j < 20; j++)); do "${b[@]}" >/dev/null 2>&1; done
        t1=$(date +%s%N); tb+=($(( (t1 - t0) / 20000 )))
    done
    local ma mb
    ma=$(printf '%s\n' "${ta[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1000}')
    mb=$(printf '%s\n' "${tb[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.3f", a[int((NR+1)/2)]/1000}')
    echo "$ma $mb"
}
# instr CMD...: instructions the command executes (valgrind's callgrind,
# whole process), or nothing when valgrind is missing.  Unlike time, the
# count does not move with the machine's load.
instr() {
    command -v valgrind >/dev/null || return 0
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' | tail -1
}
# instr_ratio NAME OURS REF TARGET: a ratio line of two instruction counts.
instr_ratio() {
    [ -n "$2" ] && [ -n "$3" ] || return 0
    awk -v n="$1" -v a="$2" -v b="$3" -v t="$4" 'BEGIN {
        r = a / b; printf "%-40s %8.1fM vs %8.1fM instr  ratio %5.2fx  (target <= %sx) %s\n",
        n, a / 1e6, b / 1e6, r, t, (r <= t ? "ok" : "OVER") }'
}
