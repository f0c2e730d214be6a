#!/bin/bash
# bench_export.sh - export and diff speed on the real registry, as ratios
# against references measured in the same run:
#   XML export of the full registry  vs  xmllint --stream --noout (target <= 1.5x)
#   diff of two full releases        vs  one import                (target <= 2x)
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
old=$SHARED/iana/service-names-port-numbers-2024-03-05.xml
new=$SHARED/iana/service-names-port-numbers-2024-03-18.xml
command -v xmllint >/dev/null || { echo "bench_export: skipped, xmllint not found"; exit 0; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
db=$tmp/r.db
"$PORTREG" --db "$db" import "$new" >/dev/null 2>&1 || { echo "bench_export: import failed"; exit 1; }

ours=$(median_ms "$PORTREG" --db "$db" export -o "$tmp/out.xml")
cmp -s "$tmp/out.xml" "$new" || { echo "bench_export: export is not byte for byte"; exit 1; }
ref=$(median_ms xmllint --stream --noout "$new")
ratio "export xml (14444 records)" "$ours" "$ref" 1.5
ours_stdout=$(median_ms "$PORTREG" --db "$db" export)
ratio "export xml to stdout" "$ours_stdout" "$ref" 1.5

diff_ms=$(median_ms "$PORTREG" diff "$old" "$new")
import_ms=$(median_setup_ms "rm -f '$tmp/i.db' '$tmp/i.db-wal' '$tmp/i.db-shm'" \
            "$PORTREG" --db "$tmp/i.db" import "$new")
ratio "diff of two releases vs one import" "$diff_ms" "$import_ms" 2

for f in csv services json; do
    printf '%-40s %9.2f ms\n' "export $f" "$(median_ms "$PORTREG" --db "$db" export -f $f)"
done
