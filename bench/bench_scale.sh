#!/bin/bash
# bench_scale.sh - how cost grows with the registry (issue 18 item 3).
# bench/scale.py writes registries N times IANA's 2024-03-18 release (and
# 2024-03-05's, for diff) into bench/out/scale (kept between runs, never
# committed); for N = 1, 4, 16 this prints import time and peak RSS, the
# look-ups (search --port, search NAME, show NAME: whole process), review of
# one request and of 1,000, audit (in process), diff of two N x releases and
# the TUI's key-to-redraw, then each target as a ratio to N = 1:
#   import and diff linear (16x the data in at most 20x the time), peak RSS
#   flat, look-ups and one review within 2x of N = 1, audit <= N x 100 ms,
#   TUI key <= 16 ms at N = 16.
# SCALE_N="1 4" limits the sizes; SCALE_RUNS (3) runs per heavy figure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
command -v python3 >/dev/null || { echo "bench_scale: skipped, python3 not found"; exit 0; }
sizes=${SCALE_N:-1 4 16}
runs=${SCALE_RUNS:-3}
out=$here/out/scale
mkdir -p "$out"
src=$SHARED/iana/service-names-port-numbers
req=$here/../docs/examples/secure-variant.req
loop() { for _ in $(seq 20); do "$@" >/dev/null 2>&1; done; }
per_run() { awk -v t="$1" 'BEGIN {printf "%.2f", t / 20}'; }
heavy_ms() { BENCH_RUNS=$runs median_ms "$@"; }

[ -d "$out/req" ] && [ "$out/req" -nt "$here/scale.py" ] ||
    { rm -rf "$out/req"; python3 "$here/scale.py" requests 1000 "$out/req"; }

declare -A rec imp rss sport sname show rev1 rev1k audit diff tmed tmax
for n in $sizes; do
    for rel in 2024-03-05 2024-03-18; do
        f=$out/x$n-$rel.xml
        [ -f "$f" ] && [ "$f" -nt "$here/scale.py" ] || python3 "$here/scale.py" registry "$src-$rel.xml" "$n" "$f"
    done
    xml=$out/x$n-2024-03-18.xml db=$out/x$n.db
    imp[$n]=$(BENCH_RUNS=$runs median_setup_ms "rm -f $db $db-wal $db-shm $db-journal" \
              "$PORTREG" --db "$db" import "$xml")
    rm -f "$db" "$db"-*
    rss[$n]=$(peak_kb "$PORTREG" --db "$db" import "$xml")
    rec[$n]=$(sqlite3 "$db" 'select count(*) from record' 2>/dev/null || echo "?")
    export PORTREG_DB=$db
    sport[$n]=$(per_run "$(median_ms loop "$PORTREG" search --port 443)")
    sname[$n]=$(per_run "$(median_ms loop "$PORTREG" search https)")
    show[$n]=$(per_run "$(median_ms loop "$PORTREG" show https)")
    rev1[$n]=$(median_ms "$PORTREG" review "$req")
    rev1k[$n]=$(heavy_ms "$PORTREG" review "$out"/req/*.req)
    t=()
    for ((i = 0; i < runs; i++)); do
        t+=("$(PORTREG_TIMING=1 "$PORTREG" audit 2>&1 >/dev/null | sed -n 's/.* in \([0-9.]*\) ms/\1/p')")
    done
    audit[$n]=$(printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    diff[$n]=$(heavy_ms "$PORTREG" diff "$out/x$n-2024-03-05.xml" "$xml")
    if command -v tmux >/dev/null; then
        tui_keys "$db" "$out/tui-$n.log" 443 htt mdn 'multicast dns' x11 s
        tmed[$n]=$(awk -F'\t' '/filter/ {split($3, a, " "); print a[1]}' "$out/tui-$n.log" | sort -n |
                   awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
        tmax[$n]=$(awk -F'\t' '/filter/ {split($3, a, " "); print a[1]}' "$out/tui-$n.log" | sort -n | tail -1)
    else
        tmed[$n]=- tmax[$n]=-
    fi
    unset PORTREG_DB
done

printf '%-3s %8s %9s %8s %8s %8s %8s %8s %10s %9s %9s %13s\n' N records "import" "RSS MiB" \
    "port" "name" "show" review "review1k" audit diff "tui key med/max"
for n in $sizes; do
    printf '%-3s %8s %7.0fms %8.1f %6.2fms %6.2fms %6.2fms %6.2fms %8.0fms %7.1fms %7.0fms %7s/%sms\n' \
        "$n" "${rec[$n]}" "${imp[$n]}" "$(awk -v k="${rss[$n]}" 'BEGIN {print k / 1024}')" \
        "${sport[$n]}" "${sname[$n]}" "${show[$n]}" "${rev1[$n]}" "${rev1k[$n]}" "${audit[$n]}" \
        "${diff[$n]}" "${tmed[$n]}" "${tmax[$n]}"
done
echo "(port = search --port 443, name = search https, show = show https: whole process;"
echo " review = one request, review1k = 1,000 requests in one run; audit in process)"

# Targets, against N = 1 of this run.
first=${sizes%% *}
for n in $sizes; do
    [ "$n" = "$first" ] && continue
    k=$(awk -v a="$n" -v b="$first" 'BEGIN {print a / b}')
    lim=$(awk -v k="$k" 'BEGIN {print k * 1.25}')
    ratio "import N=$n vs N=$first (linear: <= ${lim}x)" "${imp[$n]}" "${imp[$first]}" "$lim"
    ratio "diff N=$n vs N=$first (linear: <= ${lim}x)" "${diff[$n]}" "${diff[$first]}" "$lim"
    ratio "peak RSS N=$n vs N=$first (flat)" "${rss[$n]}" "${rss[$first]}" 1.5 KiB
    ratio "search --port 443 N=$n vs N=$first" "${sport[$n]}" "${sport[$first]}" 2
    ratio "search https N=$n vs N=$first" "${sname[$n]}" "${sname[$first]}" 2
    ratio "show https N=$n vs N=$first" "${show[$n]}" "${show[$first]}" 2
    ratio "review, one request N=$n vs N=$first" "${rev1[$n]}" "${rev1[$first]}" 2
done
for n in $sizes; do
    awk -v n="$n" -v a="${audit[$n]}" 'BEGIN {printf "%-40s %9.1f ms (target <= %d ms) %s\n",
        "audit N=" n, a, n * 100, (a <= n * 100 ? "ok" : "OVER")}'
done
last=${sizes##* }
[ "${tmax[$last]}" != - ] && ratio "slowest TUI key N=$last vs 16 ms" "${tmax[$last]}" 16 1.0
exit 0
