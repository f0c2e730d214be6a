#!/bin/bash
# Run one CLI golden case: tests/cli/<case>.args holds the arguments, one per
# line (lines starting with '#' are comments; "@data/" and "@shared/" expand
# to tests/data/ and ../shared/data/).  Optional <case>.setup holds argument
# lines run first, one command per line ("--" separates words like .args is
# not needed: setup lines are split on spaces).  Compares stdout, stderr and
# the exit status with <case>.out, <case>.err, <case>.rc.
# Optional <case>.env holds VAR=value lines (bytes as they are) exported for
# the setup and the case, after the defaults below.
# PORTREG_UPDATE_GOLDEN=1 rewrites the goldens.  A case whose .args mention
# @shared/ is skipped (77) when the shared data is absent.
set -u
bin=$1 args=$2 data=$3 shared=$4
case_dir=$(dirname "$args") name=$(basename "$args" .args)
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
export PORTREG_DB=$tmp/registry.db TZ=UTC LC_ALL=C.UTF-8 PORTREG_NOW=2026-01-15T12:00:00Z \
       PORTREG_USER=tester COLUMNS=100
unset XDG_DATA_HOME NO_COLOR
if [ -f "$case_dir/$name.env" ]; then
    while IFS= read -r line; do
        [[ -z $line || $line == \#* ]] || export "$line"
    done < "$case_dir/$name.env"
fi

expand() { local a=${1//@data\//$data/}; a=${a//@shared\//$shared/}; a=${a//@tmp\//$tmp/}; printf '%s' "$a"; }

if grep -q '@shared/' "$args" ${case_dir}/$name.setup 2>/dev/null; then
    [ -d "$shared/iana" ] || { echo "skipped: $shared not found"; exit 77; }
fi
if [ -f "$case_dir/$name.setup" ]; then
    while IFS= read -r line; do
        [[ -z $line || $line == \#* ]] && continue
        read -r -a words <<< "$line"
        argv=(); for w in "${words[@]}"; do argv+=("$(expand "$w")"); done
        "$bin" "${argv[@]}" >/dev/null 2>"$tmp/setup.err" || { echo "setup failed: $line"; cat "$tmp/setup.err"; exit 1; }
    done < "$case_dir/$name.setup"
fi
argv=()
while IFS= read -r line; do
    [[ $line == \#* ]] && continue
    argv+=("$(expand "$line")")
done < "$args"
( cd "$tmp" && "$bin" "${argv[@]}" ) >"$tmp/out" 2>"$tmp/err"
echo $? >"$tmp/rc"
# Paths in output are made stable.
for f in out err; do
    sed -i -e "s#$tmp/#@tmp/#g" -e "s#$data/#@data/#g" -e "s#$shared/#@shared/#g" "$tmp/$f"
done
if [ "${PORTREG_UPDATE_GOLDEN:-}" = 1 ]; then
    cp "$tmp/out" "$case_dir/$name.out"; cp "$tmp/err" "$case_dir/$name.err"; cp "$tmp/rc" "$case_dir/$name.rc"
    exit 0
fi
status=0
for f in out err rc; do
    if ! diff -u "$case_dir/$name.$f" "$tmp/$f"; then
        echo "cli.$name: $f differs from $name.$f"; status=1
    fi
done
exit $status
