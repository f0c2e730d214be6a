#!/bin/sh
# lib_cycles.sh - no two files of libportreg call each other.
#
# Usage: lib_cycles.sh LIBPORTREG.a
#
# Reads the archive's symbol table with nm: a member that defines a symbol
# another member uses is called by it.  A pair of members where each uses a
# symbol the other defines is a cycle: each is printed with the symbols of
# both directions, and the script exits 1.  Longer loops (A uses B uses C
# uses A) are not looked for; the pairs are the rule (issue 15).
# Exit 0 when no pair calls each other, 2 on a bad argument, 77 without nm.
set -eu

lib=${1:-}
if [ -z "$lib" ] || [ ! -f "$lib" ]; then
    echo "lib_cycles.sh: no library archive '${lib}'" >&2
    exit 2
fi
command -v nm >/dev/null 2>&1 || { echo "lib_cycles.sh: nm not found: skipped" >&2; exit 77; }

# POSIX format with the member named: "lib.a[edit.c.o]: NAME TYPE ...".
# An archive nm cannot read, or one without members, is an error: an
# empty symbol table would pass.
syms=$(nm -A -P "$lib" 2>&1) || { echo "lib_cycles.sh: nm cannot read '$lib': $syms" >&2; exit 2; }
case $syms in
*"]: "*) ;;
*) echo "lib_cycles.sh: '$lib' is not an archive of objects" >&2; exit 2 ;;
esac
printf '%s\n' "$syms" | awk '
function member(s) {
    sub(/^.*\[/, "", s); sub(/\]:$/, "", s); return s
}
{
    m = member($1); sym = $2; t = $3
    if (!(m in seen)) { seen[m] = 1; order[++nm_] = m }
    if (t == "U") { uses[m, sym] = 1; usyms[m] = usyms[m] " " sym; next }
    if (t ~ /^[A-Z]$/ && t != "N") {          # global definition
        if ((sym in def) && def[sym] != m) {
            printf "lib_cycles: %s defined in both %s and %s\n", sym, def[sym], m
            dup = 1
        }
        def[sym] = m
    }
}
END {
    # calls[a, b]: the symbols of b that a uses
    for (i = 1; i <= nm_; i++) {
        a = order[i]
        n = split(usyms[a], list, " ")
        for (k = 1; k <= n; k++) {
            s = list[k]
            if (!(s in def) || def[s] == a) continue
            b = def[s]
            if (index(" " calls[a, b] " ", " " s " ")) continue
            calls[a, b] = calls[a, b] (calls[a, b] == "" ? "" : " ") s
        }
    }
    pairs = 0
    for (i = 1; i <= nm_; i++)
        for (j = i + 1; j <= nm_; j++) {
            a = order[i]; b = order[j]
            if (calls[a, b] != "" && calls[b, a] != "") {
                printf "cycle: %s <-> %s\n", a, b
                printf "  %s uses from %s: %s\n", a, b, calls[a, b]
                printf "  %s uses from %s: %s\n", b, a, calls[b, a]
                pairs++
            }
        }
    if (pairs) {
        printf "lib_cycles: %d pair(s) of files call each other\n", pairs
        exit 1
    }
    printf "lib_cycles: %d objects, no two call each other\n", nm_
    exit dup ? 1 : 0
}'
