#!/bin/bash
# Markdown: every code fence of every Markdown file of the repository is
# closed (an unclosed one turns the rest of the page inside out on a
# forge), README.md stays at most 10 KB, and the test command README
# promises is the one CI runs (.ci/run).  A fence left open in the middle
# of a file is closed by the next block's opening fence, and so on: the
# count stays even but transcripts end up outside the blocks, so a line
# starting with "$ " (a shell prompt) outside a code block is an error too.
set -u
bin=$1 src=$2
fails=0
ok()  { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
cd "$src" || exit 2

# The tracked files (git), else every .md of the tree but build folders.
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    files=$(git ls-files -- '*.md')
else
    files=$(find . -name '*.md' -not -path './build*' -not -path './.git/*' | sed 's|^\./||')
fi
n=0 before=$fails
for f in $files; do
    [ -f "$f" ] || continue
    n=$((n + 1))
    # CommonMark: a fence is 3+ backticks or tildes after at most 3 spaces;
    # it closes with the same character, at least as many, and nothing else.
    msg=$(awk '
        {
            line = $0
            if (match(line, /^ ? ? ?(```+|~~~+)/)) {
                fence = substr(line, RSTART, RLENGTH); sub(/^ +/, "", fence)
                rest = substr(line, RSTART + RLENGTH)
                if (!open) {
                    if (substr(fence, 1, 1) == "`" && index(rest, "`")) next  # inline code
                    open = fence; at = NR; next
                }
                if (substr(fence, 1, 1) == substr(open, 1, 1) && length(fence) >= length(open) \
                    && rest ~ /^[ \t]*$/) { open = ""; next }
            }
            if (!open && line ~ /^\$ / && !bad) bad = NR
        }
        END {
            if (open) printf "line %d: the code fence %s opened here is never closed", at, open
            else if (bad) printf "line %d: a shell transcript outside a code block (a fence left open above?)", bad
        }
    ' "$f")
    [ -z "$msg" ] || bad "$f: $msg"
done
[ $n -gt 0 ] || bad "no Markdown files found"
[ $fails = "$before" ] && ok "$n Markdown files, their code fences balanced"

size=$(wc -c <README.md)
[ "$size" -le 10240 ] && ok "README.md is $size bytes (at most 10 KB)" \
    || bad "README.md is $size bytes, over 10 KB: move reference text to docs/man or docs/"

# README's test command runs in CI.
cmd=$(grep -m1 -o '^make test\b' README.md)
[ -n "$cmd" ] && grep -qx "$cmd" .ci/run && ok "README's '$cmd' is what .ci/run runs" \
    || bad "README's test command ('$cmd') is not a line of .ci/run"
exit $((fails > 0))
