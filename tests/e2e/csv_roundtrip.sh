#!/bin/bash
# IANA's CSV through the store and back: tests/data/sample.csv (and the real
# 2024-05 CSV when ../shared/data is there) imports, exports as CSV byte for
# byte, exports as well-formed registry XML, and that XML imports to the same
# search answers.  The nmap-services layer leaves both exports unchanged.
set -u
bin=$1 data=$2 shared=$3
command -v xmllint >/dev/null || { echo "skipped: xmllint not found"; exit 77; }
. "$(dirname "$0")/lib/check.sh"
unset PORTREG_DB PORTREG_USER PORTREG_NOW
dump() { # dump DB OUT: every record as search --json gives it
    "$bin" --db "$1" search --json --all --name '*' >"$2"
    "$bin" --db "$1" search --json --port 0-65535 >>"$2"
}
roundtrip() { # roundtrip NAME CSV
    local n=$1 csv=$2
    "$bin" --db "$tmp/$n.db" import "$csv" >/dev/null 2>&1 || { bad "$n: import"; return; }
    "$bin" --db "$tmp/$n.db" export --format csv -o "$tmp/$n.csv" || { bad "$n: export csv"; return; }
    cmp -s "$csv" "$tmp/$n.csv" && ok "$n: CSV export is byte for byte the imported CSV" \
        || { bad "$n: CSV export differs"; diff "$csv" "$tmp/$n.csv" | head; }
    "$bin" --db "$tmp/$n.db" export --format xml -o "$tmp/$n.xml" || { bad "$n: export xml"; return; }
    xmllint --noout "$tmp/$n.xml" 2>"$tmp/err" && ok "$n: XML export is well-formed" || { bad "$n: XML"; head -3 "$tmp/err"; }
    "$bin" --db "$tmp/$n-x.db" import "$tmp/$n.xml" >/dev/null 2>&1 || bad "$n: the XML export does not import"
    dump "$tmp/$n.db" "$tmp/$n.a.json"; dump "$tmp/$n-x.db" "$tmp/$n.b.json"
    cmp -s "$tmp/$n.a.json" "$tmp/$n.b.json" && ok "$n: CSV and its XML export give the same records" \
        || { bad "$n: records differ after CSV -> XML"; diff "$tmp/$n.a.json" "$tmp/$n.b.json" | head -6; }
    "$bin" --db "$tmp/$n.db" import "$data/nmap-services.sample" >/dev/null 2>&1 || bad "$n: nmap import"
    "$bin" --db "$tmp/$n.db" export --format csv | cmp -s - "$tmp/$n.csv" \
        && "$bin" --db "$tmp/$n.db" export --format xml | cmp -s - "$tmp/$n.xml" \
        && ok "$n: exports unchanged by the nmap-services layer" || bad "$n: the layer changed an export"
}
roundtrip sample "$data/sample.csv"
real=$shared/iana/service-names-port-numbers-2024-05.csv
if [ -r "$real" ]; then roundtrip real "$real"; else echo "note: $real not found, real CSV part skipped"; fi
echo "$fails failed"
[ $fails = 0 ]
