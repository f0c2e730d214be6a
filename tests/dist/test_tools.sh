#!/bin/bash
# Test-only tools (python3, sqlite3, xmllint, tmux, groff, mandoc, zsh,
# fish) never fail the build: every test script that runs one checks for it
# first (`need TOOL` from tests/need.sh, or `command -v TOOL`) and skips
# with a message.  .ci/run also runs the whole suite with them hidden.
set -u
bin=$1 src=$2
fails=0 n=0
cd "$src/tests" || exit 2
for f in e2e/*.sh tui/run_case.sh cli/run_case.sh man/*.sh dist/*.sh; do
    for t in python3 sqlite3 xmllint tmux groff mandoc zsh fish; do
        # A command word: at a line's start or after | ; & ( $( && ||, not in a comment.
        grep -v '^[[:space:]]*#' "$f" | grep -qE "(^|[|;&({]|\\\$\\(|&&)[[:space:]]*$t( |\$)" || continue
        n=$((n + 1))
        if ! grep -qE "need [a-z0-9 ]*\\b$t\\b|command -v $t\\b" "$f"; then
            echo "FAIL: tests/$f runs $t without checking for it: add"
            echo "  . \"\$(dirname \"\$0\")/../need.sh\"; need $t"
            fails=$((fails + 1))
        fi
    done
done
[ $fails = 0 ] && echo "ok: $n uses of test-only tools, each checked first" || exit 1
