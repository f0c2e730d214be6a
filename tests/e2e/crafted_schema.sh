#!/bin/bash
# A copied database with a schema of its own (issue #14, "nothing trusted";
# docs/security.md): a trigger would run behind every edit and import,
# deleting the history or planting a change that no history entry records.
# portreg creates no triggers: a command that writes refuses the file and
# changes nothing; reading commands still read it.
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
. "$(dirname "$0")/../need.sh"; need sqlite3

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }
"$bin" modify imap --set "description=IMAP" >/dev/null 2>&1 || { echo "cannot modify"; exit 2; }
sqlite3 "$PORTREG_DB" "CREATE TRIGGER wipe AFTER INSERT ON history BEGIN
    DELETE FROM history WHERE id < NEW.id;
    UPDATE record SET description = 'planted' WHERE name = 'mdns'; END;" \
    || { echo "cannot craft the database"; exit 2; }
dump() { sqlite3 "$PORTREG_DB" .dump | sha256sum; }
before=$(dump)
expect "an edit over a trigger" 2 "trigger 'wipe' on table 'history' \(portreg creates no triggers" -- \
    "$bin" modify imap --set "description=IMAP4"
expect "import --replace over a trigger" 2 "trigger 'wipe'" -- \
    "$bin" import --replace --force "$data/sample.xml"
expect "undo over a trigger" 2 "trigger 'wipe'" -- "$bin" undo
[ "$(dump)" = "$before" ] && ok "the database is as it was" || bad "a refused command changed the database"
expect "reading still works" 0 "IMAP" -- "$bin" show imap
expect "the history is whole" 0 "modify imap" -- "$bin" history

finish
