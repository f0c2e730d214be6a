#!/bin/bash
# Lookups on IANA's real registry and nmap's nmap-services (issue 17 items
# 4-7): a mistyped name suggests the registered one, a transport filter
# keeps records without a transport, the frequency shown is the asked
# port's own, and a word search lists what the words describe before
# records that match only through IANA's boilerplate notes.  Skips (77)
# without ../shared/data or nmap-services.
set -u
bin=$1 data=$2 shared=$3
xml=$shared/iana/service-names-port-numbers-2024-03-18.xml
nmap=/usr/share/nmap/nmap-services
[ -r "$xml" ] || { echo "skipped: $xml not found"; exit 77; }
[ -r "$nmap" ] || { echo "skipped: $nmap not found (Debian: nmap-common)"; exit 77; }
command -v python3 >/dev/null || { echo "skipped: python3 not found"; exit 77; }
. "$(dirname "$0")/lib/check.sh"
unset PORTREG_USER PORTREG_NOW

"$bin" import "$xml" >/dev/null 2>&1 && "$bin" import "$nmap" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }

"$bin" search postgress >"$tmp/out" 2>"$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q "did you mean 'postgresql'" "$tmp/err" && [ ! -s "$tmp/out" ] \
    && ok "search postgress: exit 1, suggests postgresql" || { bad "postgress (exit $rc)"; cat "$tmp/err"; }
# --json: an array whether or not anything matched; the suggestions on stderr
"$bin" search --json --name postgress >"$tmp/out" 2>"$tmp/err"; rc=$?
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert j==[], j' "$tmp/out" &&
    [ $rc = 1 ] && grep -q "did you mean 'postgresql'" "$tmp/err" \
    && ok "search --json, no match: [], suggestions on stderr" || { bad "json no match"; cat "$tmp/out"; }
"$bin" search --json --name postgresql >"$tmp/out" 2>/dev/null
python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); assert type(j) is list and j[0]["name"]=="postgresql", j' \
    "$tmp/out" && ok "search --json, a match: an array" || { bad "json match"; cat "$tmp/out"; }

"$bin" show 27000/tcp >"$tmp/out" 2>&1
grep -q '^flex-lm  27000-27009' "$tmp/out" && ok "show 27000/tcp: flex-lm (no transport)" \
    || { bad "show 27000/tcp"; cat "$tmp/out"; }
"$bin" search --port 6400 --protocol udp >"$tmp/out" 2>&1
grep -q '^boe-cms ' "$tmp/out" && ok "search --port 6400 --protocol udp: boe-cms" || { bad "boe-cms"; cat "$tmp/out"; }

# nmap-services' own figure for 6010/tcp, as show prints it.
want=$(awk -F'\t' '$2 == "6010/tcp" { printf "%.4f%%\n", $3 * 100 }' "$nmap" | sed 's/0*%$/%/')
"$bin" show 6010/tcp >"$tmp/out" 2>&1
grep -q "seen open     tcp $want on 6010 (" "$tmp/out" && ok "show 6010/tcp: nmap's 6010 figure $want" \
    || { bad "6010 frequency (want $want)"; cat "$tmp/out"; }
"$bin" show --json 6010/tcp >"$tmp/out.json" 2>&1
python3 - "$tmp/out.json" "$nmap" <<'PY' && ok "show --json 6010/tcp: frequency and frequency_range" || bad "6010 json"
import json, sys
f = {}
for line in open(sys.argv[2]):
    w = line.split("\t")
    if len(w) >= 3 and not line.startswith("#"):
        f[w[1]] = float(w[2])
r = json.load(open(sys.argv[1]))[0]
assert r["frequency"] == f["6010/tcp"], r
span = [f["%d/tcp" % p] for p in range(6000, 6064) if "%d/tcp" % p in f]
assert r["frequency_range"] == {"min": min(span), "max": max(span), "ports": len(span)}, r
PY

# Discovery services before records that say "discovery" only in IANA's
# boilerplate ("...not usable for use with many common service discovery
# mechanisms"); the limit counts the ranked order.
"$bin" search --json --text discovery >"$tmp/disc.json"
"$bin" search --json --text discovery --limit 20 >"$tmp/disc20.json"
python3 - "$tmp/disc.json" "$tmp/disc20.json" <<'PY' && ok "search --text discovery: discovery services first" || bad "ranking"
import json, re, sys
rs = json.load(open(sys.argv[1]))
word = re.compile(r"(?i)\bdiscovery")
def own(r):  # the word in the record's own name or description
    return bool(word.search(r["name"] or "") or word.search(r["description"] or ""))
def boiler(r):
    return not own(r) and all("not usable for use with many common service discovery" in " ".join(n.split())
                              for n in r["notes"]) and r["notes"]
kinds = [own(r) for r in rs]
nb = sum(1 for r in rs if boiler(r))
assert nb > 150, nb
last_own = max(i for i, k in enumerate(kinds) if k)
first_boiler = min(i for i, r in enumerate(rs) if boiler(r))
assert last_own < first_boiler, (last_own, first_boiler)
assert json.load(open(sys.argv[2])) == rs[:20]
print("%d records, %d with the word in name or description, %d boilerplate-only" % (len(rs), sum(kinds), nb))
PY

# free --near reads a window of the port indexes around the port (widened
# until it has its answers): the same ports, in the same order, as a plain
# reading of every record finds.
for q in "2000 3" "1024 5" "49151 4" "30000 10" "8080 3 udp" "500 5 system" "1023 3 system" \
         "0 4 system" "60000 3"; do
    read -r near n extra <<<"$q"
    args=(free --near "$near" --count "$n")
    case $extra in system) args+=(--range system) ;; tcp|udp) args+=(--protocol "$extra") ;; esac
    got=$("$bin" "${args[@]}" 2>/dev/null | tr '\n' ' ')
    want=$(python3 - "$PORTREG_DB" "$near" "$n" "${extra:-}" <<'PY'
import sqlite3, sys
db, near, n, extra = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
lo, hi = (0, 1023) if extra == "system" else (1024, 49151)
proto = extra if extra in ("tcp", "udp") else None
taken = set()
for a, b, p, name, desc, unauth, notes in sqlite3.connect(db).execute(
        "SELECT port_lo, port_hi, protocol, name, description, unauthorized, notes FROM record "
        "WHERE port_lo IS NOT NULL"):
    if proto and p is not None and p != proto:
        continue
    if not (name or "") and (desc or "").lstrip(" ").lower().startswith("unassigned") \
            and unauth is None and notes is None:
        continue
    taken.update(range(a, b + 1))
out, d = [], 0
while len(out) < n and (near - d >= lo or near + d <= hi):
    for p in ([near] if d == 0 else [near - d, near + d]):
        if lo <= p <= hi and p not in taken and len(out) < n:
            out.append(p)
    d += 1
print(" ".join(map(str, out)), end=" ")
PY
)
    [ "$got" = "$want" ] && ok "free ${args[*]:1}: $got" || bad "free ${args[*]:1}: '$got', want '$want'"
done

echo "$fails failed"
[ $fails = 0 ]
