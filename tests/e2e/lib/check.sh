# check.sh - the one library of the e2e scripts (tests/e2e/*.sh), sourced
# by each: a temporary folder removed on exit, the usual environment, and
# ok/bad/expect/finish.  The sourcing script has set bin (the portreg binary)
# before; after it, it may export or unset what it needs otherwise, and set
# its own EXIT trap (which must remove "$tmp") for other cleanup.
. "${BASH_SOURCE[0]%/*}/../../need.sh"
tmp=$(mktemp -d) || exit 2
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
export PORTREG_DB=$tmp/r.db TZ=UTC LC_ALL=C.UTF-8 PORTREG_USER=tester PORTREG_NOW=2026-01-15T12:00:00Z
unset XDG_DATA_HOME
fails=0
ok()  { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

# expect NAME WANT-RC REGEX -- command...: the exit status, and for exit 2
# one line of stderr matching REGEX.  Every command runs under a timeout: a
# hang is a failure, not a stuck test.
expect() {
    local name=$1 want=$2 re=$3 rc; shift 4
    timeout 60 "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ "$rc" = 124 ]; then
        bad "$name: hangs"
    elif [ "$rc" != "$want" ]; then
        bad "$name: exit $rc, want $want"; head -5 "$tmp/err"
    elif [ "$want" = 2 ] && { [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -Eq -- "$re" "$tmp/err"; }; then
        bad "$name: message does not match /$re/:"; head -5 "$tmp/err"
    elif [ "$want" != 2 ] && [ -n "$re" ] && ! grep -Eq -- "$re" "$tmp/out" "$tmp/err"; then
        bad "$name: output does not match /$re/:"; head -5 "$tmp/out" "$tmp/err"
    else
        ok "$name${re:+: $(head -1 "$tmp/err")}"
    fi
}

finish() {
    [ "$fails" = 0 ] && echo "all passed" || echo "$fails failed"
    [ "$fails" = 0 ]
}
