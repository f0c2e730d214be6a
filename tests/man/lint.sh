#!/bin/bash
# The man pages format without a warning: groff -ww (every warning) with
# the man macros, and mandoc -T lint when mandoc is installed.
#
#   lint.sh MAN_DIR
set -u
man=$1
have_groff=$(command -v groff) have_mandoc=$(command -v mandoc)
[ -n "$have_groff$have_mandoc" ] || { echo "skipped: neither groff nor mandoc installed (Debian: groff-base)"; exit 77; }
fails=0 n=0
for page in "$man"/*.[1-8]; do
    n=$((n + 1))
    if [ -n "$have_groff" ]; then
        # -Tutf8: the device man(1) uses on a UTF-8 terminal (glyphs such
        # as \[u2588] exist there); -z: no output, warnings only.
        out=$(groff -ww -man -Tutf8 -z "$page" 2>&1)
        [ -z "$out" ] && echo "ok: groff -ww $(basename "$page")" \
            || { echo "FAIL: groff -ww $(basename "$page"):"; echo "$out"; fails=$((fails + 1)); }
    fi
    if [ -n "$have_mandoc" ]; then
        out=$(mandoc -T lint -W warning "$page" 2>&1)
        [ -z "$out" ] && echo "ok: mandoc -T lint $(basename "$page")" \
            || { echo "FAIL: mandoc -T lint $(basename "$page"):"; echo "$out"; fails=$((fails + 1)); }
    fi
    # The source stays ASCII (non-ASCII text is escaped: \(sc, \[u2588]).
    if LC_ALL=C grep -n '[^ -~	]' "$page" >/dev/null; then
        echo "FAIL: $(basename "$page") holds non-ASCII bytes (escape them: \\(sc for §, \\[uXXXX]):"
        LC_ALL=C grep -n '[^ -~	]' "$page" | head -3; fails=$((fails + 1))
    fi
done
[ -n "$have_mandoc" ] || echo "note: mandoc not installed; groff only"
[ $n -gt 0 ] || { echo "FAIL: no pages in $man"; exit 1; }
[ $fails = 0 ] && echo "$n pages clean" || exit 1
