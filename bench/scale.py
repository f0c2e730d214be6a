#!/usr/bin/env python3
"""scale.py - synthetic registries N times IANA's, for the scaling benchmark
(bench/bench_scale.sh).  Never committed: they are written to a bench
output folder.

usage: scale.py registry SRC.xml N OUT.xml
       scale.py requests N_REQUESTS DIR

registry: SRC's prolog, then its records N times, then its people N times,
then its tail: IANA's structure (records in the same order and ports,
people in one <people> block), copy 0 the file itself and copy k > 0 with
every service name tagged (-k in base 36, cut to 15 characters, as RFC
6335 allows) and every person id suffixed (_sk) in <person id> and in every
<xref type="person" data>, inline ones too.  So N x the records, names,
ranges and people, and the same ports N times as dense.  Made from two
releases, the copies line up, so a diff of two N x files changes N x the
records of the real diff.

requests: N_REQUESTS request files (docs/request-format.md) in DIR, a mix
of what reviewers see: new names with no port, free and taken ports, names
close to registered ones, secure variants, one malformed in fifty.
"""
import os
import re
import sys

NAME = re.compile(r"<name>([^<]*)</name>")
PERSON_XREF = re.compile(r'(<xref type="person" data=")([^"]*)(")')
PERSON_ID = re.compile(r'(<person id=")([^"]*)(")')


def b36(k):
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    s = ""
    while k:
        s = digits[k % 36] + s
        k //= 36
    return s or "0"


def tag_name(name, k):
    tag = "-" + b36(k)
    base = name[: 15 - len(tag)].rstrip("-")
    return base + tag


def copy(text, k):
    if k == 0:
        return text
    text = NAME.sub(lambda m: "<name>%s</name>" % tag_name(m.group(1), k), text)
    sub = lambda m: m.group(1) + m.group(2) + "_s%d" % k + m.group(3)
    text = PERSON_XREF.sub(sub, text)
    return PERSON_ID.sub(sub, text)


def registry(src, n, out):
    data = open(src, encoding="utf-8").read()
    first = data.index("  <record")
    people = data.index("  <people>")
    people_end = data.index("  </people>")
    head, records = data[:first], data[first:people]
    body = data[people + len("  <people>\n"):people_end]
    tail = data[people_end:]
    with open(out, "w", encoding="utf-8") as f:
        f.write(head)
        for k in range(n):
            f.write(copy(records, k))
        f.write("  <people>\n")
        for k in range(n):
            f.write(copy(body, k))
        f.write(tail)


def requests(count, folder):
    os.makedirs(folder, exist_ok=True)
    kinds = [
        # name, transport, port, description
        ("acme-sync%d", "tcp", "none", "Acme file synchronisation"),
        ("widget%d", "tcp,udp", "%d", "Widget telemetry"),
        ("https%d", "tcp", "443", "Web again"),
        ("imaps-%d", "tcp", "%d", "IMAP over TLS, another"),
        ("sensor%d-disc", "udp", "%d", "Sensor discovery"),
    ]
    for i in range(count):
        name, transport, port, desc = kinds[i % len(kinds)]
        path = os.path.join(folder, "r%04d.req" % i)
        with open(path, "w") as f:
            if i % 50 == 49:
                f.write("Service-Name: broken%d\nTransport: tcp\n" % i)  # fields missing
                continue
            f.write("Service-Name: %s\n" % (name % i if "%" in name else name))
            f.write("Transport: %s\n" % transport)
            f.write("Port: %s\n" % (port % (20000 + i * 7 % 29000) if "%" in port else port))
            f.write("Description: %s %d\n" % (desc, i))
            f.write("Assignee: Jane Doe <jane%d@example.org>\n" % i)
            f.write("Contact: Jane Doe <jane%d@example.org>\n" % i)
            f.write("Reference: https://example.org/spec/%d\n" % i)
            if port != "none":
                f.write("Justification: clients behind firewalls need a fixed port\n")
            f.write("Security: TLS 1.3\n")


def main(argv):
    if len(argv) == 5 and argv[1] == "registry":
        registry(argv[2], int(argv[3]), argv[4])
    elif len(argv) == 4 and argv[1] == "requests":
        requests(int(argv[2]), argv[3])
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
