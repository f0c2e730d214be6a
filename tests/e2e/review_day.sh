#!/bin/bash
# The expert's day (issue #12): a batch review never stops at one bad
# request or file (FIFOs, folders, devices are entries of their own, never a
# hang), `review -` reads standard input, decisions are remembered by the
# request's content (an approved request is not judged against its own
# assignment), an edit that changes nothing records nothing, --dry-run
# writes nothing, de-assignment needs a reason and history shows it.
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") data=$(cd "$2" && pwd)
examples=$(cd "$data/../../docs/examples" && pwd)
. "$(dirname "$0")/lib/check.sh"
export PORTREG_USER=jane
# json FILE PYTHON-EXPRESSION: the expression over d (the parsed file) is true
json() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' "$@"; }

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }
cd "$tmp" || exit 1

# ---- 1. one bad request or file stops nothing, and nothing hangs -----------
cp "$examples/clean.req" good.req
printf 'Service-Name: acme-bad\nTransport: tcp tpc\nPort: 70000\n' >bad.req
mkfifo fifo.req; mkdir folder.req
timeout 20 "$bin" review good.req fifo.req folder.req /dev/zero bad.req >out 2>err
rc=$?
[ $rc = 2 ] && ok "good, FIFO, folder, device, bad: exit 2" || bad "exit $rc, want 2 (124: it hung)"
grep -q '^good.req:2: acme-sync: clean$' out && ok "good.req still reviewed" || { bad "no verdict for good.req"; cat out; }
for f in fifo.req folder.req /dev/zero; do
    grep -q "^$f: unreadable$" out && grep -q "^portreg: $f: not a regular file" err \
        && ok "$f: an unreadable entry" || { bad "$f: not an entry of its own"; cat out err; }
done
grep -q "bad.req:2: Transport: unknown transport 'tpc'" out && grep -q "bad.req:3: Port: invalid port '70000'" out \
    && ok "bad.req: every problem listed" || { bad "bad.req problems"; cat out; }

# ---- 2. standard input -----------------------------------------------------
cat good.req | "$bin" review - >out 2>err
rc=$?
[ $rc = 0 ] && grep -q '^-:2: acme-sync: clean$' out && ok "cat good.req | review -" || { bad "review - (exit $rc)"; cat out err; }
"$bin" review --json - <good.req >out.json
json out.json 'd["requests"][0]["file"] == "-" and d["requests"][0]["line"] == 2 and d["requests"][0]["decision"] is None' \
    && ok "review --json -: file '-', line, decision null" || { bad "review --json -"; cat out.json; }

# ---- 4. decisions ------------------------------------------------------------
sed 's/^Port: 5353$/Port: 7777/' "$examples/port-taken.req" >r.req
"$bin" assign --from-request r.req >out 2>&1 && change=$(sed -n 's/^change \([0-9]*\): .*/\1/p' out)
[ -n "${change:-}" ] && ok "assign --from-request r.req: change $change" || { bad "assign"; cat out; }
"$bin" review --json r.req >out.json
rc=$?
json out.json "d['requests'][0]['decision']['action'] == 'approved' and d['requests'][0]['decision']['change'] == $change and d['requests'][0]['decision']['by'] == 'jane'" \
    && ok "review shows the approval (change $change)" || { bad "approval not shown"; cat out.json; }
json out.json "not [f for f in d['requests'][0]['findings'] if f['rule'] in ('name-taken', 'port-taken', 'port-reserved')]" && [ $rc = 0 ] \
    && ok "the approved request is not judged against its own assignment (exit $rc)" || { bad "judged against itself (exit $rc)"; cat out.json; }
"$bin" review r.req | grep -q "^  decided: approved in change $change by jane, 2026-01-15 12:00$" \
    && ok "text: decided: approved in change $change" || bad "text shows no decision"
# The same content elsewhere (reflowed, commented) is the same request;
# other content is another one.
{ echo "# forwarded by the ticket system"; echo; sed -e 's/^Description: Acme file \(.*\)$/Description: Acme  file\n   \1/' r.req; } >copy.req
grep -q '^   synchronisation$' copy.req || bad "copy.req is not reflowed"
"$bin" review --json copy.req >out.json
json out.json "d['requests'][0]['decision'] and d['requests'][0]['decision']['change'] == $change" \
    && ok "the same request from another file: decision found" || { bad "copy: no decision"; cat out.json; }
sed 's/^Description: .*/Description: Something else/' r.req >other.req
"$bin" review --json other.req >out.json
json out.json "d['requests'][0]['decision'] is None" && ok "other content: no decision" || { bad "other content decided"; cat out.json; }
cp "$examples/port-taken.req" pt.req
"$bin" review --reject pt.req --reason "5353 is mdns; DNS-SD needs no port" >out 2>&1 \
    && rej=$(sed -n 's/^change \([0-9]*\): reject .*/\1/p' out)
"$bin" review --json pt.req >out.json
json out.json "d['requests'][0]['decision'] == {'action': 'rejected', 'change': ${rej:-0}, 'by': 'jane', 'at': '2026-01-15T12:00:00Z', 'reason': '5353 is mdns; DNS-SD needs no port', 'undone_by': None, 'holds': True}" \
    && ok "review --reject: shown with its reason (change $rej)" || { bad "rejection not shown"; cat out out.json; }
"$bin" review --reject good.req --reason "" >out 2>&1; rc=$?
[ $rc = 2 ] && grep -q "needs a reason" out && ok "--reject needs a reason" || { bad "--reject without reason: exit $rc"; cat out; }
"$bin" review --reject bad.req --reason "broken" >out 2>&1; rc=$?
[ $rc = 2 ] && grep -q "malformed request cannot be rejected" out && ok "a malformed request cannot be decided" || { bad "malformed rejected: exit $rc"; cat out; }
"$bin" undo "$change" >/dev/null 2>&1
"$bin" review --json r.req >out.json
json out.json "d['requests'][0]['decision']['undone_by'] is not None and d['requests'][0]['decision']['holds'] is False" \
    && ok "an undone approval says so" || { bad "undone approval"; cat out.json; }
"$bin" review r.req >out
grep -q "^  decided: approval undone by change [0-9]* (approved in change $change by jane" out \
    && ok "an undone approval: its text says so first" || { bad "undone approval text"; cat out; }

# ---- 5. edits that change nothing --------------------------------------------
"$bin" export -o before.xml
"$bin" history >before.hist
for set in "description=Echo" "contact=Jon Postel <postel@isi.edu>" "contact=Jon_Postel" "note=" "reference="; do
    "$bin" modify echo --set "$set" >out 2>&1; rc=$?
    [ $rc = 1 ] && grep -q "^nothing to change" out && ok "modify echo --set '$set': nothing to change, exit 1" \
        || { bad "modify echo --set '$set': exit $rc"; cat out; }
done
"$bin" person modify Jon_Postel --uri mailto:postel@isi.edu >out 2>&1; rc=$?
[ $rc = 1 ] && ok "person modify with the same address: nothing to change" || { bad "person modify: exit $rc"; cat out; }
"$bin" export -o after.xml
"$bin" history >after.hist
cmp -s before.xml after.xml && ok "export byte-identical" || { bad "export changed"; diff before.xml after.xml | head; }
cmp -s before.hist after.hist && ok "history unchanged" || { bad "history changed"; diff before.hist after.hist; }
"$bin" modify echo --protocol udp --set description=Echo2 >/dev/null 2>&1
"$bin" history --limit 1 --oneline | grep -q "modify echo/udp: description (1 record)" \
    && ok "a real change still records (one record)" || bad "real modify not recorded"

# ---- 6. --dry-run on every editing command -----------------------------------
dry() { # dry WHAT ARGS...: exit 0, database file byte-identical
    local what=$1; shift
    cp r.db before.db
    "$bin" "$@" --dry-run >out 2>&1; local rc=$?
    if [ $rc = 0 ] && cmp -s r.db before.db && [ ! -e r.db-wal ] && grep -q "^dry run" out; then ok "$what --dry-run: exit 0, database byte-identical"
    else bad "$what --dry-run: exit $rc"; cat out; cmp r.db before.db; fi
}
dry assign assign --name dryproto --protocol tcp --port any --description Dry --assignee Jon_Postel --justification x --security TLS
grep -q "assign dryproto 1025/tcp; reserved 1025/udp" out && grep -q "+ record 1025/udp (reserved)" out \
    && ok "assign --dry-run shows the port, the records and the reservation" || { bad "assign --dry-run output"; cat out; }
dry modify modify echo --set description=Dry
dry deassign deassign echo --reason dry
dry revoke revoke echo --reason dry --approved-by IESG
dry reserve reserve 1234 --protocol tcp --reason dry
dry "person add" person add Dry_Person --uri mailto:dry@example.org
dry "person modify" person modify Jon_Postel --org Dry
dry undo undo
dry "review --reject" review --reject good.req --reason dry
dry "assign --from-request" assign --from-request good.req
"$bin" review --json good.req >out.json
json out.json "d['requests'][0]['decision'] is None" && ok "a dry-run approval records no decision" || { bad "dry approval recorded"; cat out.json; }

# ---- 7. de-assignment needs a reason; history shows it -------------------------
"$bin" deassign echo >out 2>&1; rc=$?
[ $rc = 2 ] && grep -q "needs a reason.*(--reason)" out && ok "deassign without --reason refused" || { bad "deassign without reason: exit $rc"; cat out; }
"$bin" deassign echo --reason "unused since 1990" >out 2>&1 && id=$(sed -n 's/^change \([0-9]*\): .*/\1/p' out)
"$bin" history --change "${id:-0}" | grep -q "^  reason: unused since 1990$" \
    && ok "history --change $id shows the reason" || { bad "history --change $id: no reason"; "$bin" history --change "${id:-0}"; }

echo "$fails failed"
[ $fails = 0 ]
