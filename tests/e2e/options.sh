#!/bin/bash
# The option tables: `portreg --list-options` and `--list-commands` (what
# shell completion and man-page checks walk) agree with every command's
# --help; every long option is refused abbreviated, and typed numbers are
# checked, for every command, before any database is opened.
set -u
bin=$1
. "$(dirname "$0")/lib/check.sh"
export PORTREG_DB=$tmp/none.db
unset PORTREG_USER PORTREG_NOW

"$bin" --list-commands >"$tmp/commands" && [ -s "$tmp/commands" ] \
    && ok "--list-commands" || bad "--list-commands"
"$bin" --list-options >"$tmp/options" && [ -s "$tmp/options" ] \
    && ok "--list-options" || bad "--list-options"
awk -F'\t' 'NF != 5 || $2 !~ /^--[a-z][a-z-]*$/ || ($4 != "" && $4 !~ /^-[A-Za-z]$/) { exit 1 }' \
    "$tmp/options" && ok "every option line is CMD TAB --LONG TAB ARG TAB -S TAB HELP" \
    || bad "malformed --list-options line"
"$bin" --list-options extra >/dev/null 2>&1; [ $? = 2 ] && ok "--list-options refuses arguments" \
    || bad "--list-options took an argument"

n_cmds=0
while IFS= read -r line; do
    # (read with IFS=TAB would merge empty fields)
    cmd=$(cut -f1 <<<"$line") summary=$(cut -f3 <<<"$line")
    n_cmds=$((n_cmds+1))
    "$bin" "$cmd" --help >"$tmp/help" 2>&1 || { bad "$cmd --help fails"; continue; }
    grep -q "^usage: portreg" "$tmp/help" || bad "$cmd --help has no usage line"
    "$bin" help "$cmd" | cmp -s - "$tmp/help" || bad "'help $cmd' differs from '$cmd --help'"
    "$bin" --help | grep -qxF "$(printf '  %-10s %s' "$cmd" "$summary")" \
        || bad "$cmd: summary not in portreg --help"
    # Every listed option is in --help, and --help lists no other.
    listed=$(awk -F'\t' -v c="$cmd" '$1 == c && $2 != "--db" { print $2 }' "$tmp/options" | sort)
    shown=$(sed -n 's/^  \(-., \|    \)\(--[a-z-]*\).*/\2/p' "$tmp/help" | grep -v '^--help$' | sort)
    [ "$listed" = "$shown" ] || { bad "$cmd: --list-options and --help differ"; diff <(echo "$listed") <(echo "$shown"); }
    grep -q "^$cmd	--db	PATH	" "$tmp/options" || bad "$cmd: --db not listed"
    for long in $listed; do
        [ ${#long} -gt 3 ] || continue
        "$bin" "$cmd" "${long%?}" >/dev/null 2>"$tmp/err"
        rc=$?
        [ $rc = 2 ] && grep -q "unknown option '${long%?}'" "$tmp/err" \
            || bad "$cmd ${long%?}: abbreviation accepted (exit $rc)"
    done
done <"$tmp/commands"
[ "$n_cmds" -ge 20 ] && ok "$n_cmds commands checked" || bad "only $n_cmds commands"

# Numbers: words, negatives, overflow and junk refused, naming the option.
for args in "search --limit abc" "search --limit -3" "search --limit 99999999999999999999" \
            "search --limit 5x" "search --limit= 443" "free --count 0" "free --count 65537" \
            "update --timeout 1e3" "update --timeout 0x10"; do
    set -- $args
    "$bin" "$@" >/dev/null 2>"$tmp/err"
    rc=$?
    [ $rc = 2 ] && grep -q "invalid ${2%=} " "$tmp/err" && [ "$(wc -l <"$tmp/err")" = 1 ] \
        && ok "$args refused" || { bad "$args: exit $rc"; cat "$tmp/err"; }
done
[ ! -e "$tmp/none.db" ] && ok "no database created by bad usage" || bad "database created"

exit $((fails > 0))
