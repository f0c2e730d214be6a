#!/bin/bash
# make demo: import a registry, search it, review sample requests, audit it,
# export it back byte for byte, then print the next commands to try.
#
#   tests/demo.sh [PORTREG]        (make demo: build/portreg)
#
# The registry: $PORTREG_XML if set, else the newest IANA XML release in
# ../shared/data/iana ($PORTREG_SHARED_DATA/iana) when it is there, else
# the bundled sample (tests/data/sample.xml).  The database: $DEMO_DB (default: demo.db beside
# the binary), replaced on each run; the user's own database is not touched.
# Runs with what is installed: no root, no package manager.  tests/dist/
# demo.sh runs it with dpkg-query and apt-get hidden from PATH.
set -u
bin=${1:-build/portreg}
src=$(cd "$(dirname "$0")/.." && pwd)
db=${DEMO_DB:-$(dirname "$bin")/demo.db}
xml=${PORTREG_XML:-}
if [ -z "$xml" ]; then
    shared=${PORTREG_SHARED_DATA:-$src/../shared/data}
    xml=$(ls "$shared"/iana/service-names-port-numbers-*.xml 2>/dev/null | sort | tail -n 1)
    [ -n "$xml" ] || xml=$src/tests/data/sample.xml
fi
# Paths as the user would type them from here.
here() { case $1 in "$PWD"/*) printf '%s' "${1#"$PWD"/}" ;; *) printf '%s' "$1" ;; esac; }
xml=$(here "$xml") ex=$(here "$src/docs/examples")
[ -x "$bin" ] || { echo "demo: $bin not found (run 'make build')"; exit 2; }
# The demo replaces its database: never the user's own.
for own in "${PORTREG_DB:-}" "${XDG_DATA_HOME:-$HOME/.local/share}/portreg/registry.db"; do
    if [ -n "$own" ] && [ "$(realpath -m "$db")" = "$(realpath -m "$own")" ]; then
        echo "demo: DEMO_DB=$db is your own database; the demo replaces its database, give it another"
        exit 2
    fi
done
[ -r "$xml" ] || { echo "demo: cannot read $xml"; exit 2; }

step() { echo; echo "== portreg $*"; }
run() { "$bin" --db "$db" "$@"; }

rm -f "$db" "$db-wal" "$db-shm" "$db.export.xml"
echo "== portreg import $xml"
run import "$xml" || exit 2
step stats
run stats || exit 2
step search 443
run search 443
step search --port 6010
run search --port 6010
step "search --text 'multicast dns'"
run search --text 'multicast dns'
step show imap
run show imap
step review "$ex/secure-variant.req" "$ex/discovery-port.req" "$ex/clean.req"
run review "$ex/secure-variant.req" "$ex/discovery-port.req" "$ex/clean.req"
step audit --rule secure-variant "(the first 15 lines)"
run audit --rule secure-variant >"$db.audit"
head -n 15 "$db.audit"
rm -f "$db.audit"
step "export --format xml: byte-for-byte round trip"
run export --format xml -o "$db.export.xml" || exit 2
if cmp "$xml" "$db.export.xml"; then
    echo "identical to $xml"
else
    echo "demo: the export differs from $xml"; exit 1
fi
rm -f "$db.export.xml"

cat <<EOF

Next, on this database ($(here "$db")):
  $bin --db $db search --name 'imap*'
  $bin --db $db show https
  $bin --db $db tui
For your own registry: '$bin import FILE' fills the default database
(\$PORTREG_DB, else ~/.local/share/portreg/registry.db).  'make install'
puts portreg, its man pages (man portreg) and shell completion in place.
EOF
