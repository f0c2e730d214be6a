#!/bin/bash
# name-similar finds its names by index look-ups (every string one edit
# away; for the skeleton, the names that start with its first letter, a
# hyphen or a digit) instead of reading every name: requests named after
# IANA's names with one letter dropped, changed or added, hyphens and digits
# moved, case changed are reviewed, and each finding is compared with the
# names a plain reading of every name gives (the rule's definition, in
# Python here: one edit apart or the same skeleton, the first five in
# case-insensitive order).
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
"$bin" review --json "$tmp"/req/*.req >"$tmp/review.json" 2>/dev/null
sqlite3 "$PORTREG_DB" "SELECT DISTINCT name FROM record WHERE name > ''" >"$tmp/names"
python3 - "$tmp/review.json" "$tmp/names" "$tmp"/req/*.req >"$tmp/verdict" <<'PY'
import json, re, sys
review, names, reqs = sys.argv[1], sys.argv[2], sys.argv[3:]
registry = sorted({l.rstrip("\n") for l in open(names) if l.strip()}, key=str.lower)
def skel(s): return "".join(c.lower() for c in s if c != "-" and not c.isdigit())
def one_edit(a, b):
    a, b = a.lower(), b.lower()
    if len(a) > len(b): a, b = b, a
    if len(b) - len(a) > 1: return False
    i = 0
    while i < len(a) and a[i] == b[i]: i += 1
    return a[i + 1:] == b[i + 1:] if len(a) == len(b) else a[i:] == b[i + 1:]
# The names in that order, each case-insensitive name once (the first);
# looked up by length and by skeleton rather than read for every request
# (the same answer: a name one edit away is at most one longer or shorter).
uniq, last = [], None
for e in registry:
    if last is None or e.lower() != last.lower():
        uniq.append(e)
    last = e
by_len, by_skel = {}, {}
for i, e in enumerate(uniq):
    by_len.setdefault(len(e), []).append(i)
    by_skel.setdefault(skel(e), []).append(i)
def expected(n):
    cand = {i for d in (-1, 0, 1) for i in by_len.get(len(n) + d, ()) if one_edit(n, uniq[i])}
    if skel(n):
        cand.update(by_skel.get(skel(n), ()))
    return [uniq[i] for i in sorted(cand) if uniq[i].lower() != n.lower()][:5]
got = {}
for item in json.load(open(review))["requests"]:
    for f in item.get("findings", []):
        if f["rule"] == "name-similar":
            got[item["service"]] = f["related"]
want, bad, hits = 0, 0, 0
for r in reqs:
    n = re.search(r"^Service-Name: (.*)$", open(r).read(), re.M).group(1)
    e = expected(n)
    hits += bool(e)
    if [x.lower() for x in got.get(n, [])] != [x.lower() for x in e]:
        bad += 1
        print("differs for %s: review %s, expected %s" % (n, got.get(n, []), e))
print("%d requests, %d with similar names, %d differ" % (len(reqs), hits, bad))
PY
n=$(sed -n 's/.*, \([0-9]*\) with similar names.*/\1/p' "$tmp/verdict")
if grep -q ', 0 differ' "$tmp/verdict" && [ "${n:-0}" -ge 20 -o "$src" = "$data/sample.xml" ]; then
    ok "$(tail -1 "$tmp/verdict")"
else
    bad "name-similar is not what reading every name gives:"; head -6 "$tmp/verdict"
fi
finish
