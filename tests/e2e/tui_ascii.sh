#!/bin/bash
# Every non-ASCII character in the TUI's own text (tui/*.c) has an ASCII
# fallback in tui/view.c (the table or the Latin-1 letters), so that
# without a UTF-8 locale nothing the TUI writes turns into '?'.
set -u
bin=$1 data=$2
src=$(cd "$data/../.." && pwd)
command -v python3 >/dev/null || { echo "skipped: python3 not installed"; exit 77; }
python3 - "$src"/tui/*.c <<'PY'
import re, sys
view = open([f for f in sys.argv[1:] if f.endswith("/view.c")][0], encoding="utf-8").read()
table = {int(h, 16) for h in re.findall(r"\{0x([0-9a-f]{4}), \"", view)}
missing = {}
for path in sys.argv[1:]:
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', line.split("//")[0]):
            for ch in lit:
                cp = ord(ch)
                if cp >= 128 and cp not in table and not 0xc0 <= cp <= 0xff:
                    missing.setdefault(ch, f"{path}:{n}")
for ch, where in sorted(missing.items()):
    print(f"FAIL: no ASCII fallback for '{ch}' (U+{ord(ch):04X}), used at {where}")
sys.exit(1 if missing else 0)
PY
