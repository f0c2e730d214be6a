#!/bin/bash
# name-similar finds the same names by index look-ups (every string one edit
# away, and the skeleton index record_skeleton) as by reading every name
# (what a database without that index still does): requests named after
# IANA's names with one letter dropped, changed or added, hyphens and digits
# moved, case changed, are reviewed both ways and the findings compared.
set -u
bin=$1 data=$2 shared=${3:-}
. "$(dirname "$0")/lib/check.sh"
command -v sqlite3 >/dev/null || { echo "skipped: no sqlite3"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: no python3"; exit 77; }
src=$shared/iana/service-names-port-numbers-2024-03-18.xml
[ -f "$src" ] || src=$data/sample.xml
"$bin" import "$src" >/dev/null 2>&1 || { echo "cannot import $src"; exit 2; }
mkdir -p "$tmp/req"
# every name with a character other than letters, digits and hyphens
# (IANA's legacy "z39.50", "udt_os"...), and one in forty of the others
sqlite3 "$PORTREG_DB" "SELECT DISTINCT name FROM record WHERE name > '' AND
    (name GLOB '*[^a-zA-Z0-9-]*' OR id % 40 = 0) ORDER BY name" |
python3 -c '
import random, sys
random.seed(18)
names = [l.strip() for l in sys.stdin if l.strip()]
for i, n in enumerate(names):
    j = random.randrange(len(n))
    op = i % 8
    m = [n[:j] + n[j + 1:], n[:j] + random.choice("abz09-._") + n[j + 1:],
         n[:j] + random.choice("ay1-_") + n[j:], n.replace("-", "") + "-2", n + "9",
         n.upper(), n, "x" + n[1:]][op]
    m = m.strip("-") or "x"
    with open("%s/r%03d.req" % (sys.argv[1], i), "w") as f:
        f.write("Service-Name: %s\nTransport: tcp\nPort: none\nDescription: test\n"
                "Assignee: A B <a@example.org>\nContact: A B <a@example.org>\n"
                "Reference: https://example.org\nSecurity: TLS\n" % m)
' "$tmp/req"
"$bin" review --json "$tmp"/req/*.req >"$tmp/index.json" 2>/dev/null
sqlite3 "$PORTREG_DB" "DROP INDEX record_skeleton" || { echo "cannot drop the index"; exit 2; }
"$bin" review --json "$tmp"/req/*.req >"$tmp/scan.json" 2>/dev/null
n=$(grep -c '"rule": "name-similar"' "$tmp/scan.json")
if [ "$n" -lt 20 ] && [ "$src" != "$data/sample.xml" ]; then
    bad "only $n name-similar findings: nothing to compare"
elif cmp -s "$tmp/index.json" "$tmp/scan.json"; then
    ok "the same findings both ways ($n name-similar)"
else
    bad "index look-ups and the full scan differ:"; diff "$tmp/scan.json" "$tmp/index.json" | head -6
fi
finish
