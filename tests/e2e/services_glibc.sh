#!/bin/bash
# The services export as glibc reads it (issue 17 items 1-2): in a private
# mount namespace the generated file is bind-mounted over /etc/services
# (and a "services: files" nsswitch.conf over /etc/nsswitch.conf), and
# getent and libc's getservbyname/getservbyport (tests/e2e/glibc_resolve.py)
# answer.  Checked: local lines are what glibc returns; every entry compare
# reports as shadowed is one glibc never returns, and no other is; --width
# leaves no long line.  Skips (77) without python3 or a mount namespace
# (root: unshare -m; else a user namespace: unshare -rm).
set -u
bin=$1 data=$2 shared=$3
here=$(cd "$(dirname "$0")" && pwd)
command -v python3 >/dev/null || { echo "skipped: python3 not found"; exit 77; }
command -v unshare >/dev/null || { echo "skipped: unshare not found"; exit 77; }
[ -f /etc/services ] || { echo "skipped: no /etc/services to mount over"; exit 77; }
. "$(dirname "$0")/lib/check.sh"
unset PORTREG_USER PORTREG_NOW

printf 'services: files\n' >"$tmp/nsswitch.conf"
ns=()
for try in "unshare -m --propagation private" "unshare -r -m --propagation private"; do
    if $try sh -c 'mount --bind "$1" /etc/nsswitch.conf' sh "$tmp/nsswitch.conf" 2>/dev/null; then
        read -r -a ns <<<"$try"
        break
    fi
done
[ ${#ns[@]} -gt 0 ] || { echo "skipped: no private mount namespace here (unshare -m needs root, -r user namespaces)"; exit 77; }
echo "namespace: ${ns[*]}"
# glibc FILE CMD...: CMD where FILE is /etc/services
glibc() {
    local f=$1; shift
    "${ns[@]}" sh -c 'mount --bind "$1" /etc/services && mount --bind "$2" /etc/nsswitch.conf &&
                      shift 2 && exec "$@"' sh "$f" "$tmp/nsswitch.conf" "$@"
}
# same FILE [LINES...]: glibc's shadowed lookups equal compare's on FILE
# (restricted to LINES when given; compare --json FILE is in $tmp/cmp.json
# then).
same() {
    local f=$1; shift
    [ $# -gt 0 ] || "$bin" compare --json "$f" >"$tmp/cmp.json" 2>/dev/null
    glibc "$f" python3 "$here/glibc_resolve.py" "$f" "$@" >"$tmp/glibc.jsonl" || return 1
    python3 - "$tmp/cmp.json" "$tmp/glibc.jsonl" "$@" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
lines = {int(x) for x in sys.argv[3:]}
mine = {(s["line"], s["lookup"], s["name"]): [s["answered_by"]["name"], int(s["answered_by"]["port"])]
        for s in c["shadowed"] if not lines or s["line"] in lines}
glibc = {}
for ln in open(sys.argv[2]):
    g = json.loads(ln)
    glibc[(g["line"], g["lookup"], g["name"])] = g["answer"]
if mine != glibc:
    for k in sorted(set(mine) | set(glibc)):
        if mine.get(k) != glibc.get(k):
            print("  line %d %s %s: portreg %s, glibc %s" % (k + (mine.get(k), glibc.get(k))))
    sys.exit(1)
print("  %d shadowed lookups, as glibc answers them" % len(mine))
PY
}

# ---- the first-match model against glibc, on crafted cases --------------------
"$bin" import "$data/lookups.xml" >/dev/null 2>&1 || { echo "FAIL: import"; exit 1; }
same "$data/services-shadow.sample" && ok "services-shadow.sample: compare's shadowed = glibc's" \
    || bad "services-shadow.sample: compare and glibc differ"
grep -q '"unreachable":true' "$tmp/cmp.json" && ok "a line no lookup reaches is said so" || bad "unreachable"

# ---- local lines answer ------------------------------------------------------
printf 'nfs\t2049/tcp\nhttp-alt\t8080/tcp\n' >"$tmp/local"
"$bin" export -f services -o "$tmp/plain"
"$bin" export -f services --local "$tmp/local" -o "$tmp/local.services"
port_of() { glibc "$1" getent services "$2" | awk '{print $2}'; }
name_of() { glibc "$1" getent services "$2" | awk '{print $1}'; }
[ "$(name_of "$tmp/plain" 2049/tcp)" = shilp ] && [ "$(port_of "$tmp/plain" http-alt/tcp)" = 591/tcp ] \
    && ok "plain export: 2049/tcp is shilp, http-alt/tcp is 591 (IANA's order)" || bad "plain export answers"
n=$(name_of "$tmp/local.services" 2049/tcp) p=$(port_of "$tmp/local.services" http-alt/tcp)
[ "$n" = nfs ] && [ "$p" = 8080/tcp ] && ok "--local: getservbyport(2049, tcp) = nfs, getservbyname(http-alt, tcp) = 8080" \
    || bad "--local answers: 2049/tcp '$n', http-alt/tcp '$p'"
same "$tmp/local.services" && ok "local export: compare's shadowed = glibc's" || bad "local export: compare and glibc differ"

# ---- the real registry ---------------------------------------------------------
xml=$shared/iana/service-names-port-numbers-2024-03-18.xml
if [ -r "$xml" ]; then
    "$bin" import --replace "$xml" >/dev/null 2>&1 || bad "import $xml"
    "$bin" export -f services -o "$tmp/real"
    "$bin" export -f services --local "$tmp/local" -o "$tmp/real.local"
    n=$(name_of "$tmp/real.local" 2049/tcp) p=$(port_of "$tmp/real.local" http-alt/tcp)
    [ "$n" = nfs ] && [ "$p" = 8080/tcp ] && ok "real registry --local: 2049/tcp = nfs, http-alt/tcp = 8080" \
        || bad "real --local answers: '$n', '$p'"
    # Every reported line and every 40th line go to glibc (all 11,500 take
    # a minute: glibc reads the file from the top for each lookup).
    "$bin" compare --json "$tmp/real" >"$tmp/cmp.json"
    lines=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(" ".join(sorted({str(s["line"]) for s in c["shadowed"]})))' "$tmp/cmp.json")
    sample=$(awk '!/^#/ && NF && NR % 40 == 0 {print NR}' "$tmp/real" | tr '\n' ' ')
    # shellcheck disable=SC2086
    same "$tmp/real" $lines $sample && ok "real export: compare's shadowed = glibc's ($(echo $lines | wc -w) lines reported, $(echo $sample | wc -w) sampled)" \
        || bad "real export: compare and glibc differ"
    python3 - "$tmp/cmp.json" <<'PY' && ok "real export: long lines and names reported" || bad "real export report"
import json, sys
c = json.load(open(sys.argv[1]))
assert len(c["long_lines"]) > 0 and all(l["bytes"] > 127 for l in c["long_lines"]), c["long_lines"]
print("  %d shadowed (%d by name, %d by port), %d lines over 127 bytes" % (len(c["shadowed"]),
      sum(s["lookup"] == "name" for s in c["shadowed"]), sum(s["lookup"] == "port" for s in c["shadowed"]),
      len(c["long_lines"])))
PY
    # (export --check reads what compare reads, without the registry
    # comparison, which takes seconds on 11,500 lines.)
    "$bin" export -f services --width 127 -o "$tmp/real.127"
    long=$(awk 'length($0) > 127' "$tmp/real.127" | wc -l)
    "$bin" export -f services --width 127 --check >"$tmp/check.txt"
    grep -q ', 0 lines over 127 bytes' "$tmp/check.txt" && [ "$long" = 0 ] \
        && ok "--width 127: no line longer" || bad "--width 127: $long long lines"
else
    echo "skipped part: $xml not found"
fi

echo "$fails failed"
[ $fails = 0 ]
