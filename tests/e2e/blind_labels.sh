#!/bin/bash
# The audit against the blind labels of tests/data/labels/ (written by
# someone who did not see the rules; README there): precision and recall of
# secure-variant (a hit counts only with the labelled base) and
# discovery-port, aggregate figures only (bench/labels.py without --errors),
# with 95% intervals.  Fails when they fall below the first measurement
# of docs/rules.md (so a change that loses pairs or gains errors shows).
# Skips (77) without the shared data.
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$1 data=$2 shared=$3
xml=$shared/iana/service-names-port-numbers-2024-03-18.xml
[ -r "$xml" ] || { echo "skipped: $xml not found"; exit 77; }
labels=$data/labels
here=$(cd "$data/../.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export PORTREG_DB=$tmp/r.db
"$bin" import "$xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }
"$bin" audit --json >"$tmp/audit.json"
fails=0
# set: minimum secure precision, recall; discovery precision, recall
check() {
    python3 "$here/bench/labels.py" "$tmp/audit.json" "$labels/$1.tsv" \
        --min-secure "$2" "$3" --min-disc "$4" "$5" || { echo "FAIL: $1 below its minimum"; fails=$((fails+1)); }
}
check test-u 0.95 0.70 0.85 0.75
check test-e 0.95 0.95 0.0 0.0
check test-d 0.0 0.0 0.95 0.90
check dev 0.0 0.0 0.95 0.60
[ $fails = 0 ]
