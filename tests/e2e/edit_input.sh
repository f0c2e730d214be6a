#!/bin/bash
# Edit input is checked as import checks it (issue #14 item 6,
# docs/security.md): control characters and malformed UTF-8 in any text an
# edit stores (options, request files, the environment) are refused naming
# the field, and the database is left as it was; clean text of any script
# goes in, and export then import gives it back.
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
. "$(dirname "$0")/../need.sh"; need sqlite3

dump() { sqlite3 "$PORTREG_DB" .dump | grep -v '^INSERT INTO history\|^INSERT INTO meta' | sha256sum; }

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }
before=$(dump)
esc=$'\e]0;PWN\a'
csi=$'\xc2\x9b'
latin1=$'caf\xe9'

expect "modify --set description ESC" 2 "description: control character U\+001B" -- \
    "$bin" modify imap --set "description=IMAP$esc"
expect "modify --set description C1" 2 "description: control character U\+009B" -- \
    "$bin" modify imap --set "description=IMAP${csi}2J"
expect "modify --set note Latin-1" 2 "note: invalid UTF-8 \(byte 0xE9\)" -- \
    "$bin" modify imap --set "note=$latin1"
expect "modify --set reference" 2 "reference: control character U\+0007" -- \
    "$bin" modify imap --set $'reference=RFC1\a'
expect "modify --set contact" 2 "^portreg: contact: control character U\+001B" -- \
    "$bin" modify imap --set "contact=Jane$esc <jane@example.org>"
expect "modify --set unauthorized DEL" 2 "unauthorized: control character U\+007F" -- \
    "$bin" modify imap --set $'unauthorized=used\x7f'
expect "assign --description" 2 "description: control character U\+001B" -- \
    "$bin" assign --name acme-sync --protocol tcp --port none --description "Acme$esc" \
    --assignee "Jane Doe <jane@example.org>"
# A person's text blames the option it came in, not the "name" it becomes.
expect "assign --assignee" 2 "^portreg: assignee: control character U\+001B .*\(--assignee\)$" -- \
    "$bin" assign --name acme-sync --protocol tcp --port none --description "Acme" \
    --assignee "Jane$esc <jane@example.org>"
expect "assign --contact" 2 "^portreg: contact: control character U\+001B .*\(--contact\)$" -- \
    "$bin" assign --name acme-sync --protocol tcp --port none --description "Acme" \
    --assignee "Jane Doe <jane@example.org>" --contact $'Jane\e[2J Roe <jr@example.org>'
expect "assign --contact mail" 2 "^portreg: contact: control character U\+001B .*\(--contact\)$" -- \
    "$bin" assign --name acme-sync --protocol tcp --port none --description "Acme" \
    --assignee "Jane Doe <jane@example.org>" --contact "Jane Roe <jr$esc@example.org>"
expect "person add --name" 2 "name: control character U\+0007" -- \
    "$bin" person add Jane_Roe --name $'Jane\aRoe' --uri mailto:jr@example.org
expect "person add --org Latin-1" 2 "org: invalid UTF-8" -- \
    "$bin" person add Jane_Roe --org "$latin1" --uri mailto:jr@example.org
expect "person modify --uri" 2 "uri: control character U\+001B" -- \
    "$bin" person modify IESG --uri "mailto:x$esc@example.org"
expect "deassign --reason" 2 "reason: control character U\+001B" -- \
    "$bin" deassign mdns --reason "gone$esc"
# Every free text a command stores: reasons too, and the invisible format
# characters that reorder a display (U+202E RIGHT-TO-LEFT OVERRIDE, U+2066).
rlo=$'\xe2\x80\xae' lri=$'\xe2\x81\xa6'
cp "$data/../../docs/examples/port-taken.req" "$tmp/taken.req"
expect "review --reject --reason OSC" 2 "^portreg: reason: control character U\+001B" -- \
    "$bin" review --reject "$tmp/taken.req" --reason "bad $esc"
expect "review --reject --reason RLO" 2 "^portreg: reason: invisible format character U\+202E" -- \
    "$bin" review --reject "$tmp/taken.req" --reason "bad ${rlo}gpj.exe"
expect "assign --force --reason" 2 "^portreg: reason: control character U\+001B" -- \
    "$bin" assign --name acme-sync --protocol tcp --port none --description "Acme" \
    --assignee "Jane Doe <jane@example.org>" --force --reason "taken$esc"
expect "reserve --reason RLO" 2 "reason: invisible format character U\+202E" -- \
    "$bin" reserve 47000 --protocol tcp --reason "later${rlo}"
expect "modify --set description LRI" 2 "^portreg: description: invisible format character U\+2066" -- \
    "$bin" modify imap --set "description=IMAP${lri}x"
expect "deassign --reason RLO" 2 "reason: invisible format character U\+202E" -- \
    "$bin" deassign mdns --reason "gone${rlo}"
printf 'Service-Name: acme-sync\nDescription: Acme %s sync\n' "$rlo" >"$tmp/rlo.req"
expect "request file with RLO" 2 "^portreg: $tmp/rlo.req:2:[0-9]+: invisible format character U\+202E" -- \
    "$bin" review "$tmp/rlo.req"
[ "$(dump)" = "$before" ] && ok "database unchanged by the refused edits" || bad "a refused edit changed the database"

# Clean text of any script, with line breaks, goes in and survives export
# and import.
expect "modify with clean UTF-8" 0 '' -- \
    "$bin" modify imap --set $'description=Caf\xc3\xa9 \xe2\x80\x94 \xe6\x97\xa5\xe6\x9c\xac\nline two'
expect "export" 0 '' -- "$bin" export -o "$tmp/x.xml"
expect "import what export wrote" 0 '' -- "$bin" --db "$tmp/again.db" import "$tmp/x.xml"
expect "the text came back" 0 'Caf' -- "$bin" --db "$tmp/again.db" show imap

finish
