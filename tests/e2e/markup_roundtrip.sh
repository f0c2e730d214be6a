#!/bin/bash
# Hostile-looking but valid text through every edit and every format
# (issue 19 item 2): each editable field (modify --set description,
# contact, note, reference, unauthorized; assign's; person add/modify's
# name, org, uri) given & < > " ' ]]> &amp; &#38;, non-ASCII (Café, 東京,
# an emoji) and a long value (8 KB); then
# - show --json gives every value back exactly;
# - the XML export is well-formed (xmllint) and escapes it;
# - XML and CSV: export, import into a new database, export: the same
#   bytes; the values come back exactly (show --json) from both;
# - JSON: the same bytes from the edited database and from its XML export
#   imported again; services(5): lossy once (a projection), then stable.
set -u
. "$(dirname "$0")/../need.sh"; need python3 xmllint
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }

marks=$'A & B <b>bold</b> "dq" \'sq\' ]]> &amp; &#38; <!-- x --> <![CDATA[y]]> end'
intl='Café — naïve 東京 🚀 Zoë'
long=$(printf '%s' "$marks $intl " | python3 -c 'import sys; s = sys.stdin.read(); print((s * (8192 // len(s) + 1))[:8192].rstrip(), end="")')
url='https://example.org/a?b=1&c=<2>&d="3"'

edit() { # NAME -- portreg args
    local what=$1; shift 2
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err" && ok "$what" || { bad "$what: $(tail -1 "$tmp/err")"; }
}
edit "modify every field of http/tcp" -- modify http --protocol tcp --set "description=$marks" \
    --set "note=$intl" --set "unauthorized=$long" --set "reference=$url" --set "contact=Jon_Postel"
edit "person add" -- person add Mark_Up --name "Mark <Up> & \"Down\" 'Q' $intl" \
    --org "O'Reilly & Sons <ltd> $intl" --uri "https://example.org/people?id=1&x=<y>"
edit "person modify" -- person modify Jon_Postel --name "Jon <Postel> & 'JBP'" --org "ISI & \"USC\""
edit "assign" -- assign --name markup-test --protocol tcp,udp --port any --description "$intl $marks" \
    --assignee Mark_Up --contact "Zoë O'Brien <zoe@example.org>" \
    --reference "RFC9110, $url" --note "$long" --justification "j & <j>" --security "TLS & <b>" \
    --force --reason "r & <r>"
edit "modify the note again" -- modify markup-test --protocol udp --set "note=$marks"

# want DB LABEL: every value as given (plain text), from export --format json.
want() {
    local db=$1 label=$2
    "$bin" --db "$db" export -f json -o "$tmp/want.json" || { bad "$label: export json"; return; }
    python3 - "$tmp/want.json" "$marks" "$intl" "$long" "$url" <<'PY' &&
import json, sys
d = json.load(open(sys.argv[1]))
marks, intl, long, url = sys.argv[2:6]
recs = {(r["name"], r["protocol"]): r for r in d["records"] if r["name"]}
people = {p["id"]: p for p in d["people"]}
problems = []
def same(what, got, want):
    if got != want:
        problems.append("%s: got %r, want %r" % (what, str(got)[:200], str(want)[:200]))
h = recs[("http", "tcp")]
same("http description", h["description"], marks)
same("http unauthorized", h["unauthorized"], long)
same("http notes", h["notes"], [intl])
same("http references", h["references"], [url])
same("http contact", h["contact"], "Jon_Postel")
tcp, udp = recs[("markup-test", "tcp")], recs[("markup-test", "udp")]
same("markup-test description", tcp["description"], intl + " " + marks)
same("markup-test/tcp notes", tcp["notes"], [long])
same("markup-test/udp notes", udp["notes"], [marks])
same("markup-test references", tcp["references"], ["RFC9110", url])
same("markup-test assignee", tcp["assignee"], "Mark_Up")
z = people.get(tcp["contact"], {})
same("contact name", z.get("name"), "Zoë O'Brien")
m = people["Mark_Up"]
same("Mark_Up name", m["name"], "Mark <Up> & \"Down\" 'Q' " + intl)
same("Mark_Up org", m["org"], "O'Reilly & Sons <ltd> " + intl)
same("Mark_Up uri", m["uri"], ["https://example.org/people?id=1&x=<y>"])
j = people["Jon_Postel"]
same("Jon_Postel name", j["name"], "Jon <Postel> & 'JBP'")
same("Jon_Postel org", j["org"], 'ISI & "USC"')
for p in problems:
    print(p)
sys.exit(1 if problems else 0)
PY
    ok "$label: every value exactly as given" || bad "$label: values changed"
}
want "$PORTREG_DB" "edited database"

# ---- XML: well-formed, escaped, stable --------------------------------------
"$bin" export -o "$tmp/a.xml" || bad "export xml"
xmllint --noout "$tmp/a.xml" 2>"$tmp/xmllint.err" && ok "XML export is well-formed" ||
    { bad "XML export is not well-formed:"; head -3 "$tmp/xmllint.err"; }
grep -qF 'A &amp; B &lt;b&gt;bold&lt;/b&gt; "dq" '"'"'sq'"'"' ]]&gt; &amp;amp; &amp;#38; &lt;!-- x --&gt;' "$tmp/a.xml" &&
    ok "XML escapes & < > and ]]>" || bad "XML escaping: $(grep -m1 'dq' "$tmp/a.xml")"
grep -qF 'data="https://example.org/a?b=1&amp;c=&lt;2&gt;&amp;d=&quot;3&quot;"' "$tmp/a.xml" &&
    ok "XML escapes quotes in attributes" || bad "attribute escaping: $(grep -m1 'example.org/a' "$tmp/a.xml")"
"$bin" --db "$tmp/x.db" import "$tmp/a.xml" >/dev/null 2>&1 || bad "import the XML export"
"$bin" --db "$tmp/x.db" export -o "$tmp/x.xml"
cmp -s "$tmp/a.xml" "$tmp/x.xml" && ok "XML: export, import, export: the same bytes" ||
    { bad "XML export differs after a round trip"; diff "$tmp/a.xml" "$tmp/x.xml" | head -5; }
want "$tmp/x.db" "XML re-imported"

# ---- CSV ---------------------------------------------------------------------
"$bin" export -f csv -o "$tmp/a.csv" || bad "export csv"
"$bin" --db "$tmp/c.db" import "$tmp/a.csv" >/dev/null 2>&1 || bad "import the CSV export"
"$bin" --db "$tmp/c.db" export -f csv -o "$tmp/c.csv"
cmp -s "$tmp/a.csv" "$tmp/c.csv" && ok "CSV: export, import, export: the same bytes" ||
    { bad "CSV export differs after a round trip"; diff "$tmp/a.csv" "$tmp/c.csv" | head -5; }
python3 - "$tmp/a.csv" "$marks" "$long" <<'PY' && ok "CSV: fields quoted, values whole" || bad "CSV fields"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
head = rows[0]
desc = {(r[0], r[2]): r[head.index("Description")] for r in rows[1:]}
assert desc[("http", "tcp")] == sys.argv[2], desc[("http", "tcp")]
unauth = [r[head.index("Unauthorized Use Reported")] for r in rows[1:] if r[0] == "http" and r[2] == "tcp"]
assert unauth == [sys.argv[3]], unauth[0][:100]
PY

# ---- JSON: the edited database and its XML round trip agree -------------------
"$bin" export -f json -o "$tmp/a.json" && "$bin" --db "$tmp/x.db" export -f json -o "$tmp/x.json"
cmp -s "$tmp/a.json" "$tmp/x.json" && ok "JSON: the same bytes after the XML round trip" ||
    bad "JSON differs after the XML round trip"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/a.json" && ok "JSON export parses" ||
    bad "JSON export does not parse"

# ---- services(5): a projection; stable from its second export -------------------
"$bin" export -f services -o "$tmp/a.services" || bad "export services"
grep -qF "# $marks" "$tmp/a.services" && ok "services: the description as a comment, as given" ||
    bad "services comment: $(grep -m1 '^http' "$tmp/a.services")"
"$bin" --db "$tmp/s1.db" import --format services "$tmp/a.services" >/dev/null 2>&1 &&
    "$bin" --db "$tmp/s1.db" export -f services -o "$tmp/s1.services" &&
    "$bin" --db "$tmp/s2.db" import --format services "$tmp/s1.services" >/dev/null 2>&1 &&
    "$bin" --db "$tmp/s2.db" export -f services -o "$tmp/s2.services" || bad "services round trip"
cmp -s "$tmp/s1.services" "$tmp/s2.services" && ok "services: the second round trip gives the same bytes" ||
    { bad "services export not stable"; diff "$tmp/s1.services" "$tmp/s2.services" | head -5; }
finish
