#!/bin/bash
# Bounds (issue #8, docs/security.md): pathological globs, full-text
# queries with FTS5 syntax in them or none at all, huge arguments, names
# with quotes and SQL; request files with a 10 MB field, millions of
# continuation lines or 100,000 requests.  Each must give an answer (exit 0/1) or a one-line
# error (exit 2), within seconds, never a crash; the database must come out
# unchanged; and answers must be right (LIKE/GLOB characters are literal
# where the option promises a substring or a name).
# Runs on the real registry when ../shared/data has it, else on the sample.
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$1 data=$2 shared=$3
. "$(dirname "$0")/lib/check.sh"

xml=$shared/iana/service-names-port-numbers-2024-03-18.xml
[ -r "$xml" ] || xml=$data/sample.xml
"$bin" import "$xml" >/dev/null 2>&1 || { echo "cannot import $xml"; exit 2; }
echo "registry: $xml"
dump() {
    python3 -c 'import sqlite3, sys, hashlib
c = sqlite3.connect(sys.argv[1])
print(hashlib.sha256("\n".join(c.iterdump()).encode()).hexdigest())' "$PORTREG_DB"
}
before=$(dump)

# try NAME ARGS...: exit 0, 1 or 2 (one line) within 20 s.
try() {
    local name=$1 rc; shift
    timeout 20 "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if [ "$rc" -gt 2 ]; then
        bad "$name: exit $rc (crash or hang)"; head -5 "$tmp/err"
    elif [ "$rc" = 2 ] && [ "$(wc -l <"$tmp/err")" != 1 ]; then
        bad "$name: exit 2 without a one-line error"; head -5 "$tmp/err"
    else
        ok "$name: exit $rc $(head -c 100 "$tmp/err")"
    fi
    return "$rc"
}

long() { python3 -c 'import sys; print(sys.argv[1] * int(sys.argv[2]), end="")' "$1" "$2"; }

# ---- globs ------------------------------------------------------------------
stars=$(long 'a*' 30)b
for q in '*' '**' '?' "$(long '?' 64)" "$(long '*' 64)" "$stars" "$(long 'a*' 32)" '[' '[a-z]*' \
         '*]' 'h?tp*' "$(long x 100000)" "$(long '*a' 10000)"; do
    try "search --name (${#q} chars) ${q:0:24}" search --name "$q"
    try "search (${#q} chars) ${q:0:24}" search "$q"
    try "show (${#q} chars) ${q:0:24}" show "$q"
done

# ---- full text ------------------------------------------------------------
for q in '"' '""' "'" 'NEAR(a b)' 'a NEAR/2 b' '((a' 'a)' ')' '*' '**' '-' '^' 'a:b' \
         '{name}: x' '{description notes} : (http' 'AND' 'OR' 'NOT' 'NOT a' 'web AND' \
         'a OR b AND c NOT' 'name:http' 'http*' '"web' "$(printf 'caf\xc3\xa9 \xff\xfe')" \
         "$(printf '\xe2\x80\x94 \xc2\xab')" "$(long 'web ' 5000)" "$(long w 100000)" \
         "$(long '(' 1000)"; do
    try "search --text (${#q} chars) ${q:0:24}" search --text "$q"
done

# ---- SQL and quotes in every field -------------------------------------------
for q in "x' OR '1'='1" "http'; DROP TABLE record; --" '"; DELETE FROM record; --' \
         "Robert'); DROP TABLE person;--" "' UNION SELECT * FROM person --" "%" "\\"; do
    for opt in --name --text --assignee --reference --protocol; do
        try "search $opt ${q:0:24}" search "$opt" "$q"
        [ $? = 0 ] && [ "$opt" != --text ] && bad "search $opt '$q' matched something"
    done
    try "show ${q:0:24}" show "$q"
done
[ "$(dump)" = "$before" ] && ok "database unchanged" || bad "database changed"

# ---- request files (portreg review) ---------------------------------------
# The reader's bounds do not depend on the registry: these run on the sample
# (a thousand reviews against IANA's whole registry cost seconds, and test
# nothing more here).
export PORTREG_DB=$tmp/sample.db
"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import $data/sample.xml"; exit 2; }
before=$(dump)
# try_review NAME WANT-RC-REGEX FILE [MESSAGE-REGEX]
try_review() {
    local name=$1 want=$2 file=$3 re=${4:-} rc
    timeout 60 "$bin" review "$file" >"$tmp/out" 2>"$tmp/err"; rc=$?
    if ! [[ $rc =~ ^($want)$ ]]; then
        bad "review $name: exit $rc, want $want"; head -c 300 "$tmp/err"; echo
    elif [ -n "$re" ] && ! grep -Eq -- "$re" "$tmp/err"; then
        bad "review $name: message does not match /$re/"; head -c 300 "$tmp/err"; echo
    else
        ok "review $name: exit $rc $(head -c 100 "$tmp/err")"
    fi
    rm -f "$file"
}
python3 - "$tmp" <<'PY'
import sys
tmp = sys.argv[1]
base = "Service-Name: foo-bar\nTransport: tcp\nPort: any\nAssignee: a\nContact: b\nJustification: j\n"
with open(tmp + "/field.req", "w") as f:
    f.write(base + "Description: " + "x" * (10 << 20) + "\n")
with open(tmp + "/continued.req", "w") as f:
    f.write(base + "Description: d\nNotes: first\n" + " .\n more\n" * (1 << 20))
with open(tmp + "/transport.req", "w") as f:
    f.write("Service-Name: foo-bar\nTransport: tcp\n" + " tcp\n" * 10000)
with open(tmp + "/many.req", "w") as f:
    for i in range(100000):
        f.write("Service-Name: svc-%d\nTransport: tcp\nPort: %d\nDescription: d\n\n" % (i, 1024 + i % 60000))
with open(tmp + "/escape.req", "w") as f:
    f.write("Service-Name: x\x1b]0;owned\x07y\nTransport: tcp\nDescription: a\x1b[2Jb\n")
with open(tmp + "/csi.req", "wb") as f:
    f.write(b"Service-Name: foo\nTransport: tcp\nDescription: a\xc2\x9b2Jb\n")
with open(tmp + "/latin1.req", "wb") as f:
    f.write(b"Service-Name: foo\nTransport: tcp\nDescription: caf\xe9\n")
with open(tmp + "/sql.req", "w") as f:
    f.write("Service-Name: x'; DROP TABLE record; --\nTransport: tcp\nPort: 1' OR '1'='1\n")
with open(tmp + "/sql2.req", "w") as f:
    f.write(base.replace("foo-bar", "x'); DELETE FROM person; --") + "Description: '; DROP TABLE record; --\n")
PY
try_review "10 MB field" '0|1|3' "$tmp/field.req"
try_review "two million continuation lines" '0|1|3' "$tmp/continued.req"
try_review "Transport continued 10,000 times" 2 "$tmp/transport.req" "field 'Transport' too long"
try_review "100,000 requests" 2 "$tmp/many.req" 'many.req:[0-9]+: too many requests \(at most 1000 in one run'
try_review "terminal escape in the name" 2 "$tmp/escape.req" 'escape.req:1:16: control character U\+001B in request file'
try_review "C1 CSI in a field" 2 "$tmp/csi.req" 'csi.req:3:15: control character U\+009B'
try_review "Latin-1 bytes" 2 "$tmp/latin1.req" 'latin1.req:3:17: invalid UTF-8 \(byte 0xE9\)'
try_review "SQL in Port" 2 "$tmp/sql.req" "sql.req:3: "
try_review "SQL in the name and description" '1|3' "$tmp/sql2.req"
[ "$(dump)" = "$before" ] && ok "database unchanged after review" || bad "database changed by review"
export PORTREG_DB=$tmp/r.db

# ---- SQL and markup through the editing commands --------------------------
# (after the "unchanged" checks: these change the database on purpose)
evil="x'); DROP TABLE record; -- <b>&amp;]]>"
try "modify with SQL and markup" modify http --protocol tcp --set "description=$evil"
try "show it back" show http
grep -qF -- "$evil" "$tmp/out" || bad "the description did not come back literally"
try "person id with SQL refused" person add "Bobby'); DROP TABLE person;--" --name x --uri mailto:a@b
try "export it" export -o "$tmp/evil.xml"
grep -qF "x'); DROP TABLE record; -- &lt;b&gt;&amp;amp;]]&gt;" "$tmp/evil.xml" || bad "export did not escape the description"
try "import the export again" import --replace "$tmp/evil.xml"
try "show it again" show http
grep -qF -- "$evil" "$tmp/out" || bad "the description did not survive export and import"

# ---- answers stay right ----------------------------------------------------
try "assignee % is literal" search --assignee '%'
[ -s "$tmp/out" ] && bad "--assignee '%' matched records (LIKE wildcard not escaped)"
try "assignee _ only where an _ is" search --assignee '_' --json
python3 - "$tmp/out" <<'PY' || bad "--assignee '_' matched records without an underscore"
import json, sys
recs = json.load(open(sys.argv[1]))
for r in recs:
    people = [r.get("assignee") or "", r.get("contact") or ""]
    assert any("_" in p for p in people), r
PY
try "assignee IESG" search --assignee IESG
grep -q '^http ' "$tmp/out" || bad "--assignee IESG lost http"
try "glob h?tp*" search --name 'h?tp*'
grep -q '^https ' "$tmp/out" || bad "--name 'h?tp*' lost https"
try "search http after all that" search http
grep -q '^http ' "$tmp/out" || bad "http gone"

[ "$fails" = 0 ] && echo "all bounds held" || echo "$fails failure(s)"
exit $((fails > 0))
