#!/bin/bash
# Numbers read back from a crafted database go through the checked parser:
# a counter or a history row id with junk is an error naming the table,
# never a number guessed from its first digits (atol("12abc") was 12, and
# undo put the row back under another record's id).
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 not found"; exit 77; }
q() { sqlite3 "$PORTREG_DB" "$1"; }
expect() { # expect DESCRIPTION WANT-RC WANT-STDERR-TEXT -- cmd...
    local what=$1 want=$2 text=$3; shift 4
    "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    if [ "$rc" = "$want" ] && { [ -z "$text" ] || grep -qF -- "$text" "$tmp/err"; }; then ok "$what"
    else bad "$what: exit $rc, want $want and '$text'"; cat "$tmp/err"; fi
}

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { bad "import"; exit 1; }
"$bin" assign --name myproto --protocol tcp --port any --description Mine \
    --assignee Jon_Postel --justification Needed >/dev/null 2>&1 || bad "assign"

q "UPDATE meta SET value='12abc' WHERE key='edits_since_import'"
expect "edit refuses a junk edit counter" 2 "table 'meta', row 'edits_since_import': value '12abc' is not a count" -- \
    "$bin" modify myproto --set description=Other
q "UPDATE meta SET value='99999999999999999999' WHERE key='edits_since_import'"
expect "edit refuses an overflowing edit counter" 2 "table 'meta', row 'edits_since_import': value '99999999999999999999' is not a count" -- \
    "$bin" modify myproto --set description=Other
q "UPDATE meta SET value='1' WHERE key='edits_since_import'"
expect "edit with the counter repaired" 0 "" -- "$bin" modify myproto --set description=Other
[ "$(q "SELECT value FROM meta WHERE key='edits_since_import'")" = 2 ] \
    && ok "counter counts on" || bad "counter: $(q "SELECT value FROM meta WHERE key='edits_since_import'")"

id=$(q "SELECT max(id) FROM history")
q "UPDATE history_change SET target_id = target_id || 'x' WHERE change_id=$id AND target='record'"
before=$(q "SELECT count(*), total(id) FROM record")
expect "undo refuses a junk record id" 2 "target_id '91x' is not a record id" -- "$bin" undo
[ "$(q "SELECT count(*), total(id) FROM record")" = "$before" ] \
    && ok "undo changed nothing" || bad "undo touched the records"
exit $((fails > 0))
