#!/bin/bash
# shim_path.sh DIR TOOL...: fill DIR with links to every command on $PATH
# but the TOOLs, and print a PATH made of DIR alone: what a machine
# without those tools (dpkg-query, apt-get, tmux...) would have.
#   PATH=$(tests/shim_path.sh /tmp/shim dpkg-query apt-get) make demo
set -u
dir=$1; shift
mkdir -p "$dir" || exit 2
IFS=: read -r -a dirs <<<"$PATH"
for d in "${dirs[@]}"; do
    [ -d "$d" ] || continue
    for f in "$d"/*; do
        name=${f##*/}
        [ -x "$f" ] && [ ! -d "$f" ] || continue
        [ -e "$dir/$name" ] || [ -L "$dir/$name" ] && continue
        for t in "$@"; do [ "$name" = "$t" ] && continue 2; done
        ln -s "$f" "$dir/$name"
    done
done
printf '%s\n' "$dir"
