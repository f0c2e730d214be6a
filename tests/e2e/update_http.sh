#!/bin/bash
# portreg update against a loopback HTTP server this test starts itself
# (etag_server.py: ETag, Last-Modified, 304 on If-None-Match): first download,
# a conditional second request answered 304, a changed file, refusal to
# replace local edits without --force, broken and foreign downloads, the
# size limit, and an unreachable server's one-line error.  Skips (77)
# without python3.
set -u
bin=$1 data=$2
here=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "skipped: python3 not found"; exit 77; }
command -v sqlite3 >/dev/null || { echo "skipped: sqlite3 not found"; exit 77; }
. "$(dirname "$0")/lib/check.sh"
unset PORTREG_USER PORTREG_NOW
srv= tls=
cleanup() { for p in $srv $tls; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"; }
unset PORTREG_NOW
mkdir "$tmp/www"
cp "$data/sample.xml" "$tmp/www/registry.xml"
cp "$data/broken/truncated.xml" "$tmp/www/truncated.xml"
printf 'this is not a registry\n' > "$tmp/www/garbage.txt"
printf 'http\t80/tcp\t0.484143\t# World Wide Web HTTP\n' > "$tmp/www/nmap-services"

python3 "$here/etag_server.py" "$tmp/www" "$tmp/port" "$tmp/log" & srv=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
[ -s "$tmp/port" ] || { echo "FAIL: the test server did not start"; exit 1; }
url=http://127.0.0.1:$(cat "$tmp/port")

trap cleanup EXIT
run() { "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; echo $? >"$tmp/rc"; }
rc() { cat "$tmp/rc"; }
lastlog() { tail -n 1 "$tmp/log"; }
dbsum() { sqlite3 "$PORTREG_DB" "select count(*), total(length(coalesce(raw,''))), group_concat(description,'|') from record"; }

run update --url "$url/registry.xml"
[ "$(rc)" = 0 ] && grep -q '^updated: imported 90 records and 28 people' "$tmp/out" \
    && ok "first update imports the sample" || { bad "first update"; cat "$tmp/out" "$tmp/err"; }
[ ! -s "$tmp/err" ] && ok "no progress line when stderr is not a terminal" || { bad "stderr not empty"; cat "$tmp/err"; }
lastlog | grep -q 'inm=- ims=- -> 200' && ok "first request unconditional, 200" || bad "first request: $(lastlog)"
etag=$(sqlite3 "$PORTREG_DB" "select value from meta where key='update.etag'")
[ -n "$etag" ] && ok "ETag kept in meta ($etag)" || bad "no ETag in meta"

before=$(dbsum)
run update --url "$url/registry.xml"
[ "$(rc)" = 0 ] && grep -q '^not modified: ' "$tmp/out" && ok "second update: not modified" \
    || { bad "second update"; cat "$tmp/out" "$tmp/err"; }
lastlog | grep -qF "inm=$etag ims=" && ok "second request sends If-None-Match" || bad "second request: $(lastlog)"
lastlog | grep -q 'ims=[A-Z][a-z][a-z], .* GMT -> 304' && ok "... and If-Modified-Since, answered 304" || bad "304: $(lastlog)"
[ "$before" = "$(dbsum)" ] && ok "304 left the database unchanged" || bad "304 changed the database"

sed -i 's|<description>Echo</description>|<description>Echo, updated upstream</description>|' "$tmp/www/registry.xml"
run update --url "$url/registry.xml"
[ "$(rc)" = 0 ] && grep -q '^updated: ' "$tmp/out" && lastlog | grep -q -- '-> 200' \
    && ok "changed file downloaded again" || { bad "changed file"; cat "$tmp/out" "$tmp/err"; lastlog; }
"$bin" show echo | grep -q 'Echo, updated upstream' && ok "new content imported" || bad "new content missing"

# A manual import since the update: the next update asks unconditionally.
"$bin" import --replace "$data/sample.xml" >/dev/null 2>&1
run update --url "$url/registry.xml"
[ "$(rc)" = 0 ] && grep -q '^updated: ' "$tmp/out" && lastlog | grep -q 'inm=- ims=- -> 200' \
    && ok "after 'import' the update is unconditional" || { bad "after import"; cat "$tmp/err"; lastlog; }

# A local edit since the import: refused without --force, database unchanged.
"$bin" modify echo --protocol tcp --set "description=Echo, edited here" >/dev/null 2>&1 || bad "local edit"
sed -i 's|Echo, updated upstream|Echo, updated again|' "$tmp/www/registry.xml"
before=$(dbsum); lines=$(wc -l < "$tmp/log")
run update --url "$url/registry.xml"
[ "$(rc)" = 2 ] && grep -q 'local change since its last import.*--force' "$tmp/err" \
    && ok "local edits refused without --force" || { bad "local edits"; cat "$tmp/out" "$tmp/err"; }
[ "$before" = "$(dbsum)" ] && [ "$lines" = "$(wc -l < "$tmp/log")" ] \
    && ok "refusal downloads and changes nothing" || bad "refusal changed something"
run update --force --url "$url/registry.xml"
[ "$(rc)" = 0 ] && "$bin" show echo | grep -q 'Echo, updated again' && lastlog | grep -q 'inm=- ims=- -> 200' \
    && ok "--force replaces local edits (unconditional request)" || { bad "--force"; cat "$tmp/err"; lastlog; }

# Downloads that are not a whole registry change nothing.
before=$(dbsum)
for f in garbage.txt truncated.xml nmap-services missing.xml; do
    run update --force --url "$url/$f"
    [ "$(rc)" = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && ok "$f refused in one line: $(cat "$tmp/err")" \
        || { bad "$f: exit $(rc)"; cat "$tmp/err"; }
    [ "$before" = "$(dbsum)" ] && ok "$f left the database unchanged" || bad "$f changed the database"
done
grep -q "truncated.xml:[0-9]" <(run update --force --url "$url/truncated.xml"; cat "$tmp/err") \
    && ok "a broken download names URL and line" || bad "broken download message"

run update --force --max-size 1K --url "$url/registry.xml"
[ "$(rc)" = 2 ] && grep -q 'larger than the limit of 1024 bytes' "$tmp/err" && ok "size limit" \
    || { bad "size limit"; cat "$tmp/err"; }

# After --force the database holds the download: no local edits any more.
sed -i 's|Echo, updated again|Echo, updated a third time|' "$tmp/www/registry.xml"
run update --url "$url/registry.xml"
[ "$(rc)" = 0 ] && grep -q '^updated: ' "$tmp/out" && ok "after --force, updates go through again" \
    || { bad "after --force"; cat "$tmp/err"; }

# A 304 to a request that was not conditional is no answer (issue #14
# item 7): a fresh database stays without a registry, an existing one as
# it was.
run --db "$tmp/fresh.db" update --url "$url/always304/registry.xml"
[ "$(rc)" = 2 ] && grep -q '304 Not Modified to a request that was not conditional' "$tmp/err" \
    && ok "unconditional 304 refused: $(cat "$tmp/err")" || { bad "unconditional 304: exit $(rc)"; cat "$tmp/out" "$tmp/err"; }
[ ! -e "$tmp/fresh.db" ] && ok "... and no database left" || bad "unconditional 304 left a database"
before=$(dbsum)
run update --force --url "$url/always304/registry.xml"
[ "$(rc)" = 2 ] && [ "$before" = "$(dbsum)" ] && ok "unconditional 304 (--force) changes nothing" \
    || { bad "unconditional 304 with --force: exit $(rc)"; cat "$tmp/err"; }

# Only IANA's port registry replaces it (issue #14 item 2), not another one
# in IANA's namespace, nor a file with fewer than half the records.
sed 's/id="service-names-port-numbers"/id="protocol-numbers"/' "$data/sample.xml" >"$tmp/www/protocols.xml"
run update --force --url "$url/protocols.xml"
[ "$(rc)" = 2 ] && grep -q "registry 'protocol-numbers' is not IANA's Service Name" "$tmp/err" \
    && [ "$before" = "$(dbsum)" ] && ok "another registry refused: $(cat "$tmp/err")" \
    || { bad "another registry: exit $(rc)"; cat "$tmp/err"; }
python3 "$here/lib/first_records.py" "$data/sample.xml" "$tmp/www/few.xml" 10
run update --url "$url/few.xml"
[ "$(rc)" = 2 ] && grep -q "10 records, fewer than half of the 90 it would replace" "$tmp/err" \
    && [ "$before" = "$(dbsum)" ] && ok "a registry with few records refused: $(cat "$tmp/err")" \
    || { bad "few records: exit $(rc)"; cat "$tmp/err"; }

# Offline: a port nothing listens on.
dead=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
run update --url "http://127.0.0.1:$dead/registry.xml"
[ "$(rc)" = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && grep -q "cannot connect to '127.0.0.1' (offline?)" "$tmp/err" \
    && ok "unreachable server: one line" || { bad "offline"; cat "$tmp/err"; }
run update --timeout 10 --url "http://no-such-host.invalid/registry.xml"
[ "$(rc)" = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && ok "unknown host: one line ($(cat "$tmp/err"))" \
    || { bad "unknown host"; cat "$tmp/err"; }
# TLS certificates are verified: a self-signed server is refused, in one line.
if command -v openssl >/dev/null && openssl req -x509 -newkey rsa:2048 -nodes -days 1 \
        -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
        -keyout "$tmp/key.pem" -out "$tmp/cert.pem" >/dev/null 2>&1; then
    python3 "$here/etag_server.py" "$tmp/www" "$tmp/tlsport" "$tmp/tlslog" "$tmp/cert.pem" "$tmp/key.pem" & tls=$!
    for _ in $(seq 100); do [ -s "$tmp/tlsport" ] && break; sleep 0.05; done
    run update --url "https://127.0.0.1:$(cat "$tmp/tlsport")/registry.xml"
    [ "$(rc)" = 2 ] && [ "$(wc -l < "$tmp/err")" = 1 ] && grep -q "TLS verification of '127.0.0.1' failed" "$tmp/err" \
        && ok "self-signed certificate refused: $(cat "$tmp/err")" || { bad "TLS verification"; cat "$tmp/err"; }
    [ ! -s "$tmp/tlslog" ] && ok "... before any request was sent" || bad "a request reached the TLS server"
else
    echo "note: openssl cannot make a test certificate; TLS check skipped"
fi
echo "$fails failed"
[ $fails = 0 ]
