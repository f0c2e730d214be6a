#!/bin/bash
# bench_tui.sh - portreg tui on the real registry: the time from each key to
# the redrawn screen (PORTREG_TUI_TIMING), while a script types ports, name
# prefixes and words into the '/' prompt in tmux, then walks the other
# screens (details, a form being typed in, the port map); and the time to
# show the registry again after another process changed it.  The reference
# is the frame budget of the issue: 16 ms (60 Hz).
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
command -v tmux >/dev/null || { echo "bench_tui: skipped, tmux not installed"; exit 0; }
xml=$SHARED/iana/service-names-port-numbers-2024-03-18.xml
tmp=$(mktemp -d); sock=pr-bench-$$
T() { tmux -L "$sock" -f "$here/../tests/tui/empty.conf" "$@"; }
trap 'T kill-server 2>/dev/null; rm -rf "$tmp"' EXIT
"$PORTREG" --db "$tmp/r.db" import "$xml" >/dev/null 2>&1 || { echo "bench_tui: import failed"; exit 1; }
T new-session -d -x 80 -y 24 "env TERM=xterm-256color LANG=C.UTF-8 PORTREG_TUI_TIMING=$tmp/t.log $PORTREG --db $tmp/r.db tui"
until T capture-pane -p | grep -q 'records | row'; do sleep 0.05; done
T send-keys /
# one key at a time, each once the screen shows the previous one's result
for q in 443 6010 0-65535 53/udp htt mdn x11 sip s e multicast\ dns protocol a\ b 'the '; do
    for ((i = 0; i < ${#q}; i++)); do
        n=$(wc -l <"$tmp/t.log" 2>/dev/null || echo 0)
        T send-keys -l -- "${q:i:1}"
        until [ "$(wc -l <"$tmp/t.log" 2>/dev/null || echo 0)" -gt "$n" ]; do sleep 0.01; done
    done
    T send-keys C-u
done
# one key (tmux key name or -l TEXT) and wait for its line in the log
key() {
    local n
    n=$(wc -l <"$tmp/t.log" 2>/dev/null || echo 0)
    T send-keys "$@"
    until [ "$(wc -l <"$tmp/t.log" 2>/dev/null || echo 0)" -gt "$n" ]; do sleep 0.01; done
}
key Enter
key C-u; for c in m d n s; do key -l $c; done
key Enter; key Enter                        # details of mdns
for k in NPage PPage Down Down Up; do key $k; done
key e                                       # its form, typed in
key Enter
for ((i = 0; i < 20; i++)); do key -l x; done
key Tab; key -l y; key Enter; key F2; key n; key Escape; key y
key m                                       # the map on mdns's block
for k in Right Right Down Left Up Enter Escape Escape; do key $k; done
# another process changes the registry: the screens are read again
n=$(grep -c '^refresh' "$tmp/t.log")
"$PORTREG" --db "$tmp/r.db" modify mdns --set "description=Multicast DNS (bench)" >/dev/null
until [ "$(grep -c '^refresh' "$tmp/t.log")" -gt "$n" ]; do sleep 0.05; done
T send-keys q
stats() { # stats TITLE: the figures of the times (ms) on stdin
    sort -n >"$tmp/ms"
    local keys median p95 max
    keys=$(wc -l <"$tmp/ms")
    median=$(awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}' "$tmp/ms")
    p95=$(awk '{a[NR]=$1} END {i=int(NR*0.95); if (i<1) i=1; print a[i]}' "$tmp/ms")
    max=$(tail -1 "$tmp/ms")
    echo "$1, $keys keys on 14,444 records (key to redrawn screen):"
    ratio "median key-to-redraw" "$median" 16 1.0
    ratio "95th percentile key-to-redraw" "$p95" 16 1.0
    ratio "slowest key-to-redraw" "$max" 16 1.0
}
awk -F'\t' '/filter/ { split($3, a, " "); print a[1] }' "$tmp/t.log" | stats "search as you type"
echo "slowest keys:"; sort -t$'\t' -k3 -g -r "$tmp/t.log" | grep filter | head -3 | sed 's/^/  /'
awk -F'\t' '/^key/ { split($3, a, " "); print a[1] }' "$tmp/t.log" | stats "every key (search, details, form, map)"
echo "slowest keys:"; grep '^key' "$tmp/t.log" | sort -t$'\t' -k3 -g -r | head -3 | sed 's/^/  /'
awk -F'\t' '/^refresh/ { split($3, a, " "); print a[1] }' "$tmp/t.log" | tail -1 |
    { read -r ms; ratio "registry changed elsewhere, shown again" "$ms" 16 1.0; }
