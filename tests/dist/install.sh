#!/bin/bash
# cmake --install into a scratch prefix (and with DESTDIR): bin/portreg,
# every man page (man -l renders them), the bash/zsh/fish completions (bash
# loads its script: complete -p), the docs; then the uninstall script
# removes everything the manifest lists.  The install is of the default
# component, so its manifest is install_manifest_Unspecified.txt and a
# real `make install`'s install_manifest.txt is left alone.
set -u
bin=$1 src=$2 build=$3
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
fails=0
ok()  { echo "ok: $*"; }
bad() { echo "FAIL: $*"; fails=$((fails + 1)); }
manifest=$build/install_manifest_Unspecified.txt

install() { # PREFIX [DESTDIR]
    DESTDIR=${2:-} cmake --install "$build" --prefix "$1" --component Unspecified >"$tmp/install.log" 2>&1 \
        || { bad "cmake --install --prefix $1 failed"; cat "$tmp/install.log"; exit 1; }
}

P=$tmp/prefix
install "$P"
ok "cmake --install $build --prefix \$T"
for f in bin/portreg share/man/man1/portreg.1 share/man/man5/portreg-request.5 \
         share/bash-completion/completions/portreg share/zsh/site-functions/_portreg \
         share/fish/vendor_completions.d/portreg.fish share/doc/portreg/README.md \
         share/doc/portreg/rules.md share/doc/portreg/request-format.md \
         share/doc/portreg/examples/secure-variant.req share/doc/portreg/replies/port-taken.txt \
         share/doc/portreg/replies.md; do
    [ -f "$P/$f" ] && ok "installs $f" || bad "does not install $f"
done
# One page per command, as the man pages' coverage test wants them.
while IFS=$'\t' read -r cmd rest; do
    [ -f "$P/share/man/man1/portreg-$cmd.1" ] || bad "no installed man page for $cmd"
done < <("$bin" --list-commands)
[ -x "$P/bin/portreg" ] && "$P/bin/portreg" --version | grep -q '^portreg [0-9]' \
    && ok "installed portreg --version: $("$P/bin/portreg" --version)" || bad "installed portreg does not run"
cmp -s "$P/share/bash-completion/completions/portreg" <("$bin" completion bash) \
    && ok "installed bash completion is 'portreg completion bash'" || bad "installed bash completion differs"
out=$(bash -c 'source "$1"; complete -p portreg' _ "$P/share/bash-completion/completions/portreg" 2>&1)
[ "$out" = "complete -F _portreg portreg" ] && ok "bash: complete -p portreg" || bad "bash: complete -p: $out"

if command -v man >/dev/null; then
    n=0
    for page in "$P"/share/man/man1/*.1 "$P"/share/man/man5/*.5; do
        name=$(basename "$page"); name=${name%.*}
        MANPAGER=cat MANWIDTH=80 man -l "$page" >"$tmp/page" 2>"$tmp/err" \
            && grep -qi "^${name}(" "$tmp/page" && [ ! -s "$tmp/err" ] \
            || { bad "man -l $name: $(head -3 "$tmp/err")"; continue; }
        n=$((n + 1))
    done
    ok "man -l renders $n pages"
    MANPATH=$P/share/man MANPAGER=cat man portreg-search 2>/dev/null | grep -q 'PORTREG-SEARCH(1)' \
        && ok "man portreg-search finds the page under the prefix" || bad "man portreg-search (MANPATH) failed"
else
    echo "note: man not installed; pages not rendered"
fi

# The manifest lists what was installed; uninstall removes all of it.
n_files=$(find "$P" -type f | wc -l)
[ "$(grep -c "" "$manifest")" -ge "$n_files" ] && ok "manifest lists the $n_files files" \
    || bad "manifest lists $(grep -c "" "$manifest") of $n_files files"
cmake -DMANIFEST="$manifest" -P "$build/uninstall.cmake" >/dev/null
left=$(find "$P" -type f)
[ -z "$left" ] && ok "uninstall removes every installed file" || bad "uninstall left: $left"

# DESTDIR: the files land under it, the manifest names them as installed.
install /usr "$tmp/stage"
[ -x "$tmp/stage/usr/bin/portreg" ] && [ -f "$tmp/stage/usr/share/man/man1/portreg.1" ] \
    && ok "DESTDIR=\$T --prefix /usr stages under \$T/usr" || bad "DESTDIR install"
grep -qx /usr/bin/portreg "$manifest" && ok "manifest names /usr/bin/portreg" || bad "manifest: $(head -1 "$manifest")"
DESTDIR=$tmp/stage cmake -DMANIFEST="$manifest" -P "$build/uninstall.cmake" >/dev/null
[ -z "$(find "$tmp/stage" -type f)" ] && ok "DESTDIR uninstall" || bad "DESTDIR uninstall left files"
exit $((fails > 0))
