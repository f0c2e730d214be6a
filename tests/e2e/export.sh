#!/bin/bash
# export and diff end to end: the XML round trip byte for byte (sample and,
# when ../shared/data is there, both real releases), CSV and services(5)
# read back by an independent reader (python3), JSON parsed, the diff of
# the two real releases, and exports that fail leaving nothing behind.
set -u
bin=$1 data=$2 shared=$3
. "$(dirname "$0")/lib/check.sh"
unset PORTREG_USER PORTREG_NOW
expect() { # expect DESCRIPTION WANT-RC -- cmd...
    local what=$1 want=$2; shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    [ "$rc" = "$want" ] && ok "$what" || { bad "$what: exit $rc, want $want"; cat "$tmp/err"; }
}
command -v python3 >/dev/null || { echo "skipped: python3 not found"; exit 77; }

# ---- sample --------------------------------------------------------------
expect "import sample" 0 -- "$bin" import "$data/sample.xml"
expect "export xml to stdout" 0 -- "$bin" export
cmp -s "$tmp/out" "$data/sample.xml" && ok "sample: stdout byte for byte" || bad "sample: stdout differs"
expect "export xml -o" 0 -- "$bin" export --format xml -o "$tmp/sample.xml"
cmp -s "$tmp/sample.xml" "$data/sample.xml" && ok "sample: -o byte for byte" || bad "sample: -o differs"
[ -z "$(ls -A "$tmp" | grep '^\.')" ] && ok "no temporary file left" || bad "temporary file left"

"$bin" export -f csv >"$tmp/sample.csv"
"$bin" export -f services >"$tmp/sample.services"
"$bin" export -f services --protocols tcp --expand-ranges >"$tmp/sample-tcp.services"
"$bin" export -f json >"$tmp/sample.json"
python3 - "$tmp" <<'PY' && ok "sample csv/services/json read back" || bad "sample csv/services/json"
import csv, json, sys
t = sys.argv[1]
rows = list(csv.reader(open(t + "/sample.csv", newline="")))
assert rows[0] == ["Service Name", "Port Number", "Transport Protocol", "Description",
                   "Assignee", "Contact", "Registration Date", "Modification Date",
                   "Reference", "Service Code", "Unauthorized Use Reported",
                   "Assignment Notes"], rows[0]
assert len(rows) == 91 and all(len(r) == 12 for r in rows), len(rows)
https = [r for r in rows if r[:3] == ["https", "443", "tcp"]][0]
assert https[4:6] == ["[IESG]", "[IETF_Chair]"] and https[8] == "[RFC9110]", https
assert open(t + "/sample.csv", "rb").read().count(b"\r\n") == 91
j = json.load(open(t + "/sample.json"))
assert len(j["records"]) == 90 and j["registry"]["updated"] == "2024-03-18", j["registry"]
assert len(j["people"]) == 28 and all("id" in p for p in j["people"])
def services(path):
    out = []
    for line in open(path):
        line = line.split("#", 1)[0].split()
        if line:
            port, proto = line[1].split("/")
            out.append((line[0], int(port), proto, tuple(line[2:])))
    return out
s = services(t + "/sample.services")
keys = [(n, p, pr) for n, p, pr, _ in s]
assert len(keys) == len(set(keys)), "duplicate lines"
assert ("https", 443, "tcp") in keys
http = [x for x in s if x[:3] == ("http", 80, "tcp")][0]
assert set(http[3]) >= {"www"}, http
assert not any(n == "www" for n, *_ in s), "www is an alias, not a line"
assert all(n == n.lower() for n, *_ in s)
tcp = services(t + "/sample-tcp.services")
assert {pr for _, _, pr, _ in tcp} == {"tcp"}
x11 = [p for n, p, _, _ in tcp if n == "x11"]
assert x11 == list(range(6000, 6064)), x11
PY

# ---- errors: nothing left behind -------------------------------------------
expect "unknown format" 2 -- "$bin" export --format yaml
expect "export into a missing folder" 2 -- "$bin" export -o "$tmp/no/such/out.xml"
mkdir "$tmp/ro" && echo old >"$tmp/ro/out.xml" && chmod 555 "$tmp/ro"
as_user=()
if [ "$(id -u)" = 0 ]; then
    # root writes anywhere: run the export as nobody so the folder is read-only for it
    if command -v setpriv >/dev/null; then
        chown -R 65534:65534 "$tmp"
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups)
    fi
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
    expect "export into a read-only folder fails" 2 -- "${as_user[@]}" "$bin" export -o "$tmp/ro/out.xml"
    grep -q "out.xml: cannot create a temporary file" "$tmp/err" && ok "read-only: message names the file" || { bad "read-only message"; cat "$tmp/err"; }
    [ "$(ls -A "$tmp/ro")" = out.xml ] && [ "$(cat "$tmp/ro/out.xml")" = old ] && ok "read-only: old file intact, nothing behind" || { bad "read-only left something"; ls -la "$tmp/ro"; }
else
    echo "skipped: read-only folder check (root without setpriv)"
fi
# (A write that fails half way is tested in tests/unit/test_export.c.)

# ---- diff on the sample ------------------------------------------------------
expect "diff same -> 0" 0 -- "$bin" diff "$data/sample.xml" @db
[ ! -s "$tmp/out" ] && ok "diff same prints nothing" || bad "diff same printed"
expect "diff broken -> 2" 2 -- "$bin" diff "$data/sample.xml" "$data/broken/truncated.xml"
grep -Eq 'truncated.xml:[0-9]+' "$tmp/err" && ok "diff error names file:line" || bad "diff error message"

# ---- the real registry --------------------------------------------------------
old=$shared/iana/service-names-port-numbers-2024-03-05.xml
new=$shared/iana/service-names-port-numbers-2024-03-18.xml
csv=$shared/iana/service-names-port-numbers-2024-05.csv
if [ ! -r "$old" ] || [ ! -r "$new" ]; then
    echo "skipped: real registry not found in $shared/iana"
    echo "$fails failed"; [ $fails = 0 ]; exit
fi
for x in "$old" "$new"; do
    expect "import $(basename "$x")" 0 -- "$bin" import --replace "$x"
    expect "export $(basename "$x")" 0 -- "$bin" export -o "$tmp/real.xml"
    cmp -s "$tmp/real.xml" "$x" && ok "$(basename "$x"): byte for byte" || bad "$(basename "$x") differs"
done
"$bin" export -f csv >"$tmp/real.csv"
"$bin" export -f services >"$tmp/real.services"
"$bin" export -f json >"$tmp/real.json"
python3 - "$tmp" "$csv" <<'PY' && ok "real csv/services/json read back" || bad "real csv/services/json"
import csv, json, os, sys
t, iana = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(t + "/real.csv", newline="")))
assert len(rows) == 14445, len(rows)
if os.path.exists(iana):
    # IANA's CSV of May 2024: every row of our March export is identical
    # but the three IANA changed in April (and the rows it added).
    theirs = open(iana, newline="").read().split("\r\n")
    ours = open(t + "/real.csv", newline="").read().split("\r\n")
    only_ours = sorted(set(ours) - set(theirs))
    assert [l.split(",")[0] for l in only_ours] == ["fox-skytale", "fox-skytale", "nbd"], only_ours
s = []
for line in open(t + "/real.services"):
    f = line.split("#", 1)[0].split()
    if f:
        s.append((f[0], f[1]))
assert ("https", "443/tcp") in s and ("domain", "53/udp") in s
assert len(s) == len(set(s)), "duplicate lines"
assert not any(n in ("www", "www-http") for n, _ in s)
j = json.load(open(t + "/real.json"))
assert len(j["records"]) == 14444 and len(j["people"]) == 5554
PY
expect "diff 03-05 03-18 -> 1" 1 -- "$bin" diff --json "$old" "$new"
python3 - "$tmp/out" <<'PY' && ok "diff: exactly e3consultants -> lsa-comm and Brian_Carnell" || bad "diff content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["added"] == [] and d["removed"] == [], d
ch = d["changed"]
assert [(c["before"]["name"], c["after"]["name"], c["after"]["protocol"]) for c in ch] == \
    [("e3consultants", "lsa-comm", "tcp"), ("e3consultants", "lsa-comm", "udp")], ch
assert set(ch[0]["fields"]) == {"name", "description", "updated"}, ch[0]["fields"]
p = d["people"]
assert p["added"] == [] and p["removed"] == [] and [c["id"] for c in p["changed"]] == ["Brian_Carnell"], p
assert d["registry"] == {"updated": {"before": "2024-03-05", "after": "2024-03-18"}}, d["registry"]
PY
expect "diff text" 1 -- "$bin" diff "$old" "$new"
grep -q '^  ~ lsa-comm 3157/tcp (was e3consultants)$' "$tmp/out" && ok "diff text reads like a changelog" || { bad "diff text"; cat "$tmp/out"; }
expect "diff @db against its source -> 0" 0 -- "$bin" diff @db "$new"
echo "$fails failed"
[ $fails = 0 ]
