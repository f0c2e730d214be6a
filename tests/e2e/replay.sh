#!/bin/bash
# The grant replay (bench/replay.c) on the shared releases: every service
# IANA granted between two releases, reviewed as a request against the
# older one.  Fails on a reject of a real grant that is not explained (the
# port or name someone else's in the older release) and when discovery-port
# misses more than a fifth of the *-disc grants or flags another grant.
# Skips (77) without the shared data.  About a second (two releases parsed
# and imported per pair); under ASan a few seconds.
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$1 shared=$3
replay=$(dirname "$bin")/portreg-replay
d=$shared/iana/service-names-port-numbers
for f in "$d-2015-05-04.xml" "$d-2016-06-02.xml" "$d-2024-03-05.xml" "$d-2024-03-18.xml"; do
    [ -r "$f" ] || { echo "skipped: $f not found (the releases live in ../shared/data)"; exit 77; }
done
[ -x "$replay" ] || { echo "FAIL: $replay not built"; exit 1; }
out=$("$replay" "$d-2015-05-04.xml" "$d-2016-06-02.xml" "$d-2024-03-05.xml" "$d-2024-03-18.xml")
rc=$?
echo "$out"
[ $rc = 0 ] || { echo "FAIL: portreg-replay exit $rc (an unexplained reject?)"; exit 1; }
last=$(echo "$out" | tail -1)
python3 - "$last" <<'PY'
import re, sys
m = re.search(r"(\d+) unexplained\); discovery recall (\d+)/(\d+) on the \*-disc grants, (\d+) other", sys.argv[1])
assert m, sys.argv[1]
unexplained, found, total, other = map(int, m.groups())
assert unexplained == 0, "unexplained rejects"
assert total >= 7 and found >= 0.8 * total, f"discovery recall {found}/{total}"
assert other == 0, f"{other} grants without a -disc name flagged as discovery ports"
print(f"ok: no unexplained reject; discovery recall {found}/{total}; no lookalike flagged")
PY
