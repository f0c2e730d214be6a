#!/bin/bash
# make demo's script (tests/demo.sh) on a machine without a package
# manager: dpkg-query, dpkg, apt-get and apt hidden from PATH.  It imports
# the newest release of the shared data folder when there is one (here a
# stand-in folder holding the sample under a release's name, so that the
# test stays fast; CI runs `make demo` on the real one), else the sample;
# it succeeds, and ends with next commands that work as printed.
set -u
bin=$(realpath "$1") src=$2 build=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
ok()  { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

shim=$("$src/tests/shim_path.sh" "$tmp/shim" dpkg-query dpkg apt-get apt apt-cache sudo)
PATH=$shim command -v dpkg-query apt-get >/dev/null && bad "the shim PATH still has dpkg-query or apt-get"
unset PORTREG_XML
mkdir -p "$tmp/shared/iana" "$tmp/none"
cp "$src/tests/data/sample.xml" "$tmp/shared/iana/service-names-port-numbers-2099-01-02.xml"
cp "$src/tests/data/sample-next.xml" "$tmp/shared/iana/service-names-port-numbers-2099-01-01.xml"
cd "$tmp" || exit 2
# Without shared data: the sample.
PATH=$shim DEMO_DB=$tmp/sample.db PORTREG_SHARED_DATA=$tmp/none "$src/tests/demo.sh" "$bin" >"$tmp/out" 2>&1
grep -qF "== portreg import $src/tests/data/sample.xml" "$tmp/out" && ok "no shared data: imports the sample" \
    || { bad "no shared data: $(grep '^== portreg import' "$tmp/out")"; tail -5 "$tmp/out"; }
# With it: its newest release.
PATH=$shim DEMO_DB=$tmp/demo.db PORTREG_SHARED_DATA=$tmp/shared "$src/tests/demo.sh" "$bin" >"$tmp/out" 2>&1
rc=$?
[ $rc = 0 ] && ok "demo succeeds without dpkg-query and apt-get" || { bad "demo exit $rc"; tail -20 "$tmp/out"; }
grep -qF "== portreg import shared/iana/service-names-port-numbers-2099-01-02.xml" "$tmp/out" \
    && ok "imports the newest release of the shared data" \
    || bad "did not import the newest shared release: $(grep '^== portreg import' "$tmp/out")"
grep -q "^identical to " "$tmp/out" && ok "export round trip" || bad "no round trip"
grep -qi "dpkg\|apt-get\|missing packages" "$tmp/out" && bad "demo mentions the package manager"
# The next commands, run as printed (but the TUI).
sed -n '/^Next, on this database/,/^For your/p' "$tmp/out" | grep '^  ' >"$tmp/next"
[ "$(wc -l <"$tmp/next")" = 3 ] && ok "three next commands" || bad "next commands: $(cat "$tmp/next")"
grep -q -- "--db $tmp/demo.db" "$tmp/next" && ok "next commands name the demo database" || bad "no --db in the next commands"
while IFS= read -r cmd; do
    case $cmd in *" tui"*) continue ;; esac
    (eval "$cmd") >"$tmp/next.out" 2>&1 && [ -s "$tmp/next.out" ] && ok "runs: $cmd" \
        || { bad "fails: $cmd"; cat "$tmp/next.out"; }
done <"$tmp/next"
exit $((fails > 0))
