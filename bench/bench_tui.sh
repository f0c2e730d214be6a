#!/bin/bash
# bench_tui.sh - portreg tui's search as you type on the real registry: the
# time from each key to the redrawn screen (PORTREG_TUI_TIMING), while a
# script types ports, name prefixes and words into the '/' prompt in tmux.
# The reference is the frame budget of the issue: 16 ms (60 Hz).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
command -v tmux >/dev/null || { echo "bench_tui: skipped, tmux not installed"; exit 0; }
xml=$SHARED/iana/service-names-port-numbers-2024-03-18.xml
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PORTREG" --db "$tmp/r.db" import "$xml" >/dev/null 2>&1 || { echo "bench_tui: import failed"; exit 1; }
tui_keys "$tmp/r.db" "$tmp/t.log" 443 6010 0-65535 53/udp htt mdn x11 sip s e multicast\ dns \
    protocol a\ b 'the '
awk -F'\t' '/filter/ { split($3, a, " "); print a[1] }' "$tmp/t.log" | sort -n >"$tmp/ms"
keys=$(wc -l <"$tmp/ms")
median=$(awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}' "$tmp/ms")
p95=$(awk '{a[NR]=$1} END {i=int(NR*0.95); if (i<1) i=1; print a[i]}' "$tmp/ms")
max=$(tail -1 "$tmp/ms")
echo "search as you type, $keys keys on 14,444 records (key to redrawn screen):"
ratio "median key-to-redraw" "$median" 16 1.0
ratio "95th percentile key-to-redraw" "$p95" 16 1.0
ratio "slowest key-to-redraw" "$max" 16 1.0
echo "slowest keys:"; sort -t$'\t' -k3 -g -r "$tmp/t.log" | grep filter | head -3 | sed 's/^/  /'
