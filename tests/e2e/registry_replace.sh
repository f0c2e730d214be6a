#!/bin/bash
# What may replace a registry (issue #14 item 2, docs/security.md): only
# IANA's Service Name and Transport Protocol Port Number Registry (by its
# id), never a file without records, and without --force neither a file
# with fewer than half the records it replaces nor one that would drop
# local edits (undo cannot bring them back).  Each refusal leaves the
# database as it was.
set -u
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
. "$(dirname "$0")/../need.sh"; need python3 sqlite3

dump() { sqlite3 "$PORTREG_DB" .dump | sha256sum; }
head_of() { sed -n '1,/<registry/p' "$data/sample.xml"; }

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }
before=$(dump)

# Another registry in IANA's namespace, with and without records.
head_of | sed 's/id="service-names-port-numbers"/id="protocol-numbers"/' >"$tmp/protocols.xml"
printf '  <title>Protocol Numbers</title>\n</registry>\n' >>"$tmp/protocols.xml"
sed 's/id="service-names-port-numbers"/id="protocol-numbers"/' "$data/sample.xml" >"$tmp/other-id.xml"
sed 's/ id="service-names-port-numbers"//' "$data/sample.xml" >"$tmp/no-id.xml"
head_of >"$tmp/empty.xml"
printf '  <title>Service Name and Transport Protocol Port Number Registry</title>\n</registry>\n' \
    >>"$tmp/empty.xml"
# A quarter of the sample: its first 22 records.
python3 "$(dirname "$0")/lib/first_records.py" "$data/sample.xml" "$tmp/quarter.xml" 22
head -1 "$data/sample.csv" >"$tmp/empty.csv"

expect "import --replace protocol-numbers (no records)" 2 \
    "registry 'protocol-numbers' is not IANA's Service Name and Transport Protocol Port Number Registry" -- \
    "$bin" import --replace "$tmp/protocols.xml"
expect "import --replace --force protocol-numbers" 2 "registry 'protocol-numbers' is not" -- \
    "$bin" import --replace --force "$tmp/protocols.xml"
expect "import --replace another id with records" 2 "registry 'protocol-numbers' is not" -- \
    "$bin" import --replace --force "$tmp/other-id.xml"
expect "import --replace a registry without id" 2 "registry '\(no id\)' is not" -- \
    "$bin" import --replace "$tmp/no-id.xml"
expect "import --replace a registry without records" 2 "empty.xml: no records" -- \
    "$bin" import --replace --force "$tmp/empty.xml"
expect "import --replace a CSV without records" 2 "empty.csv: no records" -- \
    "$bin" import --replace --force --format csv "$tmp/empty.csv"
expect "import --replace a quarter of the records" 2 \
    "quarter.xml: 22 records, fewer than half of the 90 it would replace; forcing the import replaces them if that is right \(--force\)" -- \
    "$bin" import --replace "$tmp/quarter.xml"
[ "$(dump)" = "$before" ] && ok "refused imports left the database as it was" || bad "database changed"
expect "first import of a registry without records" 2 "no records" -- \
    "$bin" --db "$tmp/new.db" import "$tmp/empty.xml"
[ -e "$tmp/new.db" ] && bad "a database was left" || ok "no database left"
expect "import --replace --force a quarter" 0 "imported 22 records" -- \
    "$bin" import --replace --force "$tmp/quarter.xml"
expect "import --replace the whole again" 0 "imported 90 records" -- \
    "$bin" import --replace "$data/sample.xml"

# Local edits are not dropped silently.
"$bin" modify imap --set "description=IMAP4" >/dev/null 2>&1 || bad "cannot modify"
edited=$(dump)
expect "import --replace over a local edit" 2 \
    "1 local change since its last import, which replacing the registry loses \(undo cannot bring it back\); forcing the import replaces it \(--force\)" -- \
    "$bin" import --replace "$data/sample-next.xml"
[ "$(dump)" = "$edited" ] && ok "the edit is kept" || bad "the edit was lost"
expect "import --replace --force over a local edit" 0 "imported" -- \
    "$bin" import --replace --force "$data/sample-next.xml"
expect "nmap-services is a layer, not a registry" 0 "port frequencies" -- \
    "$bin" import --format nmap-services "$data/nmap-services.sample"

finish
