#!/bin/bash
# Reply letters (issue #12 item 3): `review --reply` for each request of
# docs/examples/ against the sample registry (and the nmap-services sample)
# is the golden letter in docs/replies/<name>.txt; every letter is wrapped
# at 72 columns and holds no tool name, no command and no request-file
# syntax; --json carries the same letter as "reply"; a decision changes the
# closing.  PORTREG_UPDATE_GOLDEN=1 rewrites the goldens (review the diff).
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1") data=$(cd "$2" && pwd)
docs=$(cd "$data/../../docs" && pwd)
. "$(dirname "$0")/lib/check.sh"
export PORTREG_USER=jane

"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }
"$bin" import "$data/nmap-services.sample" >/dev/null 2>&1 || { echo "FAIL: import nmap-services"; exit 1; }

# A letter a reader of RFC 6335 gets as it is: 72 columns, no tool, no
# command or option, no field of the request format.
check_letter() { # check_letter NAME FILE
    python3 - "$2" <<'PY' || { bad "$1: letter breaks the rules above"; cat "$2"; }
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
fields = ("Service-Name|Transport|Port|Description|Assignee|Contact|Reference|Justification|"
          "Security|Related-Service|Discovery|Multicast|Congestion|Versioning|Service-Code|"
          "Defined-TXT-Keys|Notes")
problems = []
# several requests: a "==> FILE:LINE: NAME: VERDICT <==" line before each letter
letters = [l for l in re.split(r"(?m)^==> .* <==\n", text) if l.strip()]
text = "".join(letters)
for n, line in enumerate(text.split("\n"), 1):
    if len(line) > 72:
        problems.append("line %d has %d columns" % (n, len(line)))
if re.search(r"portreg", text, re.I):
    problems.append("names the tool")
if re.search(r"(^|\s)--[a-z]", text):
    problems.append("names an option")
if re.search(r"\b(%s):" % fields, text, re.I) or re.search(r"\b(Service-Name|Related-Service|Service-Code|Defined-TXT-Keys)\b", text):
    problems.append("request-file syntax")
for l in letters:
    if not l.startswith("Dear ") or "Kind regards," not in l:
        problems.append("a letter without greeting or closing")
for p in problems:
    print(sys.argv[1] + ": " + p)
sys.exit(1 if problems else 0)
PY
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
    check_letter "$name" "$tmp/$name.txt" && ok "$name: 72 columns, no tool, no field syntax"
done
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
check_letter approved "$tmp/approved.txt"
"$bin" review --reject "$docs/examples/port-taken.req" --reason "5353 is mdns" >/dev/null 2>&1
"$bin" review --reply "$docs/examples/port-taken.req" >"$tmp/declined.txt"
grep -q "we have declined your request" "$tmp/declined.txt" && ok "rejected: the letter declines" \
    || { bad "declined letter"; cat "$tmp/declined.txt"; }

echo "$fails failed"
[ $fails = 0 ]
