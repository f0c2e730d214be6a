#!/bin/bash
# Issue #2 and #18 figures: import of the real registry against xmllint's
# stream parse of the same file, import peak RSS, and whole-process look-ups
# against getent services.
set -u
. "$(dirname "$0")/lib.sh"
xml=$SHARED/iana/service-names-port-numbers-2024-03-18.xml
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/bench.db

# Paired: xmllint, then a first import into a new database, alternating.
ta=() tb=()
for ((i = 0; i < BENCH_RUNS; i++)); do
    t0=$(date +%s%N); xmllint --stream --noout "$xml"; t1=$(date +%s%N)
    ta+=($(( (t1 - t0) / 1000 )))
    rm -f "$db" "$db"-wal "$db"-shm "$db"-journal
    t0=$(date +%s%N); "$PORTREG" --db "$db" import "$xml" >/dev/null 2>&1; t1=$(date +%s%N)
    tb+=($(( (t1 - t0) / 1000 )))
done
med() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {printf "%.2f", a[int((NR+1)/2)]/1000}'; }
ratio "import vs xmllint --stream --noout" "$(med "${tb[@]}")" "$(med "${ta[@]}")" 2

rm -f "$db" "$db-wal" "$db-shm"
kb=$(peak_kb "$PORTREG" --db "$db" import "$xml")
awk -v k="$kb" 'BEGIN { printf "%-40s %9.1f MiB (target <= 24 MiB) %s\n", "import peak RSS", k/1024, (k <= 24*1024 ? "ok" : "OVER") }'

# Look-ups, whole process, against getent in paired runs (getent, then
# portreg, alternating; each a loop of 20): search --port, search NAME and
# show NAME each against getent services of the same (the C library's
# files lookup, which every service look-up on the system goes through).
# Target <= 1.2x (issue 18).  The machine's load shows in the ratios:
# take the figures when uptime shows none.
runs=$(( BENCH_RUNS < 11 ? 11 : BENCH_RUNS ))
export PORTREG_DB=$db
for q in "443|search --port 443|services 443" "https|search https|services https" \
         "https|show https|services https"; do
    IFS='|' read -r _ ours ref <<<"$q"
    read -r g p <<<"$(paired_ms "$runs" getent $ref -- "$PORTREG" $ours)"
    ratio "$ours vs getent $ref" "$p" "$g" 1.2
done
echo "(load average during the run: $(cut -d' ' -f1-3 /proc/loadavg))"

# The same in instructions (callgrind), which the load does not move: a
# first import against xmllint, each look-up against getent.
if command -v valgrind >/dev/null; then
    rm -f "$db" "$db"-*
    b=$(instr "$PORTREG" --db "$db" import "$xml") a=$(instr xmllint --stream --noout "$xml")
    instr_ratio "import vs xmllint (instructions)" "$b" "$a" 2
    for q in "search --port 443|services 443" "search https|services https" \
             "show https|services https"; do
        IFS='|' read -r ours ref <<<"$q"
        instr_ratio "$ours vs getent (instructions)" "$(instr "$PORTREG" $ours)" \
            "$(instr getent $ref)" 1.2
    done
fi
