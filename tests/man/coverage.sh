#!/bin/bash
# Every command and every option of portreg is in the man pages, and the
# pages document no option portreg lacks: `portreg --list-commands` and
# `--list-options` (made from the option tables) against docs/man.
#
#   coverage.sh PORTREG MAN_DIR
#
# A command FOO has docs/man/portreg-FOO.1 and a line in portreg.1's
# COMMANDS.  An option is documented by a tag under the page's OPTIONS
# section (.TP, then a line naming it); the global options (--db, -V) are
# documented in portreg.1.  Each failure says what to add where.
set -u
bin=$1 man=$2
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

"$bin" --list-commands >"$tmp/commands" || { echo "portreg --list-commands failed"; exit 1; }
"$bin" --list-options >"$tmp/options" || { echo "portreg --list-options failed"; exit 1; }
# read splits on runs of tabs: empty fields (no ARG, no short name) become "-".
awk -F'\t' -v OFS='\t' '{ for (i = 1; i <= NF; i++) if ($i == "") $i = "-"; print }' \
    "$tmp/options" >"$tmp/fields"

# The option names a page's OPTIONS section tags: "--long" per line (and
# "-s" for the short ones).
tags() {
    awk '
        /^\.SH/ { opts = ($0 ~ /^\.SH "?OPTIONS/) ; next }
        opts && /^\.TP/ { tag = 1; next }
        opts && tag { tag = 0; gsub(/\\-/, "-"); gsub(/\\f[BIRP]/, "");
                      gsub(/\\fB|\\fI|\\fR|\\fP/, "");
                      while (match($0, /(^|[^a-zA-Z0-9-])--?[a-zA-Z][a-zA-Z0-9-]*/)) {
                          w = substr($0, RSTART, RLENGTH); sub(/^[^-]/, "", w); print w
                          $0 = substr($0, RSTART + RLENGTH)
                      } }
    ' "$1" | sort -u
}

# What a developer adds for an option (man(7)).
snippet() { # LONG ARG|- SHORT|-
    local t="\\-\\-${1#--}"
    [ "$3" != - ] && t="\\-${3#-} \", \" $t"
    if [ "$2" != - ]; then printf '.TP\n.BR %s " " \\fI%s\\fR\n' "$t" "$2"; else printf '.TP\n.BR %s\n' "$t"; fi
}

[ -f "$man/portreg.1" ] || bad "docs/man/portreg.1 is missing"
tags "$man/portreg.1" >"$tmp/global.tags"
awk -F'\t' '$1 == "portreg"' "$tmp/fields" >"$tmp/global.opts"

n_cmds=0 n_opts=0
while IFS= read -r line; do
    cmd=${line%%	*}
    n_cmds=$((n_cmds + 1))
    page=$man/portreg-$cmd.1
    if [ ! -f "$page" ]; then
        bad "portreg $cmd has no man page: write docs/man/portreg-$cmd.1 (see docs/man/portreg-stats.1 for the layout)"
        continue
    fi
    grep -q "^\\.B[R]* portreg\\\\-$cmd\\b" "$man/portreg.1" \
        || bad "portreg.1 does not list $cmd: add to its COMMANDS section: .TP / .BR portreg\\-$cmd (1) / <summary>"
    grep -q "^portreg\\\\-$cmd \\\\- " "$page" \
        || bad "portreg-$cmd.1: its NAME line should read: portreg\\-$cmd \\- <summary>"
    tags "$page" >"$tmp/tags"
    # Every option of the command is tagged in its page (or, for a global
    # option, in portreg.1).
    while IFS=$'\t' read -r c long arg short help; do
        [ "$c" = "$cmd" ] || continue
        n_opts=$((n_opts + 1))
        if grep -q "^portreg	$long	" "$tmp/global.opts"; then
            grep -qx -- "$long" "$tmp/global.tags" \
                || bad "portreg.1 lacks $long: add under OPTIONS:"$'\n'"$(snippet "$long" "$arg" "$short")"
            continue
        fi
        if ! grep -qx -- "$long" "$tmp/tags"; then
            bad "portreg-$cmd.1 lacks $long: add under OPTIONS:"$'\n'"$(snippet "$long" "$arg" "$short")"$'\n'"$help"
        elif [ "$short" != - ] && ! grep -qx -- "$short" "$tmp/tags"; then
            bad "portreg-$cmd.1 lacks $short (short for $long): name it in the $long tag:"$'\n'"$(snippet "$long" "$arg" "$short")"
        fi
    done <"$tmp/fields"
    # ...and the page tags no option the command lacks.
    while IFS= read -r t; do
        case $t in --*) ;; *) continue ;; esac
        awk -F'\t' -v c="$cmd" -v l="$t" '$1 == c && $2 == l { f = 1 } END { exit !f }' "$tmp/options" \
            || bad "portreg-$cmd.1 documents $t, which 'portreg $cmd' does not take (see 'portreg $cmd --help')"
    done <"$tmp/tags"
done <"$tmp/commands"

# Global options, and pages for commands that do not exist.
while IFS=$'\t' read -r c long arg short help; do
    grep -qx -- "$long" "$tmp/global.tags" \
        || bad "portreg.1 lacks $long: add under OPTIONS:"$'\n'"$(snippet "$long" "$arg" "$short")"
done <"$tmp/global.opts"
for page in "$man"/portreg-*.1; do
    cmd=$(basename "$page" .1); cmd=${cmd#portreg-}
    cut -f1 "$tmp/commands" | grep -qx -- "$cmd" \
        || bad "docs/man/portreg-$cmd.1 documents a command portreg does not have"
done

[ "$n_cmds" -ge 20 ] || bad "only $n_cmds commands listed"
if [ $fails -gt 0 ]; then
    echo "$fails problems: the man pages (docs/man) must document every command and option"
    exit 1
fi
echo "ok: $n_cmds commands and $n_opts options documented in $man"
