#!/bin/bash
# Requests built from IANA's 2024-03-18 release (issue 11, item 1 and 3):
# the other half of an assignee's own tcp/udp pair (snif 7123/tcp holds
# 7123/udp Reserved beside it) is an amendment of their own registration:
# review does not reject it, assign turns the Reserved row into the
# assignment (no new record, no new person, no second reservation); the
# same request from someone else is rejected and assign --force still
# refuses it.  A System Port request on the IETF path (Assignee IESG, an
# RFC-ietf- document) is not rejected; without such a path it is.
set -u
. "$(dirname "$0")/../need.sh"; need python3 sqlite3
bin=$1 shared=$3
xml=$shared/iana/service-names-port-numbers-2024-03-18.xml
[ -r "$xml" ] || { echo "skipped: $xml not found"; exit 77; }
. "$(dirname "$0")/lib/check.sh"
export PORTREG_NOW=2024-04-01T00:00:00Z
unset PORTREG_USER
"$bin" import "$xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }
count() { sqlite3 "$PORTREG_DB" "$1"; }

cat >"$tmp/snif.req" <<'REQ'
Service-Name: snif
Transport: udp
Port: 7123
Description: End-to-end TLS Relay Control Connection
Assignee: VESvault Corp <jim@vesvault.com>
Contact: Jim Zubov <jim@vesvault.com>
Justification: the relay's control connection also runs over UDP
Security: TLS; DTLS over UDP
Congestion: one request datagram, one answer
REQ
sed 's/^Assignee:.*/Assignee: Acme Inc <ops@acme.example>/; s/^Contact:.*/Contact: Ann Smith <ann@acme.example>/' \
    "$tmp/snif.req" >"$tmp/other.req"

"$bin" review --json "$tmp/snif.req" >"$tmp/own.json"; rc=$?
python3 - "$tmp/own.json" <<'PY' || bad "snif 7123/udp from VESvault is not an own-registration amendment"
import json, sys
r = json.load(open(sys.argv[1]))["requests"][0]
rules = {f["rule"]: f for f in r["findings"]}
assert r["verdict"] != "reject", r
assert "own-registration" in rules and rules["own-registration"]["severity"] == "info", rules
own = rules["own-registration"]
assert own["reference"] == "RFC 6335 §8.6", own
assert {(x["service"], x["port"], x["protocol"], x["relation"]) for x in own["records"]} >= {
    ("snif", "7123", "tcp", "own"), (None, "7123", "udp", "own")}, own["records"]
assert not {"name-taken", "port-reserved", "port-taken"} & set(rules), rules
PY
[ $rc = 3 ] && bad "review exit 3 for the own amendment"

"$bin" review --json "$tmp/other.req" >"$tmp/other.json"; rc=$?
[ $rc = 3 ] || bad "snif 7123/udp from someone else: exit $rc, want 3"
python3 - "$tmp/other.json" <<'PY' || bad "the other applicant's rejects do not name VESvault"
import json, sys
r = json.load(open(sys.argv[1]))["requests"][0]
rules = {f["rule"]: f for f in r["findings"]}
for rule in ("name-taken", "port-reserved"):
    assert rules[rule]["severity"] == "reject", rules
    assert any(x["assignee"] == "VESvault_Corp" and x["relation"] == "other"
               for x in rules[rule]["records"]), rules[rule]
assert "VESvault" in rules["port-reserved"]["message"], rules["port-reserved"]
assert "own-registration" not in rules
PY

records=$(count "select count(*) from record") people=$(count "select count(*) from person")
"$bin" assign --from-request "$tmp/other.req" --force --reason test >"$tmp/out" 2>"$tmp/err" \
    && bad "assign --force took the name snif for another assignee"
grep -q "service name 'snif' is already assigned" "$tmp/err" || bad "assign --force: $(cat "$tmp/err")"
sed 's/^Service-Name:.*/Service-Name: acme-relay/' "$tmp/other.req" >"$tmp/relay.req"
"$bin" assign --from-request "$tmp/relay.req" --force --reason test >"$tmp/out" 2>"$tmp/err" \
    && bad "assign --force took 7123/udp for another assignee"
grep -q "port 7123/udp is Reserved" "$tmp/err" || bad "assign --force: $(cat "$tmp/err")"
"$bin" assign --from-request "$tmp/snif.req" >"$tmp/out" 2>"$tmp/err" \
    || bad "assign --from-request snif: $(cat "$tmp/err")"
grep -qx "change 1: assign snif 7123/udp" "$tmp/out" || bad "assign said: $(cat "$tmp/out")"
[ "$(count "select count(*) from record")" = "$records" ] || bad "assign added or removed records"
[ "$(count "select count(*) from person")" = "$people" ] || bad "assign added people"
[ "$(count "select count(*) from record where port_lo=7123 and name is null")" = 0 ] \
    || bad "a Reserved row is left at 7123"
[ "$(count "select count(*) from record where name='snif' and port_lo=7123")" = 2 ] \
    || bad "snif does not hold 7123/tcp and 7123/udp"
[ "$(count "select count(*) from xref x join record r on r.id=x.record_id where r.name='snif' and r.protocol='udp' and x.data='VESvault_Corp' and x.role=1")" = 1 ] \
    || bad "7123/udp is not VESvault_Corp's"

# System Ports: 4/tcp is Unassigned in 2024-03-18.
cat >"$tmp/iesg.req" <<'REQ'
Service-Name: acme-sys
Transport: tcp
Port: 4
Description: Acme system service
Assignee: IESG <iesg@ietf.org>
Contact: IETF Chair <chair@ietf.org>
Reference: RFC-ietf-acme-sys-07
Justification: the protocol runs before user ports are available
Security: TLS 1.3
REQ
"$bin" review --json "$tmp/iesg.req" >"$tmp/iesg.json"; rc=$?
[ $rc = 3 ] && bad "the IESG's System Port request is rejected"
python3 - "$tmp/iesg.json" <<'PY' || bad "the IESG's System Port request: port-system is not info"
import json, sys
r = json.load(open(sys.argv[1]))["requests"][0]
f = [f for f in r["findings"] if f["rule"] == "port-system"]
assert f and f[0]["severity"] == "info" and "RFC-ietf-acme-sys-07" in f[0]["message"], f
PY
sed 's/^Assignee:.*/Assignee: Jane Doe <jane@example.org>/; s/^Contact:.*/Contact: Jane Doe <jane@example.org>/; s/^Reference:.*/Reference: https:\/\/example.org\/spec/' \
    "$tmp/iesg.req" >"$tmp/plain.req"
"$bin" review "$tmp/plain.req" >"$tmp/out"; rc=$?
[ $rc = 3 ] && grep -q "reject port-system" "$tmp/out" || bad "a System Port without IETF path is not rejected (exit $rc)"
echo "$fails failed"
[ $fails = 0 ]
