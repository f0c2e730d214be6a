#!/usr/bin/env python3
"""first_records.py SRC DST N: DST is the registry XML SRC with only its
first N records (header, people and tail kept): a registry that is whole but
smaller, for the tests of what may replace a registry."""
import sys

src_path, dst_path, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
src = open(src_path, encoding="utf-8").read()
head, rest = src.split("  <record", 1)
recs = ("  <record" + rest).split("  </record>\n")
tail = src[src.index("  <people>"):]
with open(dst_path, "w", encoding="utf-8") as f:
    f.write(head + "  </record>\n".join(recs[:n]) + "  </record>\n" + tail)
