#!/bin/bash
# End to end on IANA's real registry (../shared/data/iana): import, the facts
# issue #2 lists, search/show/stats, and the error paths' "database
# unchanged" promise.  Skips (77) when the shared data is absent.
set -u
. "$(dirname "$0")/../need.sh"; need python3 sqlite3
bin=$1 data=$2 shared=$3
xml=$shared/iana/service-names-port-numbers-2024-03-18.xml
[ -r "$xml" ] || { echo "skipped: $xml not found"; exit 77; }
. "$(dirname "$0")/lib/check.sh"
unset PORTREG_USER PORTREG_NOW
expect() { # expect DESCRIPTION WANT-RC -- cmd...
    local what=$1 want=$2; shift 3
    "$@" >"$tmp/out" 2>"$tmp/err"; local rc=$?
    [ "$rc" = "$want" ] && ok "$what" || { bad "$what: exit $rc, want $want"; cat "$tmp/err"; }
}

expect "import real registry" 0 -- "$bin" import "$xml"
"$bin" stats --json >"$tmp/stats.json"
python3 - "$tmp/stats.json" <<'PY' && ok "stats: 14444 records, 5554 people" || bad "stats counts"
import json, sys
s = json.load(open(sys.argv[1]))
assert s["records"] == 14444, s["records"]
assert s["people"] == 5554, s["people"]
assert s["updated"] == "2024-03-18", s["updated"]
PY

"$bin" search 443 >"$tmp/out"
grep -Eq '^https +443 +tcp,udp,sctp +http protocol over TLS/SSL$' "$tmp/out" && ok "443 -> https tcp,udp,sctp" || { bad "443"; cat "$tmp/out"; }
"$bin" search --port 6010 >"$tmp/out"
grep -Eq '^x11 +6000-6063 +tcp,udp ' "$tmp/out" && ok "6010 -> x11" || { bad "6010"; cat "$tmp/out"; }
"$bin" search --text "multicast dns" >"$tmp/out"
grep -Eq '^mdns +5353 ' "$tmp/out" && ok "text 'multicast dns' -> mdns" || { bad "multicast dns"; cat "$tmp/out"; }
"$bin" search --assignee IESG >"$tmp/out"
grep -Eq '^http +80 ' "$tmp/out" && ok "assignee IESG -> http" || { bad "assignee IESG"; cat "$tmp/out"; }
"$bin" search --json --name https >"$tmp/out.json"
python3 - "$tmp/out.json" <<'PY' && ok "search --json keys" || bad "search --json"
import json, sys
recs = json.load(open(sys.argv[1]))
keys = {"name","protocol","port","description","assignee","contact","registered","updated","references","notes","state","range"}
assert recs and all(keys <= set(r) for r in recs)
tcp = [r for r in recs if r["protocol"] == "tcp" and r["port"] == "443"][0]
assert tcp["assignee"] == "IESG" and tcp["contact"] == "IETF_Chair", tcp
assert tcp["references"] == ["RFC9110"] and tcp["state"] == "assigned" and tcp["range"] == "system", tcp
assert any(r["port"] is None for r in recs), "name-only https record"
PY
expect "search nothing -> 1" 1 -- "$bin" search --name no-such-service-xyz
expect "show imap" 0 -- "$bin" show imap
expect "show 6010/tcp" 0 -- "$bin" show 6010/tcp
grep -q 'x11' "$tmp/out" && ok "show 6010 lists x11" || bad "show 6010"

# RFC 8314 covers mail submission and access, not SMTP relay: a secure
# variant of imap cites it, one of smtp does not.
for base in imap smtp; do
    printf 'Service-Name: %s-tls\nTransport: tcp\nPort: any\nDescription: %s over TLS\nAssignee: A <a@example.org>\nContact: A <a@example.org>\nJustification: firewalls\nSecurity: TLS\n' \
        "$base" "$base" >"$tmp/$base.req"
    "$bin" review --json "$tmp/$base.req" >"$tmp/$base.json"
done
python3 - "$tmp/imap.json" "$tmp/smtp.json" <<'PY' && ok "RFC 8314 cited for imap-tls, not smtp-tls" || bad "RFC 8314 scope"
import json, sys
def ref(path):
    fs = [f for r in json.load(open(path))["requests"] for f in r["findings"] if f["rule"] == "secure-variant"]
    assert len(fs) == 1, fs
    return fs[0]["reference"] + fs[0]["message"]
assert "RFC 8314" in ref(sys.argv[1])
assert "RFC 8314" not in ref(sys.argv[2])
PY

# Refuses a second import without --replace, and leaves the database as it was.
before=$(sqlite3 "$PORTREG_DB" 'select count(*) from record')
expect "second import refused" 2 -- "$bin" import "$xml"
grep -q -- '--replace' "$tmp/err" && ok "refusal names --replace" || bad "refusal message"
expect "import --replace" 0 -- "$bin" import --replace "$shared/iana/service-names-port-numbers-2024-03-05.xml"
"$bin" search --name e3consultants | grep -q '^e3consultants' && ok "replace swapped the release" || bad "replace"
for f in truncated not-xml empty wrong-root bad-port bad-protocol doctype; do
    [ -f "$data/broken/$f.xml" ] || continue
    sum1=$(sqlite3 "$PORTREG_DB" 'select count(*), total(length(raw)) from record')
    expect "broken $f refused" 2 -- "$bin" import --replace "$data/broken/$f.xml"
    grep -Eq "$f.xml:[0-9]+" "$tmp/err" && ok "broken $f names file:line" || { bad "broken $f message"; cat "$tmp/err"; }
    sum2=$(sqlite3 "$PORTREG_DB" 'select count(*), total(length(raw)) from record')
    [ "$sum1" = "$sum2" ] && ok "broken $f left the database unchanged" || bad "broken $f changed the database"
done
echo "$fails failed"
[ $fails = 0 ]
