#!/bin/bash
# diff of real releases (issue 11, item 9): no (name, port, transport) is
# both added and removed - a transfer or a new person id is a change with
# the assignee's before and after.  Prints the pairing figures.  Skips (77)
# without the shared data.
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$1 shared=$3
d=$shared/iana/service-names-port-numbers
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
for pair in "2015-05-04 2016-06-02" "2024-03-05 2024-03-18"; do
    set -- $pair
    [ -r "$d-$1.xml" ] && [ -r "$d-$2.xml" ] || { echo "skipped: $d-$1.xml or $d-$2.xml not found"; exit 77; }
    "$bin" diff --json "$d-$1.xml" "$d-$2.xml" >"$tmp/d.json"
    [ $? = 1 ] || { echo "FAIL: diff $1 $2: exit status"; fails=$((fails+1)); continue; }
    python3 - "$tmp/d.json" "$1" "$2" <<'PY' || fails=$((fails+1))
import json, sys
d = json.load(open(sys.argv[1]))
key = lambda r: ((r.get("name") or "").lower(), r.get("port"), r.get("protocol"))
both = {key(r) for r in d["added"]} & {key(r) for r in d["removed"]}
moved = [c for c in d["changed"] if "assignee" in c["fields"]]
print(f"{sys.argv[2]} -> {sys.argv[3]}: {len(d['added'])} added, {len(d['removed'])} removed, "
      f"{len(d['changed'])} changed ({len(moved)} with another assignee); "
      f"added and removed alike: {len(both)}")
if both:
    print("FAIL: both added and removed:", sorted(both)[:10])
    sys.exit(1)
PY
done
[ $fails = 0 ]
