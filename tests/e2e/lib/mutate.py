#!/usr/bin/env python3
"""mutate.py BASE LIST OUTDIR listed|all FIRST COUNT: for
tests/e2e/db_mutations.sh, a copy of the database BASE for each of the
mutations FIRST..FIRST+COUNT-1 (from 1), named OUTDIR/N.db, with its SQL
applied.  The mutations: those of LIST (lines "EXPECT<TAB>SQL", '#'
comments), then with "all" one per column of every table and hostile value
(in the first row, then in all rows).  Prints "N<TAB>EXPECT<TAB>STATUS<TAB>
SQL<TAB>LISTED" per copy, STATUS "ok" or why a listed mutation's SQL did not
apply (a generated one that a constraint refuses mutates nothing and is
still run); with COUNT 0 only the total.  One process for many copies: the
test's time goes to portreg."""
import os
import shutil
import sqlite3
import sys

base, listing, outdir, mode = sys.argv[1:5]
first, count = int(sys.argv[5]), int(sys.argv[6])
gen = mode == "all"

muts = []
with open(listing, encoding="utf-8") as f:
    for line in f:
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        expect, sql = line.split("\t", 1)
        muts.append((expect, sql, 1))
if gen:
    con = sqlite3.connect(base)
    values = ["NULL", "-1", "-100000", "65536", "2147483648", "9223372036854775807",
              "-9223372036854775808", "1e308", "'abc'", "X'00ff'", "''", "'{\"x\":'",
              "'" + "[" * 20 + "'"]
    for t in ("record", "xref", "note", "person", "docitem", "meta", "history",
              "history_change", "frequency"):
        cols = [r[1] for r in con.execute("SELECT * FROM pragma_table_info(?)", (t,))]
        rowid = t not in ("xref", "note", "history_change", "frequency")  # WITHOUT ROWID
        for c in cols:
            for v in values:
                one = "WHERE rowid = (SELECT min(rowid) FROM %s)" % t if rowid else "WHERE 1"
                muts.append(("-", "UPDATE OR IGNORE %s SET %s = %s %s;" % (t, c, v, one), 0))
                muts.append(("-", "UPDATE OR IGNORE %s SET %s = %s;" % (t, c, v), 0))
    con.close()

if count == 0:
    print(len(muts))
    sys.exit(0)
os.makedirs(outdir, exist_ok=True)
for n, (expect, sql, listed) in enumerate(muts, 1):
    if n < first or n >= first + count:
        continue
    db = os.path.join(outdir, "%d.db" % n)
    shutil.copyfile(base, db)
    status = "ok"
    con = sqlite3.connect(db, isolation_level=None)
    try:
        con.executescript(sql)
    except sqlite3.Error as e:
        status = ("does not apply: %s" % e) if listed else "ok"
    con.close()
    print("%d\t%s\t%s\t%s\t%d" % (n, expect, status, sql, listed))
