#!/bin/bash
# The .deb: cpack -G DEB on this build tree (make package does the same on
# a Release tree of its own).  dpkg-deb -c lists the binary, the man pages,
# the completions and the docs; Depends names the package of every library
# the binary links (readelf NEEDED) and of libxml2, which it dlopen()s for
# imports; libcurl (dlopen()ed by update only) is a Recommends, not a
# Depends.  Then dpkg installs it into a scratch root (--root; its Depends
# are checked against this system instead) and the installed portreg runs.
set -u
bin=$1 src=$2 build=$3
for t in cpack dpkg-deb dpkg-query readelf; do
    command -v $t >/dev/null || { echo "skipped: $t not found (Debian packaging tools)"; exit 77; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
ok()  { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }

(cd "$build" && cpack -G DEB -B "$tmp/out") >"$tmp/cpack.log" 2>&1 \
    || { echo "FAIL: cpack -G DEB"; cat "$tmp/cpack.log"; exit 1; }
deb=$(ls "$tmp"/out/*.deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || { echo "FAIL: no .deb in $tmp/out"; exit 1; }
ok "cpack made $(basename "$deb")"

dpkg-deb -c "$deb" | awk '{ print $6 }' | sed 's|^\./|/|' >"$tmp/contents"
for f in /usr/bin/portreg /usr/share/man/man1/portreg.1 /usr/share/man/man1/portreg-search.1 \
         /usr/share/man/man5/portreg-request.5 /usr/share/bash-completion/completions/portreg \
         /usr/share/fish/vendor_completions.d/portreg.fish /usr/share/doc/portreg/rules.md \
         /usr/share/doc/portreg/examples/clean.req; do
    grep -qE "^$f(\\.gz)?\$" "$tmp/contents" && ok "dpkg-deb -c lists $f" || bad "the .deb lacks $f"
done
grep -qE '^/usr/share/zsh/(site-functions|vendor-completions)/_portreg$' "$tmp/contents" \
    && ok "dpkg-deb -c lists the zsh completion" || bad "the .deb lacks the zsh completion"

depends=$(dpkg-deb -f "$deb" Depends) recommends=$(dpkg-deb -f "$deb" Recommends)
echo "Depends: $depends"
echo "Recommends: $recommends"
names() { tr ',' '\n' <<<"$1" | sed 's/^ *//; s/ .*//; s/:.*//'; }
owner() { # soname -> the package that ships it (this architecture)
    dpkg-query -S "*/$1" 2>/dev/null | grep "/$(gcc -print-multiarch 2>/dev/null || echo .)/$1\$" \
        | head -n 1 | sed 's/[:,].*//'
}
dpkg-deb -x "$deb" "$tmp/x"
needed=$(readelf -d "$tmp/x/usr/bin/portreg" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p')
for so in $needed libxml2.so.2; do
    case $so in lib[alt]san.so.*|libubsan.so.*)
        echo "note: $so: a sanitizer build (PORTREG_SANITIZE), not checked"; continue ;;
    esac
    pkg=$(owner "$so")
    [ -n "$pkg" ] || { echo "note: no package owns $so here; not checked"; continue; }
    names "$depends" | grep -qx "$pkg" && ok "Depends names $pkg ($so)" || bad "Depends lacks $pkg ($so)"
done
curl=$(owner libcurl.so.4)
if [ -n "$curl" ]; then
    names "$recommends" | grep -qx "$curl" && ok "Recommends names $curl (libcurl.so.4)" || bad "Recommends lacks $curl"
    names "$depends" | grep -qx "$curl" && bad "libcurl ($curl) is a Depends"
fi
# libxml2 is dlopen()ed (no NEEDED); SQLite is a Depends only when it is
# not linked in (PORTREG_STATIC_SQLITE=OFF), and then not otherwise.
for want in libxml2 libsqlite3-0; do
    if [ "$want" = libsqlite3-0 ] && ! grep -q '^libsqlite3' <<<"$needed"; then
        names "$depends" | grep -q "^$want" && bad "Depends names $want, linked in" ||
            ok "Depends: no $want (SQLite is linked in)"
        continue
    fi
    names "$depends" | grep -q "^$want" && ok "Depends: $want" || bad "Depends lacks $want"
done
# Every dependency is satisfied by this system's versions.
while IFS= read -r dep; do
    pkg=${dep%% *}; ver=$(sed -n 's/.*(>= \(.*\))/\1/p' <<<"$dep")
    have=$(dpkg-query -W -f='${Version}' "$pkg" 2>/dev/null)
    [ -n "$have" ] || { bad "Depends: $pkg is not installed here"; continue; }
    [ -z "$ver" ] || dpkg --compare-versions "$have" ge "$ver" || bad "Depends: $pkg $have < $ver"
done < <(tr ',' '\n' <<<"$depends" | sed 's/^ *//')

# dpkg -i into a scratch root: a dpkg database of its own, nothing else.
root=$tmp/root
mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates" "$root/var/lib/dpkg/triggers"
touch "$root/var/lib/dpkg/status" "$root/var/lib/dpkg/available"
dpkg --root="$root" --log=/dev/null --force-depends --force-not-root --force-script-chrootless \
     -i "$deb" >"$tmp/dpkg.log" 2>&1 && ok "dpkg --root \$T -i $(basename "$deb")" \
    || { bad "dpkg -i into a scratch root"; cat "$tmp/dpkg.log"; }
dpkg --root="$root" -s portreg 2>/dev/null | grep -q '^Status: install ok installed' \
    && ok "dpkg -s portreg: install ok installed" || bad "not installed in the scratch root"
v=$("$root/usr/bin/portreg" --version 2>&1) && [ "$v" = "$("$bin" --version)" ] \
    && ok "installed portreg --version: $v" || bad "installed portreg --version: $v"
"$root/usr/bin/portreg" --db "$tmp/t.db" import "$src/tests/data/sample.xml" >/dev/null 2>&1 \
    && "$root/usr/bin/portreg" --db "$tmp/t.db" search 443 >/dev/null \
    && ok "installed portreg imports and searches" || bad "installed portreg cannot import"
dpkg --root="$root" --log=/dev/null --force-not-root --force-script-chrootless -r portreg >/dev/null 2>&1 \
    && [ ! -e "$root/usr/bin/portreg" ] && ok "dpkg -r removes it" || bad "dpkg -r"
exit $((fails > 0))
