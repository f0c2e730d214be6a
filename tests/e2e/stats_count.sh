#!/bin/bash
# stats against a count of its own: `portreg stats` on the sample registry
# must give the figures a short independent reading of tests/data/sample.xml
# gives (Python's ElementTree, RFC 6335 §6 ranges): records, records with
# a service name only, distinct service names, people, xrefs, notes, and per
# range and transport the ports assigned, reserved and unassigned, each port
# counted once by the strongest claim on it (assigned > reserved >
# unassigned; a record without a name is "Unassigned" or "Reserved" as its
# description starts, IANA's "IANA Reserved" included; a record without a
# transport claims the port for TCP and UDP, as docs/schema.md says).
# The golden tests/cli/stats.out is what the code wrote; this is not.
set -u
bin=$1 data=$2
. "$(dirname "$0")/../need.sh"; need python3
. "$(dirname "$0")/lib/check.sh"

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }
"$bin" stats >"$tmp/stats" 2>"$tmp/err" || { bad "stats: exit $?"; cat "$tmp/err"; }
python3 - "$data/sample.xml" "$tmp/stats" <<'PY' && ok "stats agrees with an independent count" || bad "stats disagrees with an independent count"
import re, sys
import xml.etree.ElementTree as ET

ns = "{http://www.iana.org/assignments}"
root = ET.parse(sys.argv[1]).getroot()
records = root.findall(ns + "record")
text = lambda e, tag: (e.findtext(ns + tag) or "").strip()
want = {
    "updated": root.findtext(ns + "updated"),
    "records": len(records),
    "name_only": sum(1 for r in records if r.find(ns + "number") is None),
    "names": len({text(r, "name").lower() for r in records if text(r, "name")}),
    "people": len(root.findall(f"{ns}people/{ns}person")),
    # xrefs of a record: its own and those in <assignee>/<contact>, not the
    # ones inline in a description or a note
    "xrefs": sum(len(r.findall(ns + "xref")) + len(r.findall(f"{ns}assignee/{ns}xref")) +
                 len(r.findall(f"{ns}contact/{ns}xref")) for r in records),
    "notes": sum(len(r.findall(ns + "note")) for r in records),
}
protos = ["tcp", "udp", "sctp", "dccp"]
claim = {p: [0] * 65536 for p in protos}   # 0 unassigned, 1 reserved, 2 assigned
for r in records:
    num = text(r, "number")
    if not num:
        continue
    lo, _, hi = num.partition("-")
    lo, hi = int(lo), int(hi or lo)
    desc = text(r, "description")
    if text(r, "name"):
        c = 2
    elif desc.lower().startswith(("unassigned", "(unassigned")):
        c = 0
    elif desc.lower().startswith(("reserved", "iana reserved")):  # 49151: "IANA Reserved"
        c = 1
    else:
        c = 2
    proto = text(r, "protocol")
    for p in ([proto] if proto else ["tcp", "udp"]):
        if p in claim:
            for port in range(lo, hi + 1):
                claim[p][port] = max(claim[p][port], c)
ranges = {"system": range(0, 1024), "user": range(1024, 49152), "dynamic": range(49152, 65536)}
table = {(rg, p): [sum(1 for port in ports if claim[p][port] == c) for c in (2, 1, 0)]
         for rg, ports in ranges.items() for p in protos}

out = open(sys.argv[2]).read()
got = {
    "updated": re.search(r"^updated\s+(\S+)", out, re.M).group(1),
    "records": int(re.search(r"^records\s+(\d+)", out, re.M).group(1)),
    "name_only": int(re.search(r"^records\s+\d+ \((\d+) service name only\)", out, re.M).group(1)),
    "names": int(re.search(r"^service names\s+(\d+)", out, re.M).group(1)),
    "people": int(re.search(r"^people\s+(\d+)", out, re.M).group(1)),
    "xrefs": int(re.search(r"^references\s+(\d+) xrefs", out, re.M).group(1)),
    "notes": int(re.search(r"^references\s+\d+ xrefs, (\d+) notes", out, re.M).group(1)),
}
rows, rg = {}, None
for line in out.splitlines():
    m = re.match(r"^(system|user|dynamic)?\s+(tcp|udp|sctp|dccp)\s+(\d+)\s+(\d+)\s+(\d+)$", line)
    if m:
        rg = m.group(1) or rg
        rows[(rg, m.group(2))] = [int(m.group(k)) for k in (3, 4, 5)]
ok = True
for k in want:
    if want[k] != got[k]:
        print(f"{k}: stats says {got[k]}, the count {want[k]}")
        ok = False
for k in table:
    if rows.get(k) != table[k]:
        print(f"{k[0]} {k[1]}: stats says {rows.get(k)}, the count {table[k]}")
        ok = False
sys.exit(0 if ok else 1)
PY
finish
