#!/bin/bash
# Hostile registry XML (issue #8, docs/security.md): each case must be
# refused with exit 2 and a clear one-line message, in bounded memory
# (max RSS under 200 MB, measured with /usr/bin/time), without reading a
# local file or opening a connection, and with the database unchanged.
#
# "No file read": external resources point at a FIFO with no writer; a
# reader that opened it would block and hit the timeout.  A regular secret
# file is tried too, and its text must not reach the database.  "No
# connection": a local TCP listener logs every connection it accepts.
# The inputs are generated here, in a temporary folder (nothing big is
# committed).  Memory is not checked under ASan (its shadow memory).
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
unset PORTREG_USER PORTREG_NOW
listener=
cleanup() {
    [ -n "$listener" ] && kill "$listener" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT

limit_kb=$((200 * 1024))
check_mem=1
if ldd "$bin" 2>/dev/null | grep -q libasan; then
    check_mem=0
    echo "note: ASan build, memory bound not checked"
fi
[ -x /usr/bin/time ] || { check_mem=0; echo "note: /usr/bin/time missing, memory bound not checked"; }

# A listener that logs connections (python3 is a build dependency).
python3 - "$tmp/port" "$tmp/connections" <<'PY' &
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(5)
open(sys.argv[1] + ".tmp", "w").write(str(s.getsockname()[1]))
import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
while True:
    c, a = s.accept()
    with open(sys.argv[2], "a") as f:
        f.write("connection from %s\n" % (a,))
    c.close()
PY
listener=$!
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
port=$(cat "$tmp/port" 2>/dev/null) || { echo "cannot start the listener"; exit 2; }
: >"$tmp/connections"
mkfifo "$tmp/fifo"
echo "SECRET-$$-CONTENT" >"$tmp/secret"

dump() { # the whole database content, hashed
    python3 -c 'import sqlite3, sys, hashlib
c = sqlite3.connect(sys.argv[1])
print(hashlib.sha256("\n".join(c.iterdump()).encode()).hexdigest())' "$PORTREG_DB"
}

"$bin" import "$data/sample.xml" >/dev/null || { echo "cannot import the sample"; exit 2; }
before=$(dump)

# refuse NAME FILE MESSAGE-REGEX: import --replace FILE must fail as said.
refuse() {
    local name=$1 file=$2 want=$3 rc mem
    timeout 60 /usr/bin/time -f %M -o "$tmp/mem" "$bin" import --replace --format xml "$file" \
        >"$tmp/out" 2>"$tmp/err"
    rc=$?
    mem=$(tail -n 1 "$tmp/mem" 2>/dev/null)
    if [ "$rc" = 124 ]; then
        bad "$name: timed out (did it open the FIFO?)"
    elif [ "$rc" != 2 ]; then
        bad "$name: exit $rc, want 2"; cat "$tmp/err"
    elif [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -Eq -- "$want" "$tmp/err"; then
        bad "$name: message does not match /$want/:"; cat "$tmp/err"
    else
        ok "$name: $(cat "$tmp/err") [${mem} KB]"
    fi
    if [ "$check_mem" = 1 ] && [ -n "$mem" ] && [ "$mem" -ge "$limit_kb" ]; then
        bad "$name: max RSS ${mem} KB, limit ${limit_kb} KB"
    fi
    [ "$(dump)" = "$before" ] || bad "$name: database changed"
    [ -s "$tmp/connections" ] && { bad "$name: a connection was made"; cat "$tmp/connections"; : >"$tmp/connections"; }
    grep -q "SECRET-$$" "$tmp/err" "$tmp/out" && bad "$name: the secret file was read"
    rm -f "$file"
}

decl='<?xml version="1.0" encoding="UTF-8"?>'
root='<registry xmlns="http://www.iana.org/assignments" id="service-names-port-numbers">'
record() { printf '  <record><name>x</name><protocol>tcp</protocol><number>1</number><description>%s</description></record>\n' "$1"; }
doc() { # doc DOCTYPE-LINE DESCRIPTION
    printf '%s\n%s\n%s\n' "$decl" "$1" "$root"; record "$2"; printf '</registry>\n'
}

# ---- entities and DTDs ------------------------------------------------------
laughs='<!DOCTYPE registry [ <!ENTITY l0 "lol">'
for i in $(seq 1 9); do
    laughs+=" <!ENTITY l$i \"$(printf "&l$((i - 1));%.0s" $(seq 10))\">"
done
laughs+=' ]>'
doc "$laughs" '&l9;' >"$tmp/laughs.xml"
refuse "billion laughs" "$tmp/laughs.xml" 'laughs.xml:2: document type declarations \(DTDs\) are not allowed'

doc "<!DOCTYPE registry [ <!ENTITY x SYSTEM \"file://$tmp/fifo\"> ]>" '&x;' >"$tmp/ext-file.xml"
refuse "external entity file:// (FIFO)" "$tmp/ext-file.xml" 'DTDs\) are not allowed'

doc "<!DOCTYPE registry [ <!ENTITY x SYSTEM \"file://$tmp/secret\"> ]>" '&x;' >"$tmp/ext-secret.xml"
refuse "external entity file:// (secret)" "$tmp/ext-secret.xml" 'DTDs\) are not allowed'

doc "<!DOCTYPE registry [ <!ENTITY x SYSTEM \"http://127.0.0.1:$port/x\"> ]>" '&x;' >"$tmp/ext-http.xml"
refuse "external entity http://" "$tmp/ext-http.xml" 'DTDs\) are not allowed'

doc "<!DOCTYPE registry [ <!ENTITY % p SYSTEM \"file://$tmp/fifo\"> %p; ]>" 'x' >"$tmp/ext-param.xml"
refuse "external parameter entity" "$tmp/ext-param.xml" 'DTDs\) are not allowed'

doc "<!DOCTYPE registry SYSTEM \"http://127.0.0.1:$port/registry.dtd\">" 'x' >"$tmp/dtd-http.xml"
refuse "external DTD http://" "$tmp/dtd-http.xml" 'DTDs\) are not allowed'

doc "<!DOCTYPE registry PUBLIC \"-//x//y\" \"file://$tmp/fifo\">" 'x' >"$tmp/dtd-file.xml"
refuse "external DTD file://" "$tmp/dtd-file.xml" 'DTDs\) are not allowed'

# The same in UTF-16, where a byte scanner looking for "<!DOCTYPE" sees
# "<\0!\0D\0...": the reader reads UTF-8 only.
doc "<!DOCTYPE registry [ <!ENTITY x SYSTEM \"file://$tmp/fifo\"> ]>" '&x;' |
    sed 's/encoding="UTF-8"/encoding="UTF-16"/' | iconv -f UTF-8 -t UTF-16 >"$tmp/utf16.xml"
refuse "UTF-16 with a DTD" "$tmp/utf16.xml" 'utf16.xml:1:[0-9]+: malformed XML: (NUL byte|invalid UTF-8)'

# XInclude is not processed: an unknown element in a record.
{ printf '%s\n%s\n' "$decl" "$root"
  printf '<record><name>x</name><xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://%s/fifo" parse="text"/></record>\n</registry>\n' "$tmp"
} >"$tmp/xinclude.xml"
refuse "XInclude" "$tmp/xinclude.xml" "unknown element 'include' in record"

# ---- size and depth ------------------------------------------------------
python3 - "$tmp/nested.xml" "$decl" "$root" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write(sys.argv[2] + "\n" + sys.argv[3] + "\n<record><description>")
    f.write("<b>" * 1000000 + "</b>" * 1000000)
    f.write("</description></record></registry>\n")
PY
refuse "elements nested a million deep" "$tmp/nested.xml" 'nested.xml:3:[0-9]+: malformed XML: elements nested too deeply'

# big_description FILE PIECE COUNT: a record whose description is PIECE
# repeated COUNT times, written in 1 MiB blocks.
big_description() {
    python3 - "$1" "$decl" "$root" "$2" "$3" <<'PY'
import sys
path, decl, root, piece, count = sys.argv[1:6]
count = int(count)
with open(path, "w") as f:
    f.write(decl + "\n" + root + "\n<record><name>x</name><description>")
    per = max(1, (1 << 20) // len(piece))
    while count > 0:
        n = min(per, count)
        f.write(piece * n)
        count -= n
    f.write("</description></record></registry>\n")
PY
}
big_description "$tmp/text100.xml" a $((100 << 20))
refuse "100 MB text node" "$tmp/text100.xml" 'text100.xml: file too large \(100 MiB; a registry file is at most 64 MiB\)'
big_description "$tmp/text20.xml" a $((20 << 20))
refuse "20 MB text node" "$tmp/text20.xml" 'text20.xml:3(:[0-9]+)?: (malformed XML: text node too large|item too large)'
big_description "$tmp/pieces.xml" 'aaaaaaaaaa<br/>' $((2 << 20))
refuse "30 MB description in small pieces" "$tmp/pieces.xml" 'pieces.xml:3: item too large'

python3 - "$tmp/comments.xml" "$decl" "$root" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write(sys.argv[2] + "\n" + sys.argv[3] + "\n")
    f.write("<!-- c -->\n" * 1000000)
    f.write("</registry>\n")
PY
refuse "a million comments" "$tmp/comments.xml" 'comments.xml: too many comments or processing instructions'

python3 - "$tmp/records.xml" "$decl" "$root" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write(sys.argv[2] + "\n" + sys.argv[3] + "\n")
    for i in range(400000):
        f.write("<record><name>s%d</name><protocol>tcp</protocol><number>%d</number>"
                "<description>d</description></record>\n" % (i, i % 65536))
    f.write("<record><protocol>tpc</protocol></record>\n</registry>\n")
PY
refuse "400,000 records, the last one bad" "$tmp/records.xml" "records.xml:400003: unknown protocol 'tpc'"

# ---- encoding -------------------------------------------------------------
{ printf '%s\n%s\n' "$decl" "$root"; record "$(printf 'caf\xe9 \xff\xfe')"; printf '</registry>\n'; } >"$tmp/bad-utf8.xml"
refuse "invalid UTF-8" "$tmp/bad-utf8.xml" 'bad-utf8.xml:3:[0-9]+: malformed XML: invalid UTF-8 \(a registry file must be UTF-8\)'

{ printf '<?xml version="1.0" encoding="ISO-8859-1"?>\n%s\n' "$root"; record "$(printf 'caf\xe9')"; printf '</registry>\n'; } >"$tmp/latin1.xml"
refuse "Latin-1 declared" "$tmp/latin1.xml" 'latin1.xml:3:[0-9]+: malformed XML: invalid UTF-8'

{ printf '%s\n%s\n' "$decl" "$root"; record "$(printf 'a\001b')"; printf '</registry>\n'; } >"$tmp/control.xml"
refuse "control character" "$tmp/control.xml" 'control.xml:3: control character U\+0001'

# Allowed by XML 1.0, but a terminal may take them as escape sequences.
{ printf '%s\n%s\n' "$decl" "$root"; record "$(printf 'a\xc2\x9b2Jb')"; printf '</registry>\n'; } >"$tmp/c1.xml"
refuse "C1 control (CSI)" "$tmp/c1.xml" 'c1.xml:3: control character U\+009B \(a registry file is plain UTF-8 text\)'
{ printf '%s\n%s\n' "$decl" "$root"; record "$(printf 'a\x7fb')"; printf '</registry>\n'; } >"$tmp/del.xml"
refuse "DEL" "$tmp/del.xml" 'del.xml:3: control character U\+007F'

# ---- root and namespace ---------------------------------------------------
printf '%s\n<registry xmlns="http://example.com/evil" id="x">\n</registry>\n' "$decl" >"$tmp/wrong-ns.xml"
refuse "wrong namespace" "$tmp/wrong-ns.xml" "wrong-ns.xml:2: root element is not in IANA's namespace"

printf '%s\n<registry id="x">\n</registry>\n' "$decl" >"$tmp/no-ns.xml"
refuse "no namespace" "$tmp/no-ns.xml" "no-ns.xml:2: root element is not in IANA's namespace"

printf '%s\n<x:registry xmlns:x="http://example.com/evil">\n</x:registry>\n' "$decl" >"$tmp/prefixed.xml"
refuse "registry in another namespace, prefixed" "$tmp/prefixed.xml" "prefixed.xml:2: root element is not in IANA's namespace"

printf '%s\n<svg xmlns="http://www.iana.org/assignments"/>\n' "$decl" >"$tmp/wrong-root.xml"
refuse "wrong root" "$tmp/wrong-root.xml" "wrong-root.xml:2: wrong root element 'svg'"

# ---- a stylesheet PI with a URL is accepted, and not fetched ---------------
{ printf '%s\n<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:%s/x.xsl"?>\n%s\n' "$decl" "$port" "$root"
  record 'fine'; printf '</registry>\n'; } >"$tmp/stylesheet.xml"
if timeout 60 "$bin" import --replace --force "$tmp/stylesheet.xml" >/dev/null 2>"$tmp/err"; then
    ok "stylesheet PI with an http URL: imported"
else
    bad "stylesheet PI: refused"; cat "$tmp/err"
fi
[ -s "$tmp/connections" ] && bad "stylesheet PI: a connection was made"

[ "$fails" = 0 ] && echo "all hostile XML cases refused" || echo "$fails failure(s)"
exit $((fails > 0))
