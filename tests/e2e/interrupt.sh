#!/bin/bash
# SIGINT, SIGTERM and SIGHUP during export -o, update and a first import
# (issue #14 item 12, docs/security.md): the command dies of the signal as
# before (exit 130, 143, 129 in the shell), and leaves no temporary file
# behind (export's .FILE.XXXXXX, update's download in $TMPDIR, a database
# the command was creating), and the target file and the database are as
# they were.  No timing decides a result: PORTREG_TEST_EXPORT_DELAY_MS holds
# an export once its temporary file exists (ten minutes: until the signal),
# a loopback server sends half a download and stalls (etag_server.py
# /slow/), and the signal goes once the temporary file is seen.
set -u
bin=$1 data=$2
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib/check.sh"
. "$here/../need.sh"; need python3 sqlite3

# wait_for GLOB: until a file matching it exists (60 s at most: the
# commands below stay in their window until the signal comes, so a slow
# machine only makes this wait longer).
wait_for() {
    for _ in $(seq 1200); do compgen -G "$1" >/dev/null && return 0; sleep 0.05; done
    return 1
}

# interrupt NAME SIGNAL WANT-RC GLOB -- command...: start it, wait for its
# temporary file, send the signal, check the exit status and that nothing
# matching GLOB is left.
interrupt() {
    local name=$1 sig=$2 want=$3 glob=$4 pid rc; shift 5
    # A background job of a script starts with SIGINT ignored, and an
    # ignored signal stays ignored: env gives it back its default.
    env --default-signal=INT "$@" >"$tmp/out" 2>"$tmp/err" & pid=$!
    if ! wait_for "$glob"; then
        bad "$name: no temporary file appeared"; kill "$pid" 2>/dev/null; wait "$pid"; return
    fi
    kill -s "$sig" "$pid"; wait "$pid"; rc=$?
    [ "$rc" = "$want" ] && ok "$name: exit $rc" || { bad "$name: exit $rc, want $want"; cat "$tmp/err"; }
    compgen -G "$glob" >/dev/null && bad "$name: left $(compgen -G "$glob")" || ok "$name: nothing left"
}

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }
echo "the old export" >"$tmp/out.xml"
for sig in INT:130 TERM:143 HUP:129; do
    interrupt "export -o, SIG${sig%:*}" "${sig%:*}" "${sig#*:}" "$tmp/.out.xml.*" -- \
        env PORTREG_TEST_EXPORT_DELAY_MS=600000 "$bin" export -o "$tmp/out.xml"
    [ "$(cat "$tmp/out.xml")" = "the old export" ] && ok "... the old file is intact" || bad "the old file changed"
done

mkdir "$tmp/www" "$tmp/t"
cp "$data/sample-next.xml" "$tmp/www/registry.xml"
python3 "$here/etag_server.py" "$tmp/www" "$tmp/port" "$tmp/log" & srv=$!
trap 'kill $srv 2>/dev/null; chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
url=http://127.0.0.1:$(cat "$tmp/port")/slow/registry.xml
before=$(sqlite3 "$PORTREG_DB" .dump | sha256sum)
# The download is written as it comes: wait for bytes in it.
for sig in INT:130 TERM:143; do
    interrupt "update, SIG${sig%:*} during the download" "${sig%:*}" "${sig#*:}" \
        "$tmp/t/portreg-update-*" -- env TMPDIR="$tmp/t" "$bin" update --force --url "$url"
done
[ "$(sqlite3 "$PORTREG_DB" .dump | sha256sum)" = "$before" ] && ok "the database is as it was" \
    || bad "an interrupted update changed the database"
interrupt "first update into a new database, SIGINT" INT 130 "$tmp/new.db*" -- \
    env TMPDIR="$tmp/t" "$bin" --db "$tmp/new.db" update --url "$url"
ls "$tmp/t" | grep -q . && bad "download left in TMPDIR" || ok "TMPDIR is empty"

# An ignored SIGINT (nohup, a script's background job) stays ignored.
(trap '' INT; PORTREG_TEST_EXPORT_DELAY_MS=1000 "$bin" export -o "$tmp/ign.xml" & p=$!
 wait_for "$tmp/.ign.xml.*"; kill -INT $p; wait $p) \
    && [ -s "$tmp/ign.xml" ] && ok "an ignored SIGINT stays ignored: the export is written" \
    || bad "an ignored SIGINT ended the export"

# A signal late in import --replace, update or an edit: the COMMIT and its
# report are one unit.  Before the COMMIT the database stays as it was
# (and says so); once the COMMIT is done the signal waits for the report,
# then ends the command (PORTREG_TEST_COMMIT_SIGNAL raises it right there).
commit_signal() { # commit_signal NAME WHEN:SIG WANT-RC STDOUT-PATTERN -- command...
    local name=$1 knob=$2 want=$3 pat=$4 rc before after; shift 5
    before=$(sqlite3 "$PORTREG_DB" .dump | sha256sum)
    env --default-signal=INT PORTREG_TEST_COMMIT_SIGNAL=$knob "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    after=$(sqlite3 "$PORTREG_DB" .dump | sha256sum)
    [ "$rc" = "$want" ] || { bad "$name, $knob: exit $rc, want $want"; cat "$tmp/err"; return; }
    if [ "${knob%%:*}" = before ]; then
        [ "$after" = "$before" ] && [ ! -s "$tmp/out" ] \
            && grep -q '^portreg: interrupted: the database is as it was$' "$tmp/err" \
            && ok "$name, $knob: exit $rc, the database as it was, said so" \
            || { bad "$name, $knob: changed or silent"; cat "$tmp/out" "$tmp/err"; }
    else
        [ "$after" != "$before" ] && grep -q "$pat" "$tmp/out" \
            && grep -q '^portreg: interrupted after the change reported above was saved$' "$tmp/err" \
            && ok "$name, $knob: exit $rc after reporting the saved change" \
            || { bad "$name, $knob: saved silently"; cat "$tmp/out" "$tmp/err"; }
    fi
}
commit_signal "import --replace" before:TERM 143 . -- "$bin" import --replace "$data/sample-next.xml"
commit_signal "import --replace" after:INT 130 '^imported 90 records' -- \
    "$bin" import --replace "$data/sample-next.xml"
commit_signal "import --replace" HUP 129 '^imported 90 records' -- \
    "$bin" import --replace "$data/sample.xml"
commit_signal "update" after:TERM 143 '^updated: ' -- \
    "$bin" update --force --url "${url%/slow/registry.xml}/registry.xml"
commit_signal "modify" before:INT 130 . -- "$bin" modify echo --set "description=Echo, again"
commit_signal "modify" after:INT 130 "^change [0-9]*: modify echo" -- "$bin" modify echo --set "description=Echo, again"

finish
