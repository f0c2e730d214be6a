#!/bin/bash
# Faults (issue #8, docs/security.md): a full disk during import, an edit
# and an export (a file size limit, `ulimit -f`, stands in for it), a
# read-only database, a
# database from a newer portreg, another program's database and corrupted
# database files.  Each must give a clear one-line error (exit 2), leave the
# database as it was, and never crash (no signal, no sanitizer report).
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"

dump() { # hash of a database's content
    python3 -c 'import sqlite3, sys, hashlib
c = sqlite3.connect(sys.argv[1])
print(hashlib.sha256("\n".join(c.iterdump()).encode()).hexdigest())' "$1"
}

# expect NAME WANT-RC REGEX -- command...: exit status and one-line stderr.
expect() {
    local name=$1 want=$2 re=$3 rc; shift 4
    timeout 120 "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ "$rc" != "$want" ]; then
        bad "$name: exit $rc, want $want"; head -5 "$tmp/err"
    elif [ "$want" = 2 ] && { [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -Eq -- "$re" "$tmp/err"; }; then
        bad "$name: message does not match /$re/:"; head -5 "$tmp/err"
    else
        ok "$name${re:+: $(head -1 "$tmp/err")}"
    fi
}

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }
before=$(dump "$PORTREG_DB")

# ---- disk full ------------------------------------------------------------
# A registry of ~40,000 records (about 6 MB), made from the sample's prolog.
python3 - "$data/sample.xml" "$tmp/big.xml" <<'PY'
import sys
src = open(sys.argv[1], encoding="utf-8").read()
head = src[:src.index("  <record")]
with open(sys.argv[2], "w", encoding="utf-8") as f:
    f.write(head)
    for i in range(40000):
        f.write("  <record>\n    <name>svc-%d</name>\n    <protocol>%s</protocol>\n"
                "    <description>Synthetic service number %d</description>\n"
                "    <number>%d</number>\n  </record>\n" % (i, ("tcp", "udp")[i % 2], i, 1024 + i // 2))
    f.write("  <people>\n  </people>\n</registry>\n")
PY
expect "disk full during import" 2 'File too large|disk is full|No space' -- \
    bash -c 'ulimit -f 2048; exec "$@"' _ "$bin" import --replace "$tmp/big.xml"
[ "$(dump "$PORTREG_DB")" = "$before" ] && ok "disk full: database unchanged" || bad "disk full: database changed"
expect "disk full: database still usable" 0 '' -- "$bin" search http

# An edit (assign) whose commit cannot be written: 40 KB lets the database
# open (its -shm index is 32 KB) but not the change's WAL frames.
expect "disk full during an edit" 2 'File too large|disk I/O error|disk is full|No space' -- \
    bash -c 'ulimit -f 40; exec "$@"' _ "$bin" assign --name full-disk --protocol tcp --port any \
    --description "Full disk" --assignee "Jane Doe <jane@example.org>" --justification j --security TLS
[ "$(dump "$PORTREG_DB")" = "$before" ] && ok "disk full during an edit: database unchanged" || bad "disk full during an edit: database changed"
expect "disk full during an edit: nothing assigned" 1 '' -- "$bin" search --name full-disk

# An export that cannot be written: the old file stays, nothing is left.
mkdir "$tmp/exp"
"$bin" --db "$tmp/big.db" import "$tmp/big.xml" >/dev/null 2>&1 || bad "cannot import big.xml"
expect "export of the big registry" 0 '' -- "$bin" --db "$tmp/big.db" export -o "$tmp/exp/out.xml"
sum=$(sha256sum <"$tmp/exp/out.xml")
expect "disk full during export" 2 'File too large|disk is full|No space' -- \
    bash -c 'ulimit -f 1024; exec "$@"' _ "$bin" --db "$tmp/big.db" export -o "$tmp/exp/out.xml"
[ "$(sha256sum <"$tmp/exp/out.xml")" = "$sum" ] && ok "disk full during export: old export intact" || bad "disk full during export: old export changed"
[ "$(ls -A "$tmp/exp")" = out.xml ] && ok "disk full during export: no temporary file left" || { bad "disk full during export: left $(ls -A "$tmp/exp")"; }

expect "disk full creating a database" 2 'File too large|disk is full|No space|disk I/O' -- \
    bash -c 'ulimit -f 8; exec "$@"' _ "$bin" --db "$tmp/new.db" import "$data/sample.xml"

# ---- read-only database ---------------------------------------------------
# Root ignores file modes: run as nobody then.
as_user=()
if [ "$(id -u)" = 0 ]; then
    if command -v setpriv >/dev/null; then
        # (GCOV_PREFIX: in a make coverage tree, nobody's counters go to
        # a scratch folder instead of a complaint on stderr)
        mkdir -m 1777 "$tmp/gcov"
        as_user=(setpriv --reuid=65534 --regid=65534 --clear-groups env GCOV_PREFIX="$tmp/gcov")
    else
        as_user=(skip)
    fi
fi
if [ "${as_user[0]:-}" = skip ]; then
    echo "skipped: read-only database (root without setpriv)"
else
    mkdir "$tmp/ro"
    "$bin" --db "$tmp/ro/r.db" import "$data/sample.xml" >/dev/null 2>&1
    chmod 444 "$tmp/ro/r.db"; chmod 555 "$tmp/ro"; chmod 755 "$tmp"
    sum=$(sha256sum <"$tmp/ro/r.db")
    expect "read-only database: search works" 0 '' -- "${as_user[@]}" "$bin" --db "$tmp/ro/r.db" search http
    grep -q '^http ' "$tmp/out" || bad "read-only database: search found no http"
    expect "read-only database: import refused" 2 "cannot write to database '.*ro/r.db': attempt to write a readonly database" -- \
        "${as_user[@]}" "$bin" --db "$tmp/ro/r.db" import --replace "$data/sample.xml"
    [ "$(sha256sum <"$tmp/ro/r.db")" = "$sum" ] && ok "read-only database unchanged" || bad "read-only database changed"
    chmod 755 "$tmp/ro"
fi

# ---- newer schema, another program's database ------------------------------
cp "$PORTREG_DB" "$tmp/newer.db"
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("PRAGMA user_version=99"); c.commit()' "$tmp/newer.db"
sum=$(sha256sum <"$tmp/newer.db")
for cmd in "search http" "stats" "show 80" "import --replace $data/sample.xml"; do
    # shellcheck disable=SC2086
    expect "newer schema: $cmd" 2 'database schema version 99 is newer than this portreg supports \([0-9]+\); upgrade portreg' -- \
        "$bin" --db "$tmp/newer.db" $cmd
done
[ "$(sha256sum <"$tmp/newer.db")" = "$sum" ] && ok "newer schema: file unchanged" || bad "newer schema: file changed"

python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("CREATE TABLE moz_places(id INTEGER PRIMARY KEY, url TEXT)")
c.execute("INSERT INTO moz_places VALUES (1, ?)", ("https://example.com/",))
c.commit()' "$tmp/other.db"
sum=$(dump "$tmp/other.db")
expect "another program's database" 2 'other.db: not a portreg database: it holds tables of another program' -- \
    "$bin" --db "$tmp/other.db" import "$data/sample.xml"
[ "$(dump "$tmp/other.db")" = "$sum" ] && ok "another program's database unchanged" || bad "another program's database changed"

# ---- corrupted database files ---------------------------------------------
python3 - "$PORTREG_DB" "$tmp" <<'PY'
import os, random, sys
src, tmp = sys.argv[1], sys.argv[2]
good = open(src, "rb").read()
rnd = random.Random(8)
def noise(n): return bytes(rnd.getrandbits(8) for _ in range(n))
open(tmp + "/garbage.db", "wb").write(noise(100000))
open(tmp + "/truncated.db", "wb").write(good[:len(good) // 2])
open(tmp + "/header-only.db", "wb").write(good[:100] + noise(len(good) - 100))
pages = bytearray(good)
for off in range(8192, len(pages), 16384):
    pages[off:off + 512] = noise(512)
open(tmp + "/pages.db", "wb").write(bytes(pages))
schema = bytearray(good)
schema[100:4096] = noise(3996)  # page 1: sqlite_master
open(tmp + "/schema.db", "wb").write(bytes(schema))
PY
for db in garbage truncated header-only pages schema; do
    for cmd in "stats" "search http" "search --text web" "search --assignee IESG" "show 80" "show http" \
               "import --replace $data/sample.xml"; do
        cp "$tmp/$db.db" "$tmp/try.db"
        # shellcheck disable=SC2086
        timeout 60 "$bin" --db "$tmp/try.db" $cmd >"$tmp/out" 2>"$tmp/err"; rc=$?
        if [ "$rc" -gt 3 ]; then
            bad "corrupted $db: $cmd: exit $rc (crash or hang)"; head -5 "$tmp/err"
        elif [ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err")" != 1 ]; then
            bad "corrupted $db: $cmd: not a one-line error"; head -5 "$tmp/err"
        elif [[ $cmd == import* ]] && [ "$rc" != 2 ]; then
            bad "corrupted $db: import was not refused (exit $rc)"
        else
            ok "corrupted $db: $cmd: exit $rc $(head -c 120 "$tmp/err")"
        fi
    done
done

[ "$fails" = 0 ] && echo "all fault cases handled" || echo "$fails failure(s)"
exit $((fails > 0))
