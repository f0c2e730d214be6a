#!/bin/bash
# Issue #2 figures: import of the real registry against xmllint's stream
# parse of the same file, import peak RSS, and a whole-process port search
# against getent services.
set -u
. "$(dirname "$0")/lib.sh"
xml=$SHARED/iana/service-names-port-numbers-2024-03-18.xml
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/bench.db

ref=$(median_ms xmllint --stream --noout "$xml")
ours=$(median_setup_ms "rm -f $db $db-wal $db-shm" "$PORTREG" --db "$db" import "$xml")
ratio "import vs xmllint --stream --noout" "$ours" "$ref" 2

rm -f "$db" "$db-wal" "$db-shm"
kb=$(peak_kb "$PORTREG" --db "$db" import "$xml")
awk -v k="$kb" 'BEGIN { printf "%-40s %9.1f MiB (target <= 24 MiB) %s\n", "import peak RSS", k/1024, (k <= 24*1024 ? "ok" : "OVER") }'

# Whole process, many runs each: a single run is too short to time alone.
loop() { for _ in $(seq 50); do "$@" >/dev/null; done; }
ref=$(median_ms loop getent services 443)
ours=$(median_ms loop "$PORTREG" --db "$db" search --port 443)
ratio "search --port 443 vs getent services 443" "$ours" "$ref" 1.5
