#!/usr/bin/env python3
"""labels.py - precision and recall of `portreg audit` (secure-variant and
discovery-port) against hand-written labels of registry services.

usage: labels.py AUDIT.json LABELS.tsv [--errors] [--min-secure P R] [--min-disc P R]

AUDIT.json is `portreg audit --json` on the release the labels were written
for (2024-03-18).  LABELS.tsv is one of tests/data/labels/*.tsv (columns
service, ports, secure_variant, base, discovery, note; docs in that folder's
README.md).  A secure-variant finding counts as right only when its first
`related` name is the labelled base (ftps-data pairs with ftp-data, not
ftp).  Prints counts, precision and recall with Wilson 95% intervals (the
samples are small), and with --errors the services behind each false
positive and false negative.  With --min-*, exits 1 when a figure is below
the given precision or recall.
"""
import json
import math
import sys


def wilson(k, n, z=1.96):
    """95% Wilson score interval of k successes out of n."""
    if n == 0:
        return (float("nan"), float("nan"))
    p = k / n
    d = 1 + z * z / n
    c = (p + z * z / (2 * n)) / d
    h = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / d
    return (max(0.0, c - h), min(1.0, c + h))


def fmt(k, n):
    if n == 0:
        return "n/a (0/0)"
    lo, hi = wilson(k, n)
    return f"{k / n:.3f} ({k}/{n}, 95% CI {lo:.2f}-{hi:.2f})"


def main(argv):
    args = [a for a in argv[1:]]
    errors = "--errors" in args
    mins = {}
    for flag in ("--min-secure", "--min-disc"):
        if flag in args:
            i = args.index(flag)
            mins[flag] = (float(args[i + 1]), float(args[i + 2]))
            del args[i:i + 3]
    args = [a for a in args if a != "--errors"]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    found = {}
    for f in json.load(open(args[0]))["findings"]:
        rel = f["related"][0].lower() if f["related"] else ""
        found.setdefault(f["rule"], {})[f["service"].lower()] = rel
    rows = []
    with open(args[1]) as fh:
        header = fh.readline().rstrip("\n").split("\t")
        for line in fh:
            if not line.strip():
                continue
            rows.append(dict(zip(header, line.rstrip("\n").split("\t"))))
    ok = True
    sv = found.get("secure-variant", {})
    tp = fp = fn = 0
    wrong = []
    for r in rows:
        name = r["service"].lower()
        yes = r["secure_variant"] == "yes"
        hit = name in sv
        right = hit and yes and sv[name] == r["base"].lower()
        if right:
            tp += 1
            continue
        if hit:
            fp += 1
            wrong.append(f"  false positive: {r['service']} -> {sv[name]}"
                         + (f" (labelled base {r['base']})" if yes else "") + f"  [{r['note']}]")
        if yes:
            fn += 1
            wrong.append(f"  missed: {r['service']} (base {r['base']})"
                         + (f", found {sv[name]}" if hit else "") + f"  [{r['note']}]")
    print(f"secure-variant ({args[1].split('/')[-1]}, {len(rows)} services, "
          f"{tp + fn} labelled yes): precision {fmt(tp, tp + fp)}, recall {fmt(tp, tp + fn)}"
          " (a hit counts only with the labelled base)")
    if "--min-secure" in mins:
        p, rc = mins["--min-secure"]
        ok &= (tp + fp == 0 or tp / (tp + fp) >= p) and (tp + fn == 0 or tp / (tp + fn) >= rc)
    dv = found.get("discovery-port", {})
    dtp = dfp = dfn = 0
    for r in rows:
        name = r["service"].lower()
        yes = r["discovery"] == "yes"
        hit = name in dv
        dtp += yes and hit
        dfp += hit and not yes
        dfn += yes and not hit
        if hit and not yes:
            wrong.append(f"  discovery false positive: {r['service']}  [{r['note']}]")
        if yes and not hit:
            wrong.append(f"  discovery missed: {r['service']}  [{r['note']}]")
    print(f"discovery-port ({args[1].split('/')[-1]}, {len(rows)} services, {dtp + dfn} "
          f"labelled yes): precision {fmt(dtp, dtp + dfp)}, recall {fmt(dtp, dtp + dfn)}")
    if "--min-disc" in mins:
        p, rc = mins["--min-disc"]
        ok &= (dtp + dfp == 0 or dtp / (dtp + dfp) >= p) and (dtp + dfn == 0 or dtp / (dtp + dfn) >= rc)
    if errors:
        print("\n".join(wrong) if wrong else "  no errors")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
