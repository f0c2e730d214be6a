#!/bin/bash
# Precision and recall of 'portreg audit' (secure-variant, discovery-port)
# on IANA's real registry against the labelled set tests/data/audit-labels.tsv.
# Prints the figures; fails when either falls below 0.90 for a rule.
# Skips (77) when the shared data is absent.
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$1 data=$2 shared=$3
xml=$shared/iana/service-names-port-numbers-2024-03-18.xml
[ -r "$xml" ] || { echo "skipped: $xml not found"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export PORTREG_DB=$tmp/r.db
"$bin" import "$xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }
"$bin" audit --json >"$tmp/audit.json"
[ $? = 1 ] || { echo "FAIL: audit exit status"; exit 1; }
python3 - "$tmp/audit.json" "$data/audit-labels.tsv" <<'PY'
import json, sys
found = {}
for f in json.load(open(sys.argv[1]))["findings"]:
    found.setdefault(f["rule"], set()).add(f["service"].lower())
labels = {}
for line in open(sys.argv[2]):
    if line.startswith("#") or not line.strip():
        continue
    name, rules = line.rstrip("\n").split("\t")[:2]
    labels[name.lower()] = set() if rules == "none" else set(rules.split(","))
ok = True
for rule in ("secure-variant", "discovery-port"):
    hits = found.get(rule, set())
    tp = sorted(n for n in labels if rule in labels[n] and n in hits)
    fp = sorted(n for n in labels if rule not in labels[n] and n in hits)
    fn = sorted(n for n in labels if rule in labels[n] and n not in hits)
    unlabelled = sorted(hits - set(labels))
    p = len(tp) / max(1, len(tp) + len(fp))
    r = len(tp) / max(1, len(tp) + len(fn))
    print(f"{rule}: precision {p:.3f} ({len(tp)}/{len(tp)+len(fp)}), recall {r:.3f} "
          f"({len(tp)}/{len(tp)+len(fn)}); false positives {fp}; missed {fn}; "
          f"unlabelled findings {unlabelled}")
    ok &= p >= 0.90 and r >= 0.90
sys.exit(0 if ok else 1)
PY
