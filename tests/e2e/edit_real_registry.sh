#!/bin/bash
# The editing procedures on IANA's real registry: assign, modify, deassign,
# revoke, reserve land where IANA lists them, the export stays well-formed
# and importable, and undoing everything gives back the release byte for byte
# (but for the header's <updated>).  Skips (77) without ../shared/data.
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$1 data=$2 shared=$3
xml=$shared/iana/service-names-port-numbers-2024-03-18.xml
[ -r "$xml" ] || { echo "skipped: $xml not found"; exit 77; }
. "$(dirname "$0")/lib/check.sh"
run() { "$@" >"$tmp/out" 2>&1 && ok "$*" || { bad "$*"; cat "$tmp/out"; }; }

"$bin" import "$xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }
run "$bin" assign --name acme-sync --protocol tcp,udp --description "ACME file synchronisation" \
    --assignee "Jane Doe <jane@acme.example>" --justification "agents behind firewalls" --security TLS
port=$(sed -n 's/^change [0-9]*: assign acme-sync \([0-9]*\)\/.*/\1/p' "$tmp/out")
[ -n "$port" ] && [ "$("$bin" free --count 1)" != "$port" ] && ok "assigned port $port is no longer free" \
    || bad "port '$port'"
run "$bin" modify acme-sync --set "contact=Bob Roe <bob@acme.example>" --set "note=Defined TXT keys: None"
run "$bin" deassign acme-sync --reason "test"
run "$bin" revoke sslp --reason unused --approved-by IESG
run "$bin" reserve "$("$bin" free --count 1 --near 30000)" --protocol tcp --reason test
run "$bin" person modify Jon_Postel --org USC/ISI
"$bin" export -o "$tmp/edited.xml" || bad "export"
if command -v xmllint >/dev/null; then
    xmllint --noout "$tmp/edited.xml" && ok "edited export is well-formed" || bad "xmllint"
fi
# Numbered records stay in port order in the export.
python3 - "$tmp/edited.xml" <<'PY' && ok "records in port order" || bad "records out of order"
import re, sys
last = -1
for m in re.finditer(r'<record[^>]*>(.*?)</record>', open(sys.argv[1]).read(), re.S):
    n = re.search(r'<number>(\d+)', m.group(1))
    if n:
        v = int(n.group(1))
        assert v >= last, (v, last)
        last = v
PY
PORTREG_DB=$tmp/rt.db "$bin" import "$tmp/edited.xml" >/dev/null 2>&1 && \
PORTREG_DB=$tmp/rt.db "$bin" export -o "$tmp/rt.xml" && cmp -s "$tmp/rt.xml" "$tmp/edited.xml" \
    && ok "edited export imports and exports again byte for byte" || bad "round trip"
for i in 1 2 3 4 5 6; do "$bin" undo >/dev/null 2>&1 || bad "undo $i"; done
"$bin" export -o "$tmp/undone.xml"
diff "$xml" "$tmp/undone.xml" >"$tmp/d"
printf '7c7\n<   <updated>2024-03-18</updated>\n---\n>   <updated>2026-01-15</updated>\n' >"$tmp/want"
cmp -s "$tmp/want" "$tmp/d" && ok "undoing everything gives back the release" \
    || { bad "undo left differences"; head -40 "$tmp/d"; }
echo "$fails failed"
[ $fails = 0 ]
