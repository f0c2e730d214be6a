#!/bin/bash
# Reply letters (issue #12 item 3): `review --reply` for each request of
# docs/examples/ against the sample registry (and the nmap-services sample)
# is the golden letter in docs/replies/<name>.txt; every letter is wrapped
# at 72 columns and holds no tool name, no command and no request-file
# syntax; --json carries the same letter as "reply"; a decision changes the
# closing.  What a reader of RFC 6335 who never saw the tool misread in the
# first letters is checked for each letter (lib/letter_rules.py) and for
# the letters it was found in (below the loop); each rule of
# letter_rules.py is broken once in a good letter and must be caught.
# PORTREG_UPDATE_GOLDEN=1 rewrites the goldens (review the diff).
# tests/e2e/reply_letters_real.sh does the same against IANA's real
# registry.
set -u
. "$(dirname "$0")/../need.sh"; need python3; need perl
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") data=$(cd "$2" && pwd)
docs=$(cd "$data/../../docs" && pwd)
. "$(dirname "$0")/lib/check.sh"
export PORTREG_USER=jane

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }
"$bin" import "$data/nmap-services.sample" >/dev/null 2>&1 || { echo "FAIL: import nmap-services"; exit 1; }

# The rules every letter keeps (tests/e2e/lib/letter_rules.py): 72
# columns, no tool, option or field syntax, citations in words with the
# URLs in the references, jargon spelled out, a closing that matches what
# was asked.
rules=$(cd "$(dirname "$0")" && pwd)/lib/letter_rules.py
check_letter() { # check_letter NAME FILE
    python3 "$rules" "$2" || { bad "$1: letter breaks the rules above"; cat "$2"; return 1; }
}
# says NAME FILE TEXT...: the letter, its lines joined, holds each TEXT
says() {
    local name=$1 file=$2 t; shift 2
    for t in "$@"; do
        tr '\n' ' ' <"$file" | tr -s ' ' | grep -qF -- "$t" || { bad "$name: does not say '$t'"; return 1; }
    done
}
# never NAME FILE TEXT...: the letter holds none of them
never() {
    local name=$1 file=$2 t; shift 2
    for t in "$@"; do
        tr '\n' ' ' <"$file" | tr -s ' ' | grep -qF -- "$t" && { bad "$name: says '$t'"; return 1; }
    done
    return 0
}

cd "$docs/examples" || exit 1
for req in *.req; do
    name=$(basename "$req" .req)
    "$bin" review --reply "$req" >"$tmp/$name.txt" 2>"$tmp/err"
    rc=$?
    [ -s "$tmp/err" ] && { bad "$name: stderr"; cat "$tmp/err"; }
    [ $rc -le 3 ] && [ $rc != 2 ] || bad "$name: exit $rc"
    if [ "${PORTREG_UPDATE_GOLDEN:-}" = 1 ]; then
        cp "$tmp/$name.txt" "$docs/replies/$name.txt"
    elif cmp -s "$docs/replies/$name.txt" "$tmp/$name.txt"; then
        ok "$name: the golden letter"
    else
        bad "$name: differs from docs/replies/$name.txt"; diff -u "$docs/replies/$name.txt" "$tmp/$name.txt"
    fi
    check_letter "$name" "$tmp/$name.txt" && ok "$name: the rules of every letter"
done
# The rules themselves: each break of a rule, made in a good letter, is
# caught with the problem named (a check that cannot fail checks nothing).
# The breaks are perl -0 substitutions on the whole letter (\s+ where the
# wrapping may fall).
caught() { # caught WHAT LETTER PERL-SUBSTITUTION: letter_rules.py names WHAT
    perl -0pe "$3" "$tmp/$2.txt" >"$tmp/broken.txt"
    cmp -s "$tmp/$2.txt" "$tmp/broken.txt" && { bad "rules: the break '$1' changed nothing"; return; }
    if python3 "$rules" "$tmp/broken.txt" | grep -qF -- "$1"; then ok "rules: catch '$1'"
    else bad "rules: '$1' not caught"; python3 "$rules" "$tmp/broken.txt"; fi
}
caught "columns" port-taken 's/^(You asked[^\n]*)\n/$1 /m'
caught "a URL in the text" port-taken 's/\(RFC\s+6335,\s+Section\s+8\.1\)/(https:\/\/www.rfc-editor.org\/rfc\/rfc6335#section-8.1)/'
caught "names the tool" clean 's/We have reviewed it/We have reviewed it with portreg/'
caught "request-file syntax" port-reserved 's/Please\s+ask\s+for\s+another\s+port/Please ask for Port: any/'
caught "names an option" port-reserved 's/Please\s+ask\s+for\s+another\s+port/Please ask --port any/'
caught "RFC 6335 8.1 cited but not in the references" port-taken 's/^- RFC 6335, Section 8\.1\n\s+https:\S+\n//m'
caught "RFC 6335 8.6 in the references but not cited" clean 's/\s+\(RFC\s+6335,\s+Section\s+8\.6\)//'
caught "IESG before it is spelled out" port-taken 's/the\s+Internet\s+Engineering\s+Steering\s+Group\s+\(IESG\)/the IESG/'
caught "ALPN before it is spelled out" secure-variant 's/Application-Layer\s+Protocol\s+Negotiation\s+\(ALPN,/ALPN (/'
caught "DNS-SD before it is spelled out" clean 's/DNS-Based\s+Service\s+Discovery\s+\(DNS-SD\)/DNS-SD/'
caught "says 'system port'" port-system 's/System\s+Ports\s+\(0\s+to\s+1023/system ports (0 to 1023/'
caught "says 'answered the points above'" dccp-service-code 's/Please\s+reply\s+to\s+this\s+message\s+with/Once you have answered the points above, please reply with/'
caught "the closing's 'your answer' does not match" port-taken 's/message\s+with\s+a\s+revised\s+request/message with your answer or a revised request/'
caught "the closing's 'information asked for' does not match" name-syntax 's/message\s+with\s+a\s+revised\s+request/message with the information asked for above/'
caught "the closing's 'revised request' does not match" name-syntax 's/message\s+with\s+a\s+revised\s+request/message with your new name/'
caught "the closing says neither" clean 's/There\s+is\s+no\s+need\s+to\s+reply\s+to\s+this\s+message\./That is all./'
caught "no greeting or closing" clean 's/^Kind regards,$/Best,/m'

# What was misread, letter by letter (issue 12 item 3's reading).
L=$tmp
# port-taken: one service per port per transport (RFC 6335 §8.1); a
# transfer (§8.5) is for the same service, not a way for the port to
# become free; free ports near it; the name alone is still possible.
says port-taken $L/port-taken.txt "assigned to one service per transport protocol" \
    "(RFC 6335, Section 8.1)" 'The service name "acme-sync" itself is available' \
    "the name alone can be registered" "Please reply to this message with a revised request"
never port-taken $L/port-taken.txt "Section 8.5" "changes hands" "gives it up"
# port-in-use: the same reasoning for a port inside an assigned range
says port-in-use $L/port-in-use.txt '"x11" (X Window System) as part of ports 6000 to 6063 for TCP' \
    "assigned to one service per transport protocol" "(RFC 6335, Section 8.1)"
never port-in-use $L/port-in-use.txt "Section 8.5" "by a transfer"
# every refusal of a port says whether the name alone could be registered
for n in port-dynamic port-reserved port-system port-in-use; do
    says $n $L/$n.txt "itself is available" "the name alone will do"
done
never missing-field $L/missing-field.txt "itself is available" # no assignee: not even the name
never name-syntax $L/name-syntax.txt "itself is available"
# port-system: IETF Review or IESG Approval, not expert review; a User
# Port still needs its justification; the number can be left to IANA.
says port-system $L/port-system.txt "System Ports (0 to 1023" "Internet Engineering Steering Group (IESG)" \
    "through the IETF Review and IESG Approval procedures" \
    "(RFC 6335, Section 8.1.2), not through an expert review" "User Ports (1024 to 49151)" \
    "still needs a justification" "leave the choice of the number to IANA"
never port-system $L/port-system.txt "which IETF document asks"
# discovery-port: the protocol's name, not the discovery step's; mDNS is
# link-local, unicast DNS-SD or a Discovery Proxy cross routers; mDNS
# brings its own group; RFC 7605 only where the section's topic fits.
says discovery-port $L/discovery-port.txt '"acme" rather than "acme-disc"' '"_acme._udp"' \
    "on the local link only" "Discovery Proxy (RFC 8766)" "239.255.0.1" "224.0.0.251 and ff02::fb" \
    "(RFC 7605, Section 7.1)"
never discovery-port $L/discovery-port.txt "Section 7.2" "Section 7.6" "Sections 7.1"
# secure-variant: STARTTLS and ALPN as options to consider, spelled out and
# said what they do
says secure-variant $L/secure-variant.txt 'Options to consider, where the protocol allows them' \
    'switching a connection to TLS within the protocol, on the existing port of "snmp"' \
    "the client naming the protocol it wants during the TLS handshake" \
    "Application-Layer Protocol Negotiation (ALPN, RFC 7301)" 'The service you describe looks like "snmp" (port 161 for TCP and UDP)'
never secure-variant $L/secure-variant.txt '("SNMP")' "from the first byte"
# the approval: what happens next, the assignee's upkeep, DNS-SD's form
says clean $L/clean.txt "We approve your request" "IANA will confirm to you" '"_acme-sync._tcp"' \
    "(RFC 6335, Section 8.6)" "There is no need to reply to this message"
never clean $L/clean.txt "stands in the way"
says name-taken $L/name-taken.txt '"https" (http protocol over TLS/SSL) with port 443 for TCP, UDP and SCTP' \
    "and also without a port number, whose assignee is Tim Berners-Lee"
says own-registration $L/own-registration.txt "It adds port 143 for UDP to a registration you already hold" \
    "rather than make a new one"
says run-conflict $L/run-conflict.txt "one service per transport protocol" "(RFC 6335, Section 8.1)"

# A long or non-ASCII contact name: the greeting is wrapped like the rest,
# and a name cut to fit a buffer is never cut inside a UTF-8 character.
long="Maximiliana Wilhelmina Theodora von Hohenzollern-Sigmaringen de la Tour d'Auvergne"
sed "s/^Contact: .*/Contact: $long <m@example.org>/" port-taken.req >"$tmp/long.req"
"$bin" review --reply "$tmp/long.req" >"$tmp/long.txt"
check_letter long-contact "$tmp/long.txt" && says long-contact "$tmp/long.txt" "Dear $long," \
    && ok "long contact: the greeting wrapped"
e=$(printf '\303\251')
sed "s/^Contact: .*/Contact: J$(for i in $(seq 150); do printf %s "$e"; done) <j@example.org>/" \
    port-taken.req >"$tmp/utf8.req"
"$bin" review --reply "$tmp/utf8.req" >"$tmp/utf8.txt"
python3 -c 'import sys; open(sys.argv[1], encoding="utf-8").read()' "$tmp/utf8.txt" 2>/dev/null \
    && grep -q "^J$e$e" "$tmp/utf8.txt" && ok "a long UTF-8 contact: no half character" \
    || bad "a long UTF-8 contact: the letter is not UTF-8"

# --json: each request's "reply" is its letter.
for name in port-taken run-conflict; do
    "$bin" review --reply --json $name.req >"$tmp/$name.json" 2>/dev/null
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); t=open(sys.argv[2]).read(); sys.exit(0 if all(r["reply"] and r["reply"] in t for r in d["requests"]) else 1)' \
        "$tmp/$name.json" "$tmp/$name.txt" && ok "$name: --json carries the same letters" || bad "$name: --json reply differs"
done

# Several requests: a header before each letter, as head(1) does.
"$bin" review --reply "$docs/examples/clean.req" "$docs/examples/port-taken.req" >"$tmp/two.txt"
grep -c '^==> .*<==$' "$tmp/two.txt" | grep -qx 2 && ok "two requests: a header before each letter" \
    || { bad "two requests: headers"; cat "$tmp/two.txt"; }

# The decision changes the closing: approved (with what was assigned),
# declined.
sed 's/^Port: 5353$/Port: 7777/' "$docs/examples/port-taken.req" >"$tmp/r.req"
"$bin" assign --from-request "$tmp/r.req" >/dev/null 2>&1 || bad "assign --from-request"
"$bin" review --reply "$tmp/r.req" >"$tmp/approved.txt"
grep -q "We have approved your request" "$tmp/approved.txt" && grep -q '"acme-sync" on port 7777 for TCP' "$tmp/approved.txt" \
    && ok "approved: the letter says so and what was assigned" || { bad "approved letter"; cat "$tmp/approved.txt"; }
says approved "$tmp/approved.txt" "Please keep the registration current" "(RFC 6335, Section 8.6)" \
    "There is no need to reply" && ok "approved: the assignee's upkeep"
check_letter approved "$tmp/approved.txt"
"$bin" review --reject "$docs/examples/port-taken.req" --reason "5353 is mdns" >/dev/null 2>&1
"$bin" review --reply "$docs/examples/port-taken.req" >"$tmp/declined.txt"
grep -q "we have declined your request" "$tmp/declined.txt" && ok "rejected: the letter declines" \
    || { bad "declined letter"; cat "$tmp/declined.txt"; }
says declined "$tmp/declined.txt" "itself is available" "Please reply to this message with" \
    && ok "declined: the name alone, and what to send"
check_letter declined "$tmp/declined.txt"

# A request that cannot be read gets no letter; every one of its problems
# is on standard error, one a line, as plain review lists them.
printf 'Service-Name: acme-x\nBogus line\nTransport: tcpx\nPort: 99999\n' >"$tmp/bad.req"
cp "$docs/examples/clean.req" "$tmp/good.req"
"$bin" review --reply "$tmp/good.req" "$tmp/bad.req" >"$tmp/bad.txt" 2>"$tmp/bad.err"
grep -q '^(no reply: the request cannot be read; its problems are on standard error)$' "$tmp/bad.txt" \
    && [ "$(grep -c "^portreg: $tmp/bad.req:[234]: " "$tmp/bad.err")" = 3 ] \
    && ! grep -q 'more problem' "$tmp/bad.err" \
    && ok "malformed request: no letter, its three problems on standard error" \
    || { bad "malformed request: problems on standard error"; cat "$tmp/bad.txt" "$tmp/bad.err"; }

echo "$fails failed"
[ $fails = 0 ]
