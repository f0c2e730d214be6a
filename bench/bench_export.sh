#!/bin/bash
# bench_export.sh - export and diff speed on the real registry, as ratios
# against references measured in the same run:
#   XML export of the full registry  vs  xmllint --stream --noout (target <= 1.5x)
#   diff of two full releases        vs  one import                (target <= 2x)
#   export --all (the release set)   vs  the four exports -o       (target <= 1.5x)
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

# The release set: four files, each read back for SHA256SUMS, in a folder
# renamed into place; against the four single exports with -o (each also
# flushed to disk and renamed), and the plain XML export for scale.
all_ms=$(median_setup_ms "rm -rf '$tmp/set'" "$PORTREG" --db "$db" export --all "$tmp/set")
(cd "$tmp/set" && sha256sum --quiet -c SHA256SUMS) || { echo "bench_export: SHA256SUMS does not check"; exit 1; }
four=0
for f in xml csv services json; do
    four=$(awk -v a="$four" -v b="$(median_ms "$PORTREG" --db "$db" export -f $f -o "$tmp/one.$f")" \
           'BEGIN {printf "%.2f", a + b}')
done
ratio "export --all vs the four exports -o" "$all_ms" "$four" 1.5
awk -v a="$all_ms" -v b="$ours" 'BEGIN {printf "%-40s %9.2f ms vs %9.2f ms  ratio %5.2fx  (for scale)\n",
    "export --all vs export xml -o", a, b, a / b}'
