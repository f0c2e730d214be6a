#!/bin/bash
# Reply letters against IANA's real registry (the 2024-03-18 release in
# ../shared/data; skipped without it): the letters for docs/examples'
# port-taken and secure-variant requests are the goldens in
# docs/replies/real/ (PORTREG_UPDATE_GOLDEN=1 rewrites them); every example's
# letter keeps the rules of every letter (lib/letter_rules.py); each
# unassigned port a letter offers near the one asked for is free on the
# real registry for every transport protocol, neither assigned nor Reserved
# nor given back once ("Unassigned (FRP-Released ...)"); the secure-variant
# letter points to the secure sibling the registry holds (snmptls 10161/tcp
# for snmp) and to its nearly equal name.
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") data=$(cd "$2" && pwd) shared=$3
xml=$shared/iana/service-names-port-numbers-2024-03-18.xml
[ -r "$xml" ] || { echo "skipped: $xml not found"; exit 77; }
docs=$(cd "$data/../../docs" && pwd)
rules=$(cd "$(dirname "$0")" && pwd)/lib/letter_rules.py
. "$(dirname "$0")/lib/check.sh"
export PORTREG_USER=jane
"$bin" import "$xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }

cd "$docs/examples" || exit 1
# every example in one run (a "==> FILE <==" header before each letter)
"$bin" review --reply *.req >"$tmp/all.txt" 2>"$tmp/err"
[ -s "$tmp/err" ] && { bad "stderr"; cat "$tmp/err"; }
python3 "$rules" "$tmp/all.txt" && ok "every example's letter keeps the rules of every letter" \
    || bad "a letter breaks the rules"
# the ports offered near the one asked for
tr '\n' ' ' <"$tmp/all.txt" | tr -s ' ' |
    grep -o 'Unassigned ports near [0-9]*, free for every transport protocol, include [0-9, and]*' |
    sed 's/.*include //; s/ and /, /' | tr ',' '\n' | tr -d ' ' | grep . | sort -u >"$tmp/near"
[ -s "$tmp/near" ] || bad "no letter offers a port near the one asked for"
while read -r port; do
    "$bin" search --port "$port" >"$tmp/rows" 2>&1
    # a header and rows "-  LO-HI  -  Unassigned": no name, no transport, nothing else
    if tail -n +2 "$tmp/rows" | grep -qvE '^-[[:space:]]+[0-9-]+[[:space:]]+-[[:space:]]+Unassigned[[:space:]]*$'; then
        bad "offers $port, which the registry does not hold plainly Unassigned"; cat "$tmp/rows"
    else
        ok "$port, offered near a port asked for, is free for every transport"
    fi
done <"$tmp/near"
for name in port-taken secure-variant; do
    "$bin" review --reply $name.req >"$tmp/$name.txt"
done

for name in port-taken secure-variant; do
    if [ "${PORTREG_UPDATE_GOLDEN:-}" = 1 ]; then
        mkdir -p "$docs/replies/real" && cp "$tmp/$name.txt" "$docs/replies/real/$name.txt"
    elif cmp -s "$docs/replies/real/$name.txt" "$tmp/$name.txt"; then
        ok "$name: the golden letter against the real registry"
    else
        bad "$name: differs from docs/replies/real/$name.txt"
        diff -u "$docs/replies/real/$name.txt" "$tmp/$name.txt"
    fi
done

joined() { tr '\n' ' ' <"$1" | tr -s ' '; }
# 5353/tcp: not 5351 (Reserved for tcp), 5352, 5354 (assigned) as on the sample
joined "$tmp/port-taken.txt" | grep -qE 'include [0-9, and]*(5350|5351|5352|5354)' \
    && bad "port-taken: offers a port taken on the real registry" || ok "port-taken: no taken port offered"
joined "$tmp/port-taken.txt" | grep -qF '"mdns" (Multicast DNS), whose assignee is the Internet Engineering Steering Group (IESG)' \
    && ok "port-taken: the holder by name, description and assignee" || bad "port-taken: the holder"
# the secure sibling first, and the nearly equal name
joined "$tmp/secure-variant.txt" | grep -qF 'That combination is already registered: "snmptls" with port 10161 for TCP' \
    && joined "$tmp/secure-variant.txt" | grep -qF 'Please use "snmptls", or tell us how your protocol differs from it.' \
    && ok "secure-variant: points to snmptls first" || { bad "secure-variant: snmptls"; cat "$tmp/secure-variant.txt"; }
joined "$tmp/secure-variant.txt" | grep -qF '"snmp-tls", is also nearly the same as "snmptls"' \
    && ok "secure-variant: the nearly equal name" || bad "secure-variant: snmp-tls vs snmptls"
joined "$tmp/secure-variant.txt" | grep -qF 'STARTTLS' \
    && bad "secure-variant: in-band upgrade offered although snmptls exists" || ok "secure-variant: no generic advice over the sibling"

echo "$fails failed"
[ $fails = 0 ]
