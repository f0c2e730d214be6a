#!/bin/bash
# Hostile CSV, services(5) and nmap-services files (issue #8,
# docs/security.md): each refused with exit 2 and a one-line message naming
# file and line, in bounded memory (max RSS under 200 MB), the database
# unchanged.  Inputs are generated here, in a temporary folder.
set -u
. "$(dirname "$0")/../need.sh"; need python3
bin=$1 data=$2
. "$(dirname "$0")/lib/check.sh"
unset PORTREG_USER PORTREG_NOW

limit_kb=$((200 * 1024))
check_mem=1
if ldd "$bin" 2>/dev/null | grep -q libasan; then
    check_mem=0
    echo "note: ASan build, memory bound not checked"
fi
[ -x /usr/bin/time ] || { check_mem=0; echo "note: /usr/bin/time missing, memory bound not checked"; }

dump() {
    python3 -c 'import sqlite3, sys, hashlib
c = sqlite3.connect(sys.argv[1])
print(hashlib.sha256("\n".join(c.iterdump()).encode()).hexdigest())' "$PORTREG_DB"
}
"$bin" import "$data/sample.xml" >/dev/null 2>&1 || { echo "cannot import the sample"; exit 2; }
before=$(dump)

# refuse NAME FORMAT FILE MESSAGE-REGEX
refuse() {
    local name=$1 format=$2 file=$3 want=$4 rc mem
    timeout 60 /usr/bin/time -f %M -o "$tmp/mem" "$bin" import --replace --format "$format" "$file" \
        >"$tmp/out" 2>"$tmp/err"
    rc=$?
    mem=$(tail -n 1 "$tmp/mem" 2>/dev/null)
    if [ "$rc" != 2 ]; then
        bad "$name: exit $rc, want 2"; head -c 300 "$tmp/err"
    elif [ "$(wc -l <"$tmp/err")" != 1 ] || ! grep -Eq -- "$want" "$tmp/err"; then
        bad "$name: message does not match /$want/:"; head -c 300 "$tmp/err"
    else
        ok "$name: $(cat "$tmp/err") [${mem} KB]"
    fi
    if [ "$check_mem" = 1 ] && [ -n "$mem" ] && [ "$mem" -ge "$limit_kb" ]; then
        bad "$name: max RSS ${mem} KB, limit ${limit_kb} KB"
    fi
    [ "$(dump)" = "$before" ] || bad "$name: database changed"
    rm -f "$file"
}

header=$(head -n 1 "$data/sample.csv")
# gen FILE HEAD PIECE COUNT TAIL: HEAD, PIECE repeated COUNT times, TAIL.
gen() {
    python3 - "$@" <<'PY'
import sys
path, head, piece, count, tail = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
with open(path, "w") as f:
    f.write(head.encode().decode("unicode_escape"))
    per = max(1, (1 << 20) // len(piece))
    while count > 0:
        n = min(per, count)
        f.write(piece * n)
        count -= n
    f.write(tail.encode().decode("unicode_escape"))
PY
}

# ---- CSV --------------------------------------------------------------------
gen "$tmp/big.csv" "$header\\n" 'svc,1,tcp,d,,,,,,,,\n' $((7 << 20)) ''
refuse "CSV over 64 MiB" csv "$tmp/big.csv" 'big.csv: file too large \(a registry file is at most 64 MiB\)'
gen "$tmp/field.csv" "$header\\nfoo,1,tcp,\"" x $((50 << 20)) '",,,,,,,,\n'
refuse "CSV with a 50 MB field" csv "$tmp/field.csv" 'field.csv:2: row too long \(over 1024 KiB\)'
gen "$tmp/commas.csv" "$header\\nfoo" , $((20 << 20)) '\n'
refuse "CSV row of 20 million commas" csv "$tmp/commas.csv" 'commas.csv:2: row too long'
gen "$tmp/quote.csv" "$header\\nfoo,1,tcp,\"" 'line\n' $((1 << 20)) ''
refuse "CSV with an unterminated quote over a million lines" csv "$tmp/quote.csv" 'quote.csv:[0-9]+: '
{ echo "$header"; printf 'foo,1,tcp,"a\033]0;owned\007",,,,,,,,\n'; } >"$tmp/esc.csv"
refuse "CSV with an escape sequence" csv "$tmp/esc.csv" 'esc.csv:2:13: control character U\+001B'

# ---- services(5) ------------------------------------------------------------
gen "$tmp/comment.services" 'foo\t1/tcp\t# ' c $((70 << 20)) '\n'
refuse "services line of 70 MB" services "$tmp/comment.services" 'comment.services:1: line too long \(over 64 KiB\)'
gen "$tmp/aliases.services" 'foo\t1/tcp\t' 'a ' $((10 << 20)) '\n'
refuse "services line of ten million aliases" services "$tmp/aliases.services" 'aliases.services:1: line too long'
printf 'http\t80/tcp\twww\t# Web\nevil\t81/tcp\t# \033[2J\033]0;owned\007\n' >"$tmp/esc.services"
refuse "services with an escape sequence" services "$tmp/esc.services" 'esc.services:2:15: control character U\+001B'
printf 'caf\xe9\t82/tcp\n' >"$tmp/latin1.services"
refuse "services in Latin-1" services "$tmp/latin1.services" 'latin1.services:1:4: invalid UTF-8 \(byte 0xE9\)'

# ---- nmap-services ----------------------------------------------------------
gen "$tmp/line.nmap" 'foo\t1/tcp\t0.5\t# ' c $((70 << 20)) '\n'
refuse "nmap-services line of 70 MB" nmap-services "$tmp/line.nmap" 'line.nmap:1: line too long'
printf 'evil\t1/tcp\t0.5\t# \302\2332J\n' >"$tmp/csi.nmap"
refuse "nmap-services with a C1 CSI" nmap-services "$tmp/csi.nmap" 'csi.nmap:1:[0-9]+: control character U\+009B'

[ "$fails" = 0 ] && echo "all hostile text files refused" || echo "$fails failure(s)"
exit $((fails > 0))
