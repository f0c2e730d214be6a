#!/usr/bin/env python3
"""Draw the blind labelling samples (see README.md in this directory).

usage: sample.py [--check] [REGISTRY_XML]
  (default XML: ../shared/data/iana/service-names-port-numbers-2024-03-18.xml
   relative to the source dir)
Prints one block per sample: "# NAME" then one "service<TAB>ports" line per
sampled service, sorted by name.  Deterministic: fixed seeds, candidates
sorted by name before random.Random(seed).sample().
--check: instead compare the first two columns of NAME.tsv in this directory
with the draw; print the differences and exit 1 if any.
"""
import os
import random
import re
import sys
import xml.etree.ElementTree as ET

NS = {"i": "http://www.iana.org/assignments"}

SECURITY = re.compile(
    r"\b(?:tls|ssl|dtls|secure\w*|security|encrypt\w*|crypt\w*|over\s+tls)\b",
    re.I)
DISCOVERY = re.compile(
    r"discover|\bannounce\w*|\badvertis\w*|\blocate\w*|\blocation\w*"
    r"|\bbeacon\w*|\bpresence\b|multicast|broadcast|ssdp|\bslp\b|-disc",
    re.I)


def text(rec, tag):
    el = rec.find("i:" + tag, NS)
    return "" if el is None else " ".join("".join(el.itertext()).split())


def load(path):
    """service name -> {'ports': {number: set(protocols)}, 'text': str}"""
    services = {}
    for rec in ET.parse(path).getroot().findall("i:record", NS):
        name = text(rec, "name")
        if not name:
            continue
        s = services.setdefault(name, {"ports": {}, "text": [], "numbered": False})
        num = text(rec, "number")
        if num:
            s["numbered"] = True
            s["ports"].setdefault(num, set()).add(text(rec, "protocol") or "-")
        s["text"] += [text(rec, "description"), text(rec, "note")]
    return {n: s for n, s in services.items() if s["numbered"]}


def ports(s):
    def key(p):
        return int(p.split("-")[0])
    return ";".join("%s/%s" % (p, ",".join(sorted(s["ports"][p])))
                    for p in sorted(s["ports"], key=key))


def draw(services):
    names = sorted(services)
    sec = [n for n in names if SECURITY.search(" ".join(services[n]["text"]))]
    disc = [n for n in names
            if DISCOVERY.search(" ".join(services[n]["text"] + [n]))]
    out = {}
    out["test-u"] = random.Random(20261130).sample(names, 300)
    taken = set(out["test-u"])
    out["test-e"] = random.Random(20261131).sample(
        [n for n in sec if n not in taken], 150)
    taken |= set(out["test-e"])
    out["dev"] = random.Random(20261132).sample(
        [n for n in names if n not in taken], 150)
    taken |= set(out["dev"])
    out["test-d"] = random.Random(20261133).sample(
        [n for n in disc if n not in taken], 120)
    return out, len(names), len(sec), len(disc)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(here, "..", "..", "..", "..", "shared", "data", "iana",
                           "service-names-port-numbers-2024-03-18.xml")
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    path = args[0] if args else default
    services = load(path)
    out, n, nsec, ndisc = draw(services)
    if check:
        bad = 0
        for name in out:
            want = ["%s\t%s" % (svc, ports(services[svc])) for svc in sorted(out[name])]
            with open(os.path.join(here, name + ".tsv"), encoding="utf-8") as f:
                got = ["\t".join(line.split("\t")[:2]) for line in f.read().splitlines()[1:]]
            for line in sorted(set(want) ^ set(got)):
                print("%s.tsv: %s %s" % (name, "missing" if line in want else "extra", line))
                bad += 1
            if len(got) != len(want):
                print("%s.tsv: %d rows, draw has %d" % (name, len(got), len(want)))
                bad += 1
        sys.exit(1 if bad else 0)
    print("# services %d, security-word candidates %d, discovery-word candidates %d"
          % (n, nsec, ndisc))
    for name in ("test-u", "test-e", "dev", "test-d"):
        print("# " + name)
        for svc in sorted(out[name]):
            print("%s\t%s" % (svc, ports(services[svc])))


if __name__ == "__main__":
    main()
