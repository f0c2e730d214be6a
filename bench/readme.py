#!/usr/bin/env python3
"""readme.py - the README's performance table from a `make bench` run.

usage: readme.py BENCH_OUTPUT README.md

bench/run.sh keeps its output in bench/out/bench.txt; this reads the
figures of the lines below from it (ratio lines: "NAME  A ms vs B ms  ratio
Rx  (target <= T) ok|OVER") and rewrites the table rows of README.md's
"Performance" section (from its header row to the blank line after it).
A figure the run did not print is left out of the table, never invented.
"""
import re
import sys

RATIO = re.compile(r"^(.*?)\s{2,}\s*([\d.]+)(ms| ms|M)?\s+vs\s+([\d.]+)\s*(?:ms|M instr)?\s+"
                   r"ratio\s+([\d.]+)x\s+\(target <= ([\d.]+)x\)\s+(ok|OVER)")
PLAIN = re.compile(r"^(.*?)\s{2,}\s*([\d.]+) (ms|MiB)( in process| whole process)?"
                   r"(?: \(target <= ([\d.]+) (?:ms|MiB)\) (ok|OVER))?")

# (table label, line name, line name of the same in instructions or None)
ROWS = [
    ("import vs `xmllint --stream --noout`", "import vs xmllint --stream --noout",
     "import vs xmllint (instructions)"),
    ("import peak RSS", "import peak RSS", None),
    ("`search --port 443` vs `getent services 443`, whole process",
     "search --port 443 vs getent services 443", "search --port 443 vs getent (instructions)"),
    ("`search https` vs `getent services https`", "search https vs getent services https",
     "search https vs getent (instructions)"),
    ("`show https` vs `getent services https`", "show https vs getent services https",
     "show https vs getent (instructions)"),
    ("`export --format xml -o` vs xmllint", "export xml (14444 records)", None),
    ("`diff` of two releases vs one import", "diff of two releases vs one import", None),
    ("`audit`, whole registry, in process", "audit, whole registry", None),
    ("`review`, one request, whole process", "review, one request", None),
    ("TUI key to redraw, median", "median key-to-redraw", None),
    ("TUI key to redraw, slowest", "slowest key-to-redraw", None),
]


def parse(text):
    figures = {}
    for line in text.splitlines():
        m = RATIO.match(line)
        if m:
            name, a, unit, b, r, t, verdict = m.groups()
            figures.setdefault(name.strip(), ("ratio", a, b, r, t, verdict, unit or " ms"))
            continue
        m = PLAIN.match(line)
        if m and m.group(5):
            name, v, unit, where, t, verdict = m.groups()
            figures.setdefault(name.strip(), ("plain", v, unit, t, verdict))
    return figures


def cell(f, instr):
    if f[0] == "ratio":
        _, a, b, r, t, verdict, unit = f
        unit = unit.strip()
        text = f"{a} {unit} vs {b} {unit}: **{float(r):.2f}×**"
        if instr:
            text += f" ({float(instr[3]):.2f}× in instructions)"
        target = f"≤ {t}×" + ("" if verdict == "ok" else " — **not met**")
        return text, target
    _, v, unit, t, verdict = f
    return f"{v} {unit}", f"≤ {t} {unit}" + ("" if verdict == "ok" else " — **not met**")


def main():
    figures = parse(open(sys.argv[1], encoding="utf-8").read())
    rows = []
    for label, name, instr_name in ROWS:
        if name in figures:
            measured, target = cell(figures[name], figures.get(instr_name))
            rows.append(f"| {label} | {measured} | {target} |")
    if not rows:
        sys.exit("readme.py: no figures in " + sys.argv[1])
    readme = open(sys.argv[2], encoding="utf-8").read().split("\n")
    at = readme.index("## Performance")
    head = next(i for i in range(at, len(readme)) if readme[i].startswith("| what |"))
    end = next(i for i in range(head, len(readme)) if not readme[i].strip())
    readme[head + 2:end] = rows
    open(sys.argv[2], "w", encoding="utf-8").write("\n".join(readme))


if __name__ == "__main__":
    main()
