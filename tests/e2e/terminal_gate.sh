#!/bin/bash
# The output gate (issue #14 item 5, docs/security.md): no control
# character or malformed UTF-8 from a file name, an argument or the database
# reaches the terminal, on stdout or in a message.  A crafted database holds
# escape sequences (window title, screen clear, C1 CSI) and Latin-1 bytes in
# records, people and history; every command that prints them is run and
# its stdout and stderr are searched for the raw bytes.
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
. "$(dirname "$0")/../need.sh"; need sqlite3

# Raw ESC, BEL, C1 CSI (as UTF-8: c2 9b), a Latin-1 byte: none may appear.
raw() { LC_ALL=C grep -c $'\e\\|\a\\|\xc2\x9b\\|\xe9' "$@" 2>/dev/null | awk -F: '{s += $NF} END {print s + 0}'; }

# check NAME -- command...: stdout and stderr hold no raw control bytes, and
# the gate's mark (U+FFFD; in JSON the escape \u001b) shows where they were.
check() {
    local name=$1; shift 2
    "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    if [ "$rc" -ge 128 ]; then
        bad "$name: killed by signal $((rc - 128))"
    elif [ "$(raw "$tmp/out" "$tmp/err")" != 0 ]; then
        bad "$name: a control character reached the terminal:"; cat -v "$tmp/out" "$tmp/err" | head -5
    elif ! grep -q $'\xef\xbf\xbd\\|\\\\u001b' "$tmp/out" "$tmp/err"; then
        bad "$name: the crafted text did not show (nothing to check):"; head -3 "$tmp/out" "$tmp/err"
    else
        ok "$name"
    fi
}

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }
esc=$'\e]0;PWN\a\e[2J\xc2\x9b31m\xe9'
# An edit to have a history, then the crafted text everywhere.
"$bin" modify imap --set "description=IMAP" >/dev/null 2>&1 || { echo "cannot modify"; exit 2; }
sqlite3 "$PORTREG_DB" "
  UPDATE record SET description = 'Internet $esc Message' WHERE name = 'imap';
  UPDATE record SET notes = 'note $esc', raw = replace(raw, 'Internet', 'Internet $esc')
    WHERE name = 'imap';
  UPDATE record SET raw = replace(raw, 'Post Office', 'Post Office $esc') WHERE name = 'pop3';
  INSERT INTO record_fts(record_fts) VALUES('rebuild');
  INSERT INTO note(record_id, pos, text, xml) SELECT id, 0, 'note $esc', 'note' FROM record WHERE name = 'imap';
  UPDATE person SET name = 'IESG $esc' WHERE id = 'IESG';
  UPDATE history SET author = 'tester $esc', summary = 'modify $esc';
  UPDATE history_change SET after = json_set(after, '$.description', 'IMAP $esc')
    WHERE target = 'record';
  UPDATE record SET name = 'sv' || char(27) || 'rloc' WHERE name = 'svrloc';" \
    || { echo "cannot craft the database"; exit 2; }

check "show NAME" -- "$bin" show imap
check "show PORT" -- "$bin" show 143
check "search" -- "$bin" search imap
check "search --text" -- "$bin" search --text internet
check "history" -- "$bin" history
check "history --json" -- "$bin" history --json
check "search --json" -- "$bin" search --json imap
check "show --json" -- "$bin" show --json imap
check "export to a terminal" -- script -qec "$bin export" /dev/null
check "search --name: a name from the database suggested" -- "$bin" search --name svrlod

# Review: the applicant's request names a service near the crafted record,
# from a file whose name is an escape sequence.
reqname="$tmp/x"$'\e]0;PWN\a'".req"
cat >"$reqname" <<'EOF'
Service-Name: imap
Transport: tcp
Port: 143
Description: mail
Assignee: Jane Doe <jane@example.org>
Contact: Jane Doe <jane@example.org>
EOF
check "review: finding quoting the database" -- "$bin" review "$reqname"
printf 'Service-Name: x\nBogus\n' >"$reqname"
check "review: file name in an error" -- "$bin" review "$reqname"
check "review: missing file's name" -- "$bin" review "$tmp/y"$'\e[31m'
printf 'Service-Name: x\nX-Bogus: 1\n' >"$reqname"
check "tui --review: file name in a warning" -- "$bin" tui --review "$reqname"

# Arguments quoted in messages.
check "unknown command" -- "$bin" $'\e[31mX'
check "unknown option" -- "$bin" $'--\e[31m'
check "unknown subcommand option" -- "$bin" search $'--\e]0;PWN\a'
check "search --port" -- "$bin" search --port $'1\e[2J'
check "show unknown" -- "$bin" show $'x\e[2J'
check "database path" -- "$bin" --db "$tmp/no"$'\e[2J'"/r.db" stats

# The gate must not hide a stdout that cannot be written.
expect "stdout closed" 2 "cannot write output" -- bash -c '"$0" show imap >&-' "$bin"
expect "stdout full" 2 "cannot write output" -- bash -c '"$0" show imap >/dev/full' "$bin"
expect "stdout and stderr fine" 0 'imap' -- "$bin" show imap

finish
